"""Hypothesis: noise that real copies of notices carry must not break the parser.

Bounds, and why: a random line break can only destroy the label it falls inside (labels are
about 1% of a notice's characters, and a break next to a label is mended by moving the broken-off
fragment back), and numbering may skip up to two numbers after a clean sentence end, so one lost
label does not take its followers with it. So up to 30 random breaks keep items and tasks F1
at or above 0.90. Spaces and full/half-width swaps are normalised away before any rule runs:
they must not change the items at all (bound 0.99 leaves room for nothing but rounding).
"""

import random
from functools import cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from anjian.duties.parsing import parse_text
from anjian.duties.tests.helpers import assert_valid, f1, gold_for, notice_files

FAST = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SWAPS = {
    "，": ",",
    ",": "，",
    "（": "(",
    "(": "（",
    "）": ")",
    ")": "）",
    "：": ":",
    ":": "：",
    "；": ";",
    ";": "；",
    "。": ".",
}


@cache
def _texts() -> list[tuple[str, dict]]:
    return [(p.read_text(encoding="utf-8"), gold_for(p)) for p in notice_files()]


notice = st.integers(min_value=0, max_value=4)


def _insert(text: str, positions: list[int], piece) -> str:
    out, last = [], 0
    for pos in sorted(p % len(text) for p in positions):
        out.append(text[last:pos])
        out.append(piece(pos))
        last = pos
    out.append(text[last:])
    return "".join(out)


@FAST
@given(notice, st.lists(st.integers(min_value=1, max_value=10**6), max_size=30))
def test_random_line_breaks_keep_items_and_tasks(index, positions):
    text, gold = _texts()[index]
    doc = parse_text(_insert(text, positions, lambda _: "\n"), filename="x.txt")
    assert_valid(doc)
    assert f1(doc, gold, "items") >= 0.90
    assert f1(doc, gold, "tasks") >= 0.90


@FAST
@given(
    notice,
    st.lists(st.integers(min_value=1, max_value=10**6), max_size=60),
    st.sampled_from([" ", "  ", "\u3000", "\t", " \u00a0"]),
)
@example(index=1, positions=[12624], space=" ")  # "# ### 四、…": a space inside the heading mark
def test_random_extra_spaces_change_nothing(index, positions, space):
    text, gold = _texts()[index]
    doc = parse_text(_insert(text, positions, lambda _: space), filename="x.txt")
    assert_valid(doc)
    for field in ("items", "tasks", "units"):
        assert f1(doc, gold, field) >= 0.99, field


@FAST
@given(notice, st.integers(min_value=0, max_value=2**32), st.floats(min_value=0.0, max_value=1.0))
def test_full_and_half_width_swaps_change_nothing(index, seed, share):
    text, gold = _texts()[index]
    rng = random.Random(seed)
    swapped = "".join(SWAPS[c] if c in SWAPS and rng.random() < share else c for c in text)
    doc = parse_text(swapped, filename="x.txt")
    assert_valid(doc)
    for field in ("items", "tasks", "units", "deadlines", "recurrences", "targets"):
        assert f1(doc, gold, field) >= 0.99, field


@FAST
@given(st.text(max_size=400))
def test_any_text_gives_valid_output(text):
    assert_valid(parse_text(text))


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "一、",
                "(一)",
                "1.",
                "(1)",
                "①",
                "每月至少一次",
                "年底前",
                "6月底前",
                "（",
                "）",
                "责任单位：",
                "县应急局、",
                "负责",
                "。",
                "\n",
                "至少建成3座",
                "100%",
                "以下均需",
            ]
        ),  # fmt: skip
        max_size=80,
    )
)
def test_notice_like_fragments_give_valid_output(pieces):
    assert_valid(parse_text("".join(pieces)))
