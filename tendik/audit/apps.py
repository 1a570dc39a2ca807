from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tendik.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from tendik.audit.models import audit_deleted

        post_delete.connect(audit_deleted, dispatch_uid="tendik-audit-delete")
