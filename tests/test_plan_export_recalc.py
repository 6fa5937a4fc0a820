"""The exported workbook, recalculated by LibreOffice, shows the plan page's figures.

openpyxl writes formulas without results; ``soffice --headless --convert-to xlsx``
computes them, and the copy is read with ``data_only=True``. The figures compared are
those the plan page shows for the same plan: totals per year and for the period,
establishment and running, what is left under the ceiling, per pejlemærke and
fokusområde with the earmark, and how many items each total leaves out. A second test
changes amounts in the file, as a finance officer would in Excel, and checks that every
total follows.

CI installs LibreOffice Calc (scripts/test); without ``soffice`` these tests are skipped.
"""

import html
import io
import re
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalogue.models import Goal, Initiative
from prioritisation import export
from prioritisation.models import Allocation

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice is not installed (apt-get install --no-install-recommends "
        "libreoffice-calc); scripts/test installs it when run as root",
    ),
]

YEARS = (2019, 2020, 2021, 2022)


def recalculated(content: bytes, directory: Path):
    """The workbook with every formula computed by LibreOffice, read for its values."""
    source = directory / "handleplan.xlsx"
    source.write_bytes(content)
    output = directory / "recalculated"
    # A profile of its own, so that parallel runs and a user's LibreOffice do not clash.
    profile = directory / f"lo-profile-{secrets.token_hex(4)}"
    subprocess.run(  # noqa: S603 - a fixed command on files of our own
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(output),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return load_workbook(output / "handleplan.xlsx", data_only=True)


# --- The plan page, read ------------------------------------------------------------


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _amount(text: str):
    """A cell of the page: (amount, items left out); "–" is (None, 0).

    "3.400.000 kr." → (3400000, 0); "mindst 600.000 kr. 1 indsats uden kendt beløb er
    ikke med" → (600000, 1); "50.000 kr. over" → (-50000, 0); "højst 1.000 kr." → (1000, 0).
    """
    if text in ("–", "intet loft"):
        return None, 0
    match = re.match(r"(?:mindst |højst )?(-?[\d.]+) kr\.( over)?", text)
    assert match, text
    amount = int(match[1].replace(".", ""))
    caveat = re.search(r"(\d+) indsats(?:er)? uden kendt beløb er ikke med", text)
    return (-amount if match[2] else amount), int(caveat[1]) if caveat else 0


def _page_rows(page: str) -> dict[str, list[tuple[int | None, int]]]:
    """{row heading: [(amount, left out) per year …, for the period]} of the page's
    budget tables: the budget per year, then pejlemærker and fokusområder (a goal's
    earmark rows named "Øremærket 1", "Tilbage af øremærkningen 1")."""
    rows = {}
    goal = None
    for attributes, heading, cells in re.findall(
        r'<th scope="row"([^>]*)>(.*?)</th>(.*?)</tr>', page, flags=re.S
    ):
        if 'class="item"' in attributes:
            continue  # an item's own row
        label = _text(heading)
        number = re.match(r"Pejlemærke (\d+) ", label)
        if number:
            goal = number[1]
            label = f"Pejlemærke {goal}"
        elif label in ("Øremærket", "Tilbage af øremærkningen"):
            label = f"{label} {goal}"
        values = [
            _amount(_text(cell))
            for cell in re.findall(r'<td class="money[^"]*">(.*?)</td>', cells, flags=re.S)
        ]
        rows.setdefault(label, values)
    return rows


# --- The workbook, read -------------------------------------------------------------


def _sheet_rows(sheet) -> dict[str, list]:
    """{column A: [the year cells …, the period cell, the remark]} of "Oversigt", the
    same labels as the page's ("Pejlemærke 1", "Øremærket 1")."""
    rows = {}
    goal = None
    for row in sheet.iter_rows(values_only=True):
        label = row[0]
        if not isinstance(label, str):
            continue
        number = re.match(r"Pejlemærke (\d+): ", label)
        if number:
            goal = number[1]
            label = f"Pejlemærke {goal}"
        elif label in ("Øremærket", "Tilbage af øremærkningen"):
            label = f"{label} {goal}"
        rows.setdefault(label, list(row[1 : len(YEARS) + 3]))
    return rows


def _plan(make_plan, member, catalogue):
    """Every initiative of the seed, with the shapes that test the arithmetic: a scaled
    item, units, the larger variant, a later start, an earlier end, a ceiling it
    exceeds after 2019, and earmarks for pejlemærke 1."""
    titles = list(Initiative.objects.order_by("pk").values_list("title", flat=True))
    plan = make_plan(member, titles=titles, ceiling=30_000_000)
    items = {item.initiative.title: item for item in plan.items.select_related("initiative")}
    changes = {
        "Fritidsjob": {"scale_by": "quantity", "quantity": 150},
        "Fritidsjobkonsulent udstationeret i de udsatte byområder": {
            "scale_by": "units",
            "units": 3,
        },
        "Håndholdt og kontinuerlig virksomhedsindsats": {"start_year": 2020},
        "Anonymiseret rekruttering": {"start_year": 2020, "end_year": 2021},
        "Undervisning af lærere i mangfoldig elevsammensætning": {
            "scale_by": "quantity",
            "quantity": 75,
        },
        "Indsats for udsatte og ensomme seniorer": {"end_year": 2020},
    }
    for title, fields in changes.items():
        for name, value in fields.items():
            setattr(items[title], name, value)
        items[title].save()
    larger = Initiative.objects.filter(larger_variant_amount__isnull=False).exclude(
        title="Fritidsjob"
    )
    for initiative in larger:
        item = items[initiative.title]
        item.use_larger_variant = True
        item.save()
    jobs = Goal.objects.get(catalogue=catalogue, number=1)
    Allocation.objects.create(plan=plan, year=2019, goal=jobs, amount=15_000_000)
    Allocation.objects.create(plan=plan, year=2020, goal=jobs, amount=10_000_000)
    return plan


def _figures(member_client, plan, tmp_path):
    page = member_client.get(plan.get_absolute_url())
    assert page.status_code == 200
    response = member_client.get(reverse("prioritisation:plan_export", args=[plan.pk]))
    workbook = recalculated(response.content, tmp_path)
    return _page_rows(page.content.decode()), workbook


def test_recalculated_totals_equal_the_plan_page(
    make_plan, member, member_client, catalogue, tmp_path
):
    plan = _plan(make_plan, member, catalogue)
    page, workbook = _figures(member_client, plan, tmp_path)
    sheet = _sheet_rows(workbook["Oversigt"])
    count = sheet["Indsatser uden kendt beløb (antal, ikke med)"]

    compared = [
        "Udgifter i alt",
        "Etablering (første års udgifter)",
        "Drift (efterfølgende års udgifter)",
        "Tilbage under loftet",
        "Øremærket 1",
        "Tilbage af øremærkningen 1",
    ]
    compared += [label for label in page if label.startswith("Pejlemærke ")]
    areas = [label for label in page if label not in compared and label not in ("Loft",)]
    areas = [label for label in areas if not label.startswith(("Øremærket", "Tilbage"))]
    assert len(areas) == 9  # every fokusområde of the seed
    assert page["Udgifter i alt"][0][1] > 0  # some total here leaves something out
    assert any(amount < 0 for amount, _left_out in page["Tilbage under loftet"][:4] if amount)

    for label in compared + areas:
        ours = sheet[label]
        for index, (amount, _left_out) in enumerate(page[label]):
            if amount is None:  # "–": the page shows no figure (a period's ceiling)
                continue
            assert ours[index] == amount, (label, index, ours, page[label])

    # What a total leaves out: per year, and for the period, as the page says it.
    for index, (_amount, left_out) in enumerate(page["Udgifter i alt"]):
        assert count[index] == left_out, (index, count, page["Udgifter i alt"])
    period_left_out = page["Udgifter i alt"][-1][1]
    remark = sheet["Udgifter i alt"][len(YEARS) + 1]
    noun = "indsats" if period_left_out == 1 else "indsatser"
    assert remark == f"Mindst – {period_left_out} {noun} uden kendt beløb er ikke med"
    for label in compared[:1] + [label for label in compared if label.startswith("Pejlemærke")]:
        left_out = page[label][-1][1]
        remark = sheet[label][len(YEARS) + 1]
        assert (remark or "") == (
            f"Mindst – {left_out} {'indsats' if left_out == 1 else 'indsatser'} uden kendt "
            "beløb er ikke med"
            if left_out
            else ""
        ), (label, remark)

    # The conditional money, listed apart, as the page says it.
    conditional = sheet["Betinget betaling ved resultat (ikke med i summerne)"]
    assert conditional[len(YEARS)] == 1_300_000
    assert "Dertil betinget betaling ved resultat: 1.300.000 kr." in html.unescape(
        member_client.get(plan.get_absolute_url()).content.decode()
    )
    # The items' own totals, from their year cells.
    items = workbook["Indsatser"]
    fritidsjob = next(row for row in items.iter_rows(values_only=True) if row[3] == "Fritidsjob")
    assert fritidsjob[11:16] == (2_250_000, 2_250_000, 2_250_000, 2_250_000, 9_000_000)
    no_amount = next(
        row
        for row in items.iter_rows(values_only=True)
        if row[3] == "Styrket ligebehandling på boligmarkedet"
    )
    assert no_amount[11:16] == (None, None, None, None, None)  # unknown: never 0


def test_an_amount_changed_in_excel_flows_through_every_total(
    make_plan, member, member_client, tmp_path
):
    plan = make_plan(
        member,
        titles=[
            "Anonymiseret rekruttering",  # pejlemærke 1, Mangfoldig rekruttering
            "Fritidsjob",  # pejlemærke 2
            "Indsats for udsatte og ensomme seniorer",  # 600.000 kr., then not stated
        ],
        ceiling=4_000_000,
    )
    content = member_client.get(reverse("prioritisation:plan_export", args=[plan.pk])).content
    workbook = load_workbook(io.BytesIO(content))
    items = workbook["Indsatser"]
    rows = {}
    for row in items.iter_rows(min_row=export.FIRST_ROW):
        if row[3].value is None:
            break  # the end of the item rows; the marked sections follow
        rows[row[3].value] = row
    # The finance officer corrects 2020 of Anonymiseret rekruttering (500.000 → 650.000)
    # and fills in the seniors' unknown 2021 (150.000).
    rows["Anonymiseret rekruttering"][12].value = 650_000
    rows["Indsats for udsatte og ensomme seniorer"][13].value = 150_000
    edited = io.BytesIO()
    workbook.save(edited)

    sheet = _sheet_rows(recalculated(edited.getvalue(), tmp_path)["Oversigt"])
    # Before: 2019 3.400.000 + 600.000; 2020 3.500.000; 2021 3.500.000; 2022 3.500.000.
    assert sheet["Udgifter i alt"][:5] == [
        4_000_000,
        3_650_000,
        3_650_000,
        3_500_000,
        14_800_000,
    ]
    assert sheet["Etablering (første års udgifter)"][:5] == [4_000_000, 0, 0, 0, 4_000_000]
    assert sheet["Drift (efterfølgende års udgifter)"][:5] == [
        0,
        3_650_000,
        3_650_000,
        3_500_000,
        10_800_000,
    ]
    assert sheet["Tilbage under loftet"][:4] == [0, 350_000, 350_000, 500_000]
    # One unknown fewer in 2021; 2020 and 2022 are still unknown for the seniors.
    assert sheet["Indsatser uden kendt beløb (antal, ikke med)"][:5] == [0, 1, 0, 1, 1]
    assert sheet["Pejlemærke 1"][:5] == [400_000, 650_000, 500_000, 500_000, 2_050_000]
    assert sheet["Mangfoldig rekruttering"][:5] == [400_000, 650_000, 500_000, 500_000, 2_050_000]
    assert sheet["Pejlemærke 3"][:5] == [600_000, 0, 150_000, 0, 750_000]
    assert sheet["Pejlemærke 3"][5] == "Mindst – 1 indsats uden kendt beløb er ikke med"
    assert sheet["Pejlemærke 2"][5] in (None, "")


def test_an_empty_plan_recalculates_to_nothing_left_out(make_plan, member, member_client, tmp_path):
    plan = make_plan(member, name="Tom", ceiling=1_000_000)
    content = member_client.get(reverse("prioritisation:plan_export", args=[plan.pk])).content
    sheet = _sheet_rows(recalculated(content, tmp_path)["Oversigt"])
    assert sheet["Udgifter i alt"][:6] == [0, 0, 0, 0, 0, None]
    assert sheet["Indsatser uden kendt beløb (antal, ikke med)"][:5] == [0, 0, 0, 0, 0]
    assert sheet["Tilbage under loftet"][:4] == [1_000_000] * 4
    assert sheet["Indsatser"][0] == 0


def test_own_amounts_and_exact_amounts_recalculate_as_on_the_page(
    make_plan, member, member_client, tmp_path
):
    plan = make_plan(
        member,
        titles=[
            "Håndholdt og kontinuerlig virksomhedsindsats",  # 3.300.000 kr. typed
            "Anonymiseret rekruttering",  # 75 %: 300.000 kr., then 375.000 kr.
            "Indsats for udsatte og ensomme seniorer",  # own 400.000 kr. after 2019
            "Styrket ligebehandling på boligmarkedet",  # own 1.000.000, then 800.000 kr.
        ],
        ceiling=10_000_000,
    )
    plan.items.filter(initiative__title__startswith="Håndholdt").update(
        scale_by="amount", scale_amount=3_300_000
    )
    plan.items.filter(initiative__title="Anonymiseret rekruttering").update(
        scale_by="share", scale_share=75
    )
    plan.items.filter(initiative__title__startswith="Indsats for udsatte").update(
        own_later_year_amount=400_000
    )
    plan.items.filter(initiative__title__startswith="Styrket").update(
        own_first_year_amount=1_000_000, own_later_year_amount=800_000
    )
    page, workbook = _figures(member_client, plan, tmp_path)
    sheet = _sheet_rows(workbook["Oversigt"])
    # By hand: 2019 3.300.000 + 300.000 + 600.000 + 1.000.000 = 5.200.000;
    # 2020–2022 3.300.000 + 375.000 + 400.000 + 800.000 = 4.875.000.
    assert [amount for amount, _left_out in page["Udgifter i alt"]] == [
        5_200_000,
        4_875_000,
        4_875_000,
        4_875_000,
        19_825_000,
    ]
    assert sheet["Udgifter i alt"][:5] == [5_200_000, 4_875_000, 4_875_000, 4_875_000, 19_825_000]
    # Of it the committee's own: 1.000.000, then 400.000 + 800.000 a year.
    own = [1_000_000, 1_200_000, 1_200_000, 1_200_000, 4_600_000]
    assert [amount for amount, _left_out in page["Heraf udvalgets eget beløb"]] == own
    assert sheet["Heraf udvalgets eget beløb (med i summerne)"][:5] == own
    assert sheet["Indsatser uden kendt beløb (antal, ikke med)"][:5] == [0, 0, 0, 0, 0]

    # An own amount corrected in Excel flows through the total and the committee's part.
    content = member_client.get(reverse("prioritisation:plan_export", args=[plan.pk])).content
    edited_book = load_workbook(io.BytesIO(content))
    items = edited_book["Indsatser"]
    for row in items.iter_rows(min_row=export.FIRST_ROW):
        if row[3].value == "Styrket ligebehandling på boligmarkedet":
            row[12].value = 900_000  # 2020: 800.000 → 900.000
            break
    edited = io.BytesIO()
    edited_book.save(edited)
    (tmp_path / "edited").mkdir()
    sheet = _sheet_rows(recalculated(edited.getvalue(), tmp_path / "edited")["Oversigt"])
    assert sheet["Udgifter i alt"][1] == 4_975_000
    assert sheet["Heraf udvalgets eget beløb (med i summerne)"][1] == 1_300_000
