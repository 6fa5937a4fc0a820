from django.urls import path

from . import views
from .workbook_download import catalogue_workbook_view

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("katalog/<int:pk>/", views.OverviewView.as_view(), name="overview"),
    path("katalog/<int:pk>/indsatser/", views.InitiativeTableView.as_view(), name="table"),
    path("indsatser/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative"),
    path("katalog/<int:pk>/regneark/", catalogue_workbook_view, name="workbook"),
]
