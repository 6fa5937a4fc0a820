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
- An item costs its first-year amount in its start year and its later-year amount in
  each year after it, through its end year. A one-off costs its amount in the start
  year only. The larger variant replaces both amounts (``amounts``).
- Udvalgets eget beløb (the committee's own amount) stands in for an agreed amount
  that is not known: both years of an initiative with no amount, the later years of
  one whose later-year amount is not stated. It is counted like the catalogue's, and
  every result says which years are the committee's own (``YearCost.is_own_amount``,
  ``ItemBudget.own_amount_years``, ``YearTotal.own_amount``). Pay-for-success money
  is never replaced by an own amount.
- Scale: every amount of an item is multiplied by one exact ratio (``scale_ratio``, a
  ``Fraction``), from what the member typed (``PlanItem.scale_by``):
  - the catalogue's own scale: 1 (one unit of a per-unit amount);
  - units of a per-unit amount: the units (3 boligområder: 3);
  - a share in per cent: share / 100 (75 %: 3/4);
  - a quantity: the quantity / the catalogue's quantity (100 of 200 unge: 1/2). For a
    per-unit amount the catalogue's quantity is per unit and the quantity counts the
    whole target group (105 unge at 35 pr. boligområde: 3). A range ("8–10
    foreninger") is priced at its lower number, the one the quantity is compared with;
  - an amount a year: the amount / the item's amount in the year it was typed for,
    first or later (3.300.000 kr. of 4.400.000 kr.: 3/4), so that year costs exactly
    what was typed and the other year scales by the same ratio (for pay-for-success:
    the amount / the conditional amount).
  The larger variant is stated per year for no particular quantity, so no scale is
  applied on top of it, except units. Where the ratio cannot be known (an amount
  typed for a year whose amount is unknown or 0, a quantity with no catalogue
  quantity to compare with) it is None and every cost of the item is unknown.
- A cost is the year's amount × the ratio, rounded half up to whole kroner once per
  item per year, before anything is added up, so a total is always the sum of the
  amounts on the page.
- Unknown is never 0. An initiative with no amount, and the later years of one whose
  later-year amount is not stated, are left out of the sums (unless the committee
  gave its own amount), and every sum that leaves something out counts what it left
  out (``unknown_count``).
- Pay-for-success money is conditional: listed apart with its amount (scaled by the
  same ratio), never in a sum.
- Reach: how many of the target group an item reaches is the catalogue's quantity
  × the ratio (the typed quantity itself when scaled by quantity; the catalogue's
  quantity, × the units, under the larger variant). Where that is not a whole number
  (a share or an amount) it is rounded half up and marked as an estimate
  (``ItemBudget.reach_is_estimate``, ``Reach.is_estimate``).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from catalogue.models import FocusArea, Goal, Initiative

from .models import PlanItem

Kind = Initiative.FinancingKind
Scale = PlanItem.Scale
AmountYear = PlanItem.AmountYear

ONE = Fraction(1)


# --- One item -------------------------------------------------------------------------


def round_half_up(value: Fraction) -> int:
    """A non-negative exact value in whole kroner, half up (500.000,5 → 500.001)."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def uses_larger_variant(item) -> bool:
    """The larger variant counts only where the initiative has one."""
    return item.use_larger_variant and item.agreed_larger_variant_amount is not None


@dataclass(frozen=True)
class Amounts:
    """The unscaled amounts an item counts: in its start year and in each later year.

    None: not known. ``later`` is 0 for a one-off. ``*_is_own``: udvalgets eget beløb.
    """

    first: int | None
    later: int | None
    first_is_own: bool = False
    later_is_own: bool = False


def amounts(*, item) -> Amounts:
    """The agreed amounts of the item, the larger variant in their place where it is
    chosen, and the committee's own amounts where the agreed ones are not known."""
    kind = item.agreed_financing_kind
    if kind == Kind.PAY_FOR_SUCCESS:
        return Amounts(first=None, later=None)
    if uses_larger_variant(item):
        larger = item.agreed_larger_variant_amount
        return Amounts(first=larger, later=0 if kind == Kind.ONE_OFF else larger)
    first, first_is_own = item.agreed_first_year_amount, False
    if first is None and kind == Kind.NOT_STATED and item.own_first_year_amount is not None:
        first, first_is_own = item.own_first_year_amount, True
    if kind == Kind.ONE_OFF:
        return Amounts(first=first, later=0, first_is_own=first_is_own)
    later, later_is_own = item.agreed_later_year_amount, False
    if later is None and item.own_later_year_amount is not None:
        later, later_is_own = item.own_later_year_amount, True
    return Amounts(first=first, later=later, first_is_own=first_is_own, later_is_own=later_is_own)


def scale_ratio(*, item) -> Fraction | None:
    """The exact factor every amount of the item is multiplied by (the module's rules);
    None where it cannot be known, and then every cost of the item is unknown."""
    scale_by = item.scale_by
    if uses_larger_variant(item):
        return Fraction(item.units) if scale_by == Scale.UNITS else ONE
    if scale_by == Scale.CATALOGUE:
        return ONE
    if scale_by == Scale.UNITS:
        return Fraction(item.units)
    if scale_by == Scale.SHARE:
        return Fraction(item.scale_share) / 100
    if scale_by == Scale.QUANTITY:
        if not item.agreed_target_quantity:
            return None
        return Fraction(item.quantity, item.agreed_target_quantity)
    if scale_by == Scale.AMOUNT:
        base = amounts(item=item)
        typed_for = base.later if item.scale_amount_year == AmountYear.LATER else base.first
        if item.agreed_financing_kind == Kind.PAY_FOR_SUCCESS:
            typed_for = item.agreed_success_payment_amount
        if not typed_for:
            return None
        return Fraction(item.scale_amount, typed_for)
    raise ValueError(f"unknown scale {scale_by!r}")


def _scaled(amount: int | None, ratio: Fraction | None) -> int | None:
    if amount == 0:
        return 0
    if amount is None or ratio is None:
        return None
    if ratio.denominator == 1:  # whole: no rounding, and no Fraction arithmetic
        return amount * ratio.numerator
    return round_half_up(amount * ratio)


def item_costs(*, item, years: Iterable[int]) -> dict[int, int | None]:
    """{year: cost} for the item in each of ``years``, in whole kroner.

    0 in a year outside the item's years (and after the start year of a one-off);
    None where the cost is not known: no amount, a later-year amount the catalogue
    does not state (and the committee gave none), a ratio that cannot be known, or
    conditional (pay-for-success) money, which is never a cost.
    """
    return {cell.year: cell.amount for cell in _cells(item, years, scale_ratio(item=item))}


def _cells(item, years: Iterable[int], ratio: Fraction | None) -> list["YearCost"]:
    base = amounts(item=item)
    first, later = _scaled(base.first, ratio), _scaled(base.later, ratio)
    cells = []
    for year in years:
        runs = item.start_year <= year <= item.end_year
        is_first = year == item.start_year
        if not runs:
            amount, own = 0, False
        elif is_first:
            amount, own = first, base.first_is_own
        else:
            amount, own = later, base.later_is_own
        cells.append(
            YearCost(
                year=year,
                amount=amount,
                runs=runs,
                is_first_year=is_first,
                is_own_amount=own and amount is not None,
            )
        )
    return cells


def conditional_amount(*, item) -> int | None:
    """The pay-for-success money, scaled like a cost; None for any other item."""
    return _conditional(item, scale_ratio(item=item))


def _conditional(item, ratio: Fraction | None) -> int | None:
    if item.agreed_financing_kind != Kind.PAY_FOR_SUCCESS:
        return None
    return _scaled(item.agreed_success_payment_amount, ratio)


def exact_reach(*, item) -> Fraction | None:
    """How many in the target group the item reaches, exactly (the module's rules);
    None where the catalogue gives no number."""
    return _exact_reach(item, scale_ratio(item=item))


def _exact_reach(item, ratio: Fraction | None) -> Fraction | None:
    if uses_larger_variant(item):
        if item.agreed_target_quantity is None:
            return None
        units = item.units if item.scale_by == Scale.UNITS else 1
        return Fraction(item.agreed_target_quantity * units)
    if item.scale_by == Scale.QUANTITY:
        return Fraction(item.quantity)
    if item.agreed_target_quantity is None or ratio is None:
        return None
    return item.agreed_target_quantity * ratio


def reach(*, item) -> int | None:
    """``exact_reach`` in whole persons, rounded half up; None where it is not known."""
    exact = exact_reach(item=item)
    return None if exact is None else round_half_up(exact)


# --- Results --------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCost:
    """One cell of an item's row: its cost in one year of the plan."""

    year: int
    amount: int | None  # None: unknown, or conditional money only
    runs: bool  # False: the item does not run this year
    is_first_year: bool  # the establishment (first-year) cost
    is_own_amount: bool = False  # udvalgets eget beløb, not the catalogue's


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
    ratio: Fraction | None = Fraction(1)  # scale_ratio; None: not known
    reach_is_estimate: bool = False  # reach rounded from a share or an amount

    @property
    def own_amount_years(self) -> tuple[int, ...]:
        """The years whose cost is udvalgets eget beløb."""
        return tuple(cost.year for cost in self.costs if cost.is_own_amount)

    @property
    def has_own_amount(self) -> bool:
        return any(cost.is_own_amount for cost in self.costs)

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
    own_amount: int = 0  # the part of ``total`` that is udvalgets eget beløb

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
    own_amount: int = 0  # the part of ``total`` that is udvalgets eget beløb

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
    is_estimate: bool = False  # some item's reach is rounded from a share or an amount


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
    own_amount: tuple[ItemBudget, ...]  # items with udvalgets eget beløb in some year
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
    ratio = scale_ratio(item=item)
    cells = tuple(_cells(item, years, ratio))
    conditional = item.agreed_financing_kind == Kind.PAY_FOR_SUCCESS
    running = [cell for cell in cells if cell.runs]
    unknown = [cell for cell in running if cell.amount is None]
    has_no_amount = not conditional and bool(running) and len(unknown) == len(running)
    exact = _exact_reach(item, ratio)
    return ItemBudget(
        item=item,
        costs=cells,
        total=sum(cost.amount for cost in cells if cost.amount is not None),
        is_conditional=conditional,
        conditional_amount=_conditional(item, ratio),
        has_no_amount=has_no_amount,
        has_unknown_later_cost=not conditional and not has_no_amount and bool(unknown),
        reach=None if exact is None else round_half_up(exact),
        uses_larger_variant=uses_larger_variant(item),
        ratio=ratio,
        reach_is_estimate=exact is not None and exact.denominator != 1,
    )


def totals(
    *, items: Iterable[ItemBudget], years: Sequence[int], limits: dict[int, int] | None = None
) -> Totals:
    """Sum ``items`` per year and for the period; ``limits`` is {year: ceiling or earmark}."""
    items = list(items)
    limits = limits or {}
    per_year = []
    for index, year in enumerate(years):
        establishment = running = unknown = own = 0
        for budget in items:
            cell = budget.costs[index]
            if not cell.runs or budget.is_conditional:
                continue
            if cell.amount is None:
                unknown += 1
                continue
            if cell.is_first_year:
                establishment += cell.amount
            else:
                running += cell.amount
            if cell.is_own_amount:
                own += cell.amount
        per_year.append(
            YearTotal(
                year=year,
                total=establishment + running,
                establishment=establishment,
                running=running,
                unknown_count=unknown,
                limit=limits.get(year),
                own_amount=own,
            )
        )
    return Totals(
        years=tuple(per_year),
        total=sum(y.total for y in per_year),
        establishment=sum(y.establishment for y in per_year),
        running=sum(y.running for y in per_year),
        unknown_count=sum(1 for budget in items if budget.unknown_years),
        own_amount=sum(y.own_amount for y in per_year),
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
    estimated: set[str] = set()
    for budget in budgets:
        if budget.reach is not None:
            reached[budget.initiative.target_unit] += budget.reach
            if budget.reach_is_estimate:
                estimated.add(budget.initiative.target_unit)

    conditional = tuple(b for b in budgets if b.is_conditional)
    return PlanBudget(
        years=years,
        items=budgets,
        totals=plan_totals,
        goals=tuple(goal_budgets),
        no_amount=tuple(b for b in budgets if b.has_no_amount),
        unknown_later_cost=tuple(b for b in budgets if b.has_unknown_later_cost),
        own_amount=tuple(b for b in budgets if b.has_own_amount),
        conditional=conditional,
        conditional_total=sum(b.conditional_amount or 0 for b in conditional),
        reach=tuple(
            Reach(unit=unit, quantity=quantity, is_estimate=unit in estimated)
            for unit, quantity in sorted(reached.items(), key=lambda pair: (-pair[1], pair[0]))
        ),
        without_reach=tuple(b for b in budgets if b.reach is None),
        starred_count=sum(1 for b in budgets if b.initiative.starred),
        overruns=tuple(sorted(overruns, key=lambda o: (o.year, o.goal.number if o.goal else 0))),
    )


def entries_across(budgets: Sequence["PlanBudget"]) -> list[tuple]:
    """Every initiative in any of the plans' budgets, in the catalogue's order, with its
    ItemBudget in each plan (None where a plan does not hold it): the rows of a
    comparison."""
    entries: dict[int, list] = {}
    order: dict[int, tuple] = {}
    for index, budget in enumerate(budgets):
        for entry in budget.items:
            initiative = entry.initiative
            entries.setdefault(initiative.pk, [None] * len(budgets))[index] = entry
            area = initiative.focus_area
            order[initiative.pk] = (area.goal.number, area.number, initiative.position)
    return [tuple(entries[pk]) for pk in sorted(entries, key=lambda pk: order[pk])]
