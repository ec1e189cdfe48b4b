"""Every risk service, allowed and refused per role; levels are computed from the tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from anjian.core import audit
from anjian.core.errors import Conflict, OutOfScope, PermissionDenied, TransitionNotAllowed
from anjian.core.models import AuditEvent
from anjian.core.tests.scenarios import can
from anjian.risks.models import ControlMeasure, RiskPoint
from anjian.risks.services import measures, risk_points
from anjian.risks.tests.conftest import add_measure, make_point, point_data
from conftest import ROLES

MANAGERS = [r for r in ROLES if can(r, "riskpoint.change")]
VIEWERS = [r for r in ROLES if not can(r, "riskpoint.change")]


def test_the_matrix_lets_enterprise_staff_and_regulators_manage_and_the_rest_only_view():
    assert set(MANAGERS) == {"system_admin", "coordinator", "regulator", "enterprise_manager"}
    assert set(VIEWERS) == {"inspector", "leader", "enterprise_employee"}
    assert all(can(r, "riskpoint.view") and can(r, "controlmeasure.view") for r in ROLES)


# ---- create -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", MANAGERS)
def test_managing_roles_register_a_risk_point_inside_their_scope(register, role):
    user = register.user(role)
    point = make_point(register.enterprise_a, by=user, name=f"{role}登记")
    assert (point.score, point.level, point.colour) == (Decimal(252), "large", "orange")
    assert point.reported_by == user and point.assessed_on == timezone.localdate()
    event = AuditEvent.objects.get(object_type="risks.riskpoint", object_id=str(point.pk))
    assert event.action == "riskpoint.create" and event.region_id == register.town_a1.pk
    assert sorted(event.after["hazard_factors"]) == sorted(
        point.hazard_factors.values_list("pk", flat=True)
    )


@pytest.mark.parametrize("role", VIEWERS)
def test_viewing_roles_cannot_register_and_nothing_is_written(register, role):
    before = RiskPoint.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        make_point(register.enterprise_a, by=register.user(role))
    assert (RiskPoint.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("role", ROLES)
def test_no_role_registers_a_risk_point_of_an_enterprise_outside_its_scope(register, role):
    with pytest.raises(OutOfScope):
        make_point(register.enterprise_b, by=register.user(role))


def test_a_regulator_cannot_register_for_an_enterprise_another_department_supervises(register):
    with pytest.raises(OutOfScope):
        make_point(register.enterprise_a2, by=register.user("regulator"))


def test_an_lec_value_not_in_the_table_names_the_field_and_lists_the_allowed_values(register):
    with pytest.raises(ValidationError) as caught:
        make_point(register.enterprise_a, lec_l=Decimal(7), lec_e=Decimal(4))
    errors = caught.value.message_dict
    assert "L（事故发生的可能性）取值 7 不在 LEC 分值表中" in errors["lec_l"][0]
    assert "可选：0.1、0.2、0.5、1、3、6、10" in errors["lec_l"][0]
    assert "E（暴露于危险环境的频繁程度）取值 4" in errors["lec_e"][0]
    assert "lec_c" not in errors


def test_missing_inputs_hazards_and_text_are_all_reported_at_once(register):
    data = point_data(
        register.enterprise_a,
        method="LS",
        ls_l=None,
        ls_s=9,
        hazard_factors=[],
        accident_types=[],
        name="",
        responsible_phone="12345",
    )
    with pytest.raises(ValidationError) as caught:
        risk_points.risk_point_create(by=None, data=data)
    errors = caught.value.message_dict
    assert "请填写L（可能性）" in errors["ls_l"][0]
    assert "S（严重性）取值 9 不在 LS 分值表中" in errors["ls_s"][0]
    assert "危险和有害因素" in errors["hazard_factors"][0]
    assert "事故类型" in errors["accident_types"][0]
    assert {"name", "responsible_phone"} <= set(errors)
    assert not RiskPoint.objects.filter(enterprise=register.enterprise_a, method="LS").exists()


def test_an_unknown_method_and_a_typed_level_are_refused(register):
    with pytest.raises(ValidationError, match="评价方法"):
        make_point(register.enterprise_a, method="ABC")
    with pytest.raises(ValidationError) as caught:
        make_point(register.enterprise_a, level="low")
    assert "level" in caught.value.message_dict


@pytest.mark.parametrize(
    ("method", "inputs", "score", "level", "colour"),
    [
        # LS bands: ≥20 重大, ≥10 较大, ≥4 一般, else 低 — at each lower bound and just below.
        ("LS", {"ls_l": 5, "ls_s": 4}, 20, "major", "red"),
        ("LS", {"ls_l": 4, "ls_s": 4}, 16, "large", "orange"),
        ("LS", {"ls_l": 5, "ls_s": 2}, 10, "large", "orange"),
        ("LS", {"ls_l": 3, "ls_s": 3}, 9, "general", "yellow"),
        ("LS", {"ls_l": 2, "ls_s": 2}, 4, "general", "yellow"),
        ("LS", {"ls_l": 3, "ls_s": 1}, 3, "low", "blue"),
        ("LS", {"ls_l": 1, "ls_s": 1}, 1, "low", "blue"),
        # LEC bands: ≥320 重大, ≥160 较大, ≥70 一般 (70 is reachable: 10 × 1 × 7), else 低.
        ("LEC", {"lec_l": 10, "lec_e": 6, "lec_c": 7}, 420, "major", "red"),
        ("LEC", {"lec_l": 10, "lec_e": 6, "lec_c": 3}, 180, "large", "orange"),
        ("LEC", {"lec_l": 3, "lec_e": 6, "lec_c": 7}, 126, "general", "yellow"),
        ("LEC", {"lec_l": 10, "lec_e": 1, "lec_c": 7}, 70, "general", "yellow"),
        ("LEC", {"lec_l": 10, "lec_e": 6, "lec_c": 1}, 60, "low", "blue"),
        ("LEC", {"lec_l": "0.1", "lec_e": "0.5", "lec_c": 1}, Decimal("0.05"), "low", "blue"),
    ],
)
def test_band_edges_through_the_service(register, method, inputs, score, level, colour):
    blank = {"lec_l": None, "lec_e": None, "lec_c": None, "ls_l": None, "ls_s": None}
    point = make_point(register.enterprise_a, method=method, **{**blank, **inputs})
    assert point.score == Decimal(score).quantize(Decimal("0.01"))
    assert (point.level, point.colour) == (level, colour)
    other = ("ls_l", "ls_s") if method == "LEC" else ("lec_l", "lec_e", "lec_c")
    assert all(getattr(point, name) is None for name in other)


def test_the_bands_are_data_a_changed_bound_changes_the_level(register):
    from anjian.risks.models import RiskBand

    RiskBand.objects.filter(code="ls-major").update(lower_bound=16)
    point = make_point(
        register.enterprise_a, method="LS", lec_l=None, lec_e=None, lec_c=None, ls_l=4, ls_s=4
    )
    assert point.level == "major"


# ---- update, reassess, deactivate ---------------------------------------------------------


@pytest.mark.parametrize("role", MANAGERS)
def test_managing_roles_correct_a_risk_point_and_the_level_follows(register, role):
    point = register.a["point"]
    updated = risk_points.risk_point_update(
        by=register.user(role),
        risk_point=point,
        data={"lec_l": Decimal(10), "place": "一号储罐区"},
        expected_version=point.version,
    )
    assert (updated.score, updated.level, updated.colour) == (Decimal(420), "major", "red")
    assert updated.place == "一号储罐区" and updated.version == point.version + 1
    event = AuditEvent.objects.filter(action="riskpoint.update").get()
    assert event.before["level"] == "large" and event.after["level"] == "major"
    assert event.region_id == register.town_a1.pk


@pytest.mark.parametrize("role", VIEWERS)
def test_viewing_roles_cannot_correct_a_risk_point(register, role):
    with pytest.raises(PermissionDenied):
        risk_points.risk_point_update(
            by=register.user(role), risk_point=register.a["point"], data={"place": "x"}
        )


@pytest.mark.parametrize("role", ROLES)
def test_a_risk_point_outside_scope_is_not_found_for_any_change(register, role):
    user, point = register.user(role), register.b["point"]
    with pytest.raises(OutOfScope):
        risk_points.risk_point_update(by=user, risk_point=point, data={"place": "x"})
    with pytest.raises(OutOfScope):
        risk_points.risk_point_reassess(by=user, risk_point=point, inputs={"lec_l": 1})
    with pytest.raises(OutOfScope):
        risk_points.risk_point_deactivate(by=user, risk_point=point, reason="设备拆除")
    with pytest.raises(OutOfScope):
        add_measure(point, by=user)
    with pytest.raises(OutOfScope):
        measures.measure_remove(by=user, measure=register.b["measure"])


def test_switching_method_clears_the_other_inputs(register):
    point = risk_points.risk_point_update(
        by=register.user("enterprise_manager"),
        risk_point=register.a["point"],
        data={"method": "LS", "ls_l": 5, "ls_s": 5},
    )
    assert (point.method, point.score, point.level) == ("LS", Decimal(25), "major")
    assert point.lec_l is None and point.lec_e is None and point.lec_c is None


def test_switching_method_without_its_inputs_is_refused(register):
    with pytest.raises(ValidationError) as caught:
        risk_points.risk_point_update(
            by=None, risk_point=register.a["point"], data={"method": "LS"}
        )
    assert set(caught.value.message_dict) == {"ls_l", "ls_s"}


def test_the_enterprise_of_a_risk_point_cannot_change(register):
    with pytest.raises(ValidationError, match="不能改变所属单位"):
        risk_points.risk_point_update(
            by=None, risk_point=register.a["point"], data={"enterprise": register.enterprise_a2}
        )


def test_an_unchanged_update_writes_nothing(register):
    events = AuditEvent.objects.count()
    point = register.a["point"]
    same = risk_points.risk_point_update(
        by=None, risk_point=point, data={"place": point.place, "lec_l": point.lec_l}
    )
    assert same.version == point.version and AuditEvent.objects.count() == events


def test_a_stale_version_is_a_conflict_and_changes_nothing(register):
    point = register.a["point"]
    risk_points.risk_point_update(by=None, risk_point=point, data={"place": "新位置"})
    with pytest.raises(Conflict, match="已被他人修改"):
        risk_points.risk_point_update(
            by=register.user("enterprise_manager"),
            risk_point=point,
            data={"place": "旧版本的修改"},
            expected_version=point.version,
        )
    assert RiskPoint.objects.get(pk=point.pk).place == "新位置"


@pytest.mark.parametrize("role", MANAGERS)
def test_reassessment_records_the_date_the_level_and_the_next_review(register, role):
    point = register.a["point"]
    RiskPoint.objects.filter(pk=point.pk).update(assessed_on=dt.date(2024, 1, 1))
    due = timezone.localdate() + dt.timedelta(days=90)
    point = risk_points.risk_point_reassess(
        by=register.user(role),
        risk_point=point,
        method="LS",
        inputs={"ls_l": 1, "ls_s": 2},
        next_review_on=due,
    )
    assert (point.level, point.colour, point.next_review_on) == ("low", "blue", due)
    assert point.assessed_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="riskpoint.reassess").count() == 1


def test_reassessment_without_a_date_is_due_again_in_a_year(register):
    point = risk_points.risk_point_reassess(
        by=None, risk_point=register.a["point"], inputs={"lec_c": 15}
    )
    assert point.score == Decimal(540) and point.level == "major"
    assert point.next_review_on == timezone.localdate() + dt.timedelta(days=365)


@pytest.mark.parametrize("role", VIEWERS)
def test_viewing_roles_cannot_reassess_or_deactivate(register, role):
    user, point = register.user(role), register.a["point"]
    with pytest.raises(PermissionDenied):
        risk_points.risk_point_reassess(by=user, risk_point=point, inputs={"lec_l": 1})
    with pytest.raises(PermissionDenied):
        risk_points.risk_point_deactivate(by=user, risk_point=point, reason="设备拆除")


@pytest.mark.parametrize("role", MANAGERS)
def test_deactivation_keeps_the_row_and_refuses_twice(register, role):
    user = register.user(role)
    point = risk_points.risk_point_deactivate(
        by=user, risk_point=register.a["point"], reason="装置已拆除"
    )
    assert not point.is_active and point.deactivated_reason == "装置已拆除"
    with pytest.raises(TransitionNotAllowed):
        risk_points.risk_point_deactivate(by=user, risk_point=point, reason="再次停用")
    with pytest.raises(TransitionNotAllowed):
        risk_points.risk_point_reassess(by=user, risk_point=point, inputs={"lec_l": 1})
    with pytest.raises(TransitionNotAllowed):
        add_measure(point, by=user)


def test_deactivation_needs_a_reason(register):
    with pytest.raises(ValidationError, match="停用原因"):
        risk_points.risk_point_deactivate(by=None, risk_point=register.a["point"], reason=" ")


# ---- measures ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", MANAGERS)
def test_managing_roles_add_and_remove_measures(register, role):
    user = register.user(role)
    measure = add_measure(register.a["point"], by=user, kind="training", control_level="team")
    assert measure.get_kind_display() == "培训教育措施"
    removed = measures.measure_remove(by=user, measure=measure)
    assert not removed.is_active and ControlMeasure.objects.filter(pk=measure.pk).exists()
    with pytest.raises(TransitionNotAllowed):
        measures.measure_remove(by=user, measure=removed)
    event = AuditEvent.objects.get(action="controlmeasure.remove")
    assert event.region_id == register.town_a1.pk


@pytest.mark.parametrize("role", VIEWERS)
def test_viewing_roles_cannot_add_or_remove_measures(register, role):
    user = register.user(role)
    with pytest.raises(PermissionDenied):
        add_measure(register.a["point"], by=user)
    with pytest.raises(PermissionDenied):
        measures.measure_remove(by=user, measure=register.a["measure"])


def test_a_measure_needs_its_text_owner_and_valid_kind(register):
    with pytest.raises(ValidationError, match="管控措施"):
        add_measure(register.a["point"], text="  ")
    with pytest.raises(ValidationError) as caught:
        add_measure(register.a["point"], kind="magic", control_level="nowhere")
    assert {"kind", "control_level"} <= set(caught.value.message_dict)


def test_the_audit_chain_and_state_verify_after_every_kind_of_change(register):
    point = register.a["point"]
    risk_points.risk_point_update(
        by=None, risk_point=point, data={"hazard_factors": list(point.hazard_factors.all())[:1]}
    )
    risk_points.risk_point_reassess(by=None, risk_point=point, inputs={"lec_l": 1})
    measures.measure_remove(by=None, measure=register.a["measure"])
    risk_points.risk_point_deactivate(by=None, risk_point=point, reason="停产")
    assert audit.verify_chain().ok
    register_types = {"risks.riskpoint", "risks.controlmeasure"}
    mine = [m for m in audit.verify_state() if m.object_type in register_types]
    assert mine == []
