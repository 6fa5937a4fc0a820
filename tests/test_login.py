"""Log-in in Danish, throttled against guessing, sessions that end; a strict CSP."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "kodeord-til-test"


def _log_in(client, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7"
    )


def test_log_in_page_is_danish(client):
    text = client.get(reverse("login")).content.decode()
    assert "<h1>Log ind</h1>" in text
    assert "Brugernavn" in text and "Adgangskode" in text


def test_wrong_password_says_so_in_danish(client, member):
    text = _log_in(client, "mette", "forkert").content.decode()
    assert "Indtast venligst korrekt brugernavn og adgangskode" in text


def test_log_in_and_the_session_ends_after_a_working_day(client, member):
    response = _log_in(client, "mette", PASSWORD)
    assert response.status_code == 302
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close()


def test_five_wrong_passwords_lock_the_username_out(client, member):
    for _attempt in range(5):
        _log_in(client, "mette", "gæt")
    response = _log_in(client, "mette", PASSWORD)  # even the right password, for now
    assert response.status_code == 429
    assert "Log-in midlertidigt spærret" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_content_security_policy_allows_no_inline_script(client, catalogue):
    response = client.get(reverse("catalogue:overview", args=[catalogue.pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
