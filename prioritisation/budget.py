"""A plan's budget: exact arithmetic in whole kroner, for pages, lists and tests.

Nothing here touches the database or HTTP: every function reads only the instances it
is given. The caller loads them with one query each:

- items with ``select_related("initiative__focus_area__goal")`` (the goal and focus
  area are read for the totals by pejlemærke and fokusområde),
- allocations with ``select_related("goal")``.

The rules, from the catalogue's own wording:

- The figures are the item's agreed copy of the catalogue's (``PlanItem.agreed_*``),
  not the catalogue's own: they change only when the member accepts new figures,
  and never once the plan is adopted. The item's initiative gives the structure
  (pejlemærke, fokusområde, star).
- An item costs the initiative's first-year amount in its start year and the
  later-year amount in each year after it, through its end year. A one-off costs its
  amount in the start year only.
- Scale: a quantity scales the cost in proportion to the catalogue's quantity (100 of
  200 unge costs half); a per-unit initiative costs its amount times the units; the
  larger variant replaces the yearly amount (the catalogue states it per year and for
  no particular quantity, so a quantity is not applied on top of it).
- Scaled amounts are Decimal and rounded to whole kroner (half up) per item per year,
  before they are added up, so a total is always the sum of the amounts on the page.
- Unknown is never 0. An initiative with no amount, and the later years of one whose
  later-year amount is not stated, are left out of the sums, and every sum that leaves
  something out counts what it left out (``unknown_count``).
- Pay-for-success money is conditional: listed apart with its amount, never in a sum.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from catalogue.models import FocusArea, Goal, Initiative

Kind = Initiative.FinancingKind

_WHOLE_KRONER = Decimal(1)


# --- One item -------------------------------------------------------------------------


def _scale(amount: int, *, numerator: int, denominator: int) -> int:
    """amount × numerator / denominator in whole kroner, rounded half up. No float.

    The quotient is exact to far more places than an amount in kroner can need
    (Decimal's 28 digits), so rounding it once to whole kroner is exact.
    """
    if numerator == denominator:
        return amount
    exact = Decimal(amount) * Decimal(numerator) / Decimal(denominator)
    return int(exact.quantize(_WHOLE_KRONER, rounding=ROUND_HALF_UP))


def _scale_ratio(item) -> tuple[int, int]:
    """(numerator, denominator) that the catalogue's amounts are multiplied by."""
    numerator, denominator = 1, 1
    if item.agreed_financing_kind == Kind.PER_UNIT:
        numerator *= item.units
    if uses_larger_variant(item):
        return numerator, denominator
    if item.quantity is not None and item.agreed_target_quantity:
        numerator *= item.quantity
        denominator *= item.agreed_target_quantity
    return numerator, denominator


def uses_larger_variant(item) -> bool:
    """The larger variant counts only where the initiative has one."""
    return item.use_larger_variant and item.agreed_larger_variant_amount is not None


def item_costs(*, item, years: Iterable[int]) -> dict[int, int | None]:
    """{year: cost} for the item in each of ``years``, in whole kroner.

    0 in a year outside the item's years (and after the start year of a one-off);
    None where the cost is not known: no amount, a later-year amount the catalogue
    does not state, or conditional (pay-for-success) money, which is never a cost.
    """
    numerator, denominator = _scale_ratio(item)
    first, later = item.agreed_first_year_amount, item.agreed_later_year_amount
    if uses_larger_variant(item):
        first = later = item.agreed_larger_variant_amount

    costs: dict[int, int | None] = {}
    for year in years:
        if not item.start_year <= year <= item.end_year:
            costs[year] = 0
            continue
        if year == item.start_year:
            amount = first
        elif item.agreed_financing_kind == Kind.ONE_OFF:
            amount = 0
        else:
            amount = later
        if item.agreed_first_year_amount is None:
            amount = None  # nothing committed: no amount, or pay-for-success only
        costs[year] = (
            None if amount is None else _scale(amount, numerator=numerator, denominator=denominator)
        )
    return costs


def conditional_amount(*, item) -> int | None:
    """The pay-for-success money, scaled like a cost; None for any other item."""
    if item.agreed_financing_kind != Kind.PAY_FOR_SUCCESS:
        return None
    numerator, denominator = _scale_ratio(item)
    return _scale(item.agreed_success_payment_amount, numerator=numerator, denominator=denominator)


def reach(*, item) -> int | None:
    """How many in the target group the item reaches: its quantity, or the catalogue's.

    Per unit, times the units ("35 unge pr. boligområde" × 3). The larger variant is
    counted at the catalogue's quantity: the catalogue does not say how many it reaches.
    None where the catalogue gives no number.
    """
    quantity = item.agreed_target_quantity
    if item.quantity is not None and not uses_larger_variant(item):
        quantity = item.quantity
    if quantity is None:
        return None
    if item.agreed_financing_kind == Kind.PER_UNIT:
        quantity *= item.units
    return quantity


# --- Results --------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCost:
    """One cell of an item's row: its cost in one year of the plan."""

    year: int
    amount: int | None  # None: unknown, or conditional money only
    runs: bool  # False: the item does not run this year
    is_first_year: bool  # the establishment (first-year) cost


@dataclass(frozen=True)
class ItemBudget:
    item: object  # the PlanItem
    costs: tuple[YearCost, ...]
    total: int  # the known costs over the plan's years
    is_conditional: bool
    conditional_amount: int | None
    has_no_amount: bool
    has_unknown_later_cost: bool  # runs after its start year, later cost not stated
    reach: int | None
    uses_larger_variant: bool

    @property
    def initiative(self) -> Initiative:
        return self.item.initiative

    @property
    def unknown_years(self) -> tuple[int, ...]:
        if self.is_conditional:
            return ()
        return tuple(cost.year for cost in self.costs if cost.runs and cost.amount is None)


@dataclass(frozen=True)
class YearTotal:
    """The sum of a set of items in one year, and what it leaves out.

    ``limit`` is the ceiling (for the whole plan) or the earmark (for a pejlemærke);
    None where none is set.
    """

    year: int
    total: int
    establishment: int
    running: int
    unknown_count: int  # items running this year whose cost is not known
    limit: int | None = None

    @property
    def is_partial(self) -> bool:
        """The total is a minimum: something in it is not known."""
        return self.unknown_count > 0

    @property
    def left(self) -> int | None:
        """Money left under the limit (negative when over); None without a limit."""
        return None if self.limit is None else self.limit - self.total

    @property
    def over(self) -> bool:
        return self.limit is not None and self.total > self.limit

    @property
    def over_by(self) -> int:
        return max(0, -self.left) if self.left is not None else 0


@dataclass(frozen=True)
class Totals:
    """A set of items over the plan's years: per year and for the whole period."""

    years: tuple[YearTotal, ...]
    total: int
    establishment: int
    running: int
    unknown_count: int  # items with a cost left out in at least one year

    @property
    def is_partial(self) -> bool:
        return self.unknown_count > 0

    @property
    def over(self) -> bool:
        return any(year.over for year in self.years)

    @property
    def has_limit(self) -> bool:
        return any(year.limit is not None for year in self.years)


@dataclass(frozen=True)
class FocusAreaBudget:
    focus_area: FocusArea
    items: tuple[ItemBudget, ...]
    totals: Totals


@dataclass(frozen=True)
class GoalBudget:
    goal: Goal
    focus_areas: tuple[FocusAreaBudget, ...]
    totals: Totals  # the year limits are the goal's earmarks


@dataclass(frozen=True)
class Reach:
    unit: str
    quantity: int


@dataclass(frozen=True)
class Overrun:
    """A year in which the plan is over its ceiling, or a goal over its earmark."""

    year: int
    goal: Goal | None  # None: the ceiling
    total: int
    limit: int
    over_by: int


@dataclass(frozen=True)
class PlanBudget:
    years: tuple[int, ...]
    items: tuple[ItemBudget, ...]
    totals: Totals  # the year limits are the ceiling
    goals: tuple[GoalBudget, ...]
    no_amount: tuple[ItemBudget, ...]
    unknown_later_cost: tuple[ItemBudget, ...]
    conditional: tuple[ItemBudget, ...]
    conditional_total: int
    reach: tuple[Reach, ...]
    without_reach: tuple[ItemBudget, ...]
    starred_count: int
    overruns: tuple[Overrun, ...]

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def over(self) -> bool:
        return bool(self.overruns)

    @property
    def first_year(self) -> YearTotal | None:
        return self.totals.years[0] if self.totals.years else None


# --- Putting it together --------------------------------------------------------------


def item_budget(*, item, years: Sequence[int]) -> ItemBudget:
    costs = item_costs(item=item, years=years)
    conditional = item.agreed_financing_kind == Kind.PAY_FOR_SUCCESS
    cells = tuple(
        YearCost(
            year=year,
            amount=costs[year],
            runs=item.start_year <= year <= item.end_year,
            is_first_year=year == item.start_year,
        )
        for year in years
    )
    return ItemBudget(
        item=item,
        costs=cells,
        total=sum(cost.amount for cost in cells if cost.amount is not None),
        is_conditional=conditional,
        conditional_amount=conditional_amount(item=item),
        has_no_amount=item.agreed_financing_kind == Kind.NOT_STATED,
        has_unknown_later_cost=item.agreed_first_year_amount is not None
        and any(cell.runs and cell.amount is None for cell in cells),
        reach=reach(item=item),
        uses_larger_variant=uses_larger_variant(item),
    )


def totals(
    *, items: Iterable[ItemBudget], years: Sequence[int], limits: dict[int, int] | None = None
) -> Totals:
    """Sum ``items`` per year and for the period; ``limits`` is {year: ceiling or earmark}."""
    items = list(items)
    limits = limits or {}
    per_year = []
    for index, year in enumerate(years):
        establishment = running = unknown = 0
        for budget in items:
            cell = budget.costs[index]
            if not cell.runs or budget.is_conditional:
                continue
            if cell.amount is None:
                unknown += 1
            elif cell.is_first_year:
                establishment += cell.amount
            else:
                running += cell.amount
        per_year.append(
            YearTotal(
                year=year,
                total=establishment + running,
                establishment=establishment,
                running=running,
                unknown_count=unknown,
                limit=limits.get(year),
            )
        )
    return Totals(
        years=tuple(per_year),
        total=sum(y.total for y in per_year),
        establishment=sum(y.establishment for y in per_year),
        running=sum(y.running for y in per_year),
        unknown_count=sum(1 for budget in items if budget.unknown_years),
    )


def plan_budget(*, plan, items: Iterable, allocations: Iterable) -> PlanBudget:
    """Everything the plan page shows about money, from the plan's period, items and
    allocations (ceiling: ``goal_id`` None; earmark: a goal). No database access.
    """
    years = tuple(plan.years)
    budgets = tuple(
        item_budget(item=item, years=years)
        for item in sorted(
            items,
            key=lambda i: (
                i.initiative.focus_area.goal.number,
                i.initiative.focus_area.number,
                i.initiative.position,
                i.pk or 0,
            ),
        )
    )

    ceiling: dict[int, int] = {}
    earmarks: dict[int, dict[int, int]] = defaultdict(dict)  # goal id → {year: amount}
    goals: dict[int, Goal] = {}
    for allocation in allocations:
        if allocation.year not in years:
            continue  # left over from a longer period; not part of this plan's budget
        if allocation.goal_id is None:
            ceiling[allocation.year] = allocation.amount
        else:
            earmarks[allocation.goal_id][allocation.year] = allocation.amount
            goals[allocation.goal_id] = allocation.goal

    by_goal: dict[int, dict[int, list[ItemBudget]]] = defaultdict(lambda: defaultdict(list))
    areas: dict[int, FocusArea] = {}
    for budget in budgets:
        area = budget.initiative.focus_area
        areas[area.pk] = area
        goals[area.goal_id] = area.goal
        by_goal[area.goal_id][area.pk].append(budget)

    goal_budgets = []
    for goal in sorted(goals.values(), key=lambda g: g.number):
        area_budgets = tuple(
            FocusAreaBudget(
                focus_area=areas[area_id],
                items=tuple(area_items),
                totals=totals(items=area_items, years=years),
            )
            for area_id, area_items in sorted(
                by_goal[goal.pk].items(), key=lambda pair: areas[pair[0]].number
            )
        )
        goal_items = [b for area in area_budgets for b in area.items]
        goal_budgets.append(
            GoalBudget(
                goal=goal,
                focus_areas=area_budgets,
                totals=totals(items=goal_items, years=years, limits=earmarks.get(goal.pk)),
            )
        )

    plan_totals = totals(items=budgets, years=years, limits=ceiling)
    overruns = [
        Overrun(year=y.year, goal=None, total=y.total, limit=y.limit, over_by=y.over_by)
        for y in plan_totals.years
        if y.over
    ]
    overruns += [
        Overrun(year=y.year, goal=g.goal, total=y.total, limit=y.limit, over_by=y.over_by)
        for g in goal_budgets
        for y in g.totals.years
        if y.over
    ]

    reached: dict[str, int] = defaultdict(int)
    for budget in budgets:
        if budget.reach is not None:
            reached[budget.initiative.target_unit] += budget.reach

    conditional = tuple(b for b in budgets if b.is_conditional)
    return PlanBudget(
        years=years,
        items=budgets,
        totals=plan_totals,
        goals=tuple(goal_budgets),
        no_amount=tuple(b for b in budgets if b.has_no_amount),
        unknown_later_cost=tuple(b for b in budgets if b.has_unknown_later_cost),
        conditional=conditional,
        conditional_total=sum(b.conditional_amount for b in conditional),
        reach=tuple(
            Reach(unit=unit, quantity=quantity)
            for unit, quantity in sorted(reached.items(), key=lambda pair: (-pair[1], pair[0]))
        ),
        without_reach=tuple(b for b in budgets if b.reach is None),
        starred_count=sum(1 for b in budgets if b.initiative.starred),
        overruns=tuple(sorted(overruns, key=lambda o: (o.year, o.goal.number if o.goal else 0))),
    )
