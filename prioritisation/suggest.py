"""The form of "Foreslå en handleplan": the frame and the member's rules per initiative.

It starts from the plan's own frame (its ceilings, its earmarks as most amounts) and
gives ``prioritisation.optimise.load_problem`` what it reads: the objective, the target
unit, the frame and a rule per initiative. Scales: all or nothing, from the smallest
share in whole persons or, if the member asks, in whole kroner; whole units for per-unit
initiatives.
"""

from fractions import Fraction

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Initiative

from .forms import _kroner
from .optimise import DEFAULT_MAX_UNITS, DEFAULT_WEIGHT, Frame, Require, Rule

Kind = Initiative.FinancingKind

OBJECTIVE_CHOICES = [
    ("reach", _("Flest i målgruppen")),
    ("stars", _("Flest stjernemarkerede indsatser")),
    ("support", _("Størst opbakning i udvalget (flest delte handleplaner med indsatsen)")),
    ("weights", _("Dine egne vægte (1–5 pr. indsats)")),
    ("cost", _("Færrest kroner for det, der skal med")),
]

RULE_CHOICES = [
    ("free", _("Fri")),
    ("in", _("Skal med")),
    ("locked", _("Skal med, som den er")),
    ("out", _("Skal ikke med")),
]


def _whole(label, *, low, high, initial=None, required=False):
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        initial=initial,
        error_messages={
            "invalid": _("Skriv et helt tal."),
            "min_value": _("Mindst %(limit_value)s."),
            "max_value": _("Højst %(limit_value)s."),
        },
    )


class SuggestForm(forms.Form):
    objective = forms.ChoiceField(
        label=_("Hvad skal forslaget gøre bedst?"),
        choices=OBJECTIVE_CHOICES,
        initial="reach",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Vælg et af målene.")},
    )
    by_amount = forms.BooleanField(
        label=_("Skalér efter beløb i hele kroner"),
        required=False,
        help_text=_(
            "Ellers skaleres indsatser med en målgruppe i hele personer. Efter beløb kan "
            "forslaget bruge loftet helt ud."
        ),
    )

    def __init__(self, *args, plan, initiatives, goals, allocations, items, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.goals = list(goals)
        self.years = list(plan.years)
        self.in_plan = {item.initiative_id: item for item in items}
        self.fields["unit"] = forms.ChoiceField(
            label=_("Målgruppen, der tæller"),
            choices=[(unit, unit) for unit in units],
            initial=units[0] if units else "",
            required=False,
            help_text=_(
                "Borgere, unge, foreninger … lægges aldrig sammen: vælg den målgruppe, "
                "forslaget skal nå flest af."
            ),
            error_messages={"invalid_choice": _("Vælg en af katalogets målgrupper.")},
        )
        for year in self.years:
            self.fields[f"ceiling_{year}"] = _kroner(_("Loft %(year)s") % {"year": year})
            for goal in self.goals:
                label = {"number": goal.number, "year": year}
                self.fields[f"min_{goal.number}_{year}"] = _kroner(
                    _("Mindst til pejlemærke %(number)s, %(year)s") % label
                )
                self.fields[f"max_{goal.number}_{year}"] = _kroner(
                    _("Højst til pejlemærke %(number)s, %(year)s") % label
                )
        goal_numbers = {goal.pk: goal.number for goal in self.goals}
        for allocation in allocations:
            if allocation.year not in self.years:
                continue
            if allocation.goal_id is None:
                self.initial[f"ceiling_{allocation.year}"] = allocation.amount
            elif allocation.goal_id in goal_numbers:
                number = goal_numbers[allocation.goal_id]
                self.initial[f"max_{number}_{allocation.year}"] = allocation.amount

        self.initiatives = list(initiatives)
        for initiative in self.initiatives:
            pk = initiative.pk
            self.fields[f"rule_{pk}"] = forms.ChoiceField(
                label=_("Regel for %(title)s") % {"title": initiative.title},
                choices=RULE_CHOICES,
                initial="free",
                error_messages={"invalid_choice": _("Vælg en af reglerne.")},
            )
            self.fields[f"weight_{pk}"] = _whole(
                _("Vægt for %(title)s") % {"title": initiative.title},
                low=1,
                high=5,
                initial=DEFAULT_WEIGHT,
            )
            if initiative.financing_kind == Kind.PER_UNIT:
                item = self.in_plan.get(pk)
                self.fields[f"units_{pk}"] = _whole(
                    _("Højst antal %(unit)s for %(title)s")
                    % {"unit": initiative.unit_name, "title": initiative.title},
                    low=1,
                    high=1000,
                    initial=max(DEFAULT_MAX_UNITS, item.units if item else 1),
                )
            elif self.scalable(initiative):
                self.fields[f"share_{pk}"] = _whole(
                    _("Mindste andel i procent for %(title)s") % {"title": initiative.title},
                    low=1,
                    high=100,
                    initial=50,
                )

    @staticmethod
    def scalable(initiative) -> bool:
        """Scaled in whole persons: a known amount and a number in the target group."""
        return bool(initiative.target_quantity) and initiative.financing_kind in (
            Kind.ANNUAL,
            Kind.ONE_OFF,
        )

    def rows(self):
        """(initiative, rule field, share or units field or None, weight field, in plan)."""
        for initiative in self.initiatives:
            pk = initiative.pk
            scale = self[f"units_{pk}"] if f"units_{pk}" in self.fields else None
            if f"share_{pk}" in self.fields:
                scale = self[f"share_{pk}"]
            yield (
                initiative,
                self[f"rule_{pk}"],
                scale,
                self[f"weight_{pk}"],
                pk in self.in_plan,
            )

    def grid(self):
        """[(year, ceiling field, [(goal, min field, max field)])]."""
        return [
            (
                year,
                self[f"ceiling_{year}"],
                [
                    (goal, self[f"min_{goal.number}_{year}"], self[f"max_{goal.number}_{year}"])
                    for goal in self.goals
                ],
            )
            for year in self.years
        ]

    def clean(self):
        data = super().clean()
        for year in self.years:
            for goal in self.goals:
                least = data.get(f"min_{goal.number}_{year}")
                most = data.get(f"max_{goal.number}_{year}")
                if least is not None and most is not None and least > most:
                    self.add_error(
                        f"min_{goal.number}_{year}",
                        _("Mindst kan ikke være mere end højst (%(year)s).") % {"year": year},
                    )
        return data

    def frame(self) -> Frame:
        data = self.cleaned_data

        def amounts(prefix):
            return {
                (goal.number, year): data[f"{prefix}_{goal.number}_{year}"]
                for goal in self.goals
                for year in self.years
                if data.get(f"{prefix}_{goal.number}_{year}") is not None
            }

        return Frame(
            years=tuple(self.years),
            ceiling={
                year: data[f"ceiling_{year}"]
                for year in self.years
                if data.get(f"ceiling_{year}") is not None
            },
            earmark_min=amounts("min"),
            earmark_max=amounts("max"),
        )

    def rules(self) -> dict[int, Rule]:
        data = self.cleaned_data
        rules = {}
        for initiative in self.initiatives:
            pk = initiative.pk
            choice = data[f"rule_{pk}"]
            percent = data.get(f"share_{pk}")
            rules[pk] = Rule(
                require={"in": Require.IN, "locked": Require.IN, "out": Require.OUT}.get(
                    choice, Require.FREE
                ),
                locked=choice == "locked",
                min_share=None if percent in (None, 100) else Fraction(percent, 100),
                max_units=data.get(f"units_{pk}"),
                weight=data.get(f"weight_{pk}") or DEFAULT_WEIGHT,
            )
        return rules

    def problem_kwargs(self) -> dict:
        return {
            "objective": self.cleaned_data["objective"],
            "unit": self.cleaned_data.get("unit") or None,
            "frame": self.frame(),
            "rules": self.rules(),
            "by_amount": self.cleaned_data.get("by_amount", False),
        }
