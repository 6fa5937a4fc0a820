"""A paper as a PDF: templates/prioritisation/papers/paper.html and its print CSS
(_print.css), laid out by WeasyPrint on Debian's Pango.

A4 (landscape for a table too wide for portrait), a title page, a table of contents
with page numbers, a running header (the paper's title and the chapter), "Side X af Y"
at the foot, table rows never split across pages and their headers repeated. The PDF
is tagged (WeasyPrint's ``pdf_tags``: headings, paragraphs, tables, lists), carries
its title, author and language, and has bookmarks from the headings.

Speed: WeasyPrint's time goes into laying out and drawing each line of text
(bench/papers.py), so the print CSS keeps lines few and long: 9 pt text, narrow
margins, an initiative's facts in one paragraph, fixed table layouts; no orphans and
widows rules (each costs another layout of a page's last paragraph).

Python's cyclic garbage collector is paused while WeasyPrint lays out and writes the
PDF (``collector_paused``): the many objects WeasyPrint makes would otherwise set off
full collections, each a walk over every object of the process (Django's too), which
took a large share of the time. Once the PDF is written, one collection of the young
objects frees what WeasyPrint left in reference cycles.

WeasyPrint fetches nothing: the paper needs no file or URL (the chart is inline SVG,
the fonts are the system's), and a URL in a text could otherwise make the server ask
for it.
"""

import gc
import threading
from contextlib import contextmanager

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .content import Paper

TEMPLATE = "prioritisation/papers/paper.html"
PDF = "application/pdf"
WIDE_COLUMNS = 7  # more money columns than this and the tables go landscape


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_label() -> str:
    """CSS content for "Side X af Y" in the active language: the translation's words
    around the page counters."""
    text = _("Side %(page)s af %(pages)s")
    parts = []
    rest = text
    while rest:
        page_at, pages_at = rest.find("%(page)s"), rest.find("%(pages)s")
        found = [(at, marker) for at, marker in ((page_at, "%(page)s"), (pages_at, "%(pages)s"))]
        found = [(at, marker) for at, marker in found if at >= 0]
        if not found:
            parts.append(_css_string(rest))
            break
        at, marker = min(found)
        if at:
            parts.append(_css_string(rest[:at]))
        parts.append("counter(page)" if marker == "%(page)s" else "counter(pages)")
        rest = rest[at + len(marker) :]
    return " ".join(parts)


def is_wide(paper: Paper) -> bool:
    return any(len(block.columns) > WIDE_COLUMNS for block in paper.blocks if block.kind == "table")


def paper_html(paper: Paper) -> str:
    return render_to_string(
        TEMPLATE,
        {
            "paper": paper,
            "wide": is_wide(paper),
            "language": get_language() or "da",
            # Built above from our own translation, quoted for CSS: no user text.
            "page_label": mark_safe(page_label()),  # noqa: S308
        },
    )


def html_document(html: str):
    """WeasyPrint's document of ``html``, allowed to fetch nothing.

    WeasyPrint is imported here, not with the module: it loads Pango when imported, and
    a server without Pango should still serve every page but this download.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))


def write(document) -> bytes:
    """The laid-out ``document`` as a tagged PDF."""
    return document.write_pdf(pdf_tags=True)


_pause_lock = threading.Lock()
_pauses = 0  # threads inside collector_paused
_was_enabled = True


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off inside, then one collection of the young
    objects. It is the process's: with several threads inside, it comes back on when the
    last leaves, and only if it was on when the first came in."""
    global _pauses, _was_enabled
    with _pause_lock:
        if not _pauses:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            last = not _pauses
            if last and _was_enabled:
                gc.enable()
        if last:
            gc.collect(0)


def paper_pdf(paper: Paper) -> bytes:
    html = paper_html(paper)
    with collector_paused():
        return write(html_document(html).render())
