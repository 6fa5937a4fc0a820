from django.db.models import Prefetch
from django.views.generic import DetailView

from catalogue.models import Catalogue, FocusArea, Goal, Initiative


class OverviewView(DetailView):
    """The catalogue in the seed's own structure: goals → focus areas → initiatives.

    Four queries whatever the size: the catalogue, its goals, their focus areas,
    their initiatives.
    """

    template_name = "catalogue/overview.html"
    context_object_name = "catalogue"
    queryset = Catalogue.objects.prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("number")),
        Prefetch("goals__focus_areas", queryset=FocusArea.objects.order_by("number")),
        Prefetch(
            "goals__focus_areas__initiatives", queryset=Initiative.objects.order_by("position")
        ),
    )
