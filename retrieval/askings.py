"""Typical questions each article of the 条例, and each entry of the filling guide, answers
(corpus/askings/*.yaml, "doc2query").

Staff ask 「情况变了以后原来不公开的还能公开吗」 where 第十八条 says 「动态调整」, and
「给了他一部分，涂掉了身份证号，表三放哪」 where the guide's row says 「（二）部分公开」: the words
barely meet. The project's own lists of typical questions bridge them: each question is
indexed as a probe of its article or guide entry (``retrieval.guide.probe_chunks``), so a
question close to one of them ranks that source. Probes are never quoted; the answer is
always the article's own text or the guide entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from base.errors import ConfigError
from retrieval.chunking import Chunk
from retrieval.guide import case_text, probe_chunks

GUIDE_TAG = "a"
"""Probe ids of a guide entry's typical questions (``guide:t3-2:a01``), apart from the ids of
its cases (``guide:t3-2:q01``)."""


SUBJECT_KINDS = ("law", "procedure", "offtopic", "smalltalk")
"""What a subject outside the 条例 is: another law (「这是《档案法》的规定」), a procedure with
rules of its own (信访, 村务公开), a request that has nothing to do with disclosure (代写总结,
天气), or small talk."""


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject the 条例 does not answer, with the questions staff ask about it: they teach
    the classifier what lies outside (``retrieval.elsewhere``) and are never indexed."""

    id: str
    name: str
    kind: str
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Askings:
    """The typical questions of one file: by article number of the regulation file ``source``,
    by guide entry id (a file with ``guide:`` instead of ``source:``), or by subject outside
    the 条例 (a file with ``elsewhere:``)."""

    source: str
    questions: dict[int, tuple[str, ...]] = field(default_factory=dict)
    entries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    subjects: tuple[Subject, ...] = ()


def _questions(item: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(q).strip() for q in item.get("questions", []) if str(q).strip())


def _subject(item: dict[str, Any]) -> Subject:
    kind = str(item["kind"]).strip()
    if kind not in SUBJECT_KINDS:
        raise ValueError(f"kind 应为 {'、'.join(SUBJECT_KINDS)} 之一，而不是「{kind}」")
    return Subject(str(item["id"]).strip(), str(item["name"]).strip(), kind, _questions(item))


def parse_askings(text: str, name: str = "askings") -> Askings:
    """One askings file; a ConfigError names the file and what is wrong."""
    try:
        data: Any = yaml.safe_load(text)
        if "elsewhere" in data:
            return Askings(name, subjects=tuple(_subject(item) for item in data["elsewhere"]))
        if "guide" in data:
            entries: dict[str, tuple[str, ...]] = {}
            for item in data.get("entries", []):
                key = str(item["id"]).strip()
                entries[key] = entries.get(key, ()) + _questions(item)
            return Askings(str(data["guide"]).strip(), entries=entries)
        source = str(data["source"]).strip()
        questions: dict[int, tuple[str, ...]] = {}
        for item in data.get("articles", []):
            number = int(item["article"])
            questions[number] = questions.get(number, ()) + _questions(item)
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"常见问法文件 {name} 格式不对：{exc}") from exc
    return Askings(source, questions)


def load_askings(corpus_dir: Path) -> list[Askings]:
    """Every ``corpus_dir/askings/*.yaml`` (none when the folder is absent)."""
    folder = corpus_dir / "askings"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return [parse_askings(p.read_text(encoding="utf-8"), p.name) for p in files]


def load_subjects(corpus_dir: Path) -> tuple[Subject, ...]:
    """The subjects outside the 条例 of every askings file, read again only when a file
    changed (a question must not pay for parsing five thousand typical questions)."""
    folder = corpus_dir / "askings"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return _subjects(tuple((str(p), p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=8)
def _subjects(files: tuple[tuple[str, int], ...]) -> tuple[Subject, ...]:
    found: list[Subject] = []
    for name, _ in files:
        path = Path(name)
        found.extend(parse_askings(path.read_text(encoding="utf-8"), path.name).subjects)
    return tuple(found)


def asking_chunks(askings: Iterable[Askings], chunks: Iterable[Chunk]) -> list[Chunk]:
    """Probe chunks for the articles and guide entries among ``chunks`` (the regulation's
    article chunks and the guide's entry chunks). A question for an article or an entry that
    is not there is a ConfigError: the file and the corpus must agree."""
    articles: dict[tuple[str, int], Chunk] = {}
    entries: dict[str, Chunk] = {}
    for c in chunks:
        if "parent" in c.metadata:
            continue
        if c.metadata.get("kind") == "regulation" and "article" in c.metadata:
            articles[(str(c.metadata.get("source")), int(c.metadata["article"]))] = c
        elif c.metadata.get("kind") == "guide":
            entries[str(c.metadata["guide_id"])] = c
    out: list[Chunk] = []
    for item in askings:
        for number, questions in sorted(item.questions.items()):
            parent = articles.get((item.source, number))
            if parent is None:
                raise ConfigError(
                    f"常见问法文件写了第{number}条，但「{item.source}」中没有这一条。"
                )
            # question to question: e5's symmetric use (the guide's probes are embedded so too)
            out.extend(probe_chunks(parent.id, parent.metadata, questions, as_query=True))
        for key, questions in sorted(item.entries.items()):
            entry = entries.get(key)
            if entry is None:
                raise ConfigError(f"常见问法文件写了填报指引「{key}」，但填报指引中没有这一条。")
            texts = map(case_text, questions)
            out.extend(probe_chunks(entry.id, entry.metadata, texts, GUIDE_TAG, as_query=True))
    return out
