"""What the catalogue pages need to add an initiative to a plan, or remove it.

The catalogue's templates ask for it once per page through the ``fill_plan_slots`` and
``initiative_plans`` template tags (catalogue code does not import plan code); the
partial ``prioritisation/_add_to_plan.html`` asks it about each initiative it shows.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from .access import can_build_plans
from .models import Plan, PlanItem


@dataclass(frozen=True)
class Holding:
    """One of the member's plans that holds the initiative, and the item to remove."""

    plan: Plan
    item_id: int
    remove_url: str


@dataclass(frozen=True)
class InitiativeControls:
    holding: tuple[Holding, ...]
    addable: tuple[Plan, ...]  # most recently edited first: the default choice
    can_create: bool  # no plan to add to, but the user may make one
    add_url: str


@dataclass(frozen=True)
class PlanControls:
    plans: tuple[Plan, ...]  # the member's active plans of the catalogue, newest change first
    can_create: bool
    held: dict[int, tuple[Holding, ...]] = field(default_factory=dict)  # by initiative id
    # Reversed once per page, not once per initiative: a catalogue page shows a hundred.
    add_url: str = field(default_factory=lambda: reverse("prioritisation:item_add"))

    def for_initiative(self, initiative) -> InitiativeControls:
        holding = self.held.get(initiative.pk, ())
        holding_ids = {h.plan.pk for h in holding}
        return InitiativeControls(
            holding=holding,
            # An adopted plan is frozen: it can hold an initiative, not take a new one.
            addable=tuple(
                plan for plan in self.plans if plan.pk not in holding_ids and not plan.is_adopted
            ),
            can_create=self.can_create,
            add_url=self.add_url,
        )


def plan_controls(user, *, catalogue) -> PlanControls | None:
    """The user's plans of ``catalogue`` and which initiatives they hold.

    None for a visitor who is not logged in and for a user who has no plan and may not
    make one. The same number of queries whatever the number of plans, items and
    initiatives on the page.
    """
    if not user.is_authenticated:
        return None
    mine = Plan.objects.active().owned_by(user).filter(catalogue=catalogue)
    plans = {plan.pk: plan for plan in mine.only("pk", "name", "updated", "status")}
    if not plans:  # whether they may make one matters only to someone with none
        return PlanControls(plans=(), can_create=True) if can_build_plans(user) else None
    held: dict[int, list[Holding]] = defaultdict(list)
    for item_id, plan_id, initiative_id in (
        PlanItem.objects.filter(plan__in=mine)
        .order_by("pk")
        .values_list("pk", "plan_id", "initiative_id")
    ):
        if plan_id in plans:
            remove_url = reverse("prioritisation:item_remove", args=[plan_id, item_id])
            held[initiative_id].append(
                Holding(plan=plans[plan_id], item_id=item_id, remove_url=remove_url)
            )
    return PlanControls(
        plans=tuple(plans.values()),
        can_create=False,
        held={initiative_id: tuple(entries) for initiative_id, entries in held.items()},
    )
