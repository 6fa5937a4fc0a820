"""Edit one item on the plan page: start and end year, scale, udvalgets eget beløb,
note. The scale is what the member means (an amount, a share, a quantity, units); the
form says what it comes to before it is saved. Bad input is explained at the item, in
Danish, and nothing changes."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import changes
from prioritisation.models import PlanItem
from tests.queries import SESSION_READ

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
    assert (leisure.start_year, leisure.end_year, leisure.note) == (2021, 2022, "Halv")
    assert (leisure.scale_by, leisure.quantity) == ("quantity", 100)
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
    # One clearly named field for the units, and no quantity field beside it: the
    # catalogue's 35 unge are per boligområde.
    assert f'<label for="id_item-{item.pk}-units">Antal boligområder</label>' in page
    assert "Katalogets beløb gælder pr. boligområde: 100.000 kr. om året." in page
    assert "Målgruppen: 35 unge pr. boligområde." in page
    assert "Antal i målgruppen</label>" not in page
    assert f'name="item-{item.pk}-quantity"' not in page
    _post(member_client, plan, item, units="3")
    item.refresh_from_db()
    assert (item.scale_by, item.units) == ("units", 3)
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
    assert leisure.scale_by == "catalogue"


def test_fields_that_do_not_apply_are_not_offered_and_ignored(member_client, plan):
    recruiting = _item(plan, "Anonymiseret rekruttering")
    _post(
        member_client,
        plan,
        recruiting,
        units="7",
        use_larger_variant="on",
        own_first_year_amount="1.000",
        own_later_year_amount="1.000",
    )
    recruiting.refresh_from_db()
    assert (recruiting.scale_by, recruiting.units, recruiting.use_larger_variant) == (
        "catalogue",
        1,
        False,
    )
    assert (recruiting.own_first_year_amount, recruiting.own_later_year_amount) == (None, None)


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
        (
            {"scale_share": "50", "use_larger_variant": "on"},
            "Vælg enten et beløb eller en andel – eller den større udgave",
        ),
        (
            {"scale_amount": "1 mio.", "use_larger_variant": "on"},
            "Vælg enten et beløb eller en andel – eller den større udgave",
        ),
        ({"scale_amount": "abc"}, "Skriv et beløb med tallene 0–9, fx 4.400.000 eller 4,4 mio."),
        ({"scale_amount": "1,5"}, "Skriv hele kroner uden øre, eller millioner med „mio.“"),
        ({"scale_amount": "0"}, "Beløbet skal være mindst 1 kr."),
        ({"scale_amount": "-5"}, "Et beløb kan ikke være negativt."),
        ({"scale_amount": "9" * 13}, "Beløbet er for stort: højst 999.999.999.999 kr."),
        ({"scale_share": "0"}, "Andelen skal være over 0 %."),
        ({"scale_share": "-5 %"}, "Andelen skal være over 0 %."),
        ({"scale_share": "12.5"}, "Skriv decimaler med komma, fx 12,5 %."),
        ({"scale_share": "12,345"}, "Skriv højst to decimaler, fx 12,25 %."),
        ({"scale_share": "halvdelen"}, "Skriv en andel i procent med tallene 0–9"),
        ({"scale_share": "20000"}, "Andelen er for stor: højst 10.000 %."),
        ({"scale_share": "5" * 30}, "Andelen er for lang."),
        (
            {"scale_share": "50", "quantity": "100"},
            "Skriv kun i ét af felterne „Andel af katalogets beløb (%)“ og „Antal i målgruppen“",
        ),
        (
            {"scale_amount": "1 mio.", "scale_share": "50", "quantity": "100"},
            "Skriv kun i ét af felterne „Beløb pr. år“, „Andel af katalogets beløb (%)“ og "
            "„Antal i målgruppen“",
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
    assert (leisure.start_year, leisure.end_year, leisure.scale_by, leisure.note) == (
        2019,
        2022,
        "catalogue",
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
    assert (item.scale_by, item.units) == ("catalogue", 1)


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


# --- Scale by what the member means ---------------------------------------------------

HANDHELD = "Håndholdt og kontinuerlig virksomhedsindsats"  # 4.400.000 kr., min. 350 borgere


def _cells(text, item):
    """The plan page's year cells of an item's row, tags and spaces squeezed."""
    row = re.search(rf'<tr id="indsats-{item.pk}">(.*?)</tr>', text, re.S).group(1)
    cells = re.findall(r'<td class="money">(.*?)</td>', row, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]


def test_an_amount_typed_the_danish_way_is_met_exactly(member_client, make_plan, member):
    plan = make_plan(member, titles=[HANDHELD])
    item = plan.items.get()
    response = _post(member_client, plan, item, scale_amount="3,3 mio.")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.scale_by, item.scale_amount, item.scale_amount_year) == (
        "amount",
        3_300_000,
        "first",
    )
    text = member_client.get(plan.get_absolute_url()).content.decode()
    # 262 borgere cost 3.293.714 kr., 263 cost 3.306.286 kr.; 3.300.000 kr. is met.
    assert _cells(text, item) == ["3.300.000 kr."] * 4 + ["13.200.000 kr."]
    assert "3.300.000 kr. om året" in text  # the scale, in the row
    assert "ca. <strong>263</strong> borgere" in text  # 350 × 3/4 = 262,5, an estimate


def test_an_amount_for_the_later_years(member_client, plan):
    recruiting = _item(plan, "Anonymiseret rekruttering")
    page = _form_page(member_client, plan, recruiting).content.decode()
    # First and later years differ: the form says so and asks which year it is for.
    assert "Kataloget: 400.000 kr. første år, derefter 500.000 kr. om året." in page
    assert "første år (katalogets 400.000 kr.)" in page
    assert "efterfølgende år (katalogets 500.000 kr.)" in page
    _post(member_client, plan, recruiting, scale_amount="600.000", scale_amount_year="later")
    recruiting.refresh_from_db()
    assert (recruiting.scale_amount, recruiting.scale_amount_year) == (600_000, "later")
    text = member_client.get(plan.get_absolute_url()).content.decode()
    # 600.000 of 500.000 is 6/5: the first year 400.000 × 6/5 = 480.000 kr.
    assert _cells(text, recruiting) == [
        "480.000 kr.",
        "600.000 kr.",
        "600.000 kr.",
        "600.000 kr.",
        "2.280.000 kr.",
    ]
    assert "600.000 kr. om året i efterfølgende år" in text


def test_the_preview_says_which_year_was_typed_and_how_the_other_scales(member_client, plan):
    recruiting = _item(plan, "Anonymiseret rekruttering")
    before = plan.version
    url = reverse("prioritisation:item_edit", args=[plan.pk, recruiting.pk])
    prefix = f"item-{recruiting.pk}-"
    data = {
        prefix + "start_year": "2019",
        prefix + "end_year": "2022",
        prefix + "scale_amount": "300.000",
        prefix + "scale_amount_year": "first",
        "preview": "1",
    }
    # As the member types, htmx asks for the preview alone.
    partial = member_client.post(url, data, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", partial))
    assert "Med dette omfang: 300.000 kr. første år, derefter 375.000 kr. om året" in text
    assert (
        "Beløbet er skrevet for første år (katalogets 400.000 kr.). De efterfølgende år "
        "skaleres med samme andel, 75 %: 375.000 kr. om året (katalogets 500.000 kr.)."
    ) in text
    assert "Andel af katalogets beløb 75 %" in text
    assert "Antal i målgruppen 15 virksomheder" in text  # 20 × 3/4
    # Without JavaScript, "Vis virkning" shows the form page with the same preview.
    page = member_client.post(url, data).content.decode()
    assert "Intet er gemt endnu." in page
    assert "De efterfølgende år skaleres med samme andel, 75 %" in page
    assert 'value="300.000"' in page
    # Nothing was saved.
    recruiting.refresh_from_db()
    assert recruiting.scale_by == "catalogue"
    plan.refresh_from_db()
    assert plan.version == before


def test_the_preview_of_bad_input_says_what_is_wrong(member_client, plan):
    leisure = _item(plan, "Fritidsjob")
    url = reverse("prioritisation:item_edit", args=[plan.pk, leisure.pk])
    partial = member_client.post(
        url,
        {f"item-{leisure.pk}-scale_share": "12.5", "preview": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Skriv decimaler med komma, fx 12,5 %." in partial


def test_a_share_in_per_cent(member_client, plan):
    leisure = _item(plan, "Fritidsjob")
    _post(member_client, plan, leisure, scale_share="12,5 %")
    leisure.refresh_from_db()
    assert (leisure.scale_by, leisure.scale_share) == ("share", Decimal("12.50"))
    text = member_client.get(plan.get_absolute_url()).content.decode()
    # 3.000.000 × 12,5 % = 375.000 kr. a year.
    assert _cells(text, leisure)[:4] == ["375.000 kr."] * 4
    assert "12,5 % af katalogets beløb" in text
    # The form shows the share as it was typed, the Danish way.
    page = _form_page(member_client, plan, leisure).content.decode()
    assert f'name="item-{leisure.pk}-scale_share" value="12,5"' in page


def test_the_field_changed_is_the_scale_meant(member_client, plan):
    leisure = _item(plan, "Fritidsjob")
    _post(member_client, plan, leisure, scale_amount="2 mio.")
    leisure.refresh_from_db()
    assert (leisure.scale_by, leisure.scale_amount) == ("amount", 2_000_000)
    # The amount still stands in its field; the member types a share: the share counts.
    _post(member_client, plan, leisure, scale_amount="2.000.000", scale_share="50")
    leisure.refresh_from_db()
    assert (leisure.scale_by, leisure.scale_share, leisure.scale_amount) == (
        "share",
        Decimal(50),
        None,
    )
    # All empty: the catalogue's own scale again.
    _post(member_client, plan, leisure)
    leisure.refresh_from_db()
    assert (leisure.scale_by, leisure.scale_share) == ("catalogue", None)


def test_a_range_says_which_end_the_amount_is_for(member_client, make_plan, member):
    plan = make_plan(member, titles=["Gadehøjskoler"])  # 1.200.000 kr. for 8–10 foreninger
    item = plan.items.get()
    page = _form_page(member_client, plan, item).content.decode()
    assert "Kataloget: 8–10 foreninger." in page
    assert (
        "Katalogets beløb gælder det laveste antal, 8 foreninger. "
        "10 foreninger koster 1.500.000 kr. om året."
    ) in page
    _post(member_client, plan, item, quantity="10")
    text = member_client.get(plan.get_absolute_url()).content.decode()
    assert "10 af 8–10 foreninger (beløbet gælder 8)" in text
    assert _cells(text, item)[0] == "1.500.000 kr."  # 1.200.000 × 10 / 8


def test_far_outside_the_catalogue_asks_for_confirmation(member_client, make_plan, member):
    plan = make_plan(member, titles=[HANDHELD])
    item = plan.items.get()
    response = _post(member_client, plan, item, quantity="1000")
    text = response.content.decode()
    # 4.400.000 × 1000 / 350 = 12.571.428,57 → 12.571.429 kr. a year.
    assert (
        "Det er ca. 2,9 gange katalogets omfang (350 borgere) og koster 12.571.429 kr. om "
        "året. Sæt hak ved „Ja, omfanget er rigtigt“ og gem igen, hvis du mener det."
    ) in text
    assert "Ja, omfanget er rigtigt" in text
    item.refresh_from_db()
    assert item.scale_by == "catalogue"
    # Confirmed, it is saved; a later edit of the note does not ask again.
    _post(member_client, plan, item, quantity="1000", confirm_scale="on")
    item.refresh_from_db()
    assert (item.scale_by, item.quantity) == ("quantity", 1000)
    assert _post(member_client, plan, item, quantity="1000", note="Stor").status_code == 302
    # Double is not far outside.
    assert _post(member_client, plan, item, quantity="700").status_code == 302


def test_an_amount_far_over_the_catalogue_asks_too(member_client, make_plan, member):
    plan = make_plan(member, titles=[HANDHELD])
    item = plan.items.get()
    text = _post(member_client, plan, item, scale_amount="10 mio.").content.decode()
    assert "Det er ca. 2,3 gange katalogets omfang (350 borgere) og koster 10.000.000 kr." in text
    item.refresh_from_db()
    assert item.scale_by == "catalogue"


def test_an_amount_with_nothing_to_scale_from_is_refused(member_client, make_plan, member):
    plan = make_plan(member, titles=["Indsats for udsatte og ensomme seniorer"])
    item = plan.items.get()  # 600.000 kr. the first year; later years not stated
    page = _form_page(member_client, plan, item).content.decode()
    # Only the first year has an amount: nothing to choose between.
    assert "scale_amount_year" not in page
    response = _post(member_client, plan, item, scale_amount="300.000")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.scale_amount, item.scale_amount_year) == (300_000, "first")
    text = member_client.get(plan.get_absolute_url()).content.decode()
    assert _cells(text, item)[:2] == ["300.000 kr.", "Ikke oplyst"]


def test_own_amount_where_the_catalogue_states_none(member_client, make_plan, member):
    plan = make_plan(member, titles=["Styrket ligebehandling på boligmarkedet"], ceiling=3_000_000)
    item = plan.items.get()
    page = _form_page(member_client, plan, item).content.decode()
    assert "Udvalgets eget beløb, første år" in page
    # Nothing in the catalogue to scale: the committee's own amount is the amount.
    assert "Beløb pr. år" not in page
    assert "Andel af katalogets beløb" not in page
    # The later years empty: the same as the first.
    _post(member_client, plan, item, own_first_year_amount="1,2 mio.")
    item.refresh_from_db()
    assert (item.own_first_year_amount, item.own_later_year_amount) == (1_200_000, 1_200_000)
    text = member_client.get(plan.get_absolute_url()).content.decode()
    cells = _cells(text, item)
    assert cells[:4] == ["1.200.000 kr. udvalgets eget beløb"] * 4
    assert "Udvalgets eget beløb i 2019, 2020, 2021, 2022" in text
    # Counted in the totals, and said to be the committee's own.
    assert "Heraf udvalgets eget beløb" in text
    assert "Uden beløb i kataloget" not in text
    assert "mindst" not in cells[4]


def test_own_amount_for_later_years_not_stated(member_client, make_plan, member):
    plan = make_plan(member, titles=["Indsats for udsatte og ensomme seniorer"])
    item = plan.items.get()
    page = _form_page(member_client, plan, item).content.decode()
    assert "Udvalgets eget beløb, første år" not in page  # the catalogue states it
    assert "Kataloget oplyser ikke beløbet for de efterfølgende år. Tomt: ukendt, ikke 0." in page
    _post(member_client, plan, item, own_later_year_amount="400.000")
    text = member_client.get(plan.get_absolute_url()).content.decode()
    assert _cells(text, item) == [
        "600.000 kr.",
        "400.000 kr. udvalgets eget beløb",
        "400.000 kr. udvalgets eget beløb",
        "400.000 kr. udvalgets eget beløb",
        "1.800.000 kr.",
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"own_later_year_amount": "500.000"}, "Skriv også udvalgets eget beløb for første år."),
        ({"own_first_year_amount": "-1"}, "Et beløb kan ikke være negativt."),
        ({"own_first_year_amount": "4,4"}, "Skriv hele kroner uden øre"),
    ],
)
def test_bad_own_amounts_are_refused(member_client, make_plan, member, fields, message):
    plan = make_plan(member, titles=["Styrket ligebehandling på boligmarkedet"])
    item = plan.items.get()
    text = _post(member_client, plan, item, **fields).content.decode()
    assert message in text
    item.refresh_from_db()
    assert (item.own_first_year_amount, item.own_later_year_amount) == (None, None)


def test_a_saved_scale_is_kept_by_the_database(plan):
    leisure = _item(plan, "Fritidsjob")
    # A typed value that does not match the scale it is stored under is refused.
    for fields in (
        {"scale_by": "amount"},
        {"scale_by": "catalogue", "quantity": 5},
        {"scale_by": "share", "scale_share": Decimal(0)},
        {"scale_by": "catalogue", "units": 3},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            PlanItem.objects.filter(pk=leisure.pk).update(**fields)


@pytest.mark.parametrize(
    "title",
    ["Fritidsjob", "Gadehøjskoler", "Fritidsjobkonsulent udstationeret i de udsatte byområder"],
)
def test_the_form_and_its_preview_read_the_item_once(
    member_client, make_plan, member, title, django_assert_num_queries
):
    plan = make_plan(member, titles=[title])
    item = plan.items.get()
    url = reverse("prioritisation:item_edit", args=[plan.pk, item.pk])
    # The session, the user, the user's own and their groups' permissions, the plan, the
    # item with its initiative.
    with django_assert_num_queries(5 + SESSION_READ):
        member_client.get(url, headers={"HX-Request": "true"})
    # The same, and Django's checks of the model's constraints on the posted fields, in
    # the database; nothing written.
    with django_assert_num_queries(8 + SESSION_READ):
        member_client.post(
            url,
            {f"item-{item.pk}-scale_share": "50", "preview": "1"},
            headers={"HX-Request": "true"},
        )
