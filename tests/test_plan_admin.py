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
    before = Plan.objects.get(pk=plan.pk).version
    ceiling = plan.allocations.get(year=2020)
    url = reverse("admin:prioritisation_allocation_change", args=[ceiling.pk])
    response = admin_client.post(url, {"plan": plan.pk, "year": 2020, "amount": "1200000"})
    assert response.status_code == 302
    ceiling.refresh_from_db()
    assert ceiling.amount == 1_200_000
    assert Plan.objects.get(pk=plan.pk).version == before + 1  # forms and pages see it
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


def _adopted(plan, administrator):
    from prioritisation import changes

    changes.share_plan(plan)
    changes.adopt_plan(Plan.objects.get(pk=plan.pk), by=administrator)
    return Plan.objects.get(pk=plan.pk)


def test_an_adopted_plan_is_read_only_in_admin(admin_client, plan, administrator):
    adopted = _adopted(plan, administrator)
    item = adopted.items.first()
    page = admin_client.get(reverse("admin:prioritisation_plan_change", args=[plan.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="_save"' not in text  # a view, not a form
    response = admin_client.post(
        reverse("admin:prioritisation_plan_change", args=[plan.pk]),
        {"name": "Ændret i admin", "first_year": 2019, "last_year": 2022},
    )
    assert response.status_code == 403
    item_url = reverse("admin:prioritisation_planitem_change", args=[item.pk])
    assert admin_client.post(item_url, {"note": "Ændret"}).status_code == 403
    delete = reverse("admin:prioritisation_plan_delete", args=[plan.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    now = Plan.objects.get(pk=plan.pk)
    assert (now.name, now.version, now.adopted_at) == (
        adopted.name,
        adopted.version,
        adopted.adopted_at,
    )


def test_an_item_cannot_be_added_to_an_adopted_plan_in_admin(admin_client, plan, administrator):
    _adopted(plan, administrator)
    from catalogue.models import Initiative

    growth = Initiative.objects.get(title="Vækstprogram for virksomheder")
    response = admin_client.post(
        reverse("admin:prioritisation_planitem_add"),
        {
            "plan": plan.pk,
            "initiative": growth.pk,
            "start_year": 2019,
            "end_year": 2022,
            "units": 1,
            "scale_by": "catalogue",
            "scale_amount_year": "first",
            "agreed_financing_kind": "not_stated",
        },
    )
    assert response.status_code == 200
    assert "Handleplanen er vedtaget og kan ikke ændres." in response.content.decode()
    assert not plan.items.filter(initiative=growth).exists()


def test_an_item_added_in_admin_counts_the_catalogues_figures(admin_client, plan):
    from catalogue.models import Initiative

    growth = Initiative.objects.get(title="Vækstprogram for virksomheder")
    response = admin_client.post(
        reverse("admin:prioritisation_planitem_add"),
        {
            "plan": plan.pk,
            "initiative": growth.pk,
            "start_year": 2019,
            "end_year": 2022,
            "units": 1,
            "scale_by": "catalogue",
            "scale_amount_year": "first",
            "agreed_financing_kind": "not_stated",
        },
    )
    assert response.status_code == 302
    item = plan.items.get(initiative=growth)
    assert (item.agreed_financing_kind, item.agreed_first_year_amount) == (
        growth.financing_kind,
        growth.first_year_amount,
    )


def test_saving_a_plan_in_admin_keeps_its_time_stamps(admin_client, plan):
    from prioritisation import changes

    changes.share_plan(plan)
    shared = Plan.objects.get(pk=plan.pk)
    url = reverse("admin:prioritisation_plan_change", args=[plan.pk])
    page = admin_client.get(url).context
    form = page["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["name"] = "Omdøbt i admin"
    for inline in page["inline_admin_formsets"]:  # the items and frames as the page has them
        formset = inline.formset
        data |= {
            formset.management_form.add_prefix(name): value
            for name, value in formset.management_form.initial.items()
        }
        for item_form in formset.initial_forms:
            data |= {
                item_form.add_prefix(name): value
                for name, value in item_form.initial.items()
                if value is not None and value is not False
            }
            data[item_form.add_prefix("id")] = item_form.instance.pk
            data[item_form.add_prefix("plan")] = plan.pk
    # Meanwhile the owner withdraws the sharing: the admin's page must not put it back.
    changes.withdraw_sharing(Plan.objects.get(pk=plan.pk))
    response = admin_client.post(url, data)
    errors = response.context and [
        response.context["adminform"].form.errors,
        [f.errors for inline in response.context["inline_admin_formsets"] for f in inline.formset],
    ]
    assert response.status_code == 302, errors
    now = Plan.objects.get(pk=plan.pk)
    assert now.name == "Omdøbt i admin"
    assert now.shared_at is None
    assert now.created == shared.created
