"""Plans in Django admin: the administrators see every member's plans, with history.

The admin corrects what members cannot: a name, a period, an item's years or scale, a
ceiling. What the app's rules decide is read-only here: status, sharing, adoption and
deletion go through the plan's own pages (prioritisation/changes.py), and an adopted
plan, its items and its ceilings and earmarks cannot be changed at all (see README,
"Correcting an adopted plan"). Every save counts in the plan's version by itself
(prioritisation/apps.py).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import PlanItemForm
from .models import Allocation, Plan, PlanItem


class DeletedFilter(admin.SimpleListFilter):
    title = _("slettet")
    parameter_name = "slettet"

    def lookups(self, request, model_admin):
        return [("nej", _("Aktive")), ("ja", _("Slettede"))]

    def queryset(self, request, queryset):
        if self.value() == "nej":
            return queryset.active()
        if self.value() == "ja":
            return queryset.deleted()
        return queryset


FROZEN = _("Handleplanen er vedtaget og kan ikke ændres.")


def _is_frozen(plan) -> bool:
    return plan is not None and plan.is_adopted


class PartOfPlanForm(forms.ModelForm):
    """An item or a ceiling or earmark: refused for an adopted plan."""

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan") or getattr(self.instance, "plan", None)
        if _is_frozen(plan):
            raise forms.ValidationError(FROZEN)
        return cleaned


class PartOfPlanAdmin(SimpleHistoryAdmin):
    """An item or a ceiling or earmark on its own page: read-only in an adopted plan."""

    form = PartOfPlanForm

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _is_frozen(obj and obj.plan)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _is_frozen(obj and obj.plan)


class FrozenWithPlanInline(admin.TabularInline):
    """An inline that cannot add, change or delete in an adopted plan."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _is_frozen(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _is_frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _is_frozen(obj)


class PlanItemInline(FrozenWithPlanInline):
    model = PlanItem
    # The fields a member edits on the plan page, from the one list in PlanItemForm.
    fields = ("initiative", *PlanItemForm.Meta.fields)
    raw_id_fields = ("initiative",)
    show_change_link = True


class AllocationInline(FrozenWithPlanInline):
    model = Allocation
    fields = ("year", "goal", "amount")


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "owner",
        "catalogue",
        "status",
        "first_year",
        "last_year",
        "updated",
        "deleted_at",
    )
    list_filter = (DeletedFilter, "status", "catalogue", "owner")
    search_fields = ("name", "description", "owner__username", "owner__first_name")
    list_select_related = ("owner", "catalogue")
    readonly_fields = (
        "status",
        "shared_at",
        "adopted_at",
        "adopted_by",
        "deleted_at",
        "created",
        "updated",
        "version",
    )
    inlines = [AllocationInline, PlanItemInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _is_frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _is_frozen(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Only what the form edits: the version, the time of change and the read-only
        # fields stay as the database has them, even when a member changed them since
        # this page was opened.
        obj.save(update_fields=list(form.fields))

    def save_formset(self, request, form, formset, change):
        # An item added here counts the catalogue's figures of today, as in the app.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if isinstance(instance, PlanItem) and instance.pk is None:
                instance.agree_to_catalogue()
            instance.save()
        formset.save_m2m()


@admin.register(PlanItem)
class PlanItemAdmin(PartOfPlanAdmin):
    list_display = ("initiative", "plan", "start_year", "end_year", "quantity", "units")
    list_filter = ("plan__catalogue", "initiative__focus_area__goal")
    search_fields = ("initiative__title", "plan__name")
    list_select_related = ("initiative", "plan")
    raw_id_fields = ("plan", "initiative")

    def save_model(self, request, obj, form, change):
        if not change:  # counts the catalogue's figures of today, as in the app
            obj.agree_to_catalogue()
        super().save_model(request, obj, form, change)


@admin.register(Allocation)
class AllocationAdmin(PartOfPlanAdmin):
    list_display = ("plan", "year", "goal", "amount")
    list_filter = ("plan__catalogue", "year", "goal__number")
    search_fields = ("plan__name",)
    list_select_related = ("plan", "goal")
    raw_id_fields = ("plan",)
