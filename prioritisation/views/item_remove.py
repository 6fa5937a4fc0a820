from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritisation.changes import remove_item

from ._helpers import (
    from_workbench,
    get_plan_for_editing,
    member_required,
    refused_writes_shown,
    safe_next,
)
from .item_add import controls_partial
from .plan_workbench import budget_before, change_of, workbench_update


@member_required
@require_POST
@refused_writes_shown
def item_remove(request, pk, item_pk):
    """Remove an initiative from a plan in one click, from the plan page, the catalogue
    or the workbench (which, with htmx, gets its totals and list back)."""
    plan = get_plan_for_editing(request, pk)
    item = get_object_or_404(plan.items.select_related("initiative__focus_area"), pk=item_pk)
    initiative = item.initiative
    before = budget_before(item, plan)
    remove_item(item)
    text = _("„%(initiative)s“ er fjernet fra „%(plan)s“.") % {
        "initiative": initiative,
        "plan": plan.name,
    }
    if request.htmx and from_workbench(request):
        change = change_of(
            item, message=text, request=request, before=before, removed_pk=int(item_pk)
        )
        return workbench_update(request, plan, change=change)
    if request.htmx:
        return controls_partial(request, initiative=initiative, plan=plan, confirmation=text)
    messages.success(request, text)
    return redirect(safe_next(request, plan.get_absolute_url()))
