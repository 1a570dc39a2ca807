from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "tendik.consultations"
    label = "consultations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from tendik.consultations.jobs import register_jobs
        from tendik.consultations.panels import measure_recommendations_panel
        from tendik.consultations.receivers import on_measure_progress_changed
        from tendik.plans.extensions import register_measure_panel
        from tendik.plans.signals import measure_progress_changed

        measure_progress_changed.connect(on_measure_progress_changed, dispatch_uid="consultations.measure_progress")
        register_measure_panel("consultations.recommendations", measure_recommendations_panel)
        register_jobs()
