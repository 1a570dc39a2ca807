from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tendik.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from tendik.accounts.permissions import may_view_audit
        from tendik.audit.access import register_viewer_check

        # audit cannot import accounts (dependency order): hand it the permission layer's answer.
        register_viewer_check(may_view_audit)
