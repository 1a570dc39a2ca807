from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "tendik.consultations"
    label = "consultations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Consultations")
