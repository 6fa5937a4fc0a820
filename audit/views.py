"""Ændringslog: who changed what, and when, in the catalogue and in the plans.

For staff, and for each only what they may read in admin: the history of a model is
shown to whoever may view or change it there (its ``view_``/``change_`` permission),
and so are the names of its objects where another entry refers to them (a plan item's
plan, a changed catalogue); others are named by their id. A staff user who may read
none of the models gets a Danish 403, and no link to it. Read from
django-simple-history's tables: every
version of a catalogue, pejlemærke, fokusområde and indsats, and of every plan, plan
item and budget frame (a ceiling or earmark), newest first, each with the fields that
changed (old → new, from ``diff_against`` the version before it), 50 to a page,
filtered by kind (``?type=katalog`` or ``?type=handleplaner``) or to one plan
(``?handleplan=<id>``).

Queries per page, whatever the number of versions: the session and user, the count
and the page's keys (one UNION over the history tables each), one per history table
that has an entry on the page (its entries and, by a correlated subquery, the version
before each, joined to the user who made it), and one per kind of related object
named on the page (a plan item's indsats and plan; a budget frame's plan and
pejlemærke; a changed owner, fokusområde …); one for the reader's permissions; one more
for the plan's name when filtered to one plan. At most 19.

Not here: the version counter (``Plan.version``), which counts changes rather than
being one.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_permission_codename, get_user_model
from django.core.paginator import Paginator
from django.db.models import ForeignKey, IntegerField, OuterRef, Q, Subquery, Value
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from catalogue.money import format_kroner
from prioritisation.models import MAX_ID, Allocation, Plan, PlanItem

PER_PAGE = 50
TEXT_LENGTH = 200  # characters of a long text shown; the admin's history has the rest

KINDS = {
    "katalog": (gettext_lazy("Katalog"), (Catalogue, Goal, FocusArea, Initiative)),
    "handleplaner": (gettext_lazy("Handleplaner"), (Plan, PlanItem, Allocation)),
}
MODELS = (Catalogue, Goal, FocusArea, Initiative, Plan, PlanItem, Allocation)

# Stamped on every save, or copied in bulk at adoption: noise in a list of changes.
NOT_SHOWN = {"updated", "frozen_texts"}

ACTIONS = {
    "+": gettext_lazy("Oprettet"),
    "~": gettext_lazy("Ændret"),
    "-": gettext_lazy("Slettet"),
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: object
    model: type
    action: str
    who: str
    what: str = ""
    reason: str = ""
    changes: list[Change] = field(default_factory=list)
    history_url: str = ""
    previous_known: bool = True  # False: changed, but the version before is not kept
    plan_filter: int | None = None
    related: dict = field(default_factory=dict)  # {(model, id): attribute}, filled later


def readable_models(user) -> tuple:
    """The models whose history ``user`` may read here: those they may view or change
    in admin (Django's ModelBackend reads the permissions once per request)."""
    if not user.is_active or not user.is_staff:
        return ()
    return tuple(
        model
        for model in MODELS
        if any(
            user.has_perm(f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}")
            for action in ("view", "change")
        )
    )


def _history_model(model):
    return model.history.model


def _page_keys(models, plan_id):
    """One UNION over the history tables: (history_id, history_date, table index)."""
    parts = []
    for model in models:
        records = _history_model(model).objects.order_by()
        if plan_id is not None:
            records = records.filter(**{"id" if model is Plan else "plan_id": plan_id})
        parts.append(
            records.annotate(
                table=Value(MODELS.index(model), output_field=IntegerField())
            ).values_list("history_id", "history_date", "table")
        )
    first, *rest = parts
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("-history_date", "-history_id")


def _records_with_previous(model, history_ids):
    """The records ``history_ids`` and the version before each, in one query.

    Each row carries ``previous_id``: the history_id of the version before it.
    """
    history = _history_model(model)
    previous = Subquery(
        history.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    wanted = history.objects.filter(history_id__in=history_ids).annotate(previous_id=previous)
    rows = (
        history.objects.filter(
            Q(history_id__in=history_ids) | Q(history_id__in=wanted.values("previous_id"))
        )
        .annotate(previous_id=previous)
        .select_related("history_user")
    )
    return {row.history_id: row for row in rows}


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("Systemet")
    return user.get_full_name() or user.get_username()


def _what(record, model, related) -> str:
    if model is Catalogue:
        return _("Katalog: %(title)s") % {"title": record.title}
    if model is Goal:
        return _("Pejlemærke %(number)s: %(title)s") % {
            "number": record.number,
            "title": record.title,
        }
    if model is FocusArea:
        return _("Fokusområde %(number)s: %(title)s") % {
            "number": record.number,
            "title": record.title,
        }
    if model is Initiative:
        return _("Indsats: %(title)s") % {"title": record.title}
    if model is Plan:
        return _("Handleplan: %(name)s") % {"name": record.name}
    plan = related.get((Plan, record.plan_id), f"#{record.plan_id}")
    if model is Allocation:
        if record.goal_id is None:
            return _("Loft %(year)s i handleplanen „%(plan)s“") % {
                "year": record.year,
                "plan": plan,
            }
        return _("Øremærket %(year)s til „%(goal)s“ i handleplanen „%(plan)s“") % {
            "year": record.year,
            "goal": related.get((Goal, record.goal_id), f"#{record.goal_id}"),
            "plan": plan,
        }
    return _("„%(initiative)s“ i handleplanen „%(plan)s“") % {
        "initiative": related.get((Initiative, record.initiative_id), f"#{record.initiative_id}"),
        "plan": plan,
    }


def _show(value, model_field, related) -> str:
    """A value as an administrator reads it."""
    if value is None or value == "":
        return "–"
    if isinstance(model_field, ForeignKey):
        return str(related.get((model_field.related_model, value), f"#{value}"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, int) and (model_field.name.endswith("amount")):
        return format_kroner(value)
    return Truncator(str(value)).chars(TEXT_LENGTH)


def _diff(record, previous, model):
    """[(model field, old, new)] that changed, in the model's field order."""
    if record.history_type != "~" or previous is None:
        return []
    delta = record.diff_against(previous, excluded_fields=NOT_SHOWN)
    by_name = {change.field: change for change in delta.changes}
    return [
        (model_field, by_name[model_field.name].old, by_name[model_field.name].new)
        for model_field in model._meta.concrete_fields
        if model_field.name in by_name
    ]


def _related_names(wanted: dict, readable) -> dict:
    """{(model, id): name} for ``wanted`` ({model: ids}) of the ``readable`` models (and
    users: the log names who made each change). One query per model."""
    names = {}
    User = get_user_model()
    for model, ids in wanted.items():
        ids = {pk for pk in ids if pk is not None}
        if not ids or (model is not User and model not in readable):
            continue
        if model is User:
            for user in User.objects.filter(pk__in=ids).order_by():
                names[(User, user.pk)] = user.get_full_name() or user.get_username()
        elif model is Plan:
            for pk, name in Plan.objects.filter(pk__in=ids).order_by().values_list("pk", "name"):
                names[(Plan, pk)] = name
        elif model in (Initiative, Catalogue, Goal, FocusArea):
            rows = model.objects.filter(pk__in=ids).order_by().values_list("pk", "title")
            for pk, title in rows:
                names[(model, pk)] = title
    return names


def log_entries(keys, readable) -> list[Entry]:
    """The entries of one page, from its (history_id, history_date, table) keys; other
    objects are named only if their model is one of ``readable``."""
    by_table = defaultdict(list)
    for history_id, _date, table in keys:
        by_table[table].append(history_id)
    records = {table: _records_with_previous(MODELS[table], ids) for table, ids in by_table.items()}

    entries, diffs, wanted = [], [], defaultdict(set)
    for history_id, _date, table in keys:
        model = MODELS[table]
        rows = records[table]
        record = rows.get(history_id)
        if record is None:  # deleted between the two queries
            continue
        previous = rows.get(record.previous_id)
        changed = _diff(record, previous, model)
        for model_field, old, new in changed:
            if isinstance(model_field, ForeignKey):
                wanted[model_field.related_model] |= {old, new}
        if model is PlanItem:
            wanted[Initiative].add(record.initiative_id)
            wanted[Plan].add(record.plan_id)
        if model is Allocation:
            wanted[Plan].add(record.plan_id)
            wanted[Goal].add(record.goal_id)
        opts = model._meta
        entries.append(
            Entry(
                record=record,
                model=model,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                who=_who(record),
                reason=record.history_change_reason or "",
                previous_known=previous is not None or record.history_type != "~",
                history_url=reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.id]
                ),
                plan_filter=record.id if model is Plan else getattr(record, "plan_id", None),
            )
        )
        diffs.append(changed)

    related = _related_names(wanted, readable)
    for entry, changed in zip(entries, diffs, strict=True):
        entry.what = _what(entry.record, entry.model, related)
        entry.changes = [
            Change(
                label=str(model_field.verbose_name),
                old=_show(old, model_field, related),
                new=_show(new, model_field, related),
            )
            for model_field, old, new in changed
        ]
    return entries


def _plan_id(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


@require_safe
@staff_member_required
def audit_log(request):
    readable = readable_models(request.user)
    if not readable:
        return render(request, "audit/forbidden.html", status=403)
    kinds = {
        key: (label, [model for model in models if model in readable])
        for key, (label, models) in KINDS.items()
    }
    kinds = {key: value for key, value in kinds.items() if value[1]}
    kind = request.GET.get("type")
    if kind not in kinds:
        kind = None
    plan_id = _plan_id(request.GET.get("handleplan"))
    if plan_id is not None:
        kind = "handleplaner"
        models = kinds.get(kind, (None, []))[1]
    else:
        models = kinds[kind][1] if kind else readable

    keys = _page_keys(models, plan_id) if models else []
    page = Paginator(keys, PER_PAGE).get_page(request.GET.get("side"))
    entries = log_entries(list(page.object_list), readable)

    plan_name = None
    if plan_id is not None and Plan in readable:  # one query more, for the heading
        plan_name = Plan.objects.filter(pk=plan_id).values_list("name", flat=True).first()
    return render(
        request,
        "audit/log.html",
        {
            "entries": entries,
            "page": page,
            "kind": kind,
            "kinds": [(key, label) for key, (label, _models) in kinds.items()],
            "plan_id": plan_id,
            "plan_name": plan_name,
        },
    )
