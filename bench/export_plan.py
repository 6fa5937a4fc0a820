#!/usr/bin/env python3
"""Benchmark the Excel export of a large plan: time and memory. Not a test.

    .venv/bin/python bench/export_plan.py                  # 1,000 items, throwaway SQLite
    .venv/bin/python bench/export_plan.py --items 2000 --runs 20
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/handleplan_bench_export \\
        .venv/bin/python bench/export_plan.py              # a PostgreSQL database you name

It builds a catalogue of --items initiatives (tests.factories.make_catalogue: every
financing shape, three pejlemærker, nine fokusområder), a member's plan holding all of
them (scaled, per-unit, later starts, notes, a ceiling and earmarks), then measures:

- the whole export as the view runs it (``prioritisation.export.plan_xlsx``: the two
  queries, ``budget.plan_budget`` and the workbook), median and max of --runs runs;
- the workbook alone, in openpyxl's write-only mode (what the app uses) and in its
  normal mode, for the comparison;
- a floor: openpyxl writing as many cells, plain numbers without styles, in as many
  rows: what the cells alone cost on this machine;
- memory: the peak of Python's allocations during one export (tracemalloc), and the
  peak resident size (VmHWM; getrusage off Linux) of a fresh process that loads Django
  and the plan and exports it once: what a server process needs for it.

Wall-clock and CPU time are both shown: on a shared machine the CPU time (the process's
own) is the steadier of the two.

The figures are printed and written to bench/results/export.md. The goal: under 0.5 s
and under 100 MB for 1,000 items. Without DATABASE_URL the database is a temporary
SQLite file, deleted at the end; with it, the database is migrated and the data is
added to it (use a database of its own).
"""

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "export.md"
GOAL_SECONDS = 0.5
GOAL_MEGABYTES = 100


def setup_django(database_url: str | None, *, migrate: bool = True) -> str:
    """Django on ``database_url``, or on a new SQLite file; returns the URL used."""
    sys.path.insert(0, str(ROOT))
    if database_url is None:
        directory = tempfile.mkdtemp(prefix="handleplan-export-bench-")
        database_url = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "handleplan.settings"
    import django

    django.setup()
    from django.core.management import call_command

    if migrate:
        call_command("migrate", verbosity=0, interactive=False)
    return database_url


def make_plan(items: int):
    """A member's plan holding every initiative of a new catalogue of ``items``."""
    from django.contrib.auth import get_user_model

    from catalogue.models import Goal, Initiative
    from prioritisation.models import Allocation, Plan, PlanItem
    from tests.factories import make_catalogue

    stamp = datetime.now().strftime("%Y%m%d%H%M%S%f")
    catalogue = make_catalogue(initiatives=items, municipality=f"Benchby {stamp}")
    # Texts as long as the seed's on average (description 390, inspiration 165, effect 140
    # characters), so the sheet of texts weighs what it will.
    Initiative.objects.in_catalogue(catalogue).update(
        description=("Beskrivelse af indsatsen med æ, ø og å. " * 10).strip(),
        inspiration=("Inspireret af dialogmøderne om integrationspolitikken. " * 3).strip(),
        effect=("Forventes effektfuld ud fra erfaringer i andre kommuner. " * 2).strip(),
    )
    owner = get_user_model().objects.create_user(
        username=f"bench-export-{stamp}", first_name="Bente", last_name="Benchmark"
    )
    plan = Plan.objects.create(
        owner=owner,
        catalogue=catalogue,
        name="Stor handleplan – 1.000 indsatser",
        first_year=catalogue.first_year,
        last_year=catalogue.last_year,
    )
    plan_items = []
    initiatives = Initiative.objects.in_catalogue(catalogue).order_by("pk")
    for index, initiative in enumerate(initiatives):
        fields = {
            "plan": plan,
            "start_year": plan.first_year + index % 2,
            "end_year": plan.last_year - (index % 3 == 0),
            "scale_by": PlanItem.Scale.CATALOGUE,
            "note": f"Note til indsats {index + 1}: prioriteres højt." if index % 5 == 0 else "",
        }
        if initiative.financing_kind == Initiative.FinancingKind.PER_UNIT:
            fields.update(scale_by=PlanItem.Scale.UNITS, units=3)
        elif index % 4 == 0 and initiative.target_quantity:
            quantity = max(1, initiative.target_quantity // 2)
            fields.update(scale_by=PlanItem.Scale.QUANTITY, quantity=quantity)
        # An item counts its own copy of the catalogue's figures, as the app makes it.
        plan_items.append(PlanItem.for_initiative(initiative, **fields))
    PlanItem.objects.bulk_create(plan_items, batch_size=500)
    goal = Goal.objects.filter(catalogue=catalogue).order_by("number").first()
    allocations = []
    for year in plan.years:
        allocations.append(Allocation(plan=plan, year=year, amount=200_000_000))
        allocations.append(Allocation(plan=plan, year=year, goal=goal, amount=50_000_000))
    Allocation.objects.bulk_create(allocations)
    return plan


def load_plan(pk):
    """The plan as the view gets it: the owner in the query, joined to its catalogue
    (the view takes the owner from the request; here it is joined)."""
    from prioritisation.models import Plan

    return Plan.objects.select_related("catalogue", "owner").get(pk=pk)


@dataclass
class Timing:
    """Wall-clock and CPU seconds of each run. The CPU time is the process's own, so a
    busy machine (other jobs on the same CPUs) moves it less than the wall clock."""

    wall: list[float]
    cpu: list[float]

    def cells(self) -> str:
        def ms(values, pick):
            return f"{pick(values) * 1000:.0f} ms"

        median, most = statistics.median, max
        return (
            f"{ms(self.wall, median)} | {ms(self.wall, most)} "
            f"| {ms(self.cpu, median)} | {ms(self.cpu, most)}"
        )


def timed(function, runs: int) -> Timing:
    function()  # warm up: imports, caches
    timing = Timing(wall=[], cpu=[])
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        timing.cpu.append(time.process_time() - cpu)
        timing.wall.append(time.perf_counter() - wall)
    return timing


def cell_counts(content: bytes) -> list[tuple[int, int]]:
    """(rows, cells) of each sheet of the workbook."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        (
            sheet.max_row,
            sum(1 for row in sheet.iter_rows() for cell in row if cell.value is not None),
        )
        for sheet in workbook
    ]


def plain_workbook(shape) -> bytes:
    """A workbook of the same number of rows and cells, every cell the number 1: what
    openpyxl needs for the cells alone."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for index, (rows, cells) in enumerate(shape):
        sheet = workbook.create_sheet(f"Ark{index + 1}")
        width = max(1, round(cells / max(rows, 1)))
        for _row in range(rows):
            sheet.append([1] * width)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def max_rss_megabytes() -> float:
    """The process's peak resident size. On Linux, VmHWM: getrusage's ru_maxrss would
    keep the peak of the parent this process was forked from."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / divisor


def rss_child(pk: int) -> None:
    """In a fresh process: Django and the plan loaded, then one export; print the peak
    resident size before and after, as JSON."""
    from prioritisation.export import plan_xlsx

    plan = load_plan(pk)
    plan.budget_rows()  # the data, once
    before = max_rss_megabytes()
    plan_xlsx(load_plan(pk), today=date.today())
    print(json.dumps({"before": before, "after": max_rss_megabytes()}))


def measure(options, database_url: str) -> None:
    from django.db import connection

    from prioritisation.budget import plan_budget
    from prioritisation.export import plan_workbook, plan_xlsx

    print(f"Building a plan of {options.items} items on {connection.vendor} ...")
    pk = make_plan(options.items).pk
    today = date.today()

    def export():
        return plan_xlsx(load_plan(pk), today=today)

    plan = load_plan(pk)
    items, allocations = plan.budget_rows()
    budget = plan_budget(plan=plan, items=items, allocations=allocations)
    content = export()
    size = len(content)
    shape = cell_counts(content)

    print(f"Timing {options.runs} runs of each ...")
    whole = timed(export, options.runs)
    budget_only = timed(
        lambda: plan_budget(plan=plan, items=items, allocations=allocations), options.runs
    )
    normal = timed(lambda: plan_workbook(plan, budget, today=today, write_only=False), options.runs)
    write_only = timed(lambda: plan_workbook(plan, budget, today=today), options.runs)
    floor = timed(lambda: plain_workbook(shape), options.runs)

    def peak(function) -> float:
        tracemalloc.start()
        function()
        _current, highest = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return highest / 1024 / 1024

    peak_export = peak(export)
    peak_normal = peak(lambda: plan_workbook(plan, budget, today=today, write_only=False))
    child = subprocess.run(  # noqa: S603 - this script, with the plan's id
        [sys.executable, __file__, "--rss-child", str(pk)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": database_url},
    )
    rss = json.loads(child.stdout.strip().splitlines()[-1])

    median_wall, most_wall = statistics.median(whole.wall), max(whole.wall)
    median_cpu = statistics.median(whole.cpu)
    time_met = median_wall < GOAL_SECONDS and median_cpu < GOAL_SECONDS
    memory_met = peak_export < GOAL_MEGABYTES and rss["after"] < GOAL_MEGABYTES
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        "# Excel export of a large plan",
        "",
        f"Measured {datetime.now():%Y-%m-%d %H:%M} by `bench/export_plan.py` "
        f"on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {connection.vendor}, openpyxl "
        f"{openpyxl.__version__}{' with lxml' if openpyxl.LXML else ', without lxml'}; "
        f"load average at the end {load}).",
        "",
        f"A plan of **{options.items} items** (every financing shape, scaled items, later "
        f"starts, notes, a ceiling and earmarks; texts as long as the seed's); the workbook "
        f"is {size / 1024:.0f} KB. {options.runs} runs each, after one warm-up run.",
        "",
        "| what | wall, median | wall, max | CPU, median | CPU, max |",
        "| --- | --- | --- | --- | --- |",
        f"| Whole export, as the view runs it (2 queries, budget, workbook) | {whole.cells()} |",
        f"| Budget alone (`budget.plan_budget`) | {budget_only.cells()} |",
        f"| Workbook alone, write-only mode (used) | {write_only.cells()} |",
        f"| Workbook alone, normal mode (for comparison) | {normal.cells()} |",
        f"| Floor: openpyxl writing as many cells, plain numbers, no styles "
        f"({sum(cells for _rows, cells in shape)} cells) | {floor.cells()} |",
        "",
        "| memory | peak |",
        "| --- | --- |",
        f"| Python allocations during one whole export (tracemalloc) | {peak_export:.1f} MB |",
        f"| The same workbook in normal mode, for comparison (tracemalloc) "
        f"| {peak_normal:.1f} MB |",
        f"| A fresh process: Django and the plan loaded, before the export (peak RSS) "
        f"| {rss['before']:.1f} MB |",
        f"| The same process, after one export (peak RSS) | {rss['after']:.1f} MB |",
        "",
        f"Goal: under {GOAL_SECONDS} s and {GOAL_MEGABYTES} MB for 1,000 items. "
        f"Time: {'met' if time_met else 'NOT met'} (median {median_wall * 1000:.0f} ms wall, "
        f"{median_cpu * 1000:.0f} ms CPU; slowest run {most_wall * 1000:.0f} ms). "
        f"Memory: {'met' if memory_met else 'NOT met'}.",
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
    parser.add_argument("--items", type=int, default=1000, help="items in the plan (1000)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each (10)")
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not write bench/results/export.md"
    )
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)

    if options.rss_child:
        setup_django(os.environ["DATABASE_URL"], migrate=False)
        rss_child(options.rss_child)
        return

    database_url = setup_django(os.environ.get("DATABASE_URL"))
    try:
        measure(options, database_url)
    finally:
        if database_url.startswith("sqlite:///") and "handleplan-export-bench-" in database_url:
            from django.db import connection

            connection.close()
            database = Path(database_url.removeprefix("sqlite:///"))
            database.unlink(missing_ok=True)
            database.parent.rmdir()


if __name__ == "__main__":
    main()
