from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from catalogue.models import Catalogue
from prioritisation.changes import create_plan
from prioritisation.forms import PlanForm
from prioritisation.models import Plan

from ._helpers import member_required


def _chosen_catalogue(request):
    """The catalogue in ?katalog=, or the only one there is; None when there is a choice."""
    wanted = request.GET.get("katalog")
    if wanted:
        try:
            return Catalogue.objects.get(pk=int(wanted))
        except (ValueError, Catalogue.DoesNotExist):
            raise Http404 from None
    catalogues = list(Catalogue.objects.all()[:2])
    if not catalogues:
        raise Http404(_("Der er ingen kataloger endnu."))
    return catalogues[0] if len(catalogues) == 1 else None


@member_required
def plan_create(request):
    """A new plan from a catalogue: name, period (the catalogue's by default), budget."""
    catalogue = _chosen_catalogue(request)
    if catalogue is None:
        return render(
            request,
            "prioritisation/plan_choose_catalogue.html",
            {"catalogues": Catalogue.objects.all()},
        )
    plan = Plan(
        owner=request.user,
        catalogue=catalogue,
        first_year=catalogue.first_year,
        last_year=catalogue.last_year,
    )
    form = PlanForm(request.POST or None, instance=plan, goals=catalogue.goals.order_by("number"))
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.creation_token = form.cleaned_data.get("creation_token")
        # The plan made from this form the first time, if it was submitted before.
        plan = create_plan(plan, allocations=form.allocations)
        messages.success(
            request,
            _("Handleplanen „%(name)s“ er oprettet. Tilføj indsatser fra kataloget.")
            % {"name": plan.name},
        )
        return redirect(plan)
    return render(
        request,
        "prioritisation/plan_form.html",
        {"form": form, "catalogue": catalogue, "plan": None},
    )
