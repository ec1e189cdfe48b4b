"""Forms of the core pages; choices are limited to what the user may see."""

import copy

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from anjian.core.access import access_for
from anjian.core.models import Enterprise, RegionLevel, User
from anjian.core.services.enterprises import EDITABLE_FIELDS
from anjian.core.validators import normalise_credit_code, normalise_phone


class LoginForm(AuthenticationForm):
    """Sign-in form with Chinese labels and phone-friendly inputs."""

    username = forms.CharField(
        label="用户名",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续5次错误后，账号将被锁定15分钟。",
        "inactive": "该账号已停用，请联系管理员。",
    }


class DateInput(forms.DateInput):
    """A date picker (the browser's own, which phones show as a wheel)."""

    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (a phone's gallery or camera picks many at once); the
    service checks each file's kind and size. ``accept`` and ``capture`` go to the input."""

    def __init__(self, *args, accept: str = "", capture: str = "", **kwargs):
        attrs = {k: v for k, v in (("accept", accept), ("capture", capture)) if v}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


PHOTO_ACCEPT = ".jpg,.jpeg,.png,image/jpeg,image/png"


class ScopedChoicesMixin:
    """A form whose model choices (enterprises, departments, regions…) are only the rows the
    ``user`` may see: every ModelChoiceField over a scoped model is limited, so a form cannot
    offer a row outside the user's jurisdiction. Pass ``user=`` when building the form."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        access = access_for(user)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "scope"):
                field.queryset = access.scope(queryset)


class EnterpriseForm(ScopedChoicesMixin, forms.ModelForm):
    """Create or edit an enterprise; its own staff see only the fields they may change."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Enterprise
        # Every field the service accepts, in the model's order.
        fields = [f.name for f in Enterprise._meta.concrete_fields if f.name in EDITABLE_FIELDS]
        widgets = dict.fromkeys(
            ["licence_expiry", "standardisation_expiry", "liability_insurance_expiry"], DateInput
        )

    def __init__(self, *args, user: User, self_edit_only: bool = False, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if self_edit_only:
            for name in list(self.fields):
                if name not in Enterprise.self_editable_fields and name != "expected_version":
                    del self.fields[name]
            return
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level__gte=RegionLevel.COUNTY)
        region.label_from_instance = lambda r: r.long_name
        inspector = self.fields["responsible_inspector"]
        inspectors = inspector.queryset.filter(department__isnull=False, is_active=True)
        if self.instance.responsible_inspector_id:
            # Keep the current inspector selectable even if now outside the list, so an
            # edit of other fields never blanks it.
            inspectors = inspectors | User.objects.filter(pk=self.instance.responsible_inspector_id)
        inspector.queryset = inspectors.select_related("department")
        inspector.label_from_instance = lambda u: f"{u}（{u.department}）"

    def clean_principal_phone(self):
        return normalise_phone(self.cleaned_data["principal_phone"])

    def clean_safety_manager_phone(self):
        return normalise_phone(self.cleaned_data["safety_manager_phone"])

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data["credit_code"])

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("expected_version", None)
        return data

    def _post_clean(self):
        # Validate the whole row (field validators, uniqueness, 一张网 rules) in one round,
        # on a copy: the service applies the change to a locked row of its own.
        original = self.instance
        self.instance = copy.copy(original)
        try:
            super()._post_clean()
        finally:
            self.instance = original
