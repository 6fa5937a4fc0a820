"""Whose catalogue page it is, read from the shared cache without loading the user.

A logged-in user's catalogue page is cached with a description of whose page it is
(catalogue.fragments._describe): their name, whether they are staff, their plans' versions
and whether they may make one. Working that out takes three queries (the user, their
plans, their permissions), which cost a member's cached page several times the rest of
it. So the description is kept in the shared cache under the user's id, with
the session auth hash it was made for, and used while:

- the session still names that user, through a backend still in AUTHENTICATION_BACKENDS,
  with the same session auth hash (a new password ends it, as Django's own check does);
- nothing it was made from has changed. Each entry is stamped with two generations,
  random tokens kept in the cache: the user's own, forgotten when the user, their groups
  or permissions, or their plans change (``forget_viewer``), and everyone's, forgotten
  when a group's permissions change (``forget_all_viewers``).

It decides only which cached copy of a catalogue page is shown, pages that visitors may
read too. Every view that writes, or shows a plan, checks ``request.user`` from the
database as before. A change made around the hooks (``QuerySet.update`` on users, SQL)
shows after settings.VIEWER_CACHE_SECONDS at most.
"""

import re
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import constant_time_compare

EVERYONE_KEY = "viewer-generation"
# The logged-in user's id, kept by the browser: only a hint of whose session it sends, so
# that the session and the user's description can be read together (``hinted_viewer``).
VIEWER_COOKIE = "handleplan_viewer"
_USER_ID = re.compile(r"[0-9]{1,19}")


def _generation_key(user_id) -> str:
    return f"viewer-generation:{user_id}"


def _entry_key(user_id) -> str:
    return f"viewer:{user_id}"


def viewer_keys(user_id) -> list[str]:
    """The cache keys ``cached_viewer`` reads for the user, for a caller that reads them
    together with its own in one round trip and passes the answer on as ``found``."""
    return [EVERYONE_KEY, _generation_key(user_id), _entry_key(user_id)]


def hinted_viewer(request) -> str | None:
    """The user id the browser's viewer cookie names, or None.

    Only a hint, read before the session, so that the session and the description can
    be read in one round trip: what was read for it is used only when the session turns
    out to name the same user (``cached_viewer`` checks the rest as always).
    """
    hint = request.COOKIES.get(VIEWER_COOKIE, "")
    return hint if _USER_ID.fullmatch(hint) else None


def remember_viewer(request, response) -> None:
    """Point the browser's viewer cookie at the session's user; clear it once nobody is
    logged in. Like the session cookie: HTTP only, over HTTPS in production, and gone
    when the browser closes."""
    user_id = request.session.get(SESSION_KEY)
    hint = request.COOKIES.get(VIEWER_COOKIE)
    if user_id is not None and hint != str(user_id):
        closing = settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        response.set_cookie(
            VIEWER_COOKIE,
            str(user_id),
            max_age=None if closing else settings.SESSION_COOKIE_AGE,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
    elif user_id is None and hint is not None:
        response.delete_cookie(
            VIEWER_COOKIE,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )


def cached_viewer(request, describe: Callable[..., tuple], *, found=None) -> tuple | None:
    """``describe(request.user)`` for the logged-in user, from the shared cache while it
    holds; None when nobody is logged in.

    On a hit one cache read (none when the caller passes what it read of
    ``viewer_keys`` as ``found``), besides the session's, which Django's session engine
    makes anyway, and no query: the user is not loaded. On a miss, Django's own check of
    the session (the user's query), ``describe``'s queries, and a cache write of the
    description and of any generation that was missing.
    """
    session = request.session
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return None  # nobody logged in: Django's AnonymousUser, without a query
    session_hash = session.get(HASH_SESSION_KEY) or ""
    keys = viewer_keys(user_id)
    if found is None:
        found = cache.get_many(keys)
    generations = (found.get(keys[0]), found.get(keys[1]))
    entry = found.get(keys[2])
    if (
        entry is not None
        and None not in generations
        and entry[0] == generations
        and session.get(BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
        and constant_time_compare(entry[1], session_hash)
    ):
        return entry[2]
    # A missing generation is made before the database is read: a change that commits
    # after this forgets it again, so what is kept below is then not used.
    missing = {
        key: secrets.token_hex(8)
        for key, generation in zip(keys[:2], generations, strict=True)
        if generation is None
    }
    if missing:
        cache.set_many(missing, None)
    generations = tuple(missing.get(key, found.get(key)) for key in keys[:2])
    user = request.user  # Django's check: the backend, the hash, an active user
    if not user.is_authenticated:
        return None
    description = describe(user)
    entry = (generations, user.get_session_auth_hash(), description)
    cache.set(keys[2], entry, settings.VIEWER_CACHE_SECONDS)
    return description


def forget_viewer(user_id, *, using=None) -> None:
    """Stop using the user's cached description once the current transaction commits
    (at once outside one). Not before: a request in between would read the old state
    from the database and keep it under the new generation."""
    transaction.on_commit(lambda: cache.delete(_generation_key(user_id)), using=using)


def forget_all_viewers(*, using=None) -> None:
    """``forget_viewer`` for every user: a group's or a permission's change."""
    transaction.on_commit(lambda: cache.delete(EVERYONE_KEY), using=using)


# Django's auth models are changed by code that is not ours (the admin, manage.py
# commands, log-in itself), so their changes are caught by Django's model signals:
# connected in prioritisation.apps.PrioritisationConfig.ready.


def user_changed(*, instance, using=None, **signal) -> None:
    """A user saved or deleted: their name, staff flag, password or activity."""
    forget_viewer(instance.pk, using=using)


def memberships_changed(*, instance, action, reverse, pk_set, using=None, **signal) -> None:
    """A user's groups or own permissions changed, from either side of the relation."""
    if not action.startswith("post_"):
        return
    if not reverse:
        forget_viewer(instance.pk, using=using)
    elif pk_set:
        for user_id in pk_set:
            forget_viewer(user_id, using=using)
    else:  # group.user_set.clear(): whose, is no longer known
        forget_all_viewers(using=using)


def roles_changed(*, using=None, **signal) -> None:
    """A group's permissions changed, or a group or permission was deleted."""
    if signal.get("action", "post_").startswith("post_"):
        forget_all_viewers(using=using)
