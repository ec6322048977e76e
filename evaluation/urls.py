from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("stats/", views.stats_dashboard, name="stats"),
]
