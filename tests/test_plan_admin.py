"""Administrators see every member's plans in Django admin, with filters and history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from prioritisation.demo import DEMO_NAME, ensure_demo_plan
from prioritisation.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_lists_and_filters_plans(admin_client, make_plan, member, other_member):
    make_plan(member, name="Mettes plan")
    make_plan(other_member, name="Bos gamle plan", deleted_at=timezone.now())
    url = reverse("admin:prioritisation_plan_changelist")
    text = admin_client.get(url).content.decode()
    assert "Mettes plan" in text and "Bos gamle plan" in text
    deleted = admin_client.get(url, {"slettet": "ja"}).content.decode()
    assert "Bos gamle plan" in deleted and "Mettes plan" not in deleted


def test_history_of_a_plan(admin_client, plan):
    url = reverse("admin:prioritisation_plan_history", args=[plan.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Job og skole" in response.content.decode()


def test_members_have_no_admin(client, member, plan):
    client.force_login(member)
    response = client.get(reverse("admin:prioritisation_plan_changelist"))
    assert response.status_code == 302  # to the admin's log-in


def test_demo_plan_once(catalogue, member):
    plan = ensure_demo_plan(member, catalogue)
    assert plan.name == DEMO_NAME
    assert plan.items.count() == 5
    assert ensure_demo_plan(member, catalogue) is None
    assert Plan.objects.count() == 1
