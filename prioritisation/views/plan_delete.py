from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prioritisation.changes import delete_plan

from ._helpers import get_plan_for_user, member_required


@member_required
def plan_delete(request, pk):
    """Ask first; then move the plan to "Slettede handleplaner", where it can be restored."""
    plan = get_plan_for_user(request, pk)
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
