from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Women in decision-making: bodies and the quota, cadre reserve, trainings, dialogue-group monitoring, VAWP."""

    name = "tendik.participation"
    label = "participation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from tendik.consultations.extensions import register_recommendation_panel
        from tendik.geography.extensions import register_unit_panel
        from tendik.participation.views import monitoring_panels as mp
        from tendik.plans.extensions import register_measure_panel

        register_measure_panel("participation.monitoring", mp.measure_findings_panel)
        register_unit_panel("participation.monitoring", mp.unit_findings_panel)
        register_recommendation_panel("participation.monitoring", mp.recommendation_source_panel)
