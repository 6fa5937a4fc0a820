"""User and catalogue text is shown as text, never run as markup or as a formula.

A plan's name and description, an item's note, and an initiative's title and
description (typed by an administrator; set here through the ORM) carry both
``<script>alert("x")</script>`` and ``"><img src=x onerror=alert(1)>``. Every page that
shows them must show them escaped, and never raw: the catalogue's overview, table and
initiative page, my plans, the committee's list, the plan page, the compare page,
Django admin's change lists. In the catalogue's CSV and Excel exports and the plan's
Excel export, the same text, starting with "=", is a text cell, never a formula.
"""

import csv
import io

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from catalogue.models import Initiative
from prioritisation.models import Plan, PlanItem

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
IMAGE = '"><img src=x onerror=alert(1)>'
# What would run if either reached a page unescaped.
RAW = ('<script>alert("x")', "<script>alert(&quot;x&quot;)", "<img src=x onerror")

# Each text starts like a formula, so the exports must keep it as text.
TITLE = f"=1+1 Fritidsjob {SCRIPT}"
OTHER_TITLE = f"+SUM(A1) Lærepladser {IMAGE}"
DESCRIPTION = f"Beskrivelse {IMAGE} og {SCRIPT}"
PLAN_NAME = f'=HYPERLINK("x") Plan {SCRIPT}'
PLAN_DESCRIPTION = f"Om planen {IMAGE}"
NOTE = f"@note {SCRIPT} {IMAGE}"
SHARED_NAME = f"-Bos plan {IMAGE}"


def assert_escaped(response, *shown):
    """Nothing raw on the page, and each of ``shown`` is there, escaped."""
    assert response.status_code == 200
    text = response.content.decode()
    for raw in RAW:
        assert raw not in text
    for value in shown:
        assert escape(value) in text, f"{value!r} is not on the page"


@pytest.fixture
def hostile(catalogue, member, other_member):
    """Two initiatives, Mette's plan with both and a note, Bo's shared plan."""
    first, second = Initiative.objects.all()[:2]  # on the table's first page
    first.title, first.description = TITLE, DESCRIPTION
    first.save()
    second.title = OTHER_TITLE
    second.save()

    plan = Plan.objects.create(
        owner=member,
        catalogue=catalogue,
        name=PLAN_NAME,
        description=PLAN_DESCRIPTION,
        first_year=2019,
        last_year=2022,
    )
    for initiative in (first, second):
        PlanItem.for_initiative(
            initiative, plan=plan, start_year=2019, end_year=2022, note=NOTE
        ).save()
    shared = Plan.objects.create(
        owner=other_member,
        catalogue=catalogue,
        name=SHARED_NAME,
        first_year=2019,
        last_year=2022,
        shared_at=timezone.now(),
    )
    PlanItem.for_initiative(second, plan=shared, start_year=2020, end_year=2022).save()
    return {"first": first, "second": second, "plan": plan, "shared": shared}


# --- The catalogue's pages ------------------------------------------------------------


def test_catalogue_overview(client, catalogue, hostile):
    response = client.get(reverse("catalogue:overview", args=[catalogue.pk]))
    assert_escaped(response, TITLE, OTHER_TITLE)


def test_catalogue_table(client, catalogue, hostile):
    response = client.get(reverse("catalogue:table", args=[catalogue.pk]))
    assert_escaped(response, TITLE, OTHER_TITLE)


def test_catalogue_table_for_a_member_with_plans(member_client, catalogue, hostile):
    # The "Tilføj til handleplan" controls name the member's plans.
    response = member_client.get(reverse("catalogue:table", args=[catalogue.pk]))
    assert_escaped(response, TITLE, PLAN_NAME)


def test_initiative_page(member_client, hostile):
    response = member_client.get(hostile["first"].get_absolute_url())
    assert_escaped(response, TITLE, DESCRIPTION, PLAN_NAME)


# --- The plan pages -------------------------------------------------------------------


def test_my_plans(member_client, hostile):
    response = member_client.get(reverse("prioritisation:plan_list"))
    assert_escaped(response, PLAN_NAME)


def test_the_committees_plans(member_client, hostile):
    response = member_client.get(reverse("prioritisation:shared_plans"))
    assert_escaped(response, SHARED_NAME, PLAN_NAME)


def test_plan_page(member_client, hostile):
    response = member_client.get(hostile["plan"].get_absolute_url())
    assert_escaped(response, PLAN_NAME, PLAN_DESCRIPTION, NOTE, TITLE, OTHER_TITLE)


def test_plan_page_as_a_reader_of_a_shared_plan(client, reader, hostile):
    client.force_login(reader)
    response = client.get(hostile["shared"].get_absolute_url())
    assert_escaped(response, SHARED_NAME, OTHER_TITLE)


def test_plan_form(member_client, hostile):
    response = member_client.get(reverse("prioritisation:plan_edit", args=[hostile["plan"].pk]))
    assert_escaped(response, PLAN_NAME, PLAN_DESCRIPTION)


def test_compare_page(member_client, hostile):
    plans = [hostile["plan"].pk, hostile["shared"].pk]
    response = member_client.get(reverse("prioritisation:compare"), {"plan": plans})
    assert_escaped(response, PLAN_NAME, SHARED_NAME, TITLE, OTHER_TITLE)


def test_messages_after_a_change(member_client, catalogue, hostile):
    """The confirmation names the initiative and the plan: escaped, with and without htmx."""
    third = Initiative.objects.all()[2]
    third.title = f"Tredje {SCRIPT}"
    third.save()
    data = {"plan": hostile["plan"].pk, "initiative": third.pk}
    response = member_client.post(reverse("prioritisation:item_add"), data, follow=True)
    assert_escaped(response, third.title, PLAN_NAME)

    plan = hostile["plan"]
    item = plan.items.get(initiative=third)
    response = member_client.post(
        reverse("prioritisation:item_remove", args=[plan.pk, item.pk]),
        {"next": third.get_absolute_url()},
        HTTP_HX_REQUEST="true",
    )
    assert_escaped(response, third.title)


def test_a_refused_item_edit_shows_the_note_escaped(member_client, hostile):
    plan = hostile["plan"]
    item = plan.items.get(initiative=hostile["first"])
    prefix = f"item-{item.pk}"
    response = member_client.post(
        reverse("prioritisation:item_edit", args=[plan.pk, item.pk]),
        {f"{prefix}-start_year": "2022", f"{prefix}-end_year": "2019", f"{prefix}-note": NOTE},
    )
    assert_escaped(response, NOTE, TITLE)


# --- Django admin ---------------------------------------------------------------------


@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


@pytest.mark.parametrize(
    ("url_name", "shown"),
    [
        ("admin:catalogue_initiative_changelist", (TITLE, OTHER_TITLE)),
        ("admin:prioritisation_plan_changelist", (PLAN_NAME, SHARED_NAME)),
        ("admin:prioritisation_planitem_changelist", (TITLE, PLAN_NAME)),
    ],
)
def test_admin_changelists(admin_client, hostile, url_name, shown):
    assert_escaped(admin_client.get(reverse(url_name)), *shown)


def test_admin_change_and_history_pages(admin_client, hostile):
    initiative, plan = hostile["first"], hostile["plan"]
    for url in (
        reverse("admin:catalogue_initiative_change", args=[initiative.pk]),
        reverse("admin:catalogue_initiative_history", args=[initiative.pk]),
        reverse("admin:prioritisation_plan_change", args=[plan.pk]),
        reverse("admin:prioritisation_plan_history", args=[plan.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        for raw in RAW:
            assert raw not in text, url


# --- Exports: text cells, never formulas ----------------------------------------------


def test_catalogue_csv_keeps_formulas_as_text(client, catalogue, hostile):
    response = client.get(reverse("catalogue:table", args=[catalogue.pk]), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    titles = [row[2] for row in rows[1:] if len(row) > 2]
    # A spreadsheet opens a cell starting with ' as text and does not show the '.
    assert "'" + TITLE in titles
    assert "'" + OTHER_TITLE in titles
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_catalogue_excel_keeps_formulas_as_text(client, catalogue, hostile):
    response = client.get(reverse("catalogue:table", args=[catalogue.pk]), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    for text in (TITLE, OTHER_TITLE):
        assert cells[text].data_type == "s"
    assert not [cell for cell in cells.values() if cell.data_type == "f"]


def test_plan_excel_keeps_user_text_as_text(member_client, hostile):
    try:
        url = reverse("prioritisation:plan_export", args=[hostile["plan"].pk])
    except NoReverseMatch:
        pytest.skip("the plan's Excel export is not there")
    response = member_client.get(url)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    texts, formulas = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(str(cell.value))
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    for text in (PLAN_NAME, NOTE, TITLE, OTHER_TITLE, DESCRIPTION):
        assert text in texts, text
    # The workbook's own totals are formulas; none of them holds user text.
    for formula in formulas:
        for marker in ("HYPERLINK", "alert", "SUM(A1)", "@note"):
            assert marker not in formula, formula


# --- CSV: every field quoted, formulas neutralised after leading whitespace too -------

# Each would run as a formula in a spreadsheet that splits on commas, or skips the
# whitespace and control characters before the "=", if written as it is.
FORMULA_VARIANTS = [
    "\n=1+1",
    "\r=1+1",
    "\r\n=1+1",
    " =1+1",
    "\t=1+1",
    "\x0b=1+1",
    "\u202e=1+1",
    "\u00a0 +SUM(A1)",
    "  \n @SUM(A1)",
    " -1+1",
]
COMMA_TITLE = 'Fritidsjob, =HYPERLINK("http://example.invalid")'


@pytest.mark.parametrize(
    ("title", "cell"),
    [(title, "'" + title) for title in FORMULA_VARIANTS] + [(COMMA_TITLE, COMMA_TITLE)],
)
def test_catalogue_csv_quotes_every_field_and_neutralises_formula_variants(
    client, catalogue, title, cell
):
    Initiative.objects.filter(title="Fritidsjob").update(title=title)
    response = client.get(reverse("catalogue:table", args=[catalogue.pk]), {"export": "csv"})
    content = response.content.decode("utf-8-sig")
    # Split on semicolons, as Danish Excel does: the title is one cell, kept as text.
    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))
    titles = [row[2] for row in rows[1:] if len(row) > 2]
    assert cell in titles
    # Every field of every row is in quotes: a spreadsheet that splits on commas keeps
    # "Fritidsjob, =HYPERLINK(…)" in one cell, not "=HYPERLINK(…)" in a cell of its own.
    for row in rows:
        for value in row:
            assert '"' + value.replace('"', '""') + '"' in content, value
    if title == COMMA_TITLE:
        assert '"Fritidsjob, =HYPERLINK(""http://example.invalid"")"' in content


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Fritidsjob, =1+1", '"Fritidsjob, =1+1"'),
        ("\n=1+1", '"\'\n=1+1"'),
        ("\r=1+1", '"\'\r=1+1"'),
        (" =1+1", '"\' =1+1"'),
        ("\x1f@x", '"\'\x1f@x"'),
        ("\u2066=1+1", '"\'\u2066=1+1"'),
        ("=1+1", '"\'=1+1"'),
        ("Æbler - og pærer", '"Æbler - og pærer"'),
        ("  Æbler", '"  Æbler"'),
        (4_400_000, '"4400000"'),
        (None, '""'),
    ],
)
def test_csv_cells(value, written):
    from common.spreadsheet import csv_bytes

    content = csv_bytes([[value, "x"]]).decode("utf-8-sig")
    assert content == f'{written};"x"\r\n'
