"""Small placeholder photos for the demo, drawn without an imaging library."""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 96, 72


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def placeholder_png(colour: tuple[int, int, int], stripe: tuple[int, int, int]) -> bytes:
    """A PNG of ``colour`` with a horizon band of ``stripe``: a stand-in for a site photo."""
    rows = []
    for y in range(HEIGHT):
        pixel = stripe if HEIGHT * 0.55 < y < HEIGHT * 0.7 else colour
        shade = bytes(max(0, c - y // 3) for c in pixel)
        rows.append(b"\x00" + shade * WIDTH)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
