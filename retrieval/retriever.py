"""The hybrid search as a LangChain retriever, for chains that want ``retriever.invoke(q)``.

Kept apart from ``retrieval.hybrid`` so that answering a question does not import LangChain's
runnable machinery (a second of start-up for ``xxgk ask``).
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from retrieval.filters import SearchFilter
from retrieval.hybrid import Mode, search
from retrieval.search_index import SearchIndex


class HybridRetriever(BaseRetriever):
    """LangChain retriever over a :class:`SearchIndex`: ``retriever.invoke("问题")``."""

    index: SearchIndex
    search_filter: SearchFilter = SearchFilter()
    k: int = 8
    mode: Mode = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = search(self.index, query, self.search_filter, k=self.k, mode=self.mode)
        return [
            Document(id=hit.id, page_content=hit.text, metadata=hit.evidence())
            for hit in result.hits
        ]
