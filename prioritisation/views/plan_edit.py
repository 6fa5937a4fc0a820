from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prioritisation.changes import save_plan
from prioritisation.forms import PlanForm, edited_fields

from ._helpers import get_plan_for_editing, member_required, refused_writes_shown, safe_next


@member_required
@refused_writes_shown
def plan_edit(request, pk):
    """Rename, describe, change the period, the ceiling and the earmarks. ``next`` (a
    path on this site, such as the workbench's): where a save and "Fortryd" lead."""
    plan = get_plan_for_editing(request, pk)
    back = safe_next(request, plan.get_absolute_url())
    catalogue = plan.catalogue
    form = PlanForm(request.POST or None, instance=plan, goals=catalogue.goals.order_by("number"))
    if request.method == "POST" and form.is_valid():
        moved = save_plan(
            form.save(commit=False),
            fields=edited_fields(form),
            allocations=form.allocations,
            expected_version=form.cleaned_data.get("version"),
        )
        messages.success(request, _("Ændringerne i „%(name)s“ er gemt.") % {"name": plan.name})
        if moved:
            messages.warning(
                request,
                ngettext(
                    "Årene for %(count)d indsats er flyttet ind i den nye periode: %(titles)s.",
                    "Årene for %(count)d indsatser er flyttet ind i den nye periode: %(titles)s.",
                    len(moved),
                )
                % {"count": len(moved), "titles": ", ".join(str(item) for item in moved)},
            )
        return redirect(back)
    return render(
        request,
        "prioritisation/plan_form.html",
        {"form": form, "catalogue": catalogue, "plan": plan, "back": back},
    )
