"""Every change to a plan, its items or its budget, in one place.

Each function runs in a transaction that first locks the plan's row
(``SELECT … FOR UPDATE`` on PostgreSQL) and checks its rules on the row it locked, never
on an object read before: a deleted plan takes no change (``PlanGone``), an adopted one
only what adoption allows (``PlanFrozen``), a plan not shared cannot be adopted
(``PlanNotShared``), an item removed meanwhile takes no edit (``ItemGone``), and where
the caller passes the version its form was read at, a plan changed since refuses
(``PlanConflict``): the later writer is told and shown the current plan, and no update
is lost in silence. Changes that cannot collide (adding or removing one initiative)
take the lock but no version, so both survive. Views call these and nothing else to
write plans.

Every save and delete of a plan, an item or a ceiling or earmark counts in the plan's
``version`` by itself (prioritisation/apps.py), so these functions only save.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from catalogue.models import Initiative

from .models import Allocation, Plan, PlanItem


class PlanGone(Exception):
    """The plan is deleted (or never was): nothing was saved."""


class PlanFrozen(Exception):
    """The plan is adopted: it can only be read and duplicated."""


class PlanNotShared(Exception):
    """Only a plan shared with the committee can be adopted."""


class PlanConflict(Exception):
    """The plan changed after the form was read; nothing was saved."""


class ItemGone(Exception):
    """The item was removed from the plan meanwhile; nothing was saved."""


@contextmanager
def locked(plan: Plan, *, expected_version: int | None = None, frozen_ok: bool = False):
    """A transaction holding the plan's row lock; yields the plan as locked.

    Refuses a deleted plan, an adopted one (unless ``frozen_ok``) and, given
    ``expected_version``, a plan changed since.
    """
    with transaction.atomic():
        current = Plan.objects.select_for_update().filter(pk=plan.pk).first()
        if current is None or current.is_deleted:
            raise PlanGone
        if current.is_adopted and not frozen_ok:
            raise PlanFrozen
        if expected_version is not None and current.version != expected_version:
            raise PlanConflict
        yield current


def _locked_item(plan: Plan, item: PlanItem) -> None:
    """Refuse an item that is no longer in the (locked) plan."""
    if not PlanItem.objects.filter(pk=item.pk, plan=plan).exists():
        raise ItemGone


def _inside_period(plan: Plan, item: PlanItem) -> bool:
    return plan.first_year <= item.start_year <= item.end_year <= plan.last_year


def set_allocations(plan: Plan, allocations: Iterable[Allocation]) -> None:
    """Make the plan's ceiling and earmarks ``allocations`` (unsaved instances).

    Only what differs is written, each with its history: a changed amount is updated, a
    year or earmark no longer there deleted, a new one created. The history then shows
    the budget grid's real changes (the Ændringslog), and each can be restored.
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
        for (year, goal_id), amount in wanted.items():
            Allocation.objects.create(plan=plan, year=year, goal_id=goal_id, amount=amount)


def create_plan(plan: Plan, *, allocations: Iterable[Allocation]) -> Plan:
    """Save a new plan with its budget, and return it.

    A plan whose ``creation_token`` its owner has made a plan from already (the same
    form submitted twice, even at the same moment) is not saved: the plan made the first
    time is returned. A deleted one does not count: the form makes a new plan.
    """
    if plan.creation_token is not None:
        made = _made_from_form(plan)
        if made is not None and not made.is_deleted:
            return made
        if made is not None:
            plan.creation_token = None
    try:
        with transaction.atomic():
            plan.save()
            set_allocations(plan, allocations)
    except IntegrityError:
        # The unique (owner, creation_token): the other submit committed first.
        made = _made_from_form(plan) if plan.creation_token is not None else None
        if made is None:
            raise
        return made
    return plan


def _made_from_form(plan: Plan) -> Plan | None:
    return Plan.objects.filter(owner_id=plan.owner_id, creation_token=plan.creation_token).first()


def save_plan(
    plan: Plan,
    *,
    fields: Iterable[str],
    allocations: Iterable[Allocation],
    expected_version: int | None = None,
) -> list[PlanItem]:
    """Save the plan's ``fields`` (those its form edits) and its budget; keep its items
    inside its period.

    Items whose years fall outside a narrowed period are moved inside it; the moved
    items are returned so the page can say so rather than change them in silence.
    """
    with locked(plan, expected_version=expected_version):
        plan.save(update_fields=list(fields))
        set_allocations(plan, allocations)
        return _clamp_items(plan)


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


def add_initiative(
    plan: Plan, initiative: Initiative, *, scale: dict | None = None
) -> tuple[PlanItem, bool]:
    """Add ``initiative`` for the plan's whole period, as the locked row has it, at the
    catalogue's scale, or at ``scale`` (the item's fields, as
    ``forms.amount_on_adding`` checked them).

    Returns the item and whether it was created (False: it was already in the plan).
    """
    with locked(plan) as current:
        item = current.items.filter(initiative=initiative).first()
        if item is not None:
            return item, False
        item = PlanItem.for_initiative(
            initiative, plan=current, start_year=current.first_year, end_year=current.last_year
        )
        for name, value in (scale or {}).items():
            setattr(item, name, value)
        item.save()
        return item, True


def save_item(
    item: PlanItem, *, fields: Iterable[str], expected_version: int | None = None
) -> None:
    """Save the item's ``fields`` (those its form edits)."""
    with locked(item.plan, expected_version=expected_version) as current:
        _locked_item(current, item)
        if not _inside_period(current, item):  # the period changed since the form was read
            raise PlanConflict
        item.save(update_fields=[*fields, "updated"])


def accept_catalogue_figures(item: PlanItem, *, expected_version: int | None = None) -> None:
    """Count the catalogue's current figures for the item from now on."""
    with locked(item.plan, expected_version=expected_version) as current:
        _locked_item(current, item)
        item.agree_to_catalogue()
        item.save(update_fields=[*PlanItem.AGREED_FIELDS, "updated"])


def remove_item(item: PlanItem) -> None:
    with locked(item.plan) as current:
        _locked_item(current, item)
        item.delete()


def delete_plan(plan: Plan) -> None:
    """Soft delete: the plan leaves every list but can be restored."""
    with locked(plan) as current:
        current.deleted_at = timezone.now()
        current.save(update_fields=["deleted_at"])


def share_plan(plan: Plan) -> None:
    """Every committee member and reader may read it from now on; only the owner edits."""
    with locked(plan) as current:
        if current.shared_at is None:
            current.shared_at = timezone.now()
            current.save(update_fields=["shared_at"])


def withdraw_sharing(plan: Plan) -> None:
    """Private again; a proposal cannot stand unshared, so it goes back to draft."""
    with locked(plan) as current:
        current.shared_at = None
        current.status = Plan.Status.DRAFT
        current.save(update_fields=["shared_at", "status"])


def propose_plan(plan: Plan) -> None:
    """Put the plan before the committee: proposed, and shared so they can read it."""
    with locked(plan) as current:
        current.status = Plan.Status.PROPOSED
        current.shared_at = current.shared_at or timezone.now()
        current.save(update_fields=["status", "shared_at"])


def return_to_draft(plan: Plan) -> None:
    with locked(plan) as current:
        current.status = Plan.Status.DRAFT
        current.save(update_fields=["status"])


def adopt_plan(plan: Plan, *, by) -> None:
    """Adopt and freeze a plan shared with the committee: the items keep today's texts
    beside their agreed figures. The caller checks that ``by`` is an administrator."""
    with locked(plan) as current:
        if current.shared_at is None:
            raise PlanNotShared
        items = list(current.items.select_related("initiative"))
        for item in items:
            item.freeze_texts()
        PlanItem.objects.bulk_update(items, ["frozen_texts"])
        current.status = Plan.Status.ADOPTED
        current.adopted_at = timezone.now()
        current.adopted_by = by
        current.save(update_fields=["status", "adopted_at", "adopted_by"])


def restore_plan(plan: Plan) -> None:
    """Back from "Slettede handleplaner"; a plan no longer deleted is left as it is."""
    with transaction.atomic():
        current = Plan.objects.select_for_update().filter(pk=plan.pk).first()
        if current is None:
            raise PlanGone
        if current.is_deleted:
            current.deleted_at = None
            current.save(update_fields=["deleted_at"])


# An item's own fields that are not copied: the copy gets its own, and is a draft.
_NOT_COPIED = {"id", "plan", "created", "updated", "frozen_texts"}


def duplicate_plan(plan: Plan, *, owner) -> Plan:
    """A copy with the same items and budget, named "Kopi af …", owned by ``owner``.

    Every field of every item is copied (the figures the original counts included: the
    copy shows where the catalogue has moved on since, as any plan does), but for those
    in ``_NOT_COPIED``.
    """
    name_field = Plan._meta.get_field("name")
    copied = [f.attname for f in PlanItem._meta.concrete_fields if f.name not in _NOT_COPIED]
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
                PlanItem(plan=copy, **{name: getattr(item, name) for name in copied})
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
        return copy


def create_proposal(
    *,
    source: Plan,
    owner,
    items: Iterable[tuple[int, dict]],
    ceiling: dict[int, int],
    earmarks: dict[tuple[int, int], int],
    description: str = "",
) -> Plan:
    """A new draft plan "Forslag: …" with the optimiser's choice, owned by ``owner``;
    ``source`` is never changed.

    ``items``: (initiative id, item fields) as ``optimise.item_fields`` gives them; each
    counts the catalogue's figures of today. ``ceiling``: {year: kroner}; ``earmarks``:
    {(goal id, year): kroner}, the most amounts.
    """
    with transaction.atomic():
        return _new_draft(
            owner=owner,
            catalogue_id=source.catalogue_id,
            name=_("Forslag: %(name)s") % {"name": source.name},
            description=description,
            years=(source.first_year, source.last_year),
            items=items,
            allocations=[(None, year, amount) for year, amount in ceiling.items()]
            + [(goal, year, amount) for (goal, year), amount in earmarks.items()],
        )


def create_consensus_draft(
    *,
    owner,
    frame: Plan,
    items: Iterable[tuple[int, dict]],
    name: str,
    description: str = "",
) -> Plan:
    """A new draft plan owned by ``owner``, with ``items`` ((initiative id, item fields),
    as ``committee.consensus_items`` gives them; each counts the catalogue's figures of
    today) and the period, ceiling and earmarks of ``frame``, which is never changed.

    The frame's row is locked while its budget is copied, so the copy is the frame of one
    moment; a frame deleted meanwhile refuses (``PlanGone``); an adopted one is a frame
    like any other.
    """
    with locked(frame, frozen_ok=True) as current:
        return _new_draft(
            owner=owner,
            catalogue_id=current.catalogue_id,
            name=name,
            description=description,
            years=(current.first_year, current.last_year),
            items=items,
            allocations=[
                (a.goal_id, a.year, a.amount)
                for a in current.allocations.all()
                if current.first_year <= a.year <= current.last_year
            ],
        )


def _new_draft(*, owner, catalogue_id, name, description, years, items, allocations) -> Plan:
    """A new draft plan with ``items`` ((initiative id, item fields); an initiative gone
    meanwhile is left out) and ``allocations`` ((goal id or None, year, kroner)), each
    with its history. The caller holds the transaction."""
    first_year, last_year = years
    items = list(items)
    draft = Plan.objects.create(
        owner=owner,
        catalogue_id=catalogue_id,
        name=name[: Plan._meta.get_field("name").max_length],
        description=description,
        first_year=first_year,
        last_year=last_year,
    )
    initiatives = Initiative.objects.in_bulk([pk for pk, _fields in items])
    bulk_create_with_history(
        [
            PlanItem.for_initiative(initiatives[pk], plan=draft, **fields)
            for pk, fields in items
            if pk in initiatives
        ],
        PlanItem,
    )
    bulk_create_with_history(
        [
            Allocation(plan=draft, year=year, goal_id=goal, amount=amount)
            for goal, year, amount in allocations
        ],
        Allocation,
    )
    return draft
