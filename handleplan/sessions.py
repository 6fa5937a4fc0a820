"""Django's cached_db sessions, whose read from the cache a page can share.

A member's catalogue page from the cache needs three things from Redis: the session,
the description of its user and the page (catalogue/fragments.py). Each round trip
costs a tenth of a millisecond of CPU, as much as a third of the rest of such a page.
``read_with`` reads the session together with the page's own keys, in one round trip;
the session then loads from what was read, as cached_db would have loaded it.
settings.SESSION_ENGINE uses this engine when REDIS_URL is set.
"""

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import DEFAULT_CACHE_ALIAS


class SessionStore(cached_db.SessionStore):
    _read_ahead = None  # the session's data, read from the cache by read_with

    def read_with(self, keys: list[str]) -> dict | None:
        """The default cache's values of ``keys`` (missing ones left out), read in one
        round trip with this session's own data, which loading the session then uses.

        None, and nothing read, when the browser sent no session, the session was
        loaded already, or sessions are kept in another cache than the default.
        """
        if (
            self.session_key is None
            or self.accessed
            or settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS
        ):
            return None
        found = self._cache.get_many([self.cache_key, *keys])
        self._read_ahead = found.pop(self.cache_key, None)
        return found

    def load(self):
        """cached_db's load, from what ``read_with`` read when it read the session."""
        data, self._read_ahead = self._read_ahead, None
        return data if data is not None else super().load()
