from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritisation.changes import accept_catalogue_figures

from ._helpers import get_plan_for_editing, member_required, posted_version, refused_writes_shown


@member_required
@require_POST
@refused_writes_shown
def item_accept(request, pk, item_pk):
    """Count the catalogue's new figures for one item from now on."""
    plan = get_plan_for_editing(request, pk)
    item = get_object_or_404(plan.items.select_related("initiative"), pk=item_pk)
    accept_catalogue_figures(item, expected_version=posted_version(request))
    messages.success(
        request,
        _("Handleplanen regner nu med katalogets nye beløb for „%(initiative)s“.")
        % {"initiative": item.initiative},
    )
    return redirect(f"{plan.get_absolute_url()}#indsats-{item.pk}")
