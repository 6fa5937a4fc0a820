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

from catalogue.models import CONTENT_VERSION_KEY, keep_content_version

CSRF_PLACEHOLDER = "csrf-token-of-the-request"
SHARED_CONTEXT = {"csrf_token": CSRF_PLACEHOLDER}
_PLACEHOLDER_INPUT = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'.encode()


def cached_html(kind: str, key: tuple, render: Callable[[], str]) -> bytes:
    """``render()``'s HTML in UTF-8, from the cache when ``kind`` and ``key`` were
    rendered before under the current catalogue version.

    Kept and returned as bytes: a whole page then goes out as it came from the cache,
    where encoding and decoding 50 kB of Danish text cost a visitor's page 0.1 ms.

    ``key`` holds everything else the HTML depends on (the URL, versions of plans, the
    viewer's rights); its repr is hashed, so it may hold any text. The active language
    is added here, as every rendered template is translated. Every page shows
    initiatives, so the HTML is kept with the catalogue version it was rendered under,
    and is used only while that is still the version.

    One cache read for both on a hit, and no query: the version comes from the shared
    cache too (catalogue.models.keep_content_version). On a miss, ``render``'s own
    work and one write; the version's query and write when the cache had none.
    """
    digest = hashlib.sha256(repr((get_language(), key)).encode()).hexdigest()
    name = f"html:{kind}:{digest}"
    found = cache.get_many([CONTENT_VERSION_KEY, name])
    version = found.get(CONTENT_VERSION_KEY) or keep_content_version()
    kept = found.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]
    html = str(render()).encode()
    cache.set(name, (version, html), settings.CATALOGUE_CACHE_SECONDS)
    return html


def with_csrf_token(html: bytes, request) -> bytes:
    """``html`` rendered with ``SHARED_CONTEXT``, with this request's CSRF token in it.

    Asking for the token also sets the CSRF cookie when the browser has none.
    """
    if _PLACEHOLDER_INPUT not in html:
        return html
    token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'.encode()
    return html.replace(_PLACEHOLDER_INPUT, token)


def shared_html(request, kind: str, key: tuple, render: Callable[[], str]) -> SafeString:
    """``cached_html`` with this request's CSRF token in it, for a page's template.

    Safe to show as it is: it is our own templates' output, autoescaped when rendered.
    """
    html = with_csrf_token(cached_html(kind, key, render), request).decode()
    return mark_safe(html)  # noqa: S308
