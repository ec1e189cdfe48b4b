"""What typing the kit made explicit: the guards that replace an AttributeError on None, the
signed-in user of import pages, and the contracts the annotations now state."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.core.imports import Column, ImportSpec, Row
from anjian.core.imports.jobs import signed_in
from anjian.core.imports.lookups import SectorLookup
from anjian.core.middleware import mark_session_touched
from anjian.core.models import AuditEvent, Enterprise, EnterpriseScale, User
from anjian.core.models.audit import AppendOnlyError
from anjian.core.models.users import ScopedUserManager
from anjian.core.services.enterprise_import import ENTERPRISES
from anjian.core.testing import ANONYMOUS, Action, Public, expected
from anjian.core.testing.runner import _body
from anjian.core.tests.test_enterprise_import import good_row, upload
from anjian.core.uploads import validate_spreadsheet_upload


class _Keyless(ImportSpec[Enterprise]):
    model = Enterprise
    sheet = "单位"
    columns = (Column("单位名称", "name"),)


def test_a_spec_is_generic_in_its_model_and_subscripting_it_changes_nothing_at_runtime():
    assert _Keyless.model is Enterprise
    assert _Keyless().name == "enterprise"
    assert ImportSpec[Enterprise] is not None  # Generic: subscriptable, as the hooks' types say


def test_a_spec_without_the_column_or_key_its_step_needs_says_so_by_name():
    spec = _Keyless()
    with pytest.raises(ImproperlyConfigured, match="no column 'credit_code'"):
        spec.declared_column("credit_code")
    with pytest.raises(ImproperlyConfigured, match="has no key"):
        _ = spec.key_field
    assert ENTERPRISES.declared_column(ENTERPRISES.key_field).header == "统一社会信用代码"


def test_a_column_answers_its_lookup_and_choices_once_post_init_checked_them():
    lookup = Column("行业领域", "sector", kind="lookup", lookup=SectorLookup)
    choice = Column("企业规模", "scale", kind="choice", choices=EnterpriseScale)
    assert lookup.lookup_class is SectorLookup
    assert choice.choices_class is EnterpriseScale
    with pytest.raises(ImproperlyConfigured):
        _ = Column("名称", "name").lookup_class
    with pytest.raises(ImproperlyConfigured):
        _ = Column("名称", "name").choices_class


def test_a_row_not_yet_built_or_updating_nothing_says_so():
    row: Row[Enterprise] = Row(None, 2, {})
    with pytest.raises(ValueError, match="row 2 has not been built"):
        _ = row.built
    with pytest.raises(ValueError, match="row 2 updates no stored row"):
        _ = row.stored
    enterprise = Enterprise(name="甲")
    row.obj = row.existing = enterprise
    assert row.built is enterprise and row.stored is enterprise


def test_the_accepted_spreadsheet_is_returned_and_a_missing_one_refused(world):
    file = upload([good_row(world)])
    assert validate_spreadsheet_upload(file) is file
    with pytest.raises(ValidationError) as refused:
        validate_spreadsheet_upload(None)
    assert refused.value.code == "upload_missing"
    with pytest.raises(ValidationError):
        validate_spreadsheet_upload(SimpleUploadedFile("单位.csv", b"a,b"))


def test_import_pages_take_the_signed_in_user_and_refuse_anyone_else(world):
    user = world.user("coordinator")
    assert signed_in(user) is user
    with pytest.raises(PermissionDenied):
        signed_in(AnonymousUser())


def test_a_callable_body_is_asked_with_where_none_on_a_route_without_an_object():
    step = Action("enterprise.add", body=lambda scene, where: {"where": where})
    assert _body(step, scene=None, where=None) == {"where": None}


def test_expected_is_none_for_a_method_a_public_route_does_not_declare():
    public = Public(get=200, post=None)
    assert public.methods() == ("get",)
    assert expected(public, ANONYMOUS, None, "get") == 200
    assert expected(public, ANONYMOUS, None, "post") is None


def test_managers_keep_their_queryset_methods(world):
    assert isinstance(User.objects, ScopedUserManager)
    assert list(User.objects.visible_to(None)) == []
    assert User.objects.visible_to(world.user("coordinator")).exists()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="x")
    assert AuditEvent.objects._built_with_as_manager  # still QuerySet.as_manager()


def test_signing_in_without_a_request_session_is_not_an_error(world):
    user = world.user("coordinator")
    mark_session_touched(User, None, user)
