from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritisation.changes import save_item
from prioritisation.forms import PlanItemForm

from ._helpers import get_plan_for_editing, member_required, refused_writes_shown
from .plan_detail import TEMPLATE, item_form_prefix, plan_page_context


@member_required
@require_POST
@refused_writes_shown
def item_edit(request, pk, item_pk):
    """Save one item's years, scale and note; on bad input show the plan page with the
    errors at the item and nothing saved."""
    plan = get_plan_for_editing(request, pk)
    item = get_object_or_404(plan.items.select_related("initiative"), pk=item_pk)
    form = PlanItemForm(request.POST, instance=item, prefix=item_form_prefix(item))
    if form.is_valid():
        save_item(form.save(commit=False), expected_version=form.cleaned_data.get("version"))
        messages.success(
            request,
            _("Ændringerne af „%(initiative)s“ er gemt.") % {"initiative": item.initiative},
        )
        return redirect(f"{plan.get_absolute_url()}#indsats-{item.pk}")
    return render(request, TEMPLATE, plan_page_context(plan, user=request.user, bound_form=form))
