"""The plan's bar chart (``prioritisation.chart``'s geometry) as a PNG, for the Word
document, which cannot show the SVG of the page and the PDF. Drawn with Pillow at twice
the SVG's size, with the colours of the PDF's chart; the text in DejaVu Sans (the
system's, as the PDF's), or Pillow's own font where that is not installed."""

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SCALE = 2
ESTABLISHMENT, RUNNING, OVER, INK, GRID = "#1d4f91", "#5b8fc7", "#b00020", "#222222", "#c8c8c8"


@cache
def _font(size: int, *, bold: bool = False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size * SCALE)
    except OSError:
        return ImageFont.load_default(size * SCALE)


def _text(draw, x, y, text, *, anchor="ms", size=11, bold=False, fill=INK):
    """SVG's text at (x, y) on the baseline: "ms" centred, "rs" right-aligned."""
    draw.text((x * SCALE, y * SCALE), text, font=_font(size, bold=bold), fill=fill, anchor=anchor)


def chart_png(chart) -> bytes:
    image = Image.new("RGB", (chart.width * SCALE, chart.height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    for tick in chart.ticks:
        draw.line(
            [(chart.left * SCALE, tick.y * SCALE), (chart.right * SCALE, tick.y * SCALE)],
            fill=GRID,
            width=SCALE,
        )
        _text(draw, chart.tick_label_x, tick.label_y, tick.label, anchor="rs")
    for bar in chart.bars:
        outline = OVER if bar.over else None
        for y, height, colour in (
            (bar.establishment_y, bar.establishment_height, ESTABLISHMENT),
            (bar.running_y, bar.running_height, RUNNING),
        ):
            if height > 0:
                draw.rectangle(
                    [bar.x * SCALE, y * SCALE, (bar.x + bar.width) * SCALE, (y + height) * SCALE],
                    fill=colour,
                    outline=outline,
                    width=2 * SCALE if outline else 0,
                )
        if bar.ceiling_y is not None:
            y = bar.ceiling_y * SCALE
            x = bar.ceiling_x1 * SCALE
            while x < bar.ceiling_x2 * SCALE:  # dashed, 6 on and 3 off, as in the PDF
                end = min(x + 6 * SCALE, bar.ceiling_x2 * SCALE)
                draw.line([(x, y), (end, y)], fill=INK, width=3 * SCALE)
                x += 9 * SCALE
        for note in bar.notes:
            _text(
                draw,
                bar.centre,
                note.y,
                note.text,
                size=10,
                bold=note.is_over,
                fill=OVER if note.is_over else INK,
            )
        _text(draw, bar.centre, bar.label_y, bar.label, bold=True)
        _text(draw, bar.centre, chart.year_label_y, str(bar.year))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
