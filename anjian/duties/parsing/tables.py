"""Tables of tasks (序号|工作任务|责任单位|完成时限, or by month) as labelled paragraphs."""

from __future__ import annotations

import re

from .labels import detect_label
from .numerals import cn_to_int
from .paragraphs import Para

_ROLES = [
    ("serial", re.compile(r"^(?:序号|编号|No\.?|顺序)$", re.IGNORECASE)),
    ("units", re.compile(r"(?:责任|牵头|配合|主责|协办|参与|实施)?(?:单位|部门|主体)")),
    ("time", re.compile(r"时限|时间|期限|节点|月份|进度|日期")),
    ("task", re.compile(r"任务|内容|事项|措施|工作|项目|要求|目标")),
]
_MONTH_CELL = re.compile(r"^(?:\d{4}年)?(\d{1,2}|十[一二]?|[一二三四五六七八九])月份?$")
_MONTH_RANGE = re.compile(
    r"^(?:\d{4}年)?(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月?(?:份)?[-—~至到]"
    r"(?:\d{4}年)?(\d{1,2}|十[一二]?|[一二三四五六七八九])月份?$"
)
_EVERY = re.compile(r"^(每周|每月|每季度|每半年|每年)$")


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip("|").split("|")]


def _roles(header: list[str]) -> dict[str, list[int]]:
    roles: dict[str, list[int]] = {}
    for i, cell in enumerate(header):
        for role, pattern in _ROLES:
            if cell and pattern.search(cell) and len(cell) <= 12:
                roles.setdefault(role, []).append(i)
                break
    return roles


def _month(cell: str) -> int | None:
    m = _MONTH_CELL.match(cell) or _MONTH_RANGE.match(cell)
    if not m:
        return None
    value = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
    return value if value and 1 <= value <= 12 else None


def _time_clause(cell: str) -> str:
    """Say a time cell as a clause the deadline and recurrence rules read."""
    if not cell:
        return ""
    month = _month(cell)
    if month:
        return f"(完成时限：{month}月底前)"
    m = _EVERY.match(cell)
    if m:
        return f"({m.group(1)}1次)"
    return f"(完成时限：{cell})"


def _serial_label(cell: str) -> str | None:
    cell = cell.strip().rstrip("、.")
    if not cell:
        return None
    for candidate in (f"{cell}.", f"{cell}、", cell):
        label = detect_label(candidate)
        if label and label.kind != "month" and label.end >= len(candidate) - 1:
            return candidate if candidate.endswith((".", "、", ")")) else f"{candidate}."
    return None


def table_paragraphs(rows: list[str], line: int = 0) -> list[Para]:
    """Paragraphs for one table: labelled task rows for a task table, plain rows otherwise."""
    cells = [_cells(r) for r in rows]
    header_at = next((i for i, c in enumerate(cells[:3]) if len(_roles(c)) >= 2), None)
    if header_at is None or "task" not in _roles(cells[header_at]):
        return [Para("；".join(c for c in row if c), "text", True, line) for row in cells]
    roles = _roles(cells[header_at])
    out: list[Para] = []
    last_month = None
    index = 0
    for row in cells[header_at + 1 :]:

        def get(role: str, row: list[str] = row) -> list[str]:
            return [row[i] for i in roles.get(role, []) if i < len(row) and row[i]]

        task = "。".join(dict.fromkeys(get("task")))
        if not task:
            continue
        units = "、".join(dict.fromkeys(get("units")))
        times = get("time")
        text = task.rstrip("。") + "。"
        text += f"(责任单位：{units})" if units else ""
        text += "".join(_time_clause(t) for t in times)
        serial = (get("serial") or [""])[0]
        label = _serial_label(serial) if "serial" in roles else None
        month = next((m for m in map(_month, times) if m), None)
        if label:
            out.append(Para(label + text, "text", True, line, forced=True))
        elif "serial" not in roles and month:
            if month != last_month:
                out.append(Para(f"{month}月", "text", True, line, forced=True))
                last_month = month
            out.append(Para(text, "text", True, line))
        elif "serial" in roles and not serial and out:
            out.append(Para(text, "text", True, line))
        else:
            index += 1
            out.append(Para(f"{index}.{text}", "text", True, line, forced=True))
    return out


def expand_tables(paras: list[Para]) -> list[Para]:
    """Replace each run of table-row paragraphs with the paragraphs its table stands for."""
    out: list[Para] = []
    run: list[Para] = []
    for para in [*paras, Para("", "end")]:
        if para.kind == "table":
            run.append(para)
            continue
        if run:
            out.extend(table_paragraphs([p.text for p in run], run[0].line))
            run = []
        if para.kind != "end":
            out.append(para)
    return out
