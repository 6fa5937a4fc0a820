"""The administration edits the catalogue in Django admin, in Danish; bad input saves nothing."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from catalogue.models import Initiative

pytestmark = pytest.mark.django_db


def _change_url(initiative):
    return reverse("admin:catalogue_initiative_change", args=[initiative.pk])


def _form_data(initiative, **changes):
    data = {k: ("" if v is None else v) for k, v in model_to_dict(initiative).items()}
    data["starred"] = "on" if initiative.starred else ""
    data["target_is_minimum"] = "on" if initiative.target_is_minimum else ""
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False and k != "id"}


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_admin_lists_all_27_initiatives(admin_client, catalogue):
    response = admin_client.get(reverse("admin:catalogue_initiative_changelist"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "27 indsatser" in text
    assert "Anonymiseret rekruttering" in text
    assert "4.400.000 kr." in text


def test_filters_by_goal_and_financing_kind(admin_client, catalogue):
    response = admin_client.get(
        reverse("admin:catalogue_initiative_changelist"),
        {"financing_kind__exact": "not_stated"},
    )
    text = response.content.decode()
    assert "2 indsatser" in text
    assert "Styrket ligebehandling på boligmarkedet" in text


def test_amount_typed_the_danish_way_is_saved(admin_client, catalogue):
    initiative = Initiative.objects.get(title="Fritidsjob")
    response = admin_client.post(
        _change_url(initiative),
        _form_data(initiative, first_year_amount="3.100.000", later_year_amount="3.100.000 kr."),
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.first_year_amount == 3_100_000


@pytest.mark.parametrize(
    ("title", "changes", "message"),
    [
        (
            "Fritidsjob",
            {"first_year_amount": "-5"},
            "Et beløb kan ikke være negativt.",
        ),
        ("Fritidsjob", {"first_year_amount": "tre mio"}, "Skriv et beløb med tallene 0–9"),
        (
            "Fritidsjob",
            {"first_year_amount": "3,5"},
            "Skriv hele kroner uden øre, eller millioner med „mio.“, fx 4,4 mio.",
        ),
        (
            "Vækstprogram for virksomheder",
            {"later_year_amount": "100.000"},
            "Et engangsbeløb har et beløb for første år og intet for de efterfølgende år.",
        ),
        (
            "Styrket ligebehandling på boligmarkedet",
            {"first_year_amount": "500000"},
            "Finansieringsformen &#x27;ikke oplyst&#x27; kan ikke have beløb.",
        ),
        (
            "Beskæftigelsesforløb i samarbejde med civilsamfundet",
            {"success_payment_amount": ""},
            "Betaling ved resultat har kun et betinget beløb",
        ),
    ],
)
def test_bad_input_gets_a_danish_message_and_saves_nothing(
    admin_client, catalogue, title, changes, message
):
    initiative = Initiative.objects.get(title=title)
    before = model_to_dict(initiative)
    response = admin_client.post(_change_url(initiative), _form_data(initiative, **changes))
    assert response.status_code == 200  # the form again, not a redirect
    assert message in response.content.decode()
    initiative.refresh_from_db()
    assert model_to_dict(initiative) == before


def test_every_change_is_kept_with_who_and_when(admin_client, administrator, catalogue):
    initiative = Initiative.objects.get(title="Fritidsjob")
    admin_client.post(
        _change_url(initiative), _form_data(initiative, first_year_amount="3.200.000")
    )
    latest = initiative.history.latest()
    assert latest.history_user == administrator
    assert latest.first_year_amount == 3_200_000
    response = admin_client.get(reverse("admin:catalogue_initiative_history", args=[initiative.pk]))
    assert "anne" in response.content.decode()


def test_committee_member_cannot_edit_the_catalogue(client, member, catalogue):
    client.force_login(member)
    response = client.get(reverse("admin:catalogue_initiative_changelist"))
    assert response.status_code == 302  # to the admin log-in: members are not staff


def test_amounts_are_shown_the_danish_way_in_a_text_input(admin_client, catalogue):
    initiative = Initiative.objects.get(title="Håndholdt og kontinuerlig virksomhedsindsats")
    text = admin_client.get(_change_url(initiative)).content.decode()
    # A browser's number input would refuse "4.400.000" when the administrator saves.
    assert 'type="text" name="first_year_amount" value="4.400.000"' in text
