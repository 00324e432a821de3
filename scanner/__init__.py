"""Scanner layer (Qt-free except ``scanner.ui``; may import ``shared`` only): the gate's pipeline.

Frame sources (``scanner.sources``: camera, video file, image folder, the virtual stand-in camera and
keyboard-wedge scanners behind one :class:`~scanner.sources.FrameSource` interface), QR decoding
(``scanner.decode``), debouncing (``scanner.debounce``), the gate controller and relay adapters
(``scanner.gate``), LAN peers (``scanner.peers``) and the gate window (``scanner.ui``).

Public API of the front half::

    from scanner.sources import open_source, Frame, ScannedText
    from scanner.decode import Decoder
    from scanner.debounce import Debouncer

    decoder, debounce = Decoder(), Debouncer(gap_s=1.5)
    with open_source("cam:0?width=1280&height=720&fps=30") as source:
        for item in source:
            texts = [d.text for d in decoder.decode(item.image)] if isinstance(item, Frame) else [item.text]
            for untrusted_text in debounce.feed(texts):
                ...  # redeem

Submodules are not imported here, so importing one part does not pull in OpenCV, zxing or the database.
"""
