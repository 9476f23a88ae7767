"""Draws the web app's PNG icons (the favicon's flag) without any image library.

python scripts/make_pwa_icons.py   # writes zhengxian/core/static/core/pwa/icon-*.png
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "zhengxian" / "core" / "static" / "core" / "pwa"
RED, WHITE, YELLOW = (0xB7, 0x1C, 0x1C), (0xFF, 0xFF, 0xFF), (0xFF, 0xD5, 0x4F)
SAMPLES = 3  # per axis, for smooth edges


def _in_rounded_square(x: float, y: float, radius: float) -> bool:
    cx = min(max(x, radius), 32 - radius)
    cy = min(max(y, radius), 32 - radius)
    return 0 <= x <= 32 and 0 <= y <= 32 and (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def _colour(x: float, y: float, *, maskable: bool) -> tuple[int, int, int] | None:
    """The favicon (a 32-unit square) at (x, y); a maskable icon fills the square and keeps
    the flag inside the safe middle."""
    if maskable:
        x, y = 16 + (x - 16) / 0.7, 16 + (y - 16) / 0.7
    elif not _in_rounded_square(x, y, 6):
        return None
    if 8.75 <= x <= 11.25 and 6 <= y <= 27:
        return WHITE
    if 11 <= x <= 24 and 7 <= y <= 15:
        notch = 24 - 3 * (1 - abs(y - 11) / 4)
        if x <= notch:
            return YELLOW
    return RED


def _pixel(px: int, py: int, size: int, *, maskable: bool) -> bytes:
    total = [0.0, 0.0, 0.0, 0.0]
    for sx in range(SAMPLES):
        for sy in range(SAMPLES):
            x = (px + (sx + 0.5) / SAMPLES) * 32 / size
            y = (py + (sy + 0.5) / SAMPLES) * 32 / size
            colour = _colour(x, y, maskable=maskable)
            if colour is not None:
                total[0] += colour[0]
                total[1] += colour[1]
                total[2] += colour[2]
                total[3] += 255
    n = SAMPLES * SAMPLES
    alpha = total[3] / n
    if alpha == 0:
        return bytes(4)
    scale = 255 / total[3]
    return bytes([round(total[0] * scale), round(total[1] * scale), round(total[2] * scale)]) + (
        bytes([round(alpha)])
    )


def _png(size: int, *, maskable: bool) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(_pixel(px, py, size, maskable=maskable) for px in range(size))
        for py in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-512-maskable.png", 512, True),
    ):
        (OUT / name).write_bytes(_png(size, maskable=maskable))
        print(OUT / name)


if __name__ == "__main__":
    main()
