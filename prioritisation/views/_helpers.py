"""Shared by the plan views: fetching a plan for its owner, the member check, "next"."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from prioritisation.access import can_build_plans
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
    """The "next" address posted by a form, if it is on this site; else ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
