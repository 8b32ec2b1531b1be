"""A drafted report as plain data, and its Markdown form.

A section's ``body`` is Markdown paragraphs separated by blank lines; a line that is exactly a
table token (``[[表三]]``) stands for that table. The DOCX writer and the Markdown writer both
read this one structure, so the two outputs cannot say different things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafting.tables import Grid
from ingest.model import SECTION_TITLES

TABLE_TOKEN = "[[{name}]]"
_TOKEN_RE = re.compile(r"^\[\[(表[二三四])\]\]$")

SectionSource = str
"""How a section's text was written: ``template``, ``llm``, or ``template`` after a rejected
LLM text (the reason is in the draft's notes)."""


def table_token(name: str) -> str:
    """The line that stands for table ``name`` (表二/表三/表四) in a section body."""
    return TABLE_TOKEN.format(name=name)


def token_table(line: str) -> str | None:
    """The table name if ``line`` is a table token, else None."""
    m = _TOKEN_RE.match(line.strip())
    return m.group(1) if m else None


@dataclass(frozen=True, slots=True)
class DraftSection:
    """One of the six parts: its numeral (一…六), its printed heading and its body."""

    key: str
    body: str
    source: SectionSource = "template"

    @property
    def heading(self) -> str:
        return f"{self.key}、{SECTION_TITLES[self.key]}"

    def blocks(self) -> list[str]:
        """The body's paragraphs and table tokens, in order."""
        out: list[str] = []
        for part in re.split(r"\n\s*\n", self.body.strip()):
            wrapped: list[
                str
            ] = []  # a paragraph wrapped over lines reads as one (Chinese: no space)
            for line in (ln.strip() for ln in part.splitlines()):
                if token_table(line):
                    out += ["".join(wrapped), line] if wrapped else [line]
                    wrapped = []
                elif line:
                    wrapped.append(line)
            if wrapped:
                out.append("".join(wrapped))
        return out

    @property
    def prose(self) -> str:
        """The text without tables (what H-COPY and the LLM see)."""
        return "\n".join(b for b in self.blocks() if not token_table(b))


@dataclass(frozen=True, slots=True)
class Draft:
    """The whole report: title, the 导语 before 一、, the six sections and the tables."""

    organ: str
    year: int
    title: str
    preface: str
    sections: tuple[DraftSection, ...]
    tables: dict[str, Grid] = field(default_factory=dict)

    def section(self, key: str) -> DraftSection:
        return next(s for s in self.sections if s.key == key)


def section_markdown(section: DraftSection, tables: dict[str, Grid], level: int = 2) -> str:
    """One section as Markdown: its heading, paragraphs and pipe tables."""
    parts = [f"{'#' * level} {section.heading}"]
    for block in section.blocks():
        name = token_table(block)
        parts.append(tables[name].to_markdown() if name else block)
    return "\n\n".join(parts) + "\n"


def to_markdown(draft: Draft) -> str:
    """The whole report as Markdown (``#`` title, ``##`` sections)."""
    parts = [f"# {draft.title}"]
    if draft.preface:
        parts.append(draft.preface)
    parts += [section_markdown(s, draft.tables).rstrip("\n") for s in draft.sections]
    return "\n\n".join(parts) + "\n"
