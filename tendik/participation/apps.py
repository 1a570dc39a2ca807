from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Women in decision-making: bodies and the quota, cadre reserve, trainings, dialogue-group monitoring, VAWP."""

    name = "tendik.participation"
    label = "participation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Participation")

    def ready(self) -> None:
        self._ready_bodies()
        _register_reserve_hashes()
        self._ready_monitoring()

    def _ready_monitoring(self) -> None:
        from tendik.consultations.extensions import register_recommendation_panel
        from tendik.geography.extensions import register_unit_panel
        from tendik.participation.views import monitoring_panels as mp
        from tendik.plans.extensions import register_measure_panel

        register_measure_panel("participation.monitoring", mp.measure_findings_panel)
        register_unit_panel("participation.monitoring", mp.unit_findings_panel)
        register_recommendation_panel("participation.monitoring", mp.recommendation_source_panel)

    def _ready_bodies(self) -> None:
        # Members of keneshes by sex feed the plan indicator "deputies of local keneshes" (and its women's share).
        from tendik.geography.figures import register_provider
        from tendik.participation.selectors.bodies import indicator_figures, map_figures
        from tendik.plans.indicator_sources import register_indicator_source

        register_indicator_source(
            "participation.bodies",
            indicators={"local_kenesh_deputies"},
            fn=indicator_figures,
            models={
                "participation.bodytype": None,  # every territory's figures
                "participation.body": "unit__path",
                **{
                    f"participation.{m}": "body__unit__path"
                    for m in ("bodyseats", "compositioncount", "bodymember", "bodyevent")
                },
            },
        )
        register_provider(map_figures)


def _register_reserve_hashes() -> None:
    from tendik.core.crypto import identity_hash, register_keyed_hash
    from tendik.participation.models.reserve import ReservePerson

    register_keyed_hash(ReservePerson, "identity_hash", ("full_name", "birth_year"), identity_hash)
