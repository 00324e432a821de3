"""Installer (build time, no Citadel imports): write a fully transparent Xcursor theme.

The kiosk session puts only this theme on XCURSOR_PATH, so the cage compositor and the Qt kiosk draw an
invisible pointer: the cursor is hidden without patching cage or the kiosk. Called by debian/rules as
``python3 installer/kiosk-session/make_invisible_cursor.py DEST`` (DEST = .../usr/share/citadel/cursors);
writes DEST/citadel-invisible/{index.theme,cursors/*} and DEST/default -> citadel-invisible.

Xcursor file format (libXcursor): a header, a table of contents, then image chunks of 32-bit ARGB pixels.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

THEME = "citadel-invisible"
XCURSOR_MAGIC = b"Xcur"
FILE_HEADER_LEN = 16
FILE_VERSION = 0x0001_0000
IMAGE_TYPE = 0xFFFD_0002
IMAGE_HEADER_LEN = 36
IMAGE_VERSION = 1
TOC_ENTRY_LEN = 12

# Every cursor name compositors (wlroots: left_ptr) and Qt's Wayland backend ask for, with the CSS and
# legacy X11 aliases, so no name falls through to a visible fallback.
CURSOR_NAMES = (
    "left_ptr default arrow top_left_arrow pointer hand1 hand2 pointing_hand text xterm ibeam "
    "vertical-text wait watch progress left_ptr_watch half-busy crosshair cross tcross not-allowed "
    "forbidden no-drop crossed_circle grab grabbing openhand closedhand dnd-none dnd-move dnd-copy "
    "dnd-link move fleur all-scroll size_all copy alias link help question_arrow whats_this "
    "context-menu cell zoom-in zoom-out col-resize row-resize split_h split_v sb_h_double_arrow "
    "sb_v_double_arrow size_hor size_ver size_bdiag size_fdiag ew-resize ns-resize nesw-resize "
    "nwse-resize n-resize s-resize e-resize w-resize ne-resize nw-resize se-resize sw-resize "
    "top_side bottom_side left_side right_side top_left_corner top_right_corner bottom_left_corner "
    "bottom_right_corner h_double_arrow v_double_arrow up_arrow right_ptr center_ptr draft"
).split()

SIZES = (16, 24, 32, 48, 64)


def invisible_cursor(sizes: tuple[int, ...] = SIZES) -> bytes:
    """One Xcursor file with a fully transparent square image per nominal size."""
    toc_len = TOC_ENTRY_LEN * len(sizes)
    position = FILE_HEADER_LEN + toc_len
    toc = b""
    chunks = b""
    for size in sizes:
        toc += struct.pack("<III", IMAGE_TYPE, size, position)
        # header, type, subtype (nominal size), version, width, height, xhot, yhot, delay; then pixels
        chunk = struct.pack(
            "<IIIIIIIII", IMAGE_HEADER_LEN, IMAGE_TYPE, size, IMAGE_VERSION, size, size, 0, 0, 0
        )
        chunk += b"\x00\x00\x00\x00" * (size * size)  # ARGB 0: fully transparent
        chunks += chunk
        position += len(chunk)
    header = XCURSOR_MAGIC + struct.pack("<III", FILE_HEADER_LEN, FILE_VERSION, len(sizes))
    return header + toc + chunks


def write_theme(dest: Path) -> list[Path]:
    """Write the theme under ``dest``; returns the cursor paths written (files and symlinks)."""
    theme_dir = dest / THEME
    cursors = theme_dir / "cursors"
    cursors.mkdir(parents=True, exist_ok=True)
    (theme_dir / "index.theme").write_text(
        f"[Icon Theme]\nName={THEME}\nComment=Citadel kiosk: every cursor fully transparent\n",
        encoding="utf-8",
    )
    # One real file; every other name is a symlink to it (the X cursor themes' own convention).
    real = cursors / "left_ptr"
    real.write_bytes(invisible_cursor())
    written = [real]
    for name in dict.fromkeys(CURSOR_NAMES):
        path = cursors / name
        if path == real:
            continue
        if path.is_symlink() or path.exists():
            path.unlink()
        path.symlink_to("left_ptr")
        written.append(path)
    default = dest / "default"
    if default.is_symlink() or default.exists():
        default.unlink()
    default.symlink_to(THEME)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: make_invisible_cursor.py DEST", file=sys.stderr)
        return 2
    written = write_theme(Path(argv[1]))
    print(f"make_invisible_cursor: {len(written)} cursors in {Path(argv[1]) / THEME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
