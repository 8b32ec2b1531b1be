"""Prompt and text templates (data, not code): ``section_*.md.j2`` and ``preface.md.j2`` are
the parts of the annual report, ``draft_*.md.j2`` the drafting prompts, ``ask.md`` the
question-answering prompt. ``drafting.templates`` loads the ``.j2`` files.

This file only makes ``prompts`` a regular package, so the templates ship as package data.
"""

from importlib.resources import files
from pathlib import Path

PROMPTS_DIR = Path(str(files(__name__)))
"""Where the templates are: the source tree, an editable install or a wheel alike."""
