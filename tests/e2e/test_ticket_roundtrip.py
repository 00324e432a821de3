"""Issue → print on the virtual printer → render back to PNG → decode with the gate's decoder → redeem.

In each of the six languages: the ticket's PNG exists (and is kept under tests/artifacts/e2e to look at),
its QR decodes to the issued token, the redemption service admits it once and refuses it the second time.
"""

from __future__ import annotations

import cv2
import pytest

from printer import WIDTH_58MM, WIDTH_80MM, open_printer, render_ticket
from printer.tickets import order_views
from scanner.decode import Decoder
from shared import db, redemption, sales
from shared.i18n import LANGUAGES
from shared.models import new_uuid7, utcnow

ARTIFACTS = __import__("pathlib").Path(__file__).parents[1] / "artifacts" / "e2e"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printed_ticket_decodes_and_is_admitted_once(sqlite_engine, tmp_path, lang) -> None:
    from shared import keys
    from shared.catalogue import demo_catalogue_path, load_catalogue

    store = keys.FileKeyStore(tmp_path / "keys")
    with db.session_scope(sqlite_engine) as s:
        load_catalogue(s, demo_catalogue_path())
        key = keys.create_key(s, store, "kiosk-1", approve=True)
        signer = sales.Signer(key.key_id, store.load(key.key_id))
        order = sales.create_order(s, [sales.CartLine("combo-3", "adult", 1)], language=lang, country="KR")
        sales.reserve(s, order.id)
        sales.start_payment(s, order.id, "demo")
        sales.mark_paid(s, order.id, "ref")
        [ticket] = sales.issue_tickets(s, order.id, signer)
        token = ticket.token
    with db.session_scope(sqlite_engine) as s:
        [(ticket_id, view)] = order_views(s, order.id)
        ring = keys.load_keyring(s)
        sites = redemption.load_sites(s)
    assert view.language == lang and view.title_vi.startswith("Vé 3 điểm")
    width = WIDTH_58MM if lang == "ja" else WIDTH_80MM
    out = ARTIFACTS / lang
    with open_printer(f"virtual://{out}?width={width}") as printer:
        before = set(out.glob("*.png")) if out.exists() else set()
        result = printer.print_job(render_ticket(view, printer.profile, width_dots=width))
    assert result.ok, result.code
    [png] = set(out.glob("*.png")) - before
    image = cv2.imread(str(png))
    decoded = Decoder().decode(image)
    assert [d.text for d in decoded] == [token]
    for site in ("imperial-city", "minh-mang", "khai-dinh"):
        with db.session_scope(sqlite_engine) as s:
            first = redemption.redeem(
                s, ring, decoded[0].text, sites[site], "g1", "in", utcnow(), new_uuid7()
            )
            second = redemption.redeem(
                s, ring, decoded[0].text, sites[site], "g2", "in", utcnow(), new_uuid7()
            )
        assert (first.code, second.code) == ("admitted", "already_used")
    with db.session_scope(sqlite_engine) as s:
        sales.mark_printed(s, order.id, [ticket_id])
        assert sales.get_order(s, order.id).state == "printed"
