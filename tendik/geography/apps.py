from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "tendik.geography"
    label = "geography"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Territories")
