"""The demo gives enterprises risk points of all four levels, both methods, with measures."""

from __future__ import annotations

from anjian.core import audit
from anjian.core.models import AuditEvent, Enterprise
from anjian.risks.demo import TEMPLATES, demo_risks
from anjian.risks.models import ControlMeasure, RiskPoint


def test_demo_risks_cover_every_level_and_method_and_run_once(world):
    assert demo_risks() == "risks: no demo enterprises; nothing created"
    Enterprise.objects.update(is_demo=True)
    summary = demo_risks()
    assert summary.startswith("risks: ") and "4 levels" in summary
    points = RiskPoint.objects.filter(is_demo=True)
    assert set(points.values_list("level", flat=True)) == {"major", "large", "general", "low"}
    assert set(points.values_list("method", flat=True)) == {"LEC", "LS"}
    first = Enterprise.objects.order_by("pk").first()
    assert set(points.filter(enterprise=first).values_list("level", flat=True)) == {
        "major",
        "large",
        "general",
        "low",
    }
    assert points.filter(enterprise=first).count() == len(TEMPLATES)
    assert not ControlMeasure.objects.exclude(risk_point__in=points).exists()
    assert all(p.measures.count() == 2 for p in points)
    counts = (AuditEvent.objects.count(), RiskPoint.objects.count())
    again = demo_risks()
    assert "nothing changed" in again
    assert (AuditEvent.objects.count(), RiskPoint.objects.count()) == counts
    assert audit.verify_chain().ok
    mine = {"risks.riskpoint", "risks.controlmeasure"}
    assert [m for m in audit.verify_state() if m.object_type in mine] == []
