"""Edit one item on the plan page: start and end year, scale, note. Bad input is
explained at the item, and nothing changes."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import changes
from prioritisation.models import PlanItem

pytestmark = pytest.mark.django_db


def _item(plan, title):
    return plan.items.get(initiative__title=title)


def _post(client, plan, item, **fields):
    data = {"start_year": "2019", "end_year": "2022", "note": ""} | fields
    prefix = f"item-{item.pk}-"
    return client.post(
        reverse("prioritisation:item_edit", args=[plan.pk, item.pk]),
        {prefix + name: value for name, value in data.items()},
    )


def test_half_scale_and_a_later_start(member_client, plan):
    leisure = _item(plan, "Fritidsjob")
    before = plan.version
    response = _post(member_client, plan, leisure, start_year="2021", quantity="100", note="Halv")
    assert response.status_code == 302
    assert response.url == f"{plan.get_absolute_url()}#indsats-{leisure.pk}"
    leisure.refresh_from_db()
    assert (leisure.start_year, leisure.end_year, leisure.quantity, leisure.note) == (
        2021,
        2022,
        100,
        "Halv",
    )
    plan.refresh_from_db()
    assert plan.version == before + 1
    text = member_client.get(response.url).content.decode()
    assert "Ændringerne af „Fritidsjob“ er gemt." in text
    # 2019: only anonymiseret rekruttering (400.000); 2021: + 3.000.000 × 100 / 200.
    assert "1.500.000 kr." in text
    assert "100 af 200 unge" in text


def _form_page(client, plan, item, **headers):
    url = reverse("prioritisation:item_edit", args=[plan.pk, item.pk])
    return client.get(url, headers=headers)


def test_the_plan_page_links_each_item_to_its_form(member_client, plan):
    leisure = _item(plan, "Fritidsjob")
    url = reverse("prioritisation:item_edit", args=[plan.pk, leisure.pk])
    page = member_client.get(plan.get_absolute_url()).content.decode()
    # A link per item (htmx puts the form in the row), no fifty forms on the page.
    assert f'<a href="{url}" hx-get="{url}"' in page
    assert page.count("Ret år, omfang og note") == plan.items.count()
    assert 'name="item-' not in page

    response = _form_page(member_client, plan, leisure)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ret år, omfang og note for Fritidsjob" in text
    assert f'href="{plan.get_absolute_url()}#indsats-{leisure.pk}"' in text  # the way back
    assert f'action="{url}"' in text
    assert "Antal i målgruppen" in text
    assert "Kataloget: 200 unge." in text

    # For htmx, only the form: no second page inside the row.
    partial = _form_page(member_client, plan, leisure, HX_Request="true").content.decode()
    assert partial.lstrip().startswith("<form")
    assert "<html" not in partial
    assert "Antal i målgruppen" in partial


def test_the_form_of_an_adopted_plan_is_refused(member_client, plan, administrator):
    leisure = _item(plan, "Fritidsjob")
    changes.share_plan(plan)
    changes.adopt_plan(plan, by=administrator)
    response = _form_page(member_client, plan, leisure)
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    text = member_client.get(response.url).content.decode()
    assert "Handleplanen er vedtaget og kan ikke ændres eller slettes." in text
    assert "Ret år, omfang og note" not in text


def test_units_for_a_per_unit_initiative(member_client, make_plan, member):
    plan = make_plan(member, titles=["Fritidsjobkonsulent udstationeret i de udsatte byområder"])
    item = plan.items.get()
    page = _form_page(member_client, plan, item).content.decode()
    assert "Antal enheder" in page
    assert "Beløbet gælder pr. boligområde." in page
    _post(member_client, plan, item, units="3")
    item.refresh_from_db()
    assert item.units == 3
    # 3 × 100.000 kr. a year, 4 years.
    assert "1.200.000 kr." in member_client.get(plan.get_absolute_url()).content.decode()


def test_larger_variant_where_there_is_one(member_client, plan):
    leisure = _item(plan, "Fritidsjob")
    page = _form_page(member_client, plan, leisure).content.decode()
    assert "Større udgave (ved udvidelse)" in page
    assert "3.800.000 kr. årligt i stedet for katalogets beløb." in page
    _post(member_client, plan, leisure, use_larger_variant="on")
    leisure.refresh_from_db()
    assert leisure.use_larger_variant


def test_fields_that_do_not_apply_are_not_offered_and_ignored(member_client, plan):
    recruiting = _item(plan, "Anonymiseret rekruttering")
    _post(member_client, plan, recruiting, units="7", use_larger_variant="on")
    recruiting.refresh_from_db()
    assert (recruiting.units, recruiting.use_larger_variant) == (1, False)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_year": "2022", "end_year": "2020"}, "Slutåret kan ikke ligge før startåret."),
        ({"quantity": "-5"}, "Antallet skal være mindst 1."),
        ({"quantity": "0"}, "Antallet skal være mindst 1."),
        ({"quantity": "abc"}, "Skriv et helt tal, fx 100."),
        ({"quantity": "1,5"}, "Skriv et helt tal, fx 100."),
        # Digits of other scripts: Python's int() reads them, a person means something else.
        ({"quantity": "１２"}, "Skriv et helt tal med tallene 0–9, fx 100."),
        ({"quantity": "٣"}, "Skriv et helt tal med tallene 0–9, fx 100."),
        ({"quantity": "1\u200b2"}, "Skriv et helt tal, fx 100."),
        ({"start_year": "2018"}, "Vælg et år i perioden."),
        ({"end_year": "abc"}, "Vælg et år i perioden."),
        (
            {"quantity": "100", "use_larger_variant": "on"},
            "Vælg enten et antal eller den større udgave",
        ),
    ],
)
def test_bad_input_is_explained_at_the_item(member_client, plan, fields, message):
    leisure = _item(plan, "Fritidsjob")
    before = plan.version
    response = _post(member_client, plan, leisure, note="Ændret", **fields)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Rettelsen af „Fritidsjob“ er ikke gemt." in text
    assert message in text
    assert "<details open>" in text  # the item's form is open at the error
    # The sums on the page are the saved ones: 400.000 + 3.000.000 in 2019.
    assert "3.400.000 kr." in text
    leisure.refresh_from_db()
    assert (leisure.start_year, leisure.end_year, leisure.quantity, leisure.note) == (
        2019,
        2022,
        None,
        "",
    )
    plan.refresh_from_db()
    assert plan.version == before


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ("-5", "Antallet skal være mindst 1."),
        ("𝟚", "Skriv et helt tal med tallene 0–9, fx 100."),
        ("٢", "Skriv et helt tal med tallene 0–9, fx 100."),
    ],
)
def test_bad_units(member_client, make_plan, member, units, message):
    plan = make_plan(member, titles=["Fritidsjobkonsulent udstationeret i de udsatte byområder"])
    item = plan.items.get()
    response = _post(member_client, plan, item, units=units)
    assert message in response.content.decode()
    item.refresh_from_db()
    assert item.units == 1


def test_other_member_gets_404(client, other_member, plan):
    client.force_login(other_member)
    leisure = _item(plan, "Fritidsjob")
    assert _post(client, plan, leisure, quantity="1").status_code == 404
    leisure.refresh_from_db()
    assert leisure.quantity is None


def test_item_of_another_plan_is_404(member_client, make_plan, other_member, plan):
    theirs = make_plan(other_member, titles=["Gadehøjskoler"]).items.get()
    assert _post(member_client, plan, theirs, note="Kapret").status_code == 404
    theirs.refresh_from_db()
    assert theirs.note == ""


def test_reader_gets_403(client, reader, plan):
    client.force_login(reader)
    assert _post(client, plan, _item(plan, "Fritidsjob")).status_code == 403


def test_start_after_end_is_also_refused_by_the_database(plan):
    item = PlanItem(
        plan=plan,
        initiative=Initiative.objects.get(title="Gadehøjskoler"),
        start_year=2022,
        end_year=2020,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()
