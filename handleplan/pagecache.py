"""Rendered HTML shared through the cache, with each request's own CSRF token put back.

A page that is the same for many requests is rendered once and kept in the shared cache
(settings.CACHES: the database or Redis, so every app server behind a load balancer sees
it). The key names everything the HTML shows; whoever builds it says what that is, but
for the catalogue version, which every page follows and which is kept with the HTML. A
visitor's page is also kept in each process's memory (``cached_html_in_process``).

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
from django.core.cache import cache, caches
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from catalogue.models import CONTENT_VERSION_KEY, keep_content_version

CSRF_PLACEHOLDER = "csrf-token-of-the-request"
SHARED_CONTEXT = {"csrf_token": CSRF_PLACEHOLDER}
_PLACEHOLDER_INPUT = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'.encode()


def page_keys(kind: str, key: tuple) -> list[str]:
    """The cache keys ``cached_html`` reads, for a caller that reads them together with
    its own in one round trip and passes the answer on as ``found``."""
    return [CONTENT_VERSION_KEY, _name(kind, key)]


def cached_html(
    kind: str, key: tuple, render: Callable[[], str], *, found: dict | None = None, vouch=None
) -> bytes:
    """``render()``'s HTML in UTF-8, from the cache when ``kind`` and ``key`` were
    rendered before under the current catalogue version.

    Kept and returned as bytes: a whole page then goes out as it came from the cache,
    where encoding and decoding 50 kB of Danish text cost a visitor's page 0.1 ms.

    ``key`` holds everything else the HTML depends on (the URL, versions of plans, the
    viewer's rights); its repr is hashed, so it may hold any text. The active language
    is added here, as every rendered template is translated. Every page shows
    initiatives, so the HTML is kept with the catalogue version it was rendered under,
    and is used only while that is still the version. ``vouch`` is kept with it too,
    and the HTML used only while the caller passes the same: what it depends on that
    the key does not name (a user's page is kept under their id, with the description
    of them it shows).

    One cache read for both on a hit, none when the caller passes what it read of
    ``page_keys`` as ``found``; no query: the version comes from the shared cache too
    (catalogue.models.keep_content_version). On a miss, ``render``'s own work and one
    write; the version's query and write when the cache had none.
    """
    name = _name(kind, key)
    if found is None:
        found = cache.get_many([CONTENT_VERSION_KEY, name])
    stamp = (found.get(CONTENT_VERSION_KEY) or keep_content_version(), vouch)
    kept = found.get(name)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    html = str(render()).encode()
    cache.set(name, (stamp, html), settings.CATALOGUE_CACHE_SECONDS)
    return html


def cached_html_in_process(kind: str, key: tuple, render: Callable[[], str]) -> bytes:
    """``cached_html``, with a copy in this process's memory (settings.CACHES["local"]),
    for a page that many ask for: a visitor's.

    The copy is kept with the catalogue version it shows, and used while that is the
    version. The process reads the version from the shared cache at most once every
    settings.CATALOGUE_VERSION_LOCAL_SECONDS, so a catalogue change made through another
    process reaches its visitors that much later; one made through this process, at
    once (``catalogue.models.forget_content_version``). Nothing is read from the shared
    cache on a hit, and no query is made.
    """
    local = caches["local"]
    version = local.get(CONTENT_VERSION_KEY)
    if version is None:
        version = cache.get(CONTENT_VERSION_KEY) or keep_content_version()
        local.set(CONTENT_VERSION_KEY, version, settings.CATALOGUE_VERSION_LOCAL_SECONDS)
    name = _name(kind, key)
    kept = local.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]
    html = cached_html(kind, key, render)
    local.set(name, (version, html), settings.CATALOGUE_CACHE_SECONDS)
    return html


def _name(kind: str, key: tuple) -> str:
    """The cache key: ``kind``, and a hash of ``key`` and the active language."""
    digest = hashlib.sha256(repr((get_language(), key)).encode()).hexdigest()
    return f"html:{kind}:{digest}"


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
