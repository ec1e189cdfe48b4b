"""The import API every spec gets: ``import``, ``import/template`` and ``export`` actions on the
model's viewset (``SpreadsheetImportMixin``), and ``GET /api/import-jobs/{id}/``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from anjian.core.imports import jobs
from anjian.core.imports.cells import RowError
from anjian.core.imports.pipeline import check, preview, read
from anjian.core.imports.result import ImportResult
from anjian.core.imports.spec import ImportSpec
from anjian.core.imports.workbook import export_response, template_response
from anjian.core.imports.writer import write
from anjian.core.models import ImportJob
from anjian.core.spreadsheets import XLSX_CONTENT_TYPE

if TYPE_CHECKING:
    # The mixin's methods run on a DRF viewset (its queryset, filters and request).
    _ViewSet = viewsets.GenericViewSet[Any]
else:
    _ViewSet = object

IMPORT_ACTION_PERMISSIONS = {"import_xlsx": "import", "import_template": "import", "export": "view"}
IMPORT_REQUEST_SCHEMA = {
    "type": "object",
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "description": "An .xlsx laid out like the import template (GET …/import/template/); "
            "at most ANJIAN_MAX_IMPORT_ROWS rows per sheet.",
        },
        "preview": {
            "type": "boolean",
            "description": "Check only: answer what the import would write (200) or every "
            "error (400), and write nothing.",
        },
    },
    "required": ["file"],
}


class FirstRendererNegotiation(BaseContentNegotiation):
    """For file downloads: answer whatever the client accepts; errors still go out as JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = [*renderers][0]
        return renderer, renderer.media_type


class ImportProblemSerializer(serializers.Serializer[Any]):
    """One problem: Excel row (null for the whole file), column, reason; ``sheet`` names a
    second worksheet (absent for the main one)."""

    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    reason = serializers.CharField()
    sheet = serializers.CharField(required=False)


class ImportErrorsSerializer(serializers.Serializer[Any]):
    """Every problem found; nothing was imported."""

    # DRF's metaclass moves declared fields off the class, so ``Serializer.errors`` is kept;
    # the stubs cannot say so. The field's name is the API's.
    errors = ImportProblemSerializer(many=True)  # type: ignore[assignment]


class ImportSheetCountsSerializer(serializers.Serializer[Any]):
    """Rows of one sheet created, updated and left unchanged."""

    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ImportCountsSerializer(ImportSheetCountsSerializer):
    """What an import wrote; ``children`` counts second sheets (管控措施) by sheet name."""

    children = serializers.DictField(child=ImportSheetCountsSerializer(), required=False)


class ImportPreviewRowSerializer(serializers.Serializer[Any]):
    """One row of a preview: what will happen to it, its cells and the columns it changes."""

    row = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["create", "update", "unchanged"])
    cells = serializers.ListField(child=serializers.CharField(allow_blank=True))
    changed = serializers.ListField(child=serializers.CharField())


class ImportPreviewSerializer(ImportCountsSerializer):
    """What the import would write: the counts, and the first rows."""

    total = serializers.IntegerField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = ImportPreviewRowSerializer(many=True)


class ImportQueuedSerializer(serializers.Serializer[Any]):
    """A big file handed to a background job: follow ``url`` for its progress and result."""

    job = serializers.IntegerField()
    status = serializers.CharField()
    total_rows = serializers.IntegerField()
    url = serializers.CharField()


def _preview_data(result: ImportResult) -> dict[str, Any]:
    rows = [
        {"row": r.number, "action": r.action, "cells": r.cells, "changed": r.changed}
        for r in result.rows
    ]
    return {**result.counts(), "total": result.total, "headers": result.headers, "rows": rows}


class SpreadsheetImportMixin(_ViewSet):
    """Spreadsheet actions for a scoped viewset of ``import_spec``'s model."""

    import_spec: ImportSpec[Any]
    action_permissions: ClassVar[dict[str, str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.action_permissions = {
            **IMPORT_ACTION_PERMISSIONS,
            **getattr(cls, "action_permissions", {}),
        }

    @extend_schema(
        request={"multipart/form-data": IMPORT_REQUEST_SCHEMA},
        responses={
            200: ImportPreviewSerializer,
            201: ImportCountsSerializer,
            202: ImportQueuedSerializer,
            400: ImportErrorsSerializer,
        },
        filters=False,
        description="Import an .xlsx laid out like the import template, all rows or none: "
        "rows whose key is registered update it, the others are created. Any problem answers "
        "400 with every error (row, column, reason). A file of more rows than "
        "ANJIAN_IMPORT_BACKGROUND_ROWS answers 202 with the job to follow.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_xlsx(self, request: Request) -> Response:
        """All-or-nothing import of an .xlsx file (the same as the import page)."""
        spec, by = self.import_spec, jobs.signed_in(request.user)
        upload = request.FILES.get("file")
        sheets, errors = read(spec, upload)
        if errors or upload is None:  # a missing file is among the errors
            return _errors(errors)
        form = request.data if isinstance(request.data, dict) else {}  # a QueryDict here
        if str(form.get("preview", "")).lower() in ("1", "true", "on", "yes"):
            result = preview(spec, by=by, sheets=sheets)
            return _errors(result.errors) if result.errors else Response(_preview_data(result))
        total = len(sheets[spec.sheet].rows)
        if jobs.in_background(total):
            job = jobs.import_job_submit(by=by, spec=spec, file=upload, total_rows=total)
            url = reverse("importjob-detail", args=[job.pk])
            data = {"job": job.pk, "status": job.status, "total_rows": total, "url": url}
            return Response(data, status=status.HTTP_202_ACCEPTED)
        result = write(check(spec, by=by, sheets=sheets))
        if not result.ok:
            return _errors(result.errors)
        return Response(result.counts(), status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY}, filters=False)
    @action(
        detail=False,
        methods=["get"],
        url_path="import/template",
        content_negotiation_class=FirstRendererNegotiation,
        filter_backends=[],
    )
    def import_template(self, request: Request) -> FileResponse:
        """The import template: headers, an example row and the values this user may use."""
        return template_response(self.import_spec, jobs.signed_in(request.user))

    @extend_schema(
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
        filters=True,
        description="The filtered list as .xlsx, in the import template's columns.",
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def export(self, request: Request) -> FileResponse:
        """The filtered, scoped list as an .xlsx that the import reads back."""
        return export_response(self.import_spec, self.filter_queryset(self.get_queryset()))


def _errors(errors: Iterable[RowError]) -> Response:
    data = {"errors": [e.as_dict() for e in errors]}
    return Response(data, status=status.HTTP_400_BAD_REQUEST)


class ImportJobSerializer(serializers.ModelSerializer[ImportJob]):
    """A spreadsheet import: its progress, then the counts written or every error."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    result = serializers.JSONField(
        read_only=True,
        help_text='When done: {"created", "updated", "unchanged"}; when failed: {"errors": '
        "[{row, column, reason}]}.",
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "filename",
            "status",
            "status_display",
            "total_rows",
            "processed_rows",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[ImportJob]):
    """Spreadsheet imports: the importer's own, and those of the people they supervise."""

    serializer_class = ImportJobSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = ImportJob.objects.all()

    def get_queryset(self) -> QuerySet[ImportJob]:
        return jobs.import_jobs_for(self.request.user)
