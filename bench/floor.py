"""The benchmark's floors: a static page of a chosen size from a minimal Django view,
and the least a write from the workbench can cost.

The page goes through the same gunicorn worker, WSGI handler and middleware as the real
pages, but makes no query and renders no template, so the difference between a page
and the floor of the same size is what the page itself costs. The write floor adds
what every write of a plan does before it changes anything (the session, the user,
the CSRF check, the plan locked in a transaction, its version counted), and answers
with a static fragment. Only routed by the benchmark's own settings (bench/settings.py,
bench/urls.py).
"""

from functools import lru_cache

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from prioritisation.models import Plan

LARGEST = 5_000_000
_HEAD = b'<!doctype html>\n<html lang="da"><head><meta charset="utf-8"><title>Gulv</title></head>'
_TAIL = b"</p></body></html>\n"
_FILLER = b"Gulvet: en statisk side af samme stoerrelse som siden, den sammenlignes med. "


@lru_cache(maxsize=16)  # a few sizes per run; at most 16 × LARGEST bytes
def _page(size: int) -> bytes:
    head = _HEAD + b"<body><p>"
    room = max(0, size - len(head) - len(_TAIL))
    body = (_FILLER * (room // len(_FILLER) + 1))[:room]
    return head + body + _TAIL


def floor(request, size: int):
    """GET /bench/floor/<size>/: exactly ``size`` bytes of HTML (at least the frame)."""
    if size > LARGEST:
        raise Http404("Too large")
    return HttpResponse(_page(size), content_type="text/html; charset=utf-8")


@login_required
@require_POST
def write_floor(request, pk: int, size: int):
    """POST /bench/floor/write/<pk>/<size>/: the user's plan ``pk`` locked and its
    version counted, as every write does; ``size`` bytes of HTML."""
    if size > LARGEST:
        raise Http404("Too large")
    with transaction.atomic():
        plans = Plan.objects.active().owned_by(request.user).select_for_update()
        plan = get_object_or_404(plans, pk=pk)
        Plan.objects.filter(pk=plan.pk).mark_changed()
    return HttpResponse(_page(size), content_type="text/html; charset=utf-8")
