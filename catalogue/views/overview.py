from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from catalogue.fragments import cached_fragment, shared_page
from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from prioritisation.controls import plan_controls

# What only an initiative's own page shows: not needed for a card or a table row.
LONG_TEXTS = ("description", "inspiration", "effect", "source_note")


def _render_catalogue(catalogue) -> str:
    """The goals, focus areas and initiative cards, with a slot for each card's plan
    controls. Three queries: the goals, their focus areas, their initiatives (the cards
    show no long texts, so those stay in the database)."""
    prefetch_related_objects(
        [catalogue],
        Prefetch("goals", queryset=Goal.objects.order_by("number")),
        Prefetch("goals__focus_areas", queryset=FocusArea.objects.order_by("number")),
        Prefetch(
            "goals__focus_areas__initiatives",
            queryset=Initiative.objects.defer(*LONG_TEXTS).order_by("position"),
        ),
    )
    return render_to_string("catalogue/_overview_catalogue.html", {"catalogue": catalogue})


@method_decorator(shared_page("overview"), name="dispatch")
class OverviewView(DetailView):
    """The catalogue in the seed's own structure: goals → focus areas → initiatives.

    The page comes whole from the shared cache while the catalogue and, for a logged-in
    user, their plans are unchanged (catalogue/fragments.shared_page). When it is
    rendered, the cards come from the cache (the catalogue, the cache rows)
    and a logged-in user adds the four of ``plan_controls``; on a miss add the three of
    ``_render_catalogue`` and the cache's write.
    """

    template_name = "catalogue/overview.html"
    context_object_name = "catalogue"
    model = Catalogue

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["catalogue_html"] = cached_fragment(
            "overview", self.request, lambda: _render_catalogue(self.object)
        )
        # "Tilføj til handleplan": no query for a visitor, four for a logged-in user.
        context["plan_controls"] = plan_controls(self.request.user, catalogue=self.object)
        return context
