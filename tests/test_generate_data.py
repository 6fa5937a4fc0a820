"""manage.py generate_data: the benchmark's synthetic data set, at a tiny scale."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from catalogue.search import search_initiatives
from handleplan import roles

TINY = {"catalogues": 2, "initiatives": 40, "users": 5}


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


@pytest.mark.django_db
def test_plans_come_with_the_prioritisation_data():
    with pytest.raises(CommandError, match="--plans 0"):
        _generate(plans=5)


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
    assert Initiative.objects.count() == 40  # replaced, not added to
