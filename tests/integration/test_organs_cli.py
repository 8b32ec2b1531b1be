"""``xxgk organs import`` and ``xxgk organs list``: the roster reminders go to."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from storage import Store
from xxgk.cli import app

GOOD = """name,kind,region,chat_ids
东城镇人民政府,乡镇,某某县,-1001234;1002
城南街道办事处,街道,某某县,1003
某某县人民政府,县级政府,某某县,
某某县教育局,部门,某某县,1004；1005
某某县政务公开办,督导,某某县,-900
市政务公开办,督导,,-901
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(home: Path) -> Invoke:
    """Run ``xxgk`` with the test's own data directory."""
    runner = CliRunner()

    def call(*args: str) -> Result:
        return runner.invoke(app, list(args), env={"XXGK_HOME": str(home)})

    return call


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "organs.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def roster(home: Path) -> Store:
    return Store(f"sqlite:///{home / 'xxgk.sqlite3'}")


def test_import_creates_organs_and_approved_chats(
    invoke: Invoke, tmp_path: Path, home: Path
) -> None:
    result = invoke("organs", "import", str(write(tmp_path, GOOD)))
    assert result.exit_code == 0, result.output
    assert "共6个单位（其中督导2个）；新增单位6个" in result.stdout
    assert "新登记会话7个" in result.stdout

    store = roster(home)
    try:
        town = store.get_organ("东城镇人民政府")
        assert town is not None and (town.kind, town.region) == ("乡镇", "某某县")
        chats = {c.chat_id: c for c in store.list_chats()}
        assert set(chats) == {-1001234, 1002, 1003, 1004, 1005, -900, -901}
        assert all(c.approved for c in chats.values())
        assert chats[1004].organ_name == "某某县教育局" and chats[1004].role == "member"
        supervisors = {c.chat_id: c.region for c in store.supervisor_chats()}
        assert supervisors == {-900: "某某县", -901: None}  # no region: every region
        # supervisors are configuration, not organs: no 督导 row anyone could register as
        assert store.get_organ("某某县政务公开办") is None
        assert all(o.kind != "督导" for o in store.list_organs())
        assert chats[-900].organ_id is None and chats[-900].title == "某某县政务公开办"
    finally:
        store.close()


def test_reimporting_the_same_file_changes_nothing(
    invoke: Invoke, tmp_path: Path, home: Path
) -> None:
    path = write(tmp_path, GOOD)
    assert invoke("organs", "import", str(path)).exit_code == 0
    before = invoke("organs", "list", "--json").stdout
    again = invoke("organs", "import", str(path))
    assert again.exit_code == 0
    assert "新增单位0个，更新0个；新登记会话0个，更新会话0个；未变化6个" in again.stdout
    assert invoke("organs", "list", "--json").stdout == before

    changed = GOOD.replace(
        "某某县教育局,部门,某某县,1004；1005", "某某县教育局,部门,某某县,1004;1006"
    )
    result = invoke("organs", "import", str(write(tmp_path, changed)))
    assert "新增单位0个，更新0个；新登记会话1个" in result.stdout  # chats are only ever added
    listed = json.loads(invoke("organs", "list", "--json").stdout)
    bureau = next(o for o in listed if o["name"] == "某某县教育局")
    assert bureau["chat_ids"] == [1004, 1005, 1006]


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(
    invoke: Invoke, tmp_path: Path, home: Path
) -> None:
    bad = """name,kind,region,chat_ids
东城镇人民政府,乡镇,某某县,1002
西城镇人民政府,镇,某某县,1003
,部门,某某县,
某某县教育局,部门,某某县,abc;1004
东城镇人民政府,乡镇,某某县,
北城镇人民政府,乡镇,,1002
南城镇人民政府,乡镇,某某县
"""
    result = invoke("organs", "import", str(write(tmp_path, bad)))
    assert result.exit_code == 2
    err = result.stderr
    assert "有6行有误，未导入任何单位" in err
    assert "第3行：类型「镇」不对，应为 乡镇、街道、县级政府、部门、督导 之一。" in err
    assert "第4行：单位名称为空。" in err
    assert "第5行：会话ID「abc」不是整数（多个会话ID用分号 ; 分隔）。" in err
    assert "第6行：单位「东城镇人民政府」与第2行重复。" in err
    assert "第7行：地区为空（督导按地区收到通报，报告单位必须填写所属地区）。" in err
    assert "第8行：应有4列，实际3列" in err
    assert not any(line.startswith("第2行") for line in err.splitlines())  # the good row
    listed = invoke("organs", "list", "--json")
    assert json.loads(listed.stdout) == []


def test_a_chat_registered_for_another_organ_is_not_moved(
    invoke: Invoke, tmp_path: Path, home: Path
) -> None:
    assert invoke("organs", "list").exit_code == 0  # creates the database
    store = roster(home)
    try:
        store.register_chat(1003, "西城镇人民政府")  # registered in chat, waiting for approval
    finally:
        store.close()
    result = invoke("organs", "import", str(write(tmp_path, GOOD)))
    assert result.exit_code == 2
    assert "第3行：会话ID 1003 已登记为「西城镇人民政府」的会话" in result.stderr
    names = [o["name"] for o in json.loads(invoke("organs", "list", "--json").stdout)]
    assert names == ["西城镇人民政府"]


def test_excel_gbk_csv_with_chinese_headers(invoke: Invoke, tmp_path: Path) -> None:
    text = "单位名称,类型,地区,会话ID\r\n东城镇人民政府,乡镇,某某县,1002\r\n"
    result = invoke("organs", "import", str(write(tmp_path, text, "gbk")))
    assert result.exit_code == 0, result.output
    assert "东城镇人民政府" in invoke("organs", "list").stdout


def test_a_file_without_the_columns_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("organs", "import", str(write(tmp_path, "单位,电话\n东城镇,123\n")))
    assert result.exit_code == 2
    assert "第1行应为表头 name,kind,region,chat_ids" in result.stderr
    missing = invoke("organs", "import", str(tmp_path / "没有这个文件.csv"))
    assert missing.exit_code == 2 and "无法读取「没有这个文件.csv」" in missing.stderr


def test_list_shows_a_table_and_json(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("organs", "list").stdout.startswith("还没有登记任何单位")
    invoke("organs", "import", str(write(tmp_path, GOOD)))
    text = invoke("organs", "list").stdout
    lines = text.splitlines()
    assert lines[0].split() == ["单位", "类型", "地区", "会话", "待批准会话"]
    assert any(
        line.split()[:4] == ["东城镇人民政府", "乡镇", "某某县", "-1001234；1002"] for line in lines
    )
    assert any(line.split()[:3] == ["市政务公开办", "督导", "全部地区"] for line in lines)
    assert "共6个单位。" in text
    data = json.loads(invoke("organs", "list", "--json").stdout)
    assert data[0] == {
        "name": "东城镇人民政府",
        "kind": "乡镇",
        "region": "某某县",
        "chat_ids": [-1001234, 1002],
        "pending_chat_ids": [],
    }
    only = json.loads(invoke("organs", "list", "--json", "--region", "某某县").stdout)
    assert "市政务公开办" not in [o["name"] for o in only]
