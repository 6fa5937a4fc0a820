#!/usr/bin/env python3
"""Benchmark the committee papers of a 50-item plan: the PDF annex and the Word document.
Not a test.

    .venv/bin/python bench/papers.py                 # 50 items, throwaway SQLite
    .venv/bin/python bench/papers.py --items 100 --runs 10
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/handleplan_bench_papers \\
        .venv/bin/python bench/papers.py             # a PostgreSQL database you name

The plan is bench/export_plan.py's (every financing shape, scaled and per-unit items,
later starts, notes, a ceiling and an earmark; texts as long as the seed's on average),
with --items items. Measured, each --runs times after a warm-up run, as the views run
them (the plan's two queries, the budget, the content, the file):

- the PDF (``papers.pdf.paper_pdf``), and its parts: the content and the HTML from the
  templates, WeasyPrint's layout, WeasyPrint's writing of the PDF (each, as in
  ``paper_pdf``, with the garbage collector paused and run once after);
- the Word document (``papers.word.paper_docx``).

Wall-clock and CPU time (the process's own: steadier on a shared machine) are shown.
The figures are printed and written to bench/results/papers.md. The goals: the PDF of a
50-item plan under 2 s, its Word document under 0.5 s.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.export_plan import Timing, load_plan, make_plan, setup_django  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "papers.md"
GOAL_PDF, GOAL_DOCX = 2.0, 0.5


def timed(function, runs: int) -> Timing:
    function()  # warm up: imports, fonts, caches
    timing = Timing(wall=[], cpu=[])
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        timing.cpu.append(time.process_time() - cpu)
        timing.wall.append(time.perf_counter() - wall)
    return timing


def count_loop_seconds() -> float:
    """CPU seconds one core needs to count to 10 million in a Python loop (as bench/run.py
    reports): how fast this machine is, and how much other processes slow it, now."""
    cpu = time.process_time()
    number = 0
    while number < 10_000_000:
        number += 1
    return time.process_time() - cpu


def measure(options) -> None:
    import docx
    import weasyprint
    from django.db import connection
    from django.utils import translation

    from prioritisation.models import Plan
    from prioritisation.papers import pdf, word
    from prioritisation.papers.content import plan_paper_for

    translation.activate("da")
    print(f"Building a plan of {options.items} items on {connection.vendor} ...")
    pk = make_plan(options.items).pk
    Plan.objects.filter(pk=pk).update(name=f"Handleplan med {options.items} indsatser")
    today = date.today()

    def paper():
        return plan_paper_for(load_plan(pk), today=today)

    def whole_pdf():
        return pdf.paper_pdf(paper())

    def whole_docx():
        return word.paper_docx(paper())

    def layout():
        with pdf.collector_paused():
            pdf.html_document(html).render()

    def writing():
        with pdf.collector_paused():
            pdf.write(document)

    built = paper()
    html = pdf.paper_html(built)
    document = pdf.html_document(html).render()
    pages = len(document.pages)
    pdf_size, docx_size = len(whole_pdf()), len(whole_docx())

    print(f"Timing {options.runs} runs of each ...")
    rows = [
        (
            "PDF, whole (queries, budget, content, HTML, layout, PDF)",
            timed(whole_pdf, options.runs),
        ),
        (
            "↳ content and HTML (queries, budget, templates)",
            timed(lambda: pdf.paper_html(paper()), options.runs),
        ),
        ("↳ WeasyPrint's layout", timed(layout, options.runs)),
        ("↳ WeasyPrint writing the PDF (tagged)", timed(writing, options.runs)),
        ("Word, whole (queries, budget, content, document)", timed(whole_docx, options.runs)),
    ]
    pdf_timing, docx_timing = rows[0][1], rows[-1][1]
    counting = min(count_loop_seconds() for _ in range(3))
    pdf_met = statistics.median(pdf_timing.wall) < GOAL_PDF
    docx_met = statistics.median(docx_timing.wall) < GOAL_DOCX
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        "# Committee papers of a plan",
        "",
        f"Measured {datetime.now():%Y-%m-%d %H:%M} by `bench/papers.py` on {platform.node()} "
        f"({platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{connection.vendor}, WeasyPrint {weasyprint.__version__}, python-docx "
        f"{docx.__version__ if hasattr(docx, '__version__') else ''}; load average at the "
        f"end {load}); one core counted to 10 million in a Python loop in {counting:.2f} s "
        "(bench/run.py's machine of the README: 0.29 s).",
        "",
        f"A plan of **{options.items} items** (bench/export_plan.py's: every financing shape, "
        f"scaled items, notes, a ceiling and an earmark; texts as long as the seed's). The PDF "
        f"has {pages} A4 pages ({pdf_size / 1024:.0f} KB), the Word document is "
        f"{docx_size / 1024:.0f} KB. {options.runs} runs each, after one warm-up run.",
        "",
        "| what | wall, median | wall, max | CPU, median | CPU, max |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {label} | {timing.cells()} |" for label, timing in rows),
        "",
        f"Goals: the PDF under {GOAL_PDF:g} s: {'met' if pdf_met else 'NOT met'}; the Word "
        f"document under {GOAL_DOCX:g} s: {'met' if docx_met else 'NOT met'} (medians, wall).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not options.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"Written to {RESULTS.relative_to(ROOT)}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=50, help="items in the plan (50)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (5)")
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not write bench/results/papers.md"
    )
    options = parser.parse_args(argv)
    database_url = setup_django(os.environ.get("DATABASE_URL"))
    try:
        measure(options)
    finally:
        if database_url.startswith("sqlite:///") and "handleplan-export-bench-" in database_url:
            from django.db import connection

            connection.close()
            database = Path(database_url.removeprefix("sqlite:///"))
            database.unlink(missing_ok=True)
            database.parent.rmdir()


if __name__ == "__main__":
    main()
