import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .forms import KronerField
from .models import FocusArea, Goal, Initiative
from .search import search_initiatives

MAX_VALUE_LENGTH = 200  # a search or filter value; longer ones are not read


def kept_filters(get: QueryDict, names) -> tuple[dict[str, str], list[str]]:
    """The non-empty values of the filters ``names`` in a query string, and a Danish
    notice for each value too long to read. The filters' own form checks the rest."""
    kept, notices = {}, []
    for name in names:
        value = get.get(name, "")
        if len(value) > MAX_VALUE_LENGTH:
            notices.append(_("Et filter var for langt (højst 200 tegn) og er ikke brugt."))
        elif value.strip():
            kept[name] = value
    return kept, notices


class KronerFilter(django_filters.NumberFilter):
    field_class = KronerField


class InitiativeFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("cost_min"), data.get("cost_max")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("Beløbet 'fra' må ikke være større end beløbet 'til'."))
        return data


class InitiativeFilter(django_filters.FilterSet):
    """The table's filters. Every value lives in the query string, so a view can be
    bookmarked and shared; an invalid value gives a message and an empty table."""

    q = django_filters.CharFilter(
        label=_("Søg i titel og tekster"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    goal = django_filters.ModelChoiceFilter(
        field_name="focus_area__goal",
        label=_("Pejlemærke"),
        queryset=Goal.objects.none(),
        empty_label=_("Alle pejlemærker"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Fokusområde"),
        queryset=FocusArea.objects.none(),
        empty_label=_("Alle fokusområder"),
    )
    starred = django_filters.ChoiceFilter(
        label=_("Stjernemarkering"),
        choices=[("ja", _("Kun stjernemarkerede")), ("nej", _("Kun uden stjerne"))],
        method="filter_starred",
        empty_label=_("Alle"),
    )
    novelty = django_filters.ChoiceFilter(
        label=_("Ny eller videreført"),
        choices=Initiative.Novelty.choices,
        empty_label=_("Alle"),
    )
    financing_kind = django_filters.ChoiceFilter(
        label=_("Finansieringsform"),
        choices=Initiative.FinancingKind.choices,
        empty_label=_("Alle"),
    )
    cost_min = KronerFilter(
        field_name="first_year_amount", lookup_expr="gte", label=_("Første år, fra (kr.)")
    )
    cost_max = KronerFilter(
        field_name="first_year_amount", lookup_expr="lte", label=_("Første år, til (kr.)")
    )

    class Meta:
        model = Initiative
        fields = []
        form = InitiativeFilterForm

    def __init__(self, *args, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["goal"].queryset = catalogue.goals.order_by("number")
        self.filters["focus_area"].queryset = FocusArea.objects.filter(
            goal__catalogue=catalogue
        ).order_by("number")

    def filter_starred(self, queryset, name, value):
        return queryset.filter(starred=(value == "ja"))

    def filter_text(self, queryset, name, value):
        return search_initiatives(queryset, value)
