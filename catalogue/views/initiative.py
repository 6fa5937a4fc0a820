from django.views.generic import DetailView

from catalogue.financing import yearly_costs
from catalogue.models import Initiative


class InitiativeDetailView(DetailView):
    """Everything the catalogue says of one initiative, with its cost per year; the
    template adds the reader's own plans that hold it."""

    template_name = "catalogue/initiative.html"
    context_object_name = "initiative"
    queryset = Initiative.objects.with_structure()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        catalogue = initiative.focus_area.goal.catalogue
        context["catalogue"] = catalogue
        context["yearly_costs"] = yearly_costs(
            initiative, catalogue.years, start_year=catalogue.first_year
        )
        return context
