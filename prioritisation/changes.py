"""Every change to a plan, its items or its budget, in one place.

Each function runs in a transaction and ends by counting the change in
``Plan.version`` with one atomic UPDATE (``version = version + 1``), so two requests
that change the same plan at once still count two changes. Views call these and
nothing else to write plans.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from catalogue.models import Initiative

from .models import Allocation, Plan, PlanItem


def record_change(plan: Plan) -> None:
    """Count one more change and stamp the time. One UPDATE, one SELECT."""
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated=timezone.now())
    plan.refresh_from_db(fields=["version", "updated"])


def set_allocations(plan: Plan, allocations: Iterable[Allocation]) -> None:
    """Replace the plan's ceiling and earmarks with ``allocations`` (unsaved instances)."""
    with transaction.atomic():
        plan.allocations.all().delete()
        Allocation.objects.bulk_create(
            [
                Allocation(plan=plan, year=a.year, goal_id=a.goal_id, amount=a.amount)
                for a in allocations
            ]
        )


def save_plan(plan: Plan, *, allocations: Iterable[Allocation]) -> list[PlanItem]:
    """Save a new or edited plan with its budget; keep its items inside its period.

    Items whose years fall outside a narrowed period are moved inside it; the moved
    items are returned so the page can say so rather than change them in silence.
    """
    with transaction.atomic():
        is_new = plan.pk is None
        plan.save()
        set_allocations(plan, allocations)
        moved = [] if is_new else _clamp_items(plan)
        if not is_new:
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
    with transaction.atomic():
        item, created = PlanItem.objects.get_or_create(
            plan=plan,
            initiative=initiative,
            defaults={"start_year": plan.first_year, "end_year": plan.last_year},
        )
        if created:
            record_change(plan)
        return item, created


def save_item(item: PlanItem) -> None:
    with transaction.atomic():
        item.save()
        record_change(item.plan)


def remove_item(item: PlanItem) -> None:
    with transaction.atomic():
        plan = item.plan
        item.delete()
        record_change(plan)


def delete_plan(plan: Plan) -> None:
    """Soft delete: the plan leaves every list but can be restored."""
    with transaction.atomic():
        plan.deleted_at = timezone.now()
        plan.save(update_fields=["deleted_at"])
        record_change(plan)


def restore_plan(plan: Plan) -> None:
    with transaction.atomic():
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
                    quantity=item.quantity,
                    units=item.units,
                    use_larger_variant=item.use_larger_variant,
                    note=item.note,
                )
                for item in plan.items.all()
            ],
            PlanItem,
        )
        Allocation.objects.bulk_create(
            [
                Allocation(plan=copy, year=a.year, goal_id=a.goal_id, amount=a.amount)
                for a in plan.allocations.all()
            ]
        )
        return copy
