"""A linear classifier from the project's typical questions to the source each stands for.

The guide's 80 rows and topics each carry forty-odd typical questions in staff's words
(corpus/askings/) and a dozen cases. Ranking a row by its nearest probes (e5) or by BM25
over its words asks "which single text is closest"; a classifier trained on all of them
learns which words tell the rows apart (「涂掉」 partial, 「没有这个」 not held) and which
every row shares (申请, 年报, 填). Character n-grams need no word list and survive the
typos, missing punctuation and dialect spellings of a WeChat message.

Plain Python over scikit-learn: no I/O; the index trains one per process from its probes
(``SearchIndex.classifier``) in a few seconds: 4.4 s for the four asking uses on two cores,
sklearn's import included (``retrieval.answering.CLASSIFIERS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

NGRAMS = (1, 2)
"""Character unigrams and bigrams. Measured on the fill dev sets (fill_dev–fill_dev9,
top-1 alone, before fusion): (1, 2) 0.826, (1, 3) 0.823, (2, 4) 0.809."""
STRENGTH = 1.0
"""LinearSVC's C. 0.3 and 1 are within 0.002 on the fill dev sets; logistic regression at
C=10 is 0.011 better alone and fourteen times slower to train (8 s on two cores)."""


@dataclass(frozen=True, slots=True)
class SourceClassifier:
    """Scores a question against each source (a guide entry's id) it was trained on."""

    vectorizer: Any
    model: Any
    sources: tuple[str, ...]

    @classmethod
    def fit(cls, texts: Sequence[str], sources: Sequence[str]) -> SourceClassifier | None:
        """Train on ``texts`` labelled with their ``sources``; None when fewer than two
        sources have texts (nothing to tell apart)."""
        if len(texts) != len(sources):
            raise ValueError("one source per text")
        if len(set(sources)) < 2:
            return None
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True)
        features = vectorizer.fit_transform(list(texts))
        model = LinearSVC(C=STRENGTH, random_state=0).fit(features, list(sources))
        return cls(vectorizer, model, tuple(str(s) for s in model.classes_))

    def scores(self, question: str) -> dict[str, float]:
        """Each source's margin for ``question`` (higher is nearer; not a probability)."""
        margins = self.model.decision_function(self.vectorizer.transform([question]))
        row = margins[0] if margins.ndim == 2 else [-margins[0], margins[0]]
        return {source: float(m) for source, m in zip(self.sources, row, strict=True)}

    def lead(self, question: str, prefix: str) -> float:
        """How far the best source whose id starts with ``prefix`` scores above the best of
        the others (negative when behind; 0.0 when either side has no source)."""
        return lead_in(self.scores(question), prefix)

    def ranking(
        self,
        question: str,
        among: Sequence[str] | None = None,
        *,
        scores: dict[str, float] | None = None,
    ) -> list[str]:
        """Sources best first, only those in ``among`` when it is given (``scores``: this
        question's, when the caller has them already)."""
        scores = self.scores(question) if scores is None else scores
        keys = scores if among is None else [s for s in among if s in scores]
        return sorted(keys, key=lambda s: -scores[s])


def lead_in(scores: dict[str, float], prefix: str) -> float:
    """``SourceClassifier.lead`` over scores already computed."""
    ours = [v for k, v in scores.items() if k.startswith(prefix)]
    theirs = [v for k, v in scores.items() if not k.startswith(prefix)]
    return max(ours) - max(theirs) if ours and theirs else 0.0
