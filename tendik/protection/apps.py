from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "tendik.protection"
    label = "protection"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Protection")

    def ready(self) -> None:
        from tendik.protection.jobs import register_jobs

        register_jobs()
        _register_keyed_hashes()


def _register_keyed_hashes() -> None:
    from tendik.core.crypto import identity_hash, register_keyed_hash
    from tendik.protection.models import Case, Perpetrator

    register_keyed_hash(Case, "survivor_hash", ("survivor_name", "survivor_birth_date"), identity_hash)
    register_keyed_hash(Perpetrator, "identity_hash", ("name", "birth_date"), identity_hash)
