from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tendik.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tendik.core import pagecache  # noqa: F401  (connects the many-to-many signal)
