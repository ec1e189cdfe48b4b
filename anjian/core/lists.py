"""One list definition per list: its columns drive the page table, the API list fields and the
Excel export, so the three cannot drift apart (NetBox's Table + FilterSet, in one place).

An app declares, for example::

    HAZARD_LIST = ListSpec(
        model=Hazard,
        filterset_class=HazardFilterSet,
        related=("enterprise", "region", "sector"),
        order_by=("-found_at", "-id"),
        columns=[
            Column("id", "编号", link=True),
            Column("enterprise_name", "隐患单位", source="enterprise.name"),
            Column("status", "状态", cell="hazards/cells/status.html"),
            Column("deadline", "整改期限", css="small"),
        ],
        export_title="隐患台账",
    )

and gets ``HAZARD_LIST.rows(access, params)`` (scoped, filtered, ordered), the page table
(``includes/list_table.html`` with ``columns`` and ``object_list``), ``serializer()`` for
the API list and ``export(queryset)`` for the .xlsx. A column names where it shows:
``page``, ``api``, ``export`` (all by default).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django_filters import FilterSet
from rest_framework import serializers

from anjian.core.access import Access
from anjian.core.imports.spec import ImportSpec
from anjian.core.imports.workbook import export_response
from anjian.core.spreadsheets import SheetSpec, xlsx_response

ListSerializer = serializers.ModelSerializer[Any]


@dataclass(frozen=True)
class Column:
    """One column of a list: its key (the API field name), its header and where it shows.

    ``source`` is a dotted path on the row (default: the key); ``get_status_display`` and
    properties work. ``cell`` names a template for the page cell (context ``row`` and
    ``value``); ``link`` makes the page cell a link to the row. ``api_field`` overrides the
    serializer field the API uses; ``export_value`` how the export writes the value.
    """

    key: str
    label: str
    source: str = ""
    page: bool = True
    api: bool = True
    export: bool = True
    link: bool = False
    cell: str = ""
    css: str = ""
    width: float | None = None
    text: bool = False
    api_field: serializers.Field[Any, Any, Any, Any] | None = None
    export_value: Callable[[Any], Any] | None = None

    @property
    def path(self) -> str:
        return self.source or self.key

    def value(self, row: Any, *, display: bool = False) -> Any:
        """The value of this column for ``row`` (None along a missing relation); with
        ``display`` a choice field gives its label (the API keeps the code)."""
        *hops, last = self.path.split(".")
        owner = row
        for part in hops:
            owner = getattr(owner, part)
            if owner is None:
                return None
        if display and hasattr(owner, f"get_{last}_display"):
            return getattr(owner, f"get_{last}_display")()
        value = getattr(owner, last)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
        return value

    def page_html(self, row: Any) -> str:
        """The cell as HTML: its template, a link, or the escaped text."""
        value = self.value(row, display=True)
        if self.cell:
            return get_template(self.cell).render({"row": row, "value": value})
        text = display_text(value) or "—"
        if self.link:
            return format_html('<a href="{}">{}</a>', row.get_absolute_url(), text)
        return format_html("{}", text)

    def sheet_value(self, row: Any) -> Any:
        """The value the .xlsx gets: numbers stay numbers, the rest as people read it."""
        if self.export_value is not None:
            return self.export_value(row)
        value = self.value(row, display=True)
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, int | float | Decimal) or value is None:
            return value
        return display_text(value)


def display_text(value: Any) -> str:
    """How a value reads on a page and in a sheet: local times, ISO dates, 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass
class ListSpec:
    """A list: which rows (model, filters, order, related rows) and which columns."""

    model: type[models.Model]
    columns: Sequence[Column]
    filterset_class: type[FilterSet] | None = None
    related: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ("-id",)
    empty_text: str = "没有符合条件的记录。"
    export_title: str = ""
    name: str = ""  # the API component's name, when a model has more than one list
    workbook: ImportSpec[Any] | None = None
    """The import spec whose workbook is this list's Excel export (so an export reads back)."""
    serializer_base: type[ListSerializer] = serializers.ModelSerializer
    _serializer: type[ListSerializer] | None = field(default=None, init=False, repr=False)

    # ---- rows ----------------------------------------------------------------------------

    def queryset(self, access: Access) -> models.QuerySet[Any]:
        """What the user may see, with the related rows the columns read, in list order."""
        queryset = access.scope(self.model).select_related(*self.related)
        return queryset.order_by(*self.order_by)

    def filterset(self, access: Access, data: Any, request: Any = None) -> FilterSet:
        """The list's FilterSet over the user's rows."""
        if self.filterset_class is None:
            raise TypeError(f"{self.model.__name__}: this list has no filters")
        return self.filterset_class(data or None, queryset=self.queryset(access), request=request)

    # ---- the page ------------------------------------------------------------------------

    @property
    def page_columns(self) -> list[Column]:
        return [c for c in self.columns if c.page]

    # ---- the API -------------------------------------------------------------------------

    def serializer(self) -> type[ListSerializer]:
        """A read-only serializer of the API list fields (built once)."""
        if self._serializer is None:
            self._serializer = self._build_serializer()
        return self._serializer

    def _build_serializer(self) -> type[ListSerializer]:
        api = [c for c in self.columns if c.api]
        declared: dict[str, Any] = {}
        for column in api:
            if column.api_field is not None:
                # Its own copy: one field object shared by two columns would bind to the last.
                declared[column.key] = copy.deepcopy(column.api_field)
            elif column.source and column.source != column.key:
                declared[column.key] = serializers.ReadOnlyField(source=column.source)
        meta = type(
            "Meta",
            (),
            {
                "model": self.model,
                "fields": [c.key for c in api],
                "read_only_fields": [c.key for c in api],
            },
        )
        name = f"{self.name or self.model.__name__ + 'List'}Serializer"
        doc = f"A {self.model._meta.verbose_name} as a list row."
        metaclass: Any = type(self.serializer_base)  # DRF's SerializerMetaclass
        built: type[ListSerializer] = metaclass(
            name, (self.serializer_base,), {**declared, "Meta": meta, "__doc__": doc}
        )
        return built

    # ---- the export ----------------------------------------------------------------------

    @property
    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.export]

    def export_rows(self, rows: Iterable[Any]) -> Iterator[list[Any]]:
        """The sheet rows of ``rows`` (a queryset is read in chunks)."""
        columns = self.export_columns
        if isinstance(rows, models.QuerySet):
            rows = rows.iterator(chunk_size=1000)
        for row in rows:
            yield [c.sheet_value(row) for c in columns]

    def sheet(self, rows: Iterable[Any], *, title: str = "") -> SheetSpec:
        """One worksheet of ``rows`` in the export columns (to combine with other sheets)."""
        columns = self.export_columns
        return SheetSpec(
            title=title or self.title,
            headers=[c.label for c in columns],
            rows=self.export_rows(rows),
            widths=[c.width for c in columns],
            text_columns=frozenset(i for i, c in enumerate(columns) if c.text),
        )

    @property
    def title(self) -> str:
        return self.export_title or str(self.model._meta.verbose_name_plural)

    def export(self, rows: Iterable[Any], *, title: str = "") -> HttpResponseBase:
        """The rows as an .xlsx download, in the export columns (or the import workbook's)."""
        if self.workbook is not None and isinstance(rows, models.QuerySet):
            return export_response(self.workbook, rows)
        return xlsx_response(self.sheet(rows, title=title), stem=title or self.title)

    def export_filtered(self, access: Access, request: Any) -> HttpResponseBase:
        """The export of what the list page shows for these filters, or 400 naming a bad one
        (never more rows than asked for)."""
        filterset = self.filterset(access, request.GET, request)
        if filterset.is_bound and not filterset.is_valid():
            problems = "；".join(
                f"{filterset.form.fields[name].label}：{'、'.join(errors)}"
                for name, errors in filterset.errors.items()
            )
            return HttpResponseBadRequest(
                f"筛选条件有误，未导出。{problems}", content_type="text/plain; charset=utf-8"
            )
        return self.export(filterset.qs)
