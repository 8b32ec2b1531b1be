"""The filling guide (corpus/guide/*.yaml): the project's own advice on each row and column of
表二, 表三 and 表四, loaded, indexed one entry per row, and quoted with the official text it
rests on.

The guide is not law. Every answer built from it says 「填报指引（非法规原文）」 and quotes the
articles of the 条例 named in ``basis`` verbatim, so the user can always check the advice
against the authority. Loading is pure apart from reading the file; quoting takes the article
text from the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from base.errors import ConfigError
from retrieval.articles import article_label, cn_to_int
from retrieval.chunking import EMBED_AS_QUERY, EMBED_KEY, PROBE, Chunk, Meta
from retrieval.routing import content_of

GUIDE_LABEL = "填报指引（非法规原文）"
"""Opens every answer drawn from the guide: it is advice, not the text of the law."""

FORMAT_NAMES = {
    "2021": "2021年格式，国办公开办函〔2021〕30号",
    "2019": "2019年试行格式，国办公开办函〔2019〕60号，用于2019、2020年度",
}
FORMAT_VERSIONS = ("2021", "2019")
TABLES = ("表二", "表三", "表四", "综合")


FILL_WHAT = "填什么："
"""The advice's first line: what a row counts."""


@dataclass(frozen=True, slots=True)
class Basis:
    """One provision an entry rests on: 第三十六条第（六）项 → article 36, item 6."""

    text: str
    article: int
    paragraph: int | None = None
    item: int | None = None


@dataclass(frozen=True, slots=True)
class GuideEntry:
    """One row, column or topic of the guide."""

    id: str
    table: str
    formats: tuple[str, ...]
    label: str
    line: str
    keywords: tuple[str, ...]
    counts: str
    cases: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    basis: tuple[Basis, ...] = ()
    tables: tuple[str, ...] = ()
    """For a topic (table 综合): the tables it is about, when not all (结转衔接 is 表三's)."""

    @property
    def articles(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(b.article for b in self.basis))

    def core_labels(self) -> tuple[str, ...]:
        return core_labels(self.label)

    def text(self) -> str:
        """The advice as shown to the user (no basis: that is quoted from the 条例)."""
        lines = [f"{FILL_WHAT}{self.counts.strip()}"]
        if self.cases:
            lines.append("常见情形：")
            lines.extend(f"· {c}" for c in self.cases)
        if self.notes:
            lines.append("注意：")
            lines.extend(f"· {n}" for n in self.notes)
        return "\n".join(lines)

    def where(self) -> str:
        """「表三「（五）不予处理 1.信访举报投诉类申请」」: the table and the exact label."""
        table = "" if self.table == "综合" else self.table
        return f"{table}「{self.label}」"


_BASIS_RE = re.compile(
    r"^第(?P<a>[零一二两三四五六七八九十百\d]+)条"
    r"(?:第(?P<p>[一二三四五六七八九十\d]+)款)?"
    r"(?:第[（(](?P<i>[一二三四五六七八九十\d]+)[）)]项)?$"
)


_NUMBERING = r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+\.)"


def core_labels(label: str) -> tuple[str, ...]:
    """The label and its distinctive part without numbering (「（五）不予处理
    1.信访举报投诉类申请」 → 「信访举报投诉类申请」), as a question may quote either."""
    out = [label]
    last = re.split(r"\s+", label)[-1]
    core = re.sub(_NUMBERING, "", last)
    core = re.sub(r"（[^）]*）$", "", core)
    if core and core != label:
        out.append(core)
    return tuple(dict.fromkeys(out))


def parse_basis(text: str) -> Basis:
    """第X条 / 第X条第Y款 / 第X条第（Z）项 / 第X条第Y款第（Z）项."""
    m = _BASIS_RE.match(text.strip())
    article = cn_to_int(m.group("a")) if m else None
    if m is None or article is None:
        raise ValueError(f"not an article reference: {text!r}")
    para = cn_to_int(m.group("p")) if m.group("p") else None
    item = cn_to_int(m.group("i")) if m.group("i") else None
    return Basis(text.strip(), article, para, item)


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v).strip() for v in value if str(v).strip())


_WIDE = r"[\u3000-\u9fff\uff00-\uffef“”]"
_FOLDED_SPACE = re.compile(rf"(?<={_WIDE})\s+(?={_WIDE})")


def _prose(value: Any) -> str:
    """YAML folds a long line with a space; Chinese has none between characters."""
    return _FOLDED_SPACE.sub("", str(value).strip())


def _entry(raw: dict[str, Any]) -> GuideEntry:
    formats = _strs(raw.get("formats")) or FORMAT_VERSIONS
    return GuideEntry(
        id=str(raw["id"]),
        table=str(raw["table"]),
        formats=formats,
        label=str(raw["label"]).strip(),
        line=str(raw.get("line") or raw["label"]).strip(),
        keywords=_strs(raw.get("keywords")),
        counts=_prose(raw["counts"]),
        cases=_strs(raw.get("cases")),
        notes=_strs(raw.get("notes")),
        basis=tuple(parse_basis(b) for b in _strs(raw.get("basis"))),
        tables=_strs(raw.get("tables")),
    )


def _t4_entries(raw: dict[str, Any]) -> list[GuideEntry]:
    """表四's 15 cells: every group × result, e.g. 「行政复议 结果纠正」. A cell's cases are its
    group's (which cases belong to 复议后起诉) then its result's (what counts as 纠正), so a
    question that describes both finds the cell by either."""
    out: list[GuideEntry] = []
    results = list(raw.get("results", []))
    for g, group in enumerate(raw.get("groups", []), 1):
        for r, result in enumerate(results, 1):
            name = f"{group['name']} {result['name']}"
            counts = _prose(f"{group['counts']}中，{result['counts']}。")
            out.append(
                GuideEntry(
                    id=f"t4-{g}-{r}",
                    table="表四",
                    formats=FORMAT_VERSIONS,
                    label=name,
                    line=f"{group['line']} {result['name']}",
                    keywords=_strs(group.get("keywords")) + _strs(result.get("keywords")),
                    counts=counts,
                    cases=_strs(group.get("cases")) + _strs(result.get("cases")),
                    notes=(
                        "每组的总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结；没有案件的填0。",
                    ),
                    basis=tuple(parse_basis(b) for b in _strs(group.get("basis"))),
                )
            )
    return out


def parse_guide(text: str, source: str = "guide") -> list[GuideEntry]:
    """Entries of one guide file; a ConfigError names the file and what is wrong."""
    try:
        data = yaml.safe_load(text)
        entries = [_entry(e) for e in data.get("entries", [])]
        if data.get("t4"):
            entries.extend(_t4_entries(data["t4"]))
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"填报指引文件 {source} 格式不对：{exc}") from exc
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ConfigError(f"填报指引文件 {source} 中有重复的 id。")
    return entries


def guide_dir(corpus_dir: Path) -> Path:
    return corpus_dir / "guide"


def load_guide(corpus_dir: Path) -> list[GuideEntry]:
    """Every entry of ``corpus_dir/guide/*.yaml`` (none when the folder is absent)."""
    folder = guide_dir(corpus_dir)
    entries: list[GuideEntry] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        entries.extend(parse_guide(path.read_text(encoding="utf-8"), path.name))
    return entries


def guide_chunks(entries: Iterable[GuideEntry], source: str = "guide") -> list[Chunk]:
    """One chunk per entry, kind ``guide``. The label is both in the text and the keywords
    (twice, on purpose), so BM25 and the dense side find the row by its exact name."""
    chunks: list[Chunk] = []
    for entry in entries:
        meta: Meta = {
            "kind": "guide",
            "guide_id": entry.id,
            "table": entry.table,
            "label": entry.label,
            "source": source,
            "status": "published",
            "fmt2021": "2021" in entry.formats,
            "fmt2019": "2019" in entry.formats,
            "line": entry.line,
            "basis": "；".join(b.text for b in entry.basis),
            "tables": "、".join(entry.tables),
        }
        keywords = "、".join(dict.fromkeys((entry.label, *entry.core_labels(), *entry.keywords)))
        context = f"填报指引 {entry.table} {entry.line}\n关键词：{keywords}"
        parent = f"guide:{entry.id}"
        chunks.append(Chunk(parent, f"{entry.label}\n{entry.text()}", context, meta))
        texts = (f"{entry.label}：{entry.counts}", *entry.cases)
        chunks.extend(probe_chunks(parent, meta, map(case_text, texts), as_query=True))
    return chunks


def case_text(text: str) -> str:
    """What a guide probe, and the question it is compared with, is indexed as: the case
    without its filling cue (「……年报表三填哪行？」). Every question and half the typical
    questions end in one, and e5 weighs that shared style above the case itself; without it,
    on the fill dev sets, the dense side names the right row 0.88 of the time instead of 0.83.
    Probes are never shown, so nothing the user reads changes."""
    return content_of(text)


def probe_chunks(
    parent: str, meta: Meta, texts: Iterable[str], tag: str = "q", *, as_query: bool = False
) -> list[Chunk]:
    """One small chunk per typical case (or typical question) that stands for ``parent``.

    A row's entry holds a dozen cases; as one vector they blur into the average of the
    row, and a question that describes one case is closer to that case alone. Each probe
    is searched like any chunk and folded into its parent (``metadata["parent"]``), so the
    parent is ranked by its best case; a probe is never quoted. ``tag`` keeps the ids of
    two lists for one parent apart (cases ``q``, typical questions ``a``); ``as_query``
    embeds them as questions (``retrieval.chunking.EMBED_AS_QUERY``)."""
    extra: Meta = {EMBED_KEY: EMBED_AS_QUERY} if as_query else {}
    return [
        Chunk(
            f"{parent}:{tag}{j:02d}",
            text,
            "",
            {**meta, "part": PROBE, "parent": parent, **extra},
        )
        for j, text in enumerate(dict.fromkeys(t.strip() for t in texts if t.strip()), 1)
    ]


def applies_to(meta: dict[str, Any], version: str) -> bool:
    """Whether a guide chunk's entry belongs to this format version."""
    return bool(meta.get(f"fmt{version}"))


def quote_provision(article_text: str, basis: Basis) -> str:
    """The words of ``basis`` in its article: the 项 line with the sentence that leads to it,
    the 款, or the whole article. Quoted verbatim, never rephrased."""
    label = article_label(basis.article)
    lines = [ln.strip() for ln in article_text.splitlines() if ln.strip()]
    if lines and lines[0].startswith(label):
        lines[0] = lines[0][len(label) :].lstrip("\u3000 ")
    item_re = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
    paragraphs: list[list[str]] = []
    for line in lines:
        if item_re.match(line) and paragraphs:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    chosen = lines
    if basis.paragraph is not None and basis.paragraph <= len(paragraphs):
        chosen = paragraphs[basis.paragraph - 1]
    if basis.item is not None:
        scope = chosen if basis.paragraph is not None else lines
        lead = next((ln for ln in scope if not item_re.match(ln)), "")
        marker = re.compile(rf"^[（(]{_cn(basis.item)}[）)]")
        item = next((ln for ln in scope if marker.match(ln)), None)
        if item is not None:
            chosen = [lead, item] if lead else [item]
    body = "……".join(chosen) if basis.item is not None else "\n".join(chosen)
    return body


_CN = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """15 → 十五 (items of the 条例 never reach twenty)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def labels(entries: Sequence[GuideEntry]) -> list[str]:
    """Every label and distinctive core, for the router's "names a row" test."""
    return [core for e in entries for core in e.core_labels()]
