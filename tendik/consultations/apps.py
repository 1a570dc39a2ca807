from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "tendik.consultations"
    label = "consultations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from tendik.consultations.jobs import register_jobs
        from tendik.consultations.panels import measure_recommendations_panel
        from tendik.consultations.receivers import on_measure_progress_changed
        from tendik.plans.extensions import register_measure_panel
        from tendik.plans.signals import measure_progress_changed

        measure_progress_changed.connect(on_measure_progress_changed, dispatch_uid="consultations.measure_progress")
        register_measure_panel("consultations.recommendations", measure_recommendations_panel)

        from tendik.consultations.figures import map_figures
        from tendik.geography.figures import register_provider

        register_provider(map_figures)
        register_jobs()

        from tendik.consultations.views.public import PUBLIC_LIST
        from tendik.core import pagecache

        # The public list shows recommendations, their published answers and states, series and meetings, the
        # names of places and plans: any change to those raises its generation (tendik.core.pagecache).
        pagecache.watch(PUBLIC_LIST, apps={"consultations"}, models={"geography.administrativeunit", "plans.plan"})
        # …and its pages read lately are rendered again as soon as a change commits (where warming is on).
        pagecache.warm(PUBLIC_LIST, "public list", _warm_public_list)


def _warm_public_list(path: str, query: Any) -> None:
    from tendik.consultations.views.public import list_part
    from tendik.core import pagecache

    list_part(pagecache.reader_request(query))
