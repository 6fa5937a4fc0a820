from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Danish for everyone, unless the user picked another language in the menu.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    Danish civil servants run an English browser; the committee's tool speaks Danish.
    The choice is the cookie that Django's set_language view writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


# Longer than any address the app makes (a filtered table's is a few hundred bytes);
# gunicorn refuses request lines over 4 KB before Django sees them, runserver does not.
MAX_QUERY_STRING = 8 * 1024


class QueryStringLimitMiddleware:
    """Refuse an address whose query string is longer than ``MAX_QUERY_STRING`` with a
    Danish page (414), before anything parses it or a template echoes it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return render(request, "uri_too_long.html", status=414)
        return self.get_response(request)
