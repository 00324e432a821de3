"""Core layer (Qt-free): city reporting. NGSI-LD entity builders (:mod:`shared.city.ngsi`), the outbox-
backed feed to a context broker (:mod:`shared.city.feed`) and the monthly tourism report for Circular
18/2021/TT-BVHTTDL (:mod:`shared.city.monthly`). No personal data leaves through here: only counts."""
