"""Search over an index's documents: text analysis, an incremental inverted index, BM25."""
