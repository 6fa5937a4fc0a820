"""The plan page's bar chart, cost per year against the ceiling, as numbers for an SVG.

All geometry is computed here, in whole SVG units, so the template only writes the
numbers out (and whole numbers cannot be written "12,5" by Danish number formatting).
No JavaScript: the chart is plain inline SVG, with a text description for screen
readers and the page's table of the same figures.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from catalogue.money import format_kroner, format_millions

from .budget import PlanBudget

WIDTH = 640
HEIGHT = 280
LEFT = 96  # room for the tick labels
RIGHT = 16
TOP = 56  # room for the value, "mindst" and "over loftet" above the tallest bar
BOTTOM = 36  # room for the years
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
BASELINE = TOP + PLOT_HEIGHT


@dataclass(frozen=True)
class Note:
    """A short line above a bar's value: "mindst" or "over loftet"."""

    y: int
    text: str
    is_over: bool


@dataclass(frozen=True)
class Bar:
    year: int
    x: int
    width: int
    centre: int
    establishment_y: int
    establishment_height: int
    running_y: int
    running_height: int
    label_y: int
    label: str  # the total, e.g. "3,3 mio. kr."
    notes: tuple[Note, ...]
    ceiling_y: int | None
    ceiling_x1: int
    ceiling_x2: int
    over: bool


@dataclass(frozen=True)
class Tick:
    y: int
    label_y: int
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right: int
    tick_label_x: int
    baseline: int
    year_label_y: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    has_ceiling: bool
    description: str


def _nice_step(largest: int) -> int:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ kr.) giving about four gridlines."""
    rough = Decimal(max(largest, 4)) / 4
    magnitude = Decimal(10) ** (len(str(int(rough))) - 1)
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if magnitude * factor >= rough:
            return int(magnitude * factor)
    return int(magnitude * 10)  # pragma: no cover - the loop always returns


def _y(amount: int, top: int) -> int:
    return BASELINE - round(PLOT_HEIGHT * amount / top)


def bar_chart(budget: PlanBudget, *, earmark: bool = False) -> BarChart:
    """The bars of ``budget.totals`` (only they are read) against their limits: the
    ceiling, or with ``earmark`` a pejlemærke's earmarks (meeting mode), and then the
    words say so."""
    years = budget.totals.years
    largest = max([y.total for y in years] + [y.limit or 0 for y in years] + [1])
    step = _nice_step(largest)
    top = step * -(-largest // step)  # the largest amount, rounded up to a step

    slot = PLOT_WIDTH // max(len(years), 1)
    bar_width = max(8, slot // 2)
    bars, described = [], []
    for index, year in enumerate(years):
        x = LEFT + index * slot + (slot - bar_width) // 2
        establishment_y = _y(year.establishment, top)
        total_y = _y(year.total, top)
        ceiling_y = None if year.limit is None else _y(year.limit, top)
        # Above the bar, and above the ceiling line where that is higher.
        label_y = min(total_y, BASELINE if ceiling_y is None else ceiling_y) - 8
        # On lines of their own: a slot is too narrow for "mindst 4,65 mio. kr.".
        notes = []
        if year.is_partial:
            notes.append(Note(y=label_y - 15 * (len(notes) + 1), text=_("mindst"), is_over=False))
        if year.over:
            notes.append(
                Note(
                    y=label_y - 15 * (len(notes) + 1),
                    text=_("over øremærkningen") if earmark else _("over loftet"),
                    is_over=True,
                )
            )
        bars.append(
            Bar(
                year=year.year,
                x=x,
                width=bar_width,
                centre=x + bar_width // 2,
                establishment_y=establishment_y,
                establishment_height=BASELINE - establishment_y,
                running_y=total_y,
                running_height=establishment_y - total_y,
                label_y=label_y,
                label=format_millions(year.total),
                notes=tuple(notes),
                ceiling_y=ceiling_y,
                ceiling_x1=x - slot // 8,
                ceiling_x2=x + bar_width + slot // 8,
                over=year.over,
            )
        )
        described.append(_describe(year, earmark=earmark))

    ticks = tuple(
        Tick(y=_y(amount, top), label_y=_y(amount, top) + 4, label=format_millions(amount))
        for amount in range(0, top + 1, step)
    )
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        tick_label_x=LEFT - 6,
        baseline=BASELINE,
        year_label_y=BASELINE + 22,
        bars=tuple(bars),
        ticks=ticks,
        has_ceiling=budget.totals.has_limit,
        description=" ".join(described),
    )


def _describe(year, *, earmark: bool = False) -> str:
    text = _("%(year)s: %(total)s") % {"year": year.year, "total": format_kroner(year.total)}
    if year.is_partial:
        text = _("%(year)s: mindst %(total)s") % {
            "year": year.year,
            "total": format_kroner(year.total),
        }
    if year.limit is not None:
        words = {"amount": format_kroner(year.over_by), "limit": format_kroner(year.limit)}
        if year.over and earmark:
            text += _(", %(amount)s over øremærkningen på %(limit)s") % words
        elif year.over:
            text += _(", %(amount)s over loftet på %(limit)s") % words
        elif earmark:
            text += _(", øremærket %(limit)s") % words
        else:
            text += _(", loft %(limit)s") % words
    return text + "."
