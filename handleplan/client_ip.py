"""The address a request came from, for django-axes' log-in throttling.

Behind a reverse proxy every request arrives from the proxy's address, so the throttle
(settings.AXES_LOCKOUT_PARAMETERS: a username from one address) would lock a username
out for everyone at once. Each proxy appends the address it was reached from to
X-Forwarded-For; settings.TRUSTED_PROXIES says how many of ours stand in front of the
app, and only what they appended is believed: what the client itself sent in the
header comes before it and is ignored.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind TRUSTED_PROXIES proxies, the address the outermost one was
    reached from. A request with fewer forwarded addresses than that did not come
    through them all: its REMOTE_ADDR is the best there is."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [address.strip() for address in header.split(",") if address.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
