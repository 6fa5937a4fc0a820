"""The whole catalogue as a workbook in the import layout, linked from the catalogue
table (catalogue.workbook; the admin has the same download). The catalogue is public,
as its pages are, source notes included."""

from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from common.spreadsheet import XLSX, download

from .models import Catalogue
from .workbook import catalogue_workbook


def workbook_filename(catalogue: Catalogue) -> str:
    municipality = slugify(catalogue.municipality, allow_unicode=True)
    return f"katalog-{municipality}-{catalogue.first_year}-{catalogue.last_year}.xlsx"


@require_safe
def catalogue_workbook_view(request, pk):
    """The catalogue, its goals, focus areas and initiatives, each read once."""
    catalogue = get_object_or_404(Catalogue, pk=pk)
    return download(
        catalogue_workbook(catalogue), filename=workbook_filename(catalogue), content_type=XLSX
    )
