from django.apps import AppConfig


class ReuseProjectsConfig(AppConfig):
    name = "reuse_projects"
    verbose_name = "Social reuse"

    def ready(self):
        # The register may not delete an asset that a live concession or an open call refers to;
        # it does not know of either, so this layer tells it.
        from assets_registry.services import DELETE_BLOCKERS
        from reuse_projects.selectors import asset_dependents

        if asset_dependents not in DELETE_BLOCKERS:
            DELETE_BLOCKERS.append(asset_dependents)
