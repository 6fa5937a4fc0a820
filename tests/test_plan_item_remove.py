"""Remove an initiative from a plan in one click, from the plan page or the catalogue."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _url(plan, item):
    return reverse("prioritisation:item_remove", args=[plan.pk, item.pk])


def test_removes_and_goes_back_to_the_plan(member_client, plan):
    item = plan.items.get(initiative__title="Fritidsjob")
    before = plan.version
    response = member_client.post(_url(plan, item))
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert list(plan.items.values_list("initiative__title", flat=True)) == [
        "Anonymiseret rekruttering"
    ]
    plan.refresh_from_db()
    assert plan.version == before + 1
    text = member_client.get(response.url).content.decode()
    assert "„Fritidsjob“ er fjernet fra „Job og skole“." in text
    # 2019 is now only Anonymiseret rekruttering's 400.000 kr.
    assert "12.000.000 kr." not in text


def test_with_htmx_returns_the_controls_to_add_it_again(member_client, plan, catalogue):
    item = plan.items.get(initiative__title="Fritidsjob")
    response = member_client.post(
        _url(plan, item),
        {"next": reverse("catalogue:overview", args=[catalogue.pk])},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert "„Fritidsjob“ er fjernet fra „Job og skole“." in text
    assert "Tilføj til Job og skole" in text
    assert not plan.items.filter(pk=item.pk).exists()


def test_other_member_gets_404(client, other_member, plan):
    client.force_login(other_member)
    item = plan.items.first()
    assert client.post(_url(plan, item)).status_code == 404
    assert plan.items.count() == 2


def test_item_of_another_plan_is_404(member_client, make_plan, member, other_member, plan):
    # Mette's own plan id with Bo's item id: the item is looked up inside the plan.
    theirs = make_plan(other_member, titles=["Gadehøjskoler"])
    response = member_client.post(_url(plan, theirs.items.get()))
    assert response.status_code == 404
    assert theirs.items.count() == 1


def test_reader_gets_403(client, reader, plan):
    client.force_login(reader)
    assert client.post(_url(plan, plan.items.first())).status_code == 403


def test_only_by_post(member_client, plan):
    assert member_client.get(_url(plan, plan.items.first())).status_code == 405
