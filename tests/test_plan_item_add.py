"""Add an initiative to a plan in one click from the catalogue's pages: a plain form
that redirects back with a message, or, with htmx, a partial with a confirmation."""

import pytest
from django.urls import reverse

from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from prioritisation.models import Plan, PlanItem

pytestmark = pytest.mark.django_db

URL = reverse("prioritisation:item_add")
HTMX = {"HX-Request": "true"}


def _initiative(title):
    return Initiative.objects.get(title=title)


def _post(client, plan, initiative, next_url="/katalog/1/", **kwargs):
    pk = initiative.pk if hasattr(initiative, "pk") else initiative
    plan_pk = plan.pk if hasattr(plan, "pk") else plan
    return client.post(URL, {"plan": plan_pk, "initiative": pk, "next": next_url}, **kwargs)


def test_adds_for_the_whole_period_and_redirects_back(member_client, plan, catalogue):
    growth = _initiative("Vækstprogram for virksomheder")
    before = plan.version
    overview = reverse("catalogue:overview", args=[catalogue.pk])
    response = _post(member_client, plan, growth, next_url=overview)
    assert response.status_code == 302
    assert response.url == overview
    item = plan.items.get(initiative=growth)
    assert (item.start_year, item.end_year, item.quantity, item.units) == (2019, 2022, None, 1)
    plan.refresh_from_db()
    assert plan.version == before + 1
    text = member_client.get(overview).content.decode()
    assert "„Vækstprogram for virksomheder“ er tilføjet til „Job og skole“." in text


def test_with_htmx_returns_the_controls_with_a_confirmation(member_client, plan):
    growth = _initiative("Vækstprogram for virksomheder")
    response = _post(member_client, plan, growth, headers=HTMX)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text  # a partial, not a page
    assert 'role="status"' in text
    assert "„Vækstprogram for virksomheder“ er tilføjet til „Job og skole“." in text
    assert "Fjern fra Job og skole" in text  # the next click removes it
    assert plan.items.filter(initiative=growth).exists()


def test_already_in_the_plan_is_said_and_nothing_doubles(member_client, plan):
    before = plan.version
    response = _post(member_client, plan, _initiative("Fritidsjob"), headers=HTMX)
    assert "„Fritidsjob“ er allerede i „Job og skole“." in response.content.decode()
    assert plan.items.count() == 2
    plan.refresh_from_db()
    assert plan.version == before


def test_redirect_back_only_to_this_site(member_client, plan):
    response = _post(
        member_client, plan, _initiative("Gadehøjskoler"), next_url="https://example.com/"
    )
    assert response.url == plan.get_absolute_url()


@pytest.mark.parametrize("initiative", [999_999, "abc", ""])
def test_unknown_initiative_gives_a_message_and_changes_nothing(member_client, plan, initiative):
    response = _post(member_client, plan, initiative)
    assert response.status_code == 302
    text = member_client.get(response.url).content.decode()
    assert "Indsatsen findes ikke i handleplanens katalog. Intet er ændret." in text
    assert plan.items.count() == 2


def test_unknown_initiative_with_htmx_reloads_the_page_to_show_the_message(member_client, plan):
    response = _post(member_client, plan, 999_999, headers=HTMX)
    assert response.headers["HX-Redirect"] == "/katalog/1/"
    assert plan.items.count() == 2


def test_initiative_of_another_catalogue_is_refused(member_client, plan):
    other = Catalogue.objects.create(
        title="Andet katalog", municipality="Aarhus Kommune", first_year=2019, last_year=2022
    )
    area = FocusArea.objects.create(
        goal=Goal.objects.create(catalogue=other, number=1, title="Mål"), number=1, title="Område"
    )
    foreign = Initiative.objects.create(
        focus_area=area, position=1, title="Fremmed indsats", description="Fra Aarhus."
    )
    response = _post(member_client, plan, foreign)
    assert "Indsatsen findes ikke i handleplanens katalog." in (
        member_client.get(response.url).content.decode()
    )
    assert not PlanItem.objects.filter(initiative=foreign).exists()


@pytest.mark.parametrize("plan_pk", ["abc", "", 999_999])
def test_unknown_plan_is_404(member_client, catalogue, plan_pk):
    assert _post(member_client, plan_pk, _initiative("Fritidsjob")).status_code == 404
    assert not PlanItem.objects.exists()


def test_other_members_plan_is_404(client, other_member, plan):
    client.force_login(other_member)
    assert _post(client, plan, _initiative("Gadehøjskoler")).status_code == 404
    assert plan.items.count() == 2


def test_deleted_plan_is_404(member_client, plan):
    Plan.objects.filter(pk=plan.pk).update(deleted_at=plan.updated)
    assert _post(member_client, plan, _initiative("Gadehøjskoler")).status_code == 404


def test_reader_gets_403(client, reader, plan):
    client.force_login(reader)
    assert _post(client, plan, _initiative("Gadehøjskoler")).status_code == 403
    assert plan.items.count() == 2


def test_only_by_post(member_client):
    assert member_client.get(URL).status_code == 405
