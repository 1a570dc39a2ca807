from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tendik.plans"
    label = "plans"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from tendik.plans.jobs import register_jobs

        register_jobs()
