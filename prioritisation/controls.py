"""What the catalogue pages need to add an initiative to a plan, or remove it.

A member works in one plan at a time on the catalogue's pages: the plan they choose at
the top of the page (``?handleplan=ID``), or else the one they changed last, which is
the one they just added to. Each initiative then offers one button, "Tilføj til …" or
"Fjern fra …", and says how many of their other plans hold it: a page of a hundred
initiatives stays as short for a member with ten plans as for one with one.

The catalogue's templates ask for it once per page through the ``plan_controls_for``,
``fill_plan_slots`` and ``initiative_plans`` template tags (catalogue code does not
import plan code); the partial ``prioritisation/_plan_controls.html`` shows it for one
initiative.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse

from catalogue.slots import PLAN_CHOICE

from .access import can_build_plans
from .models import Plan, PlanItem

CHOICE = PLAN_CHOICE  # the query parameter that chooses the plan to work in


@dataclass(frozen=True)
class InitiativeControls:
    plan: Plan | None  # the plan the member works in; None: they have none to add to
    item_id: int | None  # the initiative's item in that plan, if it holds it
    others: int  # how many of the member's other plans hold it
    can_create: bool  # no plan to add to, but the user may make one
    add_url: str

    @property
    def remove_url(self) -> str:
        return reverse("prioritisation:item_remove", args=[self.plan.pk, self.item_id])


@dataclass(frozen=True)
class PlanControls:
    plans: tuple[Plan, ...]  # the member's plans that take additions, newest change first
    plan: Plan | None  # the one they work in
    can_create: bool
    items: dict[int, int] = field(default_factory=dict)  # the plan's item id by initiative id
    others: Counter = field(default_factory=Counter)  # other plans holding, by initiative id
    # Reversed once per page, not once per initiative: a catalogue page shows a hundred.
    add_url: str = field(default_factory=lambda: reverse("prioritisation:item_add"))

    def for_initiative(self, initiative) -> InitiativeControls:
        return InitiativeControls(
            plan=self.plan,
            item_id=self.items.get(initiative.pk),
            others=self.others[initiative.pk],
            can_create=self.can_create,
            add_url=self.add_url,
        )

    def shaped(self, *, initiative_id: int, item_id: int | None, others: int) -> "PlanControls":
        """These controls, but with one initiative holding exactly what is given: the
        catalogue's pages render each shape once and put the real ids in."""
        items = {initiative_id: item_id} if item_id is not None else {}
        return PlanControls(
            plans=self.plans,
            plan=self.plan,
            can_create=self.can_create,
            items=items,
            others=Counter({initiative_id: others}),
            add_url=self.add_url,
        )


def plan_controls(user, *, catalogue, chosen=None) -> PlanControls | None:
    """The member's plans of ``catalogue``, the one they work in (``chosen``, a plan or
    its id as typed, if it is theirs and takes additions; else the one changed last),
    and which initiatives their plans hold.

    None for a visitor who is not logged in and for a user who has no plan and may not
    make one. The same number of queries whatever the number of plans and items.
    """
    if not user.is_authenticated:
        return None
    mine = Plan.objects.active().owned_by(user).filter(catalogue=catalogue)
    plans = list(mine.only("pk", "name", "updated", "status").order_by("-updated", "-pk"))
    if not plans:  # whether they may make one matters only to someone with none
        return PlanControls(plans=(), plan=None, can_create=True) if can_build_plans(user) else None
    # An adopted plan is frozen: it can hold an initiative, not take a new one.
    open_plans = tuple(plan for plan in plans if not plan.is_adopted)
    chosen_pk = str(getattr(chosen, "pk", chosen) or "")
    plan = next((p for p in open_plans if str(p.pk) == chosen_pk), None)
    plan = plan or (open_plans[0] if open_plans else None)
    items, others = {}, Counter()
    for item_id, plan_id, initiative_id in PlanItem.objects.filter(plan__in=mine).values_list(
        "pk", "plan_id", "initiative_id"
    ):
        if plan is not None and plan_id == plan.pk:
            items[initiative_id] = item_id
        else:
            others[initiative_id] += 1
    return PlanControls(plans=open_plans, plan=plan, can_create=False, items=items, others=others)
