"""``anjian notices parse FILE [--json]``."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from anjian.duties.tests.helpers import notice_files


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("notices", "parse", *args, stdout=out)
    return out.getvalue()


def test_json_output_is_the_interchange_format():
    path = notice_files()[0]
    doc = json.loads(run(str(path), "--json"))
    assert doc["file"] == path.name
    assert doc["doc_number"] == "天政发〔2025〕1号"
    assert doc["items"][2]["path"] == ["一", "(一)", "1"]
    assert "各乡(镇)人民政府" in run(str(path), "--json")  # not \\u escapes


def test_outline_output_shows_paths_headings_and_facts():
    out = run(str(notice_files()[0]))
    assert "天镇县人民政府关于做好2025年安全生产工作的通知" in out
    assert "(一)  强化学习贯彻" in out
    assert "units: 各乡(镇)人民政府、县安委会有关成员单位" in out
    assert "recurrence: 每半年 ≥1" in out
    assert "deadline: 2025-12-31" in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("notice.doc", b"\xd0\xcf\x11\xe0", "unsupported file type .doc"),
        ("notice.txt", b"\x81\x30\xff\xfe" * 40 + b"\xff", "cannot decode"),
    ],
)
def test_errors_exit_with_code_2_and_name_the_problem(tmp_path, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(CommandError, match=message) as caught:
        run(str(path))
    assert caught.value.returncode == 2


def test_the_console_command_exits_with_code_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "anjian", "notices", "parse", str(tmp_path / "none.pdf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no such file" in result.stderr
