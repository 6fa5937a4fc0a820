"""Every plan view checks the owner in its query: another member gets 404 on Mette's
plan for every page and action, a reader gets 403 where a member may change things,
and a visitor is sent to log in."""

import pytest
from django.urls import reverse

from prioritisation.models import Plan

pytestmark = pytest.mark.django_db


def _views(plan):
    item = plan.items.first()
    return [
        ("get", reverse("prioritisation:plan", args=[plan.pk]), {}),
        ("get", reverse("prioritisation:plan_edit", args=[plan.pk]), {}),
        ("post", reverse("prioritisation:plan_edit", args=[plan.pk]), {"name": "x"}),
        ("post", reverse("prioritisation:plan_duplicate", args=[plan.pk]), {}),
        ("get", reverse("prioritisation:plan_delete", args=[plan.pk]), {}),
        ("post", reverse("prioritisation:plan_delete", args=[plan.pk]), {}),
        ("post", reverse("prioritisation:item_edit", args=[plan.pk, item.pk]), {}),
        ("post", reverse("prioritisation:item_remove", args=[plan.pk, item.pk]), {}),
        ("post", reverse("prioritisation:item_add"), {"plan": plan.pk, "initiative": 1}),
    ]


def _snapshot(plan):
    plan.refresh_from_db()
    return (plan.name, plan.version, plan.deleted_at, plan.items.count(), Plan.objects.count())


def test_other_member_gets_404_everywhere(client, other_member, plan):
    before = _snapshot(plan)
    client.force_login(other_member)
    for method, url, data in _views(plan):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert _snapshot(plan) == before


def test_reader_gets_403_on_every_change(client, reader, plan):
    before = _snapshot(plan)
    client.force_login(reader)
    for method, url, data in _views(plan):
        expected = 404 if url == plan.get_absolute_url() else 403  # the page is only shown
        assert getattr(client, method)(url, data).status_code == expected, (method, url)
    assert _snapshot(plan) == before


def test_visitor_is_sent_to_log_in(client, plan):
    before = _snapshot(plan)
    for method, url, data in _views(plan):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response.url.startswith(reverse("login"))
    assert _snapshot(plan) == before
