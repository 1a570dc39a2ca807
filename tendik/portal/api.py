"""Open-data API: the portal's public tables, read-only, without sign-in, rate-limited and cached.

GET /api/v1/portal/datasets/                      the tables and their links
GET /api/v1/portal/datasets/<key>/?place=&year=   one table for a territory (SOATE code; the country when omitted)
Hidden (protected) figures are null and listed under "suppressed" by column.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from tendik.geography.models import AdministrativeUnit
from tendik.portal import datasets

CACHE_SECONDS = 300


class OpenDataAnonThrottle(AnonRateThrottle):
    scope = "portal_anon"
    rate = "120/min"


class OpenDataUserThrottle(UserRateThrottle):
    scope = "portal_user"
    rate = "600/min"


_column = inline_serializer(
    "OpenDataColumn",
    fields={
        "name": serializers.CharField(),
        "title": serializers.CharField(),
        "type": serializers.CharField(),
        "description": serializers.CharField(),
    },
)
DatasetSerializer = inline_serializer(
    "OpenDataset",
    fields={
        "key": serializers.CharField(),
        "title": serializers.CharField(),
        "definition": serializers.CharField(),
        "source": serializers.CharField(),
        "period": serializers.CharField(),
        "extracted": serializers.DateTimeField(),
        "note": serializers.CharField(),
        "columns": serializers.ListField(child=_column),
        "rows": serializers.ListField(child=serializers.DictField()),
        "suppressed": serializers.DictField(child=serializers.ListField(child=serializers.IntegerField())),
    },
)
DatasetLinkSerializer = inline_serializer(
    "OpenDatasetLink",
    fields={"key": serializers.CharField(), "title": serializers.CharField(), "url": serializers.URLField()},
    many=True,
)


class OpenDataView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []  # public: no session, no CSRF, cacheable
    throttle_classes = [OpenDataAnonThrottle, OpenDataUserThrottle]


@method_decorator([cache_page(CACHE_SECONDS), vary_on_headers("Accept-Language")], name="get")
class DatasetListView(OpenDataView):
    @extend_schema(responses={200: DatasetLinkSerializer}, tags=["open data"])
    def get(self, request: Request) -> Response:
        from tendik.portal import tables  # noqa: F401  (fills the registry)

        return Response(
            [
                {
                    "key": key,
                    "title": str(title),
                    "url": request.build_absolute_uri(reverse("portal-api-dataset", args=[key])),
                }
                for key, (title, _b) in datasets.DATASETS.items()
            ]
        )


@method_decorator([cache_page(CACHE_SECONDS), vary_on_headers("Accept-Language")], name="get")
class DatasetView(OpenDataView):
    @extend_schema(
        parameters=[
            OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, description=str(_("The table."))),
            OpenApiParameter("place", OpenApiTypes.STR, description=str(_("SOATE code; the country when omitted."))),
            OpenApiParameter("year", OpenApiTypes.INT, description=str(_("Whole calendar year (committee figures)."))),
        ],
        responses={200: DatasetSerializer},
        tags=["open data"],
    )
    def get(self, request: Request, key: str) -> Response:
        from tendik.portal import tables  # noqa: F401  (fills the registry)

        if key not in datasets.DATASETS:
            raise NotFound(_("No public table has this name."))
        unit = None
        if code := request.query_params.get("place"):
            unit = AdministrativeUnit.objects.filter(code=code).first()
            if unit is None:
                raise NotFound(_("No territorial unit has this code."))
        year = request.query_params.get("year", "")
        dataset = datasets.build(key, unit=unit, year=int(year) if year.isdigit() and len(year) == 4 else None)
        return Response(dataset.as_json())
