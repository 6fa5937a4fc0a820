from django.utils.functional import SimpleLazyObject

from catalogue.models import Catalogue


def menu(request):
    """The catalogue the main menu links to on pages that show none (the plan lists,
    the Ændringslog): the newest. Read only when such a page asks for it."""
    return {"menu_catalogue": SimpleLazyObject(_newest_catalogue)}


def _newest_catalogue():
    return Catalogue.objects.order_by("-first_year", "-pk").only("pk").first()
