"""群众举报, the public side: submit without login, rate limits, sealed contact, receipt lookup."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from anjian.core import crypto
from anjian.core.models import AuditEvent
from anjian.hazards.models import PublicReport, PublicReportStatus
from anjian.hazards.reports import services as reports
from anjian.hazards.reports.limits import NOT_FOUND
from anjian.hazards.tests.test_public_reports_support import (
    CONTACT_NAME,
    CONTACT_PHONE,
    DESCRIPTION,
    JPEG,
    api_client,
    photo,
    submit,
)

SUBMIT_URL = "/api/public/hazard-reports/"
LOOKUP_URL = "/api/public/hazard-reports/lookup/"
CODE_SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(world, **overrides) -> dict:
    return {
        "region": world.town_a1.pk,
        "enterprise_name": world.enterprise_a.name,
        "address": "甲一镇工业园3号",
        "description": DESCRIPTION,
        "contact_name": CONTACT_NAME,
        "contact_phone": CONTACT_PHONE,
        **overrides,
    }


# ---- receipt codes ------------------------------------------------------------------------------


def test_receipt_code_carries_100_random_bits_grouped_for_reading_aloud():
    codes = {reports.new_receipt_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE_SHAPE.match(code) for code in codes)
    assert len(reports.CODE_ALPHABET) ** reports.CODE_CHARS >= 2**100


def test_receipt_code_typed_loosely_still_matches():
    code = "7KQ2-M9XD-0A1B-CDEF-GHJK"
    assert reports.receipt_hash(code) == reports.receipt_hash(" 7kq2m9xdoa1b cdef ghjk ")
    assert reports.receipt_hash(code) == reports.receipt_hash("７ＫＱ２-M9XD-OAIB-CDEF-GHJK")


# ---- submit: page -------------------------------------------------------------------------------


def test_public_form_opens_without_login_and_lists_counties_and_towns(world):
    response = Client().get(reverse("public_reports:submit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲一镇" in html and "乙县" in html
    assert 'name="viewport"' in html
    assert 'enctype="multipart/form-data"' in html


def test_valid_submission_on_the_page_shows_the_receipt_code_once_and_stores_its_hash(world):
    response = Client().post(
        reverse("public_reports:submit"),
        {**form_data(world), "photos": [photo(), photo("b.jpg", JPEG)]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = re.search(r"<strong>([0-9A-Z-]{24})</strong>", response.content.decode()).group(1)
    report = PublicReport.objects.get()
    assert report.receipt_hash == reports.receipt_hash(code)
    assert code not in str(PublicReport.objects.values().get())
    assert report.region == world.town_a1
    assert report.enterprise == world.enterprise_a  # matched by exact name in the county
    assert report.status == PublicReportStatus.SUBMITTED
    assert [p.name for p in report.photos.all()] == ["举报照片1.png", "举报照片2.jpg"]
    assert all("现场" not in p.image.name for p in report.photos.all())
    event = AuditEvent.objects.get(action="publicreport.submit")
    assert event.actor is None and event.actor_name == "public"
    assert CONTACT_PHONE not in str(event.after) and CONTACT_NAME not in str(event.after)


def test_anonymous_submission_needs_no_contact(world):
    data = form_data(world, contact_name="", contact_phone="", enterprise_name="")
    response = Client().post(reverse("public_reports:submit"), data)
    assert response.status_code == 200
    report = PublicReport.objects.get()
    assert not report.has_contact and report.enterprise is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"region": ""}, "region", "请选择隐患所在的县（市、区）或乡镇（街道）。"),
        ({"description": ""}, "description", "请填写举报内容。"),
        ({"description": "有隐患"}, "description", "举报内容请至少写10个字"),
        ({"contact_phone": "12345"}, "contact_phone", "请填写正确的手机号码或固定电话"),
    ],
)
def test_invalid_submission_on_the_page_names_the_field_in_chinese(
    world, overrides, field, message
):
    response = Client().post(reverse("public_reports:submit"), form_data(world, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not PublicReport.objects.exists()


def test_a_province_is_not_a_region_the_public_may_choose(world):
    response = Client().post(
        reverse("public_reports:submit"), form_data(world, region=world.province.pk)
    )
    assert response.status_code == 400
    assert "region" in response.context["form"].errors


def test_a_disguised_photo_is_refused_and_nothing_is_kept(world):
    fake = photo("现场.jpg", b"MZ\x90\x00 not a picture")
    response = Client().post(reverse("public_reports:submit"), {**form_data(world), "photos": fake})
    assert response.status_code == 400
    assert "文件内容不是JPEG图片" in " ".join(response.context["form"].errors["photos"])
    assert not PublicReport.objects.exists()


def test_the_sixth_submission_within_the_hour_from_one_address_is_refused(world):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        assert client.post(reverse("public_reports:submit"), form_data(world)).status_code == 200
    refused = client.post(reverse("public_reports:submit"), form_data(world))
    assert refused.status_code == 429
    assert "提交过于频繁" in refused.content.decode()
    assert PublicReport.objects.count() == 5
    # Another address is not held back, and the API shares the page's limit.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post(reverse("public_reports:submit"), form_data(world)).status_code == 200
    api = api_client()
    refused_api = api.post(SUBMIT_URL, form_data(world), REMOTE_ADDR="203.0.113.7")
    assert refused_api.status_code == 429 and "提交过于频繁" in refused_api.data["detail"]


def test_invalid_submissions_do_not_use_up_the_limit(world):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(6):
        client.post(reverse("public_reports:submit"), form_data(world, description=""))
    assert client.post(reverse("public_reports:submit"), form_data(world)).status_code == 200


def test_ipv6_callers_are_counted_per_network(world, settings):
    settings.ANJIAN_PUBLIC_REPORTS_PER_HOUR = 1
    first = Client(REMOTE_ADDR="2001:db8:1:2::10")
    assert first.post(reverse("public_reports:submit"), form_data(world)).status_code == 200
    same_network = Client(REMOTE_ADDR="2001:db8:1:2::99")
    assert same_network.post(reverse("public_reports:submit"), form_data(world)).status_code == 429


# ---- submit: API --------------------------------------------------------------------------------


def test_api_submission_is_anonymous_and_answers_the_code_once(world):
    response = api_client().post(
        SUBMIT_URL, {**form_data(world), "photos": [photo()]}, format="multipart"
    )
    assert response.status_code == 201, response.data
    assert CODE_SHAPE.match(response.data["receipt_code"])
    assert response["Cache-Control"] == "no-store"
    report = PublicReport.objects.get()
    assert report.receipt_hash == reports.receipt_hash(response.data["receipt_code"])
    assert report.photos.count() == 1


def test_api_submission_as_json_without_photos(world):
    response = api_client().post(
        SUBMIT_URL, {"region": world.town_b1.pk, "description": DESCRIPTION}, format="json"
    )
    assert response.status_code == 201


def test_api_submission_errors_name_the_field_in_chinese(world):
    response = api_client().post(
        SUBMIT_URL, {"region": 999999, "description": "短", "contact_phone": "abc"}, format="json"
    )
    assert response.status_code == 400
    assert response.data["region"] == ["请选择隐患所在的县（市、区）或乡镇（街道）。"]
    response = api_client().post(
        SUBMIT_URL,
        {"region": world.town_a1.pk, "description": "短", "contact_phone": "abc"},
        format="json",
    )
    assert response.status_code == 400
    assert "举报内容请至少写10个字" in response.data["description"][0]
    assert "请填写正确的手机号码" in response.data["contact_phone"][0]


def test_public_region_list_needs_no_login(world):
    response = api_client().get("/api/public/hazard-reports/regions/")
    assert response.status_code == 200
    names = {row["name"] for row in response.data}
    assert {"甲县", "甲一镇", "乙一镇"} <= names and "测试省" not in names


# ---- contact sealed at rest ---------------------------------------------------------------------


def test_contact_columns_hold_ciphertext_in_a_raw_read(world):
    report, _code = submit(world.town_a1, contact_name=CONTACT_NAME, contact_phone=CONTACT_PHONE)
    table = PublicReport._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT contact_name_sealed, contact_phone_sealed FROM {table} WHERE id = %s",
            [report.pk],
        )
        name_raw, phone_raw = cursor.fetchone()
    for raw in (name_raw, phone_raw):
        assert raw.startswith("enc1:")
        assert CONTACT_NAME not in raw and CONTACT_PHONE not in raw
    assert crypto.decrypt(phone_raw, purpose=reports.PHONE_PURPOSE) == CONTACT_PHONE
    assert crypto.decrypt(name_raw, purpose=reports.NAME_PURPOSE) == CONTACT_NAME
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [report.pk])
        row = " ".join(str(v) for v in cursor.fetchone())
    assert CONTACT_NAME not in row and CONTACT_PHONE not in row


# ---- receipt lookup -----------------------------------------------------------------------------


def test_lookup_by_the_right_code_shows_the_status_and_nothing_else(world):
    report, code = submit(world.town_a1, contact_name=CONTACT_NAME, contact_phone=CONTACT_PHONE)
    response = Client().post(reverse("public_reports:lookup"), {"code": code.lower()})
    html = response.content.decode()
    assert response.status_code == 200 and "待受理" in html
    assert "no-store" in response["Cache-Control"]
    for secret in (DESCRIPTION, CONTACT_NAME, CONTACT_PHONE, world.town_a1.name):
        assert secret not in html
    api = api_client().post(LOOKUP_URL, {"code": code})
    assert api.status_code == 200
    assert set(api.data) == {
        "status",
        "status_label",
        "message",
        "dismiss_reason",
        "hazards_created",
    }
    assert api.data["status"] == "submitted" and api.data["hazards_created"] == 0


def test_lookup_shows_the_dismissal_reason(world):
    report, code = submit(world.town_a1)
    reports.report_dismiss(by=world.user("coordinator"), report=report, reason="现场核查无此情况")
    api = api_client().post(LOOKUP_URL, {"code": code})
    assert api.data["status"] == "dismissed"
    assert api.data["dismiss_reason"] == "现场核查无此情况"
    html = Client().post(reverse("public_reports:lookup"), {"code": code}).content.decode()
    assert "现场核查无此情况" in html and "不予立案" in html


@pytest.mark.parametrize("wrong", ["0000-0000-0000-0000-0000", "abc", "'; DROP TABLE x; --"])
def test_a_wrong_or_malformed_code_gets_the_same_not_found_answer(world, wrong):
    submit(world.town_a1)
    answers = [api_client().post(LOOKUP_URL, {"code": c}) for c in (wrong, "ZZZZ-ZZZZ-ZZZZ-ZZZZ")]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].data == answers[1].data == {"detail": NOT_FOUND}
    page = Client().post(reverse("public_reports:lookup"), {"code": wrong})
    assert page.status_code == 200 and NOT_FOUND in page.content.decode()


def test_lookup_compares_hashes_in_the_database_not_codes_in_python(
    world, django_assert_num_queries
):
    _report, code = submit(world.town_a1)
    with django_assert_num_queries(1):
        assert reports.receipt_lookup(code) is not None
    with django_assert_num_queries(1):
        assert reports.receipt_lookup("0000-0000-0000-0000-0001") is None


def test_lookups_are_rate_limited_per_address(world, settings):
    settings.ANJIAN_RECEIPT_LOOKUPS_PER_HOUR = 3
    _report, code = submit(world.town_a1)
    client = api_client()
    for _ in range(3):
        client.post(LOOKUP_URL, {"code": "0000-0000-0000-0000-0000"}, REMOTE_ADDR="192.0.2.1")
    refused = client.post(LOOKUP_URL, {"code": code}, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    page = Client(REMOTE_ADDR="192.0.2.1").post(reverse("public_reports:lookup"), {"code": code})
    assert page.status_code == 429
    assert client.post(LOOKUP_URL, {"code": code}, REMOTE_ADDR="192.0.2.2").status_code == 200
