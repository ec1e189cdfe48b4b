"""Pagination that never counts a whole large table: the count stops at a bound."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_BOUND = 10_000


class BoundedPaginator(Paginator):  # type: ignore[type-arg]  # any row type
    """A paginator whose count is ``COUNT(*)`` over at most ``COUNT_BOUND + 1`` rows."""

    count_bound = COUNT_BOUND

    @cached_property
    def count(self) -> int:
        object_list: Any = self.object_list
        if hasattr(object_list, "query"):
            # How many rows, at most N + 1, does not depend on their order: without ORDER BY
            # the database may count from any index (index-only) instead of walking the sort.
            return int(object_list.order_by()[: self.count_bound + 1].count())
        return len(object_list)

    @property
    def count_is_exact(self) -> bool:
        return self.count <= self.count_bound

    @cached_property
    def num_pages(self) -> int:
        if self.count > self.count_bound:
            return -(-self.count_bound // self.per_page)
        return super().num_pages

    def validate_number(self, number: Any) -> int:
        """Past the bound the last page is unknown: any page from 1 on may be asked for."""
        if self.count_is_exact:
            return super().validate_number(number)
        try:
            wanted = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("页码应为整数。") from error
        if wanted < 1:
            raise EmptyPage("页码应不小于1。")
        return wanted

    def page(self, number: Any) -> Page[Any]:
        """Like Django's; past the bound, read one row more to know whether a next page exists."""
        if self.count_is_exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("该页没有数据。")
        return OpenEndedPage(
            rows[: self.per_page], number, self, has_more=len(rows) > self.per_page
        )


class OpenEndedPage(Page):  # type: ignore[type-arg]
    """A page of a list whose end is not counted: ``has_next`` comes from one extra row read."""

    def __init__(
        self,
        object_list: Any,
        number: int,
        paginator: Paginator[Any],
        *,
        has_more: bool,
    ) -> None:
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self) -> bool:
        return self._has_more


class BoundedPageNumberPagination(PageNumberPagination):
    """Page-number pagination for the API with a bounded count (``count_exact`` says which)."""

    django_paginator_class = BoundedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data: Any) -> Response:
        paginator: Any = self.page.paginator if self.page is not None else None
        return Response(
            {
                "count": min(paginator.count, paginator.count_bound),
                "count_exact": paginator.count_is_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": f"false when more than {COUNT_BOUND} rows match (count is the bound)",
        }
        return response
