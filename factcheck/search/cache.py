"""The search index of released datasets, kept on disk so that a new process starts fast.

A release never changes (its manifest holds the sha256 of its records), so the index of a
selection of releases is a function of their checksums and of this version's analysis
(`factcheck.search.engine.INDEX_FORMAT`, the lexicon, the fields and BM25's settings). It is
written to `$FACTCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/factcheck/search`, else
`~/.cache/factcheck/search`, one file per selection, named by the digest of all that; set
`FACTCHECK_CACHE_DIR=off` to keep nothing on disk. A working copy or records from a path
are indexed in memory only.

The file is written atomically (a temporary file renamed over it). Reading it trusts
nothing: the header must name this very selection and format, the payload must match the
sha256 the header gives, and the arrays must fit together (sizes, offsets in order, record
positions inside the selection); otherwise the index is built again and the file replaced.
The file holds only numbers and text, read with `numpy.frombuffer` and `json`: nothing in it
is executed.

With the `semantic` extra, the embeddings of the records' claims are kept beside the index,
in `<digest>.vectors` (the same digest): one row of `factcheck.search.semantic.VECTOR_DTYPE`
per record, written the first time a search of the selection weighs meaning, and read, with
the same checks (its header names the selection, the encoder, the row count and width; the
payload matches its sha256; every value is finite), by the next processes. A process that
searches by words alone never reads it; one without the extra never writes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store.dataset import Dataset
    from .engine import SearchIndex

__all__ = ["VectorFile", "cache_dir", "cached_index"]

_MAGIC = b"factcheck-search-index\n"
_VECTORS_MAGIC = b"factcheck-search-vectors\n"
_MAX_HEADER = 1 << 20


def cache_dir() -> Path | None:
    """The folder of cached indexes, or None when caching is off."""
    chosen = os.environ.get("FACTCHECK_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factcheck" / "search"


def _settings() -> dict[str, Any]:
    from . import engine, lexicon

    tables = json.dumps(
        [lexicon.ALIASES, lexicon.SYNONYMS, lexicon.TRANSLATIONS, sorted(lexicon.STOPWORDS_EN),
         {k: sorted(v) for k, v in lexicon.STOPWORDS.items()}],
        sort_keys=True,
        ensure_ascii=False,
    )  # fmt: skip
    return {
        "format": engine.INDEX_FORMAT,
        "fields": [[field.name, field.weight] for field in engine.FIELDS],
        "k1": engine.K1,
        "b": engine.B,
        "lexicon": hashlib.sha256(tables.encode()).hexdigest(),
    }


def _key(datasets: Sequence[Dataset]) -> str | None:
    """The digest naming the index of `datasets`, or None if one is not a release."""
    parts = []
    for dataset in datasets:
        manifest = dataset.manifest
        entry = manifest.files.get("records.jsonl") if manifest is not None else None
        if entry is None:
            return None
        # A dataset derived from a release (`filter`, a slice) keeps its manifest: the ids say
        # which of its records it holds.
        ids = hashlib.sha256("\n".join(dataset.ids).encode()).hexdigest()
        parts.append([manifest.name, manifest.version, entry.sha256, len(dataset), ids])
    payload = json.dumps([_settings(), parts], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def cached_index(datasets: Sequence[Dataset], build: Callable[[], SearchIndex]) -> SearchIndex:
    """The index of `datasets` from the disk cache, or built by `build` (and cached)."""
    folder = cache_dir()
    key = _key(datasets) if folder is not None else None
    if folder is None or key is None:
        return build()
    path = folder / f"{key}.idx"
    records = [record for dataset in datasets for record in dataset]
    index = read(path, key, records)
    if index is None:
        index = build()
        # A read-only or full disk: search works, and the next process builds the index again.
        with contextlib.suppress(OSError):
            write(path, key, index)
    index.vector_store = VectorFile(folder / f"{key}.vectors", key)
    return index


class VectorFile:
    """The claims' embeddings of one cached index, in the file beside it
    (`factcheck.search.semantic.RecordVectors` reads and writes them through this)."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key

    def read(self, identity: str, count: int) -> Any:
        """The vectors of `count` records embedded by `identity`, or None if the file is
        missing, of another selection or encoder, or damaged."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        try:
            return self._decode(data, identity, count)
        except (ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError):
            return None

    def _decode(self, data: bytes, identity: str, count: int) -> Any:
        import numpy as np

        from .semantic import VECTOR_DTYPE

        framed = _unframed(data, _VECTORS_MAGIC, self.key)
        if framed is None:
            return None
        header, payload = framed
        rows, width = int(header["records"]), int(header["width"])
        if (
            header["encoder"] != identity
            or header["dtype"] != VECTOR_DTYPE
            or rows != count
            or width < 0
            or rows * width * np.dtype(VECTOR_DTYPE).itemsize != len(payload)
        ):
            return None
        vectors = np.frombuffer(payload, dtype=np.dtype(VECTOR_DTYPE).newbyteorder("<"))
        if not np.all(np.isfinite(vectors)):
            return None
        return vectors.reshape(rows, width).astype(VECTOR_DTYPE, copy=False)

    def write(self, identity: str, vectors: Any) -> None:
        """Keep `vectors` (atomically; a disk that refuses them is no error: the next process
        embeds the claims again)."""
        import numpy as np

        from ..files import atomic_target
        from .semantic import VECTOR_DTYPE

        rows = np.ascontiguousarray(vectors, dtype=np.dtype(VECTOR_DTYPE).newbyteorder("<"))
        head = _frame(
            _VECTORS_MAGIC,
            {
                "key": self.key,
                "encoder": identity,
                "dtype": VECTOR_DTYPE,
                "records": rows.shape[0],
                "width": rows.shape[1] if rows.ndim == 2 else 0,
            },
            rows.data,
        )
        from ..errors import UsageError

        with contextlib.suppress(OSError, UsageError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_target(self.path) as tmp, open(tmp, "wb") as out:
                out.write(head)
                out.write(rows.data)


def _frame(magic: bytes, header: dict[str, Any], payload: Any) -> bytes:
    """What a cache file holds before its `payload`: `magic`, the length of the JSON
    `header` and the header itself, with the payload's sha256 added to it."""
    text = json.dumps({**header, "sha256": hashlib.sha256(payload).hexdigest()}).encode()
    return magic + struct.pack("<I", len(text)) + text


def _unframed(data: bytes, magic: bytes, key: str) -> tuple[dict[str, Any], memoryview] | None:
    """The header and payload of a cache file written with `_frame`, or None unless it
    starts with `magic`, has a header of at most `_MAX_HEADER` bytes, is of `key` and its
    payload matches its sha256."""
    if not data.startswith(magic):
        return None
    start = len(magic) + 4
    (size,) = struct.unpack_from("<I", data, len(magic))
    if size > _MAX_HEADER:
        return None
    header = json.loads(data[start : start + size])
    payload = memoryview(data)[start + size :]
    if header["key"] != key or hashlib.sha256(payload).hexdigest() != header["sha256"]:
        return None
    return header, payload


def write(path: Path, key: str, index: SearchIndex) -> None:
    """Write `index` to `path` atomically."""
    from ..files import atomic_write_bytes

    terms = sorted(index.terms, key=index.terms.__getitem__)
    text = json.dumps(
        {"terms": terms, "words": index.words, "languages": list(index.languages)},
        ensure_ascii=False,
    ).encode()
    arrays = [index._offsets.tobytes(), index._docs.tobytes(), index._weights.tobytes()]
    payload = text + b"".join(arrays)
    header = {"key": key, "records": len(index.records), "sizes": [len(text), *map(len, arrays)]}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, _frame(_MAGIC, header, payload) + payload)


def read(path: Path, key: str, records: list[Any]) -> SearchIndex | None:
    """The index in `path` if it is whole and is the index of `key`; else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return _decode(data, key, records)
    except (ValueError, KeyError, TypeError, IndexError, struct.error, UnicodeDecodeError):
        return None


def _decode(data: bytes, key: str, records: list[Any]) -> SearchIndex | None:
    import numpy as np

    from .engine import SearchIndex, _analyzer

    framed = _unframed(data, _MAGIC, key)
    if framed is None:
        return None
    header, payload = framed
    if header["records"] != len(records):
        return None
    text_size, offsets_size, docs_size, weights_size = (int(s) for s in header["sizes"])
    if text_size + offsets_size + docs_size + weights_size != len(payload):
        return None
    parts = json.loads(bytes(payload[:text_size]))
    at = text_size
    offsets = np.frombuffer(payload[at : at + offsets_size], dtype=np.int64)
    at += offsets_size
    docs = np.frombuffer(payload[at : at + docs_size], dtype=np.int32)
    at += docs_size
    weights = np.frombuffer(payload[at:], dtype=np.float32)
    terms = parts["terms"]
    words = parts["words"]
    if not (isinstance(terms, list) and all(isinstance(t, str) for t in terms)):
        return None
    if not (isinstance(words, dict) and all(isinstance(t, str) for t in words.values())):
        return None
    if (
        len(offsets) != len(terms) + 1
        or offsets[0] != 0
        or offsets[-1] != len(docs)
        or len(weights) != len(docs)
        or np.any(np.diff(offsets) < 1)
        or (len(docs) and (docs.min() < 0 or docs.max() >= len(records)))
        or not np.all(np.isfinite(weights))
    ):
        return None
    index = SearchIndex.__new__(SearchIndex)
    index.records = records
    from . import engine

    index.fields = engine.FIELDS
    index.analyzer = _analyzer()
    index.terms = {term: n for n, term in enumerate(terms)}
    if len(index.terms) != len(terms):
        return None
    index.words = words
    index.languages = tuple(str(language) for language in parts["languages"])
    index._set_postings(offsets, docs, weights)
    return index
