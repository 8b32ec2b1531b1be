"""The organ's own facts (``facts`` in the data file): what the tables cannot say.

The tables give every number of 二、三、四; the narrative parts (一、五、六) also need the
organ's work of the year: how many items it published, where, what it improved. Those come
from ``facts``, keyed in Chinese like the rest of the data file. Nothing here is invented: a
fact that is not given becomes a visible 【待补充：…】 slot in the draft (see ``sections``).

The keys and their meaning are listed in :data:`FACT_SPECS` (and in drafting/README.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

FactKind = Literal["text", "list", "count", "amount"]


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One ``facts`` key: its kind and what it means (the README is generated from these)."""

    key: str
    kind: FactKind
    section: str
    meaning: str


FACT_SPECS: tuple[FactSpec, ...] = (
    FactSpec(
        "机关类型",
        "text",
        "—",
        "乡镇、街道、县级政府、市级政府、部门等；用于检索同类机关的范文，"
        "并决定是否须报告工作考核、社会评议和责任追究结果（条例第五十条第（四）项）",
    ),
    FactSpec("所在地区", "text", "—", "所属地区（如“大洼区”），检索范文时同地区优先"),
    FactSpec("联系方式", "text", "导语", "对本报告有疑问时的联系地址、电话"),
    FactSpec("报告网址", "text", "导语", "本报告电子版的查阅网址或栏目"),
    FactSpec("主动公开条数", "count", "一", "全年主动公开政府信息的条数"),
    FactSpec("主动公开重点", "list", "一", "主动公开的重点领域或主要内容，一条一项"),
    FactSpec("公开平台", "list", "一", "公开渠道：政府网站、政务新媒体、公开栏等"),
    FactSpec(
        "依申请公开",
        "list",
        "一",
        "依申请公开工作的做法（受理、答复、规范化等），表三数字之外的内容",
    ),
    FactSpec(
        "政府信息管理",
        "list",
        "一",
        "政府信息管理：发布审核、保密审查、公开属性认定、规范性文件清理等",
    ),
    FactSpec("平台建设", "list", "一", "政府信息公开平台建设：网站专栏、政务新媒体、公开查阅点等"),
    FactSpec("监督保障", "list", "一", "监督保障：组织领导、培训、监督检查等"),
    FactSpec("工作考核", "text", "一", "工作考核结果（条例第五十条第（四）项）"),
    FactSpec("社会评议", "text", "一", "社会评议结果（条例第五十条第（四）项）"),
    FactSpec("责任追究", "text", "一", "责任追究结果，未发生的写“未发生责任追究情况”"),
    FactSpec("存在问题", "list", "五", "本年度工作存在的主要问题"),
    FactSpec("改进情况", "list", "五", "上年度报告所列问题的改进情况"),
    FactSpec("改进措施", "list", "五", "下一步的改进措施"),
    FactSpec("信息处理费", "amount", "六", "本年度收取的信息处理费金额（元），未收取填 0"),
    FactSpec("信息处理费件数", "count", "六", "发出收费通知的件数"),
    FactSpec("落实工作要点", "list", "六", "落实上级年度政务公开工作要点情况"),
    FactSpec("建议提案办理", "list", "六", "人大代表建议和政协提案办理结果公开情况"),
    FactSpec("其他事项", "list", "六", "其他需要报告的事项"),
)
SPECS: dict[str, FactSpec] = {s.key: s for s in FACT_SPECS}


@dataclass(frozen=True, slots=True)
class Facts:
    """Normalised facts: lists of clauses (no end punctuation), counts as int, the fee as
    Decimal; absent facts are absent from ``values``. ``ignored`` names unknown keys."""

    values: Mapping[str, Any]
    ignored: tuple[str, ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        if key not in SPECS:
            raise KeyError(key)
        return self.values.get(key, default)

    def as_context(self) -> dict[str, Any]:
        """Every known key, None when not given: templates test ``facts.X`` safely."""
        return {spec.key: self.values.get(spec.key) for spec in FACT_SPECS}


_END_PUNCT = "。；;，,、 \u3000\n\t"


def clause(text: str) -> str:
    """A fact sentence without end punctuation, so templates can join clauses with ；/。."""
    return text.strip().rstrip(_END_PUNCT).strip()


def _as_list(key: str, value: Any, errors: list[str]) -> list[str] | None:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        errors.append(f"facts「{key}」应为文字或文字列表")
        return None
    cleaned = [clause(v) for v in items]
    return [c for c in cleaned if c] or None


def _as_count(key: str, value: Any, errors: list[str]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors.append(f"facts「{key}」应为非负整数，实际为「{value}」")
        return None
    return value


def _as_amount(key: str, value: Any, errors: list[str]) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal(-1)
    if isinstance(value, bool) or not amount.is_finite() or amount < 0:
        errors.append(f"facts「{key}」应为非负数（单位：元），实际为「{value}」")
        return None
    return amount


def parse_facts(raw: Mapping[str, Any] | None, errors: list[str]) -> Facts:
    """Normalise ``facts``; type errors are appended to ``errors`` (Chinese), unknown keys
    are kept aside in ``Facts.ignored`` so the user learns about a misspelt key."""
    if raw is None:
        return Facts({})
    if not isinstance(raw, Mapping):
        errors.append("facts 应为对象（键值对）")
        return Facts({})
    values: dict[str, Any] = {}
    ignored: list[str] = []
    for key, value in raw.items():
        spec = SPECS.get(key)
        if spec is None:
            ignored.append(str(key))
            continue
        if value is None or value == "" or value == []:
            continue
        parsed: Any
        if spec.kind == "text":
            parsed = clause(value) if isinstance(value, str) else None
            if parsed is None:
                errors.append(f"facts「{key}」应为文字")
        elif spec.kind == "list":
            parsed = _as_list(key, value, errors)
        elif spec.kind == "count":
            parsed = _as_count(key, value, errors)
        else:
            parsed = _as_amount(key, value, errors)
        if parsed is not None and parsed != "":
            values[key] = parsed
    return Facts(values, tuple(ignored))


def facts_table() -> str:
    """The facts keys as a Markdown table (for drafting/README.md and ``xxgk draft --help``)."""
    lines = ["| 键 | 类型 | 用于 | 含义 |", "|---|---|---|---|"]
    kinds = {"text": "文字", "list": "文字或文字列表", "count": "整数", "amount": "数（元）"}
    for s in FACT_SPECS:
        lines.append(f"| {s.key} | {kinds[s.kind]} | {s.section} | {s.meaning} |")
    return "\n".join(lines)
