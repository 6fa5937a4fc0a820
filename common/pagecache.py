"""Rendered HTML kept in the shared cache, under keys made from what it shows.

Only HTML that is the same for many readers is kept: a catalogue's cards and its table
(catalogue/views), a plan's page and a comparison (prioritisation/views). Each key holds
the versions of the data the HTML shows: the catalogue's ``content_version`` and the
plans' ``version``, which the model layer moves on every save and delete
(catalogue/apps.py, prioritisation/apps.py). So nothing here is ever deleted or goes
stale: after a change the next request asks for a new key, and the old entry expires
unread. The cache is the database or Redis (settings.CACHES), shared by every app server.

Forms in kept HTML need each reader's own CSRF token. Such HTML is rendered with a
placeholder where ``{% csrf_token %}`` writes the token (``SHARED_CONTEXT``), and
``shared_html`` puts the request's own token there. User text cannot forge the
placeholder: autoescaping turns its quotes into ``&quot;``.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Entries never go stale (their keys hold the versions); this only bounds their memory.
TIMEOUT = 60 * 60

CSRF_PLACEHOLDER = "csrf-token-of-the-request"
SHARED_CONTEXT = {"csrf_token": CSRF_PLACEHOLDER}
_PLACEHOLDER_INPUT = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'


def cached_html(key: tuple, render: Callable[[], str]) -> str:
    """``render()``'s HTML, from the cache when it was rendered for ``key`` before.

    ``key`` names everything the HTML shows (the active language is added here); its
    repr is hashed, so it may hold any text.
    """
    digest = hashlib.sha256(repr((get_language(), key)).encode()).hexdigest()
    name = f"html:{digest}"
    html = cache.get(name)
    if html is None:
        html = str(render())
        cache.set(name, html, TIMEOUT)
    return html


def shared_html(request, key: tuple, render: Callable[[dict], str]) -> SafeString:
    """``cached_html`` of HTML with forms: ``render(SHARED_CONTEXT)`` is kept, and this
    request's CSRF token is put in it. Safe to show as it is: our own templates' output,
    autoescaped when it was rendered."""
    html = cached_html(key, lambda: render(SHARED_CONTEXT))
    if _PLACEHOLDER_INPUT in html:
        token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
        html = html.replace(_PLACEHOLDER_INPUT, token)
    return mark_safe(html)  # noqa: S308 - see the docstring
