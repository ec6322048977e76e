from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "open_data"
    verbose_name = "Open data"
