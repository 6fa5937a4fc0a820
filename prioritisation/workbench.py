"""The workbench (arbejdsbordet): what each initiative of the catalogue would cost in a
plan before it is added, and which of the plan's figures a change moved.

Nothing here touches the database: the view loads the plan's budget rows and one page of
initiatives (``select_related("focus_area__goal")``), and this reads only those. The
costs are ``prioritisation.budget``'s: an initiative not in the plan is priced as
``changes.add_initiative`` would add it (the plan's whole period, the catalogue's
scale, the catalogue's figures of today), so the figure shown is the figure the plan
will count.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from catalogue.models import Initiative

from .budget import ItemBudget, PlanBudget, YearTotal, item_budget
from .models import PlanItem


@dataclass(frozen=True)
class Offer:
    """One initiative of the catalogue as the workbench lists it."""

    initiative: Initiative
    # In the plan: the item's budget, as the plan counts it. Else what it would cost.
    budget: ItemBudget
    in_plan: bool
    # Years in which adding it takes the plan over its ceiling, or its pejlemærke over
    # the earmark (only for an initiative not in the plan, and only known costs).
    over_ceiling: tuple[int, ...] = ()
    over_earmark: tuple[int, ...] = ()
    url: str = ""  # the initiative's page

    @property
    def warnings(self) -> tuple[str, ...]:
        """What adding it would take over: the ceiling, the earmark, and in which years."""
        warnings = []
        if self.over_ceiling:
            years = ", ".join(str(year) for year in self.over_ceiling)
            warnings.append(_("Går over loftet i %(years)s") % {"years": years})
        if self.over_earmark:
            years = ", ".join(str(year) for year in self.over_earmark)
            warnings.append(_("Går over øremærkningen i %(years)s") % {"years": years})
        return tuple(warnings)

    @property
    def item_id(self) -> int | None:
        return self.budget.item.pk if self.in_plan else None

    @property
    def amount_label(self) -> str | None:
        """The label of the amount field beside "Tilføj" (``forms.amount_on_adding``),
        saying which amount is typed; None where there is none to give."""
        if self.in_plan:
            return None
        kind = self.initiative.financing_kind
        Kind = Initiative.FinancingKind
        if kind == Kind.NOT_STATED:
            return _("Udvalgets eget beløb pr. år")
        if kind == Kind.ONE_OFF:
            return _("Beløb (valgfrit)")
        if kind == Kind.PAY_FOR_SUCCESS:
            return None
        first, later = self.initiative.first_year_amount, self.initiative.later_year_amount
        if kind == Kind.ANNUAL and later != first and len(self.budget.costs) > 1:
            return _("Beløb første år (valgfrit)")
        return _("Beløb pr. år (valgfrit)")


def priced_as_added(*, plan, initiative: Initiative) -> ItemBudget:
    """What ``initiative`` would cost in ``plan``, added as ``add_initiative`` adds it."""
    item = PlanItem.for_initiative(
        initiative, plan=plan, start_year=plan.first_year, end_year=plan.last_year
    )
    return item_budget(item=item, years=tuple(plan.years))


def _over(budget: ItemBudget, years: Iterable[YearTotal]) -> tuple[int, ...]:
    """The years in which ``budget``'s known cost is more than is left under the limit."""
    limits = {year.year: year for year in years}
    over = []
    for cost in budget.costs:
        year = limits.get(cost.year)
        if budget.is_conditional or cost.amount is None or year is None or year.left is None:
            continue
        if cost.amount > 0 and cost.amount > year.left:
            over.append(cost.year)
    return tuple(over)


def offers(
    *,
    plan,
    initiatives: Iterable[Initiative],
    budget: PlanBudget,
    url_of: Callable[[int], str] | None = None,
) -> list[Offer]:
    """The workbench's rows for ``initiatives``, priced in ``plan`` (``budget``: its
    ``plan_budget``); ``url_of``: an initiative's page from its pk."""
    held = {entry.item.initiative_id: entry for entry in budget.items}
    earmarks = {goal.goal.pk: goal.totals.years for goal in budget.goals}
    rows = []
    for initiative in initiatives:
        url = url_of(initiative.pk) if url_of else initiative.get_absolute_url()
        entry = held.get(initiative.pk)
        if entry is not None:
            rows.append(Offer(initiative=initiative, budget=entry, in_plan=True, url=url))
            continue
        priced = priced_as_added(plan=plan, initiative=initiative)
        rows.append(
            Offer(
                initiative=initiative,
                budget=priced,
                in_plan=False,
                over_ceiling=_over(priced, budget.totals.years),
                over_earmark=_over(priced, earmarks.get(initiative.focus_area.goal_id, ())),
                url=url,
            )
        )
    return rows


def _counted(budget: ItemBudget | None, index: int):
    """What an item adds to a year's totals: its cost, None where it is unknown (the
    total then counts it as left out), 0 where it does not run or is conditional."""
    if budget is None or budget.is_conditional:
        return 0
    cell = budget.costs[index]
    if not cell.runs:
        return 0
    return cell.amount


def changed_years(
    *, before: ItemBudget | None, after: ItemBudget | None, years: Iterable[int]
) -> frozenset[int]:
    """The years whose totals an item's change moved: added (``before`` None), removed
    (``after`` None) or scaled. Both budgets must be over the same ``years``."""
    return frozenset(
        year
        for index, year in enumerate(years)
        if _counted(before, index) != _counted(after, index)
    )
