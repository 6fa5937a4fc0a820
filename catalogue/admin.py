"""Django admin for the forvaltning: the civil servants who maintain the catalogue.

Every model keeps its history (django-simple-history), shown under "Historik"; an
earlier version can be restored from there (common.history).
Amount fields accept money typed the Danish way ("4.400.000", "4,4 mio."); the model's
constraints give the Danish message for contradictions such as a later-year cost
on a one-off.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.history import RestoringHistoryAdmin

from .forms import KronerField
from .models import Catalogue, FocusArea, Goal, Initiative
from .money import format_kroner

AMOUNT_FIELDS = (
    "first_year_amount",
    "later_year_amount",
    "success_payment_amount",
    "larger_variant_amount",
)


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = "__all__"  # noqa: DJ007 - admin shows every field, grouped by the fieldsets
        # Accept and show "4.400.000" and "4,4 mio." the Danish way: a text input, since
        # a browser's number input (admin's default for integers) refuses them.
        field_classes = dict.fromkeys(AMOUNT_FIELDS, KronerField)
        widgets = dict.fromkeys(AMOUNT_FIELDS, KronerField.widget_for_text())


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ("number", "title")
    show_change_link = True


class FocusAreaInline(admin.StackedInline):
    model = FocusArea
    extra = 0
    fields = ("number", "title", "purpose")
    show_change_link = True


class InitiativeInline(admin.TabularInline):
    model = Initiative
    form = InitiativeForm
    extra = 0
    fields = ("position", "title", "starred", "financing_kind", "first_year_amount")
    readonly_fields = ("financing_kind", "first_year_amount")
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # A new initiative needs its texts and financing: add it on its own page.
        return False


@admin.register(Catalogue)
class CatalogueAdmin(RestoringHistoryAdmin):
    list_display = ("title", "municipality", "first_year", "last_year")
    search_fields = ("title", "municipality")
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(RestoringHistoryAdmin):
    list_display = ("number", "title", "catalogue")
    list_display_links = ("title",)
    list_filter = ("catalogue",)
    search_fields = ("title",)
    list_select_related = ("catalogue",)
    inlines = [FocusAreaInline]


@admin.register(FocusArea)
class FocusAreaAdmin(RestoringHistoryAdmin):
    list_display = ("number", "title", "goal")
    list_display_links = ("title",)
    list_filter = ("goal__catalogue", "goal")
    search_fields = ("title", "purpose")
    list_select_related = ("goal__catalogue",)
    inlines = [InitiativeInline]


@admin.register(Initiative)
class InitiativeAdmin(RestoringHistoryAdmin):
    form = InitiativeForm
    list_display = (
        "title",
        "focus_area",
        "starred",
        "novelty",
        "financing_kind",
        "first_year",
        "later_years",
    )
    list_filter = (
        "focus_area__goal__catalogue",
        "focus_area__goal",
        "focus_area",
        "starred",
        "novelty",
        "financing_kind",
    )
    search_fields = ("title", "description", "inspiration", "effect", "target_group_text")
    list_select_related = ("focus_area__goal__catalogue",)
    ordering = ("focus_area__goal__catalogue", "focus_area__number", "position")
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("focus_area", "position", "title", "starred", "novelty")}),
        (_("Tekster"), {"fields": ("description", "inspiration", "effect")}),
        (
            _("Målgruppe"),
            {
                "fields": (
                    "target_group_text",
                    ("target_quantity", "target_quantity_max"),
                    "target_unit",
                    "target_is_minimum",
                )
            },
        ),
        (
            _("Finansieringsbehov (kr. pr. år)"),
            {
                "fields": (
                    "financing_kind",
                    ("first_year_amount", "later_year_amount"),
                    "unit_name",
                    ("success_payment_amount", "success_condition"),
                    ("larger_variant_amount", "larger_variant_label"),
                    "financing_text",
                )
            },
        ),
        (_("Kilde"), {"fields": ("source_note",)}),
    )

    @admin.display(description=_("første år"), ordering="first_year_amount")
    def first_year(self, obj):
        if obj.financing_kind == Initiative.FinancingKind.PAY_FOR_SUCCESS:
            return _("%(amount)s ved resultat") % {
                "amount": format_kroner(obj.success_payment_amount)
            }
        return format_kroner(obj.first_year_amount)

    @admin.display(description=_("efterfølgende år"), ordering="later_year_amount")
    def later_years(self, obj):
        if obj.financing_kind in (
            Initiative.FinancingKind.ONE_OFF,
            Initiative.FinancingKind.PAY_FOR_SUCCESS,
        ):
            return "–"
        return format_kroner(obj.later_year_amount)
