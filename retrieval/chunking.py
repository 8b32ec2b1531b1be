"""Cutting sources into retrievable chunks: the 条例 one article each, the report formats by
heading, annual reports by section (paragraph groups within long ones) plus one chunk per
table row.

Pure functions over text and ``AnnualReport``; ids are stable (derived from the source and
position, never random), so indexing the same source twice replaces rather than duplicates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.model import (
    APPLICANT_COLUMNS,
    T4_COLUMNS,
    AnnualReport,
    Cell,
    TableRow,
    t2_items_for,
    t3_rows_for,
)
from retrieval.articles import cn_to_int

Meta = dict[str, str | int | float | bool]

REGULATION_TITLE = "政府信息公开条例"
"""How answers name the 条例 (the full title is 中华人民共和国政府信息公开条例)."""

MAX_CHUNK_CHARS = 420
"""Paragraphs are grouped up to this length: long enough for context, short enough that a
passage quoted as an answer stays readable and e5's 512-token window is not exceeded."""


EMBED_KEY = "embed"
EMBED_AS_QUERY = "query"
"""A chunk that is itself a question (a probe: a guide case, a typical question of a row or
of an article) is embedded as a query: it is compared with questions, and e5 models are
trained with the query side for question-to-question similarity. On the fill dev sets this
names the right row 0.921 of the time against 0.911 with passage vectors (fused with BM25);
for the 条例's typical questions, qa_dev3 Recall@3 went 0.950 → 0.983."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """One retrievable unit. ``text`` is quoted to the user verbatim; ``context`` (source,
    chapter, section) is prepended for embedding and BM25 so a bare table row still says
    whose report and which table it belongs to."""

    id: str
    text: str
    context: str
    metadata: Meta = field(default_factory=dict)
    dense_context: str | None = None
    """What the embedding sees instead of ``context`` (None: the same). Report prose keeps its
    organ and year (a short question such as "金乡县平安镇白鹭计划" needs them in the vector
    to reach the passage); table rows name only their table, and are not embedded at all
    (``lexical_only``). Equal embedded texts share one vector (``retrieval.vector_cache``)."""

    @property
    def as_query(self) -> bool:
        """Embedded as a query, not a passage (``EMBED_AS_QUERY``)."""
        return self.metadata.get(EMBED_KEY) == EMBED_AS_QUERY

    @property
    def indexed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text

    @property
    def embedded_text(self) -> str:
        context = self.context if self.dense_context is None else self.dense_context
        return f"{context}\n{self.text}" if context else self.text


_ARTICLE_START = re.compile(r"^第([零〇一二两三四五六七八九十百千]+)条[\s\u3000]*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_CHAPTER = re.compile(r"^第[零〇一二三四五六七八九十]+章")


def is_regulation_file(text: str) -> bool:
    """The 条例 (articles) as opposed to a report format (headings)."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return "条例" in first and "格式" not in first


def chunk_regulation(text: str, source: str) -> list[Chunk]:
    """One chunk per article (第X条 with all its 款 and 项); metadata ``article`` (int) and
    ``chapter``. The promulgation note before 第一条 is not an article and is skipped."""
    stem = Path(source).stem
    chunks: list[Chunk] = []
    chapter = ""
    number: int | None = None
    lines: list[str] = []

    def flush() -> None:
        if number is None:
            return
        body = [ln for ln in lines if ln.strip()]
        parent = f"reg:{stem}:{number:03d}"
        meta: Meta = {
            "kind": "regulation",
            "article": number,
            "chapter": chapter,
            "source": source,
            "status": "published",
        }
        context = f"《{REGULATION_TITLE}》{chapter}"
        chunks.append(Chunk(parent, "\n".join(body).strip(), context, {**meta, "part": "article"}))
        for j, passage in enumerate(_article_passages(body), 1):
            chunks.append(
                Chunk(
                    f"{parent}:p{j:02d}",
                    passage,
                    context,
                    {**meta, "part": "passage", "parent": parent},
                )
            )

    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            title = heading.group(2).strip()
            if _CHAPTER.match(title):
                flush()
                number, lines = None, []
                chapter = title
            continue
        start = _ARTICLE_START.match(line)
        if start:
            flush()
            number = cn_to_int(start.group(1))
            lines = [line]
        elif number is not None:
            lines.append(line)
    flush()
    return chunks


_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
PASSAGE_MIN_CHARS = 120
"""Articles longer than this, with several 款 or 项, also get one passage per 款/项."""


def _article_passages(lines: list[str]) -> list[str]:
    """Passages of a long article: each 款, and each 项 with the sentence that introduces it
    (…下列内容：（一）…). They point to their article, which is what answers quote; they exist
    because one 项 among fifteen is diluted in the article's vector and BM25 length norm."""
    if len(lines) < 2 or sum(len(ln) for ln in lines) < PASSAGE_MIN_CHARS:
        return []
    label_match = _ARTICLE_START.match(lines[0])
    label = lines[0][: label_match.end()].strip() if label_match else ""
    out: list[str] = []
    lead = ""
    for i, line in enumerate(lines):
        body = line[label_match.end() :] if i == 0 and label_match else line
        if _ITEM.match(line):
            out.append(f"{label} {lead}{line}".strip())
            continue
        lead = body if body.endswith(("：", ":")) else ""
        next_is_item = i + 1 < len(lines) and _ITEM.match(lines[i + 1])
        if not (lead and next_is_item):
            out.append(f"{label} {body}".strip())
    return out


def _format_version(text: str, source: str) -> str:
    m = re.search(r"(20\d\d)", Path(source).stem) or re.search(r"〔(20\d\d)〕", text)
    return m.group(1) if m else ""


def _table_line(line: str) -> str | None:
    """A Markdown table row as a text row (cells joined by ｜); None for the --- rule."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
        return None
    dedup: list[str] = []
    for c in cells:
        if c and (not dedup or dedup[-1] != c):
            dedup.append(c)
    return "｜".join(dedup) if dedup else None


FORMAT_MIN_CHARS = 40
"""Shorter format text is an editor's remark ("本部分为文字，没有表格"), not content: kept
out because its heading alone makes it look relevant to every question about that part."""

_SKIP_HEADINGS = {"来源", "参考资料", "参考文献"}
"""Headings whose text is a list of web addresses, not content anyone asks about."""

_EDITORIAL = re.compile(r"^(?:编者|排版说明)")
_EDITORIAL_ASIDE = re.compile(r"（编者[^）]*）")
"""Editors' notes of the corpus files (编者说明/编者注/编者附注/排版说明, all marked 非原文):
they explain the file, they are not the format, so they are never indexed or quoted."""


def chunk_format(text: str, source: str) -> list[Chunk]:
    """The report format by heading (kind ``format``): each heading's text, tables as text
    rows, long parts split into paragraph groups."""
    stem = Path(source).stem
    version = _format_version(text, source)
    title = f"《政府信息公开工作年度报告格式》（{version}年）" if version else "《年度报告格式》"
    chunks: list[Chunk] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []
    counter = 0

    def flush() -> None:
        nonlocal counter
        heading = " › ".join(h for _, h in path[1:]) if len(path) > 1 else ""
        for group in _group(body):
            if len(group) < FORMAT_MIN_CHARS:
                continue
            counter += 1
            chunks.append(
                Chunk(
                    id=f"fmt:{stem}:{counter:03d}",
                    text=group,
                    context=f"{title}{heading}",
                    metadata={
                        "kind": "format",
                        "format_version": version,
                        "heading": heading or title,
                        "source": source,
                        "status": "published",
                    },
                )
            )
        body.clear()

    skipping = False
    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            path = [(lv, h) for lv, h in path if lv < level] + [(level, heading.group(2))]
            title_text = heading.group(2).strip()
            skipping = title_text in _SKIP_HEADINGS or "编者" in title_text
            continue
        if not line or skipping:
            continue
        line = _EDITORIAL_ASIDE.sub("", line.replace("**", ""))
        if _EDITORIAL.match(line.lstrip("> ").strip()):
            continue
        if line.startswith("|"):
            row = _table_line(line)
            if row:
                body.append(row)
        else:
            body.append(line.lstrip("> ").strip())
    flush()
    return chunks


def _split_long(paragraph: str, limit: int) -> list[str]:
    if len(paragraph) <= limit:
        return [paragraph]
    parts: list[str] = []
    current = ""
    for sentence in re.split(r"(?<=[。；;！？])", paragraph):
        if current and len(current) + len(sentence) > limit:
            parts.append(current)
            current = ""
        current += sentence
        while len(current) > limit:
            parts.append(current[:limit])
            current = current[limit:]
    if current:
        parts.append(current)
    return parts


def _group(paragraphs: list[str], limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Paragraphs joined with newlines into groups of at most ``limit`` characters."""
    groups: list[str] = []
    current: list[str] = []
    size = 0
    for para in paragraphs:
        for piece in _split_long(para, limit):
            if current and size + len(piece) > limit:
                groups.append("\n".join(current))
                current, size = [], 0
            current.append(piece)
            size += len(piece) + 1
    if current:
        groups.append("\n".join(current))
    return groups


# ---- annual reports -------------------------------------------------------------------------

_SECTION_ORDER = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_TABULAR = re.compile(r"^[\d\s.,/／\-—–]+$")


@dataclass(frozen=True, slots=True)
class ReportInfo:
    """Who and what a report is, as the index needs it (stored with every chunk)."""

    report_id: str
    organ: str
    region: str | None
    year: int | None
    status: str
    source_name: str
    organ_id: int | None = None
    """The organ's database id: a draft is visible to the chats of this id only."""


def _cell_text(cell: Cell) -> str:
    return cell.text if not cell.is_blank else "空"


def _report_meta(info: ReportInfo, section: str, section_title: str, part: str) -> Meta:
    meta: Meta = {
        "kind": "report",
        "report_id": info.report_id,
        "organ": info.organ,
        "section": section,
        "section_title": section_title,
        "part": part,
        "source": info.source_name,
        "status": info.status,
    }
    if info.region:
        meta["region"] = info.region
    if info.organ_id is not None:
        meta["organ_id"] = info.organ_id
    if info.year is not None:
        meta["year"] = info.year
    return meta


def _section_slug(key: str, order: int) -> str:
    return str(_SECTION_ORDER.get(key, f"x{order}"))


def _prose_lines(text: str) -> list[str]:
    """A section's paragraphs without table residue (tab-separated cells, bare numbers)."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or "\t" in raw.strip("\t") or _TABULAR.match(line):
            continue
        out.append(line)
    return out


def _preface(report: AnnualReport) -> str:
    """Text before the first section (contact details, statistics period): the parser does
    not give it a section, but staff ask about it ("联系电话是多少")."""
    if not report.full_text or not report.sections:
        return ""
    first = report.sections[0]
    heading = f"{first.number}、{first.title}" if first.number else first.title
    pos = report.full_text.find(heading)
    if pos < 0:
        pos = report.full_text.find(first.title)
    if pos <= 0:
        return ""
    lines = _prose_lines(report.full_text[:pos])
    title = re.sub(r"\s+", "", report.title or "")
    return "\n".join(ln for ln in lines if re.sub(r"[\s#]+", "", ln) not in title)


PROBE = "probe"
"""``metadata["part"]`` of a probe chunk: a typical case or question that stands for its
``metadata["parent"]`` (``retrieval.guide.probe_chunks``) and is never quoted."""


def is_probe(meta: Meta) -> bool:
    return meta.get("part") == PROBE


def lexical_only(meta: Meta) -> bool:
    """Report table rows live in the keyword index only: they are found by their words (the
    organ, the row label, the numbers), and as vectors thousands of near-identical template
    rows only crowd the 条例 out of the dense ranking (measured: held-out Recall@3 0.96 →
    0.88 for dense with them). They need no embedding, which is most of a report's chunks."""
    return meta.get("kind") == "report" and meta.get("part") == "table"


REPORT_KIND = "政府信息公开工作年度报告"
"""What every report chunk's embedded text says it belongs to (without organ and year)."""


def chunk_report(report: AnnualReport, info: ReportInfo) -> list[Chunk]:
    """Sections by paragraph groups, then 表二/表三/表四 one text row per table row."""
    year = f"{info.year}年" if info.year is not None else ""
    where = f"{info.region} " if info.region and info.region not in info.organ else ""
    head = f"{where}{info.organ} {year}{REPORT_KIND}"
    rid = info.report_id
    chunks: list[Chunk] = []

    preface = _preface(report)
    if preface:
        for n, group in enumerate(_group(preface.splitlines()), 1):
            chunks.append(
                Chunk(
                    f"rpt:{rid}:0:{n}",
                    group,
                    f"{head} 报告说明",
                    _report_meta(info, "前言", "报告说明", "text"),
                )
            )

    titles: dict[str, str] = {}
    for section in report.sections:
        label = f"{section.number}、{section.title}" if section.number else section.title
        titles[section.key] = label
        slug = _section_slug(section.key, section.order)
        for n, group in enumerate(_group(_prose_lines(section.text)), 1):
            chunks.append(
                Chunk(
                    f"rpt:{rid}:{slug}:{n}",
                    group,
                    f"{head} {label}",
                    _report_meta(info, section.key, label, "text"),
                )
            )

    chunks.extend(_active_rows(report, info, head, titles.get("二", "二、主动公开政府信息情况")))
    chunks.extend(
        _application_rows(
            report, info, head, titles.get("三", "三、收到和处理政府信息公开申请情况")
        )
    )
    chunks.extend(
        _review_row(report, info, head, titles.get("四", "四、政府信息公开行政复议、行政诉讼情况"))
    )
    return chunks


def _active_rows(report: AnnualReport, info: ReportInfo, head: str, title: str) -> list[Chunk]:
    out: list[Chunk] = []
    for n, (key, (para, columns)) in enumerate(t2_items_for(report.format).items(), 1):
        row = report.active.rows.get(key)
        if row is None:
            continue
        headers = report.active.headers.get(para) or columns
        values = "，".join(f"{h} {_cell_text(c)}" for h, c in zip(headers, row.cells, strict=False))
        text = f"{para} {key}：{values}"  # the standard name: printed labels may be garbled
        out.append(
            Chunk(
                f"rpt:{info.report_id}:t2:{n:02d}",
                text,
                f"{head} {title}（表二）",
                _report_meta(info, "二", title, "table"),
                f"{REPORT_KIND} {title}（表二）",
            )
        )
    return out


def _row_values(row: TableRow, columns: tuple[str, ...]) -> str:
    pairs = [
        f"{col} {c.text}" for col, c in zip(columns, row.cells, strict=False) if not c.is_blank
    ]
    return "，".join(pairs) if pairs else "（未填写）"


def _application_rows(report: AnnualReport, info: ReportInfo, head: str, title: str) -> list[Chunk]:
    if report.applications is None:
        return []
    out: list[Chunk] = []
    for n, (key, label) in enumerate(t3_rows_for(report.format), 1):
        row = report.applications.get(key)
        if row is None:
            continue
        prefix = "三、本年度办理结果 " if label.startswith("（") else ""
        text = f"{prefix}{label}：{_row_values(row, APPLICANT_COLUMNS)}"
        out.append(
            Chunk(
                f"rpt:{info.report_id}:t3:{n:02d}",
                text,
                f"{head} {title}（表三）",
                _report_meta(info, "三", title, "table"),
                f"{REPORT_KIND} {title}（表三）",
            )
        )
    return out


def _review_row(report: AnnualReport, info: ReportInfo, head: str, title: str) -> list[Chunk]:
    table = report.review_litigation
    if table is None or not table.found or all(c.is_blank for c in table.cells):
        return []
    groups: dict[str, list[str]] = {}
    for (group, result), cell in zip(T4_COLUMNS, table.cells, strict=False):
        groups.setdefault(group, []).append(f"{result} {_cell_text(cell)}")
    names = {
        "行政复议": "行政复议",
        "未经复议直接起诉": "行政诉讼（未经复议直接起诉）",
        "复议后起诉": "行政诉讼（复议后起诉）",
    }
    text = "；".join(f"{names[g]}：{'，'.join(v)}" for g, v in groups.items())
    return [
        Chunk(
            f"rpt:{info.report_id}:t4:01",
            text,
            f"{head} {title}（表四）",
            _report_meta(info, "四", title, "table"),
            f"{REPORT_KIND} {title}（表四）",
        )
    ]
