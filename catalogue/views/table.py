from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from catalogue.exports import initiatives_csv, initiatives_xlsx
from catalogue.filters import InitiativeFilter, kept_filters
from catalogue.models import Catalogue, Initiative
from catalogue.slots import PLAN_CHOICE
from catalogue.tables import InitiativeTable
from catalogue.views.overview import LONG_TEXTS
from common.pagecache import cached_html
from common.spreadsheet import CSV, XLSX, download

EXPORTS = {"xlsx": XLSX, "csv": CSV}
PAGE_SIZES = (25, 50, 100)
MAX_PAGE_DIGITS = 6


def clean_query(get: QueryDict) -> tuple[QueryDict, list[str]]:
    """The table's query string reduced to what the page reads, each value checked, and
    a Danish notice for each value that was dropped.

    Only the filters, the sort, the page, the page size and the export are kept (one
    value each, empty ones left out), so a URL with anything else shows, and is kept in
    the cache as, the same page. Filter values are checked by the filters' own form,
    which says what is wrong; the rest here.
    """
    clean = QueryDict(mutable=True)
    kept, notices = kept_filters(get, InitiativeFilter.base_filters)
    clean.update(kept)
    sort = get.get("sort", "")
    if sort:
        column = InitiativeTable.base_columns.get(sort.removeprefix("-"))
        if column is not None and column.orderable is not False:
            clean["sort"] = sort
        else:
            notices.append(_("Tabellen kan ikke sorteres sådan; den vises i sin egen rækkefølge."))
    per_page = get.get("per_page", "")
    if per_page:
        if per_page in {str(size) for size in PAGE_SIZES}:
            clean["per_page"] = per_page
        else:
            notices.append(_("Vælg 25, 50 eller 100 indsatser pr. side; der vises 25."))
    page = get.get("page", "")
    if page:
        if page.isascii() and page.isdigit() and len(page) <= MAX_PAGE_DIGITS and int(page) > 0:
            clean["page"] = page
        else:
            notices.append(_("Siden findes ikke; den første side vises."))
    if get.get("export") in EXPORTS:
        clean["export"] = get["export"]
    clean._mutable = False
    return clean, notices


class InitiativeTableView(SingleTableMixin, FilterView):
    """All initiatives of a catalogue: filter, search, sort, page, export.

    The page's content (filters, totals, table) is the same for everyone who asks for
    the same filters, so it is kept in the shared cache under the catalogue's content
    version and the cleaned query; the template fills in each reader's plan controls.
    An export is made afresh.
    """

    table_class = InitiativeTable
    filterset_class = InitiativeFilter
    template_name = "catalogue/_table_content.html"  # the kept part; the page wraps it
    page_template_name = "catalogue/table.html"

    def dispatch(self, request, *args, **kwargs):
        self.catalogue = get_object_or_404(Catalogue, pk=kwargs["pk"])
        self.plan_choice = request.GET.get(PLAN_CHOICE, "")  # for the plan controls
        request.GET, self.notices = clean_query(request.GET)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if "export" in request.GET:
            return super().get(request, *args, **kwargs)
        catalogue = self.catalogue
        content = cached_html(
            ("table", catalogue.pk, catalogue.content_version, request.GET.urlencode()),
            lambda: super(InitiativeTableView, self).get(request).rendered_content,
        )
        context = {
            "catalogue": catalogue,
            "catalogue_html": content,
            "notices": self.notices,
            PLAN_CHOICE: self.plan_choice,
        }
        return TemplateResponse(request, self.page_template_name, context)

    def get_queryset(self):
        # Rows and exports show no long texts: leave them (and the joined focus area's
        # and catalogue's) in the database.
        return (
            Initiative.objects.in_catalogue(self.catalogue)
            .with_structure()
            .defer(
                *LONG_TEXTS,
                "focus_area__purpose",
                "focus_area__goal__catalogue__introduction",
            )
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["catalogue"] = self.catalogue
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["catalogue"] = self.catalogue
        context["totals"] = self.object_list.totals()
        return context

    def render_to_response(self, context, **response_kwargs):
        export = self.request.GET.get("export")
        if export not in EXPORTS:
            return super().render_to_response(context, **response_kwargs)
        # The whole filtered set, in the table's current order.
        initiatives = context["table"].data.data
        totals = context["totals"]
        if export == "xlsx":
            content = initiatives_xlsx(initiatives, totals, title=self.catalogue.title)
        else:
            content = initiatives_csv(initiatives, totals)
        municipality = slugify(self.catalogue.municipality, allow_unicode=True)
        filename = f"indsatser-{municipality}-{timezone.localdate():%Y-%m-%d}.{export}"
        return download(content, filename=filename, content_type=EXPORTS[export])
