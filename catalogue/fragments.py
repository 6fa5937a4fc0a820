"""Catalogue pages, rendered once and shared through the cache (handleplan/pagecache.py).

Rendering a hundred initiatives is most of a catalogue page's time, and that part is
the same for everyone until the catalogue changes. So a page renders it once per
catalogue version (``models.content_version``), language and URL.

- A visitor who is not logged in sees the same page as every other visitor: the whole
  page is kept (``shared_with_visitors``), and a visit is the version, the cache read
  and the CSRF token of the language menu.
- A logged-in user's page holds their own "Tilføj til handleplan" controls, so only the
  catalogue part is kept (``cached_fragment``). Where an initiative's controls go, the
  fragment holds a slot; each request fills the slots with the user's own controls (the
  ``fill_plan_slots`` template tag).
"""

import re
from collections.abc import Callable
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from handleplan.pagecache import SHARED_CONTEXT, cached_html, with_csrf_token

from .models import content_version

HEADER_SLOT = "<!--plan-controls-header-->"
SLOTS = re.compile(r"<!--plan-controls(?:-header| (\d+))-->")


def slot(initiative_id: int) -> str:
    """Where the plan controls of one initiative go."""
    return f"<!--plan-controls {int(initiative_id)}-->"


def cached_fragment(name: str, request, render: Callable[[], str]) -> str:
    """``render()``'s HTML for this URL, from the cache unless the catalogues changed.

    Two queries on a hit with the database cache (the version, the cache row), one
    with Redis; on a miss, ``render``'s own and the cache's write.
    """
    key = (get_language(), content_version(), request.get_full_path())
    return cached_html(f"catalogue-{name}", key, render)


class _NotShared(Exception):
    """The view answered with something other than a page to share (a 404, a file)."""

    def __init__(self, response):
        self.response = response


def shared_with_visitors(name: str):
    """A view decorator: a visitor's page comes whole from the cache.

    Only for a GET by someone not logged in with no message waiting (a message is
    shown once, to one person). Everything else on such a page follows from the URL,
    the language and the catalogue version, which are the key. The view's page
    (a ``TemplateResponse`` with status 200) is rendered with a placeholder for the
    CSRF token; anything else it answers (a 404, a redirect, an export) is passed on
    and not kept. Queries on a hit: the version and, with the database cache, the
    cache row; the catalogue itself is not read.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method != "GET"
                or request.user.is_authenticated
                or len(get_messages(request))  # counts without marking them as read
            ):
                return view(request, *args, **kwargs)

            def render() -> str:
                response = view(request, *args, **kwargs)
                if not isinstance(response, TemplateResponse) or response.status_code != 200:
                    raise _NotShared(response)
                response.context_data = {**(response.context_data or {}), **SHARED_CONTEXT}
                return response.render().content.decode()

            key = (get_language(), content_version(), request.get_full_path())
            try:
                html = cached_html(f"visitor-page-{name}", key, render)
            except _NotShared as refused:
                return refused.response
            return HttpResponse(with_csrf_token(html, request))

        return wrapper

    return decorator
