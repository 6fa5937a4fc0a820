from django.urls import path

from . import views

app_name = "prioritisation"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("ny/", views.plan_create, name="plan_create"),
    path("slettede/", views.deleted_plans, name="deleted_plans"),
    path("tilfoej/", views.item_add, name="item_add"),
    path("udvalget/", views.shared_plans, name="shared_plans"),
    path("udvalget/billede/", views.committee_picture, name="committee_picture"),
    path("udvalget/billede/excel/", views.committee_export, name="committee_export"),
    path("udvalget/billede/udkast/", views.committee_draft, name="committee_draft"),
    path("udvalget/billede/moede/", views.committee_meeting, name="committee_meeting"),
    path(
        "udvalget/billede/moede/nyt/",
        views.committee_meeting_poll,
        name="committee_meeting_poll",
    ),
    path("sammenlign/", views.compare, name="compare"),
    path("sammenlign/moede/", views.compare_meeting, name="compare_meeting"),
    path("sammenlign/moede/nyt/", views.compare_meeting_poll, name="compare_meeting_poll"),
    path("sammenlign/bilag/pdf/", views.compare_paper, {"format": "pdf"}, name="compare_pdf"),
    path("sammenlign/bilag/word/", views.compare_paper, {"format": "word"}, name="compare_word"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/arbejdsbord/", views.plan_workbench, name="plan_workbench"),
    path("<int:pk>/rediger/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/kopier/", views.plan_duplicate, name="plan_duplicate"),
    path("<int:pk>/slet/", views.plan_delete, name="plan_delete"),
    path("<int:pk>/excel/", views.plan_export, name="plan_export"),
    path("<int:pk>/moede/", views.plan_meeting, name="plan_meeting"),
    path("<int:pk>/moede/nyt/", views.plan_meeting_poll, name="plan_meeting_poll"),
    path("<int:pk>/bilag/pdf/", views.plan_paper, {"format": "pdf"}, name="plan_pdf"),
    path("<int:pk>/bilag/word/", views.plan_paper, {"format": "word"}, name="plan_word"),
    path("<int:pk>/gendan/", views.plan_restore, name="plan_restore"),
    path("<int:pk>/del/", views.plan_share, name="plan_share"),
    path("<int:pk>/del-ikke/", views.plan_unshare, name="plan_unshare"),
    path("<int:pk>/foreslaa/", views.plan_propose, name="plan_propose"),
    path("<int:pk>/kladde/", views.plan_to_draft, name="plan_to_draft"),
    path("<int:pk>/vedtag/", views.plan_adopt, name="plan_adopt"),
    path("<int:pk>/foreslaa-handleplan/", views.plan_suggest, name="plan_suggest"),
    path("<int:pk>/forslag/", views.plan_proposal, name="plan_proposal"),
    path("<int:pk>/indsatser/<int:item_pk>/nye-beloeb/", views.item_accept, name="item_accept"),
    path("<int:pk>/indsatser/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/indsatser/<int:item_pk>/fjern/", views.item_remove, name="item_remove"),
]
