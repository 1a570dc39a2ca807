from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tendik.plans"
    label = "plans"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from tendik.geography.figures import register_provider
        from tendik.plans.selectors.figures import map_figures

        register_provider(map_figures)
        from tendik.plans.jobs import register_jobs

        register_jobs()
