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


def _log_in_through_proxy(client, forwarded_for, password):
    """A log-in as mette that reached the app through our reverse proxy: the proxy's
    address, and X-Forwarded-For ending in the address the proxy was reached from."""
    return client.post(
        reverse("login"),
        {"username": "mette", "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_a_lock_out_holds_only_the_guessers_address(client, member, settings):
    settings.TRUSTED_PROXIES = 1
    for attempt in range(5):
        # The guesser's own X-Forwarded-For, changed every time, does not help.
        _log_in_through_proxy(client, f"203.0.113.{attempt}, 198.51.100.7", "gæt")
    locked = _log_in_through_proxy(client, "203.0.113.99, 198.51.100.7", PASSWORD)
    assert locked.status_code == 429
    colleague = _log_in_through_proxy(client, "192.0.2.44", PASSWORD)
    assert colleague.status_code == 302  # from her own address, Mette logs in


def test_without_a_proxy_a_forwarded_address_is_not_believed(client, member):
    for attempt in range(5):
        _log_in_through_proxy(client, f"203.0.113.{attempt}", "gæt")
    assert _log_in_through_proxy(client, "192.0.2.44", PASSWORD).status_code == 429


def test_content_security_policy_allows_no_inline_script(client, small_catalogue):
    response = client.get(reverse("catalogue:overview", args=[small_catalogue.pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("username", ["m" * 151, "m" * 300, "ø" * 100_000])
def test_a_username_longer_than_any_is_refused_before_it_is_tried(client, member, username):
    """Found by tests/test_properties_hostile.py on PostgreSQL: a username of over 255
    characters reached django-axes' record of failed log-ins (varchar(255)) and
    answered 500; on SQLite every such try stored the whole username."""
    from axes.models import AccessAttempt

    response = _log_in(client, username, "gæt")
    assert response.status_code == 200
    assert "Denne værdi må højst have 150 tegn" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert _log_in(client, "mette", PASSWORD).status_code == 302
