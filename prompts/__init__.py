"""Prompt and text templates (data, not code): ``section_*.md.j2`` and ``preface.md.j2`` are
the parts of the annual report, ``draft_*.md.j2`` the drafting prompts, ``ask.md`` the
question-answering prompt. ``drafting.templates`` loads the ``.j2`` files.

This file only makes ``prompts`` a regular package, so the templates ship as package data.
"""
