"""Rendered HTML shared through the cache, with each request's own CSRF token put back.

A page that is the same for many requests is rendered once and kept in the shared cache
(settings.CACHES: the database or Redis, so every app server behind a load balancer sees
it). The key names everything the HTML shows; whoever builds it says what that is.

Forms in such HTML need the requester's CSRF token, which differs per browser. So it is
rendered with a placeholder for the token (``SHARED_CONTEXT``), and ``with_csrf_token``
puts the request's own token in its place when the page is served. The placeholder is
replaced only where Django's ``{% csrf_token %}`` wrote it, inside the hidden input's
quoted value: user text cannot produce that, because autoescaping turns its quotes into
``&quot;``.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

CSRF_PLACEHOLDER = "csrf-token-of-the-request"
SHARED_CONTEXT = {"csrf_token": CSRF_PLACEHOLDER}
_PLACEHOLDER_INPUT = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'


def cached_html(kind: str, key: tuple, render: Callable[[], str]) -> str:
    """``render()``'s HTML, from the cache when ``kind`` and ``key`` were rendered before.

    ``key`` holds everything the HTML depends on (versions, the viewer's rights); its
    repr is hashed, so it may hold any text. The active language is added here, as
    every rendered template is translated. One cache read on a hit; on a miss
    ``render``'s own work and one write.
    """
    digest = hashlib.sha256(repr((get_language(), key)).encode()).hexdigest()
    name = f"html:{kind}:{digest}"
    html = cache.get(name)
    if html is None:
        html = str(render())
        cache.set(name, html, settings.CATALOGUE_CACHE_SECONDS)
    return html


def with_csrf_token(html: str, request) -> str:
    """``html`` rendered with ``SHARED_CONTEXT``, with this request's CSRF token in it.

    Asking for the token also sets the CSRF cookie when the browser has none.
    """
    if _PLACEHOLDER_INPUT not in html:
        return html
    return html.replace(
        _PLACEHOLDER_INPUT, f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    )


def shared_html(request, kind: str, key: tuple, render: Callable[[], str]) -> SafeString:
    """``cached_html`` with this request's CSRF token in it, for a page's template.

    Safe to show as it is: it is our own templates' output, autoescaped when rendered.
    """
    return mark_safe(with_csrf_token(cached_html(kind, key, render), request))  # noqa: S308
