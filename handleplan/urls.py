from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from audit.views import audit_log
from handleplan.login import LoginForm

admin.site.site_header = _("Handleplan – administration")
admin.site.site_title = _("Handleplan")
admin.site.index_title = _("Katalog og handleplaner")

urlpatterns = [
    path("", include("catalogue.urls")),
    path("handleplaner/", include("prioritisation.urls")),
    path("log-ind/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Before admin's own URLs: for administrators, beside the admin.
    path("admin/aendringslog/", audit_log, name="audit_log"),
    path("admin/", admin.site.urls),
]
