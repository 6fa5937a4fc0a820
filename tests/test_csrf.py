"""Cross-site request forgery: a POST without the page's CSRF token changes nothing.

Django's CsrfViewMiddleware guards every POST, the language menu's too. The test client
normally skips the check, so these tests turn it on, as a browser meets it. Every form
on the pages carries the token, also in HTML kept in the shared cache.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def _posts(plan, initiative):
    item = plan.items.first()
    edit = {
        f"item-{item.pk}-start_year": 2019,
        f"item-{item.pk}-end_year": 2022,
        f"item-{item.pk}-note": "Forfalsket",
    }
    return [
        (
            reverse("prioritisation:plan_create"),
            {"name": "Forfalsket", "first_year": 2019, "last_year": 2022},
        ),
        (
            reverse("prioritisation:plan_edit", args=[plan.pk]),
            {"name": "Forfalsket", "first_year": 2019, "last_year": 2022},
        ),
        (reverse("prioritisation:item_add"), {"plan": plan.pk, "initiative": initiative.pk}),
        (reverse("prioritisation:item_edit", args=[plan.pk, item.pk]), edit),
        (reverse("prioritisation:item_remove", args=[plan.pk, item.pk]), {}),
        (reverse("prioritisation:plan_share", args=[plan.pk]), {}),
        (reverse("prioritisation:plan_propose", args=[plan.pk]), {}),
        (reverse("prioritisation:plan_delete", args=[plan.pk]), {}),
        (reverse("prioritisation:plan_duplicate", args=[plan.pk]), {}),
        (reverse("logout"), {}),
    ]


def test_a_post_without_the_token_is_refused_and_changes_nothing(browser, plan):
    initiative = Initiative.objects.get(title="Gadehøjskoler")
    plan.refresh_from_db()
    before = (plan.version, plan.name, Plan.objects.count(), plan.items.count())
    for url, data in _posts(plan, initiative):
        response = browser.post(url, data)
        assert response.status_code == 403, url
    plan.refresh_from_db()
    assert (plan.version, plan.name, Plan.objects.count(), plan.items.count()) == before
    assert "_auth_user_id" in browser.session  # not even logged out


def test_a_post_with_the_pages_token_goes_through(browser, plan):
    page = browser.get(plan.get_absolute_url())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    response = browser.post(
        reverse("prioritisation:plan_share", args=[plan.pk]),
        {"csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_shared


def test_the_log_in_form_needs_the_token_too(member):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "mette", "password": "kodeord-til-test"})
    assert response.status_code == 403


def test_admin_needs_the_token(administrator, catalogue):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    initiative = Initiative.objects.get(title="Fritidsjob")
    response = client.post(
        reverse("admin:catalogue_initiative_delete", args=[initiative.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_every_post_form_carries_the_token(browser, plan, catalogue):
    pages = [
        plan.get_absolute_url(),
        reverse("prioritisation:plan_edit", args=[plan.pk]),
        reverse("prioritisation:plan_delete", args=[plan.pk]),
        reverse("prioritisation:plan_list"),
        reverse("prioritisation:shared_plans"),
        reverse("catalogue:overview", args=[catalogue.pk]),
        reverse("catalogue:table", args=[catalogue.pk]),
        Initiative.objects.get(title="Fritidsjob").get_absolute_url(),
    ]
    for url in pages:
        html = browser.get(url).content.decode()
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S | re.I)
        assert forms, url
        for form in forms:
            assert 'name="csrfmiddlewaretoken"' in form, (url, form[:200])


def _token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_page_from_the_shared_cache_carries_the_readers_own_token(browser, member, plan):
    """The plan page is rendered once and shared (common/pagecache.py); a second
    browser of the same member gets it from the cache, with a token that works for it."""
    first = browser.get(plan.get_absolute_url()).content.decode()
    second_browser = Client(enforce_csrf_checks=True)
    second_browser.force_login(member)
    second = second_browser.get(plan.get_absolute_url())
    assert second.context is None or "budget" not in second.context  # from the cache
    html = second.content.decode()
    assert "csrf-token-of-the-request" not in first + html
    response = second_browser.post(
        reverse("prioritisation:plan_share", args=[plan.pk]), {"csrfmiddlewaretoken": _token(html)}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_shared


def test_the_language_menu_needs_the_pages_token(catalogue):
    visitor = Client(enforce_csrf_checks=True)
    url = reverse("catalogue:overview", args=[catalogue.pk])
    page = visitor.get(url).content.decode()
    forged = visitor.post(reverse("set_language"), {"language": "en", "next": url})
    assert forged.status_code == 403
    assert "django_language" not in forged.cookies
    response = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": url, "csrfmiddlewaretoken": _token(page)},
    )
    assert response.status_code == 302
    assert visitor.cookies["django_language"].value == "en"
    assert "Overview" in visitor.get(url).content.decode()
