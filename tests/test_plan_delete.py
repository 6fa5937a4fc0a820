"""Delete a plan after a confirmation; it moves to "Slettede handleplaner"."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _url(plan):
    return reverse("prioritisation:plan_delete", args=[plan.pk])


def test_asks_first(member_client, plan):
    response = member_client.get(_url(plan))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Slet „Job og skole“?" in text
    assert "Du kan gendanne den under Slettede handleplaner." in text
    plan.refresh_from_db()
    assert plan.deleted_at is None


def test_delete_hides_the_plan_and_keeps_it_restorable(member_client, plan):
    before = plan.version
    response = member_client.post(_url(plan))
    assert response.status_code == 302
    assert response.url == reverse("prioritisation:plan_list")
    plan.refresh_from_db()
    assert plan.deleted_at is not None
    assert plan.version == before + 1
    assert plan.items.count() == 2  # kept for a restore

    listing = member_client.get(response.url).content.decode()
    assert "„Job og skole“ er slettet." in listing
    assert plan.get_absolute_url() not in listing
    assert member_client.get(plan.get_absolute_url()).status_code == 404
    deleted = member_client.get(reverse("prioritisation:deleted_plans")).content.decode()
    assert "Gendan Job og skole" in deleted


def test_other_member_gets_404(client, other_member, plan):
    client.force_login(other_member)
    assert client.get(_url(plan)).status_code == 404
    assert client.post(_url(plan)).status_code == 404
    plan.refresh_from_db()
    assert plan.deleted_at is None


def test_reader_gets_403(client, reader, plan):
    client.force_login(reader)
    assert client.post(_url(plan)).status_code == 403
