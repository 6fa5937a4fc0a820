"""Mødevisning: one plan, a comparison, or Udvalgets billede on the meeting room's
projector, following the owners' changes.

The page asks every second, with htmx polling, whether what it shows has changed. The
poll's address carries what the page showed (the plan's version and its catalogue's,
or a digest of the plans' versions and the query); when that still stands, the poll
answers 204 (htmx swaps nothing) from the session's signed-in user id and one written-
out read (``Plan.objects.versions_for_reader``, ``committee_state``), without loading
the user or rendering anything, since it shows nothing the viewer has not seen. Every
other answer goes through ``login_required`` and the page's own access check, and sends
the new content with the next poll's address.

Polling rather than server-sent events: the app runs on gunicorn's sync workers (README,
bench/run.py), where an open event stream holds a whole worker for as long as the page
is open, so ten viewers would take every worker of a small server; a poll holds one for
about a millisecond. A change appears within the second's poll plus one render.
"""

import hashlib
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from common.pagecache import cached_html, shared_html
from prioritisation import committee
from prioritisation.budget import plan_budget
from prioritisation.chart import bar_chart
from prioritisation.models import Plan

from ._helpers import get_plan_for_reading, plan_key
from .committee import (
    Selection,
    asked_filters,
    clean_query,
    load_picture,
    page_key,
    picture_context,
    select,
)
from .compare import MAX_PLANS, NotCompared, compare_html, compared_plans

CONTENT_TEMPLATE = "prioritisation/_meeting.html"


def meeting_context(plan) -> dict:
    """The projector's content: the budget per year, the bars against the ceiling and
    against each earmark, and the items."""
    items, allocations = plan.budget_rows()
    budget = plan_budget(plan=plan, items=items, allocations=allocations)
    earmarked = [
        {
            "goal": goal_budget.goal,
            "chart_id": f"meeting-goal-chart-{goal_budget.goal.number}",
            # bar_chart reads only the totals: the goal's, whose limits are its earmarks.
            "chart": bar_chart(SimpleNamespace(totals=goal_budget.totals), earmark=True),
        }
        for goal_budget in budget.goals
        if goal_budget.totals.has_limit
    ]
    return {
        "plan": plan,
        "budget": budget,
        "chart": bar_chart(budget),
        "earmarked": earmarked,
    }


def meeting_html(plan) -> str:
    """The content, the same for everyone in the meeting: kept in the shared cache
    under the plan's key, so 50 viewers render it once per change."""
    return cached_html(
        ("meeting", plan_key(plan)),
        lambda: render_to_string(CONTENT_TEMPLATE, meeting_context(plan)),
    )


@login_required
@require_safe
def plan_meeting(request, pk):
    """The plan in meeting mode, for whoever may read it."""
    plan = get_plan_for_reading(request, pk)
    return render(
        request,
        "prioritisation/meeting.html",
        {"plan": plan, "catalogue": plan.catalogue, "meeting_html": meeting_html(plan)},
    )


def _signed_in_user_id(request) -> int | None:
    """The id of the user this session was signed in for (django.contrib.auth keeps it
    under ``SESSION_KEY``; logging out empties the session), without loading the user."""
    try:
        return get_user_model()._meta.pk.to_python(request.session[SESSION_KEY])
    except (KeyError, ValidationError):
        return None


def plan_meeting_poll(request, pk):
    """204 when ``?version=`` and ``?katalog=`` are still the plan's version and its
    catalogue's content version, for the user this session is signed in for: nothing
    rendered, and the user not loaded, since the answer shows nothing the viewer has not
    seen. Any other answer (the new content, the log-in page, 404 for a plan the user
    may not read, or no longer can, 405) comes from ``_changed_plan``, with Django's
    whole log-in check."""
    seen = request.GET.get("version", "")
    user_id = _signed_in_user_id(request)
    asked = user_id is not None and seen.isascii() and seen.isdigit() and len(seen) <= 18
    if (
        asked
        and request.method in ("GET", "HEAD")
        and Plan.objects.versions_for_reader([int(pk)], user_id).get(int(pk))
        == (int(seen), request.GET.get("katalog"))
    ):
        return HttpResponse(status=204)
    return _changed_plan(request, pk)


@login_required
@require_safe
def _changed_plan(request, pk):
    return HttpResponse(meeting_html(get_plan_for_reading(request, pk)))


COMPARE_TEMPLATE = "prioritisation/_compare_meeting.html"


def _compare_seen(user_id: int, query: QueryDict) -> str:
    """The comparison's plans as they stand for the user (each one's version and its
    catalogue's, or None where it may not be read) and the query that shows them, in a
    few characters for the poll's address."""
    ids = [
        int(pk) if pk.isascii() and pk.isdigit() and len(pk) <= 18 else None
        for pk in query.getlist("plan")[:MAX_PLANS]
    ]
    versions = Plan.objects.versions_for_reader([pk for pk in ids if pk is not None], user_id)
    state = [versions.get(pk) for pk in ids]
    return hashlib.sha256(repr((state, query.urlencode())).encode()).hexdigest()[:32]


def compare_meeting_html(request, plans, base_index) -> str:
    """The comparison for the projector, asking every second whether it has changed."""
    query = QueryDict(mutable=True)
    query.setlist("plan", [str(plan.pk) for plan in plans])
    query["basis"] = str(plans[base_index].pk)
    poll = query.copy()
    poll["seen"] = _compare_seen(request.user.pk, query)
    content = compare_html(request, plans, base_index)
    return render_to_string(
        COMPARE_TEMPLATE,
        {
            "poll_url": f"{reverse('prioritisation:compare_meeting_poll')}?{poll.urlencode()}",
            "compare_html": content,
        },
    )


@login_required
@require_safe
def compare_meeting(request):
    """The comparison in meeting mode, for whoever may read every plan in it."""
    try:
        plans, base_index = compared_plans(request)
    except NotCompared as refusal:
        messages.error(request, str(refusal))
        return redirect("prioritisation:plan_list")
    context = {
        "plans": plans,
        "catalogue": plans[0].catalogue,
        "compare_url": f"{reverse('prioritisation:compare')}?{request.GET.urlencode()}",
        "meeting_html": compare_meeting_html(request, plans, base_index),
    }
    return render(request, "prioritisation/compare_meeting.html", context)


def compare_meeting_poll(request):
    """204 when ``?seen=`` names the comparison, as the rest of the query asks for it,
    as it stands for the user this session is signed in for: nothing rendered, the user
    not loaded. Anything else (the new content, the log-in page, 404 when a plan may no
    longer be read, 405) comes from ``_changed_comparison``, with Django's whole log-in
    check."""
    query = request.GET.copy()
    seen = query.pop("seen", [""])[-1]
    user_id = _signed_in_user_id(request)
    if (
        user_id is not None
        and request.method in ("GET", "HEAD")
        and seen == _compare_seen(user_id, query)
    ):
        return HttpResponse(status=204)
    return _changed_comparison(request)


@login_required
@require_safe
def _changed_comparison(request):
    try:
        plans, base_index = compared_plans(request)
    except NotCompared:
        raise Http404 from None
    return HttpResponse(compare_meeting_html(request, plans, base_index))


COMMITTEE_TEMPLATE = "prioritisation/_committee_meeting.html"


def _picture_seen(catalogue_pk: int, query: str) -> str:
    """Udvalgets billede as it stands (``Plan.objects.committee_state``) and the query
    that shows it, in a few characters for the poll's address."""
    state = Plan.objects.committee_state(catalogue_pk)
    return hashlib.sha256(repr((state, query)).encode()).hexdigest()[:32]


def committee_meeting_html(request, selection: Selection, asked: dict, query) -> str:
    """Udvalgets billede for the projector, without its forms: the same for everyone, so
    kept in the shared cache under the picture's ``page_key``."""

    def render_content(_shared) -> str:
        poll = query.copy()
        poll["seen"] = _picture_seen(selection.catalogue.pk, query.urlencode())
        goal = asked["goal"]
        context = {
            "poll_url": f"{reverse('prioritisation:committee_meeting_poll')}?{poll.urlencode()}",
            "catalogue": selection.catalogue,
            "goal": goal and selection.catalogue.goals.filter(number=goal).first(),
            "group_label": committee.GROUPS.get(asked["group"]),
            "picture": None,
        }
        if selection.chosen:
            picture = load_picture(selection)
            context |= picture_context(picture, query, **asked)
        return render_to_string(COMMITTEE_TEMPLATE, context)

    return shared_html(request, ("committee-meeting", page_key(selection, query)), render_content)


@login_required
@require_safe
def committee_meeting(request):
    """Udvalgets billede in meeting mode, for everyone who may see the picture, with its
    query (katalog, plan, pejlemaerke, gruppe, sort)."""
    selection = select(request.GET)
    context = {
        "notices": selection.notices,
        "picture_url": reverse("prioritisation:committee_picture"),
    }
    if selection.catalogue is not None:
        asked = asked_filters(selection.catalogue, request.GET)
        query = clean_query(selection, **asked)
        context |= {
            "catalogue": selection.catalogue,
            "picture_url": f"{context['picture_url']}?{query.urlencode()}",
            "meeting_html": committee_meeting_html(request, selection, asked, query),
        }
    return render(request, "prioritisation/committee_meeting.html", context)


def committee_meeting_poll(request):
    """204 when ``?seen=`` names the picture, as the rest of the query asks for it, as it
    stands, for a signed-in session: nothing rendered, the user not loaded (the picture
    is the same for everyone logged in). Anything else (the new content, the log-in
    page, 404 when no plan is shared with the committee, 405) comes from
    ``_changed_picture``, with Django's whole log-in check."""
    query = request.GET.copy()
    seen = query.pop("seen", [""])[-1]
    catalogue = request.GET.get("katalog", "")
    if (
        _signed_in_user_id(request) is not None
        and request.method in ("GET", "HEAD")
        and catalogue.isascii()
        and catalogue.isdigit()
        and len(catalogue) <= 18
        and seen == _picture_seen(int(catalogue), query.urlencode())
    ):
        return HttpResponse(status=204)
    return _changed_picture(request)


@login_required
@require_safe
def _changed_picture(request):
    selection = select(request.GET)
    if selection.catalogue is None:
        raise Http404
    asked = asked_filters(selection.catalogue, request.GET)
    query = clean_query(selection, **asked)
    return HttpResponse(committee_meeting_html(request, selection, asked, query))
