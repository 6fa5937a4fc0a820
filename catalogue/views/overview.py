from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.views.generic import DetailView

from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from common.pagecache import cached_html

# What only an initiative's own page shows: not needed for a card or a table row.
LONG_TEXTS = ("description", "inspiration", "effect", "source_note")


def _render_catalogue(catalogue) -> str:
    """The goals, focus areas and initiative cards, with a slot for each card's plan
    controls (catalogue/slots.py). The cards show no long texts, so those stay in the
    database."""
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


class OverviewView(DetailView):
    """The catalogue in the seed's own structure: goals → focus areas → initiatives.

    The cards are the same for every reader until the catalogue changes, so they are
    kept in the shared cache under its content version; the template fills in each
    reader's plan controls.
    """

    template_name = "catalogue/overview.html"
    context_object_name = "catalogue"
    model = Catalogue

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        catalogue = self.object
        context["catalogue_html"] = cached_html(
            ("overview", catalogue.pk, catalogue.content_version),
            lambda: _render_catalogue(catalogue),
        )
        return context
