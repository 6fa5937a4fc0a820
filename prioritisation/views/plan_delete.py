from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prioritisation.changes import delete_plan

from ._helpers import get_plan_for_editing, member_required, refused_writes_shown


@member_required
@refused_writes_shown
def plan_delete(request, pk):
    """Ask first; then move the plan to "Slettede handleplaner", where it can be restored.

    An adopted plan is never deleted: the page says so instead of asking.
    """
    plan = get_plan_for_editing(request, pk)
    if request.method == "POST":
        delete_plan(plan)
        messages.success(
            request,
            _("„%(name)s“ er slettet. Du kan gendanne den under Slettede handleplaner.")
            % {"name": plan.name},
        )
        return redirect("prioritisation:plan_list")
    return render(
        request,
        "prioritisation/plan_confirm_delete.html",
        {"plan": plan, "catalogue": plan.catalogue},
    )
