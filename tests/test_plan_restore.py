"""Slettede handleplaner: the owner restores their own; an administrator anyone's."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LIST = reverse("prioritisation:deleted_plans")


@pytest.fixture
def deleted(make_plan, member):
    return make_plan(member, name="Gammelt udkast", deleted_at=timezone.now())


def _restore(client, plan):
    return client.post(reverse("prioritisation:plan_restore", args=[plan.pk]))


def test_owner_sees_and_restores(member_client, deleted, plan):
    text = member_client.get(LIST).content.decode()
    assert "Gammelt udkast" in text
    assert "Job og skole" not in text  # not deleted
    response = _restore(member_client, deleted)
    assert response.status_code == 302
    assert response.url == deleted.get_absolute_url()
    deleted.refresh_from_db()
    assert deleted.deleted_at is None
    assert deleted.version == 2
    assert "„Gammelt udkast“ er gendannet." in member_client.get(response.url).content.decode()


def test_other_member_neither_sees_nor_restores(client, other_member, deleted):
    client.force_login(other_member)
    assert "Gammelt udkast" not in client.get(LIST).content.decode()
    assert _restore(client, deleted).status_code == 404
    deleted.refresh_from_db()
    assert deleted.deleted_at is not None


def test_administrator_restores_any_plan(client, administrator, deleted):
    client.force_login(administrator)
    text = client.get(LIST).content.decode()
    assert "Gammelt udkast" in text
    assert "Mette" in text  # the owner
    response = _restore(client, deleted)
    assert response.url == LIST
    deleted.refresh_from_db()
    assert deleted.deleted_at is None


def test_active_plan_cannot_be_restored(member_client, plan):
    assert _restore(member_client, plan).status_code == 404


def test_only_by_post(member_client, deleted):
    url = reverse("prioritisation:plan_restore", args=[deleted.pk])
    assert member_client.get(url).status_code == 405


def test_empty(member_client):
    assert "Der er ingen slettede handleplaner." in member_client.get(LIST).content.decode()
