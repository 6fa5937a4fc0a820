"""The catalogue part of a catalogue page, rendered once and shared through the cache.

Rendering a hundred initiatives is most of a catalogue page's time, and that part is
the same for everyone until the catalogue changes. So a page renders it once per
catalogue version (``models.content_version``), language and URL, and keeps it in the
shared cache (settings.CACHES: the database or Redis, so every app server sees it).
Where an initiative's "Tilføj til handleplan" controls go, the fragment holds a slot;
each request fills the slots with the user's own controls, or empties them for a
visitor (the ``fill_plan_slots`` template tag).
"""

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

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
    url = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"catalogue-fragment:{name}:{get_language()}:{content_version()}:{url}"
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, settings.CATALOGUE_CACHE_SECONDS)
    return html
