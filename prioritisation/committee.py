"""Udvalgets billede: where the plans shared with the committee agree (issue 20).

Pure functions over ``budget.plan_budget``'s results: nothing here touches the database
or HTTP, and nothing adds money up on its own: every amount is an ``ItemBudget``'s total
or a ``YearTotal``'s, as the plan pages show them. The view loads the plans with
``views.plan_list.plans_with_budgets`` (three queries for any number of plans) and the
catalogue's initiatives (one more), and hands them here.

The rules:

- Only plans shared with the committee count (the loader's query says so); a private
  plan, even the reader's own, never counts and never shows.
- An initiative's scale in a plan is ``budget.scale_ratio``: the exact factor on the
  catalogue's amounts (1: as in the catalogue; 3/4: 75 %; 3: three units of a per-unit
  amount). A scale that cannot be known is left out of the least, median and most, and
  counted apart.
- An initiative's amount in a plan is its cost over that plan's years
  (``ItemBudget.total``), where every year is known; an item with an unknown year, or
  conditional (pay-for-success) money, is left out of the least, median and most and
  counted apart: unknown is never 0.
- The median is exact: the middle value, or the mean of the two middle values as a
  ``Fraction`` (so a median amount may be half a krone; the page rounds it for display
  and says "ca.").
- Groups: held by every plan ("alle"), by more than half but not all ("flertal"), by at
  least one but at most half ("få"), by none ("ingen").
- Per pejlemærke and year: each plan whose period holds the year spends its total for
  the pejlemærke that year (0 where it has nothing there); a total that leaves out an
  unknown cost is a minimum, and the row counts the plans whose total is one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Initiative

from .budget import PlanBudget, round_half_up
from .models import PlanItem

Kind = Initiative.FinancingKind

ALL, MOST, FEW, NONE = "alle", "flertal", "faa", "ingen"
GROUPS = {
    ALL: gettext_lazy("Alle handleplaner"),
    MOST: gettext_lazy("Flertallet"),
    FEW: gettext_lazy("Få handleplaner"),
    NONE: gettext_lazy("Ingen handleplaner"),
}


def median(values: Sequence) -> Fraction | None:
    """The exact median of ``values`` (ints or Fractions); None for none."""
    ordered = sorted(values)  # ints and Fractions compare exactly; convert only the middle
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return (Fraction(ordered[middle - 1]) + ordered[middle]) / 2


def majority(plan_count: int) -> int:
    """The least number of plans that is more than half of ``plan_count`` (at least 1)."""
    return plan_count // 2 + 1


def group_of(count: int, plan_count: int) -> str:
    if count == 0 or plan_count == 0:
        return NONE
    if count == plan_count:
        return ALL
    if 2 * count > plan_count:
        return MOST
    return FEW


@dataclass(frozen=True)
class Spread:
    """Least, median and most of some exact values; ``count`` of them."""

    least: Fraction | None
    median: Fraction | None
    most: Fraction | None
    count: int

    @classmethod
    def of(cls, values) -> "Spread":
        values = list(values)
        if not values:
            return cls(least=None, median=None, most=None, count=0)
        return cls(
            least=Fraction(min(values)),
            median=median(values),
            most=Fraction(max(values)),
            count=len(values),
        )


@dataclass(frozen=True)
class InitiativePicture:
    """One initiative across the plans."""

    initiative: Initiative
    count: int  # plans holding it
    plan_count: int  # plans in the picture
    group: str  # ALL, MOST, FEW or NONE
    scale: Spread  # of the scale ratios that are known
    unknown_scale: int  # plans holding it at a scale that cannot be known
    amount: Spread  # of the item totals over each plan's period that are fully known
    unknown_amount: int  # plans holding it whose cost is unknown in some year
    conditional: int  # plans holding it as pay-for-success money (never a cost)
    items: tuple  # the PlanItems, one per holding plan, in the plans' order

    @property
    def order(self) -> tuple:
        area = self.initiative.focus_area
        return (area.goal.number, area.number, self.initiative.position, self.initiative.pk)

    @property
    def group_label(self) -> str:
        return GROUPS[self.group]


@dataclass(frozen=True)
class SpendingCell:
    year: int
    spread: Spread  # of the plans' totals in the year; count: plans whose period holds it
    partial: int  # plans whose total leaves out an unknown cost (a minimum)


@dataclass(frozen=True)
class SpendingRow:
    goal: object  # a Goal; None: the whole plan
    cells: tuple[SpendingCell, ...]


@dataclass(frozen=True)
class Picture:
    plans: tuple  # the plans, in the order given
    budgets: tuple[PlanBudget, ...]
    years: tuple[int, ...]
    initiatives: tuple[InitiativePicture, ...]  # in catalogue order
    spending: tuple[SpendingRow, ...]  # the whole plan first, then each pejlemærke

    @property
    def plan_count(self) -> int:
        return len(self.plans)

    def group_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(GROUPS, 0)
        for row in self.initiatives:
            counts[row.group] += 1
        return counts


def initiative_picture(initiative, entries: Sequence, plan_count: int) -> InitiativePicture:
    """``entries``: the initiative's ``ItemBudget`` in each plan that holds it."""
    ratios = [entry.ratio for entry in entries if entry.ratio is not None]
    known = [
        entry.total
        for entry in entries
        if not entry.is_conditional and not entry.unknown_years and entry.ratio is not None
    ]
    conditional = sum(1 for entry in entries if entry.is_conditional)
    return InitiativePicture(
        initiative=initiative,
        count=len(entries),
        plan_count=plan_count,
        group=group_of(len(entries), plan_count),
        scale=Spread.of(ratios),
        unknown_scale=len(entries) - len(ratios),
        amount=Spread.of(known),
        unknown_amount=len(entries) - len(known) - conditional,
        conditional=conditional,
        items=tuple(entry.item for entry in entries),
    )


def committee_picture(*, rows: Sequence[tuple], initiatives: Sequence) -> Picture:
    """The picture of ``rows`` ([(plan, its PlanBudget)], as ``plans_with_budgets``
    gives them) over ``initiatives`` (the catalogue's, joined to focus area and goal)."""
    plans = tuple(plan for plan, _budget in rows)
    budgets = tuple(budget for _plan, budget in rows)
    entries: dict[int, list] = {}
    for budget in budgets:
        for entry in budget.items:
            entries.setdefault(entry.item.initiative_id, []).append(entry)
    known = {initiative.pk: initiative for initiative in initiatives}
    # An initiative a plan holds is in its catalogue; keep it even if not in the list.
    for initiative_id, holding in entries.items():
        known.setdefault(initiative_id, holding[0].initiative)
    pictures = sorted(
        (
            initiative_picture(initiative, entries.get(pk, ()), len(plans))
            for pk, initiative in known.items()
        ),
        key=lambda row: row.order,
    )
    years = tuple(sorted({year for budget in budgets for year in budget.years}))
    goals = {}
    for picture in pictures:
        goal = picture.initiative.focus_area.goal
        goals.setdefault(goal.pk, goal)
    for budget in budgets:
        for goal_budget in budget.goals:
            goals.setdefault(goal_budget.goal.pk, goal_budget.goal)
    spending = [spending_row(None, budgets, years)]
    spending += [
        spending_row(goal, budgets, years)
        for goal in sorted(goals.values(), key=lambda goal: goal.number)
    ]
    return Picture(
        plans=plans,
        budgets=budgets,
        years=years,
        initiatives=tuple(pictures),
        spending=tuple(spending),
    )


def _year_totals(budget: PlanBudget, goal) -> dict:
    """{year: YearTotal} of the plan, or of its part for ``goal`` (empty: nothing)."""
    if goal is None:
        totals = budget.totals
    else:
        totals = next((g.totals for g in budget.goals if g.goal.pk == goal.pk), None)
        if totals is None:
            return {}
    return {total.year: total for total in totals.years}


def spending_row(goal, budgets: Sequence[PlanBudget], years: Sequence[int]) -> SpendingRow:
    per_plan = [_year_totals(budget, goal) for budget in budgets]
    cells = []
    for year in years:
        values, partial = [], 0
        for budget, totals in zip(budgets, per_plan, strict=True):
            if year not in budget.years:
                continue
            total = totals.get(year)
            values.append(0 if total is None else total.total)
            partial += total is not None and total.is_partial
        cells.append(SpendingCell(year=year, spread=Spread.of(values), partial=partial))
    return SpendingRow(goal=goal, cells=tuple(cells))


# --- Sorting and filtering the table -------------------------------------------------

SORTS = {
    "indsats": lambda row: row.order,
    "antal": lambda row: (row.count, row.order),
    "omfang": lambda row: (row.scale.median is None, row.scale.median or 0, row.order),
    "beloeb": lambda row: (row.amount.median is None, row.amount.median or 0, row.order),
}


def sorted_rows(rows: Sequence[InitiativePicture], sort: str) -> list[InitiativePicture]:
    """``sort``: a key of SORTS, "-" in front for descending; unknown ones last either
    way. An unknown key: catalogue order."""
    name = sort.removeprefix("-")
    if name not in SORTS:
        return list(rows)
    descending = sort.startswith("-")
    key = SORTS[name]
    if not descending:
        return sorted(rows, key=key)
    known = [row for row in rows if not (name in ("omfang", "beloeb") and key(row)[0])]
    unknown = [row for row in rows if row not in known]
    return sorted(known, key=key, reverse=True) + unknown


def filtered_rows(rows, *, goal: int | None = None, group: str | None = None) -> list:
    return [
        row
        for row in rows
        if (goal is None or row.initiative.focus_area.goal.number == goal)
        and (group is None or row.group == group)
    ]


# --- Words ---------------------------------------------------------------------------


def scale_in_words(ratio: Fraction | None, initiative) -> str:
    """A scale ratio as the page writes it: "3 boligområder" for a per-unit amount,
    else a share of the catalogue's, "75 %"; "" where it is not known."""
    from .scaling import percent_text, units_in_words

    if ratio is None:
        return ""
    if initiative.financing_kind == Kind.PER_UNIT:
        return units_in_words(ratio, initiative.unit_name)
    return percent_text(ratio * 100)


def amount_in_words(amount: Fraction | None) -> str:
    """Whole kroner as "4.400.000 kr."; half a krone (a median of two) as
    "ca. 4.400.001 kr."; "" for none."""
    from catalogue.money import format_kroner

    if amount is None:
        return ""
    text = format_kroner(round_half_up(amount))
    if amount.denominator != 1:
        return _("ca. %(value)s") % {"value": text}
    return text


# --- The consensus draft -------------------------------------------------------------


def _low_median(values: Sequence[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def consensus_items(
    picture: Picture, *, minimum: int, first_year: int, last_year: int
) -> list[tuple[int, dict]]:
    """[(initiative id, item fields)] for a draft of the initiatives held by at least
    ``minimum`` of the picture's plans, each at its median scale, in catalogue order.

    The scale: the catalogue's own where the median ratio is 1; units (rounded half up,
    at least 1) for a per-unit amount; else a share in per cent with two decimals
    (rounded half up). An initiative whose scale is known in none of its plans gets the
    catalogue's. Udvalgets eget beløb, first and later years each: the median of the
    plans that gave one, in whole kroner (rounded half up). The years: the lower median
    of the plans' start and end years, inside ``first_year``–``last_year`` (the frame's
    period).
    """
    from decimal import ROUND_HALF_UP, Decimal

    chosen = []
    for row in picture.initiatives:
        if row.count < minimum or row.count == 0:
            continue
        ratio = row.scale.median
        fields: dict = {}
        if ratio is not None and ratio != 1:
            if row.initiative.financing_kind == Kind.PER_UNIT:
                fields = {"scale_by": PlanItem.Scale.UNITS, "units": max(1, round_half_up(ratio))}
            else:
                share = (Decimal(ratio.numerator) * 100 / Decimal(ratio.denominator)).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
                if share > 0:
                    fields = {"scale_by": PlanItem.Scale.SHARE, "scale_share": share}
        for field in ("own_first_year_amount", "own_later_year_amount"):
            own = [getattr(item, field) for item in row.items if getattr(item, field) is not None]
            if own:
                fields[field] = round_half_up(median(own))
        start = min(max(_low_median([i.start_year for i in row.items]), first_year), last_year)
        end = min(max(_low_median([i.end_year for i in row.items]), start), last_year)
        chosen.append((row.initiative.pk, {"start_year": start, "end_year": end, **fields}))
    return chosen
