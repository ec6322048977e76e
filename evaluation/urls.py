from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("stats/", views.stats_dashboard, name="stats"),
    path("practices/", views.practices, name="practices"),
    path("practices/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("practices/<int:pk>/sheet.pdf", views.practice_pdf, name="practice_pdf"),
    path("practices/<int:pk>/map.png", views.practice_map, name="practice_map"),
    path("practices/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/submit/", views.practice_submit, name="practice_submit"),
    path("practices/<int:pk>/review/", views.practice_review, name="practice_review"),
    path("practices/start/<int:project_pk>/", views.practice_start, name="practice_start"),
]
