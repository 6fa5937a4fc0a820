"""The forms of a plan: its name, period and budget grid; one item's years and scale."""

import re
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalogue.forms import KronerField
from catalogue.models import Initiative
from catalogue.money import format_kroner

from . import budget, scaling
from .models import Allocation, Plan, PlanItem

WHOLE_NUMBER_ERRORS = {
    "invalid": _("Skriv et helt tal, fx 100."),
    "digits": _("Skriv et helt tal med tallene 0–9, fx 100."),
    "min_value": _("Antallet skal være mindst 1."),
    "max_value": _("Antallet er for stort."),
}
# A decimal digit of any script but 0–9.
_OTHER_DIGITS = re.compile(r"(?![0-9])\d")


class WholeNumberField(forms.IntegerField):
    """A count typed with the digits 0–9. Django reads numbers with Python's int(),
    which takes the digits of every script too ("１２", "٣"): refused here, with a
    message that says what to type."""

    def to_python(self, value):
        if isinstance(value, str) and _OTHER_DIGITS.search(value):
            raise ValidationError(self.error_messages["digits"], code="digits")
        return super().to_python(value)


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


def edited_fields(form: forms.ModelForm) -> list[str]:
    """The model fields a ModelForm edits: what a write saves. The form's own
    ``Meta.fields`` as it cleaned them (fields it drops for an initiative are left as
    they are), and ``instance_fields``: those its ``clean`` sets on the instance itself
    (an item's whole scale)."""
    cleaned = [name for name in form._meta.fields if name in form.cleaned_data]
    return cleaned + list(getattr(form, "instance_fields", ()))


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
        if self.instance.pk is None:
            # One-time: each form shown makes at most one plan (changes.create_plan).
            self.fields["creation_token"] = forms.UUIDField(
                required=False,
                initial=uuid.uuid4,
                widget=forms.HiddenInput,
                error_messages={
                    "invalid": _("Formularen er ikke gyldig. Åbn siden igen, og prøv igen.")
                },
            )
        else:
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


class PercentField(forms.Field):
    """A share in per cent, typed the Danish way: "75", "75 %", "12,5 %", "12,5 pct.".

    At most two decimals, written with a comma ("12.5" is refused: a thousands dot or a
    decimal?); above 0 and at most ``MAX_SHARE``. Linear in the text, and text longer
    than ``MAX_PERCENT_TEXT`` is refused unread.
    """

    default_error_messages = {
        "invalid": _("Skriv en andel i procent med tallene 0–9, fx 75 eller 12,5 %."),
        "too_long": _("Andelen er for lang. Skriv fx 75 eller 12,5 %."),
        "comma": _("Skriv decimaler med komma, fx 12,5 %."),
        "decimals": _("Skriv højst to decimaler, fx 12,25 %."),
        "positive": _("Andelen skal være over 0 %. Fjern indsatsen, hvis den ikke skal med."),
        "too_large": _("Andelen er for stor: højst 10.000 %."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "maxlength": MAX_PERCENT_TEXT}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value)
        if len(text) > MAX_PERCENT_TEXT:
            raise ValidationError(self.error_messages["too_long"], code="too_long")
        words = text.replace("\u00a0", " ").strip().lower()
        for suffix in ("procent", "pct.", "pct", "%"):
            if words.endswith(suffix):
                words = words.removesuffix(suffix).strip()
                break
        if not words:
            return None
        if words.startswith("-"):
            raise ValidationError(self.error_messages["positive"], code="positive")
        if "." in words:
            raise ValidationError(self.error_messages["comma"], code="comma")
        whole, comma, decimals = words.partition(",")
        if not whole or not set(whole + decimals) <= _DIGITS or (comma and not decimals):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(decimals) > 2:
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        return Decimal(f"{whole}.{decimals or '0'}")

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value <= 0:
            raise ValidationError(self.error_messages["positive"], code="positive")
        if value > MAX_SHARE:
            raise ValidationError(self.error_messages["too_large"], code="too_large")

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f").replace(".", ",")
        return value


MAX_PERCENT_TEXT = 20
MAX_SHARE = Decimal(10_000)
_DIGITS = frozenset("0123456789")

Scale = PlanItem.Scale
AmountYear = PlanItem.AmountYear
Kind = Initiative.FinancingKind

# The form field that holds each scale's typed value.
VALUE_FIELDS = {
    Scale.AMOUNT: "scale_amount",
    Scale.SHARE: "scale_share",
    Scale.QUANTITY: "quantity",
    Scale.UNITS: "units",
}
SCALE_FIELDS = ["scale_by", "scale_amount", "scale_amount_year", "scale_share", "quantity", "units"]


class PlanItemForm(forms.ModelForm):
    """One item's years inside the plan's period, its scale, udvalgets eget beløb, a note.

    The scale is what the member means, typed in one of its fields: an amount a year in
    kroner, a share in per cent, a quantity of the target group, or units of a per-unit
    amount; all empty is the catalogue's own scale. Only the scales the item has are
    offered (units and no quantity or share for a per-unit amount; no amount where there
    is none to scale; for an initiative with no amount, udvalgets eget beløb and no
    scale), and always the one the item is scaled by now, so nothing is lost unseen.
    Where an old value still stands in another field, the field the member changed is
    the one meant; two changed is refused. A scale more than double the catalogue's asks
    to be confirmed, with what it costs. ``preview=True``: validate for the preview only,
    without that confirmation.

    The scale fields are not the model form's own: ``clean`` puts the whole scale on the
    instance (``scale_by`` and every typed value, the unused ones emptied), so what is
    saved always says one thing.
    """

    # Set on the instance by ``clean``, every one each time: saved with Meta.fields.
    instance_fields = SCALE_FIELDS
    version = VersionField()
    scale_amount = KronerField(
        label=_("Beløb pr. år"),
        required=False,
        min_value=1,
        max_value=MAX_AMOUNT,
        error_messages={
            "min_value": _(
                "Beløbet skal være mindst 1 kr. Fjern indsatsen, hvis den ikke skal med."
            ),
            "max_value": _("Beløbet er for stort: højst 999.999.999.999 kr."),
        },
    )
    scale_amount_year = forms.ChoiceField(
        label=_("Beløbet gælder"), choices=AmountYear.choices, required=False
    )
    scale_share = PercentField(label=_("Andel af katalogets beløb (%)"), required=False)
    quantity = WholeNumberField(
        label=_("Antal i målgruppen"),
        required=False,
        min_value=1,
        max_value=10_000_000,
        error_messages=WHOLE_NUMBER_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    units = WholeNumberField(
        label=_("Antal enheder"),
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages=WHOLE_NUMBER_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    confirm_scale = forms.BooleanField(label=_("Ja, omfanget er rigtigt"), required=False)
    own_first_year_amount = _kroner(_("Udvalgets eget beløb, første år"))
    own_later_year_amount = _kroner(_("Udvalgets eget beløb, efterfølgende år"))

    class Meta:
        model = PlanItem
        fields = [
            "start_year",
            "end_year",
            "use_larger_variant",
            "own_first_year_amount",
            "own_later_year_amount",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, preview=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview_only = preview
        self.needs_confirmation = False
        item = self.instance
        plan = item.plan
        self.fields["version"].initial = plan.version
        self.fields["start_year"] = _year_field(plan.years, _("Startår"))
        self.fields["end_year"] = _year_field(plan.years, _("Slutår"))
        self.fields["note"].label = _("Note")
        self.saved_scale = {name: getattr(item, name) for name in SCALE_FIELDS}
        for name in VALUE_FIELDS.values():
            self.initial.setdefault(name, getattr(item, name))
        self.initial.setdefault("scale_amount_year", item.scale_amount_year)

        kind = item.agreed_financing_kind
        base = budget.amounts(item=item)
        self._offer_amount(item, kind, base)
        if kind in (Kind.PER_UNIT, Kind.NOT_STATED) and item.scale_by != Scale.SHARE:
            del self.fields["scale_share"]  # units, or udvalgets eget beløb, instead
        else:
            self.fields["scale_share"].help_text = _("Fx 50 for det halve af katalogets beløb.")
        self._offer_quantity(item, kind)
        self._offer_units(item, kind)
        self._offer_larger_variant(item)
        self._offer_own_amounts(item, kind)

    # --- What is offered, and how it is named ----------------------------------------

    def _offer_amount(self, item, kind, base):
        if kind not in (Kind.ANNUAL, Kind.ONE_OFF, Kind.PER_UNIT) and item.scale_by != Scale.AMOUNT:
            del self.fields["scale_amount"], self.fields["scale_amount_year"]
            return
        field = self.fields["scale_amount"]
        one_off = kind == Kind.ONE_OFF
        if one_off:
            field.label = _("Beløb")
        field.help_text = _(
            "Det beløb, du vil give, fx 3,3 mio. Det bliver indsatsens udgift præcist. "
            "Kataloget: %(amounts)s."
        ) % {"amounts": scaling.yearly_in_words(base.first, base.later, one_off=one_off)}
        if kind == Kind.PER_UNIT:
            field.help_text = _(
                "Det beløb, du vil give, fx 250.000. Det bliver indsatsens udgift præcist. "
                "Kataloget: %(amounts)s pr. %(unit)s; antallet følger med."
            ) % {
                "amounts": scaling.yearly_in_words(base.first, base.later, one_off=False),
                "unit": item.text("unit_name"),
            }
        if one_off or len(item.plan.years) < 2 or not scaling.amounts_differ(base):
            del self.fields["scale_amount_year"]
            return
        year_field = self.fields["scale_amount_year"]
        year_field.choices = [
            (
                AmountYear.FIRST,
                _("første år (katalogets %(amount)s)") % {"amount": format_kroner(base.first)},
            ),
            (
                AmountYear.LATER,
                (
                    _("efterfølgende år (udvalgets eget beløb, %(amount)s)")
                    if base.later_is_own
                    else _("efterfølgende år (katalogets %(amount)s)")
                )
                % {"amount": format_kroner(base.later)},
            ),
        ]
        year_field.help_text = _(
            "Første år og de efterfølgende år koster forskelligt. Beløbet gælder det år, du "
            "vælger; det andet år skaleres med samme andel."
        )

    def _offer_quantity(self, item, kind):
        field = self.fields["quantity"]
        if kind == Kind.PER_UNIT:
            if item.scale_by != Scale.QUANTITY:
                del self.fields["quantity"]  # units instead: the quantity is per unit
                return
            # Kept from before units had their own field: the whole target group.
            field.label = _("Antal %(unit)s i alt") % {"unit": scaling.target_unit(item)}
            field.help_text = _("Kataloget: %(quantity)s.") % {
                "quantity": scaling.catalogue_quantity(item)
            }
            return
        offered = item.agreed_target_quantity and kind != Kind.NOT_STATED
        if not offered and item.scale_by != Scale.QUANTITY:
            del self.fields["quantity"]  # none to compare with, or udvalgets eget beløb instead
            return
        help_text = _(
            "Kataloget: %(quantity)s. Beløbet skaleres i forhold til katalogets antal."
        ) % {"quantity": scaling.catalogue_quantity(item) if item.agreed_target_quantity else "–"}
        note = scaling.range_note(item)
        field.help_text = f"{help_text} {note}" if note else help_text

    def _offer_units(self, item, kind):
        if kind != Kind.PER_UNIT and item.scale_by != Scale.UNITS:
            del self.fields["units"]
            return
        unit_name = item.text("unit_name")
        field = self.fields["units"]
        field.label = scaling.units_label(unit_name)
        base = budget.amounts(item=item)
        help_text = _("Katalogets beløb gælder pr. %(unit)s: %(amounts)s.") % {
            "unit": unit_name,
            "amounts": scaling.yearly_in_words(base.first, base.later, one_off=False),
        }
        if item.agreed_target_quantity:
            help_text += " " + _("Målgruppen: %(quantity)s.") % {
                "quantity": scaling.catalogue_quantity(item)
            }
        field.help_text = help_text
        if item.scale_by == Scale.CATALOGUE:
            self.initial["units"] = 1

    def _offer_larger_variant(self, item):
        if item.agreed_larger_variant_amount is None:
            del self.fields["use_larger_variant"]
            return
        field = self.fields["use_larger_variant"]
        field.label = _("Større udgave (%(label)s)") % {
            "label": (item.initiative.larger_variant_label or _("ved udvidelse")).lower()
        }
        field.help_text = _("%(amount)s årligt i stedet for katalogets beløb.") % {
            "amount": format_kroner(item.agreed_larger_variant_amount)
        }

    def _offer_own_amounts(self, item, kind):
        own_help = _(
            "Udvalgets eget beløb, fordi kataloget intet oplyser. Det vises altid som "
            "udvalgets eget, aldrig som katalogets."
        )
        if kind == Kind.NOT_STATED:
            self.fields["own_first_year_amount"].help_text = own_help
            self.fields["own_later_year_amount"].help_text = _("Tomt: samme beløb som første år.")
            return
        del self.fields["own_first_year_amount"]
        if kind in (Kind.ANNUAL, Kind.PER_UNIT) and item.agreed_later_year_amount is None:
            self.fields["own_later_year_amount"].help_text = _(
                "Kataloget oplyser ikke beløbet for de efterfølgende år. Tomt: ukendt, ikke 0."
            )
            return
        del self.fields["own_later_year_amount"]

    @property
    def scale_field_names(self) -> list[str]:
        """The scale's fields this form offers, in the order they are shown."""
        names = ["scale_amount", "scale_amount_year", "scale_share", "quantity", "units"]
        return [name for name in [*names, "use_larger_variant"] if name in self.fields]

    @property
    def own_amount_field_names(self) -> list[str]:
        return [n for n in ("own_first_year_amount", "own_later_year_amount") if n in self.fields]

    def focus_scale(self) -> None:
        """Put the keyboard's focus, when the form is shown, in its first scale field
        (udvalgets eget beløb where there is no scale)."""
        names = [*self.scale_field_names, *self.own_amount_field_names]
        if names:
            self.fields[names[0]].widget.attrs["autofocus"] = True

    def scale_fields(self):
        """The scale's bound fields, for the template."""
        return [self[name] for name in self.scale_field_names]

    def own_amount_fields(self):
        return [self[name] for name in self.own_amount_field_names]

    # --- Validation -------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", _("Slutåret kan ikke ligge før startåret."))
        self._clean_own_amounts(cleaned)
        scale = self._chosen_scale(cleaned)
        if scale is None or self.errors:
            return cleaned

        item = self.instance
        for name in ("start_year", "end_year", "use_larger_variant", *self.own_amount_field_names):
            if name in cleaned:
                setattr(item, name, cleaned[name])
        if scale["scale_by"] == Scale.AMOUNT and item.start_year == item.end_year:
            scale["scale_amount_year"] = AmountYear.FIRST  # no later years to type it for
        for name, value in scale.items():
            setattr(item, name, value)
        self._check_ratio(item, scale, cleaned)
        return cleaned

    def _clean_own_amounts(self, cleaned):
        if "own_first_year_amount" not in self.fields:
            return
        first, later = cleaned.get("own_first_year_amount"), cleaned.get("own_later_year_amount")
        if "own_first_year_amount" in self.errors or "own_later_year_amount" in self.errors:
            return
        if first is None and later is not None:
            self.add_error(
                "own_first_year_amount",
                _("Skriv også udvalgets eget beløb for første år."),
            )
        elif later is None and first is not None:
            cleaned["own_later_year_amount"] = first

    def _chosen_scale(self, cleaned) -> dict | None:
        """The whole scale (every field of ``SCALE_FIELDS``) from what was typed; None
        where it cannot be told (an error is added)."""
        offered = {kind: name for kind, name in VALUE_FIELDS.items() if name in self.fields}
        if any(name in self.errors for name in offered.values()):
            return None
        typed = {
            kind: cleaned[name] for kind, name in offered.items() if cleaned.get(name) is not None
        }
        if typed.get(Scale.UNITS) == 1:
            del typed[Scale.UNITS]  # one unit is the catalogue's own scale
        if len(typed) > 1:
            changed = [kind for kind in typed if offered[kind] in self.changed_data]
            if len(changed) != 1:
                labels = [f"„{self.fields[offered[kind]].label}“" for kind in typed]
                self.add_error(
                    None,
                    _(
                        "Skriv kun i ét af felterne %(fields)s: det omfang, du mener. "
                        "Slet det andet."
                    )
                    % {"fields": _(" og ").join([", ".join(labels[:-1]), labels[-1]])},
                )
                return None
            typed = {changed[0]: typed[changed[0]]}
        scale_by = next(iter(typed), Scale.CATALOGUE)
        scale = {
            "scale_by": scale_by,
            "scale_amount": None,
            "scale_amount_year": AmountYear.FIRST,
            "scale_share": None,
            "quantity": None,
            "units": 1,
        }
        if scale_by != Scale.CATALOGUE:
            scale[VALUE_FIELDS[scale_by]] = typed[scale_by]
        if scale_by == Scale.AMOUNT and cleaned.get("scale_amount_year") == AmountYear.LATER:
            scale["scale_amount_year"] = AmountYear.LATER
        larger = cleaned.get("use_larger_variant")
        if larger and scale_by == Scale.QUANTITY:
            self.add_error(
                "quantity",
                _(
                    "Vælg enten et antal eller den større udgave: kataloget siger ikke, "
                    "hvor mange den større udgave når."
                ),
            )
            return None
        if larger and scale_by in (Scale.AMOUNT, Scale.SHARE):
            self.add_error(
                VALUE_FIELDS[scale_by],
                _(
                    "Vælg enten et beløb eller en andel – eller den større udgave: den større "
                    "udgave har sit eget beløb."
                ),
            )
            return None
        return scale

    def _check_ratio(self, item, scale, cleaned):
        """Refuse a scale that comes to no amount; ask to confirm one far outside."""
        scale_by = scale["scale_by"]
        ratio = budget.scale_ratio(item=item)
        if ratio is None and scale_by == Scale.AMOUNT:
            self.add_error(
                "scale_amount",
                _(
                    "Der er intet beløb for %(year)s at regne ud fra. Skriv udvalgets eget "
                    "beløb for de år, eller skriv beløbet for første år."
                )
                % {"year": AmountYear(scale["scale_amount_year"]).label},
            )
            return
        if ratio is None and scale_by == Scale.QUANTITY:
            self.add_error(
                "quantity",
                _("Kataloget har intet antal at regne ud fra. Skriv et beløb eller en andel."),
            )
            return
        changed = any(scale[name] != self.saved_scale[name] for name in SCALE_FIELDS)
        if (
            changed
            and not self.preview_only
            and not cleaned.get("confirm_scale")
            and scaling.is_far_outside(item, ratio=ratio)
        ):
            self.needs_confirmation = True
            warning = scaling.preview(item).far_outside
            self.add_error(
                VALUE_FIELDS[scale_by],
                _(
                    "%(warning)s Sæt hak ved „Ja, omfanget er rigtigt“ og gem igen, "
                    "hvis du mener det."
                )
                % {"warning": warning},
            )

    def scale_preview(self):
        """What the typed scale comes to (``scaling.Preview``), or None while the form
        has errors. After ``is_valid()``; or, unbound, for the item as saved."""
        if self.is_bound and (not self.is_valid() or not hasattr(self, "cleaned_data")):
            return None
        return scaling.preview(self.instance)


def amount_on_adding(
    *, plan: Plan, initiative: Initiative, amount: str, confirmed: bool = False
) -> tuple[dict | None, list[str], bool]:
    """An amount typed beside "Tilføj" on the workbench, checked as the item's own form
    checks it: the scale's amount a year (the first year's where the years differ), or,
    for an initiative with no amount in the catalogue, udvalgets eget beløb every year.

    Returns the fields to set on the new item (``changes.add_initiative``'s ``scale``),
    or None, the Danish errors, and whether a confirmation ("Ja, omfanget er rigtigt")
    would let it through.
    """
    item = PlanItem.for_initiative(
        initiative, plan=plan, start_year=plan.first_year, end_year=plan.last_year
    )
    field = (
        "own_first_year_amount" if item.agreed_financing_kind == Kind.NOT_STATED else "scale_amount"
    )
    data = {"start_year": item.start_year, "end_year": item.end_year, field: amount}
    if confirmed:
        data["confirm_scale"] = "on"
    form = PlanItemForm(data, instance=item)
    if field not in form.fields:
        return None, [str(_("Indsatsen har intet beløb at skalere. Tilføj den uden beløb."))], False
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return None, errors, form.needs_confirmation
    names = [*SCALE_FIELDS, *form.own_amount_field_names]
    return {name: getattr(form.instance, name) for name in names}, [], False
