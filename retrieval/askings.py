"""Typical questions each article of the 条例 answers (corpus/askings/*.yaml, "doc2query").

Staff ask 「情况变了以后原来不公开的还能公开吗」 where 第十八条 says 「动态调整」: the words
barely meet. The project's own list of typical questions per article bridges them: each
question is indexed as a probe of its article (``retrieval.guide.probe_chunks``), so a
question close to one of them ranks the article. Probes are never quoted; the answer is
always the article's own text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from base.errors import ConfigError
from retrieval.chunking import Chunk
from retrieval.guide import probe_chunks


@dataclass(frozen=True, slots=True)
class Askings:
    """The typical questions of one regulation file, by article number."""

    source: str
    questions: dict[int, tuple[str, ...]]


def parse_askings(text: str, name: str = "askings") -> Askings:
    """One askings file; a ConfigError names the file and what is wrong."""
    try:
        data: Any = yaml.safe_load(text)
        source = str(data["source"]).strip()
        questions: dict[int, tuple[str, ...]] = {}
        for item in data.get("articles", []):
            number = int(item["article"])
            found = tuple(str(q).strip() for q in item.get("questions", []) if str(q).strip())
            questions[number] = questions.get(number, ()) + found
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"常见问法文件 {name} 格式不对：{exc}") from exc
    return Askings(source, questions)


def load_askings(corpus_dir: Path) -> list[Askings]:
    """Every ``corpus_dir/askings/*.yaml`` (none when the folder is absent)."""
    folder = corpus_dir / "askings"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return [parse_askings(p.read_text(encoding="utf-8"), p.name) for p in files]


def asking_chunks(askings: Iterable[Askings], chunks: Iterable[Chunk]) -> list[Chunk]:
    """Probe chunks for the articles among ``chunks`` (the regulation's article chunks).
    A question for an article that is not there is a ConfigError: the file and the 条例
    must agree."""
    articles = {
        (str(c.metadata.get("source")), int(c.metadata["article"])): c
        for c in chunks
        if c.metadata.get("kind") == "regulation"
        and "article" in c.metadata
        and "parent" not in c.metadata
    }
    out: list[Chunk] = []
    for item in askings:
        for number, questions in sorted(item.questions.items()):
            parent = articles.get((item.source, number))
            if parent is None:
                raise ConfigError(
                    f"常见问法文件写了第{number}条，但「{item.source}」中没有这一条。"
                )
            out.extend(probe_chunks(parent.id, parent.metadata, questions))
    return out
