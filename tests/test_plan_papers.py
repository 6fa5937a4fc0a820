"""The committee papers: a plan, or plans side by side, as a PDF annex and a Word document.

The PDF is read back as its reader would see it: its text by pdftotext (poppler-utils,
which scripts/test installs when root; without it these tests are skipped), its first
page as a picture by pdftoppm; the Word document by python-docx. Both must show the
same totals as the plan page, per year and per pejlemærke.
"""

import gc
import io
import re
import shutil
import subprocess

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from catalogue.models import Goal, Initiative
from prioritisation import changes
from prioritisation.models import Allocation, PlanItem
from prioritisation.papers.pdf import collector_paused, page_label
from prioritisation.papers.word_template import build_template
from tests.queries import SESSION_READ

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils is not installed (apt-get install poppler-utils)",
)

UNKNOWN_AND_CONDITIONAL = [
    "Indsats for udsatte og ensomme seniorer",  # 600.000 kr., later years not stated
    "Styrket ligebehandling på boligmarkedet",  # no amount
    "Beskæftigelsesforløb i samarbejde med civilsamfundet",  # pay for success, 1.300.000 kr.
]
AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})* kr\.")


def _figures(text: str) -> tuple[list[str], int]:
    """The amounts in a row's text, and how many of them are minimums ("mindst")."""
    return AMOUNT.findall(text), text.count("mindst")


@pytest.fixture
def full_plan(make_plan, member, catalogue):
    """Four items in two pejlemærker, unknown and conditional money, a ceiling that the
    plan is over in its first year, and an earmark for pejlemærke 1."""
    plan = make_plan(
        member,
        titles=["Anonymiseret rekruttering", "Fritidsjob", *UNKNOWN_AND_CONDITIONAL],
        ceiling=3_500_000,
    )
    goal = Goal.objects.get(catalogue=catalogue, number=1)
    for year in plan.years:
        Allocation.objects.create(plan=plan, year=year, goal=goal, amount=1_000_000)
    item = plan.items.get(initiative__title="Anonymiseret rekruttering")
    item.note = "Prioriteres højt af udvalget."
    item.save()
    return plan


def _get(client, name, *args, query=""):
    response = client.get(reverse(f"prioritisation:{name}", args=args) + query)
    assert response.status_code == 200, response.status_code
    return response


def _page_rows(client, plan):
    """{row heading: its figures} of the plan page's budget tables (totals and goals)."""
    text = _get(client, "plan", plan.pk).content.decode()
    rows = {}
    for heading, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', text, re.S):
        label = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", heading)).strip()
        plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells))
        rows.setdefault(label, _figures(plain))
    return rows


def _pdf_text(content: bytes, *, layout: bool = True) -> str:
    """The PDF's text: laid out as on the page (a table's row on its lines), or in
    reading order (a cell's text whole)."""
    done = subprocess.run(  # a fixed command on our own bytes
        ["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=content,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().replace("\xa0", " ")


def _pdf_row(text: str, label: str) -> tuple[list[str], int]:
    """The figures of the first table row of the PDF's text labelled ``label`` (not a
    heading such as "Pejlemærke 1: …"): its lines up to the blank line after it."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.match(rf"\s*{re.escape(label)}\s{{2,}}\S", line):
            row = [line]
            for following in lines[index + 1 :]:
                if not following.strip():
                    break
                row.append(following)
            return _figures("\n".join(row))
    raise AssertionError(f"no row {label!r} in the PDF")


def _docx_rows(document) -> dict[str, list[str]]:
    """{first cell's first line: the figures in the other cells' first lines}."""
    rows = {}
    for table in document.tables:
        for row in table.rows:
            cells = [cell.paragraphs[0].text.replace("\xa0", " ") for cell in row.cells]
            rows.setdefault(cells[0], _figures(" ".join(cells[1:])))
    return rows


# --- The PDF --------------------------------------------------------------------------


@needs_poppler
def test_pdf_shows_the_plan_pages_totals_per_year_and_per_goal(member_client, full_plan):
    page = _page_rows(member_client, full_plan)
    response = _get(member_client, "plan_pdf", full_plan.pk)
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)

    expected = page["Udgifter i alt"]
    # Four years and the period; the unknown amounts make every total a minimum.
    assert len(expected[0]) == 5 and expected[1] == 5
    assert expected[0][0] == "4.000.000 kr."  # 2019: over the ceiling of 3.500.000 kr.
    assert _pdf_row(text, "Udgifter i alt") == expected
    for label in ("Etablering (første års udgifter)", "Drift (efterfølgende års udgifter)"):
        assert _pdf_row(text, label) == page[label]
    for number in (1, 2):
        goal = page[next(k for k in page if k.startswith(f"Pejlemærke {number} "))]
        assert len(goal[0]) == 5
        assert _pdf_row(text, f"Pejlemærke {number}") == goal
    assert _pdf_row(text, "Øremærket") == (["1.000.000 kr."] * 4, 0)
    assert "Handleplanen er over budgettet." in text


@needs_poppler
def test_pdf_says_unknown_and_conditional_amounts_and_has_every_text(member_client, full_plan):
    text = _pdf_text(_get(member_client, "plan_pdf", full_plan.pk).content, layout=False)
    squeezed = re.sub(r"\s+", " ", text)
    assert "Ikke oplyst" in text  # the initiative without an amount, never 0
    assert "betinget" in text
    assert "Beskæftigelsesforløb i samarbejde med civilsamfundet: 1.300.000 kr., betinget" in (
        squeezed
    )
    assert "ukendt i 2020, 2021, 2022" in squeezed  # the seniors' later years
    # The period's total leaves out two items, and says so under it.
    assert re.search(r"mindst 14\.500\.000 kr\. 1 ukendt 2 ukendte", squeezed)
    # Each chosen initiative's full texts, and the member's note.
    for title in ("Anonymiseret rekruttering", "Fritidsjob", *UNKNOWN_AND_CONDITIONAL):
        description = Initiative.objects.get(title=title).description
        assert re.sub(r"\s+", " ", description)[:60] in squeezed
    assert "Prioriteres højt af udvalget." in squeezed


@needs_poppler
def test_pdf_title_page_contents_page_numbers_and_tags(member_client, full_plan, catalogue):
    content = _get(member_client, "plan_pdf", full_plan.pk).content
    pages = _pdf_text(content).split("\f")
    title = re.sub(r"\s+", " ", pages[0])
    assert catalogue.municipality in title and catalogue.title in title
    assert "Handleplan: Job og skole" in title
    assert "Status Kladde" in title
    count = len([page for page in pages if page.strip()])
    assert f"Side 1 af {count}" in pages[0]
    assert f"Side {count} af {count}" in pages[count - 1]
    # The table of contents, with the page each chapter starts on.
    contents = re.sub(r"[ .]+", " ", pages[1])
    assert re.search(r"Indhold.*Budget pr år 3\b", contents, re.S)
    assert "Indsatsernes tekster" in contents
    # The running header on later pages: the title and the chapter.
    assert "Handleplan: Job og skole" in pages[2] and "Budget pr. år" in pages[2]

    info = subprocess.run(  # noqa: S603
        ["pdfinfo", "-"],  # noqa: S607
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Title:           Handleplan: Job og skole" in info
    assert "595.276 x 841.89 pts (A4)" in info


@needs_poppler
def test_pdf_first_page_is_not_blank(member_client, full_plan, tmp_path):
    (tmp_path / "bilag.pdf").write_bytes(_get(member_client, "plan_pdf", full_plan.pk).content)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile"]  # noqa: S607
        + [str(tmp_path / "bilag.pdf"), str(tmp_path / "side")],
        check=True,
    )
    image = Image.open(tmp_path / "side.png").convert("L")
    dark = sum(image.histogram()[:128])
    assert image.size[0] < image.size[1]  # portrait
    assert dark > image.size[0] * image.size[1] // 200  # text, not an empty page


@needs_poppler
def test_adopted_plan_shows_its_frozen_figures_and_texts(member_client, full_plan, administrator):
    changes.propose_plan(full_plan)
    changes.adopt_plan(full_plan, by=administrator)
    initiative = Initiative.objects.get(title="Fritidsjob")
    frozen = initiative.description
    initiative.description = "En helt ny beskrivelse fra forvaltningen."
    initiative.first_year_amount = 9_999_000
    initiative.save()

    content = _get(member_client, "plan_pdf", full_plan.pk).content
    text = re.sub(r"\s+", " ", _pdf_text(content, layout=False))
    today = timezone.localdate()
    assert f"Status Vedtaget {today.day}. " in text
    assert frozen[:60] in text
    assert "En helt ny beskrivelse" not in text
    assert "9.999.000" not in text


def test_pdf_leaves_the_garbage_collector_on(member_client, full_plan):
    """Paused while WeasyPrint works; left off, the server's memory would only grow."""
    assert gc.isenabled()
    assert _get(member_client, "plan_pdf", full_plan.pk).status_code == 200
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()
    # Two threads' PDFs overlapping: on again when the last is written.
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    # Off before (someone else's choice): left off.
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pdf_in_english_says_page_x_of_y():
    with translation.override("en"):
        assert page_label() == '"Page " counter(page) " of " counter(pages)'
    with translation.override("da"):
        assert page_label() == '"Side " counter(page) " af " counter(pages)'


# --- The Word document --------------------------------------------------------------------


def test_word_shows_the_plan_pages_totals_in_real_tables(member_client, full_plan):
    page = _page_rows(member_client, full_plan)
    response = _get(member_client, "plan_word", full_plan.pk)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = docx.Document(io.BytesIO(response.content))
    rows = _docx_rows(document)
    assert rows["Udgifter i alt"] == page["Udgifter i alt"]
    for number in (1, 2):
        assert (
            rows[f"Pejlemærke {number}"]
            == page[next(k for k in page if k.startswith(f"Pejlemærke {number} "))]
        )
    assert rows["Øremærket"] == (["1.000.000 kr."] * 4, 0)
    # The header row repeats on every page; no row breaks across pages.
    budget = next(t for t in document.tables if t.rows[1].cells[0].text.startswith("Udgifter"))
    assert budget.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None for row in budget.rows)


def test_word_headings_are_word_heading_styles(member_client, full_plan):
    document = docx.Document(io.BytesIO(_get(member_client, "plan_word", full_plan.pk).content))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters == [
        "Budget pr. år",
        "Fordelt på pejlemærker og fokusområder",
        "Indsatser i handleplanen",
        "Ikke med i summerne",
        "Indsatsernes tekster",
    ]
    goals = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert goals[0].startswith("Pejlemærke 1: ")
    texts = " ".join(p.text for p in document.paragraphs).replace("\xa0", " ")
    assert "Beskæftigelsesforløb i samarbejde med civilsamfundet: 1.300.000 kr., betinget" in texts
    assert document.core_properties.title == "Handleplan: Job og skole"
    assert document.core_properties.author == "Mette"
    # The chart, with its figures as alternative text.
    assert len(document.inline_shapes) == 1
    description = document.inline_shapes[0]._inline.docPr.get("descr")
    assert description.startswith("Søjlediagram. 2019: mindst ")
    # The template's header shows the title, its footer "Side X af Y".
    header = document.sections[0].header._element.xml
    assert "Handleplan: Job og skole" in header
    footer = document.sections[0].footer._element.xml
    assert (
        "PAGE" in footer and "NUMPAGES" in footer and ">Side <" in footer.replace("Side ", "Side <")
    )


def test_word_template_can_be_replaced(member_client, full_plan, tmp_path, settings):
    template = tmp_path / "kommunens-skabelon.docx"
    build_template(template)
    own = docx.Document(template)
    own.styles["Normal"].font.name = "Georgia"
    own.add_paragraph("Tekst i skabelonens brødtekst, som ikke kommer med.")
    own.save(template)
    settings.PAPERS_WORD_TEMPLATE = template

    document = docx.Document(io.BytesIO(_get(member_client, "plan_word", full_plan.pk).content))
    assert document.styles["Normal"].font.name == "Georgia"
    assert not any("skabelonens brødtekst" in p.text for p in document.paragraphs)
    assert document.paragraphs[1].text == "Handleplan: Job og skole"


def test_the_scale_and_udvalgets_eget_beloeb_read_as_on_the_plan_page(
    member_client, make_plan, member
):
    plan = make_plan(
        member,
        titles=[
            "Håndholdt og kontinuerlig virksomhedsindsats",
            "Indsats for udsatte og ensomme seniorer",
        ],
    )
    handheld = plan.items.get(initiative__title__startswith="Håndholdt")
    handheld.scale_by, handheld.scale_amount = "amount", 3_300_000
    handheld.save()
    seniors = plan.items.get(initiative__title__startswith="Indsats for udsatte")
    seniors.own_later_year_amount = 400_000
    seniors.save()
    document = docx.Document(io.BytesIO(_get(member_client, "plan_word", plan.pk).content))
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "3.300.000 kr. om året" in text
    assert "Udvalgets eget beløb i 2020, 2021, 2022" in text
    pdf = _pdf_text(_get(member_client, "plan_pdf", plan.pk).content, layout=False)
    assert "3.300.000 kr. om året" in pdf
    assert "Udvalgets eget beløb" in pdf


# --- Links, access, names, queries -----------------------------------------------------


def test_plan_page_links_to_both_papers(member_client, plan):
    text = _get(member_client, "plan", plan.pk).content.decode()
    assert f'href="{reverse("prioritisation:plan_pdf", args=[plan.pk])}"' in text
    assert f'href="{reverse("prioritisation:plan_word", args=[plan.pk])}"' in text
    assert "Hent bilag som PDF" in text and "Hent bilag som Word" in text


@pytest.mark.parametrize(("name", "extension"), [("plan_pdf", "pdf"), ("plan_word", "docx")])
def test_named_as_the_excel_export(member_client, plan, name, extension):
    response = _get(member_client, name, plan.pk)
    today = timezone.localdate()
    file_name = f"Handleplan%20%E2%80%93%20Job%20og%20skole%20%E2%80%93%20{today:%Y-%m-%d}"
    assert f"filename*=utf-8''{file_name}.{extension}" in response["Content-Disposition"]
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["plan_pdf", "plan_word"])
def test_whoever_may_read_the_plan_may_download_it(client, plan, other_member, reader, name):
    url = reverse(f"prioritisation:{name}", args=[plan.pk])
    assert client.get(url).status_code == 302  # to the log-in
    client.force_login(other_member)
    assert client.get(url).status_code == 404  # not shared: as if it did not exist
    changes.share_plan(plan)
    assert client.get(url).status_code == 200
    client.force_login(reader)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("name", ["plan_pdf", "plan_word"])
def test_query_count_does_not_grow(
    member_client, make_plan, member, django_assert_num_queries, name
):
    small = make_plan(member, titles=["Fritidsjob"])
    large = make_plan(
        member, name="Stor", titles=[i.title for i in Initiative.objects.all()[:20]], ceiling=10
    )
    for plan in (small, large):
        with django_assert_num_queries(4 + SESSION_READ):  # session, user, plan, items, allocations
            _get(member_client, name, plan.pk)


# --- The comparison ---------------------------------------------------------------------


def _compare_query(*plans, **extra):
    query = "&".join(f"plan={plan.pk}" for plan in plans)
    return "?" + query + "".join(f"&{key}={value}" for key, value in extra.items())


@needs_poppler
def test_comparison_side_by_side(member_client, make_plan, member, full_plan):
    other = make_plan(member, name="Kun fritidsjob", titles=["Fritidsjob"])
    query = _compare_query(full_plan, other)
    compare_page = _get(member_client, "compare", query=query).content.decode()
    pdf_url = reverse("prioritisation:compare_pdf") + query
    assert f'href="{pdf_url.replace("&", "&amp;")}"' in compare_page

    response = _get(member_client, "compare_pdf", query=query)
    today = timezone.localdate()
    assert (
        "Sammenligning%20%E2%80%93%20Job%20og%20skole%2C%20Kun%20fritidsjob%20%E2%80%93%20"
        f"{today:%Y-%m-%d}.pdf" in response["Content-Disposition"]
    )
    text = _pdf_text(response.content)
    full_page, other_page = _page_rows(member_client, full_plan), _page_rows(member_client, other)
    # Each plan's total for the period, side by side, the second's difference below it.
    period = _pdf_row(text, "Hele perioden")[0]
    # The second's cell also says its difference from the first.
    assert period[:2] == [full_page["Udgifter i alt"][0][-1], other_page["Udgifter i alt"][0][-1]]
    goal = _pdf_row(text, "Pejlemærke 2")[0]
    assert goal == [
        next(v for k, v in full_page.items() if k.startswith("Pejlemærke 2 "))[0][-1],
        next(v for k, v in other_page.items() if k.startswith("Pejlemærke 2 "))[0][-1],
    ]
    assert "ikke med" in text  # an initiative in one plan only

    document = docx.Document(io.BytesIO(_get(member_client, "compare_word", query=query).content))
    rows = _docx_rows(document)
    assert rows["Hele perioden"][0][:2] == period[:2]


def test_comparison_refuses_unreadable_plans_and_wrong_counts(
    client, make_plan, member, other_member
):
    mine = make_plan(member)
    theirs = make_plan(other_member, name="Bos")
    client.force_login(member)
    url = reverse("prioritisation:compare_pdf")
    response = client.get(url + _compare_query(mine, theirs), follow=True)
    assert "findes ikke eller er ikke delt med dig" in response.content.decode()
    response = client.get(url + _compare_query(mine), follow=True)
    assert "Vælg mindst to handleplaner" in response.content.decode()
    response = client.get(url + "?plan=1&plan=x", follow=True)
    assert "Vælg mindst to handleplaner" in response.content.decode()
    assert Client().get(url + _compare_query(mine, theirs)).status_code == 302


def test_comparison_query_count(member_client, make_plan, member, django_assert_num_queries):
    plans = [make_plan(member, name=f"Plan {n}", titles=["Fritidsjob"]) for n in range(3)]
    PlanItem.for_initiative(
        Initiative.objects.get(title="Anonymiseret rekruttering"),
        plan=plans[0],
        start_year=2019,
        end_year=2022,
    ).save()
    with django_assert_num_queries(4 + SESSION_READ):  # session, user, plans, items, allocations
        _get(member_client, "compare_word", query=_compare_query(*plans))


@needs_poppler
def test_text_that_looks_like_markup_is_written_as_text(member_client, make_plan, member):
    plan = make_plan(member, name='Børn & unge <b>"først"</b>', titles=["Fritidsjob"])
    item = plan.items.get()
    item.note = "Linje et\x0bmed et lodret tabulatortegn & <i>kursiv</i>"
    item.save()

    text = re.sub(r"\s+", " ", _pdf_text(_get(member_client, "plan_pdf", plan.pk).content))
    assert 'Handleplan: Børn & unge <b>"først"</b>' in text
    assert "<i>kursiv</i>" in text

    document = docx.Document(io.BytesIO(_get(member_client, "plan_word", plan.pk).content))
    assert document.core_properties.title == 'Handleplan: Børn & unge <b>"først"</b>'
    texts = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Linje etmed et lodret tabulatortegn & <i>kursiv</i>" in texts
