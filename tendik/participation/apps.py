from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Women in decision-making: bodies and the quota, cadre reserve, trainings, dialogue-group monitoring, VAWP."""

    name = "tendik.participation"
    label = "participation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Participation")

    def ready(self) -> None:
        _register_reserve_hashes()


def _register_reserve_hashes() -> None:
    from tendik.core.crypto import identity_hash, register_keyed_hash
    from tendik.participation.models.reserve import ReservePerson

    register_keyed_hash(ReservePerson, "identity_hash", ("full_name", "birth_year"), identity_hash)
