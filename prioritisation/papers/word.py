"""A paper as a Word document (.docx) for the secretariat to edit, with python-docx.

The look comes from a template, ``settings.PAPERS_WORD_TEMPLATE``
(templates/prioritisation/papers/bilag.docx unless set): its page setup, its styles
(Title, Subtitle, Heading 1–3, Normal, Caption, Table Grid), its header and footer. The
administration may replace it with the municipality's own Word template: whatever it
has in its body is left out, a style it lacks falls back to Word's own, and a TITLE field
(Indsæt › Felt › Title) anywhere in a header shows the paper's title.
``manage.py make_word_template`` writes the default one again.

python-docx rather than docxtpl: the content (tables with a column per year of the
plan, however many, headings, notes) is built in code from ``papers.content``, the same
blocks as the PDF, so the template carries only the look, and a template edited in Word
cannot break the content (docxtpl's Jinja tags split across Word's runs when edited).

The headings use Word's heading styles (Overskrift 1–3 in Danish Word): the navigation
pane and the table of contents (a TOC field of the chapters, which Word updates when
the document is opened) are built from them. Tables are real Word tables; their header
row repeats on every page and a row is never split across pages. The chart is a picture
with its description as alternative text.

Speed: python-docx's objects cost a look-up per run and per cell (a 50-item plan took
over a second), so the body is written as WordprocessingML text and parsed once; python-
docx opens the template, adds the picture and saves.
"""

import io
import re
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from .chart_png import chart_png
from .content import Paper

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OVER = "B00020"
NOTE = "444444"
WIDE_COLUMNS = 7  # more money columns than this and the pages go landscape
TABLE_SIZE, NOTE_SIZE = 8.5, 7.5  # points: the money tables' text, and their notes
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    """Text Word can hold: XML forbids most control characters."""
    return _NOT_IN_XML.sub("", str(text))


@cache
def _template_bytes(path: str) -> bytes:
    with open(path, "rb") as template:
        return template.read()


def paper_docx(paper: Paper) -> bytes:
    document = Document(io.BytesIO(_template_bytes(str(settings.PAPERS_WORD_TEMPLATE))))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    properties = document.core_properties
    properties.title = _xml_text(paper.title)
    properties.subject = _xml_text(paper.subtitle)
    properties.author = _xml_text(paper.author)
    properties.last_modified_by = _xml_text(paper.author)
    properties.language = "da-DK"
    properties.keywords = _("Handleplan")
    _fill_title_fields(document, paper.title)
    if any(block.kind == "table" and len(block.columns) > WIDE_COLUMNS for block in paper.blocks):
        _landscape(document)

    body_xml = _Body(document)
    body_xml.paragraph(paper.kicker, style="Subtitle")
    body_xml.paragraph(paper.title, style="Title")
    body_xml.paragraph(paper.subtitle, style="Subtitle")
    body_xml.facts(paper.facts)
    for text in paper.introduction.split("\n\n") if paper.introduction else ():
        body_xml.paragraph(text)
    body_xml.page_break()
    body_xml.paragraph(_("Indhold"), style="TOC Heading", fallback="Heading 1")
    body_xml.table_of_contents(paper)
    body_xml.page_break()

    for block in paper.blocks:
        if block.kind == "heading":
            body_xml.paragraph(block.text, style=f"Heading {block.level}")
        elif block.kind == "paragraph":
            if block.style == "note":
                body_xml.paragraph(block.text, italic=True, color=NOTE)
            elif block.style == "alert":
                body_xml.paragraph(block.text, bold=True, color=OVER)
            else:
                body_xml.paragraph(block.text)
        elif block.kind == "labelled":
            body_xml.paragraph(block.label, bold=True, keep_next=True, after=0)
            for text in block.text.split("\n\n"):
                body_xml.paragraph(text)
        elif block.kind == "facts" and block.style == "lines":
            for label, value in block.rows:
                body_xml.paragraph(runs=_run(f"{label}: ", bold=True) + _run(value), after=40)
        elif block.kind == "facts":
            body_xml.facts(block)
        elif block.kind == "table":
            body_xml.table(block)
        elif block.kind == "chart":
            body_xml.chart(block.chart)
    body_xml.flush()

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _run(text: str, *, bold=False, italic=False, color=None, size=None) -> str:
    """A run of ``text``; a newline becomes a line break."""
    properties = ""
    if bold:
        properties += "<w:b/>"
    if italic:
        properties += "<w:i/>"
    if color:
        properties += f'<w:color w:val="{color}"/>'
    if size:
        properties += f'<w:sz w:val="{round(size * 2)}"/>'
    content = "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in _xml_text(text).split("\n")
    )
    return f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}{content}</w:r>"


class _Body:
    """The document's body as WordprocessingML text, put into the document by flush()."""

    def __init__(self, document):
        self.document = document
        self.parts: list[str] = []
        self.style_ids = {style.name: style.style_id for style in document.styles}
        self.width = self._text_width()

    def _text_width(self) -> int:
        """The text's width in twentieths of a point, from the template's page."""
        section = self.document.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin
        return int(width / 635)  # EMU per twip

    def _style(self, name: str | None, fallback: str | None = None) -> str:
        style_id = self.style_ids.get(name) or self.style_ids.get(fallback)
        return f'<w:pStyle w:val="{escape(style_id)}"/>' if style_id else ""

    def paragraph(
        self,
        text: str = "",
        *,
        style=None,
        fallback=None,
        align=None,
        keep_next=False,
        after=None,
        indent=None,
        runs: str | None = None,
        **font,
    ) -> None:
        self.parts.append(
            self._paragraph(text, style, fallback, align, keep_next, after, indent, runs, font)
        )

    def _paragraph(self, text, style, fallback, align, keep_next, after, indent, runs, font) -> str:
        properties = self._style(style, fallback) if style else ""
        if keep_next:
            properties += "<w:keepNext/>"
        if after is not None:
            properties += f'<w:spacing w:after="{after}"/>'
        if indent:
            properties += f'<w:ind w:left="{indent}"/>'
        if align:
            properties += f'<w:jc w:val="{align}"/>'
        content = runs if runs is not None else (_run(text, **font) if text else "")
        return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{content}</w:p>"

    def page_break(self) -> None:
        self.parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def table_of_contents(self, paper: Paper) -> None:
        """A TOC field over the chapters (Heading 1), as the PDF's, which Word fills in
        when it opens the document (it is marked dirty); until then it shows them."""
        chapters = "\n".join(heading.text for heading in paper.contents)
        self.parts.append(
            '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"{_run(chapters)}"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )

    def _table_start(self, widths: list[int], caption: str | None = None) -> list[str]:
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        style = self.style_ids.get("Table Grid")
        style_xml = f'<w:tblStyle w:val="{escape(style)}"/>' if style else ""
        caption_xml = f"<w:tblCaption w:val={quoteattr(_xml_text(caption))}/>" if caption else ""
        return [
            f'<w:tbl><w:tblPr>{style_xml}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
            f'<w:right w:w="57" w:type="dxa"/></w:tblCellMar>{caption_xml}</w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        ]

    @staticmethod
    def _cell(width: int, paragraphs: str) -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>'

    @staticmethod
    def _row(cells: str, *, header: bool = False) -> str:
        repeat = "<w:tblHeader/>" if header else ""
        return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{cells}</w:tr>"

    def facts(self, facts) -> None:
        widths = [int(self.width * 0.32), self.width - int(self.width * 0.32)]
        parts = self._table_start(widths)
        for label, value in facts.rows:
            parts.append(
                self._row(
                    self._cell(
                        widths[0],
                        self._paragraph(
                            label, None, None, None, False, 0, None, None, {"bold": True}
                        ),
                    )
                    + self._cell(
                        widths[1],
                        self._paragraph(value, None, None, None, False, 0, None, None, {}),
                    )
                )
            )
        parts.append("</w:tbl>")
        self.parts.append("".join(parts))
        self.paragraph()

    def table(self, block) -> None:
        self.paragraph(block.caption, style="Caption", keep_next=True)
        count = len(block.columns)
        label_width = int(self.width * (0.30 if count <= 5 else 0.22))
        money_width = (self.width - label_width) // max(count, 1)
        widths = [label_width] + [money_width] * count

        def paragraph(text, *, align=None, indent=None, size=TABLE_SIZE, **font):
            font = {"size": size, **font}
            return self._paragraph(text, None, None, align, False, 0, indent, None, font)

        def small(text, align=None):
            return paragraph(text, align=align, size=NOTE_SIZE, color=NOTE)

        parts = self._table_start(widths, block.caption)
        header = self._cell(widths[0], paragraph(block.label_header, bold=True))
        header += "".join(
            self._cell(money_width, paragraph(column, align="right", bold=True))
            for column in block.columns
        )
        parts.append(self._row(header, header=True))
        for row in block.rows:
            is_sum = row.style == "sum"
            label = paragraph(row.label, bold=is_sum, indent=227 if row.style == "indent" else None)
            if row.note:
                label += small(row.note)
            cells = self._cell(widths[0], label)
            for cell in row.cells:
                content = paragraph(
                    cell.text,
                    align="right",
                    bold=is_sum or cell.over,
                    color=OVER if cell.over else None,
                )
                if cell.note:
                    content += small(cell.note, align="right")
                cells += self._cell(money_width, content)
            parts.append(self._row(cells))
        parts.append("</w:tbl>")
        self.parts.append("".join(parts))
        self.paragraph()

    def chart(self, chart) -> None:
        self.flush()
        self.document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
        picture = self.document.element.body[-2]  # the last paragraph, before sectPr
        description = _("Søjlediagram.") + " " + chart.description
        for properties in picture.iter(qn("wp:docPr")):
            properties.set("descr", _xml_text(description))
        self.paragraph(chart.description, italic=True, color=NOTE)

    def flush(self) -> None:
        if not self.parts:
            return
        parsed = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>")
        self.parts = []
        body = self.document.element.body
        end = body.find(qn("w:sectPr"))
        for element in list(parsed):
            if end is not None:
                end.addprevious(element)
            else:
                body.append(element)


def _landscape(document):
    for section in document.sections:
        if section.orientation != WD_ORIENT.LANDSCAPE:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width


def _fill_title_fields(document, title: str) -> None:
    """Show ``title`` in every TITLE field of the headers and footers (Word shows a
    field's last result until it updates it)."""
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            if part.is_linked_to_previous:
                continue  # no header or footer of its own (reading it would add one)
            for field in part._element.iter(qn("w:fldSimple")):
                if field.get(qn("w:instr"), "").split()[:1] == ["TITLE"]:
                    texts = list(field.iter(qn("w:t")))
                    if texts:
                        texts[0].text = _xml_text(title)
                        for extra in texts[1:]:
                            extra.text = ""
