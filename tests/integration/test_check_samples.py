"""The five seed reports: parsed, then checked, give the gold files' expected_findings.

Each gold ``expected_findings`` entry (in words) maps to one finding below; every report also
gets the S-FORMAT info naming its format.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks import Severity, run_checks
from ingest import parser, readers

REPORTS = Path(__file__).resolve().parents[2] / "corpus" / "reports"
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
EXPECTED: dict[str, list[tuple[str, Severity, str]]] = {
    "000_bae77339b0aba9fa": [
        ("S-FORMAT", INFO, "格式"),
        ("X-ART50", WARN, "一、总体情况 / 监督保障"),  # 全文未报告工作考核、社会评议和责任追究…
        ("X-FEE", WARN, "六、其他需要报告的事项"),  # 第六部分未说明信息处理费收取情况
    ],
    "001_2b40a9866e892a0f": [
        ("S-FORMAT", INFO, "格式"),
        ("X-ART50", WARN, "一、总体情况 / 监督保障"),
        ("T2-LABEL", WARN, "表头 / 本年废止件数"),  # 表头'本年度止件数'
    ],
    "002_227c28501c9e9ce7": [
        ("S-FORMAT", INFO, "格式"),  # 使用2019年版年报格式（正确）
        ("X-ART50", WARN, "一、总体情况 / 监督保障"),
        ("T3-BLANK", WARN, "（一）予以公开 至 四、结转下年度继续办理"),  # 办理结果各行及结转行空白
        ("T4-ROW", WARN, "数据行"),  # 表四无数据行
        ("X-TYPO", INFO, "五、存在的主要问题及改进情况"),  # 不开为例外
    ],
    "003_cad348b87ea66ad4": [
        ("S-FORMAT", INFO, "格式"),
        ("X-YEAR", ERR, "一、总体情况"),  # 20201年
        ("X-ART50", WARN, "一、总体情况 / 监督保障"),
        ("T3-CELLS", WARN, "（一）予以公开 至 四、结转下年度继续办理"),  # 6 或 8 个值的行
        ("T4-BLANK", WARN, "行政复议"),  # 行政复议5列为空白
    ],
    "004_bd5d810af7c26391": [
        ("S-TITLE", WARN, "标题"),  # 政府信息公开工作报告
        ("S-FORMAT", INFO, "格式"),
        ("S-SECTION", WARN, "一、总体情况"),  # 缺少'一、'序号
        ("X-OVERVIEW", WARN, "一、总体情况"),  # 总体情况未说明依申请公开
        ("X-ART50", WARN, "一、总体情况 / 监督保障"),
        ("T2-LABEL", WARN, "第二十条第（一）项 / 行政规范性文件"),  # 规范性文件
        ("T3-BLANK", WARN, "一、本年新收政府信息公开申请数量 至 四、结转下年度继续办理"),
        ("S-SECTION", WARN, "六、其他需要报告的事项"),  # 缺少'六、'序号
        ("X-FEE", WARN, "六、其他需要报告的事项"),
    ],
}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_seed_report_findings_match_the_gold(stem: str) -> None:
    report = parser.parse_report(readers.read_document(REPORTS / f"{stem}.txt"))
    found = [(f.code, f.severity, f.location) for f in run_checks(report)]
    assert found == EXPECTED[stem]
