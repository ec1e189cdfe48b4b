"""Base API classes: every viewset is scoped to the caller, so a new endpoint cannot forget it."""

from django.db import models
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from anjian.core.access import access_for

ACTION_PERMISSIONS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


class RoleAllowsAction(permissions.IsAuthenticated):
    """403 unless one of the caller's roles allows this kind of action on this model somewhere.

    Which rows is decided by scope (404 outside it); this only refuses a role that can never
    do the action, e.g. an employee listing users. Custom actions name theirs in
    ``action_permissions`` on the viewset.
    """

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        model = view.get_queryset().model
        custom = getattr(view, "action_permissions", {})
        action = custom.get(view.action) or ACTION_PERMISSIONS.get(view.action, "view")
        return access_for(request.user).holds(f"{model._meta.model_name}.{action}")


class ScopedViewSetMixin:
    """Limit the queryset to what the caller may see; outside scope is 404, never the object.

    Writes are re-checked by the service inside its transaction (403 when the caller can
    see the row but not change it, or tries to create one outside their scope).
    """

    permission_classes = [RoleAllowsAction]

    def get_queryset(self):
        return access_for(self.request.user).scope(super().get_queryset())


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve, scoped."""


class ScopedCreateUpdateViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """List, retrieve, create and update through services, scoped; no delete."""


class ReferenceReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """National reference data (sectors, grades…): the same for every signed-in user, read-only."""


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related-object id that must be visible to the caller; anything else is "not found".

    A plain PrimaryKeyRelatedField accepts any id, and later errors can then name a row the
    caller must not see. This one answers an out-of-scope id exactly like a missing one.
    """

    def to_internal_value(self, data):
        # Sending back the value the record already has is not choosing a row: an enterprise's
        # staff may PUT their whole record though they cannot see its region or department.
        instance = getattr(self.parent, "instance", None)
        if isinstance(instance, models.Model) and self.source:
            current = getattr(instance, f"{self.source}_id", None)
            if current is not None and str(current) == str(data):
                return getattr(instance, self.source)
        return super().to_internal_value(data)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if hasattr(queryset.model, "scope"):
            return access_for(getattr(request, "user", None)).scope(queryset)
        return queryset


class ScopedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose foreign keys accept only rows the caller can see."""

    serializer_related_field = ScopedPrimaryKeyRelatedField


class AvailableActions(serializers.ListField):
    """The steps the caller may take on the row now (its transition table)."""

    def __init__(self, flow, **kwargs):
        self.flow = flow
        kwargs.setdefault("help_text", "the steps the caller may take now (the transition table)")
        super().__init__(child=serializers.CharField(), read_only=True, source="*", **kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        return self.flow.available(getattr(request, "user", None), obj)


def detail_of(row_serializer, flow, **declared):
    """The detail serializer of a list row: the row's fields, the ``declared`` ones and
    ``available_actions`` (what the caller may do now, from the row's transition table)."""
    fields = [*row_serializer.Meta.fields, *declared, "available_actions"]
    meta = type("Meta", (row_serializer.Meta,), {"fields": fields, "read_only_fields": fields})
    model = row_serializer.Meta.model
    attrs = {
        **declared,
        "available_actions": AvailableActions(flow),
        "Meta": meta,
        "__doc__": f"A {model._meta.verbose_name} with the steps the caller may take now.",
    }
    name = row_serializer.__name__.replace("List", "Detail")
    return type(row_serializer)(name, (row_serializer,), attrs)


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


# ---- query parameters declared once, as the page's Django form -------------------------------


def form_parameters(form_class) -> list:
    """OpenAPI query parameters for the fields of ``form_class`` (for ``extend_schema``)."""
    from django import forms
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter

    kinds = [
        (forms.ModelChoiceField, OpenApiTypes.INT),
        (forms.DateField, OpenApiTypes.DATE),
        (forms.IntegerField, OpenApiTypes.INT),
        (forms.BooleanField, OpenApiTypes.BOOL),
    ]
    parameters = []
    for name, field in form_class.base_fields.items():
        kind = next((k for cls, k in kinds if isinstance(field, cls)), OpenApiTypes.STR)
        enum = None
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            enum = [value for value, _label in field.choices if value != ""]
        parameters.append(
            OpenApiParameter(
                name, kind, OpenApiParameter.QUERY, description=str(field.label or ""), enum=enum
            )
        )
    return parameters
