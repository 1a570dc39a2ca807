from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Women in decision-making: bodies and the quota, cadre reserve, trainings, dialogue-group monitoring, VAWP."""

    name = "tendik.participation"
    label = "participation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Participation")
