"""Retrieval for ``xxgk ask``: chunking, embeddings, the Chroma + BM25 index, hybrid search,
extractive and LLM answers with verified citations, and the QA evaluation.

Channels do not import this package; they call ``services.ask``.
"""
