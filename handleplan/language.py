"""The language menu's view: Django's set_language, guarded by where the browser says
the post comes from instead of by a CSRF token.

The menu is on every page, and on a visitor's page it is the only form. With a token
in it, every visitor would be given a CSRF cookie and every page a newly masked token:
0.2 ms, as much as the rest of a visitor's page from the cache (README, Performance).
All the view can do is set the language cookie, and a forged post is still refused:
browsers tell a site where a form's post comes from, in ``Sec-Fetch-Site`` (and, in
older ones, ``Origin``), and a post from another site is answered with Django's CSRF
failure page, as a post without a token would be. A request with neither header does
not come from a form on another site in a browser.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt

# Sec-Fetch-Site values for a post from our own pages ("none": the user's own doing,
# such as a bookmark; browsers do not send it for a form on another site).
_OWN = {"same-origin", "none"}


@csrf_exempt  # guarded by the request's origin instead; see the module's docstring
def set_language(request):
    """/i18n/setlang/: Django's set_language (a POST sets the language, and anything
    else changes nothing and goes back), for a post only when it comes from our pages."""
    if request.method == "POST" and not comes_from_this_site(request):
        failure = import_string(settings.CSRF_FAILURE_VIEW)
        return failure(request, reason="The post comes from another site.")
    return i18n.set_language(request)


def comes_from_this_site(request) -> bool:
    """False when the browser says the request comes from another site: by
    ``Sec-Fetch-Site``, or else by an ``Origin`` other than this site's own (or one in
    settings.CSRF_TRUSTED_ORIGINS)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in _OWN
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
