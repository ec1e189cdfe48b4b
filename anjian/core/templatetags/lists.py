"""Template tags of the list tables: one cell of a ``core.lists.Column`` for a row."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def list_cell(row, column):
    """The page cell of ``column`` for ``row`` (its template, a link or the escaped text)."""
    return mark_safe(column.page_html(row))  # noqa: S308 - page_html escapes or renders a template
