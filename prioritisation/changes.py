"""Every change to a plan, its items or its budget, in one place.

Each function runs in a transaction that first locks the plan's row
(``SELECT … FOR UPDATE`` on PostgreSQL), refuses to touch an adopted plan
(``PlanFrozen``), and, where the caller passes the version its form was read at,
refuses when the plan has changed since (``PlanConflict``): the later writer is told
and shown the current plan, and no update is lost in silence. Changes that cannot
collide (adding or removing one initiative) take the lock but no version, so both
survive. Each ends by counting the change in ``Plan.version``. Views call these and
nothing else to write plans.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from catalogue.models import Initiative
from handleplan.viewers import forget_viewer

from .models import Allocation, Plan, PlanItem


class PlanFrozen(Exception):
    """The plan is adopted: it can only be read and duplicated."""


class PlanConflict(Exception):
    """The plan changed after the form was read; nothing was saved."""


@contextmanager
def locked(plan: Plan, *, expected_version: int | None = None):
    """A transaction holding the plan's row lock, after the frozen and version checks."""
    with transaction.atomic():
        current = Plan.objects.select_for_update().only("pk", "version", "status").get(pk=plan.pk)
        if current.status == Plan.Status.ADOPTED:
            raise PlanFrozen
        if expected_version is not None and current.version != expected_version:
            raise PlanConflict
        yield


def record_change(plan: Plan) -> None:
    """Count one more change and stamp the time. One UPDATE, one SELECT.

    The owner's catalogue pages show the version, so the shared cache's description of
    them goes at the commit (handleplan/viewers.py).
    """
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated=timezone.now())
    plan.refresh_from_db(fields=["version", "updated"])
    forget_viewer(plan.owner_id)


def set_allocations(plan: Plan, allocations: Iterable[Allocation]) -> None:
    """Make the plan's ceiling and earmarks ``allocations`` (unsaved instances).

    Only what differs is written, each with its history: a changed amount is updated, a
    year or earmark no longer there deleted, a new one created. The history then shows
    the budget grid's real changes (audit/views.py), and each can be restored.
    One query to read the grid, and one for each change (two for the new ones at once).
    """
    wanted = {(a.year, a.goal_id): a.amount for a in allocations}
    with transaction.atomic():
        for current in plan.allocations.all():
            amount = wanted.pop((current.year, current.goal_id), None)
            if amount is None:
                current.delete()
            elif amount != current.amount:
                current.amount = amount
                current.save(update_fields=["amount"])
        if wanted:
            bulk_create_with_history(
                [
                    Allocation(plan=plan, year=year, goal_id=goal_id, amount=amount)
                    for (year, goal_id), amount in wanted.items()
                ],
                Allocation,
            )


# What the plan form edits; saving only these never writes back a stale version or status.
PLAN_FORM_FIELDS = ["name", "description", "first_year", "last_year"]


def create_plan(plan: Plan, *, allocations: Iterable[Allocation]) -> None:
    with transaction.atomic():
        plan.save()
        set_allocations(plan, allocations)
        forget_viewer(plan.owner_id)  # a new plan on their catalogue pages


def save_plan(
    plan: Plan, *, allocations: Iterable[Allocation], expected_version: int | None = None
) -> list[PlanItem]:
    """Save an edited plan with its budget; keep its items inside its period.

    Items whose years fall outside a narrowed period are moved inside it; the moved
    items are returned so the page can say so rather than change them in silence.
    """
    if plan.pk is None:
        create_plan(plan, allocations=allocations)
        return []
    with locked(plan, expected_version=expected_version):
        plan.save(update_fields=PLAN_FORM_FIELDS)
        set_allocations(plan, allocations)
        moved = _clamp_items(plan)
        record_change(plan)
        return moved


def _clamp_items(plan: Plan) -> list[PlanItem]:
    moved = []
    for item in plan.items.select_related("initiative"):
        start = min(max(item.start_year, plan.first_year), plan.last_year)
        end = min(max(item.end_year, plan.first_year), plan.last_year)
        if (start, end) != (item.start_year, item.end_year):
            item.start_year, item.end_year = start, end
            item.save(update_fields=["start_year", "end_year", "updated"])
            moved.append(item)
    return moved


def add_initiative(plan: Plan, initiative: Initiative) -> tuple[PlanItem, bool]:
    """Add ``initiative`` for the plan's whole period at the catalogue's scale.

    Returns the item and whether it was created (False: it was already in the plan).
    """
    with locked(plan):
        item = plan.items.filter(initiative=initiative).first()
        if item is not None:
            return item, False
        item = PlanItem.for_initiative(
            initiative, plan=plan, start_year=plan.first_year, end_year=plan.last_year
        )
        item.save()
        record_change(plan)
        return item, True


# What the item form edits.
ITEM_FORM_FIELDS = [
    "start_year",
    "end_year",
    "scale_by",
    "scale_amount",
    "scale_amount_year",
    "scale_share",
    "quantity",
    "units",
    "use_larger_variant",
    "own_first_year_amount",
    "own_later_year_amount",
    "note",
]


def save_item(item: PlanItem, *, expected_version: int | None = None) -> None:
    with locked(item.plan, expected_version=expected_version):
        item.save(update_fields=[*ITEM_FORM_FIELDS, "updated"])
        record_change(item.plan)


def accept_catalogue_figures(item: PlanItem, *, expected_version: int | None = None) -> None:
    """Count the catalogue's current figures for the item from now on."""
    with locked(item.plan, expected_version=expected_version):
        item.agree_to_catalogue()
        item.save(update_fields=[*PlanItem.AGREED_FIELDS, "updated"])
        record_change(item.plan)


def remove_item(item: PlanItem) -> None:
    plan = item.plan
    with locked(plan):
        item.delete()
        record_change(plan)


def delete_plan(plan: Plan) -> None:
    """Soft delete: the plan leaves every list but can be restored."""
    with locked(plan):
        plan.deleted_at = timezone.now()
        plan.save(update_fields=["deleted_at"])
        record_change(plan)


def share_plan(plan: Plan) -> None:
    """Every committee member and reader may read it from now on; only the owner edits."""
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        plan.shared_at = timezone.now()
        plan.save(update_fields=["shared_at"])
        record_change(plan)


def withdraw_sharing(plan: Plan) -> None:
    """Private again; a proposal cannot stand unshared, so it goes back to draft."""
    with locked(plan):
        plan.shared_at = None
        plan.status = Plan.Status.DRAFT
        plan.save(update_fields=["shared_at", "status"])
        record_change(plan)


def propose_plan(plan: Plan) -> None:
    """Put the plan before the committee: proposed, and shared so they can read it."""
    with locked(plan):
        plan.status = Plan.Status.PROPOSED
        plan.shared_at = plan.shared_at or timezone.now()
        plan.save(update_fields=["status", "shared_at"])
        record_change(plan)


def return_to_draft(plan: Plan) -> None:
    with locked(plan):
        plan.status = Plan.Status.DRAFT
        plan.save(update_fields=["status"])
        record_change(plan)


def adopt_plan(plan: Plan, *, by) -> None:
    """Adopt and freeze: the items keep today's texts beside their agreed figures.

    The caller checks that ``by`` is an administrator.
    """
    with locked(plan):
        items = list(plan.items.select_related("initiative"))
        for item in items:
            item.freeze_texts()
        PlanItem.objects.bulk_update(items, ["frozen_texts"])
        plan.status = Plan.Status.ADOPTED
        plan.adopted_at = timezone.now()
        plan.adopted_by = by
        plan.shared_at = plan.shared_at or plan.adopted_at
        plan.save(update_fields=["status", "adopted_at", "adopted_by", "shared_at"])
        record_change(plan)


def restore_plan(plan: Plan) -> None:
    with locked(plan):
        plan.deleted_at = None
        plan.save(update_fields=["deleted_at"])
        record_change(plan)


def duplicate_plan(plan: Plan, *, owner) -> Plan:
    """A copy with the same items and budget, named "Kopi af …", owned by ``owner``."""
    name_field = Plan._meta.get_field("name")
    with transaction.atomic():
        copy = Plan.objects.create(
            owner=owner,
            catalogue_id=plan.catalogue_id,
            name=(_("Kopi af %(name)s") % {"name": plan.name})[: name_field.max_length],
            description=plan.description,
            first_year=plan.first_year,
            last_year=plan.last_year,
        )
        # With history, like items added one by one.
        bulk_create_with_history(
            [
                PlanItem(
                    plan=copy,
                    initiative_id=item.initiative_id,
                    start_year=item.start_year,
                    end_year=item.end_year,
                    scale_by=item.scale_by,
                    scale_amount=item.scale_amount,
                    scale_amount_year=item.scale_amount_year,
                    scale_share=item.scale_share,
                    quantity=item.quantity,
                    units=item.units,
                    use_larger_variant=item.use_larger_variant,
                    own_first_year_amount=item.own_first_year_amount,
                    own_later_year_amount=item.own_later_year_amount,
                    note=item.note,
                    # The figures the original counts; the copy shows where the
                    # catalogue has moved on since, as any plan does.
                    **{field: getattr(item, field) for field in PlanItem.AGREED_FIELDS},
                )
                for item in plan.items.all()
            ],
            PlanItem,
        )
        bulk_create_with_history(
            [
                Allocation(plan=copy, year=a.year, goal_id=a.goal_id, amount=a.amount)
                for a in plan.allocations.all()
            ],
            Allocation,
        )
        forget_viewer(owner.pk)  # a new plan on their catalogue pages
        return copy
