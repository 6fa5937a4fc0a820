from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from catalogue.exports import initiatives_csv, initiatives_xlsx
from catalogue.filters import InitiativeFilter
from catalogue.fragments import cached_fragment, shared_page
from catalogue.models import Catalogue, Initiative
from catalogue.tables import InitiativeTable
from catalogue.views.overview import LONG_TEXTS
from common.spreadsheet import CSV, XLSX, download
from prioritisation.controls import plan_controls

EXPORTS = {"xlsx": XLSX, "csv": CSV}


@method_decorator(shared_page("table"), name="dispatch")
class InitiativeTableView(SingleTableMixin, FilterView):
    """All initiatives of a catalogue: filter, search, sort, page, export.

    The page's content (filters, totals, table) is the same for everyone who asks for
    the same URL, so it comes from the shared cache while the catalogue is unchanged
    (catalogue/fragments.py); only the user's plan controls are rendered per request.
    The whole page is shared too, while the user's plans are unchanged (shared_page).
    Queries when it is rendered: the catalogue and the cache rows (the catalogue version
    and the content); on a miss also the filter's goal and focus-area choices, the
    count, the page of initiatives (joined to focus area, goal and catalogue), the
    totals and the cache's write; a logged-in user adds the four of ``plan_controls``.
    An export runs the queries, never the cache.
    """

    table_class = InitiativeTable
    filterset_class = InitiativeFilter
    template_name = "catalogue/_table_content.html"  # the cached part; the page wraps it
    page_template_name = "catalogue/table.html"

    def dispatch(self, request, *args, **kwargs):
        self.catalogue = get_object_or_404(Catalogue, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in EXPORTS:
            return super().get(request, *args, **kwargs)
        content = cached_fragment(
            "table", request, lambda: super(InitiativeTableView, self).get(request).rendered_content
        )
        context = {
            "catalogue": self.catalogue,
            "catalogue_html": content,
            # "Tilføj til handleplan" per row: no query for a visitor, four otherwise.
            "plan_controls": plan_controls(request.user, catalogue=self.catalogue),
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
