"""Catalogue pages, rendered once and shared through the cache (handleplan/pagecache.py).

Rendering a hundred initiatives is most of a catalogue page's time, and that part is
the same for everyone until the catalogue changes. So a page renders it once per
catalogue version (``models.content_version``), language and URL.

- The whole page is kept too (``shared_page``): for visitors, one copy that every visitor
  who is not logged in sees; for a logged-in user, their own, under their plans'
  versions. A visitor's page then comes from the process's memory, which reads the
  catalogue version from the shared cache once a second; a user's visit reads whose
  page it is (handleplan/viewers.py), then the page, from the shared cache.
- When the page itself is not in the cache, the catalogue part is still shared by
  everyone (``cached_fragment``). Where an initiative's "Tilføj til handleplan" controls
  go, the fragment holds a slot; each request fills the slots with the user's own
  controls, or empties them for a visitor (the ``fill_plan_slots`` template tag).
"""

import re
from collections.abc import Callable
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.response import TemplateResponse

from handleplan.pagecache import (
    SHARED_CONTEXT,
    cached_html,
    cached_html_in_process,
    with_csrf_token,
)
from handleplan.viewers import cached_viewer
from prioritisation.controls import controls_key

HEADER_SLOT = "<!--plan-controls-header-->"
SLOTS = re.compile(r"<!--plan-controls(?:-header| (\d+))-->")


def slot(initiative_id: int) -> str:
    """Where the plan controls of one initiative go."""
    return f"<!--plan-controls {int(initiative_id)}-->"


def cached_fragment(name: str, request, render: Callable[[], str]) -> str:
    """``render()``'s HTML for this URL, from the cache unless the catalogues changed.

    One query on a hit with the database cache (the cache rows), none with Redis; on a
    miss, ``render``'s own and the cache's write.
    """
    return cached_html(f"catalogue-{name}", (request.get_full_path(),), render).decode()


VISITOR = ("visitor",)


class _NotShared(Exception):
    """The view answered with something other than a page to share (a 404, a file)."""

    def __init__(self, response):
        self.response = response


def _viewer(request) -> tuple | None:
    """Whose page it is, for the key; None when the page must not come from the cache:
    not a GET, or a message is waiting (it is shown once, to one person).

    A visitor's page is the same for every visitor. A logged-in user's shows their name
    and, for staff, the admin's links, and their own plan controls: described by
    ``_describe``, and kept in the shared cache (handleplan/viewers.py), so a user's
    page loads neither the user nor their plans while neither has changed."""
    if request.method != "GET" or len(get_messages(request)):  # counts, marks none read
        return None
    return cached_viewer(request, _describe) or VISITOR


def _describe(user) -> tuple:
    """A logged-in user's part of the key: ``controls_key``'s two queries."""
    return ("user", user.pk, user.get_full_name(), user.username, user.is_staff) + controls_key(
        user
    )


def shared_page(name: str):
    """A view decorator: the whole page comes from the cache, for visitors and users.

    The key is whose page it is (``_viewer``), the language, the catalogue version and
    the URL: everything else on the page follows from them. The view's page (a
    ``TemplateResponse`` with status 200) is rendered with a placeholder for the CSRF
    token; anything else it answers (a 404, a redirect, an export) is passed on and not
    kept. A visitor's page is also kept in each process's memory
    (``cached_html_in_process``). Queries on a hit: for a visitor none (with the
    database cache, a read of the catalogue version's row once a second, and of the
    page's when this process has no copy); for a user none with Redis, and with the
    database the session and the cache rows (the description of the user, then the
    page). The view's own queries (the catalogue, the initiatives) are not made, nor
    the user's and their plans' while the description holds.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            viewer = _viewer(request)
            if viewer is None:
                return view(request, *args, **kwargs)

            def render() -> str:
                response = view(request, *args, **kwargs)
                if not isinstance(response, TemplateResponse) or response.status_code != 200:
                    raise _NotShared(response)
                response.context_data = {**(response.context_data or {}), **SHARED_CONTEXT}
                return response.render().content.decode()

            # A visitor's page, the same for many, is also kept in this process's memory.
            fetch = cached_html_in_process if viewer == VISITOR else cached_html
            try:
                html = fetch(f"page-{name}", (viewer, request.get_full_path()), render)
            except _NotShared as refused:
                return refused.response
            return HttpResponse(with_csrf_token(html, request))

        return wrapper

    return decorator
