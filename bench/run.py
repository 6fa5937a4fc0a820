#!/usr/bin/env python3
"""Benchmark the pages under concurrent load, against gunicorn and PostgreSQL.

    .venv/bin/python bench/run.py                 # generate the data, then measure
    .venv/bin/python bench/run.py --reuse-data    # measure the data already there

Steps: create the PostgreSQL database if missing (--database-url; it is emptied
unless --reuse-data), migrate, collect static files, empty the cache, generate the
synthetic data (manage.py generate_data), start gunicorn on 127.0.0.1 with the
production settings plus the floor page (bench/settings.py; plain HTTP; the cache in Redis when
--redis-url answers, as production at scale runs it, else in the database), wait for
it, then for every target: warm up, and
measure latency (p50/p95/p99) and requests per second under concurrent load, bounded by
--duration seconds and --requests requests. Each page is compared with the "floor": a
static page of the same size from a minimal Django view in the same gunicorn (see
bench/floor.py), measured in turns with the page. The table is printed and written to
bench/results/latest.md (and the raw figures to bench/results/latest.json). gunicorn is
stopped at the end, also on error.

The load client is wrk when installed (as root it is installed with apt-get when
missing): a C client that uses a fraction of the CPU a Python client would take from
the server on the same machine. --client python uses threads with keep-alive
http.client connections instead. The CPU columns show server, client and machine load,
so a saturated client shows.
"""

import argparse
import http.client
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/handleplan_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
NOISY = 0.3  # cores used by other processes during a measurement: flagged in the report
WARM_REQUESTS_PER_WORKER = 3  # before measuring: a worker's first requests are slow


# --------------------------------------------------------------------------- targets


@dataclass
class Target:
    """One URL to measure. ``floor``: also measure the static floor of the same size."""

    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    floor: bool = True
    note: str = ""
    concurrency: int | None = None  # connections at once; None: --concurrency
    p95_goal_ms: float | None = 50  # the goal for this page's p95 (None: no goal)
    cpu_goal_ms: float | None = None  # the goal for its CPU per request (app + PostgreSQL)
    rate_goal: float | None = None  # the share of the floor's req/s it must reach
    status: int = 200  # the answer expected (204: the meeting-mode poll, nothing changed)
    # A form body (application/x-www-form-urlencoded): sent as a POST with the CSRF
    # token of ``headers``' cookie, as htmx sends the workbench's forms.
    body: str | None = None
    expect: str = ""  # text the answer must contain, checked once before measuring


def poll_target(name: str, path: str, headers: dict[str, str], note: str) -> Target:
    """A meeting-mode poll that answers 'nothing changed' (204), with 50 viewers polling
    at once. Its goal is the issue's, its CPU: 50 connections polling back to back, as
    the load client does, time the queue, not a viewer's wait."""
    return Target(
        name,
        path,
        headers,
        floor=False,
        note=f"{note}; 50 viewers at once",
        concurrency=50,
        p95_goal_ms=None,
        cpu_goal_ms=2,
        status=204,
    )


def catalogue_targets(options) -> list[Target]:
    """The catalogue's pages for a catalogue in the middle of the data set, as a visitor
    and as a logged-in committee member (who also gets the plan controls)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from catalogue.models import Catalogue, Initiative
    from catalogue.search import search_initiatives
    from common import roles

    catalogues = Catalogue.objects.order_by("pk")
    catalogue = catalogues[catalogues.count() // 2]
    initiatives = Initiative.objects.in_catalogue(catalogue)
    initiative = initiatives.order_by("pk").first()
    word = options.search_word
    found = search_initiatives(initiatives.filter(starred=True), word).count()
    table = reverse("catalogue:table", args=[catalogue.pk])
    pages = [
        (
            "Overview",
            reverse("catalogue:overview", args=[catalogue.pk]),
            f"{initiatives.count()} initiatives on the page",
        ),
        (
            "Table, filtered and searched",
            f"{table}?q={word}&starred=ja&sort=-first_year_amount",
            f"{found} of {initiatives.count()} match",
        ),
        ("Initiative page", reverse("catalogue:initiative", args=[initiative.pk]), ""),
    ]
    targets = [
        Target(f"{name}, visitor", path, note=note, rate_goal=0.3) for name, path, note in pages
    ]
    # A member who plans in this catalogue, as the committee's members do: their plans
    # and what they hold are on every card.
    members = get_user_model().objects.filter(groups__name=roles.MEMBER)
    member = (
        members.filter(plans__catalogue=catalogue, plans__deleted_at__isnull=True)
        .order_by("username")
        .first()
    ) or members.order_by("username").first()
    if member is not None:
        cookie = session_headers(member)
        targets += [
            Target(f"{name}, member", path, headers=cookie, note=note, rate_goal=0.1)
            for name, path, note in pages
        ]
    return targets


EXPORT_PLAN_NAME = "Stor handleplan – 1.000 indsatser"  # bench/export_plan.make_plan's


def plan_targets(options) -> list[Target]:
    """A generated member's plan page (a plan of 50 items), the comparison of three of
    their plans, and the Excel export of a 1,000-item plan (made once by
    bench/export_plan.make_plan in a catalogue of its own), each as its owner."""
    from django.db.models import Count
    from django.http import QueryDict
    from django.urls import reverse

    from prioritisation.models import Plan
    from prioritisation.views.meeting import _compare_seen

    plans = Plan.objects.active().annotate(size=Count("items"))
    plan = plans.filter(size=50).select_related("owner").order_by("pk").first()
    if plan is None:
        print("No generated plan of 50 items: the plan page and comparison are not measured.")
        return []
    owner = session_headers(plan.owner)
    others = (
        plans.filter(owner=plan.owner, catalogue=plan.catalogue)
        .exclude(pk=plan.pk)
        .order_by("-size", "pk")[:2]
    )
    compared = [plan, *others]
    sizes = " + ".join(str(p.size) for p in compared)
    query = "&".join(f"plan={p.pk}" for p in compared)
    # The comparison's meeting-mode poll, at the address its meeting page gives.
    shown = QueryDict(f"{query}&basis={plan.pk}")
    poll = shown.copy()
    poll["seen"] = _compare_seen(plan.owner_id, shown)
    targets = [
        Target("Plan page, member", plan.get_absolute_url(), owner, note="50 items", rate_goal=0.1),
        Target(
            "Comparison, member",
            f"{reverse('prioritisation:compare')}?{query}",
            owner,
            note=f"{len(compared)} plans of {sizes} items",
            rate_goal=0.1,
        ),
        poll_target(
            "Meeting-mode poll of the comparison, nothing changed",
            f"{reverse('prioritisation:compare_meeting_poll')}?{poll.urlencode()}",
            owner,
            "204 from the session and one query on the plans' versions",
        ),
    ]
    big = Plan.objects.filter(name=EXPORT_PLAN_NAME).select_related("owner").first()
    if big is None:
        sys.path.insert(0, str(ROOT / "bench"))
        from export_plan import make_plan

        big = make_plan(1000)
    # The goal is the time of one export, so one download at a time: five workers
    # each building a workbook on two cores measure the machine's contention instead.
    targets.append(
        Target(
            "Excel export, member",
            reverse("prioritisation:plan_export", args=[big.pk]),
            session_headers(big.owner),
            note=f"{big.items.count()} items, one download at a time",
            concurrency=1,
            p95_goal_ms=500,  # the issue's: an export of 1,000 items under 0.5 s
        )
    )
    return targets


COMMITTEE_MUNICIPALITY = "Udvalgsby"  # the catalogue committee_targets makes once


def make_committee(plans: int = 50, items: int = 60, held: int = 50):
    """A catalogue of ``items`` initiatives with ``plans`` plans shared with the
    committee, each holding ``held`` of them (a different window per plan, so the
    counts spread), some at a share of the catalogue's scale, with a ceiling and an
    earmark; and a reader to look at them."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from catalogue.models import Goal, Initiative
    from common import roles
    from prioritisation.models import Allocation, Plan, PlanItem
    from tests.factories import make_catalogue

    catalogue = make_catalogue(initiatives=items, municipality=COMMITTEE_MUNICIPALITY)
    initiatives = list(Initiative.objects.in_catalogue(catalogue).order_by("pk"))
    goal = Goal.objects.filter(catalogue=catalogue).order_by("number").first()
    users = get_user_model().objects
    owners = [
        users.create_user(username=f"udvalg-{n}", first_name=f"Medlem {n}") for n in range(plans)
    ]
    reader = users.create_user(username="udvalg-laeser", first_name="Læser")
    reader.groups.add(roles.ensure_groups()[roles.READER])
    now = timezone.now()
    made = Plan.objects.bulk_create(
        Plan(
            owner=owner,
            catalogue=catalogue,
            name=f"Udvalgsmedlem {n}s handleplan",
            first_year=catalogue.first_year,
            last_year=catalogue.last_year,
            shared_at=now - timedelta(minutes=n),
        )
        for n, owner in enumerate(owners)
    )
    plan_items, allocations = [], []
    for n, plan in enumerate(made):
        for index in range(held):
            initiative = initiatives[(n + index) % len(initiatives)]
            fields = {"plan": plan, "start_year": plan.first_year, "end_year": plan.last_year}
            if initiative.financing_kind == Initiative.FinancingKind.PER_UNIT:
                fields.update(scale_by=PlanItem.Scale.UNITS, units=1 + n % 3)
            elif (n + index) % 3 == 0:
                fields.update(scale_by=PlanItem.Scale.SHARE, scale_share=50 + n % 4 * 25)
            plan_items.append(PlanItem.for_initiative(initiative, **fields))
        for year in plan.years:
            allocations.append(Allocation(plan=plan, year=year, amount=5_000_000))
            allocations.append(Allocation(plan=plan, year=year, goal=goal, amount=1_000_000))
    PlanItem.objects.bulk_create(plan_items, batch_size=1000)
    Allocation.objects.bulk_create(allocations, batch_size=1000)
    return catalogue, reader


def committee_targets(options) -> list[Target]:
    """Udvalgets billede over 50 shared plans of 50 items, as a reader; and meeting
    mode's polls (of a plan, of the picture) when nothing changed, with 50 viewers
    polling at once."""
    from django.contrib.auth import get_user_model
    from django.http import QueryDict
    from django.urls import reverse

    from catalogue.models import Catalogue
    from prioritisation.views.committee import asked_filters, clean_query, select
    from prioritisation.views.meeting import _picture_seen

    catalogue = Catalogue.objects.filter(municipality=COMMITTEE_MUNICIPALITY).first()
    if catalogue is None:
        catalogue, reader = make_committee()
        catalogue.refresh_from_db()  # its content version moved as its rows were saved
    else:
        reader = get_user_model().objects.get(username="udvalg-laeser")
    plan = catalogue.plans.order_by("pk").first()
    cookie = session_headers(reader)
    poll = reverse("prioritisation:plan_meeting_poll", args=[plan.pk])
    # Udvalgets billede's poll, at the address its meeting page gives.
    selection = select(QueryDict(f"katalog={catalogue.pk}"))
    query = clean_query(selection, **asked_filters(selection.catalogue, QueryDict()))
    picture_poll = reverse("prioritisation:committee_meeting_poll")
    seen = _picture_seen(selection.catalogue.pk, query.urlencode())
    picture_poll += f"?{query.urlencode()}&seen={seen}"
    return [
        Target(
            "Committee picture (Udvalgets billede), reader",
            f"{reverse('prioritisation:committee_picture')}?katalog={catalogue.pk}",
            cookie,
            note=f"{catalogue.plans.count()} shared plans of 50 items",
            p95_goal_ms=100,  # the issue's
        ),
        poll_target(
            "Meeting-mode poll of a plan, nothing changed",
            f"{poll}?version={plan.version}&katalog={catalogue.content_version}",
            cookie,
            "204 from the session and one query on the versions",
        ),
        poll_target(
            "Meeting-mode poll of Udvalgets billede, nothing changed",
            picture_poll,
            cookie,
            "204 after reading the catalogue and its shared plans",
        ),
    ]


def workbench_targets(options) -> list[Target]:
    """The workbench's writes on a generated plan of 50 items, as htmx posts them, each
    answered with the workbench's partial (the totals panel, the 50 items, one page of
    the catalogue priced in the plan). The plan keeps its 50 items: the scale sets an
    item to its own catalogue amount typed in kroner (a real write, the same every
    time); the add is of an initiative already in the plan (the plan's lock taken, the
    item found, nothing inserted: a double click, or a second tab). A remove is not
    measured: repeated, it would empty the plan or answer 404."""
    from urllib.parse import urlencode

    from django.db.models import Count
    from django.urls import reverse

    from catalogue.models import Initiative
    from prioritisation.models import Plan
    from prioritisation.views.plan_detail import item_form_prefix

    plans = Plan.objects.active().annotate(size=Count("items"))
    plan = plans.filter(size=50, adopted_at__isnull=True).select_related("owner")
    plan = plan.order_by("pk").first()
    if plan is None:
        print("No draft plan of 50 items: the workbench's writes are not measured.")
        return []
    cookie = session_headers(plan.owner)
    csrf = cookie["Cookie"].rsplit("=", 1)[1]
    headers = cookie | {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": csrf,
        "HX-Request": "true",
    }
    workbench = reverse("prioritisation:plan_workbench", args=[plan.pk])
    hidden = {"from": "workbench", "next": workbench}
    annual = Initiative.FinancingKind.ANNUAL
    item = (
        plan.items.select_related("initiative")
        .filter(initiative__financing_kind=annual, initiative__first_year_amount__gt=0)
        .order_by("pk")
        .first()
    )
    held = plan.items.order_by("pk").first()
    prefix = item_form_prefix(item)
    amount = f"{item.initiative.first_year_amount:,}".replace(",", ".")  # 4.400.000
    scale = {
        f"{prefix}-start_year": plan.first_year,
        f"{prefix}-end_year": plan.last_year,
        f"{prefix}-scale_amount": f"{amount} kr.",
        f"{prefix}-scale_amount_year": "first",
        f"{prefix}-note": item.note,
    }
    add = {"plan": plan.pk, "initiative": held.initiative_id, "at": "list"}
    scale_target = Target(
        "Workbench scale, member",
        reverse("prioritisation:item_edit", args=[plan.pk, item.pk]),
        headers,
        floor=False,
        note=f"50 items; an item set to {amount} kr. a year",
        p95_goal_ms=30,
        body=urlencode(scale | hidden),
        expect="er gemt",
    )
    write_floor = Target(
        "Write floor, member",
        f"/bench/floor/write/{plan.pk}/9731/",
        headers,
        floor=False,
        note="the plan locked and its version counted, 9 731 bytes of static HTML "
        "(bench/floor.py): the least any write to the plan costs",
        p95_goal_ms=30,
        body=urlencode(hidden),
    )
    # Eight connections write to the one plan, so each waits for the others' row lock;
    # one connection shows what one member working alone waits.
    return [
        scale_target,
        write_floor,
        Target(
            "Workbench add (already in the plan), member",
            reverse("prioritisation:item_add"),
            headers,
            floor=False,
            note="50 items; the lock taken, nothing inserted",
            p95_goal_ms=30,
            body=urlencode(add | hidden),
            expect="wb-totals",
        ),
        replace(scale_target, name="Workbench scale, one connection", concurrency=1),
        replace(write_floor, name="Write floor, one connection", concurrency=1),
    ]


# The pages to measure, in order.
TARGET_GROUPS = [catalogue_targets, plan_targets, workbench_targets, committee_targets]


def session_headers(user) -> dict[str, str]:
    """A Cookie header for a logged-in ``user``: a session made the way login makes it,
    and the CSRF cookie that the log-in form set, which a browser sends from then on."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf_secret = get_random_string(32)  # the format of Django's CSRF cookie
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_secret}"
    }


# ------------------------------------------------------------------------ the database


def ensure_database(url: str, *, recreate: bool) -> None:
    import psycopg

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("--database-url must be a PostgreSQL URL (postgres://user@host:port/name)")
    name = unquote(parts.path.lstrip("/"))
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if recreate:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.")


def prepare(options) -> None:
    """Migrate, collect static files, empty the cache and (unless --reuse-data) generate
    the data."""
    from django.core.cache import cache
    from django.core.management import call_command

    from catalogue.models import Catalogue

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # Start from an empty cache, as after a deploy.
    cache.clear()
    if options.reuse_data:
        if not Catalogue.objects.exists():
            sys.exit("--reuse-data, but the database holds no catalogue: run without it.")
        return
    call_command(
        "generate_data",
        flush=True,
        seed=options.seed,
        catalogues=options.catalogues,
        initiatives=options.initiatives,
        users=options.users,
        plans=options.plans,
    )


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def data_scale() -> str:
    from django.contrib.auth import get_user_model

    from catalogue.models import Catalogue, FocusArea, Goal, Initiative
    from prioritisation.models import Plan, PlanItem

    counts = [
        (Catalogue.objects.count(), "catalogues"),
        (Goal.objects.count(), "goals"),
        (FocusArea.objects.count(), "focus areas"),
        (Initiative.objects.count(), "initiatives"),
        (get_user_model().objects.count(), "users"),
        (Plan.objects.count(), "plans"),
        (PlanItem.objects.count(), "plan items"),
    ]
    return ", ".join(f"{number:,} {name}".replace(",", " ") for number, name in counts)


# --------------------------------------------------------------------------- gunicorn


class Gunicorn:
    """gunicorn in its own session; stopped by its process id, the group as last resort."""

    def __init__(self, options, env):
        self.port = options.port or free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in stop())
            prefix="gunicorn-", suffix=".log", delete=False
        )
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "handleplan.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(options.workers),
            "--worker-class",
            options.worker_class,
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
        ]
        if options.worker_class == "gthread":
            command += ["--threads", str(options.threads)]
        self.process = subprocess.Popen(  # noqa: S603
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_until_ready(self, timeout=30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}\n{self.tail()}")
            try:
                status, _ = fetch(self.port, "/bench/floor/100/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s\n{self.tail()}")

    def pids(self) -> list[int]:
        """The master and its workers."""
        pids = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        return sum(process_cpu_seconds(pid) for pid in self.pids())

    def tail(self, lines=30) -> str:
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the group this script made
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, headers=None, body=None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        method = "GET" if body is None else "POST"
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# ------------------------------------------------------------------------- CPU meters


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def postgres_backends(database: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving ``database`` (by process title)."""
    backends = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, UnicodeDecodeError):
                continue
            if title.startswith("postgres: ") and f" {database} " in title:
                backends[int(entry.name)] = process_cpu_seconds(int(entry.name))
    return backends


def postgres_cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """Backends that lived through the run count their growth, new ones all of it; a
    backend that ended during the run is lost (persistent connections avoid that)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies over all cores since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def wait_for_quiet(options) -> None:
    """On a shared machine, wait (at most --quiet-wait s) until others use little CPU.

    The server is idle between targets, so what is busy then is someone else's."""
    deadline = time.monotonic() + options.quiet_wait
    said = False
    while True:
        busy_before, total_before = machine_ticks()
        time.sleep(1)
        busy_after, total_after = machine_ticks()
        cores = (busy_after - busy_before) / max(1, total_after - total_before) * os.cpu_count()
        if cores <= options.quiet_below:
            return
        if time.monotonic() >= deadline:
            print(f"  the machine is still busy ({cores:.1f} cores): measuring anyway")
            return
        if not said:
            print(f"  waiting for a quiet machine ({cores:.1f} cores busy elsewhere) ...")
            said = True


# ----------------------------------------------------------------------- load clients


@dataclass
class Load:
    requests: int
    errors: int
    seconds: float
    p50: float  # milliseconds
    p95: float
    p99: float
    client_cpu: float  # client CPU seconds
    server_cpu: float = 0.0  # gunicorn CPU seconds
    postgres_cpu: float = 0.0  # PostgreSQL CPU seconds
    machine_busy: float = 0.0  # share of all cores busy, 0–1

    @property
    def other_cpu(self) -> float:
        """CPU seconds of everything else on the machine (other users' jobs: noise)."""
        busy = self.machine_busy * (os.cpu_count() or 1) * self.seconds
        return max(0.0, busy - self.server_cpu - self.postgres_cpu - self.client_cpu)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
{post}
local limit = {limit}
local count = 0
function response(status, headers, body)
  count = count + 1
  if count >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {{\\"requests\\": %d, \\"us\\": %d, \\"errors\\": %d, " ..
    "\\"p50\\": %.1f, \\"p95\\": %.1f, \\"p99\\": %.1f}}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_load(port, path, headers, concurrency, seconds, limit, body=None) -> Load:
    # One wrk thread: its Lua state counts every response, so --requests is exact.
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        post = "" if body is None else f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}'
        script.write(WRK_SCRIPT.format(limit=limit, post=post))
        script.flush()
        command = [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
        ]
        command += ["-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(  # noqa: S603
            [*command, f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
            check=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line[len("BENCH ") :])
    return Load(
        requests=figures["requests"],
        errors=figures["errors"],
        seconds=figures["us"] / 1e6,
        p50=figures["p50"] / 1000,
        p95=figures["p95"] / 1000,
        p99=figures["p99"] / 1000,
        client_cpu=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
    )


def python_load(port, path, headers, concurrency, seconds, limit, body=None) -> Load:
    """Threads, each with a keep-alive http.client connection (reopened when closed)."""
    lock = threading.Lock()
    issued = [0]
    errors = [0]
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while True:
            with lock:
                if issued[0] >= limit or time.perf_counter() >= deadline:
                    break
                issued[0] += 1
            started = time.perf_counter()
            try:
                method = "GET" if body is None else "POST"
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    cpu_before = time.process_time()
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return Load(
        requests=len(latencies),
        errors=errors[0],
        seconds=elapsed,
        p50=percentile(50),
        p95=percentile(95),
        p99=percentile(99),
        client_cpu=time.process_time() - cpu_before,
    )


def measure(
    server: Gunicorn,
    client,
    path,
    headers,
    options,
    *,
    seconds,
    limit,
    concurrency=None,
    body=None,
) -> Load:
    database = unquote(urlsplit(options.database_url).path.lstrip("/"))
    server_before, postgres_before = server.cpu_seconds(), postgres_backends(database)
    busy_before, total_before = machine_ticks()
    concurrency = concurrency or options.concurrency
    load = client(server.port, path, headers, concurrency, seconds, limit, body=body)
    busy_after, total_after = machine_ticks()
    load.server_cpu = server.cpu_seconds() - server_before
    load.postgres_cpu = postgres_cpu_between(postgres_before, postgres_backends(database))
    load.machine_busy = (busy_after - busy_before) / max(1, total_after - total_before)
    return load


def choose_client(name: str):
    if name == "python":
        return python_load, "Python threads (http.client, keep-alive)"
    if shutil.which("wrk") is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            print("Installing wrk (apt-get install -y wrk) ...")
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)  # noqa: S607
        if shutil.which("wrk") is None:
            if name == "wrk":
                sys.exit("wrk is not installed (Debian: apt-get install wrk).")
            print(
                "wrk is not installed (Debian: apt-get install wrk); using the Python client, "
                "which takes CPU from the server on a small machine: see the CPU columns."
            )
            return python_load, "Python threads (http.client, keep-alive)"
    version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    return wrk_load, (version.stdout or version.stderr).split("Copyright")[0].strip()


# --------------------------------------------------------------------------- the report


@dataclass
class Row:
    target: Target
    size: int
    page: Load
    floor: Load | None


def cpu_per_request(load: Load) -> float:
    """gunicorn's and PostgreSQL's CPU seconds per request."""
    return (load.server_cpu + load.postgres_cpu) / max(1, load.requests)


def ratio(value, floor) -> str:
    return f"{value / floor:.2f}" if floor else "–"


def cpu(load: Load) -> str:
    """CPU in cores (1.0 = one core busy): gunicorn, PostgreSQL, load client, the rest."""
    figures = (load.server_cpu, load.postgres_cpu, load.client_cpu, load.other_cpu)
    return " / ".join(f"{seconds / load.seconds:.1f}" for seconds in figures)


def per_request(load: Load) -> str:
    """CPU milliseconds per request in gunicorn and in PostgreSQL: what a request costs,
    and much less disturbed by other work on the machine than the rates are."""
    requests = max(1, load.requests)
    return f"{load.server_cpu / requests * 1000:.1f} / {load.postgres_cpu / requests * 1000:.1f}"


def report(rows: list[Row], context: dict) -> str:
    lines = [
        f"Benchmark of {context['date']}",
        "",
        f"- Machine: {context['machine']}",
        f"- Code: {context['commit']}",
        f"- Data: {context['scale']}",
        f"- Server: {context['server']}",
        f"- Load: {context['load']}",
        "",
        "| Page | Bytes | Requests | req/s | p50 ms | p95 ms | p99 ms | req/s ÷ floor "
        "| p50 ÷ floor | p95 ÷ floor | p99 ÷ floor | CPU ms/request: app / PG "
        "| floor's CPU ÷ page's | CPU cores: app / PG / client / other |",
        "| --- " + "| ---: " * 12 + "| --- |",
    ]

    def line(name, size, load: Load, floor: Load | None):
        errors = f" ({load.errors} errors)" if load.errors else ""
        cells = [
            name,
            f"{size:,}".replace(",", " "),
            f"{load.requests}{errors}",
            f"{load.rps:.0f}",
            f"{load.p50:.1f}",
            f"{load.p95:.1f}",
            f"{load.p99:.1f}",
        ]
        if floor is None:
            cells += ["–"] * 4
            share = "–"
        else:
            share = ratio(cpu_per_request(floor), cpu_per_request(load))
            cells += [
                ratio(load.rps, floor.rps),
                ratio(load.p50, floor.p50),
                ratio(load.p95, floor.p95),
                ratio(load.p99, floor.p99),
            ]
        cells += [per_request(load), share, cpu(load)]
        lines.append("| " + " | ".join(cells) + " |")

    for row in rows:
        line(row.target.name, row.size, row.page, row.floor)
        if row.floor is not None:
            line("↳ static floor, same size", row.size, row.floor, None)
    lines += [
        "",
        "The floor is a static page of the same size from a minimal Django view in the same "
        "gunicorn (bench/floor.py). CPU cores: gunicorn, this database's PostgreSQL backends, "
        "the load client, and everything else on the machine (noise: other users' jobs). "
        "The floor's CPU per request ÷ the page's estimates the req/s ratio on a machine "
        "without other load: rates and latencies suffer from other jobs, CPU per request "
        "much less.",
        "",
        "Goals: p95 under 50 ms (the export: 500 ms; the workbench's writes: 30 ms; "
        "Udvalgets billede: 100 ms); of the floor's requests per second, visitors' "
        "catalogue pages at least 0.3, members' and the plan pages at least 0.1; a "
        "meeting-mode poll that answers 'nothing changed', under 2 ms of CPU (gunicorn "
        "and PostgreSQL).",
        "",
    ]
    for row in rows:
        p95_goal, cpu_goal = row.target.p95_goal_ms, row.target.cpu_goal_ms
        p95 = "" if p95_goal is None else " ✓" if row.page.p95 < p95_goal else " ✗"
        share = row.page.rps / row.floor.rps if row.floor else None
        goal = row.target.rate_goal
        verdict = (" ✓" if share >= goal else " ✗") if share and goal else ""
        half = (
            ""
            if share is None
            else f", {share:.2f} of the floor's req/s{verdict} "
            f"(by CPU per request: {cpu_per_request(row.floor) / cpu_per_request(row.page):.2f})"
        )
        note = f" ({row.target.note})" if row.target.note else ""
        others = max(load.other_cpu / load.seconds for load in (row.page, row.floor) if load)
        if cpu_goal is not None:
            used = cpu_per_request(row.page) * 1000
            half += f", CPU {used:.1f} ms a request {'✓' if used < cpu_goal else '✗'}"
        if others > NOISY:
            half += f"; ⚠ other processes used {others:.1f} cores meanwhile"
        lines.append(
            f"- {row.target.name}{note}: `{row.target.path}`: p95 {row.page.p95:.1f} ms{p95}{half}"
        )
    return "\n".join(lines) + "\n"


def git_commit() -> str:
    def git(*args):
        result = subprocess.run(  # noqa: S603
            ["git", "--no-optional-locks", *args],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" with uncommitted changes" if dirty else "")


def machine() -> str:
    memory = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    gib = memory / 1024 / 1024
    return (
        f"{os.cpu_count()} cores ({model}), {gib:.1f} GiB memory, {platform.platform()}; "
        f"one core counts to 10 million in a Python loop in {python_speed():.2f} s"
    )


def python_speed() -> float:
    """Seconds of CPU one core takes for a fixed Python loop (best of three): machines
    of the same name differ in speed by a factor of three, so runs on different
    machines are compared by this, not by their times alone."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        total = 0
        for number in range(10_000_000):
            total += number
        best = min(best, time.process_time() - started)
    return best


# ----------------------------------------------------------------------------- main


def parse(argv=None):
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help=f"PostgreSQL database, created if missing and emptied unless --reuse-data "
        f"({DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--reuse-data", action="store_true", help="Skip generate_data.")
    parser.add_argument(
        "--recreate-database",
        action="store_true",
        help="Drop and create the database first (e.g. after a migration was rewritten).",
    )
    data = parser.add_argument_group("data (manage.py generate_data)")
    data.add_argument("--seed", type=int, default=1)
    data.add_argument("--catalogues", type=int, default=98)
    data.add_argument("--initiatives", type=int, default=10_000)
    data.add_argument("--users", type=int, default=500)
    data.add_argument("--plans", type=int, default=5000)
    server = parser.add_argument_group("server")
    server.add_argument(
        "--workers",
        type=int,
        default=2 * cores + 1,
        help=f"gunicorn workers (2 × cores + 1 = {2 * cores + 1})",
    )
    server.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    server.add_argument("--threads", type=int, default=2, help="Threads per gthread worker (2).")
    server.add_argument("--port", type=int, default=0, help="Port on 127.0.0.1 (a free one).")
    server.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS_URL,
        help="The shared cache, as production runs it at scale; emptied first. '' or an "
        f"unreachable server: the database cache ({DEFAULT_REDIS_URL}).",
    )
    server.add_argument(
        "--conn-max-age",
        default=None,
        help="CONN_MAX_AGE for the server (production's default: 60).",
    )
    load = parser.add_argument_group("load")
    load.add_argument("--client", default="auto", choices=["auto", "wrk", "python"])
    load.add_argument("--concurrency", type=int, default=8, help="Connections at once (8).")
    load.add_argument("--duration", type=float, default=5, help="Seconds per round, at most (5).")
    # wrk's duration is the whole --duration even when the limit stops it sooner, so
    # the limit must not be reached: it would cap the measured rate.
    load.add_argument(
        "--requests", type=int, default=1_000_000, help="Requests per round, at most (1000000)."
    )
    load.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="Rounds per target; the one least disturbed by other processes is reported (3).",
    )
    load.add_argument("--warmup", type=float, default=2, help="Warm-up seconds per target (2).")
    load.add_argument("--search-word", default="unge", help="The table's search word (unge).")
    load.add_argument(
        "--only", default="", help="Measure only targets whose name contains this text."
    )
    load.add_argument(
        "--quiet-wait",
        type=float,
        default=60,
        help="Before each target, wait at most this many seconds for other processes to "
        "use less than --quiet-below cores (60; 0: do not wait).",
    )
    load.add_argument("--quiet-below", type=float, default=0.3, help="Cores (0.3).")
    parser.add_argument(
        "--report-from",
        type=Path,
        help="Measure nothing: write the report again from an earlier run's .json.",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=RESULTS / "latest.md",
        help="Markdown report (bench/results/latest.md); raw figures next to it as .json.",
    )
    return parser.parse_args(argv)


def write(rows: list[Row], context: dict, output: Path) -> None:
    text = report(rows, context)
    print()
    print(text)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("# " + text)
    raw = [
        {
            "target": asdict(row.target),
            "bytes": row.size,
            "page": asdict(row.page) | {"rps": row.page.rps},
            "floor": None if row.floor is None else asdict(row.floor) | {"rps": row.floor.rps},
        }
        for row in rows
    ]
    output.with_suffix(".json").write_text(
        json.dumps({"context": context, "rows": raw}, indent=2, ensure_ascii=False) + "\n"
    )
    print(f"Written to {output}")


def rewrite(source: Path, output: Path) -> None:
    """The report again from the raw figures of an earlier run (--report-from)."""
    data = json.loads(source.read_text())

    def load(figures):
        if figures is None:
            return None
        return Load(**{k: v for k, v in figures.items() if k != "rps"})

    rows = [
        Row(Target(**row["target"]), row["bytes"], load(row["page"]), load(row["floor"]))
        for row in data["rows"]
    ]
    write(rows, data["context"], output)


def main(argv=None) -> None:
    options = parse(argv)
    if options.report_from:
        rewrite(options.report_from, options.output)
        return
    if options.reuse_data and options.recreate_database:
        sys.exit("--reuse-data and --recreate-database exclude each other.")
    sys.path.insert(0, str(ROOT))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": options.database_url,
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DEBUG", None)
    env.pop("REDIS_URL", None)
    if options.redis_url and redis_reachable(options.redis_url):
        env["REDIS_URL"] = options.redis_url
    elif options.redis_url:
        print(f"No Redis at {options.redis_url}: measuring with the database cache.")
    if options.conn_max_age is not None:
        env["CONN_MAX_AGE"] = str(options.conn_max_age)
    os.environ.update(env)

    ensure_database(options.database_url, recreate=options.recreate_database)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections

    started = time.perf_counter()
    prepare(options)
    print(f"Data ready in {time.perf_counter() - started:.1f} s: {data_scale()}")
    targets = [target for group in TARGET_GROUPS for target in group(options)]
    if options.only:
        targets = [t for t in targets if options.only.lower() in t.name.lower()]
    client, client_name = choose_client(options.client)
    context = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "commit": git_commit(),
        "scale": data_scale(),
        "server": (
            f"gunicorn, {options.workers} {options.worker_class} workers"
            + (f" × {options.threads} threads" if options.worker_class == "gthread" else "")
            + f", {settings.SETTINGS_MODULE} (DEBUG off, CONN_MAX_AGE "
            f"{settings.DATABASES['default']['CONN_MAX_AGE']}, cache "
            f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}), "
            f"Python {platform.python_version()},"
            f" Django {django.get_version()}, {connection.display_name} "
            f"{connection.pg_version // 10000}"
        ),
        "load": (
            f"{client_name}, {options.concurrency} connections over loopback, "
            f"a warm-up of at least {options.warmup:g} s and {WARM_REQUESTS_PER_WORKER} requests "
            f"per worker, then {options.rounds} rounds of at most "
            f"{options.duration:g} s or {options.requests} requests per target, the page's and "
            "its floor's in turn; the round with the least other load on the machine is "
            "reported. Logged-in requests send the session and CSRF cookies, as a browser "
            "does"
        ),
    }
    connections.close_all()

    server = Gunicorn(options, env)
    rows = []
    try:
        server.wait_until_ready()
        for target in targets:
            status, body = fetch(server.port, target.path, target.headers, target.body)
            if status != target.status or target.expect.encode() not in body:
                raise RuntimeError(
                    f"{target.name}: {target.path} answered {status}\n{server.tail()}"
                )
            size = len(body)
            paths = [target.path] + ([f"/bench/floor/{size}/"] if target.floor else [])
            if options.quiet_wait:
                wait_for_quiet(options)
            for path in paths:
                # Warm every worker up (imports, templates, connections): at least
                # --warmup seconds and WARM_REQUESTS_PER_WORKER requests per worker.
                warmed, deadline = 0, time.monotonic() + 60
                while warmed < WARM_REQUESTS_PER_WORKER * options.workers:
                    warmed += measure(
                        server, client, path, target.headers, options,
                        seconds=options.warmup, limit=options.requests,
                        concurrency=target.concurrency,
                        body=target.body if path == target.path else None,
                    ).requests  # fmt: skip
                    if time.monotonic() > deadline:
                        break
            # The page and its floor take turns, round by round, so that a machine whose
            # speed drifts during the run slows both alike.
            rounds = {path: [] for path in paths}
            for _ in range(options.rounds):
                for path in paths:
                    load = measure(
                        server, client, path, target.headers, options,
                        seconds=options.duration, limit=options.requests,
                        concurrency=target.concurrency,
                        body=target.body if path == target.path else None,
                    )  # fmt: skip
                    rounds[path].append(load)
                    print(
                        f"{target.name if path == target.path else '  floor':<40} "
                        f"{load.requests:>6} req {load.rps:>6.0f} req/s  p50 {load.p50:6.1f}  "
                        f"p95 {load.p95:6.1f}  p99 {load.p99:6.1f} ms  "
                        f"CPU ms/req {per_request(load)}  cores {cpu(load)}",
                        flush=True,
                    )
            # Others' work on a shared machine only slows a round down: keep the
            # round that had the least of it.
            results = [
                min(rounds[path], key=lambda load: load.other_cpu / load.seconds) for path in paths
            ]
            rows.append(Row(target, size, results[0], results[1] if target.floor else None))
    finally:
        server.stop()

    write(rows, context, options.output)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so finally stops gunicorn
    main()
