from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from catalogue.models import Initiative
from prioritisation.changes import PlanFrozen, add_initiative
from prioritisation.controls import plan_controls
from prioritisation.forms import amount_on_adding

from ._helpers import (
    FROZEN_MESSAGE,
    from_workbench,
    get_plan_for_user,
    member_required,
    safe_next,
)
from .plan_workbench import RefusedAdd, budget_before, change_of, workbench_update


def controls_partial(request, *, initiative, plan, confirmation):
    """The add/remove controls of one initiative, for htmx to swap in after a change to
    ``plan``: the plan the member works in."""
    return render(
        request,
        "prioritisation/_plan_controls.html",
        {
            "initiative": initiative,
            "plan_controls": plan_controls(request.user, catalogue=plan.catalogue, chosen=plan),
            "confirmation": confirmation,
            "return_to": safe_next(request, initiative.get_absolute_url()),
        },
    )


@member_required
@require_POST
def item_add(request):
    """Add an initiative to one of the member's plans in one click.

    The plan comes from the form's select (so it is not in the address); it is
    fetched with the owner in the query like everywhere else. Without JavaScript the
    view redirects back with a message; with htmx it returns the controls partial, or,
    from the workbench, the workbench's totals and list.

    From the workbench an ``amount`` may be typed beside the button: the initiative is
    added at that amount a year (for one with no amount in the catalogue: udvalgets eget
    beløb), checked as its form checks it; refused, nothing is added and the row says why.
    """
    plan = get_plan_for_user(request, request.POST.get("plan"))
    back = safe_next(request, plan.get_absolute_url())
    initiative = _initiative_in(plan, request.POST.get("initiative"))
    if initiative is None:
        messages.error(
            request,
            _("Indsatsen findes ikke i handleplanens katalog. Intet er ændret."),
        )
        return HttpResponseClientRedirect(back) if request.htmx else redirect(back)

    amount = request.POST.get("amount", "").strip()
    scale = None
    if amount:
        scale, errors, needs_confirmation = amount_on_adding(
            plan=plan,
            initiative=initiative,
            amount=amount,
            confirmed=bool(request.POST.get("confirm_scale")),
        )
        if scale is None:
            if request.htmx and from_workbench(request):
                refused = RefusedAdd(initiative.pk, amount, tuple(errors), needs_confirmation)
                return workbench_update(request, plan, refused=refused)
            messages.error(request, " ".join(errors))
            return HttpResponseClientRedirect(back) if request.htmx else redirect(back)
    try:
        item, created = add_initiative(plan, initiative, scale=scale)
    except PlanFrozen:
        messages.error(request, FROZEN_MESSAGE)
        return HttpResponseClientRedirect(back) if request.htmx else redirect(back)
    if created:
        text = _("„%(initiative)s“ er tilføjet til „%(plan)s“.")
    else:
        text = _("„%(initiative)s“ er allerede i „%(plan)s“.")
    text %= {"initiative": initiative, "plan": plan.name}
    if request.htmx and from_workbench(request):
        # Already there (a double click, a second tab): said where the button was, its
        # entry and row shown as the plan has it, nothing marked as moved.
        item.initiative = initiative
        before = None if created else budget_before(item, plan)
        change = change_of(item, message=text, request=request, before=before)
        return workbench_update(request, plan, change=change)
    if request.htmx:
        return controls_partial(request, initiative=initiative, plan=plan, confirmation=text)
    if created:
        messages.success(request, text)
    else:
        messages.info(request, text)
    return redirect(back)


def _initiative_in(plan, pk):
    """The initiative ``pk`` of the plan's catalogue; None if there is none such."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    # The focus area joined: the workbench marks the change under its pejlemærke.
    return (
        Initiative.objects.in_catalogue(plan.catalogue_id)
        .select_related("focus_area")
        .filter(pk=pk)
        .first()
    )
