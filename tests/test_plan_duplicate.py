"""Duplicate a plan to try a variant: same items, scale, notes and budget; "Kopi af …"."""

import pytest
from django.urls import reverse

from catalogue.models import Goal
from prioritisation.models import Allocation, Plan

pytestmark = pytest.mark.django_db


def _url(plan):
    return reverse("prioritisation:plan_duplicate", args=[plan.pk])


def test_copies_items_and_budget(member_client, member, make_plan, catalogue):
    plan = make_plan(member, titles=["Fritidsjob", "Anonymiseret rekruttering"], ceiling=5_000_000)
    Allocation.objects.create(
        plan=plan, year=2019, goal=Goal.objects.get(catalogue=catalogue, number=2), amount=10
    )
    plan.items.filter(initiative__title="Fritidsjob").update(
        scale_by="quantity", quantity=100, note="Halv skala"
    )
    response = member_client.post(_url(plan))

    copy = Plan.objects.exclude(pk=plan.pk).get()
    assert response.status_code == 302
    assert response.url == copy.get_absolute_url()
    assert (copy.name, copy.owner, copy.version) == ("Kopi af Job og skole", member, 1)
    assert sorted(copy.items.values_list("initiative__title", "quantity", "note")) == [
        ("Anonymiseret rekruttering", None, ""),
        ("Fritidsjob", 100, "Halv skala"),
    ]
    assert set(copy.allocations.values_list("year", "goal__number", "amount")) == {
        (2019, None, 5_000_000),
        (2020, None, 5_000_000),
        (2021, None, 5_000_000),
        (2022, None, 5_000_000),
        (2019, 2, 10),
    }
    # The original is untouched.
    assert plan.items.count() == 2
    text = member_client.get(response.url).content.decode()
    assert "„Kopi af Job og skole“ er oprettet som kopi af „Job og skole“." in text
    listing = member_client.get(reverse("prioritisation:plan_list")).content.decode()
    assert "Kopi af Job og skole" in listing


def test_copy_has_history(member_client, plan):
    member_client.post(_url(plan))
    copy = Plan.objects.exclude(pk=plan.pk).get()
    assert copy.history.count() == 1
    assert copy.items.first().history.count() == 1


def test_only_by_post(member_client, plan):
    assert member_client.get(_url(plan)).status_code == 405
    assert Plan.objects.count() == 1


def test_other_member_gets_404(client, other_member, plan):
    client.force_login(other_member)
    assert client.post(_url(plan)).status_code == 404
    assert Plan.objects.count() == 1


def test_reader_gets_403(client, reader, plan):
    client.force_login(reader)
    assert client.post(_url(plan)).status_code == 403
