from django.apps import AppConfig


class ReuseProjectsConfig(AppConfig):
    name = "reuse_projects"
    verbose_name = "Social reuse"
