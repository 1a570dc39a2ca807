from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How to reach the place each row of the plans' territorial records belongs to (tendik.core.pagecache).
TERRITORIAL = {
    "plans.localplan": "municipality__path",
    "plans.localmeasure": "local_plan__municipality__path",
    "plans.progressreport": "municipality__path",
    "plans.reportentry": "report__municipality__path",
    "plans.evidence": "entry__report__municipality__path",
    "plans.datavalue": "unit__path",  # a national figure (no unit) raises every territory
    "plans.indicatortarget": "unit__path",
}


class PlansConfig(AppConfig):
    name = "tendik.plans"
    label = "plans"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from tendik.geography.figures import register_provider
        from tendik.plans.jobs import register_jobs
        from tendik.plans.selectors.figures import map_figures

        register_provider(map_figures)
        register_jobs()

        from tendik.core import pagecache
        from tendik.plans.rollups import PAGES

        # The dashboards show the plans' records and sums and the names of places (indicator sources add the models
        # they compute from): a change to any raises the generation of the cached dashboards. A territory's
        # dashboard shows only the rows of its own places: a change to the rows of a municipality raises the
        # generation of the territories above it, and the other territories' dashboards stay cached.
        pagecache.watch(PAGES, apps={"plans", "geography"}, paths=TERRITORIAL)
        # …and rendered again, for each territory a change raised, as soon as it commits (where warming is on).
        pagecache.warm(PAGES, "dashboard", _warm_dashboard)


def _warm_dashboard(path: str, query: Any) -> None:
    from tendik.plans.views.dashboard import warm

    warm(path, query)
