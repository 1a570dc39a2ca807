from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "tendik.protection"
    label = "protection"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Protection")

    def ready(self) -> None:
        from tendik.protection.jobs import register_jobs

        register_jobs()

        from tendik.geography.figures import register_provider
        from tendik.protection.map_figures import map_figures

        register_provider(map_figures)
