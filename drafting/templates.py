"""The Jinja2 loader for ``prompts/*.j2``: the report's parts and the drafting prompts.

Templates are Markdown, so autoescaping is off; ``StrictUndefined`` makes a missing variable
an error instead of an empty string, because a silently empty slot in a government report is
worse than a failing test. The directory is the installed ``prompts`` package (like
``prompts/ask.md``), so it works from the source tree, an editable install and a wheel.

    text = render("section_6.md.j2", organ="东城镇人民政府", ...)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from prompts import PROMPTS_DIR

TEMPLATE_DIR: Path = PROMPTS_DIR

__all__ = ["TEMPLATE_DIR", "environment", "render"]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment: strict, no autoescape, block lines trimmed."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(name: str, /, **context: Any) -> str:
    """Render the template ``name`` (e.g. ``"section_1.md.j2"``) with ``context``."""
    return environment().get_template(name).render(**context)
