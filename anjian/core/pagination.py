"""Pagination that never counts a whole large table: the count stops at a bound."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_BOUND = 10_000


class BoundedPaginator(Paginator):
    """A paginator whose count is ``COUNT(*)`` over at most ``COUNT_BOUND + 1`` rows."""

    count_bound = COUNT_BOUND

    @cached_property
    def count(self) -> int:
        object_list = self.object_list
        if hasattr(object_list, "query"):
            return object_list[: self.count_bound + 1].count()
        return len(object_list)

    @property
    def count_is_exact(self) -> bool:
        return self.count <= self.count_bound

    @cached_property
    def num_pages(self) -> int:
        if self.count > self.count_bound:
            return -(-self.count_bound // self.per_page)
        return super().num_pages

    def page(self, number):
        """Like Django's, but a page is not cut short at the bound when the count is not exact."""
        if self.count_is_exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


class BoundedPageNumberPagination(PageNumberPagination):
    """Page-number pagination for the API with a bounded count (``count_exact`` says which)."""

    django_paginator_class = BoundedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": min(paginator.count, paginator.count_bound),
                "count_exact": paginator.count_is_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": f"false when more than {COUNT_BOUND} rows match (count is the bound)",
        }
        return response
