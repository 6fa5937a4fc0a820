"""Catalogue pages, rendered once and shared through the cache (handleplan/pagecache.py).

Rendering a hundred initiatives is most of a catalogue page's time, and that part is
the same for everyone until the catalogue changes. So a page renders it once per
catalogue version (``models.content_version``), language and URL.

- The whole page is kept too (``shared_page``): for visitors, one copy that every visitor
  who is not logged in sees; for a logged-in user, their own, under their plans'
  versions. A visitor's page then comes from the process's memory, which reads the
  catalogue version from the shared cache once a second; a user's visit reads whose
  page it is (handleplan/viewers.py) and the page from the shared cache, in one read.
- When the page itself is not in the cache, the catalogue part is still shared by
  everyone (``cached_fragment``). Where an initiative's "Tilføj til handleplan" controls
  go, the fragment holds a slot; each request fills the slots with the user's own
  controls, or empties them for a visitor (the ``fill_plan_slots`` template tag).
"""

import re
from collections.abc import Callable
from functools import wraps

from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import TemplateResponse

from handleplan.pagecache import (
    SHARED_CONTEXT,
    cached_html,
    cached_html_in_process,
    page_keys,
    with_csrf_token,
)
from handleplan.viewers import cached_viewer, hinted_viewer, remember_viewer, viewer_keys
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


def _describe(user) -> tuple:
    """Whose page it is, for a logged-in user: their name and, for staff, the admin's
    links, and their own plan controls (``controls_key``: two queries)."""
    return ("user", user.pk, user.get_full_name(), user.username, user.is_staff) + controls_key(
        user
    )


def _user_key(user_id: str, url: str) -> tuple:
    return (("user", user_id), url)


def _reads_ahead(request) -> bool:
    """Whether the session can be read together with a page (handleplan/sessions.py,
    the engine with Redis); only then does the browser get the viewer cookie."""
    return hasattr(request.session, "read_with")


def _read_ahead(request, kind: str) -> tuple[str | None, dict | None]:
    """For a browser whose viewer cookie names a user: the session, the description of
    that user and their page, read from the cache in one round trip, before anything
    else loads the session. Returns the user id the cookie named and what was read;
    (None, None) when nothing was read."""
    hint = hinted_viewer(request)
    if hint is None or not _reads_ahead(request):
        return None, None
    keys = viewer_keys(hint) + page_keys(kind, _user_key(hint, request.get_full_path()))
    return hint, request.session.read_with(keys)


def _cached_page(request, kind: str, render: Callable[[], str], ahead=(None, None)) -> bytes:
    """The page for this URL and viewer, from the cache.

    A logged-in user's page is kept under their id and the URL, with the description of
    them it shows (``_describe``), and used while the shared cache still describes them
    so (handleplan/viewers.py): both are read in one round trip, or read already with
    the session when the viewer cookie named the session's user (``_read_ahead``). A
    visitor's page is the same for every visitor, and also kept in this process's memory.
    """
    url = request.get_full_path()
    user_id = request.session.get(SESSION_KEY)
    if user_id is not None:
        key = _user_key(user_id, url)
        hint, found = ahead
        if found is None or hint != user_id:
            found = cache.get_many(viewer_keys(user_id) + page_keys(kind, key))
        description = cached_viewer(request, _describe, found=found)
        if description is not None:
            return cached_html(kind, key, render, found=found, vouch=description)
    # Nobody logged in, or Django's check of the session found it no longer holds.
    return cached_html_in_process(kind, (VISITOR, url), render)


def shared_page(name: str):
    """A view decorator: the whole page comes from the cache, for visitors and users.

    A page is kept per viewer (``_cached_page``), language, catalogue version and URL:
    everything else on it follows from them. The view's page (a ``TemplateResponse``
    with status 200) is rendered with a placeholder for the CSRF token; anything else it
    answers (a 404, a redirect, an export) is passed on and not kept. Queries on a hit:
    for a visitor none (with the database cache, a read of the catalogue version's row
    once a second, and of the page's when this process has no copy); for a user none
    with Redis (one round trip to it for the session, the description of the user and
    the page, once the browser has the viewer cookie that the first page sets), and with
    the database the session and one read of the cache rows. The view's own queries (the
    catalogue, the initiatives) are not made, nor the user's and their plans' while the
    description holds.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Not from the cache: a POST, or a waiting message (shown once, to one person).
            if request.method != "GET":
                return view(request, *args, **kwargs)
            kind = f"page-{name}"
            ahead = _read_ahead(request, kind)
            if len(get_messages(request)):  # marks none read
                return view(request, *args, **kwargs)

            def render() -> str:
                response = view(request, *args, **kwargs)
                if not isinstance(response, TemplateResponse) or response.status_code != 200:
                    raise _NotShared(response)
                response.context_data = {**(response.context_data or {}), **SHARED_CONTEXT}
                return response.render().content.decode()

            try:
                html = _cached_page(request, kind, render, ahead)
            except _NotShared as refused:
                return refused.response
            response = HttpResponse(with_csrf_token(html, request))
            if _reads_ahead(request):
                remember_viewer(request, response)
            return response

        return wrapper

    return decorator
