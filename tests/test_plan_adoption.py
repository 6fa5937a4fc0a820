"""Sharing, proposing and adopting a plan; an adopted plan is frozen against the catalogue."""

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import changes
from prioritisation.models import Plan

pytestmark = pytest.mark.django_db


def _url(name, plan, *args):
    return reverse(f"prioritisation:{name}", args=[plan.pk, *args])


def _text(client, plan):
    return client.get(plan.get_absolute_url()).content.decode()


def test_share_and_withdraw(member_client, plan, other_member):
    response = member_client.post(_url("plan_share", plan), follow=True)
    assert "er delt med udvalget" in response.content.decode()
    client = Client()
    client.force_login(other_member)
    shared = client.get(reverse("prioritisation:shared_plans")).content.decode()
    assert plan.name in shared
    text = _text(client, plan)
    assert "Ejer: Mette" in text
    assert "Ret år, omfang og note" not in text  # read only for everyone but the owner
    assert "Ret navn, periode og budget" not in text

    member_client.post(_url("plan_unshare", plan))
    assert plan.name not in client.get(reverse("prioritisation:shared_plans")).content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_propose_shares_and_back_to_draft_keeps_sharing(member_client, plan):
    member_client.post(_url("plan_propose", plan))
    plan.refresh_from_db()
    assert (plan.status, plan.is_shared) == (Plan.Status.PROPOSED, True)
    member_client.post(_url("plan_to_draft", plan))
    plan.refresh_from_db()
    assert (plan.status, plan.is_shared) == (Plan.Status.DRAFT, True)


def test_adopting_as_a_member_is_refused_in_danish(client, other_member, plan):
    changes.share_plan(plan)
    client.force_login(other_member)
    response = client.post(_url("plan_adopt", plan))
    assert response.status_code == 403
    assert "Kun en administrator kan vedtage en handleplan." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT


def _totals_row(text):
    """The per-year totals row of the plan page's budget table."""
    return text.split("Udgifter i alt", 1)[1].split("</tr>", 1)[0]


def test_adopted_plan_keeps_its_figures_and_texts_when_the_catalogue_changes(
    member_client, plan, administrator
):
    changes.share_plan(plan)
    client = Client()
    client.force_login(administrator)
    response = client.post(_url("plan_adopt", plan), follow=True)
    assert "er vedtaget" in response.content.decode()
    before = _totals_row(_text(member_client, plan))
    assert "3.400.000 kr." in before  # Fritidsjob 3,0 mio. + Anonymiseret rekruttering 0,4

    fritidsjob = Initiative.objects.get(title="Fritidsjob")
    fritidsjob.first_year_amount = fritidsjob.later_year_amount = 5_000_000
    fritidsjob.title = "Fritidsjob (ny titel)"
    fritidsjob.save()

    text = _text(member_client, plan)
    assert _totals_row(text) == before
    assert "Kataloget er ændret" not in text
    assert ">Fritidsjob</a>" in text  # the title it was adopted with
    assert "Vedtaget" in text


def test_adopted_plan_cannot_be_edited_or_deleted_only_copied(member_client, plan, administrator):
    changes.share_plan(plan)
    changes.adopt_plan(plan, by=administrator)
    plan.refresh_from_db()
    item = plan.items.first()
    version = plan.version

    for url, data in [
        (_url("plan_edit", plan), {"name": "Nyt navn"}),
        (_url("plan_delete", plan), {}),
        (_url("item_remove", plan, item.pk), {}),
        (_url("item_edit", plan, item.pk), {f"item-{item.pk}-note": "x"}),
    ]:
        response = member_client.post(url, data, follow=True)
        assert "Handleplanen er vedtaget og kan ikke ændres eller slettes." in (
            response.content.decode()
        )
    response = member_client.post(
        reverse("prioritisation:item_add"),
        {"plan": plan.pk, "initiative": Initiative.objects.get(title="Gadehøjskoler").pk},
        follow=True,
    )
    assert "Handleplanen er vedtaget" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.version, plan.deleted_at, plan.items.count()) == (version, None, 2)

    response = member_client.post(_url("plan_duplicate", plan), follow=True)
    copy = Plan.objects.exclude(pk=plan.pk).get()
    assert copy.status == Plan.Status.DRAFT
    assert copy.items.count() == 2
    assert "Kopi af Job og skole" in response.content.decode()


def test_draft_shows_catalogue_changes_and_accepts_them(member_client, plan):
    fritidsjob = Initiative.objects.get(title="Fritidsjob")
    fritidsjob.first_year_amount = fritidsjob.later_year_amount = 3_500_000
    fritidsjob.save()

    text = _text(member_client, plan)
    assert "Kataloget er ændret" in text
    assert "Første år: 3.000.000 kr. i handleplanen, nu 3.500.000 kr. i kataloget" in text
    assert "3.400.000 kr." in _totals_row(text)  # still the agreed figures

    plan.refresh_from_db()
    item = plan.items.get(initiative=fritidsjob)
    response = member_client.post(
        _url("item_accept", plan, item.pk), {"version": plan.version}, follow=True
    )
    text = response.content.decode()
    assert "regner nu med katalogets nye beløb" in text
    assert "Kataloget er ændret" not in text
    assert "3.900.000 kr." in _totals_row(text)  # 3,5 mio. + 0,4 mio.


def test_adopting_asks_first_naming_the_plan_its_totals_and_what_it_freezes(
    client, administrator, make_plan, member
):
    plan = make_plan(
        member,
        name="Job først",
        titles=["Ansættelse af fritidsjobambassadører på flere skoler"],
        ceiling=1_000_000,
    )
    changes.share_plan(plan)
    client.force_login(administrator)
    page = client.get(plan.get_absolute_url()).content.decode()
    confirm = reverse("prioritisation:plan_adopt", args=[plan.pk])
    assert f'href="{confirm}"' in page  # a link to the question, not a button that adopts
    text = client.get(confirm).content.decode()
    assert "Vedtag „Job først“?" in text
    # 400.000 kr. a year, under a ceiling of 1.000.000 kr.
    assert text.count("400.000 kr.") == 4
    assert "1.600.000 kr." in text  # the whole period
    assert "1.000.000 kr." in text
    assert "kan ikke længere ændres" in text
    assert not Plan.objects.get(pk=plan.pk).is_adopted  # asking changes nothing
    client.post(confirm)
    assert Plan.objects.get(pk=plan.pk).is_adopted
