"""What one read of, and one write to, the shared cache cost in queries: none with Redis
(settings.CACHES when REDIS_URL is set); a read and five statements with the database
cache (its size, a savepoint, the key, the insert, the release). With Redis, sessions are
read from it too."""

from django.conf import settings

CACHE_READ = 0 if settings.REDIS_URL else 1
# A logged-in request's session: read from the database, or from Redis (cached_db).
SESSION_READ = 0 if settings.REDIS_URL else 1
CACHE_WRITE = 0 if settings.REDIS_URL else 5
