"""Print the optimiser's proposal for a plan, without saving anything.

    manage.py suggest_plan --plan 7 --objective reach --json

The same model as the page ("Foreslå en handleplan"): the plan's own frame (its ceilings,
its earmarks as most amounts), every initiative free at a smallest share of 50 % unless
told otherwise.
"""

import json
from fractions import Fraction

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from prioritisation.models import Plan
from prioritisation.optimise import OBJECTIVES, Require, Rule, load_problem, solve


def _number(value: Fraction):
    return value.numerator if value.denominator == 1 else float(value)


def proposal_json(proposal) -> dict:
    return {
        "status": proposal.status,
        "solver_status": proposal.solver_status,
        "seconds": round(proposal.seconds, 4),
        "objective": proposal.objective,
        "unit": proposal.unit,
        "objective_value": None
        if proposal.objective_value is None
        else _number(proposal.objective_value),
        "conflicts": list(proposal.conflicts),
        "initiatives": [
            {
                "id": c.option.id,
                "title": c.option.title,
                "goal": c.option.goal,
                "scale_by": str(c.scale.by),
                "scale": c.scale.value,
                "share": _number(c.share),
                "costs": {str(year): amount for year, amount in c.costs.items()},
                "conditional": c.conditional,
                "reach": None if c.reach is None else _number(c.reach),
                "target_unit": c.option.target_unit,
            }
            for c in proposal.chosen
        ],
        "totals": {str(year): amount for year, amount in proposal.totals.items()},
        "total": proposal.total,
        "conditional_total": proposal.conditional_total,
        "reach": {unit: _number(amount) for unit, amount in proposal.reach},
        "limits": [
            {
                "year": limit.year,
                "goal": limit.goal,
                "bound": limit.bound,
                "limit": limit.limit,
                "total": limit.total,
                "binds": limit.binds,
            }
            for limit in proposal.limits
        ],
        "left_out": [
            {"id": left.option.id, "title": left.option.title, "reasons": list(left.reasons)}
            for left in proposal.left_out
        ],
    }


class Command(BaseCommand):
    help = "Print the best plan within a plan's frame (nothing is saved)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="the plan's id")
        parser.add_argument("--objective", choices=OBJECTIVES, default="reach")
        parser.add_argument(
            "--unit", help="the target unit reach counts (default: the most common)"
        )
        parser.add_argument("--require", type=int, action="append", default=[], metavar="ID")
        parser.add_argument("--exclude", type=int, action="append", default=[], metavar="ID")
        parser.add_argument(
            "--min-share", type=int, default=50, help="smallest share in per cent (100: whole)"
        )
        parser.add_argument(
            "--by-amount", action="store_true", help="scale by kroner, not whole persons"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            plan = Plan.objects.active().select_related("catalogue").get(pk=options["plan"])
        except Plan.DoesNotExist:
            raise CommandError(f"No plan {options['plan']}.") from None
        if not 1 <= options["min_share"] <= 100:
            raise CommandError("--min-share is a per cent from 1 to 100.")
        share = Fraction(options["min_share"], 100)
        rules = {}
        for pk in options["require"]:
            rules[pk] = Rule(require=Require.IN, min_share=share)
        for pk in options["exclude"]:
            rules[pk] = Rule(require=Require.OUT, min_share=share)
        with translation.override("da"):
            problem = load_problem(
                plan,
                objective=options["objective"],
                unit=options["unit"],
                rules=rules,
                default_rule=Rule(min_share=None if share == 1 else share),
                by_amount=options["by_amount"],
            )
            proposal = solve(problem)
            if options["json"]:
                self.stdout.write(json.dumps(proposal_json(proposal), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(_text(proposal))


def _text(proposal) -> str:
    lines = [
        f"Status: {proposal.status} ({proposal.solver_status}), {proposal.seconds:.3f} s",
        f"Mål: {proposal.objective}"
        + (f" ({proposal.unit})" if proposal.objective == "reach" else "")
        + (
            f" = {_number(proposal.objective_value)}"
            if proposal.objective_value is not None
            else ""
        ),
    ]
    if proposal.conflicts:
        lines.append("Rammen kan ikke overholdes. Disse krav kan ikke opfyldes samtidig:")
        lines += [f"  - {text}" for text in proposal.conflicts]
        return "\n".join(lines)
    years = proposal.years
    lines.append("Indsatser:" + "".join(f"{year:>12}" for year in years))
    for c in proposal.chosen:
        scale = f"{c.scale.by} {c.scale.value}" if c.scale.by != "whole" else "hele"
        lines.append(f"  {c.option.title[:40]:40} [{scale}]")
        lines.append(" " * 10 + "".join(f"{c.costs[year]:>12}" for year in years))
    lines.append("I alt:    " + "".join(f"{proposal.totals[year]:>12}" for year in years))
    if proposal.conditional_total:
        lines.append(f"Betinget betaling ved resultat (ikke med): {proposal.conditional_total}")
    for unit, amount in proposal.reach:
        lines.append(f"Når: {_number(amount)} {unit}")
    binding = [limit.text for limit in proposal.binding]
    if binding:
        lines.append("Bindende: " + "; ".join(binding))
    return "\n".join(lines)
