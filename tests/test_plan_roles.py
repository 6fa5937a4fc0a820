"""Every plan view, as each role, on a private draft, a shared plan and an adopted one:
the exact status code, and nothing changed where the answer is no.

Roles: a visitor (anonymous), a reader, the owner (Mette, a member), another member
(Bo) and an administrator.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from prioritisation import changes
from prioritisation.models import Plan

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "owner", "other_member", "administrator"]


def _requests(plan, other_plan):
    item = plan.items.first()
    return {
        "plan": ("get", reverse("prioritisation:plan", args=[plan.pk]), {}),
        "edit_form": ("get", reverse("prioritisation:plan_edit", args=[plan.pk]), {}),
        "edit": ("post", reverse("prioritisation:plan_edit", args=[plan.pk]), {"name": ""}),
        "duplicate": ("post", reverse("prioritisation:plan_duplicate", args=[plan.pk]), {}),
        "delete_form": ("get", reverse("prioritisation:plan_delete", args=[plan.pk]), {}),
        "item_edit": (
            "post",
            reverse("prioritisation:item_edit", args=[plan.pk, item.pk]),
            {f"item-{item.pk}-start_year": "2022", f"item-{item.pk}-end_year": "2019"},
        ),
        "item_accept": (
            "post",
            reverse("prioritisation:item_accept", args=[plan.pk, item.pk]),
            {},
        ),
        "share": ("post", reverse("prioritisation:plan_share", args=[plan.pk]), {}),
        "propose": ("post", reverse("prioritisation:plan_propose", args=[plan.pk]), {}),
        "adopt": ("post", reverse("prioritisation:plan_adopt", args=[plan.pk]), {}),
        "shared_list": ("get", reverse("prioritisation:shared_plans"), {}),
        "compare": (
            "get",
            reverse("prioritisation:compare") + f"?plan={plan.pk}&plan={other_plan.pk}",
            {},
        ),
    }


# Expected status per request and role, for each kind of plan. 302 for "anonymous"
# is the way to the log-in page; elsewhere a redirect back with a message or onward.
PRIVATE = {
    #               anonymous reader owner other admin
    "plan": (302, 404, 200, 404, 404),
    "edit_form": (302, 403, 200, 404, 404),
    "edit": (302, 403, 200, 404, 404),  # owner: the form again, with the error
    "duplicate": (302, 403, 302, 404, 404),
    "delete_form": (302, 403, 200, 404, 404),
    "item_edit": (302, 403, 200, 404, 404),  # owner: start after end, explained
    "item_accept": (302, 403, 302, 404, 404),
    "share": (302, 403, 302, 404, 404),
    "propose": (302, 403, 302, 404, 404),
    "adopt": (302, 403, 403, 403, 404),  # only administrators; not shared: not found
    "shared_list": (302, 200, 200, 200, 200),
    "compare": (302, 302, 200, 302, 302),  # others: "not shared with you", back
}
SHARED = {
    **PRIVATE,
    "plan": (302, 200, 200, 200, 200),
    "duplicate": (302, 403, 302, 302, 302),  # a member copies it into a draft of her own
    "adopt": (302, 403, 403, 403, 302),
    "compare": (302, 302, 200, 302, 302),  # the other plan is still Mette's own, unshared
}
ADOPTED = {
    **SHARED,
    "edit_form": (302, 403, 302, 404, 404),  # owner: back to the plan, "vedtaget"
    "edit": (302, 403, 302, 404, 404),
    "delete_form": (302, 403, 302, 404, 404),
    "item_edit": (302, 403, 302, 404, 404),
    "item_accept": (302, 403, 302, 404, 404),
    "propose": (302, 403, 302, 404, 404),
    "adopt": (302, 403, 403, 403, 302),  # already adopted: back with a message
}


@pytest.fixture
def users(member, other_member, reader, administrator):
    return {
        "anonymous": None,
        "reader": reader,
        "owner": member,
        "other_member": other_member,
        "administrator": administrator,
    }


def _plans(make_plan, member, administrator, kind):
    plan = make_plan(member, name="Mettes plan", titles=["Fritidsjob", "Gadehøjskoler"])
    other = make_plan(member, name="Mettes anden plan", titles=["Fritidsjob"])
    if kind in ("shared", "adopted"):
        changes.share_plan(plan)
    if kind == "adopted":
        changes.adopt_plan(plan, by=administrator)
    return plan, other


def _state(plan):
    plan.refresh_from_db()
    return (
        plan.name,
        plan.status,
        plan.shared_at is not None,
        list(plan.items.values_list("start_year", "end_year", "agreed_first_year_amount")),
    )


@pytest.mark.parametrize(
    ("kind", "table"), [("private", PRIVATE), ("shared", SHARED), ("adopted", ADOPTED)]
)
@pytest.mark.parametrize("role", ROLES)
def test_every_view_as_every_role(
    client, make_plan, users, member, administrator, kind, table, role
):
    assert set(table) == set(_requests(*_plans(make_plan, member, administrator, "private")))
    plan, other = _plans(make_plan, member, administrator, kind)
    user = users[role]
    for name, (method, url, data) in _requests(plan, other).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        before = _state(plan)
        response = getattr(client, method)(url, data)
        expected = table[name][ROLES.index(role)]
        assert response.status_code == expected, (kind, role, name, response.status_code)
        if expected in (403, 404) or role == "anonymous":
            assert _state(plan) == before, (kind, role, name)
        # Undo what an allowed request changed, so the next one meets the same plan.
        Plan.objects.filter(pk=plan.pk).update(
            status=plan.status if kind != "adopted" else Plan.Status.ADOPTED,
            shared_at=None if kind == "private" else (plan.shared_at or timezone.now()),
        )
        plan.refresh_from_db()
