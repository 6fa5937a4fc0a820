"""The catalogue out to a workbook and back in through the admin: export, preview,
confirm, undo; a copy for the next period; hostile files refused, changing nothing."""

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from catalogue.imports import plan_import
from catalogue.models import Catalogue, CatalogueImport, FocusArea, Goal, Initiative
from catalogue.workbook import INITIATIVES, MAX_UNPACKED_BYTES, SHEETS, read_workbook
from common.spreadsheet import KRONER_FORMAT
from prioritisation import changes
from tests.factories import make_catalogue

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "catalogue.json"
MODELS = (Catalogue, Goal, FocusArea, Initiative)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


class Book:
    """An exported workbook, edited the way a person edits it in Excel."""

    def __init__(self, content: bytes):
        self.workbook = load_workbook(io.BytesIO(content))

    def column(self, sheet, header) -> int:
        return next(c.column for c in self.workbook[sheet][1] if c.value == header)

    def row_of(self, sheet, title) -> int:
        column = self.column(sheet, "Titel")
        worksheet = self.workbook[sheet]
        return next(
            row
            for row in range(2, worksheet.max_row + 1)
            if worksheet.cell(row, column).value == title
        )

    def cell(self, sheet, title, header):
        return self.workbook[sheet].cell(self.row_of(sheet, title), self.column(sheet, header))

    def set(self, sheet, title, header, value):
        self.cell(sheet, title, header).value = value
        return self

    def delete(self, sheet, title):
        self.workbook[sheet].delete_rows(self.row_of(sheet, title))
        return self

    def append(self, sheet, **values):
        worksheet = self.workbook[sheet]
        headers = [cell.value for cell in worksheet[1]]
        worksheet.append([values.get(header) for header in headers])
        return self

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def _export(client, catalogue) -> bytes:
    response = client.get(reverse("admin:catalogue_export", args=[catalogue.pk]))
    assert response.status_code == 200
    assert "katalog-k%C3%B8benhavns-kommune-2019-2022.xlsx" in response["Content-Disposition"]
    return response.content


def _upload(client, content, *, catalogue=None, filename="katalog.xlsx"):
    return client.post(
        reverse("admin:catalogue_upload"),
        {
            "workbook": SimpleUploadedFile(filename, content),
            "catalogue": catalogue.pk if catalogue else "",
        },
        follow=True,
    )


def _confirm(client, preview):
    """Press "Indlæs ændringerne" on the preview page."""
    text = preview.content.decode()
    assert "Indlæs ændringerne" in text
    digest = text.split('name="digest" value="', 1)[1].split('"', 1)[0]
    return client.post(preview.redirect_chain[-1][0], {"digest": digest}, follow=True)


def _state():
    """Everything an import could change: rows, versions, kept uploads."""
    return (
        [list(model.objects.order_by("pk").values()) for model in MODELS],
        [model.history.count() for model in MODELS],
        CatalogueImport.objects.count(),
    )


# --- Export -----------------------------------------------------------------------------


def test_export_has_every_field_under_danish_headers_and_an_instruction_sheet(
    admin_client, catalogue
):
    workbook = load_workbook(io.BytesIO(_export(admin_client, catalogue)))
    assert workbook.sheetnames == [
        "Vejledning",
        "Katalog",
        "Pejlemærker",
        "Fokusområder",
        "Indsatser",
    ]
    initiatives = workbook["Indsatser"]
    headers = [cell.value for cell in initiatives[1]]
    assert headers[:6] == [
        "ID",
        "Pejlemærke",
        "Fokusområde",
        "Rækkefølge",
        "Titel",
        "Stjernemarkeret",
    ]
    for header in (
        "Målgruppe (ordlyd)", "Målgruppe, antal", "Målgruppe, højst", "Målgruppe, enhed",
        "Mindst (min.)", "Finansieringsform", "Beløb første år (kr.)",
        "Beløb efterfølgende år (kr.)", "Enhed for beløb", "Betaling ved resultat (kr.)",
        "Betingelse for betaling", "Beløb ved udvidelse (kr. pr. år)", "Note om kilden",
    ):  # fmt: skip
        assert header in headers
    # Every model field but the key and the relation has a column.
    fields = {
        f.name for f in Initiative._meta.concrete_fields if not f.primary_key and not f.is_relation
    }
    assert fields <= {column.field for column in INITIATIVES.columns}
    assert initiatives.max_row == 28

    rows = {row[4]: row for row in initiatives.iter_rows(min_row=2, values_only=True)}
    first = headers.index("Beløb første år (kr.)")
    later = headers.index("Beløb efterfølgende år (kr.)")
    assert rows["Fritidsjob"][first] == 3_000_000
    assert rows["Fritidsjob"][headers.index("Beløb ved udvidelse (kr. pr. år)")] == 3_800_000
    assert rows["Styrket ligebehandling på boligmarkedet"][first] is None  # unknown, not 0
    assert rows["Vækstprogram for virksomheder"][headers.index("Finansieringsform")] == (
        "Engangsbeløb"
    )
    assert rows["Indsats for udsatte og ensomme seniorer"][later] is None
    assert rows["Flere lærepladser"][headers.index("Ny eller videreført")] == "Videreførelse"
    assert initiatives.cell(2, first + 1).number_format == KRONER_FORMAT

    instructions = [c for row in workbook["Vejledning"].iter_rows(values_only=True) for c in row]
    for sheet in SHEETS:
        for column in sheet.columns:
            assert column.header in instructions
    assert "Årligt beløb, Engangsbeløb, Betaling ved resultat, Beløb pr. enhed, Ikke oplyst " \
        "(tomt: Ikke oplyst)" in instructions  # fmt: skip


def test_blank_template_has_the_layout_and_no_rows(admin_client, catalogue):
    response = admin_client.get(reverse("admin:catalogue_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Indsatser"].max_row == 1
    assert workbook["Indsatser"]["E1"].value == "Titel"
    assert workbook["Vejledning"]["A1"].value == "Sådan bruger du regnearket"


def test_catalogue_table_offers_the_whole_catalogue_as_a_workbook(client, catalogue):
    page = client.get(reverse("catalogue:table", args=[catalogue.pk])).content.decode()
    url = reverse("catalogue:workbook", args=[catalogue.pk])
    assert f'href="{url}"' in page
    assert "Hele kataloget som regneark til indlæsning" in page
    response = client.get(url)
    assert load_workbook(io.BytesIO(response.content))["Indsatser"].max_row == 28


def test_catalogue_page_in_admin_links_out_in_and_to_a_copy(admin_client, catalogue):
    text = admin_client.get(
        reverse("admin:catalogue_catalogue_change", args=[catalogue.pk])
    ).content.decode()
    for label in ("Hent som regneark", "Indlæs ændringer fra regneark", "Start et nyt katalog"):
        assert label in text
    listing = admin_client.get(reverse("admin:catalogue_catalogue_changelist")).content.decode()
    assert "Indlæs et nyt katalog fra regneark" in listing
    assert "Hent tom skabelon" in listing


# --- Round trip -------------------------------------------------------------------------


def _as_fixture(catalogue):
    """The catalogue's contents keyed by their places, as the fixture has them."""
    fields = {
        model: [
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key and not f.is_relation and f.editable  # not content_version
        ]
        for model in MODELS
    }
    return {
        "catalogue": {name: getattr(catalogue, name) for name in fields[Catalogue]},
        "goals": {
            g.number: {name: getattr(g, name) for name in fields[Goal]}
            for g in catalogue.goals.all()
        },
        "areas": {
            (a.goal.number, a.number): {name: getattr(a, name) for name in fields[FocusArea]}
            for a in FocusArea.objects.filter(goal__catalogue=catalogue).select_related("goal")
        },
        "initiatives": {
            (i.focus_area.goal.number, i.focus_area.number, i.position): {
                name: getattr(i, name) for name in fields[Initiative]
            }
            for i in Initiative.objects.in_catalogue(catalogue).select_related("focus_area__goal")
        },
    }


def _fixture_file():
    """fixtures/catalogue.json read as JSON, keyed the same way."""
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    by_pk = {(o["model"], o["pk"]): o["fields"] for o in objects}

    def of(model):
        return [(o["pk"], o["fields"]) for o in objects if o["model"] == f"catalogue.{model}"]

    goal_number = {pk: f["number"] for pk, f in of("goal")}
    area_key = {pk: (goal_number[f["goal"]], f["number"]) for pk, f in of("focusarea")}
    [(_pk, catalogue)] = of("catalogue")
    return {
        "catalogue": catalogue,
        "goals": {
            f["number"]: {k: v for k, v in f.items() if k != "catalogue"} for _, f in of("goal")
        },
        "areas": {
            area_key[pk]: {k: v for k, v in f.items() if k != "goal"} for pk, f in of("focusarea")
        },
        "initiatives": {
            (*area_key[f["focus_area"]], f["position"]): {
                k: v for k, v in f.items() if k != "focus_area"
            }
            for _, f in of("initiative")
        },
    }, by_pk


def test_round_trip_export_then_import_as_new_equals_the_seed(admin_client, catalogue):
    content = _export(admin_client, catalogue)
    # The seed's title and period are taken while it exists: make room, as for a new period.
    Initiative.objects.all().delete()
    FocusArea.objects.all().delete()
    Catalogue.objects.all().delete()

    preview = _upload(admin_client, content)
    text = preview.content.decode()
    assert "40 nye, 0 ændrede, 0 fjernede" in text
    response = _confirm(admin_client, preview)
    assert "Regnearket er indlæst" in response.content.decode()

    imported = Catalogue.objects.get()
    expected, _by_pk = _fixture_file()
    got = _as_fixture(imported)
    assert got["catalogue"] == expected["catalogue"]
    assert got["goals"] == expected["goals"]
    assert got["areas"] == expected["areas"]
    assert got["initiatives"].keys() == expected["initiatives"].keys()
    for key, fields in expected["initiatives"].items():
        assert got["initiatives"][key] == fields, key
    # Exported again, the new catalogue's workbook is the seed's but for the IDs.
    again = load_workbook(io.BytesIO(_export(admin_client, imported)))
    before = load_workbook(io.BytesIO(content))
    for sheet in ("Pejlemærker", "Fokusområder"):
        assert list(again[sheet].values) == list(before[sheet].values)
    for row_again, row_before in zip(
        again["Indsatser"].values, before["Indsatser"].values, strict=True
    ):
        assert row_again[1:] == row_before[1:]


# --- Preview, confirm, change notices, undo --------------------------------------------


def test_preview_shows_a_changed_amount_and_a_removed_initiative_and_saves_nothing(
    admin_client, catalogue
):
    book = Book(_export(admin_client, catalogue))
    book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", "3,5 mio.")
    book.delete("Indsatser", "Gadehøjskoler")
    before = _state()

    preview = _upload(admin_client, book.content(), catalogue=catalogue)
    text = preview.content.decode()
    assert "0 nye, 1 ændrede, 1 fjernede" in text
    changed = text.split('id="import-changed"', 1)[1].split("</table>", 1)[0]
    assert "Indsats: Fritidsjob" in changed
    assert "<td>Beløb første år (kr.)</td><td>3.000.000 kr.</td><td>→ 3.500.000 kr.</td>" in changed
    removed = text.split('id="import-removed"', 1)[1].split("</table>", 1)[0]
    assert "Gadehøjskoler" in removed
    # Only the upload is kept, for the confirmation; the catalogue is as it was.
    rows, versions, uploads = _state()
    assert (rows, versions) == before[:2]
    assert uploads == 1
    assert Initiative.objects.get(title="Fritidsjob").first_year_amount == 3_000_000


def test_confirmed_import_is_in_history_and_plans_show_the_change(
    admin_client, administrator, catalogue, plan, make_plan, member
):
    member_client = Client()
    member_client.force_login(member)
    adopted = make_plan(member, name="Vedtaget plan", titles=["Fritidsjob"])
    changes.share_plan(adopted)
    changes.adopt_plan(adopted, by=administrator)
    book = Book(_export(admin_client, catalogue))
    book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", 3_500_000)
    book.set("Indsatser", "Fritidsjob", "Beløb efterfølgende år (kr.)", "3.500.000 kr.")

    response = _confirm(admin_client, _upload(admin_client, book.content(), catalogue=catalogue))
    text = response.content.decode()
    assert "Regnearket er indlæst i Bruttokatalog" in text
    assert "0 nye, 1 ændrede, 0 fjernede" in text

    fritidsjob = Initiative.objects.get(title="Fritidsjob")
    assert (fritidsjob.first_year_amount, fritidsjob.later_year_amount) == (3_500_000, 3_500_000)
    version = fritidsjob.history.latest()
    assert version.history_user == administrator
    assert version.history_change_reason.startswith("Indlæst fra regneark katalog.xlsx")
    # The page shows the new amount at once.
    page = Client().get(fritidsjob.get_absolute_url()).content.decode()
    assert "3.500.000 kr." in page

    draft = member_client.get(plan.get_absolute_url()).content.decode()
    assert "Kataloget er ændret" in draft
    assert "Første år: 3.000.000 kr. i handleplanen, nu 3.500.000 kr. i kataloget" in draft
    frozen = member_client.get(adopted.get_absolute_url()).content.decode()
    assert "Kataloget er ændret" not in frozen
    assert "3.000.000 kr." in frozen.split("Udgifter i alt", 1)[1].split("</tr>", 1)[0]


def test_import_is_undone_from_the_catalogues_history(admin_client, administrator, catalogue):
    seed = _as_fixture(catalogue)
    gone = Initiative.objects.get(title="Gadehøjskoler")
    book = Book(_export(admin_client, catalogue))
    book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", "3,5 mio.")
    book.set("Indsatser", "Flere lærepladser", "Rækkefølge", 9)
    book.set(
        "Indsatser", "Brobygning til håndværkervirksomheder og erhvervsskoler", "Rækkefølge", 1
    )
    book.delete("Indsatser", "Gadehøjskoler")
    book.append(
        "Indsatser",
        Pejlemærke=1,
        Fokusområde=1,
        Rækkefølge=5,
        Titel="Ny indsats fra regnearket",
        Beskrivelse="Beskrivelse.",
        Finansieringsform="Engangsbeløb",
        **{"Beløb første år (kr.)": "250 t.kr."},
    )
    book.set("Pejlemærker", Goal.objects.get(number=3).title, "Titel", "Nyt pejlemærke 3")
    response = _confirm(admin_client, _upload(admin_client, book.content(), catalogue=catalogue))
    assert "1 nye, 4 ændrede, 1 fjernede" in response.content.decode()
    assert Initiative.objects.get(title="Ny indsats fra regnearket").first_year_amount == 250_000
    assert not Initiative.objects.filter(pk=gone.pk).exists()

    history = admin_client.get(
        reverse("admin:catalogue_catalogue_history", args=[catalogue.pk])
    ).content.decode()
    assert "Indlæsninger fra regneark" in history
    assert "katalog.xlsx" in history
    record = CatalogueImport.objects.get()
    undo_url = reverse("admin:catalogue_import_undo", args=[record.pk])
    assert f'href="{undo_url}"' in history

    response = admin_client.post(undo_url, follow=True)
    assert "Indlæsningen af katalog.xlsx er fortrudt." in response.content.decode()
    assert _as_fixture(catalogue) == seed
    restored = Initiative.objects.get(title="Gadehøjskoler")
    assert restored.pk == gone.pk  # the same initiative: plans and links still find it
    assert not Initiative.objects.filter(title="Ny indsats fra regnearket").exists()
    version = Initiative.objects.get(title="Fritidsjob").history.latest()
    assert version.history_user == administrator
    assert version.history_change_reason.startswith("Fortrudt: Indlæst fra regneark")
    text = admin_client.get(undo_url).content.decode()
    assert "Indlæsningen blev fortrudt" in text


def test_undo_is_refused_when_the_catalogue_changed_since(admin_client, catalogue):
    book = Book(_export(admin_client, catalogue))
    book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", "3,5 mio.")
    _confirm(admin_client, _upload(admin_client, book.content(), catalogue=catalogue))
    fritidsjob = Initiative.objects.get(title="Fritidsjob")
    fritidsjob.first_year_amount = 3_600_000
    fritidsjob.save()
    before = _state()

    record = CatalogueImport.objects.get()
    response = admin_client.post(reverse("admin:catalogue_import_undo", args=[record.pk]))
    text = response.content.decode()
    assert "Indsats »Fritidsjob« er ændret efter indlæsningen" in text
    assert _state() == before


def test_confirming_after_the_catalogue_changed_shows_the_new_preview(admin_client, catalogue):
    book = Book(_export(admin_client, catalogue))
    book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", "3,5 mio.")
    preview = _upload(admin_client, book.content(), catalogue=catalogue)
    gadehøjskoler = Initiative.objects.get(title="Gadehøjskoler")
    gadehøjskoler.title = "Gadehøjskoler i hele byen"
    gadehøjskoler.save()

    response = _confirm(admin_client, preview)
    text = response.content.decode()
    assert "Kataloget er ændret, siden forhåndsvisningen blev vist" in text
    assert "<td>Gadehøjskoler i hele byen</td><td>→ Gadehøjskoler</td>" in text
    assert Initiative.objects.get(title="Fritidsjob").first_year_amount == 3_000_000


def test_initiative_in_a_plan_cannot_disappear(admin_client, catalogue, plan):
    book = Book(_export(admin_client, catalogue)).delete("Indsatser", "Fritidsjob")
    text = _upload(admin_client, book.content(), catalogue=catalogue).content.decode()
    assert "Indsats »Fritidsjob« kan ikke fjernes: 1 indsatser i handleplan bruger den." in text
    assert "Indlæs ændringerne" not in text


# --- Errors per cell --------------------------------------------------------------------


def test_errors_name_the_sheet_cell_and_problem_in_danish(admin_client, catalogue):
    book = Book(_export(admin_client, catalogue))
    first = book.cell("Indsatser", "Fritidsjob", "Beløb første år (kr.)").coordinate
    book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", "1.5")
    later = book.cell("Indsatser", "Vækstprogram for virksomheder", "Beløb efterfølgende år (kr.)")
    later.value = 100_000
    quantity = book.cell("Indsatser", "Gadehøjskoler", "Målgruppe, antal")
    quantity.value = "mange"
    book.set("Fokusområder", "Ældre", "Pejlemærke", 7)
    starred = book.cell("Indsatser", "Flere lærepladser", "Stjernemarkeret")
    starred.value = "måske"
    before = _state()

    text = _upload(admin_client, book.content(), catalogue=catalogue).content.decode()
    assert "fejl: intet er gemt" in text
    assert (
        f"Arket Indsatser, celle {first} (Beløb første år (kr.)): Beløbet »1.5« kan ikke "
        "læses. Punktum skiller tusinder, fx 4.400.000." in text
    )
    assert (
        f"Arket Indsatser, celle {later.coordinate} (Beløb efterfølgende år (kr.)): Et "
        "engangsbeløb har et beløb for første år og intet for de efterfølgende år." in text
    )
    assert f"celle {quantity.coordinate} (Målgruppe, antal): Skriv et helt tal, fx 3." in text
    assert "(Pejlemærke): Pejlemærke nr. 7 findes ikke i arket Pejlemærker." in text
    assert f"celle {starred.coordinate} (Stjernemarkeret): Skriv Ja eller Nej." in text
    assert "Indlæs ændringerne" not in text
    assert _state()[:2] == before[:2]


# --- Hostile files ----------------------------------------------------------------------


def _zip(**members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def _with_part(content: bytes, name: str, change) -> bytes:
    """The workbook with one of its XML parts rewritten."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member)
            archive.writestr(member, change(data) if member.filename == name else data)
    return buffer.getvalue()


def _hundred_thousand_rows() -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([column.header for column in sheet.columns])
    for number in range(100_000):
        worksheet.append([None, 1, 1, number + 1, f"Indsats {number}", "Nej"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _hostile(kind, seed_workbook):
    book = Book(seed_workbook)
    if kind == "formula":
        book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", "=SUM(1000000,2500000)")
        return book.content(), "Cellen indeholder en formel"
    if kind == "merged":
        book.workbook["Indsatser"].merge_cells("F2:F4")
        return book.content(), "Regnearket har flettede celler (F2:F4)"
    if kind == "date":
        book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", datetime(2019, 1, 1))
        return book.content(), "Cellen er en dato eller et klokkeslæt. Skriv et tal"
    if kind == "megabyte":  # openpyxl (and Excel) would cut it at 32.767 characters
        megabyte = "<t>" + "x" * 2**20 + "</t>"
        content = _with_part(
            seed_workbook,
            "xl/worksheets/sheet5.xml",
            lambda data: data.replace(b"<t>Gadeh&#248;jskoler</t>", megabyte.encode()),
        )
        return content, "Teksten er 1.048.576 tegn lang; højst 200 tegn."
    if kind == "rows":
        return _hundred_thousand_rows(), "Arket »Indsatser« har flere end 5.000 rækker."
    if kind == "zip bomb":
        content = _zip(
            xl__workbook_xml="<workbook/>", xl__worksheets__sheet1_xml=b" " * MAX_UNPACKED_BYTES
        )
        return content, "Filen fylder for meget, når den pakkes ud (højst 30 MB)"
    if kind == "entities":
        laughs = b'<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'

        def bomb(data):
            return laughs + data.replace(b"<t>", b"<t>&b;", 1)

        return _with_part(seed_workbook, "xl/worksheets/sheet5.xml", bomb), "kan ikke læses"
    if kind == "not a workbook":
        return "Titel;Beløb\nFritidsjob;3000000\n".encode(), "kan ikke læses som en Excel"
    if kind == "zip, not a workbook":
        return _zip(mimetype="application/vnd.oasis.opendocument.spreadsheet"), "kan ikke læses"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "formula",
        "merged",
        "date",
        "megabyte",
        "rows",
        "zip bomb",
        "entities",
        "not a workbook",
        "zip, not a workbook",
    ],
)
def test_hostile_file_is_refused_with_a_message_and_changes_nothing(admin_client, catalogue, kind):
    content, message = _hostile(kind, _export(admin_client, catalogue))
    before = _state()
    for target in (catalogue, None):
        response = _upload(admin_client, content, catalogue=target)
        text = response.content.decode()
        assert message in text, text[:3000]
        assert "Indlæs ændringerne" not in text
    rows, versions, _uploads = _state()
    assert (rows, versions) == before[:2]


def test_formula_is_never_evaluated_nor_its_cached_result_used(catalogue):
    book = Book(_seed_export(catalogue))
    book.set("Indsatser", "Fritidsjob", "Beløb første år (kr.)", "=3500000")
    parsed = read_workbook(book.content())
    assert parsed.errors.count == 1
    assert (
        "first_year_amount"
        not in next(r for r in parsed.initiatives if r.values["title"] == "Fritidsjob").values
    )


def _seed_export(catalogue):
    from catalogue.workbook import catalogue_workbook

    return catalogue_workbook(catalogue)


# --- The next period --------------------------------------------------------------------


def test_start_a_new_catalogue_as_a_copy_for_the_next_period(
    admin_client, administrator, catalogue, plan
):
    url = reverse("admin:catalogue_copy", args=[catalogue.pk])
    form = admin_client.get(url).content.decode()
    assert 'value="2023"' in form and 'value="2026"' in form
    response = admin_client.post(
        url,
        {
            "title": catalogue.title,
            "municipality": catalogue.municipality,
            "first_year": 2023,
            "last_year": 2026,
            "introduction": catalogue.introduction,
        },
        follow=True,
    )
    assert "er oprettet som kopi af" in response.content.decode()
    copy = Catalogue.objects.get(first_year=2023)
    assert copy.last_year == 2026
    original, copied = _as_fixture(catalogue), _as_fixture(copy)
    assert copied["goals"] == original["goals"]
    assert copied["areas"] == original["areas"]
    assert copied["initiatives"] == original["initiatives"]
    assert Initiative.objects.in_catalogue(copy).count() == 27
    plan.refresh_from_db()
    assert plan.catalogue == catalogue  # plans stay with their own catalogue
    version = Initiative.objects.in_catalogue(copy).first().history.get()
    assert version.history_user == administrator
    assert version.history_change_reason.startswith("Kopieret fra Bruttokatalog")

    # The same period again is refused by the catalogue's own rule, in Danish.
    again = admin_client.post(
        url,
        {"title": catalogue.title, "municipality": catalogue.municipality, "first_year": 2023,
         "last_year": 2022},
    )  # fmt: skip
    assert "Sidste år kan ikke ligge før første år." in again.content.decode()


# --- Who may ----------------------------------------------------------------------------


def test_only_administrators_import_export_and_undo(client, member, catalogue):
    client.force_login(member)
    for url in (
        reverse("admin:catalogue_upload"),
        reverse("admin:catalogue_export", args=[catalogue.pk]),
        reverse("admin:catalogue_copy", args=[catalogue.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_an_upload_is_previewed_and_confirmed_only_by_its_uploader(
    admin_client, django_user_model, groups, catalogue
):
    preview = _upload(admin_client, Book(_export(admin_client, catalogue)).content())
    url = preview.redirect_chain[-1][0]
    other = django_user_model.objects.create_user(username="ole", is_staff=True)
    other.groups.add(groups["Administrator"])
    client = Client()
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_preview_reads_a_flat_number_of_queries(django_assert_num_queries, catalogue):
    """Its goals, focus areas and initiatives; one more when initiatives would go (do
    plans use them), whatever the number of rows."""
    large = make_catalogue(initiatives=300)
    for target in (catalogue, large):
        book = Book(_seed_export(target))
        with django_assert_num_queries(3):
            assert plan_import(read_workbook(book.content()), catalogue=target).changes == []
        book.workbook["Indsatser"].delete_rows(2, 10)
        parsed = read_workbook(book.content())
        with django_assert_num_queries(4):
            plan = plan_import(parsed, catalogue=target)
        assert len(plan.removed) == 10


def test_undoing_a_new_catalogue_removes_it_all(admin_client, catalogue):
    book = Book(_export(admin_client, catalogue))
    book.workbook["Katalog"]["A2"] = None
    book.workbook["Katalog"]["B2"] = "Katalog til 2023–2026"
    _confirm(admin_client, _upload(admin_client, book.content()))
    new = Catalogue.objects.get(title="Katalog til 2023–2026")
    assert Initiative.objects.in_catalogue(new).count() == 27

    record = CatalogueImport.objects.get()
    response = admin_client.post(
        reverse("admin:catalogue_import_undo", args=[record.pk]), follow=True
    )
    assert "er fortrudt" in response.content.decode()
    assert not Catalogue.objects.filter(pk=new.pk).exists()
    assert Initiative.objects.count() == 27
    assert Catalogue.history.filter(id=new.pk).latest().history_type == "-"


def test_the_workbook_download_reads_a_flat_number_of_queries(
    client, django_assert_num_queries, catalogue
):
    """The catalogue, its goals, its focus areas and its initiatives."""
    large = make_catalogue(initiatives=300)
    for target, rows in ((catalogue, 28), (large, 301)):
        with django_assert_num_queries(4):
            response = client.get(reverse("catalogue:workbook", args=[target.pk]))
        assert load_workbook(io.BytesIO(response.content))["Indsatser"].max_row == rows
