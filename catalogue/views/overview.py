from django.db.models import Prefetch
from django.views.generic import DetailView

from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from prioritisation.controls import plan_controls

# What only an initiative's own page shows: not needed for a card or a table row.
LONG_TEXTS = ("description", "inspiration", "effect", "source_note")


class OverviewView(DetailView):
    """The catalogue in the seed's own structure: goals → focus areas → initiatives.

    Four queries whatever the size: the catalogue, its goals, their focus areas,
    their initiatives. The cards show no long texts, so those stay in the database.
    """

    template_name = "catalogue/overview.html"
    context_object_name = "catalogue"
    queryset = Catalogue.objects.prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("number")),
        Prefetch("goals__focus_areas", queryset=FocusArea.objects.order_by("number")),
        Prefetch(
            "goals__focus_areas__initiatives",
            queryset=Initiative.objects.defer(*LONG_TEXTS).order_by("position"),
        ),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # "Tilføj til handleplan": no query for a visitor, four for a logged-in user.
        context["plan_controls"] = plan_controls(self.request.user, catalogue=self.object)
        return context
