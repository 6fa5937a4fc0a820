"""The forms of a plan: its name, period and budget grid; one item's years and scale."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.forms import KronerField
from catalogue.models import Initiative
from catalogue.money import format_kroner

from .models import Allocation, Plan, PlanItem

WHOLE_NUMBER_ERRORS = {
    "invalid": _("Skriv et helt tal, fx 100."),
    "min_value": _("Antallet skal være mindst 1."),
    "max_value": _("Antallet er for stort."),
}


# A ceiling or earmark above this is a typing error; it also keeps the amounts (and
# their sums) inside the database's bigint and exact in Excel.
MAX_AMOUNT = 999_999_999_999


def _kroner(label, **kwargs):
    return KronerField(
        label=label,
        required=False,
        max_value=MAX_AMOUNT,
        error_messages={
            "min_value": _("Et beløb kan ikke være negativt."),
            "max_value": _("Beløbet er for stort: højst 999.999.999.999 kr."),
        },
        **kwargs,
    )


def _year_field(years, label):
    return forms.TypedChoiceField(
        label=label,
        choices=[(year, year) for year in years],
        coerce=int,
        error_messages={"invalid_choice": _("Vælg et år i perioden.")},
    )


class VersionField(forms.IntegerField):
    """The plan's version when the form was shown; a save checks it is still current."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)


class PlanForm(forms.ModelForm):
    """Name, description, period, and a grid of money: years × (ceiling, each pejlemærke).

    The ceiling and each earmark can be typed once for all years ("Samme loft alle år",
    "Pejlemærke 1, samme beløb alle år") or per year; a year's own amount wins.
    Amounts for years outside the chosen period are not saved (the help text says so).
    """

    version = VersionField()
    ceiling_all = _kroner(
        _("Samme loft alle år"),
        help_text=_("Bruges i hvert år, hvor du ikke skriver et loft for året selv."),
    )

    class Meta:
        model = Plan
        fields = ["name", "description", "first_year", "last_year"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        catalogue = self.instance.catalogue
        self.catalogue_years = list(catalogue.years)
        self.goals = list(goals)
        self.fields["name"].label = _("Navn")
        self.fields["description"].label = _("Beskrivelse")
        self.fields["description"].required = False
        self.fields["first_year"] = _year_field(self.catalogue_years, _("Første år"))
        self.fields["last_year"] = _year_field(self.catalogue_years, _("Sidste år"))

        for year in self.catalogue_years:
            self.fields[self._ceiling(year)] = _kroner(_("Loft %(year)s") % {"year": year})
            for goal in self.goals:
                self.fields[self._earmark(year, goal)] = _kroner(
                    _("Pejlemærke %(number)s, %(year)s") % {"number": goal.number, "year": year}
                )
        for goal in self.goals:
            self.fields[self._earmark_all(goal)] = _kroner(
                _("Pejlemærke %(number)s, samme beløb alle år") % {"number": goal.number},
                help_text=_("Øremærket til %(title)s i hvert år, hvor du ikke skriver et beløb.")
                % {"title": goal.title},
            )
        if self.instance.pk is not None:
            self._initial_from(self.instance.allocations.all())

    @staticmethod
    def _ceiling(year):
        return f"ceiling_{year}"

    @staticmethod
    def _earmark(year, goal):
        return f"earmark_{year}_{goal.number}"

    @staticmethod
    def _earmark_all(goal):
        return f"earmark_all_{goal.number}"

    def earmark_all_fields(self):
        """The "same amount every year" field of each pejlemærke, for the template."""
        return [self[self._earmark_all(goal)] for goal in self.goals]

    def _initial_from(self, allocations):
        goals = {goal.pk: goal for goal in self.goals}
        ceilings = {}
        earmarks = {goal.pk: {} for goal in self.goals}
        for allocation in allocations:
            if allocation.goal_id is None:
                ceilings[allocation.year] = allocation.amount
            elif allocation.goal_id in goals:
                earmarks[allocation.goal_id][allocation.year] = allocation.amount
        # The same amount in every year of the period reads best as one number.
        period = list(self.instance.years)

        def same_every_year(amounts):
            return set(amounts) == set(period) and len(set(amounts.values())) == 1

        if ceilings and same_every_year(ceilings):
            self.initial["ceiling_all"] = ceilings[period[0]]
        else:
            for year, amount in ceilings.items():
                self.initial[self._ceiling(year)] = amount
        for goal_id, amounts in earmarks.items():
            goal = goals[goal_id]
            if amounts and same_every_year(amounts):
                self.initial[self._earmark_all(goal)] = amounts[period[0]]
                continue
            for year, amount in amounts.items():
                self.initial[self._earmark(year, goal)] = amount

    def grid(self):
        """Rows for the template: (year, ceiling field, [earmark field per goal])."""
        return [
            (
                year,
                self[self._ceiling(year)],
                [self[self._earmark(year, goal)] for goal in self.goals],
            )
            for year in self.catalogue_years
        ]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first is None or last is None:
            return cleaned
        if last < first:
            self.add_error("last_year", _("Sidste år kan ikke ligge før første år."))
            return cleaned

        self.allocations = []
        for year in range(first, last + 1):
            ceiling = cleaned.get(self._ceiling(year))
            if ceiling is None:
                ceiling = cleaned.get("ceiling_all")
            if ceiling is not None:
                self.allocations.append(Allocation(year=year, goal=None, amount=ceiling))
            earmarked = 0
            for goal in self.goals:
                amount = cleaned.get(self._earmark(year, goal))
                if amount is None:
                    amount = cleaned.get(self._earmark_all(goal))
                if amount is not None:
                    earmarked += amount
                    self.allocations.append(Allocation(year=year, goal=goal, amount=amount))
            if ceiling is not None and earmarked > ceiling:
                self.add_error(
                    self._ceiling(year),
                    _(
                        "Øremærkningerne i %(year)s er tilsammen %(earmarked)s, "
                        "mere end loftet på %(ceiling)s."
                    )
                    % {
                        "year": year,
                        "earmarked": format_kroner(earmarked),
                        "ceiling": format_kroner(ceiling),
                    },
                )
        return cleaned


class PlanItemForm(forms.ModelForm):
    """One item's years inside the plan's period, its scale and a note.

    Only the scales the initiative has are offered: a quantity where the catalogue
    states one, units for a per-unit amount, the larger variant where there is one.
    """

    quantity = forms.IntegerField(
        label=_("Antal i målgruppen"),
        required=False,
        min_value=1,
        max_value=10_000_000,
        error_messages=WHOLE_NUMBER_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    version = VersionField()
    units = forms.IntegerField(
        label=_("Antal enheder"),
        min_value=1,
        max_value=100_000,
        error_messages=WHOLE_NUMBER_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = PlanItem
        fields = ["start_year", "end_year", "quantity", "units", "use_larger_variant", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.plan.version
        plan, initiative = self.instance.plan, self.instance.initiative
        self.fields["start_year"] = _year_field(plan.years, _("Startår"))
        self.fields["end_year"] = _year_field(plan.years, _("Slutår"))
        self.fields["note"].label = _("Note")

        if initiative.target_quantity:
            unit = initiative.target_unit or _("i målgruppen")
            self.fields["quantity"].help_text = _(
                "Kataloget: %(quantity)s %(unit)s. Tomt: som i kataloget. "
                "Beløbet skaleres i forhold til katalogets antal."
            ) % {"quantity": initiative.target_quantity, "unit": unit}
        else:
            del self.fields["quantity"]

        if initiative.financing_kind == Initiative.FinancingKind.PER_UNIT:
            self.fields["units"].help_text = _("Beløbet gælder pr. %(unit)s.") % {
                "unit": initiative.unit_name
            }
        else:
            del self.fields["units"]

        if initiative.larger_variant_amount is not None:
            field = self.fields["use_larger_variant"]
            field.label = _("Større udgave (%(label)s)") % {
                "label": (initiative.larger_variant_label or _("ved udvidelse")).lower()
            }
            field.help_text = _("%(amount)s årligt i stedet for katalogets beløb.") % {
                "amount": format_kroner(initiative.larger_variant_amount)
            }
        else:
            del self.fields["use_larger_variant"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", _("Slutåret kan ikke ligge før startåret."))
        if cleaned.get("use_larger_variant") and cleaned.get("quantity") is not None:
            self.add_error(
                "quantity",
                _(
                    "Vælg enten et antal eller den større udgave: kataloget siger ikke, "
                    "hvor mange den større udgave når."
                ),
            )
        return cleaned
