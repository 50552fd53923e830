"""Save and load all of Kendra's state (every account and region).

- :func:`export` returns a JSON-serialisable document: ``{"format": "moto-kendra-state",
  "version": 1, "backends": [...]}``, one entry per account and region holding Kendra
  resources (indexes with everything under them: documents with their content, data
  sources and their sync-job history, FAQs, thesauri, block lists, query-suggestion
  settings and query log, featured results sets, experiences, access control
  configurations, principal mappings), their tags and the ClientTokens still
  remembered.  Statuses are saved as they stand, with moto's state-manager progress, so
  a resource mid-transition is still mid-transition after a load.
- :func:`load` replaces Kendra's state with such a document.  It reads the whole
  document first: one of another format or version, or a corrupt one, raises
  :class:`StateError` and leaves the current state untouched.
- :func:`save_file` / :func:`load_file`: the same with a file (written atomically: a
  temporary file renamed over the target); ``moto-kendra-server --state-file`` uses them.
- ``GET /moto-api/kendra/state`` answers the document; ``POST`` loads one (400
  ``{"error": ...}`` when it is refused).

Fault rules and state-manager transitions are configuration, not state: neither is saved.
What the document holds is described in :mod:`moto_kendra.state_codec`.
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .resources.account import Account
from .resources.base import continue_after
from .resources.index import Index
from .state_codec import Decoder, Encoder, StateError

__all__ = ["FORMAT", "VERSION", "StateError", "export", "load", "load_file", "save_file"]

FORMAT = "moto-kendra-state"
VERSION = 1
_CORRUPT = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


def _backends() -> list[tuple[str, str, Any]]:
    from .models import kendra_backends

    return [
        (account_id, region, backend)
        for account_id, per_account in list(kendra_backends.items())
        for region, backend in list(per_account.items())
    ]


def export() -> dict[str, Any]:
    """Every account and region's Kendra state as one JSON-serialisable document."""
    encoder = Encoder()
    entries = []
    for account_id, region, backend in _backends():
        with backend.lock:
            if not backend.indices and not backend.tagger.tags and not backend.client_tokens:
                continue
            entries.append({
                "account_id": account_id,
                "region": region,
                "tags": backend.tagger.tags,
                "indices": encoder.value(backend.indices),
                "client_tokens": encoder.value(backend.client_tokens),
            })
    return json.loads(json.dumps({"format": FORMAT, "version": VERSION, "backends": entries}))


def load(document: Any) -> None:
    """Replace Kendra's state with ``document`` (from :func:`export`; a JSON string or
    bytes is parsed first).  Refused with :class:`StateError`, state untouched, when it is
    not a document of this format version or cannot be read."""
    with _collector_paused():
        if isinstance(document, (str, bytes, bytearray)):
            try:
                document = json.loads(document)
            except (ValueError, UnicodeDecodeError) as error:
                raise StateError(f"The state document is not JSON: {error}") from None
        built, max_seq = _read(document)
        _replace(built)
        continue_after(max_seq)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a state is read: reading makes
    millions of objects that all live on, and each collection would walk them all again
    (loading 100,000 documents took 5 times longer with it running)."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _read(document: Any) -> tuple[list[dict[str, Any]], int]:
    """Everything the document describes, built apart from the live state."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StateError(f"Not a {FORMAT} document.")
    version = document.get("version")
    if version != VERSION:
        raise StateError(
            f"State format version {version!r} cannot be loaded: this moto-kendra reads "
            f"version {VERSION}."
        )
    decoder = Decoder()
    built = []
    try:
        for entry in document["backends"]:
            account = Account(str(entry["account_id"]), str(entry["region"]))
            decoder.account = account
            tags = {str(arn): dict(pairs) for arn, pairs in entry["tags"].items()}
            account.tagger.tags = tags
            indices = decoder.value(entry["indices"])
            tokens = decoder.value(entry["client_tokens"])
            if not isinstance(tokens, dict) or not isinstance(indices, dict) or not all(
                isinstance(index, Index) and index_id == index.id
                for index_id, index in indices.items()
            ):
                raise TypeError("indices must map ids to indexes, client_tokens be a map")
            decoder.finish(indices)
            built.append({"account": account, "indices": indices, "client_tokens": tokens})
    except StateError:
        raise
    except _CORRUPT as error:
        raise StateError(f"The state document is corrupt: {error!r}") from None
    return built, decoder.max_seq


def _replace(built: list[dict[str, Any]]) -> None:
    from .models import kendra_backends

    for entry in built:  # every backend is found before anything changes
        account = entry["account"]
        try:
            kendra_backends[account.account_id][account.region_name]
        except KeyError:
            raise StateError(f"Unknown region {account.region_name!r}.") from None
    for account_id, region, backend in _backends():
        _install(backend, {"account": Account(account_id, region)})
    for entry in built:
        account = entry["account"]
        _install(kendra_backends[account.account_id][account.region_name], entry)


def _install(backend: Any, entry: dict[str, Any]) -> None:
    with backend.lock:
        backend.account = entry["account"]
        backend.tagger = backend.account.tagger
        backend.indices = entry.get("indices", {})
        backend.client_tokens = entry.get("client_tokens", {})


def save_file(path: str | os.PathLike[str]) -> None:
    """Write :func:`export` to ``path`` atomically (a temporary file beside it, renamed)."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    handle, temporary = tempfile.mkstemp(prefix=".kendra-state-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(export(), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def load_file(path: str | os.PathLike[str]) -> None:
    """:func:`load` the document in the file at ``path``."""
    with open(path, "rb") as source:
        load(source.read())


def state_response(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    """``GET /moto-api/kendra/state``: the document; ``POST`` it: load it (400
    ``{"error": ...}`` and the state untouched when refused)."""
    from ._moto.requests import raw_bytes

    json_type = {"Content-Type": "application/json"}
    method = request.method.upper()
    if method == "GET":
        return 200, json_type, json.dumps(export())
    if method != "POST":
        return 405, json_type, json.dumps({"error": "Use GET or POST."})
    try:
        load(raw_bytes(request) or b"")
    except StateError as error:
        return 400, json_type, json.dumps({"error": str(error)})
    return 200, json_type, json.dumps({"loaded": True})
