from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritisation.changes import duplicate_plan

from ._helpers import get_plan_for_reading, member_required


@member_required
@require_POST
def plan_duplicate(request, pk):
    """A copy with the same items and budget, to try a variant; opens the copy.

    Of your own plan, or one shared with the committee (an adopted plan included):
    the copy is a new draft of yours.
    """
    plan = get_plan_for_reading(request, pk)
    copy = duplicate_plan(plan, owner=request.user)
    messages.success(
        request,
        _("„%(copy)s“ er oprettet som kopi af „%(name)s“. Du ser nu kopien.")
        % {"copy": copy.name, "name": plan.name},
    )
    return redirect(copy)
