"""docs/roles.md shows exactly the role × action matrix of roles.PERMISSIONS."""

import re
from pathlib import Path

from django.utils import translation

from anjian.core.roles import PERMISSIONS, Role, all_permissions

DOC = Path(__file__).resolve().parents[3] / "docs" / "roles.md"
CODE = re.compile(r"`([^`]+)`")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_matrix(text: str) -> tuple[list[str], dict[str, set[str]]]:
    """All permission columns and, per role value, the permissions ticked in its rows.

    docs/roles.md has one table per app (core first); each starts with "| 角色 Role |".
    """
    lines = text.splitlines()
    columns: list[str] = []
    matrix: dict[str, set[str]] = {}
    starts = [i for i, line in enumerate(lines) if line.startswith("| 角色 Role |")]
    assert starts, "no permission table found"
    for start in starts:
        table_columns = [CODE.search(cell).group(1) for cell in _cells(lines[start])[1:]]
        columns += table_columns
        for line in lines[start + 2 :]:
            if not line.startswith("|"):
                break
            cells = _cells(line)
            role = CODE.search(cells[0]).group(1)
            assert len(cells) == len(table_columns) + 1, f"row {role} has {len(cells) - 1} cells"
            assert set(cells[1:]) <= {"✓", ""}, f"row {role} has a cell other than ✓ or blank"
            matrix.setdefault(role, set()).update(
                perm for perm, cell in zip(table_columns, cells[1:], strict=True) if cell
            )
    return columns, matrix


def test_roles_doc_has_one_column_per_permission_in_the_code():
    columns, _ = parse_matrix(DOC.read_text(encoding="utf-8"))
    assert len(columns) == len(set(columns))
    assert sorted(columns) == all_permissions()


def test_roles_doc_matrix_equals_roles_permissions_exactly():
    _, matrix = parse_matrix(DOC.read_text(encoding="utf-8"))
    assert matrix == {str(role): set(perms) for role, perms in PERMISSIONS.items()}


def test_roles_doc_labels_each_role_as_the_code_does():
    text = DOC.read_text(encoding="utf-8")
    with translation.override("zh-hans"):
        for role in Role:
            assert f"| {role.label} `{role.value}` |" in text
