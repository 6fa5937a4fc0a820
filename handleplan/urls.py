from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Handleplan – administration")
admin.site.site_title = _("Handleplan")
admin.site.index_title = _("Katalog og handleplaner")

urlpatterns = [
    path("", include("catalogue.urls")),
    path("handleplaner/", include("prioritisation.urls")),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
