"""manage.py generate_data: the benchmark's synthetic data set, at a tiny scale."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.html import escape

from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from catalogue.search import search_initiatives
from common import roles
from prioritisation.budget import plan_budget
from prioritisation.management.commands.generate_data import PLAN_ITEMS
from prioritisation.models import Allocation, Plan, PlanItem

# 20 initiatives a catalogue: fewer than the largest plans want, so some are capped.
TINY = {"catalogues": 2, "initiatives": 40, "users": 5, "plans": 12}


def _generate(**options):
    out = io.StringIO()
    call_command("generate_data", stdout=out, **(TINY | options))
    return out.getvalue()


def _shape(i: Initiative) -> str:
    kind = Initiative.FinancingKind
    if i.larger_variant_amount is not None:
        return "larger_variant"
    if i.financing_kind == kind.ANNUAL:
        if i.later_year_amount is None:
            return "annual_unknown_later"
        return "annual_equal" if i.later_year_amount == i.first_year_amount else "annual_different"
    return str(i.financing_kind)


def _snapshot():
    """Everything generated, without the primary keys."""
    fields = [
        f.name for f in Initiative._meta.concrete_fields if f.name not in ("id", "focus_area")
    ]
    return {
        "catalogues": list(
            Catalogue.objects.order_by("municipality").values_list(
                "municipality", "title", "first_year", "last_year", "introduction"
            )
        ),
        "goals": list(
            Goal.objects.order_by("catalogue__municipality", "number").values_list(
                "catalogue__municipality", "number", "title"
            )
        ),
        "focus_areas": list(
            FocusArea.objects.order_by("goal__catalogue__municipality", "number").values_list(
                "goal__catalogue__municipality", "goal__number", "number", "title", "purpose"
            )
        ),
        "initiatives": list(
            Initiative.objects.order_by(
                "focus_area__goal__catalogue__municipality", "focus_area__number", "position"
            ).values_list(
                "focus_area__goal__catalogue__municipality", "focus_area__number", *fields
            )
        ),
        "users": list(
            get_user_model()
            .objects.order_by("username")
            .values_list("username", "first_name", "last_name", "email", "password", "date_joined")
        ),
        # In the order they were made; "created" is the moment of generation.
        "plans": list(
            Plan.objects.order_by("pk").values_list(
                "owner__username",
                "catalogue__municipality",
                "name",
                "description",
                "first_year",
                "last_year",
                "status",
                "version",
                "updated",
                "shared_at",
                "adopted_at",
                "adopted_by__username",
            )
        ),
        "plan items": list(
            PlanItem.objects.order_by("pk").values_list(
                "plan__name",
                "initiative__title",
                "start_year",
                "end_year",
                "scale_by",
                "scale_amount",
                "scale_share",
                "quantity",
                "units",
                "use_larger_variant",
                "note",
                *PlanItem.AGREED_FIELDS,
                "frozen_texts",
            )
        ),
        "allocations": list(
            Allocation.objects.order_by("pk").values_list(
                "plan__name", "year", "goal__number", "amount"
            )
        ),
    }


@pytest.mark.django_db
def test_counts_shapes_and_valid_initiatives():
    output = _generate()
    assert "2 catalogues, 6 goals, 18 focus areas, 40 initiatives, 5 users" in output
    assert Catalogue.objects.count() == 2
    assert Goal.objects.count() == 6
    assert FocusArea.objects.count() == 18
    assert Initiative.objects.count() == 40
    for catalogue in Catalogue.objects.all():
        assert Initiative.objects.in_catalogue(catalogue).count() == 20
        assert sorted(FocusArea.objects.filter(goal__catalogue=catalogue).values_list(
            "number", flat=True
        )) == list(range(1, 10))  # fmt: skip

    initiatives = list(Initiative.objects.all())
    assert {_shape(i) for i in initiatives} == {
        "annual_equal",
        "annual_different",
        "annual_unknown_later",
        "one_off",
        "per_unit",
        "pay_for_success",
        "not_stated",
        "larger_variant",
    }
    for initiative in initiatives:
        initiative.full_clean()  # field rules and every database constraint

    texts = " ".join(i.title + i.description + i.effect for i in initiatives)
    assert {"æ", "ø", "å"} <= set(texts)
    assert search_initiatives(Initiative.objects.all(), "unge").exists()

    members = get_user_model().objects.filter(groups__name=roles.MEMBER)
    assert members.count() == 5
    user = members.first()
    assert user.check_password("bench-kodeord-2019")
    # One hash shared by all: hashed once, not once per user.
    assert members.values("password").distinct().count() == 1


@pytest.mark.django_db
def test_refuses_a_database_with_data_unless_flush(catalogue):
    with pytest.raises(CommandError, match="already holds data"):
        _generate()
    assert Initiative.objects.count() == 27  # the seed, untouched


def _budget(plan):
    """The plan's budget, loaded as the plan page loads it."""
    items, allocations = plan.budget_rows()
    return plan_budget(plan=plan, items=items, allocations=allocations)


@pytest.mark.django_db
def test_plans_at_the_requested_scale_from_their_own_catalogue():
    output = _generate()
    items = PlanItem.objects.count()
    allocations = Allocation.objects.count()
    assert f"5 users, 12 plans, {items} plan items, {allocations} allocations" in output
    assert Plan.objects.count() == 12

    members = get_user_model().objects.filter(groups__name=roles.MEMBER)
    sizes = []
    for plan in Plan.objects.select_related("catalogue"):
        assert plan.owner in members
        plan.full_clean()  # the period inside the catalogue's, and every constraint
        in_catalogue = Initiative.objects.in_catalogue(plan.catalogue)
        chosen = list(plan.items.values_list("initiative", flat=True))
        assert len(chosen) == len(set(chosen))  # no initiative twice
        assert set(chosen) <= set(in_catalogue.values_list("pk", flat=True))
        assert PLAN_ITEMS[0] <= len(chosen) <= min(PLAN_ITEMS[1], in_catalogue.count())
        sizes.append(len(chosen))
        for allocation in plan.allocations.all():
            allocation.full_clean()
            assert allocation.year in plan.years
            assert allocation.goal is None or allocation.goal.catalogue_id == plan.catalogue_id
    assert sum(sizes) == items
    assert max(sizes) == 20  # a plan that wanted more than its catalogue has got all of it
    # Every member owns plans, spread over them.
    owners = set(Plan.objects.values_list("owner", flat=True))
    assert owners == set(members.values_list("pk", flat=True))
    assert Catalogue.objects.filter(plans__isnull=True).count() == 0


@pytest.mark.django_db
def test_items_are_what_the_app_would_make():
    _generate()
    items = list(PlanItem.objects.select_related("plan", "initiative"))
    for item in items:
        item.full_clean()
        # The catalogue's figures of today: the plan page announces no changed amounts.
        assert item.catalogue_changes() == []
        assert item.plan.first_year <= item.start_year <= item.end_year <= item.plan.last_year
        initiative = item.initiative
        # Only the scales the item form offers for the initiative.
        if item.use_larger_variant:
            assert initiative.larger_variant_amount is not None
            assert item.quantity is None
        if item.quantity is not None:
            assert initiative.target_quantity
            assert item.quantity != initiative.target_quantity
        if item.units != 1:
            assert initiative.financing_kind == Initiative.FinancingKind.PER_UNIT
            assert item.scale_by == PlanItem.Scale.UNITS
        if item.scale_by == PlanItem.Scale.AMOUNT:
            assert initiative.first_year_amount and item.scale_amount >= 1
        if item.scale_by == PlanItem.Scale.SHARE:
            assert item.scale_share > 0
        if item.plan.is_adopted:
            assert item.frozen_texts["title"] == initiative.title
        else:
            assert item.frozen_texts == {}
    # Each way of changing an item occurs.
    assert any(i.use_larger_variant for i in items)
    assert any(i.quantity is not None for i in items)
    assert any(i.units > 1 for i in items)
    assert {i.scale_by for i in items} == set(PlanItem.Scale.values)
    assert any(i.start_year > i.plan.first_year for i in items)
    notes = " ".join(i.note for i in items)
    assert {"æ", "ø", "å"} <= set(notes)


@pytest.mark.django_db
def test_statuses_budgets_and_names():
    _generate()
    plans = list(Plan.objects.all())
    statuses = [plan.status for plan in plans]
    assert set(statuses) == set(Plan.Status.values)
    assert statuses.count(Plan.Status.DRAFT) > len(plans) / 2  # mostly drafts
    for plan in plans:
        if plan.status != Plan.Status.DRAFT:
            assert plan.shared_at is not None
        if plan.is_adopted:
            assert plan.shared_at <= plan.adopted_at == plan.updated
            assert plan.adopted_by.groups.filter(name=roles.ADMINISTRATOR).exists()
            assert not plan.adopted_by.has_usable_password()
        else:
            assert plan.adopted_at is None and plan.adopted_by is None
        # One change for each item added, at least.
        assert plan.version > plan.items.count()

    budgets = [_budget(plan) for plan in plans]
    for plan, budget in zip(plans, budgets, strict=True):
        assert budget.item_count == plan.items.count()
        assert budget.years == tuple(plan.years)
    assert sum(budget.totals.total for budget in budgets) > 0
    assert any(budget.totals.has_limit for budget in budgets)  # ceilings
    assert any(not budget.totals.has_limit for budget in budgets)  # and plans without one
    assert any(goal.totals.has_limit for budget in budgets for goal in budget.goals)  # earmarks
    assert any(item.uses_larger_variant for budget in budgets for item in budget.items)

    names = " ".join(plan.name for plan in plans)
    assert "Forslag" in names or "Udkast" in names
    assert {"æ", "ø", "å"} & set(names)


@pytest.mark.django_db
def test_a_member_opens_their_generated_plan(client):
    _generate()
    plan = Plan.objects.filter(status=Plan.Status.DRAFT).order_by("pk").first()
    client.force_login(plan.owner)
    response = client.get(reverse("prioritisation:plan", args=[plan.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert escape(plan.name) in text
    assert escape(plan.items.first().initiative.title) in text
    assert escape(plan.catalogue.title) in text


@pytest.mark.django_db
def test_no_plans():
    output = _generate(plans=0)
    assert "5 users, 0 plans, 0 plan items, 0 allocations (seed 1)" in output
    assert Plan.objects.count() == 0
    assert Initiative.objects.count() == 40
    # No plans, no administrator to adopt them.
    assert get_user_model().objects.count() == 5


@pytest.mark.django_db
def test_plans_need_members():
    with pytest.raises(CommandError, match="--users 1"):
        _generate(users=0)
    assert not Catalogue.objects.exists()


# Real transactions: flush empties the tables with TRUNCATE on PostgreSQL, which cannot
# run after inserts whose deferred foreign-key checks are still pending.
@pytest.mark.django_db(transaction=True)
def test_same_seed_same_data_and_flush_replaces_it():
    _generate(seed=7)
    first = _snapshot()
    _generate(seed=7, flush=True)
    assert _snapshot() == first
    _generate(seed=8, flush=True)
    other = _snapshot()
    assert other["initiatives"] != first["initiatives"]
    assert other["plan items"] != first["plan items"]
    assert Initiative.objects.count() == 40  # replaced, not added to
    assert Plan.objects.count() == 12


@pytest.mark.django_db
def test_plans_leave_the_steps_before_them_unchanged():
    _generate(plans=0)
    without = _snapshot()
    Plan.objects.all().delete()
    get_user_model().objects.all().delete()
    Initiative.objects.all().delete()
    FocusArea.objects.all().delete()
    Goal.objects.all().delete()
    Catalogue.objects.all().delete()
    _generate()
    with_plans = _snapshot()
    for step in ("catalogues", "goals", "focus_areas", "initiatives"):
        assert with_plans[step] == without[step]
    members = [user for user in with_plans["users"] if user[0] != "forvaltning"]
    assert members == without["users"]
