"""Plans in Django admin: the administrators see every member's plans, with history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from handleplan.viewers import forget_viewer

from .changes import record_change
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


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ("initiative", "start_year", "end_year", "quantity", "units", "use_larger_variant")
    raw_id_fields = ("initiative",)
    show_change_link = True


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    fields = ("year", "goal", "amount")


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "owner",
        "catalogue",
        "first_year",
        "last_year",
        "updated",
        "deleted_at",
    )
    list_filter = (DeletedFilter, "catalogue", "owner")
    search_fields = ("name", "description", "owner__username", "owner__first_name")
    list_select_related = ("owner", "catalogue")
    readonly_fields = ("created", "updated", "version")
    inlines = [AllocationInline, PlanItemInline]

    def save_model(self, request, obj, form, change):
        # The plan may move to another owner: both owners' catalogue pages change.
        old_owner_id = Plan.objects.filter(pk=obj.pk).values_list("owner_id", flat=True).first()
        super().save_model(request, obj, form, change)
        if change:
            # A change in admin (its inlines are saved next, in the same transaction), or
            # a restore from its history, is a change like any other: count it in the
            # version, which also names the plan page in the shared cache.
            record_change(obj)
        else:
            forget_viewer(obj.owner_id)  # a new plan on the owner's catalogue pages
        if old_owner_id not in (None, obj.owner_id):
            forget_viewer(old_owner_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_viewer(obj.owner_id)

    def delete_queryset(self, request, queryset):
        owner_ids = set(queryset.values_list("owner_id", flat=True))
        super().delete_queryset(request, queryset)
        for owner_id in owner_ids:
            forget_viewer(owner_id)


class _PartOfPlanAdmin(SimpleHistoryAdmin):
    """A part of a plan (an item, a ceiling or earmark) changed on its own page, or
    restored from its history: a change to the plan like any other, counted in its
    version, which also names the plan page in the shared cache."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_change(obj.plan)

    def delete_model(self, request, obj):
        plan = obj.plan
        super().delete_model(request, obj)
        record_change(plan)

    def delete_queryset(self, request, queryset):
        plans = {part.plan for part in queryset.select_related("plan")}
        super().delete_queryset(request, queryset)
        for plan in plans:
            record_change(plan)


@admin.register(PlanItem)
class PlanItemAdmin(_PartOfPlanAdmin):
    list_display = ("initiative", "plan", "start_year", "end_year", "quantity", "units")
    list_filter = ("plan__catalogue", "initiative__focus_area__goal")
    search_fields = ("initiative__title", "plan__name")
    list_select_related = ("initiative", "plan")
    raw_id_fields = ("plan", "initiative")


@admin.register(Allocation)
class AllocationAdmin(_PartOfPlanAdmin):
    list_display = ("plan", "year", "goal", "amount")
    list_filter = ("plan__catalogue", "year", "goal__number")
    search_fields = ("plan__name",)
    list_select_related = ("plan", "goal")
    raw_id_fields = ("plan",)
