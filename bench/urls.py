"""The app's URLs plus the benchmark's floor page; used only by bench/settings.py."""

from django.urls import path

from bench.floor import floor, write_floor
from handleplan.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/floor/<int:size>/", floor, name="bench-floor"),
    path("bench/floor/write/<int:pk>/<int:size>/", write_floor, name="bench-write-floor"),
    *app_urlpatterns,
]
