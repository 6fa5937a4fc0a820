"""Shared by the plan views: fetching a plan for its owner, the member check, "next"."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from prioritisation.access import can_build_plans
from prioritisation.changes import ItemGone, PlanConflict, PlanFrozen, PlanGone, PlanNotShared
from prioritisation.models import Plan


def get_plan_for_user(request, pk) -> Plan:
    """The active plan ``pk`` if the user owns it, else 404. One query.

    The owner is part of the query rather than checked afterwards, so a plan that is
    not yours is indistinguishable from one that does not exist.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(
        Plan.objects.active().owned_by(request.user).select_related("catalogue"), pk=pk
    )


def get_plan_for_editing(request, pk) -> Plan:
    """``get_plan_for_user``, refusing an adopted plan (``PlanFrozen``) before any form
    is read, so the answer is the same whatever was posted."""
    plan = get_plan_for_user(request, pk)
    if plan.is_adopted:
        raise PlanFrozen
    return plan


def get_plan_for_reading(request, pk) -> Plan:
    """The active plan ``pk`` if the user owns it or it is shared with the committee,
    else 404. One query; the condition is part of it, as for ``get_plan_for_user``.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(
        Plan.objects.active().readable_by(request.user).select_related("catalogue", "owner"),
        pk=pk,
    )


def plan_key(plan) -> tuple:
    """What names a plan's content in the shared cache (common/pagecache.py): its version
    and time of change, which move on every change to it, its items and its budget; its
    catalogue's content version; its owner's name. The catalogue and owner are joined."""
    owner = plan.owner
    return (
        plan.pk,
        plan.version,
        plan.updated.isoformat(),
        plan.catalogue.content_version,
        owner.get_full_name(),
        owner.username,
    )


FROZEN_MESSAGE = _(
    "Handleplanen er vedtaget og kan ikke ændres eller slettes. Du kan kopiere den til en "
    "ny kladde."
)
CONFLICT_MESSAGE = _(
    "Handleplanen er ændret, siden du åbnede den – i en anden fane eller af en anden. "
    "Din ændring er ikke gemt. Her er handleplanen, som den er nu; prøv igen."
)
GONE_MESSAGE = _("Handleplanen er slettet. Din ændring er ikke gemt.")
ITEM_GONE_MESSAGE = _(
    "Indsatsen er fjernet fra handleplanen, mens du ændrede den. Din ændring er ikke gemt."
)
NOT_SHARED_MESSAGE = _(
    "Handleplanen er ikke delt med udvalget og kan derfor ikke vedtages. Intet er ændret."
)
REFUSALS = {
    PlanFrozen: FROZEN_MESSAGE,
    PlanConflict: CONFLICT_MESSAGE,
    PlanGone: GONE_MESSAGE,
    ItemGone: ITEM_GONE_MESSAGE,
    PlanNotShared: NOT_SHARED_MESSAGE,
}


def refused_writes_shown(view):
    """A write the plan refuses (prioritisation.changes' refusals) becomes a Danish
    message on the plan page as it is now (the workbench, if it was sent from there; the
    plan list, if it is gone); nothing is saved. htmx follows to the same page."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except tuple(REFUSALS) as refusal:
            messages.error(request, REFUSALS[type(refusal)])
            gone = isinstance(refusal, PlanGone)
        if gone:
            target = reverse("prioritisation:plan_list")
        elif from_workbench(request):
            target = reverse("prioritisation:plan_workbench", args=[pk])
        else:
            target = Plan(pk=pk).get_absolute_url()
        if request.htmx:
            return HttpResponseClientRedirect(target)
        return redirect(target)

    return wrapper


# A form of the workbench says so in this field (or the query, for a GET); its answer
# is then the workbench's (prioritisation/views/plan_workbench.py), not the plan page's.
FROM_FIELD = "from"
WORKBENCH = "workbench"


def from_workbench(request) -> bool:
    """Whether the request was sent from the plan's workbench."""
    return WORKBENCH in (request.POST.get(FROM_FIELD), request.GET.get(FROM_FIELD))


def posted_version(request) -> int | None:
    """The plan version a button's form was shown at; None when it sent none."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def member_required(view):
    """Logged in, and a committee member or administrator; a reader gets a Danish 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_build_plans(request.user):
            return render(request, "prioritisation/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def safe_next(request, default: str) -> str:
    """The "next" address posted by a form, if it is a path on this site; else ``default``.

    A path: ``redirect()`` takes anything else ("0", "plan_list") for a view name.
    """
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
