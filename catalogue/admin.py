"""Django admin for the forvaltning: the civil servants who maintain the catalogue.

Every model keeps its history (django-simple-history), shown under "Historik"; an
earlier version can be restored from there (common.history).
Amount fields accept money typed the Danish way ("4.400.000", "4,4 mio."); the model's
constraints give the Danish message for contradictions such as a later-year cost
on a one-off.

A catalogue goes out to a workbook and comes in from one (catalogue.workbook,
catalogue.imports): the catalogue's page has "Hent som regneark", "Indlæs ændringer fra
regneark" and "Start et nyt katalog som kopi"; the list of catalogues has the blank
template and "Indlæs et nyt katalog fra regneark"; the catalogue's history lists its
imports, each with "Fortryd indlæsningen".
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from common.history import RestoringHistoryAdmin
from common.spreadsheet import XLSX, download

from . import imports
from .forms import KronerField
from .models import Catalogue, CatalogueImport, FocusArea, Goal, Initiative
from .money import format_kroner
from .workbook import MAX_FILE_BYTES, WorkbookRefused, catalogue_workbook
from .workbook_download import workbook_filename

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


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Regneark (.xlsx)"),
        help_text=_("I skabelonens opbygning; se arket Vejledning."),
    )
    catalogue = forms.ModelChoiceField(
        label=_("Indlæs som"),
        queryset=Catalogue.objects.all(),
        required=False,
        empty_label=_("Et nyt katalog"),
        help_text=_("Et nyt katalog, eller ændringer til et eksisterende katalog."),
    )

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if workbook.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor: højst %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
            )
        return workbook


class CopyForm(forms.ModelForm):
    """The new catalogue's own fields; the model's constraints check the period and
    that the title is free."""

    class Meta:
        model = Catalogue
        fields = ("title", "municipality", "first_year", "last_year", "introduction")


# What an administrator needs to change a catalogue through a workbook.
IMPORT_PERMISSIONS = [
    f"catalogue.{action}_{model}"
    for model in ("goal", "focusarea", "initiative")
    for action in ("add", "change", "delete")
] + ["catalogue.add_catalogue", "catalogue.change_catalogue"]
COPY_PERMISSIONS = [
    f"catalogue.add_{model}" for model in ("catalogue", "goal", "focusarea", "initiative")
]


@admin.register(Catalogue)
class CatalogueAdmin(RestoringHistoryAdmin):
    list_display = ("title", "municipality", "first_year", "last_year")
    search_fields = ("title", "municipality")
    inlines = [GoalInline]
    change_form_template = "admin/catalogue/catalogue/change_form.html"
    change_list_template = "admin/catalogue/catalogue/change_list.html"
    object_history_template = "admin/catalogue/catalogue/object_history.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("regneark/skabelon/", view(self.template_view), name="catalogue_template"),
            path("regneark/indlaes/", view(self.upload_view), name="catalogue_upload"),
            path(
                "regneark/indlaesning/<int:import_id>/",
                view(self.preview_view),
                name="catalogue_import_preview",
            ),
            path(
                "regneark/indlaesning/<int:import_id>/fortryd/",
                view(self.undo_view),
                name="catalogue_import_undo",
            ),
            path("<path:object_id>/regneark/", view(self.export_view), name="catalogue_export"),
            path("<path:object_id>/kopi/", view(self.copy_view), name="catalogue_copy"),
            *super().get_urls(),
        ]

    def _page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/catalogue/catalogue/{template}",
            {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context},
        )

    @staticmethod
    def _require(request, permissions):
        if not request.user.has_perms(permissions):
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        applied = CatalogueImport.objects.filter(
            catalogue_id=object_id if str(object_id).isdigit() else None,
            applied_at__isnull=False,
        ).select_related("uploaded_by", "undone_by")
        extra_context = {**(extra_context or {}), "imports": applied}
        return super().history_view(request, object_id, extra_context)

    @method_decorator(require_http_methods(["GET", "HEAD"]))
    def export_view(self, request, object_id):
        catalogue = self.get_object(request, object_id)
        if catalogue is None or not self.has_view_permission(request, catalogue):
            raise PermissionDenied
        return download(
            catalogue_workbook(catalogue), filename=workbook_filename(catalogue), content_type=XLSX
        )

    @method_decorator(require_http_methods(["GET", "HEAD"]))
    def template_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return download(
            catalogue_workbook(), filename=gettext("katalog-skabelon.xlsx"), content_type=XLSX
        )

    @method_decorator(require_http_methods(["GET", "POST"]))
    def upload_view(self, request):
        self._require(request, IMPORT_PERMISSIONS)
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["workbook"]
                try:
                    _plan, record = imports.preview_upload(
                        content=upload.read(MAX_FILE_BYTES + 1),
                        filename=upload.name,
                        catalogue=form.cleaned_data["catalogue"],
                        user=request.user,
                    )
                except WorkbookRefused as refusal:
                    form.add_error("workbook", str(refusal))
                else:
                    return HttpResponseRedirect(
                        reverse("admin:catalogue_import_preview", args=[record.pk])
                    )
        else:
            chosen = request.GET.get("katalog", "")
            form = UploadForm(initial={"catalogue": chosen if chosen.isdigit() else None})
        return self._page(
            request, "import_upload.html", gettext("Indlæs et katalog fra regneark"), form=form
        )

    @method_decorator(require_http_methods(["GET", "POST"]))
    def preview_view(self, request, import_id):
        """The preview of the user's own upload, and its confirmation."""
        self._require(request, IMPORT_PERMISSIONS)
        record = get_object_or_404(
            CatalogueImport.objects.select_related("catalogue"),
            pk=import_id,
            uploaded_by=request.user,
            applied_at__isnull=True,
        )
        refusals = []
        if request.method == "POST":
            try:
                plan = imports.apply_import(
                    record=record, user=request.user, digest=request.POST.get("digest", "")
                )
            except imports.PreviewOutdated as outdated:
                plan = outdated.plan
                messages.warning(
                    request,
                    gettext(
                        "Kataloget er ændret, siden forhåndsvisningen blev vist. Se de nye "
                        "ændringer, og bekræft igen."
                    ),
                )
            except imports.ImportRefused as refusal:
                refusals = refusal.messages
                plan = None
            else:
                record.refresh_from_db()
                messages.success(
                    request,
                    gettext("Regnearket er indlæst i %(catalogue)s: %(summary)s.")
                    % {"catalogue": record.catalogue, "summary": plan.summary},
                )
                return HttpResponseRedirect(
                    reverse("admin:catalogue_catalogue_change", args=[record.catalogue_id])
                )
        else:
            plan = None
        if plan is None:
            try:
                plan = imports.preview_record(record)
            except imports.ImportRefused as refusal:
                refusals += refusal.messages
        return self._page(
            request,
            "import_preview.html",
            gettext("Forhåndsvisning af indlæsningen"),
            record=record,
            plan=plan,
            refusals=refusals,
        )

    @method_decorator(require_http_methods(["GET", "POST"]))
    def undo_view(self, request, import_id):
        self._require(request, IMPORT_PERMISSIONS)
        record = get_object_or_404(
            CatalogueImport.objects.select_related("catalogue", "uploaded_by"),
            pk=import_id,
            applied_at__isnull=False,
        )
        refusals = []
        if request.method == "POST" and record.undone_at is None:
            try:
                imports.undo_import(record=record, user=request.user)
            except imports.ImportRefused as refusal:
                refusals = refusal.messages
            else:
                messages.success(
                    request,
                    gettext("Indlæsningen af %(filename)s er fortrudt.")
                    % {"filename": record.filename},
                )
                if record.makes_new_catalogue:
                    return HttpResponseRedirect(reverse("admin:catalogue_catalogue_changelist"))
                return HttpResponseRedirect(
                    reverse("admin:catalogue_catalogue_history", args=[record.catalogue_id])
                )
        return self._page(
            request,
            "import_undo.html",
            gettext("Fortryd indlæsningen"),
            record=record,
            refusals=refusals,
        )

    @method_decorator(require_http_methods(["GET", "POST"]))
    def copy_view(self, request, object_id):
        self._require(request, COPY_PERMISSIONS)
        source = self.get_object(request, object_id)
        if source is None:
            raise PermissionDenied
        if request.method == "POST":
            form = CopyForm(request.POST)
            if form.is_valid():
                catalogue = imports.copy_catalogue(
                    source=source, user=request.user, **form.cleaned_data
                )
                messages.success(
                    request,
                    gettext("%(catalogue)s er oprettet som kopi af %(source)s. Ret det til her.")
                    % {"catalogue": catalogue, "source": source},
                )
                return HttpResponseRedirect(
                    reverse("admin:catalogue_catalogue_change", args=[catalogue.pk])
                )
        else:
            length = source.last_year - source.first_year
            form = CopyForm(
                initial={
                    "title": source.title,
                    "municipality": source.municipality,
                    "first_year": source.last_year + 1,
                    "last_year": source.last_year + 1 + length,
                    "introduction": source.introduction,
                }
            )
        return self._page(
            request,
            "copy_form.html",
            gettext("Start et nyt katalog som kopi"),
            form=form,
            source=source,
        )


@admin.register(CatalogueImport)
class CatalogueImportAdmin(admin.ModelAdmin):
    """The imports, for the record; each is undone from its catalogue's history."""

    list_display = (
        "__str__",
        "catalogue_label",
        "uploaded_by",
        "applied_at",
        "summary",
        "undone_at",
    )
    list_filter = ("catalogue",)
    list_select_related = ("uploaded_by",)
    fields = (
        "catalogue",
        "catalogue_label",
        "filename",
        "makes_new_catalogue",
        "summary",
        "uploaded_by",
        "uploaded_at",
        "applied_at",
        "change_reason",
        "undone_at",
        "undone_by",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(applied_at__isnull=False)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
