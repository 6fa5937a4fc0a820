#!/usr/bin/env python3
"""Time "Foreslå en handleplan" (prioritisation/optimise.py) to proven optimality.

    .venv/bin/python bench/optimise.py            # writes bench/results/optimise.md

Two catalogues, no database (the model is a pure function of plain data; the loader's
four queries are pinned by tests/test_suggest_plan.py):

- the seed catalogue (fixtures/catalogue.json, 27 initiatives) over 2019–2022 with a
  ceiling of 11 mio. kr. a year and earmarks per pejlemærke (pejlemærke 1 at most
  5 mio., pejlemærke 3 at least 2 mio.), every scalable initiative in whole persons from
  50 %, per-unit ones 1–3 units; every objective. Goal: under 0.2 s.
- a generated catalogue of 1,000 initiatives (every financing shape, random but seeded)
  over four years, a per-year ceiling, earmarks (most amounts, as a plan's own) for two
  of the three pejlemærker, smallest shares of 25–75 %, in whole persons; objective
  reach. Goal: under 2 s. Then the same with binding least earmarks for every
  pejlemærke, measured once (no goal; HiGHS's time limit is 60 s).

Each figure is the median of several runs of ``solve`` (model building, every
lexicographic stage, the answer and its reasons); the status must be "optimal" (proven).
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import datetime
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "handleplan.settings")

import django  # noqa: E402

django.setup()

from prioritisation.optimise import OBJECTIVES, By, Frame, Option, Problem, solve  # noqa: E402

YEARS = (2019, 2020, 2021, 2022)
SEED_GOAL, LARGE_GOAL = 0.2, 2.0


def seed_problem(objective: str) -> Problem:
    data = json.loads((ROOT / "fixtures" / "catalogue.json").read_text())
    areas = {o["pk"]: o["fields"] for o in data if o["model"] == "catalogue.focusarea"}
    goals = {o["pk"]: o["fields"]["number"] for o in data if o["model"] == "catalogue.goal"}
    options = []
    for o in data:
        if o["model"] != "catalogue.initiative":
            continue
        f = o["fields"]
        area = areas[f["focus_area"]]
        per_unit = f["financing_kind"] == "per_unit"
        options.append(
            Option(
                id=o["pk"],
                title=f["title"],
                goal=goals[area["goal"]],
                kind=f["financing_kind"],
                start_year=YEARS[0],
                end_year=YEARS[-1],
                order=(goals[area["goal"]], area["number"], f["position"]),
                first=f["first_year_amount"],
                later=f["later_year_amount"],
                success=f["success_payment_amount"],
                target_quantity=f["target_quantity"],
                target_unit=f["target_unit"],
                starred=f["starred"],
                support=o["pk"] % 4,
                weight=1 + o["pk"] % 5,
                scale_by=By.UNITS if per_unit else By.PERSONS,
                max_units=3,
            )
        )
    frame = Frame(
        years=YEARS,
        ceiling=dict.fromkeys(YEARS, 11_000_000),
        earmark_max={(1, y): 5_000_000 for y in YEARS},
        earmark_min={(3, y): 2_000_000 for y in YEARS},
    )
    return Problem(frame=frame, options=tuple(options), objective=objective, unit="borgere")


def large_problem(n: int = 1000, seed: int = 19, least: bool = False) -> Problem:
    rng = random.Random(seed)
    units = ["borgere"] * 6 + ["unge", "elever", "familier", "foreninger"]
    kinds = ["annual"] * 10 + ["one_off", "per_unit", "pay_for_success", "not_stated"]
    options = []
    for i in range(1, n + 1):
        kind = rng.choice(kinds)
        first = later = success = None
        if kind in ("annual", "per_unit"):
            first = rng.randrange(40, 4400) * 1000
            later = rng.choice([first, round(first * rng.uniform(0.5, 1.2)), None])
            if kind == "per_unit":
                first, later = first // 10, (later or first) // 10
        elif kind == "one_off":
            first = rng.randrange(100, 1000) * 1000
        elif kind == "pay_for_success":
            success = rng.randrange(500, 2000) * 1000
        start = rng.choice(YEARS[:3])
        options.append(
            Option(
                id=i,
                title=f"Indsats {i}",
                goal=1 + i % 3,
                kind=kind,
                start_year=start,
                end_year=YEARS[-1],
                order=(i,),
                first=first,
                later=later,
                success=success,
                target_quantity=rng.choice([None, *range(10, 500, 7)]),
                target_unit=rng.choice(units),
                starred=rng.random() < 0.4,
                scale_by=By.UNITS if kind == "per_unit" else By.PERSONS,
                min_share=Fraction(rng.choice([25, 50, 50, 75]), 100),
                max_units=rng.randint(1, 5),
            )
        )
    ceiling = {y: 150_000_000 + 10_000_000 * k for k, y in enumerate(YEARS)}
    frame = Frame(
        years=YEARS,
        ceiling=ceiling,
        earmark_min={(g, y): 30_000_000 for g in (1, 2, 3) for y in YEARS} if least else {},
        earmark_max={(g, y): 70_000_000 for g in (1, 2) for y in YEARS},
    )
    return Problem(frame=frame, options=tuple(options), objective="reach", unit="borgere")


def measure(problem: Problem, runs: int) -> dict:
    times, proposal = [], None
    for _ in range(runs):
        started = time.perf_counter()
        proposal = solve(problem)
        times.append(time.perf_counter() - started)
    return {
        "median_s": statistics.median(times),
        "max_s": max(times),
        "runs": runs,
        "chosen": len(proposal.chosen),
        "objective_value": float(proposal.objective_value),
        "status": proposal.status,
        "solver_status": proposal.solver_status,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed-only", action="store_true", help="skip the 1,000 initiatives")
    args = parser.parse_args()
    rows = []
    for objective in OBJECTIVES:
        figures = measure(seed_problem(objective), args.runs)
        rows.append(("Seed catalogue, 27 initiatives", objective, SEED_GOAL, figures))
    if not args.seed_only:
        large = large_problem()
        rows.append(("Generated, 1,000 initiatives", "reach", LARGE_GOAL, measure(large, 3)))
        # Not a goal: least earmarks (30 mio. kr. for each pejlemærke each year) that bind.
        least = large_problem(least=True)
        rows.append(("Generated, 1,000, binding least earmarks", "reach", None, measure(least, 1)))

    commit = os.popen(f"git -C {ROOT} rev-parse --short HEAD").read().strip()  # noqa: S605
    lines = [
        "# Foreslå en handleplan: time to proven optimality",
        "",
        f"{datetime.now():%Y-%m-%d %H:%M}, commit {commit}, {platform.processor() or 'cpu'}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, single-threaded HiGHS.",
        "",
        "| catalogue | objective | median | slowest | goal | chosen | objective value |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, objective, goal, f in rows:
        proven = f["status"] == "optimal"
        if goal is None:
            target = "none" + ("" if proven else f" (not proven: {f['solver_status']})")
        else:
            mark = "met" if proven and f["median_s"] < goal else "MISSED"
            if not proven:
                mark += f", not proven: {f['solver_status']}"
            target = f"< {goal * 1000:.0f} ms ({mark})"
        lines.append(
            f"| {name} | {objective} | {f['median_s'] * 1000:.0f} ms | {f['max_s'] * 1000:.0f} ms"
            f" | {target} | {f['chosen']} | {f['objective_value']:g} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / "optimise.md"
    out.write_text(text)
    (ROOT / "bench" / "results" / "optimise.json").write_text(
        json.dumps([{"catalogue": r[0], "objective": r[1], **r[3]} for r in rows], indent=2)
    )


if __name__ == "__main__":
    main()
