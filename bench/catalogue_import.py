#!/usr/bin/env python3
"""Benchmark importing a 1,000-initiative workbook in the admin: preview and commit. Not
a test.

    .venv/bin/python bench/catalogue_import.py          # PostgreSQL handleplan_import_bench
    .venv/bin/python bench/catalogue_import.py --initiatives 2000 --runs 3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mydb .venv/bin/python bench/catalogue_import.py

It builds a catalogue of --initiatives initiatives (tests.factories.make_catalogue: every
financing shape, three pejlemærker, nine fokusområder; texts as long as the seed's),
exports it with catalogue.workbook, and measures as an administrator in the admin
(Django's test client, in process, DEBUG off), --runs times each:

- a new catalogue: the upload and its preview page (the POST, the redirect and the
  rendered preview listing every new row), then the confirmation (the POST that writes
  every row with its history), then the undo (which deletes it all again, so the next
  run starts from the same data);
- an update of the catalogue: a workbook with a tenth of the amounts changed, a tenth
  of the initiatives moved to other places, ten removed and ten new; the preview
  (listing every change old → new), the confirmation and the undo.

Besides the wall clock it reports CPU time: this process's and its PostgreSQL
backend's (read from /proc), which a machine shared with other work does not inflate
the way it inflates the wall clock. The cache is the database's unless REDIS_URL is set
(as in production: every history record a commit writes drops the shared catalogue
version once it commits, a cache delete each). The goal: the preview under 3 s and the
commit under 5 s on PostgreSQL for 1,000 initiatives. Figures are printed and written
to bench/results/catalogue_import.md. The database is created when missing and
migrated; the benchmark's data is added to it (use a database of its own).
"""

import argparse
import io
import os
import platform
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "catalogue_import.md"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/handleplan_import_bench"
GOAL_PREVIEW = 3.0
GOAL_COMMIT = 5.0


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # no query log: what production runs
    os.environ["CONN_MAX_AGE"] = "600"  # one PostgreSQL backend throughout, as in production
    os.environ["DJANGO_SETTINGS_MODULE"] = "handleplan.settings"
    if database_url.startswith("postgres"):
        create_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def create_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    server = url._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def make_workbooks(initiatives: int):
    """The catalogue, its workbook as a new catalogue and as an update, and an admin."""
    from django.contrib.auth import get_user_model
    from openpyxl import load_workbook

    from catalogue.models import Initiative
    from catalogue.workbook import catalogue_workbook
    from common import roles
    from tests.factories import make_catalogue

    stamp = datetime.now().strftime("%Y%m%d%H%M%S%f")
    catalogue = make_catalogue(initiatives=initiatives, municipality=f"Benchby {stamp}")
    Initiative.objects.in_catalogue(catalogue).update(
        description=("Beskrivelse af indsatsen med æ, ø og å. " * 10).strip(),
        inspiration=("Inspireret af dialogmøderne om integrationspolitikken. " * 3).strip(),
        effect=("Forventes effektfuld ud fra erfaringer i andre kommuner. " * 2).strip(),
    )
    content = catalogue_workbook(catalogue)

    new = load_workbook(io.BytesIO(content))
    new["Katalog"]["A2"] = None
    new["Katalog"]["B2"] = f"Importeret katalog {stamp}"

    update = load_workbook(io.BytesIO(content))
    sheet = update["Indsatser"]
    headers = {cell.value: cell.column for cell in sheet[1]}
    first = headers["Beløb første år (kr.)"]
    position = headers["Rækkefølge"]
    rows = list(range(2, sheet.max_row + 1))
    for row in rows[::10]:
        amount = sheet.cell(row, first).value
        if amount is not None:
            sheet.cell(row, first).value = amount + 1000
    # A tenth of the initiatives swap places with their neighbour in the focus area.
    for row in rows[1::20]:
        above, below = sheet.cell(row, position), sheet.cell(row + 9, position)
        if row + 9 in rows:
            above.value, below.value = below.value, above.value
    for row in rows[-10:]:  # ten removed ...
        for column in ("ID", "Titel"):
            sheet.cell(row, headers[column]).value = None
        sheet.cell(row, headers["Titel"]).value = f"Ny indsats {row}"  # ... ten new
        sheet.cell(row, headers["Rækkefølge"]).value = 5000 + row

    admin = get_user_model().objects.create_user(
        username=f"bench-import-{stamp}", is_staff=True, first_name="Bente"
    )
    admin.groups.add(roles.ensure_groups()[roles.ADMINISTRATOR])
    return catalogue, saved(new), saved(update), admin


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(function):
    """(result, wall seconds, CPU seconds of this process and of its PostgreSQL backend)."""
    database = database_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    return result, wall, cpu + database_cpu() - database


def database_cpu() -> float:
    """CPU seconds the PostgreSQL backend serving this process has used (Linux, same
    machine); 0 elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_scenario(client, content: bytes, catalogue, runs: int):
    """[(preview s, commit s, undo s, cpu …)] for ``runs`` rounds; each round ends with
    the undo, so the next one starts from the same data."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from catalogue.models import CatalogueImport

    results = []
    for _ in range(runs + 1):  # the first round warms up

        def upload():
            response = client.post(
                reverse("admin:catalogue_upload"),
                {
                    "workbook": SimpleUploadedFile("bench.xlsx", content),
                    "catalogue": catalogue.pk if catalogue else "",
                },
                follow=True,
            )
            assert response.status_code == 200, response.status_code
            text = response.content.decode()
            assert "Indlæs ændringerne" in text, text[:2000]
            return response, text

        (response, text), preview_wall, preview_cpu = timed(upload)
        digest = text.split('name="digest" value="', 1)[1].split('"', 1)[0]
        url = response.redirect_chain[-1][0]
        confirm, commit_wall, commit_cpu = timed(lambda: client.post(url, {"digest": digest}))  # noqa: B023
        assert confirm.status_code == 302, confirm.content.decode()[:2000]
        record = CatalogueImport.objects.filter(applied_at__isnull=False).latest("pk")
        summary = record.summary
        undo_url = reverse("admin:catalogue_import_undo", args=[record.pk])
        undone, undo_wall, undo_cpu = timed(lambda: client.post(undo_url))  # noqa: B023
        assert undone.status_code == 302, undone.content.decode().split("errorlist", 1)[-1][:3000]
        results.append(
            (preview_wall, commit_wall, undo_wall, preview_cpu, commit_cpu, undo_cpu, summary)
        )
    return results[1:]


def cells(values) -> str:
    return f"{statistics.median(values):.2f} s | {max(values):.2f} s"


def measure(options) -> str:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    print(f"Building a catalogue of {options.initiatives} initiatives on {connection.vendor} ...")
    catalogue, new, update, admin = make_workbooks(options.initiatives)
    client = Client()
    client.force_login(admin)
    print(f"Timing {options.runs} runs of each ...")
    scenarios = {
        "New catalogue": run_scenario(client, new, None, options.runs),
        "Update": run_scenario(client, update, catalogue, options.runs),
    }
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    database = connection.vendor
    if database == "postgresql":
        database += " {}.{}".format(*divmod(connection.pg_version, 10000))
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    lines = [
        "# Importing a catalogue from a workbook",
        "",
        f"Measured {datetime.now():%Y-%m-%d %H:%M} by `bench/catalogue_import.py` on "
        f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {database}, cache {cache}; load average at the end "
        f"{load}).",
        "",
        f"A workbook of **{options.initiatives} initiatives** (every financing shape; texts "
        f"as long as the seed's; {len(new) / 1024:.0f} KB), uploaded in the admin by an "
        f"administrator (Django's test client in process, DEBUG off). {options.runs} runs "
        "each after a warm-up; wall-clock, and the CPU time of the process and its "
        "PostgreSQL backend together (a busy machine stretches the wall clock, not the CPU).",
        "",
        "| scenario | what | wall, median | wall, max | CPU (app + PG), median | "
        "CPU (app + PG), max |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    verdicts = []
    for name, results in scenarios.items():
        summary = results[0][6]
        preview, commit, undo, preview_cpu, commit_cpu, undo_cpu = (
            [r[i] for r in results] for i in range(6)
        )
        lines += [
            f"| {name} ({summary}) | upload and preview page | {cells(preview)} "
            f"| {cells(preview_cpu)} |",
            f"| | confirm: every row written with its history | {cells(commit)} "
            f"| {cells(commit_cpu)} |",
            f"| | undo from history | {cells(undo)} | {cells(undo_cpu)} |",
        ]
        met = max(preview) < GOAL_PREVIEW and max(commit) < GOAL_COMMIT
        met_cpu = max(preview_cpu) < GOAL_PREVIEW and max(commit_cpu) < GOAL_COMMIT
        verdicts.append(
            f"{name}: on the wall clock {'met' if met else 'NOT met'} (preview "
            f"{max(preview):.2f} s, commit {max(commit):.2f} s at most), in CPU "
            f"{'met' if met_cpu else 'NOT met'} (preview {max(preview_cpu):.2f} s, commit "
            f"{max(commit_cpu):.2f} s at most)"
        )
    lines += [
        "",
        f"Goal: the preview under {GOAL_PREVIEW:.0f} s and the commit under "
        f"{GOAL_COMMIT:.0f} s for 1,000 initiatives. " + "; ".join(verdicts) + ".",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--initiatives", type=int, default=1000, help="initiatives (1000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (5)")
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not write bench/results/"
    )
    options = parser.parse_args(argv)
    setup_django(os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    text = measure(options)
    print(text)
    if not options.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"Written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
