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
MEANING_NEAREST = 3
"""How many of a source's typical questions its meaning score averages: the cosine of the
question to each of them, the best three (a source is as near as a few of its typical
questions, not one lucky one). 3, 5 and 10 gave Recall@3 0.974 / 0.973 / 0.971 on the legal
questions of qa_dev7–19 (blended, the classifier alone)."""
MEANING_WEIGHT = 0.5
"""The meaning score's share beside the character n-grams (``blend``). Characters tell
articles apart by their words; a case told in a sector's own nouns (「近三年财务报表」 for a
third party's business information) shares few words with any typical question but is near
some in meaning. On the legal questions of qa_dev7–19, the classifier alone: n-grams Recall@1
/ @3 0.857 / 0.963, blended at 0.5 0.865 / 0.974, at 1.0 0.858 / 0.979. A logistic regression
on the same embeddings scored alike (0.867 / 0.972 at 0.5) but took 6–17 s to train in every
process; this needs no training."""


@dataclass(frozen=True, slots=True)
class SourceClassifier:
    """Scores a question against each source (a guide entry's id) it was trained on."""

    vectorizer: Any
    model: Any
    sources: tuple[str, ...]
    meaning: Any = None
    """The typical questions' embeddings, unit length, one row each (None: characters only)."""
    meaning_sources: Any = None
    """For each source (in ``sources`` order), the rows of ``meaning`` that are its own."""

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        sources: Sequence[str],
        vectors: Sequence[Sequence[float]] | None = None,
    ) -> SourceClassifier | None:
        """Train on ``texts`` labelled with their ``sources``; None when fewer than two
        sources have texts (nothing to tell apart). ``vectors``: the texts' embeddings, in
        the same order, for a second score that reads meaning (``blend``)."""
        if len(texts) != len(sources) or (vectors is not None and len(vectors) != len(texts)):
            raise ValueError("one source (and vector) per text")
        if len(set(sources)) < 2:
            return None
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True)
        features = vectorizer.fit_transform(list(texts))
        model = LinearSVC(C=STRENGTH, random_state=0).fit(features, list(sources))
        known = tuple(str(s) for s in model.classes_)
        if vectors is None:
            return cls(vectorizer, model, known)
        import numpy as np

        matrix = np.asarray(vectors, dtype=np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        labels = np.asarray([str(s) for s in sources])
        rows = tuple(np.flatnonzero(labels == source) for source in known)
        return cls(vectorizer, model, known, matrix, rows)

    def scores(self, question: str, vector: Sequence[float] | None = None) -> dict[str, float]:
        """Each source's margin for ``question`` (higher is nearer; not a probability),
        blended with its meaning score when there are embeddings and ``vector`` (the
        question's query embedding) is given."""
        row = _per_source(self.model.decision_function(self.vectorizer.transform([question])))
        if self.meaning is not None and vector is not None:
            row = blend(row, self._nearness(vector), MEANING_WEIGHT)
        return {source: float(m) for source, m in zip(self.sources, row, strict=True)}

    def _nearness(self, vector: Sequence[float]) -> Any:
        """Per source, the mean cosine of the question to its ``MEANING_NEAREST`` nearest
        typical questions."""
        import numpy as np

        query = np.asarray(vector, dtype=np.float32)
        query /= max(float(np.linalg.norm(query)), 1e-12)
        cosines = self.meaning @ query
        out = np.empty(len(self.sources), dtype=np.float64)
        for nth, rows in enumerate(self.meaning_sources):
            own = cosines[rows]
            take = min(MEANING_NEAREST, len(own))
            out[nth] = np.partition(own, len(own) - take)[-take:].mean() if take else -1.0
        return out

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


def _per_source(margins: Any) -> Any:
    """One margin per source: a two-source model gives one number, for the second source."""
    import numpy as np

    return margins[0] if margins.ndim == 2 else np.array([-margins[0], margins[0]])


def blend(margins: Any, other: Any, weight: float) -> Any:
    """``margins`` plus ``weight`` times ``other`` brought to their scale, then moved back to
    the mean and spread ``margins`` had: the thresholds set on the n-gram margins (how far
    the first must lead, how close a second must be) keep their meaning."""
    spread = float(margins.std()) or 1.0
    other_spread = float(other.std()) or 1.0
    mixed = margins + weight * (other - other.mean()) / other_spread * spread
    mixed_spread = float(mixed.std()) or 1.0
    return margins.mean() + (mixed - mixed.mean()) / mixed_spread * spread


def lead_in(scores: dict[str, float], prefix: str) -> float:
    """``SourceClassifier.lead`` over scores already computed."""
    ours = [v for k, v in scores.items() if k.startswith(prefix)]
    theirs = [v for k, v in scores.items() if not k.startswith(prefix)]
    return max(ours) - max(theirs) if ours and theirs else 0.0
