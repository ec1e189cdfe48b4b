"""The declarative import spec: one per model, read by the template, the import and the export.

A spec names the worksheet, its columns (Chinese header, aliases, required, kind, notes and
allowed values) and how a row becomes a model row. The defaults fit a model whose columns
are its fields; a spec overrides ``build`` when a row needs more (a computed assessment).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.fields.mixins import FieldCacheMixin

from anjian.core.access import Access
from anjian.core.audit import Snapshot
from anjian.core.imports.cells import WHOLE_ROW, RowError, choice_label, normalise_header
from anjian.core.imports.lookups import Lookup

if TYPE_CHECKING:
    from anjian.core.models import Region, User

M = TypeVar("M", bound=models.Model)
"""The model a spec (and its rows) import."""
P = TypeVar("P", bound=models.Model)
"""The model of a child spec's parents."""

KINDS = frozenset({"text", "int", "decimal", "date", "bool", "choice", "lookup", "codes"})


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its header, the field it fills and how a cell is read.

    ``kind`` is one of text, int, decimal, date, bool, choice (``choices``), lookup and codes
    (``lookup``: a ``Lookup`` class). ``export_only`` columns are written by the export and
    the template, and ignored by the import (a computed level, a name shown for checking).
    """

    header: str
    field: str
    kind: str = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    note: str = ""
    choices: type[models.Choices] | None = None
    lookup: type[Lookup] | None = None
    normalise: Callable[[str], str] | None = None
    places: int | None = None
    export_only: bool = False
    width: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.header}: unknown kind {self.kind!r}")
        if self.kind == "choice" and self.choices is None:
            raise ValueError(f"{self.header}: a choice column needs choices")
        if self.kind in ("lookup", "codes") and self.lookup is None:
            raise ValueError(f"{self.header}: a {self.kind} column needs a lookup")

    @property
    def as_text(self) -> bool:
        """Excel should keep the cell as text (codes, phone numbers, names)."""
        return self.kind in ("text", "lookup", "codes")

    @property
    def lookup_class(self) -> type[Lookup]:
        """``lookup`` of a lookup or codes column (``__post_init__`` saw that it is set)."""
        if self.lookup is None:
            raise ImproperlyConfigured(f"{self.header}: a {self.kind} column has no lookup")
        return self.lookup

    @property
    def choices_class(self) -> type[models.Choices]:
        """``choices`` of a choice column (``__post_init__`` saw that it is set)."""
        if self.choices is None:
            raise ImproperlyConfigured(f"{self.header}: a {self.kind} column has no choices")
        return self.choices


@dataclass(eq=False)
class Row(Generic[M]):
    """One data row on its way in: the cells, what they mean, and what will be written."""

    sheet: str | None
    number: int
    cells: dict[str, Any]  # field → the cell as read (mapped columns only)
    values: dict[str, Any] = field(default_factory=dict)  # field → parsed value
    blank: set[str] = field(default_factory=set)  # fields whose cell is empty
    errors: list[RowError] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # fields whose cell could not be read
    existing: M | None = None  # the row this one updates
    before: Snapshot | None = None
    obj: M | None = None  # the row as it will be saved
    m2m: dict[str, list[models.Model]] = field(default_factory=dict)  # many-to-many to set
    changes: set[str] = field(default_factory=set)  # fields an update changes
    action: str = ""  # create, update or unchanged once checked
    # A child row's parent: a Row of the main sheet or a saved row.
    parent: Row[Any] | models.Model | None = None

    def fail(self, column: str, reason: str) -> None:
        error = RowError(self.number, column, reason, self.sheet)
        if error not in self.errors:
            self.errors.append(error)

    @property
    def built(self) -> M:
        """``obj`` once ``build`` has made it (every created or updated row has it)."""
        if self.obj is None:
            raise ValueError(f"row {self.number} has not been built")
        return self.obj

    @property
    def stored(self) -> M:
        """``existing``: the stored row an update changes."""
        if self.existing is None:
            raise ValueError(f"row {self.number} updates no stored row")
        return self.existing


class ImportSpec(Generic[M]):
    """How one model goes in and out of a spreadsheet. Subclass and set the attributes.

    ``ImportSpec[Enterprise]`` types the rows, objects and querysets its hooks receive.
    """

    model: type[M]  # a class attribute (ClassVar cannot hold a type variable)
    sheet: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    key: ClassVar[str | None] = None  # the field that finds the existing row a line updates
    key_creates: ClassVar[bool] = True  # natural key: unknown → new row; an id: an error
    unit: ClassVar[str] = "行"  # "家单位": counts in messages
    notes: ClassVar[tuple[str, ...]] = ()  # general notes at the end of 填写说明
    children: ClassVar[tuple[type[ChildSpec[Any, Any]], ...]] = ()
    scope_column: ClassVar[str] = WHOLE_ROW  # where an out-of-scope row is reported
    scope_hint: ClassVar[str] = ""
    page_hint: ClassVar[str] = ""  # a line for the upload form (what to type where)

    # ---- names ---------------------------------------------------------------------

    @classmethod
    def path(cls) -> str:
        """The dotted path a background job stores to find this spec again."""
        return f"{cls.__module__}.{cls.__qualname__}"

    @property
    def name(self) -> str:
        name = self.model._meta.model_name
        if name is None:  # Django names every model class it has prepared
            raise ImproperlyConfigured(f"{self.model!r} is not a prepared model")
        return name

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def permission(self) -> str:
        return f"{self.name}.import"

    @property
    def stem(self) -> str:
        """The download name of the export; the template is ``<stem>导入模板``."""
        return self.sheet

    @property
    def url_names(self) -> dict[str, str]:
        """Page routes by convention: ``<app>:<model>_list``, ``_import``, ``_import_template``."""
        base = f"{self.model._meta.app_label}:{self.name}"
        return {
            "list": f"{base}_list",
            "import": f"{base}_import",
            "template": f"{base}_import_template",
        }

    def create_action(self) -> str:
        return f"{self.name}.create"

    def update_action(self) -> str:
        return f"{self.name}.update"

    # ---- columns -------------------------------------------------------------------

    def import_columns(self) -> list[Column]:
        return [c for c in self.columns if not c.export_only]

    def header_index(self) -> dict[str, Column]:
        """Normalised header or alias → column (export-only columns too: they are ignored)."""
        return {normalise_header(h): c for c in self.columns for h in (c.header, *c.aliases)}

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    def declared_column(self, name: str) -> Column:
        """The column of ``name`` where the spec says there is one (its key, a parent key)."""
        column = self.column(name)
        if column is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no column {name!r}")
        return column

    @property
    def key_field(self) -> str:
        """``key``, for the steps that run only when the spec has one."""
        if self.key is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no key")
        return self.key

    def header_for(self, name: str, row: Row[M]) -> str:
        """The header a model error on ``name`` is reported under."""
        column = self.column(name)
        return column.header if column is not None else WHOLE_ROW

    # ---- per file ------------------------------------------------------------------

    def context(self, by: User | None) -> dict[str, Any]:
        """What the rows of one file share, loaded once (scales, today's date…)."""
        return {}

    def existing_queryset(self) -> models.QuerySet[M]:
        """The rows a key may name, with what ``build`` and the scope check read."""
        queryset = self.model._default_manager.all()
        m2m = [c.field for c in self.import_columns() if c.kind == "codes"]
        related = [
            f.name
            for f in self.model._meta.concrete_fields
            if f.is_relation and f.name in {c.field for c in self.columns}
        ]
        return queryset.select_related(*related).prefetch_related(*m2m)

    def load_existing(self, keys: set[Any]) -> dict[Any, M]:
        """The existing rows whose key the file names, whatever the scope (checked after)."""
        key = self.key_field
        rows = self.existing_queryset().filter(**{f"{key}__in": keys})
        return {getattr(obj, key): obj for obj in rows}

    def refuse_existing(self, obj: M, access: Access) -> str | None:
        """Why ``obj`` may not be updated by this user, or None."""
        if not access.allows("view", obj):
            return f"{self.verbose_name}不存在或不在您的管辖范围内。"
        if not access.allows("change", obj):
            return f"“{obj}”在您的管辖范围内，但您没有修改它的权限。"
        return None

    def missing_key(self, value: Any) -> str:
        return f"编号为{value}的{self.verbose_name}不存在或不在您的管辖范围内。"

    # ---- one row -------------------------------------------------------------------

    def build(self, row: Row[M], ctx: dict[str, Any], access: Access) -> None:
        """Fill ``row.obj`` (new, or a changed copy of ``row.existing``), ``row.m2m`` and
        ``row.changes``; raise ValidationError by field. The default fits plain fields."""
        values = {name: self.empty_value(name) for name in row.blank} | row.values
        values = {k: v for k, v in values.items() if k != self.key or row.existing is None}
        m2m = {c.field for c in self.import_columns() if c.kind == "codes"}
        fields = {k: v for k, v in values.items() if k not in m2m}
        row.m2m = {k: list(v) for k, v in values.items() if k in m2m}
        if row.existing is None:
            row.obj = self.model(**fields)
        else:
            row.obj = copy_row(row.existing)
            for name, value in fields.items():
                setattr(row.obj, name, value)
            row.changes = {n for n, v in fields.items() if getattr(row.existing, n) != v}
            row.changes |= changed_m2m(row.existing, row.m2m)
        exclude = row.failed | resolved_relations(row.obj)
        # Unique values are checked for the whole file at once; check constraints only when
        # the model has some (Django asks the database once per row for them).
        row.obj.full_clean(
            exclude=exclude,
            validate_unique=False,
            validate_constraints=bool(self.model._meta.constraints),
        )

    def empty_value(self, name: str) -> Any:
        """What an empty cell stores: the field's default, else None or ""."""
        model_field = self.model._meta.get_field(name)
        if model_field.many_to_many:
            return []
        if model_field.is_relation or not isinstance(model_field, models.Field):
            return None  # a required relation then fails full_clean as "required"
        if model_field.has_default():
            return model_field.get_default()
        return None if model_field.null else ""

    def audit_region(self, obj: M) -> Region | None:
        """The region an event is filed under (None: the row's own ``region``)."""
        return None

    # ---- template and export -------------------------------------------------------

    def example(self, by: User | None) -> dict[str, Any]:
        """The template's example row, by field (its key cell is marked （示例）)."""
        return {}

    def instructions(self, by: User | None) -> Iterable[list[Any]]:
        """Rows the 填写说明 sheet adds after the columns (scales, code tables…)."""
        return ()

    def export_queryset(self, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset

    def export_cell(self, obj: M, column: Column) -> Any:
        """The cell an export writes, so that the import reads back the same value."""
        value = getattr(obj, column.field)
        if column.kind == "codes":
            return column.lookup_class.label(value.all()) or None
        if value is None or value == "":
            return None
        if column.kind == "lookup":
            return column.lookup_class.label(value)
        if column.kind == "choice":
            return choice_label(column.choices_class, value)
        if column.kind == "bool":
            return "是" if value else "否"
        return value


class ChildSpec(ImportSpec[M], Generic[M, P]):
    """A second sheet whose rows belong to rows of the main sheet (a risk point's measures).

    A child row names its parent by the parent's key (``parent_key``), or, for a parent
    created in the same file, by ``match`` columns compared with the parent row. Child rows
    are added when new and left as they are when identical to one already there; rows not
    in the file are kept.
    """

    parent_field: ClassVar[str]  # the child's foreign key to the parent
    parent_key: ClassVar[str]  # the child column holding the parent's key
    reference_fields: ClassVar[frozenset[str]] = frozenset()  # columns that only find the parent

    def match(self, row: Row[M]) -> tuple[Hashable, ...] | None:
        """The child row's way to name a parent of the same file, or None."""
        return None

    def parent_match(self, parent: Row[P]) -> tuple[Hashable, ...] | None:
        """The same tuple computed from a parent row of the main sheet."""
        return None

    def identity(self, obj: M) -> tuple[Hashable, ...]:
        """Two children with the same identity are the same (an unchanged row)."""
        raise NotImplementedError

    def siblings(self, parents: list[P]) -> dict[Any, list[M]]:
        """The children already stored for these saved parents, by parent id."""
        raise NotImplementedError

    def check_parent(self, parent: P, access: Access) -> str | None:
        """Why no child may be added to this parent, or None."""
        return None

    def export_children(self, parents: models.QuerySet[P, dict[str, Any]]) -> models.QuerySet[M]:
        """The children an export writes for these parents (a ``values("pk")`` queryset)."""
        raise NotImplementedError


def copy_row(obj: M) -> M:
    """An unsaved-looking copy of a loaded row with the same values and loaded relations."""
    clone = type(obj)(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
    clone._state.adding = False
    clone._state.db = obj._state.db
    for f in obj._meta.concrete_fields:
        if f.is_relation and isinstance(f, FieldCacheMixin) and f.is_cached(obj):
            f.set_cached_value(clone, f.get_cached_value(obj))
    prefetched = getattr(obj, "_prefetched_objects_cache", None)
    if prefetched:
        clone.__dict__["_prefetched_objects_cache"] = dict(prefetched)
    return clone


def changed_m2m(obj: models.Model, m2m: dict[str, list[models.Model]]) -> set[str]:
    """The many-to-many fields whose new rows differ from the (prefetched) stored ones."""
    return {
        name
        for name, rows in m2m.items()
        if {r.pk for r in rows} != {r.pk for r in getattr(obj, name).all()}
    }


def resolved_relations(obj: models.Model) -> set[str]:
    """Foreign keys set to rows already loaded: full_clean need not ask if they exist."""
    names: set[str] = set()
    for f in obj._meta.concrete_fields:
        if f.is_relation and isinstance(f, FieldCacheMixin) and f.is_cached(obj):
            related = f.get_cached_value(obj)
            if related is not None and related.pk is not None and not related._state.adding:
                names.add(f.name)
    return names


def set_m2m_cache(obj: models.Model, m2m: dict[str, list[models.Model]]) -> None:
    """Make ``obj.<m2m>.all()`` answer these rows without a query (for the audit snapshot)."""
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, rows in m2m.items():
        cache.pop(name, None)
        queryset = getattr(obj, name).all()
        queryset._result_cache = list(rows)
        queryset._prefetch_done = True
        cache[name] = queryset
