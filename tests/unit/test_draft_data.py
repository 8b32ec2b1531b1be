"""Data files for ``xxgk draft``: validated with the checker's table rules before any text.

``consistent_data(seed)`` is the hypothesis-style generator the drafting tests share: random
numbers across every row and column of 表三 and 表四 (zero-heavy or not) that keep all the
勾稽关系, so any consistent data file, not just the sample, must draft cleanly.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from base.errors import InputError
from drafting.data import load_data_file, prepare_data
from drafting.facts import FACT_SPECS, facts_table
from ingest.model import OUTCOME_KEYS_2021, T3_ROWS_2021
from tests.auxil.layouts import sample_data

ORGANS = (
    "东城镇人民政府",
    "新华街道办事处",
    "东城区教育局",
    "平安县人民政府",
    "青山市自然资源和规划局",
    "河西乡人民政府",
)


def consistent_data(seed: int, zero_share: float = 0.6) -> dict[str, Any]:
    """A random data file whose tables satisfy every rule of T2/T3/T4.

    Per applicant column the outcomes are drawn first, then 结转下年度 and 上年结转, and 新收
    follows from 一 + 二 = （七）+ 四; 总计 columns and rows are sums. ``zero_share`` is the
    chance of a zero cell (1.0: everything zero).
    """
    rng = random.Random(seed)

    def count(high: int = 5) -> int:
        return 0 if rng.random() < zero_share else rng.randint(1, high)

    apps = {key: [0] * 7 for key, _ in T3_ROWS_2021}
    for c in range(6):
        for key in OUTCOME_KEYS_2021:
            apps[key][c] = count()
        decided = sum(apps[key][c] for key in OUTCOME_KEYS_2021)
        forward = count(3)
        carried = min(count(3), decided + forward)
        apps["总计"][c], apps["结转下年度"][c], apps["上年结转"][c] = decided, forward, carried
        apps["新收"][c] = decided + forward - carried
    for row in apps.values():
        row[6] = sum(row[:6])
    review: list[int] = []
    for _ in range(3):
        part = [count(3) for _ in range(4)]
        review += [*part, sum(part)]

    def issued() -> list[int]:
        made, repealed = count(9), count(9)
        return [made, repealed, made + count(30)]

    return {
        "organ": rng.choice(ORGANS),
        "year": rng.randint(2021, 2025),
        "format": "2021",
        "active": {
            "规章": issued() if rng.random() < 0.2 else [0, 0, 0],
            "行政规范性文件": issued(),
            "行政许可": count(300),
            "行政处罚": count(50),
            "行政强制": count(9),
            "行政事业性收费": rng.choice([0, 1.5, 12, 0.25, 3.75, 2.0]),
        },
        "applications": apps,
        "review_litigation": review,
    }


def zero_data(**overrides: Any) -> dict[str, Any]:
    """A report with nothing to tell: every cell 0."""
    data = sample_data(**overrides)
    data["applications"] = {key: [0] * 7 for key, _ in T3_ROWS_2021}
    data["review_litigation"] = [0] * 15
    data["active"] = {
        k: ([0, 0, 0] if isinstance(v, list) else 0) for k, v in data["active"].items()
    }
    return data


@pytest.mark.parametrize("seed", range(20))
def test_generated_data_is_consistent(seed: int) -> None:
    for zero_share in (0.0, 0.5, 1.0):
        dd = prepare_data(consistent_data(seed, zero_share))
        assert dd.notes == ()


def test_sample_data_prepares_without_notes() -> None:
    dd = prepare_data(sample_data())
    assert (dd.organ, dd.year, dd.notes) == ("东城镇人民政府", 2023, ())
    assert dd.data["applications"]["新收"] == [5, 2, 1, 0, 1, 1, 10]
    assert dd.report.applications is not None


def test_organ_and_year_can_be_overridden() -> None:
    dd = prepare_data(sample_data(), organ="西城镇人民政府", year=2024)
    assert (dd.organ, dd.year, dd.data["organ"], dd.data["year"]) == (
        "西城镇人民政府",
        2024,
        "西城镇人民政府",
        2024,
    )


def test_inconsistent_table3_names_row_column_and_numbers() -> None:
    data = sample_data()
    data["applications"]["新收"][0] = 6  # 自然人: row sum and column balance both break
    with pytest.raises(InputError) as err:
        prepare_data(data, source="数据文件「x.json」")
    message = str(err.value)
    assert err.value.exit_code == 2
    # one mistyped cell is one problem, named with the value that makes both sums hold
    assert message.startswith("数据文件「x.json」中的数字不一致，有1处错误，未起草")
    assert (
        "表三「一、本年新收政府信息公开申请数量」行「自然人」列为 6：该格使本行总计和本列"
        " 一+二=七+四 两处勾稽关系都不成立；改为 5 后两处都成立" in message
    )


def test_inconsistent_table3_sums_not_explained_by_one_cell_are_each_listed() -> None:
    data = sample_data()
    data["applications"]["新收"][0] = 6  # 自然人 and 总计 one more: the row still adds up
    data["applications"]["新收"][6] = 11
    with pytest.raises(InputError) as err:
        prepare_data(data, source="数据文件「x.json」")
    message = str(err.value)
    assert message.startswith("数据文件「x.json」中的数字不一致，有2处错误，未起草")
    assert "表三 自然人列：新收 6 + 上年结转 1 = 7，但（七）总计 5 + 结转下年度 1 = 6" in message
    assert "表三 总计列：新收 11 + 上年结转 2 = 13，但（七）总计 11 + 结转下年度 1 = 12" in message


def test_inconsistent_table4_and_table2_values_are_listed() -> None:
    data = sample_data()
    data["review_litigation"][4] = 3
    data["active"]["行政许可"] = -2
    with pytest.raises(InputError) as err:
        prepare_data(data)
    message = str(err.value)
    assert "表四「行政复议」：结果维持、结果纠正、其他结果、尚未审结之和为 2，但总计为 3" in message
    assert "行政许可" in message and "-2" in message


def test_missing_rows_and_keys_are_named() -> None:
    data = sample_data()
    del data["applications"]["结转下年度"]
    data["review_litigation"] = [0] * 14
    del data["organ"]
    with pytest.raises(InputError) as err:
        prepare_data(data)
    message = str(err.value)
    assert "缺少机关名称（organ）" in message
    assert "表三缺少「四、结转下年度继续办理」一行" in message
    assert "表四（review_litigation）应为15个数" in message


def test_2019_format_is_refused() -> None:
    with pytest.raises(InputError, match="起草只支持2021年版格式"):
        prepare_data(sample_data(format="2019"))


def test_warnings_do_not_stop_the_draft() -> None:
    data = sample_data()
    data["applications"]["部分公开"][3] = None  # blank cell: a warning, not an error
    data["facts"] = {"主动公开条数": 3, "未知键": "x"}
    dd = prepare_data(data)
    assert any("空白" in note for note in dd.notes)
    assert "facts 中有未识别的键（已忽略）：未知键" in dd.notes


def test_fact_types_are_checked() -> None:
    data = sample_data(facts={"主动公开条数": "很多", "信息处理费": -5, "存在问题": [1, 2]})
    with pytest.raises(InputError) as err:
        prepare_data(data)
    message = str(err.value)
    assert "facts「主动公开条数」应为非负整数" in message
    assert "facts「信息处理费」应为非负数" in message
    assert "facts「存在问题」应为文字或文字列表" in message


def test_facts_are_normalised() -> None:
    dd = prepare_data(sample_data(facts={"存在问题": "解读不够深入。", "信息处理费": 150}))
    assert dd.facts.get("存在问题") == ["解读不够深入"]
    assert str(dd.facts.get("信息处理费")) == "150"


def test_data_file_errors_are_input_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的 JSON"):
        load_data_file(bad)
    with pytest.raises(InputError, match="找不到数据文件"):
        load_data_file(tmp_path / "none.json")
    array = tmp_path / "array.json"
    array.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="应为 JSON 对象"):
        load_data_file(array)


def test_every_facts_key_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "drafting" / "README.md").read_text("utf-8")
    for spec in FACT_SPECS:
        assert re.search(rf"^\| {spec.key} \|", readme, re.M), spec.key
    assert facts_table() in readme
