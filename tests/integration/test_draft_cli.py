"""``xxgk draft`` as a clerk runs it: exit codes, the Chinese messages, the stored draft,
last year's report and the precedents from the database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from base.settings import Settings
from drafting.compose import compose, draft_to_report
from drafting.data import prepare_data
from drafting.drafted_report import to_markdown
from ingest.model import report_to_json
from services.parsing import parse_file
from storage import Store
from tests.auxil.fake_embeddings import fake_embeddings
from tests.auxil.layouts import sample_data
from tests.unit.test_draft_sections import FACTS
from xxgk.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data directory (no LLM configured, fast embeddings)."""
    monkeypatch.setenv("XXGK_HOME", str(tmp_path / "home"))
    with fake_embeddings() as name:
        monkeypatch.setenv("XXGK_EMBEDDING_PROVIDER", name)
        yield tmp_path


def _json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _store(env: Path) -> Store:
    store = Store(f"sqlite:///{env / 'home' / 'xxgk.sqlite3'}")
    (env / "home").mkdir(exist_ok=True)
    store.upgrade()
    return store


def _add(store: Store, data: dict[str, Any], status: str, **kwargs: Any) -> None:
    """Store a report as an upload would: its parsed JSON and its text."""
    dd = prepare_data(data)
    draft = compose(dd).draft
    report = draft_to_report(draft, dd.data)
    text = to_markdown(draft)
    digest = hashlib.sha256(f"{status}{text}".encode()).hexdigest()
    store.add_report(
        report,
        source_name=f"{dd.organ}{dd.year}.docx",
        content_hash=digest,
        status=status,
        text=text,
        **kwargs,
    )


def test_consistent_data_drafts_a_docx(env: Path) -> None:
    out = env / "2023年报.docx"
    result = runner.invoke(
        app, ["draft", "--data", str(_json(env / "d.json", sample_data())), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert f"已起草东城镇人民政府2023年年度报告：{out}" in result.stdout
    assert "以下事实未提供，文中已留出【待补充】：主动公开条数" in result.stdout
    assert "检查通过：没有错误和警告。" in result.stdout
    parsed = parse_file(out, Settings(home=env / "home")).report
    assert report_to_json(parsed)["applications"] == sample_data()["applications"]


def test_inconsistent_data_exits_2_naming_each_problem(env: Path) -> None:
    data = sample_data()
    data["applications"]["总计"][0] = 4  # 自然人: 5 + 1 = 6 but 4 + 1 = 5
    out = env / "never.docx"
    result = runner.invoke(
        app, ["draft", "--data", str(_json(env / "bad.json", data)), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert not out.exists()
    assert result.stderr.startswith("错误：数据文件「bad.json」中的数字不一致")
    assert (
        "表三「（七）总计」行「自然人」列为 4：该格使本行总计、本列（七）总计和本列 一+二=七+四"
        " 三处勾稽关系都不成立；改为 5 后三处都成立" in result.stderr
    )
    assert "将表三「（七）总计」行「自然人」列的 4 改为 5" in result.stderr


def test_section_is_printed_as_markdown(env: Path) -> None:
    data = sample_data(facts=FACTS)
    result = runner.invoke(
        app, ["draft", "--data", str(_json(env / "d.json", data)), "--section", "五"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "## 五、存在的主要问题及改进情况\n\n（一）存在的主要问题。一是政策解读"
    )
    assert "待补充" not in result.stdout


def test_bad_options_are_input_errors(env: Path) -> None:
    path = str(_json(env / "d.json", sample_data()))
    for args, message in (
        (["--out", str(env / "x.pdf")], "请使用 .docx 或 .md 文件名"),
        (["--section", "七"], "没有第「七」部分"),
        (["--section", "五", "--out", str(env / "x.docx")], "单个部分只能输出为 Markdown"),
    ):
        result = runner.invoke(app, ["draft", "--data", path, *args])
        assert result.exit_code == 2 and message in result.stderr, args
    result = runner.invoke(app, ["draft"])
    assert result.exit_code == 2 and "请用 --data 指定数据文件" in result.stderr


def test_organ_and_year_use_the_stored_draft(env: Path) -> None:
    store = _store(env)
    data = sample_data(year=2024)
    data["applications"]["新收"] = [4, 2, 1, 0, 1, 1, 9]
    data["applications"]["上年结转"] = [2, 0, 0, 0, 0, 1, 3]
    _add(store, data, "draft")
    store.close()
    out = env / "from-store.md"
    result = runner.invoke(
        app, ["draft", "--organ", "东城镇人民政府", "--year", "2024", "--out", str(out), "--no-llm"]
    )
    assert result.exit_code == 0, result.output
    parsed = report_to_json(parse_file(out, Settings(home=env / "home")).report)
    assert parsed["applications"]["新收"] == [4, 2, 1, 0, 1, 1, 9]
    missing = runner.invoke(app, ["draft", "--organ", "东城镇人民政府", "--year", "2025"])
    assert missing.exit_code == 2
    assert "没有找到「东城镇人民政府」2025年度的草稿" in missing.stderr


def test_last_years_report_is_not_copied(env: Path) -> None:
    store = _store(env)
    last = sample_data(year=2022, facts=FACTS)
    apps = last["applications"]  # one case of 其他 carried into 2023 instead of closed (H-CARRY)
    apps["其他处理.其他"], apps["总计"] = [0] * 7, [5, 2, 1, 0, 1, 1, 10]
    apps["结转下年度"] = sample_data()["applications"]["上年结转"]
    _add(store, last, "published", organ_kind="乡镇", region="东城区")
    store.close()
    out = env / "2023.docx"
    result = runner.invoke(
        app,
        [
            "draft",
            "--data",
            str(_json(env / "d.json", sample_data(facts=FACTS))),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "已与2022年度报告（#1，东城镇人民政府2022.docx）比对，避免内容雷同。" in result.stdout
    assert "检查通过：没有错误和警告。" in result.stdout


def test_precedents_of_comparable_organs_are_offered(env: Path) -> None:
    store = _store(env)
    five = ["政策解读的形式比较单一，图解和视频解读偏少", "村务公开栏更新不够及时"]
    for organ, region in (("西城镇人民政府", "东城区"), ("南城镇人民政府", "南区")):
        _add(
            store,
            sample_data(organ=organ, year=2022, facts={"存在问题": five}),
            "published",
            organ_kind="乡镇",
            region=region,
        )
    _add(
        store,
        sample_data(organ="东城镇人民政府", year=2022, facts={"存在问题": five}),
        "published",
        organ_kind="乡镇",
        region="东城区",
    )
    store.close()
    result = runner.invoke(
        app, ["draft", "--data", str(_json(env / "d.json", sample_data())), "--section", "五"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    start = lines.index("第五部分可参考的范文：")
    citation = "西城镇人民政府2022年政府信息公开工作年度报告（西城镇人民政府2022.docx）"
    assert lines[start + 1].startswith(f"  1. {citation}：（一）存在的主要问题。")
    assert lines[start + 2].startswith("  2. 南城镇人民政府2022年")
    assert "东城镇人民政府2022年" not in result.stderr  # never the organ's own report


def test_parse_json_output_is_a_data_file(env: Path) -> None:
    """Last year's report, read with ``xxgk parse --json``, is this year's data file."""
    from tests.auxil.layouts import render_text

    source = env / "2023年报.txt"
    source.write_text(render_text(sample_data(), "tabs"), encoding="utf-8")
    parsed = runner.invoke(app, ["parse", str(source), "--json"])
    assert parsed.exit_code == 0, parsed.output
    data = json.loads(parsed.stdout) | {"facts": {"信息处理费": 0}}
    result = runner.invoke(app, ["draft", "--data", str(_json(env / "d.json", data))])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 东城镇人民政府2023年政府信息公开工作年度报告\n")
    assert "本年度未收取信息处理费。" in result.stdout
    assert "检查通过：没有错误和警告。" in result.stderr
