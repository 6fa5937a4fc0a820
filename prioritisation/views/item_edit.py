from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prioritisation.changes import save_item
from prioritisation.forms import PlanItemForm, edited_fields

from ._helpers import (
    from_workbench,
    get_plan_for_editing,
    member_required,
    refused_writes_shown,
    safe_next,
)
from .plan_detail import item_form_prefix, render_plan_page
from .plan_workbench import (
    budget_before,
    change_of,
    posted_filters,
    render_workbench,
    workbench_update,
    workbench_url,
)

# A POST with this name only shows what the typed scale comes to; nothing is saved.
PREVIEW = "preview"


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
@refused_writes_shown
def item_edit(request, pk, item_pk):
    """One item's years, scale, udvalgets eget beløb and note.

    GET: the form, on a page of its own, or only the form for htmx to put in the plan
    page's row (the plan page does not render fifty forms nobody opened). POST with
    "preview": what the typed scale comes to, saving nothing (htmx asks for it as the
    member types, and gets only the preview; without JavaScript the "Vis virkning"
    button shows the form page with it). POST: save; on bad input the plan page with
    the errors at the item, and nothing saved.

    From the workbench (``from=workbench``, and ``next``, its address): the form posts
    back there, and with htmx a save or a failed one answers with the workbench's
    totals and list; without JavaScript a save redirects to the workbench.
    """
    plan = get_plan_for_editing(request, pk)
    item = get_object_or_404(plan.items.select_related("initiative__focus_area"), pk=item_pk)
    before = budget_before(item, plan)  # before the form changes the instance
    prefix = item_form_prefix(item)
    context = {"plan": plan, "item": item, "catalogue": plan.catalogue}
    workbench = from_workbench(request)
    if workbench:
        context["workbench_next"] = safe_next(request, workbench_url(plan))
    if request.method != "POST":
        form = PlanItemForm(instance=item, prefix=prefix)
        context |= {"form": form, "preview": form.scale_preview()}
        if request.htmx and workbench:
            form.focus_scale()  # opened from the workbench: the amount is what is typed
        if request.htmx:
            return render(request, "prioritisation/_item_form.html", context)
        return render(request, "prioritisation/item_edit.html", context)

    if PREVIEW in request.POST:
        form = PlanItemForm(request.POST, instance=item, prefix=prefix, preview=True)
        context |= {"form": form, "preview": form.scale_preview(), "previewed": True}
        if request.htmx:
            return render(request, "prioritisation/_item_scale_preview.html", context)
        return render(request, "prioritisation/item_edit.html", context)

    form = PlanItemForm(request.POST, instance=item, prefix=prefix)
    if form.is_valid():
        save_item(
            form.save(commit=False),
            fields=edited_fields(form),
            expected_version=form.cleaned_data.get("version"),
        )
        text = _("Ændringerne af „%(initiative)s“ er gemt.") % {"initiative": item.initiative}
        if workbench and request.htmx:
            change = change_of(item, message=text, request=request, before=before)
            return workbench_update(request, plan, change=change)
        messages.success(request, text)
        if workbench:
            return redirect(f"{context['workbench_next']}#wb-item-{item.pk}")
        return redirect(f"{plan.get_absolute_url()}#indsats-{item.pk}")
    if workbench and request.htmx:
        return workbench_update(request, plan, bound_form=form)
    if workbench:
        return render_workbench(request, plan, query=posted_filters(request, plan), bound_form=form)
    return render_plan_page(request, plan, bound_form=form)
