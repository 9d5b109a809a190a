"""Draw the app icons (a white heart on the brand blue) as PNG, with the standard library only.

    python web/static/icons/make_icons.py      # rewrites icon-192.png and icon-512.png beside this file
"""
import os
import struct
import zlib

BLUE = (0x00, 0x44, 0x7A)
WHITE = (0xFF, 0xFF, 0xFF)


def _inside_heart(x: float, y: float) -> bool:
    # The heart curve (x^2 + y^2 - 1)^3 - x^2 y^3 <= 0, on roughly [-1.3, 1.3]^2.
    return (x * x + y * y - 1) ** 3 - x * x * y ** 3 <= 0


def pixels(size: int) -> bytes:
    rows = []
    for j in range(size):
        row = bytearray([0])  # filter: none
        for i in range(size):
            # The heart fills the middle 60% (inside the maskable safe zone).
            x = (i + 0.5 - size / 2) / (size * 0.3) * 1.3
            y = -(j + 0.5 - size / 2) / (size * 0.3) * 1.3 + 0.15
            row += bytes(WHITE if _inside_heart(x, y) else BLUE)
        rows.append(bytes(row))
    return b"".join(rows)


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels(size), 9))
            + chunk(b"IEND", b""))


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for size in (192, 512):
        with open(os.path.join(here, f"icon-{size}.png"), "wb") as f:
            f.write(png(size))
