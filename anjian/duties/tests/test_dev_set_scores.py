"""The parser over the five development notices, scored by the shared score.py."""

import json

from anjian.duties.parsing import parse_notice
from anjian.duties.tests import score
from anjian.duties.tests.helpers import GOLD, notice_files

FLOORS = {
    "items": 0.95,
    "tasks": 0.95,
    "units": 0.95,
    "document": 0.95,
    "deadlines": 0.90,
    "recurrences": 0.90,
    "targets": 0.80,
}


def _table(result: dict) -> str:
    rows = [f"{'field':<12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}"]
    for field, r in result.items():
        rows.append(
            f"{field:<12} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['gold']:5d}"
        )
    return "\n".join(rows)


def test_development_notices_score_at_or_above_the_issue_floors(tmp_path):
    for path in notice_files():
        doc = parse_notice(path)
        (tmp_path / f"{path.stem}.json").write_text(
            json.dumps(doc, ensure_ascii=False), encoding="utf-8"
        )
    result = score.score(tmp_path, GOLD)
    table = _table(result)
    print(table)
    for field, floor in FLOORS.items():
        assert result[field]["f1"] >= floor, f"{field} F1 below {floor}:\n{table}"


def test_every_gold_file_has_its_notice_in_the_package():
    assert {p.stem for p in notice_files()} == {p.stem for p in GOLD.glob("*.json")}
    assert len(notice_files()) == 5
