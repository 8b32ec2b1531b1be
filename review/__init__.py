"""The reviewed copy of a user's own Word file: every finding as a comment (批注) where it is.

Two parts, so that the deciding stays testable without Word files:

* ``review.anchors`` (pure): which place in the document each finding belongs to, from the
  source positions the DOCX reader records (table index, row, grid column, paragraph index),
  and the Chinese text of each comment and of the summary on the title;
* ``review.word`` (adapter): writes those comments into a copy of the file with python-docx,
  changing nothing else in the document.

    plan = plan_review(document, report, findings)
    reviewed = annotate_docx(original_bytes, plan)
"""

from __future__ import annotations

from review.anchors import (
    AUTHOR,
    CellAnchor,
    ParagraphAnchor,
    ReviewComment,
    ReviewPlan,
    plan_review,
    reviewed_filename,
)

__all__ = [
    "AUTHOR",
    "CellAnchor",
    "ParagraphAnchor",
    "ReviewComment",
    "ReviewPlan",
    "plan_review",
    "reviewed_filename",
]
