"""Drafting the annual report (政府信息公开工作年度报告) from the organ's numbers and facts.

The pipeline, one module per step:

``data``        load the data file and validate it with the checker's table rules
``facts``       the organ's facts (``facts`` keys) that the tables cannot give
``templates``   the Jinja2 loader for ``prompts/*.j2`` (strict, no autoescape)
``sections``    render each part from ``prompts/section_*.md.j2``; numbers from the tables
``variation``   wording variants, so no part repeats last year's report (H-COPY)
``precedent``   comparable passages of published reports (same kind, region, recent)
``numbers``     the numbers a text states and the numbers a draft may state
``llm``         optional LLM rewrite, kept only when it adds no number the data lacks
``compose``     all of the above, then the checker on the whole draft
``tables``      the three tables as grids with the format's merged cells
``drafted_report`` the draft as data and as Markdown; ``docx_writer`` writes it as Word

Channels call ``services.drafting.draft_report``; see drafting/README.md for the data file.
"""
