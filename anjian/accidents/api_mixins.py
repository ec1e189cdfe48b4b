"""Shared pieces of the accident viewsets: service-backed create and actions."""

from __future__ import annotations

from rest_framework import serializers, status
from rest_framework.response import Response


class ServiceViewSetMixin:
    """Actions parse their own body, call a service and answer with the full object."""

    def body(self, serializer_class):
        body = serializer_class(data=self.request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def answer(self, obj, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(
            self.serializer_class(fresh, context=self.get_serializer_context()).data, status=code
        )


class ServiceCreateMixin(ServiceViewSetMixin):
    """POST on the list creates through ``create_from`` (a service call)."""

    create_serializer_class: type[serializers.Serializer]

    def create(self, request, *args, **kwargs):
        obj = self.create_from(self.body(self.create_serializer_class))
        return self.answer(obj, status.HTTP_201_CREATED)

    def create_from(self, data):  # pragma: no cover - every subclass defines it
        raise NotImplementedError
