"""manage.py setup_demo: the demo logins, printed with the address the server listens on."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _setup(**options) -> str:
    out = io.StringIO()
    call_command("setup_demo", stdout=out, **options)
    return out.getvalue()


def test_prints_the_address_it_is_given(settings):
    settings.DEBUG = True
    text = _setup(address="0.0.0.0:9000")
    assert "Demo logins at http://0.0.0.0:9000/" in text
    assert "medlem1" in text


def test_running_it_again_keeps_the_demo_users_logged_in(settings, client):
    settings.DEBUG = True
    _setup()
    response = client.post(
        reverse("login"), {"username": "medlem1", "password": "medlem1-demo-2019"}
    )
    assert response.status_code == 302
    _setup()  # scripts/serve again
    page = client.get(reverse("prioritisation:plan_list"))
    assert page.status_code == 200  # still logged in, not sent to the log-in page
