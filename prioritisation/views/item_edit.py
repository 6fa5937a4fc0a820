from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prioritisation.changes import save_item
from prioritisation.forms import PlanItemForm, edited_fields

from ._helpers import get_plan_for_editing, member_required, refused_writes_shown
from .plan_detail import item_form_prefix, render_plan_page


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
@refused_writes_shown
def item_edit(request, pk, item_pk):
    """One item's years, scale and note.

    GET: the form, on a page of its own, or only the form for htmx to put in the plan
    page's row (the plan page does not render fifty forms nobody opened). POST: save;
    on bad input the plan page with the errors at the item, and nothing saved.
    """
    plan = get_plan_for_editing(request, pk)
    item = get_object_or_404(plan.items.select_related("initiative"), pk=item_pk)
    if request.method != "POST":
        form = PlanItemForm(instance=item, prefix=item_form_prefix(item))
        context = {"plan": plan, "item": item, "form": form, "catalogue": plan.catalogue}
        if request.htmx:
            return render(request, "prioritisation/_item_form.html", context)
        return render(request, "prioritisation/item_edit.html", context)
    form = PlanItemForm(request.POST, instance=item, prefix=item_form_prefix(item))
    if form.is_valid():
        save_item(
            form.save(commit=False),
            fields=edited_fields(form),
            expected_version=form.cleaned_data.get("version"),
        )
        messages.success(
            request,
            _("Ændringerne af „%(initiative)s“ er gemt.") % {"initiative": item.initiative},
        )
        return redirect(f"{plan.get_absolute_url()}#indsats-{item.pk}")
    return render_plan_page(request, plan, bound_form=form)
