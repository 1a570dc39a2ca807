"""Bar charts drawn without a plotting library: SVG for HTML and PDF, PNG (a tiny pure-Python writer) for Word."""

from __future__ import annotations

import struct
import zlib
from html import escape

WOMEN = (0x7A, 0x1F, 0x5C)  # the brand colour
MEN = (0x0B, 0x6E, 0x79)  # the accent colour


def svg_bar_chart(rows: list[tuple[str, int, int]], *, title: str, women_label: str, men_label: str) -> str:
    """Horizontal stacked bars (women, men) per row, with labels and values; attributes only, no style=."""
    label_w, bar_w, row_h, top = 170, 330, 26, 34
    biggest = max([w + m for _l, w, m in rows] or [1]) or 1
    height = top + row_h * len(rows) + 10
    width = label_w + bar_w + 60
    parts = [
        f'<svg role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{label_w}" y="6" width="12" height="12" fill="#{bytes(WOMEN).hex()}"/>',
        f'<text x="{label_w + 16}" y="16">{escape(women_label)}</text>',
        f'<rect x="{label_w + 120}" y="6" width="12" height="12" fill="#{bytes(MEN).hex()}"/>',
        f'<text x="{label_w + 136}" y="16">{escape(men_label)}</text>',
    ]
    for i, (label, women, men) in enumerate(rows):
        y = top + i * row_h
        w_px = round(bar_w * women / biggest)
        m_px = round(bar_w * men / biggest)
        parts.append(f'<text x="0" y="{y + 15}">{escape(label[:28])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w_px}" height="16" fill="#{bytes(WOMEN).hex()}"/>')
        parts.append(f'<rect x="{label_w + w_px}" y="{y + 3}" width="{m_px}" height="16" fill="#{bytes(MEN).hex()}"/>')
        parts.append(f'<text x="{label_w + w_px + m_px + 6}" y="{y + 15}">{women + men}</text>')
    parts.append("</svg>")
    return "".join(parts)


def png(width: int, height: int, pixels: list[bytearray]) -> bytes:
    """Encode RGB rows (each `width * 3` bytes) as a PNG file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def png_bar_chart(rows: list[tuple[str, int, int]], *, width: int = 600, row_h: int = 28) -> bytes:
    """The same stacked bars as a PNG without text (the Word report puts the figures in a table beside it)."""
    pad = 8
    height = pad * 2 + row_h * max(len(rows), 1)
    biggest = max([w + m for _l, w, m in rows] or [1]) or 1
    white = bytes((255, 255, 255))
    pixels = [bytearray(white * width) for _ in range(height)]
    usable = width - 2 * pad
    for i, (_label, women, men) in enumerate(rows):
        w_px = round(usable * women / biggest)
        m_px = round(usable * men / biggest)
        y0 = pad + i * row_h + 4
        for y in range(y0, y0 + row_h - 8):
            row = pixels[y]
            for x in range(pad, pad + w_px):
                row[x * 3 : x * 3 + 3] = bytes(WOMEN)
            for x in range(pad + w_px, pad + w_px + m_px):
                row[x * 3 : x * 3 + 3] = bytes(MEN)
    return png(width, height, pixels)
