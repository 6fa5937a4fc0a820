"""The committee papers (bilag): a plan, or 2–4 plans side by side, as a PDF annex or a
Word document (prioritisation/papers/). Whoever may read the plans may download them:
the owner, and for a shared plan the whole committee."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.spreadsheet import download
from prioritisation.export import export_filename, file_name
from prioritisation.models import MAX_ID, Plan
from prioritisation.papers import pdf, word
from prioritisation.papers.content import comparison_paper, plan_paper_for

from ._helpers import get_plan_for_reading
from .plan_list import plans_with_budgets

MIN_PLANS, MAX_PLANS = 2, 4

# format in the URL → (write a paper, file extension, content type)
FORMATS = {
    "pdf": (pdf.paper_pdf, "pdf", pdf.PDF),
    "word": (word.paper_docx, "docx", word.DOCX),
}


@login_required
@require_safe
def plan_paper(request, pk, format):
    """The plan as an annex. Queries: the session and user, the plan (owner or shared
    in the query, joined to its catalogue and owner), its items, its allocations. Five,
    whatever the number of items."""
    write, extension, content_type = FORMATS[format]
    plan = get_plan_for_reading(request, pk)
    today = timezone.localdate()
    paper = plan_paper_for(plan, today=today)
    return download(
        write(paper),
        filename=export_filename(plan, today=today, extension=extension),
        content_type=content_type,
    )


@login_required
@require_safe
def compare_paper(request, format):
    """2–4 plans side by side as an annex: ``?plan=1&plan=2``, as the comparison page,
    whose link carries them. Queries: the session and user, and the three of
    ``plans_with_budgets`` (owner or shared in the query), whatever their size."""
    write, extension, content_type = FORMATS[format]
    back = "prioritisation:shared_plans" if request.GET.get("fra") == "udvalget" else None
    back = back or "prioritisation:plan_list"
    ids = _ids(request.GET.getlist("plan"))
    if ids is None or len(ids) < MIN_PLANS:
        messages.error(request, _("Vælg mindst to handleplaner at sammenligne."))
        return redirect(back)
    if len(ids) > MAX_PLANS:
        messages.error(request, _("Du kan sammenligne højst fire handleplaner ad gangen."))
        return redirect(back)
    findable = [pk for pk in ids if 0 < pk <= MAX_ID]
    readable = Plan.objects.active().readable_by(request.user).filter(pk__in=findable)
    rows = plans_with_budgets(readable)
    if len(rows) != len(ids):
        messages.error(
            request,
            _(
                "En eller flere af handleplanerne findes ikke eller er ikke delt med dig. "
                "Intet er sammenlignet."
            ),
        )
        return redirect(back)
    rows.sort(key=lambda row: ids.index(row[0].pk))  # in the order they were ticked
    today = timezone.localdate()
    paper = comparison_paper(rows, today=today)
    names = ", ".join(plan.name for plan, _budget in rows)
    return download(
        write(paper),
        filename=file_name(_("Sammenligning"), names, today=today, extension=extension),
        content_type=content_type,
    )


def _ids(values) -> list[int] | None:
    """Distinct plan ids in the order given; None if one is not a number."""
    try:
        numbers = [int(value) for value in values[:100]]
    except ValueError:
        return None
    return list(dict.fromkeys(numbers))
