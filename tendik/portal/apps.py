from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Cross-module pages above the domain apps: front page, task home, dashboards, public portal, open data."""

    name = "tendik.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from tendik.portal.jobs import register_jobs

        register_jobs()
