"""Administrators see every member's plans in Django admin, with filters and history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Goal
from prioritisation.demo import DEMO_NAME, ensure_demo_plan
from prioritisation.models import Allocation, Plan
from tests.factories import make_catalogue

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


def test_a_ceiling_changed_in_admin_is_a_change_to_its_plan(admin_client, make_plan, member):
    plan = make_plan(member, ceiling=1_000_000)
    ceiling = plan.allocations.get(year=2020)
    url = reverse("admin:prioritisation_allocation_change", args=[ceiling.pk])
    response = admin_client.post(url, {"plan": plan.pk, "year": 2020, "amount": "1200000"})
    assert response.status_code == 302
    ceiling.refresh_from_db()
    assert ceiling.amount == 1_200_000
    assert Plan.objects.get(pk=plan.pk).version == plan.version + 1  # the plan page moves on
    history = admin_client.get(
        reverse("admin:prioritisation_allocation_history", args=[ceiling.pk])
    )
    assert history.status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"year": 2024}, "Året skal ligge i handleplanens periode, 2019–2022."),
        ({"goal": "other catalogue"}, "Pejlemærket skal høre til handleplanens katalog."),
    ],
)
def test_a_budget_frame_outside_its_plan_is_refused_in_danish(admin_client, plan, change, message):
    if change.get("goal") == "other catalogue":
        other = make_catalogue(initiatives=1, municipality="Andrup Kommune")
        change = {"goal": Goal.objects.get(catalogue=other, number=1).pk}
    data = {"plan": plan.pk, "year": 2020, "amount": "500000"} | change
    response = admin_client.post(reverse("admin:prioritisation_allocation_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Allocation.objects.exists()


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
