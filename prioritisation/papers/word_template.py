"""The default Word template of the committee papers (``manage.py make_word_template``
writes it to templates/prioritisation/papers/bilag.docx): python-docx's own template
with A4 pages, Danish as the language, calm styles, the paper's title in the header (a
TITLE field) and "Side X af Y" in the footer (PAGE and NUMPAGES fields). The
administration may replace the file with its own template: see ``papers.word``."""

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BLUE = RGBColor(0x1D, 0x3A, 0x66)


def _simple_field(paragraph, instruction: str, placeholder: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _language(style, language: str = "da-DK") -> None:
    properties = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    properties.append(lang)


def build_template(path) -> None:
    document = Document()
    for child in list(document.element.body):
        if child.tag != qn("w:sectPr"):
            document.element.body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"  # everywhere; LibreOffice's Liberation Sans has its metrics
    normal.font.size = Pt(10)
    _language(normal)
    for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = True
    styles["Caption"].font.size = Pt(9)
    styles["Caption"].font.italic = False
    styles["Caption"].font.color.rgb = RGBColor(0x22, 0x22, 0x22)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _simple_field(header, "TITLE", _("Handleplan"))
    for run in header.runs:
        run.font.size = Pt(8)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = _("Side %(page)s af %(pages)s")
    before, _page, rest = words.partition("%(page)s")
    between, _pages, after = rest.partition("%(pages)s")
    footer.add_run(before)
    _simple_field(footer, "PAGE", "1")
    footer.add_run(between)
    _simple_field(footer, "NUMPAGES", "1")
    footer.add_run(after)

    document.core_properties.title = _("Handleplan")
    document.core_properties.author = "Handleplan"
    document.core_properties.language = "da-DK"
    document.save(path)
