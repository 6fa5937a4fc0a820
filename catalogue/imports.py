"""A workbook into the catalogue: the preview, the import and its undo; and a copy of a
catalogue for the next period.

Rules:
- Nothing is written before the administrator confirms the preview: ``plan_import``
  only reads. The confirmed import (``apply_import``) runs in one transaction, on the
  rows it has locked, and only if its changes are still those the preview showed (the
  same digest); otherwise it writes nothing and the new preview is shown.
- Keys: a goal is its number, a focus area its goal's number and its own, an
  initiative its ID (the workbook's "ID" column; empty for a new one). An update
  removes what the workbook leaves out. A new catalogue ignores the IDs.
- What other data points at (a plan's item, a plan's earmark, a plan) is never removed
  and no period is changed under a plan: the preview says so and the import cannot be
  confirmed.
- Every write is a model's save(), or a delete through Django's collector (its
  signals fire for each row), so django-simple-history records it with the importing
  user and the change reason "Indlæst fra regneark … (indlæsning nr. N)", and the
  catalogue pages follow at once. A row without history gets a record of how it
  was first, so that the import can be undone from history. Initiatives that move to
  a place another one leaves are parked first (QuerySet.update, no history: the save
  that follows records the move) so no two share a place in between.
- Plans count the figures they agreed to (prioritisation.models.PlanItem): a changed
  amount shows on a plan as a catalogue change until its owner accepts it, and an
  adopted plan keeps its frozen figures.
- ``undo_import`` puts every row the import wrote back as it was before, in one
  transaction, if no one has changed those rows since; otherwise nothing, and what
  changed is listed.
"""

import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, models, router, transaction
from django.db.models import Count, F, Max
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Catalogue, CatalogueImport, FocusArea, Goal, Initiative, one_renewal
from .money import format_kroner
from .workbook import (
    AMOUNT,
    CATALOGUE,
    CHOICE,
    FOCUS_AREAS,
    GOALS,
    INITIATIVES,
    MAX_NUMBER,
    NUMBER,
    YES_NO,
    CellError,
    ParsedWorkbook,
    Record,
    constraint_message,
    parsed_from_json,
    parsed_to_json,
    read_workbook,
)

NEW, CHANGED, REMOVED = "new", "changed", "removed"
MODELS = (Catalogue, Goal, FocusArea, Initiative)

# The model fields each sheet writes (its other columns place the row).
FIELDS = {
    sheet.model: tuple(
        column.field
        for column in sheet.columns
        if column.field != "id" and "__" not in column.field
    )
    for sheet in (CATALOGUE, GOALS, FOCUS_AREAS, INITIATIVES)
}
COLUMNS = {
    sheet.model: {column.field: column for column in sheet.columns}
    for sheet in (CATALOGUE, GOALS, FOCUS_AREAS, INITIATIVES)
}
PLACE = "place"  # an initiative's focus area and position, compared as one


class ImportRefused(Exception):
    """The import or undo wrote nothing; ``messages`` say why, in Danish."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = list(messages)


class PreviewOutdated(Exception):
    """The catalogue changed after the preview: ``plan`` is the new one."""

    def __init__(self, plan):
        super().__init__()
        self.plan = plan


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    """One row that the import makes new, changes or removes."""

    action: str
    instance: models.Model  # as it will be saved; as it is, for a removal
    label: str
    where: str = ""  # "Indsatser, række 5"
    fields: list[FieldChange] = field(default_factory=list)
    key: tuple = ()
    raw: tuple = ()  # (field, old, new) for the digest

    @property
    def kind(self) -> str:
        return str(self.instance._meta.verbose_name).capitalize()


@dataclass
class ImportPlan:
    """What an import would do: its changes, or the errors that stop it."""

    catalogue: Catalogue | None  # the one it updates; None for a new one
    changes: list[Change]
    errors: list[CellError]
    error_count: int

    def of(self, action):
        return [change for change in self.changes if change.action == action]

    @property
    def new(self):
        return self.of(NEW)

    @property
    def changed(self):
        return self.of(CHANGED)

    @property
    def removed(self):
        return self.of(REMOVED)

    @property
    def digest(self) -> str:
        """Changes the same rows in the same way, or not: for the confirmation."""
        text = repr([(c.action, c.instance._meta.model_name, c.key, c.raw) for c in self.changes])
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def summary(self) -> str:
        return _("%(new)s nye, %(changed)s ændrede, %(removed)s fjernede") % {
            "new": len(self.new),
            "changed": len(self.changed),
            "removed": len(self.removed),
        }


# --- The preview ----------------------------------------------------------------------


def plan_import(parsed: ParsedWorkbook, *, catalogue: Catalogue | None) -> ImportPlan:
    """What importing ``parsed`` would do: into ``catalogue``, or as a new one.

    Reads only. Queries: for a new catalogue one (is the title taken); for an update
    five (its goals, focus areas and initiatives; the title; what points at the rows it
    would remove) and one more per kind of data that points at them.
    """
    plan = ImportPlan(catalogue, [], list(parsed.errors.kept), parsed.errors.count)
    if catalogue is None:
        _plan_new(parsed, plan)
    else:
        _plan_update(parsed, catalogue, plan)
    return plan


def _error(plan: ImportPlan, error: CellError) -> None:
    plan.errors.append(error)
    plan.error_count += 1


def _where(record: Record) -> str:
    return _("%(sheet)s, række %(row)s") % {"sheet": record.sheet.name, "row": record.row}


def _values(record: Record, model) -> dict:
    return {name: record.values[name] for name in FIELDS[model] if name in record.values}


def _complete(record: Record, model) -> bool:
    """Every cell of the row was read (else it has its errors already)."""
    return all(name in record.values for name in COLUMNS[model])


def _plan_new(parsed: ParsedWorkbook, plan: ImportPlan) -> None:
    record = parsed.catalogue
    if not _complete(record, Catalogue):
        return
    catalogue = Catalogue(**_values(record, Catalogue))
    _check_catalogue_unique(catalogue, record, plan)
    plan.changes.append(_new(catalogue, record, str(catalogue), ("catalogue",)))
    goals = {}
    for record in parsed.goals:
        if _complete(record, Goal):
            goal = Goal(catalogue=catalogue, **_values(record, Goal))
            goals[goal.number] = goal
            plan.changes.append(_new(goal, record, _goal_label(goal), (goal.number,)))
    areas = {}
    for record in parsed.focus_areas:
        goal = goals.get(record.values.get("goal__number"))
        if goal is not None and _complete(record, FocusArea):
            area = FocusArea(goal=goal, **_values(record, FocusArea))
            areas[goal.number, area.number] = area
            key = (goal.number, area.number)
            plan.changes.append(_new(area, record, _area_label(area), key))
    for record in parsed.initiatives:
        area = areas.get(_area_key(record))
        if area is not None and _complete(record, Initiative):
            initiative = Initiative(focus_area=area, **_values(record, Initiative))
            key = (*_area_key(record), initiative.position)
            plan.changes.append(_new(initiative, record, initiative.title, key))


def _new(instance, record, label, key) -> Change:
    """A new row: the preview names it; its values are in the workbook."""
    raw = tuple((name, getattr(instance, name)) for name in FIELDS[type(instance)])
    return Change(NEW, instance, label, _where(record), [], key, raw)


def _area_key(record: Record) -> tuple:
    return (record.values.get("focus_area__goal__number"), record.values.get("focus_area__number"))


def _goal_label(goal: Goal) -> str:
    return _("Pejlemærke %(number)s: %(title)s") % {"number": goal.number, "title": goal.title}


def _area_label(area: FocusArea) -> str:
    return _("Fokusområde %(number)s under pejlemærke %(goal)s: %(title)s") % {
        "number": area.number,
        "goal": area.goal.number,
        "title": area.title,
    }


def _check_catalogue_unique(catalogue: Catalogue, record: Record, plan: ImportPlan) -> None:
    taken = Catalogue.objects.filter(
        municipality=catalogue.municipality, title=catalogue.title, first_year=catalogue.first_year
    ).exclude(pk=catalogue.pk)
    if taken.exists():
        message = constraint_message(Catalogue, "catalogue_unique_per_municipality_and_period")
        _error(plan, record.error("title", message))


def _plan_update(parsed: ParsedWorkbook, catalogue: Catalogue, plan: ImportPlan) -> None:
    record = parsed.catalogue
    workbook_id = record.values.get("id")
    if workbook_id is not None and workbook_id != catalogue.pk:
        message = _(
            "Regnearket er hentet fra et andet katalog (ID %(id)s). Vælg det katalog, eller "
            "tøm cellen for at bruge regnearket her."
        ) % {"id": workbook_id}
        _error(plan, record.error("id", message))
    if _complete(record, Catalogue):
        before = (catalogue.first_year, catalogue.last_year)
        change = _update(catalogue, record, str(catalogue), ("catalogue",))
        if change:
            plan.changes.append(change)
            _check_catalogue_unique(change.instance, record, plan)
            if (change.instance.first_year, change.instance.last_year) != before:
                for what, count in _references(Catalogue, [catalogue.pk]).get(catalogue.pk, []):
                    message = _(
                        "Perioden kan ikke ændres: %(count)s %(what)s bruger kataloget. Start "
                        "et nyt katalog som kopi til en ny periode."
                    ) % {"count": count, "what": what}
                    _error(plan, record.error("first_year", message))

    goals = {goal.number: goal for goal in catalogue.goals.all()}
    areas = {
        (area.goal.number, area.number): area
        for area in FocusArea.objects.filter(goal__catalogue=catalogue).select_related("goal")
    }
    initiatives = {
        initiative.pk: initiative
        for initiative in Initiative.objects.in_catalogue(catalogue).select_related(
            "focus_area__goal"
        )
    }

    # Rows the workbook names, even with errors: they are not removed.
    named_goals = {record.values.get("number") for record in parsed.goals}
    named_areas = {
        (record.values.get("goal__number"), record.values.get("number"))
        for record in parsed.focus_areas
    }
    kept = {record.values.get("id") for record in parsed.initiatives}

    # Goals and focus areas: changed or new, by number; then what the workbook left out.
    target_goals = {}
    for record in parsed.goals:
        if not _complete(record, Goal):
            continue
        number = record.values["number"]
        goal = goals.get(number)
        if goal is None:
            goal = Goal(catalogue=catalogue, **_values(record, Goal))
            plan.changes.append(_new(goal, record, _goal_label(goal), (number,)))
        else:
            change = _update(goal, record, _goal_label(goal), (number,))
            if change:
                plan.changes.append(change)
                goal = change.instance
        target_goals[number] = goal
    target_areas = {}
    for record in parsed.focus_areas:
        goal = target_goals.get(record.values.get("goal__number"))
        if goal is None or not _complete(record, FocusArea):
            continue
        key = (goal.number, record.values["number"])
        area = areas.get(key)
        if area is None:
            area = FocusArea(goal=goal, **_values(record, FocusArea))
            plan.changes.append(_new(area, record, _area_label(area), key))
        else:
            change = _update(area, record, _area_label(area), key)
            if change:
                plan.changes.append(change)
                area = change.instance
        target_areas[key] = area

    for record in parsed.initiatives:
        area = target_areas.get(_area_key(record))
        initiative_id = record.values.get("id")
        if initiative_id is not None and initiative_id not in initiatives:
            message = _(
                "ID %(id)s er ikke en indsats i dette katalog. Lad cellen stå tom for en ny "
                "indsats."
            ) % {"id": initiative_id}
            _error(plan, record.error("id", message))
            continue
        if area is None or not _complete(record, Initiative):
            continue
        if initiative_id is None:
            initiative = Initiative(focus_area=area, **_values(record, Initiative))
            key = (*_area_key(record), initiative.position)
            plan.changes.append(_new(initiative, record, initiative.title, key))
            continue
        current = initiatives[initiative_id]
        change = _update(current, record, current.title, (initiative_id,), area=area)
        if change:
            plan.changes.append(change)

    removed = [
        Change(REMOVED, initiative, initiative.title, key=(initiative.pk,))
        for pk, initiative in initiatives.items()
        if pk not in kept
    ]
    removed += [
        Change(REMOVED, area, _area_label(area), key=key)
        for key, area in areas.items()
        if key not in named_areas
    ]
    removed += [
        Change(REMOVED, goal, _goal_label(goal), key=(number,))
        for number, goal in goals.items()
        if number not in named_goals
    ]
    plan.changes += removed
    _check_references(removed, plan)


def _update(instance, record: Record, label: str, key: tuple, *, area=None) -> Change | None:
    """``instance`` changed to the row's values (not saved) as a Change, or None."""
    model = type(instance)
    fields, raw = [], []
    for name, value in _values(record, model).items():
        old = getattr(instance, name)
        if old != value:
            setattr(instance, name, value)
            fields.append(
                FieldChange(
                    _label(model, name), _shown(model, name, old), _shown(model, name, value)
                )
            )
            raw.append((name, old, value))
    if area is not None:
        old_place = (instance.focus_area.goal.number, instance.focus_area.number)
        new_place = (area.goal.number, area.number)
        if old_place != new_place:
            fields.append(FieldChange(_("Fokusområde"), _place(instance.focus_area), _place(area)))
            raw.append((PLACE, old_place, new_place))
            instance.focus_area = area
    if not fields:
        return None
    return Change(CHANGED, instance, label, _where(record), fields, key, tuple(raw))


def _place(area: FocusArea) -> str:
    return _("%(number)s. %(title)s (pejlemærke %(goal)s)") % {
        "number": area.number,
        "title": area.title,
        "goal": area.goal.number,
    }


def _label(model, name: str) -> str:
    return COLUMNS[model][name].header


def _shown(model, name: str, value) -> str:
    """A value as the preview shows it: kroner the Danish way, unknown as unknown."""
    column = COLUMNS[model][name]
    if column.kind == AMOUNT:
        return format_kroner(value)
    if column.kind == YES_NO:
        return _("Ja") if value else _("Nej")
    if column.kind == CHOICE:
        return str(dict(model._meta.get_field(name).choices).get(value, value))
    if column.kind == NUMBER:
        return "–" if value is None else str(value)
    return value if value else "–"


def _references(model, pks) -> dict:
    """{pk: [(what, count)]}: the rows outside the catalogue's own models that point at
    each of ``pks`` (a plan's items, its earmarks, plans). One query per kind."""
    found = {}
    if not pks:
        return found
    for relation in model._meta.related_objects:
        other = relation.related_model
        if other._meta.app_label == "catalogue" or relation.on_delete in (
            models.SET_NULL,
            models.SET_DEFAULT,
            models.DO_NOTHING,
        ):
            continue
        name = relation.field.name
        rows = (
            other._base_manager.filter(**{f"{name}__in": pks})
            .values(name)
            .annotate(count=Count("pk"))
            .order_by()
        )
        for row in rows:
            found.setdefault(row[name], []).append((other._meta.verbose_name_plural, row["count"]))
    return found


def _check_references(removed: list[Change], plan: ImportPlan) -> None:
    for model in MODELS:
        changes = [change for change in removed if isinstance(change.instance, model)]
        references = _references(model, [change.instance.pk for change in changes])
        for change in changes:
            for what, count in references.get(change.instance.pk, []):
                message = _(
                    "%(kind)s »%(label)s« kan ikke fjernes: %(count)s %(what)s bruger den. "
                    "Behold rækken i regnearket, eller fjern den fra handleplanerne først."
                ) % {"kind": change.kind, "label": change.label, "count": count, "what": what}
                _error(plan, CellError(message))


# --- Upload, confirm and apply --------------------------------------------------------


def preview_upload(*, content: bytes, filename: str, catalogue: Catalogue | None, user):
    """Read an uploaded workbook and keep it for its confirmation: (ImportPlan, record).

    Raises workbook.WorkbookRefused for a file not to read. Nothing in the catalogue is
    written; the record keeps the file and the preview's digest. The user's older
    unconfirmed uploads are dropped.
    """
    parsed = read_workbook(content)
    plan = plan_import(parsed, catalogue=catalogue)
    CatalogueImport.objects.filter(uploaded_by=user, applied_at__isnull=True).delete()
    record = CatalogueImport.objects.create(
        catalogue=catalogue,
        makes_new_catalogue=catalogue is None,
        catalogue_label=str(catalogue) if catalogue else "",
        filename=filename[:255],
        content=content,
        rows=parsed_to_json(parsed),
        digest=plan.digest,
        summary=plan.summary,
        uploaded_by=user,
    )
    return plan, record


def reason_for(record: CatalogueImport) -> str:
    """The change reason of the import's history records (at most 100 characters)."""
    suffix = _(" (indlæsning nr. %(number)s)") % {"number": record.pk}
    start = _("Indlæst fra regneark %(filename)s") % {"filename": ""}
    room = 100 - len(start) - len(suffix)
    name = record.filename if len(record.filename) <= room else record.filename[: room - 1] + "…"
    return (start + name + suffix)[:100]


def preview_record(record: CatalogueImport) -> ImportPlan:
    """The preview of an upload waiting for its confirmation, as the catalogue is now."""
    catalogue = None if record.makes_new_catalogue else record.catalogue
    if not record.makes_new_catalogue and catalogue is None:
        raise ImportRefused([_("Kataloget findes ikke længere.")])
    return plan_import(parsed_from_json(record.rows), catalogue=catalogue)


def apply_import(*, record: CatalogueImport, user, digest: str) -> ImportPlan:
    """Write the confirmed import, all or nothing, if it still makes the changes of the
    preview the user confirmed (``digest``). Raises ImportRefused (errors) or
    PreviewOutdated (with the new preview)."""
    outdated = None
    try:
        with transaction.atomic(), one_renewal():
            record = CatalogueImport.objects.select_for_update().get(pk=record.pk)
            if record.applied_at is not None:
                raise ImportRefused([_("Regnearket er allerede indlæst.")])
            catalogue = None
            if not record.makes_new_catalogue:
                catalogue = _lock_catalogue(record.catalogue_id)
            plan = plan_import(parsed_from_json(record.rows), catalogue=catalogue)
            if plan.error_count:
                raise ImportRefused([str(error) for error in plan.errors])
            if plan.digest != digest:
                outdated = plan
            else:
                reason = reason_for(record)
                _write_plan(plan, user=user, reason=reason)
                record.catalogue = catalogue or plan.new[0].instance
                record.catalogue_label = str(record.catalogue)
                record.applied_at = timezone.now()
                record.change_reason = reason
                record.summary = plan.summary
                record.save()
                return plan
    except (IntegrityError, ProtectedError, RestrictedError):
        raise ImportRefused(
            [_("Regnearket kunne ikke indlæses, fordi kataloget blev ændret imens. Prøv igen.")]
        ) from None
    raise PreviewOutdated(outdated)


def _lock_catalogue(pk) -> Catalogue:
    """The catalogue and its rows, locked until the transaction ends."""
    try:
        catalogue = Catalogue.objects.select_for_update().get(pk=pk)
    except Catalogue.DoesNotExist:
        raise ImportRefused([_("Kataloget findes ikke længere.")]) from None
    for queryset in (
        Goal.objects.filter(catalogue=catalogue),
        FocusArea.objects.filter(goal__catalogue=catalogue),
        Initiative.objects.in_catalogue(catalogue),
    ):
        list(queryset.select_for_update(of=("self",)).values_list("pk", flat=True))
    return catalogue


def _save(instance, *, user, reason, **kwargs) -> None:
    instance._history_user = user
    instance._change_reason = reason
    instance.save(**kwargs)


def _delete(instances, *, user, reason) -> None:
    """Delete ``instances`` (of one model) together: one query per relation to check,
    one to delete, and a history record each (with the user and the reason, set on
    these very instances, which the collector keeps)."""
    if not instances:
        return
    for instance in instances:
        instance._history_user = user
        instance._change_reason = reason
    collector = Collector(using=router.db_for_write(type(instances[0])))
    collector.collect(instances)
    collector.delete()


def _write_plan(plan: ImportPlan, *, user, reason: str) -> None:
    changed = [change.instance for change in plan.changed]
    removed = [change.instance for change in plan.removed]
    _keep_first_versions(changed, reason=reason)
    _write(
        saves=[change.instance for change in plan.changes if change.action != REMOVED],
        moved=[i for i in changed if isinstance(i, Initiative)],
        deletes=removed,
        user=user,
        reason=reason,
    )


def _keep_first_versions(instances, *, reason: str) -> None:
    """A history record of how each row is now, for rows that have none (loaded with
    loaddata or bulk_create), so the version before the import is in history."""
    for model in MODELS:
        rows = [i for i in instances if type(i) is model]
        if not rows:
            continue
        known = set(model.history.filter(id__in=[i.pk for i in rows]).values_list("id", flat=True))
        missing = [i.pk for i in rows if i.pk not in known]
        if missing:
            model.history.bulk_history_create(
                list(model._base_manager.filter(pk__in=missing)),
                default_change_reason=_("Før %(reason)s") % {"reason": reason[:90]},
            )


def _write(*, saves, moved, deletes, user, reason) -> None:
    """Save and delete in an order that no constraint stops: initiatives removed first
    (their places are free), moved ones parked; parents saved before their children,
    removed after them."""
    _delete([i for i in deletes if type(i) is Initiative], user=user, reason=reason)
    if moved:
        Initiative.objects.filter(pk__in=[i.pk for i in moved]).update(
            position=F("position") + MAX_NUMBER + 1
        )
    for model in MODELS:
        for instance in saves:
            if type(instance) is model:
                _save(instance, user=user, reason=reason)
    for model in (FocusArea, Goal, Catalogue):
        _delete([i for i in deletes if type(i) is model], user=user, reason=reason)


# --- Undo -----------------------------------------------------------------------------


def undo_import(*, record: CatalogueImport, user) -> None:
    """Put every row the import wrote back as it was before it. Raises ImportRefused,
    writing nothing, when a row has changed since or other data now points at a row
    the import made."""
    try:
        with transaction.atomic(), one_renewal():
            record = CatalogueImport.objects.select_for_update().get(pk=record.pk)
            if record.applied_at is None or record.undone_at is not None:
                raise ImportRefused([_("Indlæsningen kan ikke fortrydes: den er ikke i kraft.")])
            if record.catalogue_id is not None:
                _lock_catalogue(record.catalogue_id)
            saves, moved, deletes, problems = _undo_steps(record)
            if problems:
                raise ImportRefused(problems)
            reason = _("Fortrudt: %(reason)s") % {"reason": record.change_reason}
            _write(saves=saves, moved=moved, deletes=deletes, user=user, reason=reason[:100])
            record.undone_at = timezone.now()
            record.undone_by = user
            record.save(update_fields=["undone_at", "undone_by"])
    except (IntegrityError, ProtectedError, RestrictedError):
        raise ImportRefused(
            [_("Indlæsningen kunne ikke fortrydes, fordi kataloget blev ændret imens.")]
        ) from None


def _undo_steps(record: CatalogueImport):
    """(saves, moved, deletes, problems) that put the import's rows back. Its history
    records are those with its change reason, written while it was applied."""
    saves, moved, deletes, problems = [], [], [], []
    made = {}
    for model in MODELS:
        history = model.history.model
        mine = list(
            history.objects.filter(
                history_change_reason=record.change_reason,
                history_date__range=(record.uploaded_at, record.applied_at),
            ).order_by("history_id")
        )
        ids = [entry.id for entry in mine]
        newest = dict(
            history.objects.filter(id__in=ids)
            .values("id")
            .annotate(newest=Max("history_id"))
            .values_list("id", "newest")
        )
        earlier = {}
        for entry in history.objects.filter(id__in=ids).order_by("id", "history_id"):
            earlier.setdefault(entry.id, []).append(entry)
        for entry in mine:
            if newest[entry.id] != entry.history_id:
                later = earlier[entry.id][-1]
                problems.append(
                    _("%(kind)s »%(label)s« er ændret efter indlæsningen (%(when)s af %(who)s).")
                    % {
                        "kind": str(model._meta.verbose_name).capitalize(),
                        "label": later.instance,
                        "when": date_format(timezone.localtime(later.history_date), "j. F Y H:i"),
                        "who": later.history_user or _("ukendt"),
                    }
                )
                continue
            if entry.history_type == "+":
                made.setdefault(model, []).append(entry.id)
                deletes.append(model._base_manager.get(pk=entry.id))
            elif entry.history_type == "-":
                instance = entry.instance
                instance._state.adding = True
                saves.append(instance)
            else:
                before = [e for e in earlier[entry.id] if e.history_id < entry.history_id]
                if not before:
                    problems.append(
                        _("%(kind)s »%(label)s« har ingen version fra før indlæsningen.")
                        % {"kind": model._meta.verbose_name, "label": entry.instance}
                    )
                    continue
                instance = before[-1].instance
                saves.append(instance)
                if model is Initiative:
                    moved.append(instance)
    for model, pks in made.items():
        for pk, found in _references(model, pks).items():
            for what, count in found:
                problems.append(
                    _("%(kind)s »%(label)s« fra indlæsningen bruges nu af %(count)s %(what)s.")
                    % {
                        "kind": str(model._meta.verbose_name).capitalize(),
                        "label": model._base_manager.get(pk=pk),
                        "count": count,
                        "what": what,
                    }
                )
    return saves, moved, deletes, problems


# --- A copy for the next period -------------------------------------------------------


def copy_catalogue(*, source: Catalogue, user, **fields) -> Catalogue:
    """A new catalogue with ``fields`` (title, municipality, first_year, last_year,
    introduction) and a copy of ``source``'s goals, focus areas and initiatives, their
    texts and amounts; each saved with history ("Kopieret fra …"). Plans stay with
    their own catalogue. One transaction; three queries to read ``source``."""
    reason = (_("Kopieret fra %(catalogue)s") % {"catalogue": source})[:100]
    with transaction.atomic(), one_renewal():
        catalogue = Catalogue(**fields)
        _save(catalogue, user=user, reason=reason)
        goals = {}
        for goal in source.goals.order_by("number"):
            goals[goal.pk] = _copy(goal, catalogue=catalogue)
            _save(goals[goal.pk], user=user, reason=reason)
        areas = {}
        for area in FocusArea.objects.filter(goal__catalogue=source).order_by("pk"):
            areas[area.pk] = _copy(area, goal=goals[area.goal_id])
            _save(areas[area.pk], user=user, reason=reason)
        for initiative in Initiative.objects.in_catalogue(source).order_by("pk"):
            copy = _copy(initiative, focus_area=areas[initiative.focus_area_id])
            _save(copy, user=user, reason=reason)
    return catalogue


def _copy(instance, **relations):
    model = type(instance)
    values = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.is_relation
    }
    return model(**values, **relations)
