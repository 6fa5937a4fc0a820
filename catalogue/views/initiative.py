from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from catalogue.financing import yearly_costs
from catalogue.fragments import shared_page
from catalogue.models import Initiative
from prioritisation.controls import plan_controls


@method_decorator(shared_page("initiative"), name="dispatch")
class InitiativeDetailView(DetailView):
    """Everything the catalogue says of one initiative, with its cost per year.

    The page comes whole from the shared cache while the catalogue and, for a logged-in
    user, their plans are unchanged (catalogue/fragments.shared_page).
    """

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
        # Your plans that hold it, add and remove: no query for a visitor, four otherwise.
        context["plan_controls"] = plan_controls(self.request.user, catalogue=catalogue)
        return context
