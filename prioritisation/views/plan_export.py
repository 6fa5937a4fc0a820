from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.views.decorators.http import require_safe

from common.spreadsheet import XLSX, download
from prioritisation.export import export_filename, plan_xlsx

from ._helpers import get_plan_for_reading


@login_required
@require_safe
def plan_export(request, pk):
    """The plan as an Excel workbook, named after the plan and today's date.

    Whoever may read the plan may download it: its owner, and for a shared plan the
    whole committee.
    """
    plan = get_plan_for_reading(request, pk)
    today = timezone.localdate()
    return download(
        plan_xlsx(plan, today=today),
        filename=export_filename(plan, today=today),
        content_type=XLSX,
    )
