from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from catalogue.models import Catalogue


@require_safe
def home(request):
    """The catalogues; with only one there is nothing to choose, so go straight to it."""
    catalogues = list(Catalogue.objects.all()[:2])
    if len(catalogues) == 1:
        return redirect("catalogue:overview", pk=catalogues[0].pk)
    return render(request, "catalogue/home.html", {"catalogues": Catalogue.objects.all()})
