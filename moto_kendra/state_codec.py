"""The JSON form of Kendra's resources, for :mod:`moto_kendra.state`.

Every resource is written as what it stores (its attributes, by name), never as code:

- a value of a ``moto_kendra`` class is ``{"$o": "module:Class", "$i": n, "a": {...}}``
  (a dict or set subclass adds ``"items"``); a later mention of the same object is
  ``{"$r": n}``, so shared objects (an index and its children, a ClientToken's resource)
  stay shared;
- tuples, sets, deques, datetimes, bytes and dicts with keys that are not plain strings
  are tagged (``$tu``, ``$s``, ``$dq``, ``$t``, ``$b``, ``$d``); the account a backend
  serves is ``{"$acct": 0}``;
- what is derived is rebuilt instead of written: an index's search engine from its
  documents (the texts each was indexed from, in the engine's order, through the same
  weighting a put uses), Query's FAQ cache (dropped), a sync job's pending S3 crawl (a
  flag; rebuilt for its data source), a status's lifecycle (its name).

Reading accepts only ``moto_kendra`` classes and the tags above: a document cannot make
the reader run code.
"""

from __future__ import annotations

import base64
import importlib
from collections import deque
from datetime import datetime
from functools import partial
from typing import Any

from ._moto.state import Managed
from .resources.account import Account
from .resources.crawl import crawl_s3
from .resources.index import Index
from .resources.lifecycles import LIFECYCLES
from .resources.query_ids import RecentIds
from .resources.records import Document
from .resources.sources import DataSource
from .resources.store import search_values
from .search.engine import SearchIndex

PACKAGE = "moto_kendra."
# A document record, the bulk of most states, is written as a list of its attributes in
# this order (``{"$doc": [n, ...]}``); one with other attributes is written as any object.
DOCUMENT_FIELDS = tuple(vars(Document("")))
_SCALARS = (type(None), bool, int, float, str)


class StateError(ValueError):
    """A state document that cannot be read (corrupt, or of another format version)."""


def _lifecycle_name(model_name: str, transitions: Any) -> str:
    for name, candidate in LIFECYCLES.get(model_name, {}).items():
        if candidate is transitions:
            return name
    raise StateError(f"A {model_name} resource follows no known lifecycle.")


_SORTABLE = (bool, int, float, str, bytes)


def _set_order(items: set[Any] | frozenset[Any]) -> list[Any]:
    """A set's members in an order that does not hang on string hashing: sorted when they are
    all plain values, so that a saved, loaded and saved again state is the same document."""
    if all(type(item) in _SORTABLE for item in items):
        return sorted(items, key=lambda item: (type(item).__name__, item))
    return list(items)


class Encoder:
    """Writes values as JSON; one encoder per document, so references span all of it."""

    def __init__(self) -> None:
        self.refs: dict[int, int] = {}
        self.kept: list[Any] = []  # keeps ids stable while encoding

    def value(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        kind = type(value)
        if kind is list:
            return [self.value(item) for item in value]
        if kind is dict:
            if all(type(key) is str and not key.startswith("$") for key in value):
                return {key: self.value(item) for key, item in value.items()}
            return {"$d": [[self.value(k), self.value(v)] for k, v in value.items()]}
        if kind is tuple:
            return {"$tu": [self.value(item) for item in value]}
        if kind is set:
            return {"$s": [self.value(item) for item in _set_order(value)]}
        if kind is frozenset:
            return {"$fs": [self.value(item) for item in _set_order(value)]}
        if kind is deque:
            return {"$dq": [self.value(item) for item in value]}
        if kind is datetime:
            return {"$t": value.isoformat()}
        if kind is bytes:
            return {"$b": base64.b64encode(value).decode("ascii")}
        if isinstance(value, Account):
            return {"$acct": 0}
        if kind.__module__.startswith(PACKAGE):
            return self.resource(value)
        raise StateError(f"A value of type {kind.__name__} cannot be saved.")

    def resource(self, value: Any) -> dict[str, Any]:
        ref = self.refs.get(id(value))
        if ref is not None:
            return {"$r": ref}
        ref = self.refs[id(value)] = len(self.refs)
        self.kept.append(value)
        kind = type(value)
        if kind is Document and tuple(vars(value)) == DOCUMENT_FIELDS:
            return {"$doc": [ref, *(self.field(value, name) for name in DOCUMENT_FIELDS)]}
        out: dict[str, Any] = {"$o": f"{kind.__module__}:{kind.__qualname__}", "$i": ref}
        out["a"] = {name: self.attribute(value, name, item) for name, item in _attrs(value)}
        if isinstance(value, dict):
            out["items"] = [[self.value(k), self.value(v)] for k, v in value.items()]
        elif isinstance(value, set):
            order = getattr(value, "order", value)
            out["items"] = [self.value(item) for item in order]
            out["a"].pop("order", None)
        if isinstance(value, Index):
            out["search"] = _search_entries(value)
        return out

    def field(self, document: Document, name: str) -> Any:
        """One attribute of a document record: a scalar as it is, else ``{"$p": plain}``
        when its JSON form is itself, or ``{"$e": encoded}``."""
        value = vars(document)[name]
        if type(value) in _SCALARS:
            return value
        encoded = self.attribute(document, name, value)
        return {"$p": encoded} if encoded == value else {"$e": encoded}

    def attribute(self, owner: Any, name: str, value: Any) -> Any:
        if isinstance(owner, Managed) and name == "_transitions":
            return _lifecycle_name(owner.model_name, value)
        if isinstance(owner, Index) and name in ("search", "faq_search"):
            return None
        if name == "crawl" and callable(value):
            return True
        return self.value(value)


def _attrs(value: Any) -> list[tuple[str, Any]]:
    pairs = list(getattr(value, "__dict__", {}).items())
    for kind in type(value).__mro__:
        for name in getattr(kind, "__slots__", ()):
            if hasattr(value, name):
                pairs.append((name, getattr(value, name)))
    return pairs


def _search_entries(index: Index) -> list[list[Any]]:
    """The index's searched documents in engine order: ``[id, field texts]``, or
    ``[id, None, all texts]`` when the body and title texts are not the record's own."""
    entries: list[list[Any]] = []
    search = index.search
    for slot, doc_id in enumerate(search.doc_ids):
        if doc_id is None:
            continue
        texts = search.texts(slot)
        document = index.documents[doc_id]
        if texts[:2] == (document.text, document.title or ""):
            entries.append([doc_id, list(texts[2:])])
        else:
            entries.append([doc_id, None, list(texts)])
    return entries


class Decoder:
    """Reads what :class:`Encoder` wrote for one backend after another (``account``:
    the account the backend being read serves)."""

    def __init__(self) -> None:
        self.objects: dict[int, Any] = {}
        self.account: Account | None = None
        self.max_seq = 0
        self.crawls: list[Any] = []

    def value(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if not isinstance(value, dict):
            raise StateError("Unexpected JSON value.")
        if "$o" in value:
            return self.resource(value)
        if len(value) == 1:
            tag, body = next(iter(value.items()))
            reader = _TAGS.get(tag)
            if reader is not None:
                return reader(self, body)
        return {key: self.value(item) for key, item in value.items()}

    def resource(self, value: dict[str, Any]) -> Any:
        kind = _class(value["$o"])
        ref = value["$i"]
        if ref in self.objects or not isinstance(ref, int):
            raise StateError(f"Object number {ref!r} is not new.")
        if issubclass(kind, set):  # made from its items (RecentIds keeps their order)
            made = self.objects[ref] = kind(self.value(value["items"]))
            return made
        obj: Any = kind.__new__(kind)
        self.objects[ref] = obj
        attrs = {name: self.attribute(obj, name, item) for name, item in value["a"].items()}
        if isinstance(obj, Managed):
            attrs["_transitions"] = _lifecycle(attrs.get("model_name"), attrs["_transitions"])
        for name, item in attrs.items():
            object.__setattr__(obj, name, item)
        if isinstance(obj, dict):
            dict.update(obj, ((self.value(k), self.value(v)) for k, v in value["items"]))
        if isinstance(obj, Index):
            _rebuild_search(obj, value["search"])
        seq = attrs.get("seq")
        if isinstance(seq, int):
            self.max_seq = max(self.max_seq, seq)
        return obj

    def document(self, body: list[Any]) -> Document:
        ref, values = body[0], body[1:]
        if ref in self.objects or not isinstance(ref, int) or len(values) != len(
            DOCUMENT_FIELDS
        ):
            raise StateError("A document record is malformed.")
        document = self.objects[ref] = Document.__new__(Document)
        fields = vars(document)
        for name, value in zip(DOCUMENT_FIELDS, values, strict=True):
            if type(value) is dict:
                value = value["$p"] if "$p" in value else self.value(value["$e"])
            elif type(value) not in _SCALARS:
                raise StateError("A document record is malformed.")
            fields[name] = value
        fields["_transitions"] = _lifecycle("kendra::document", fields["_transitions"])
        return document

    def attribute(self, owner: Any, name: str, value: Any) -> Any:
        if isinstance(owner, Index) and name == "search":
            return SearchIndex()
        if isinstance(owner, Index) and name == "query_ids":  # a plain set in older files
            ids = self.value(value)
            return ids if isinstance(ids, RecentIds) else RecentIds(ids)
        if name == "crawl" and value is True:
            self.crawls.append(owner)
            return None  # set once its data source is read (finish())
        return self.value(value)

    def finish(self, indices: dict[str, Index]) -> None:
        """Give each sync job whose S3 crawl had not run yet that crawl again."""
        pending = {id(job) for job in self.crawls}
        for index in indices.values():
            for source in index.data_sources.values():
                for job in source.jobs.values():
                    if id(job) in pending:
                        job.crawl = _crawl(index, source)

    def read_account(self, body: Any) -> Account:
        if self.account is None:
            raise StateError("An account reference outside a backend.")
        return self.account


def _lifecycle(model: Any, name: Any) -> Any:
    if model not in LIFECYCLES or name not in LIFECYCLES[model]:
        raise StateError(f"Unknown lifecycle {name!r} of {model!r}.")
    return LIFECYCLES[model][name]


def _crawl(index: Index, source: DataSource) -> Any:
    return partial(crawl_s3, index, source)


def _rebuild_search(index: Index, entries: list[list[Any]]) -> None:
    """Put the documents back into a new engine in their saved order, from the texts a
    put picked (weighed as a put's are, when first searched)."""
    index.search = search = SearchIndex()
    index.faq_search = None
    for entry in entries:
        doc_id = entry[0]
        document = index.documents[doc_id]
        if entry[1] is not None:
            texts = (document.text, document.title or "", *entry[1])
        else:
            texts = tuple(entry[2])
        search.add_texts(doc_id, texts, document, search_values(document))


def _class(name: Any) -> type:
    module_name, _, qualname = str(name).partition(":")
    if not module_name.startswith(PACKAGE) or not qualname:
        raise StateError(f"{name!r} is not a moto_kendra class.")
    try:
        found: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        raise StateError(f"{name!r} is not a moto_kendra class.") from None
    if not isinstance(found, type) or issubclass(found, BaseException):
        raise StateError(f"{name!r} is not a moto_kendra class.")
    return found


_TAGS: dict[str, Any] = {
    "$r": lambda self, ref: self.objects[ref],
    "$d": lambda self, pairs: {self.value(k): self.value(v) for k, v in pairs},
    "$tu": lambda self, items: tuple(self.value(items)),
    "$s": lambda self, items: set(self.value(items)),
    "$fs": lambda self, items: frozenset(self.value(items)),
    "$dq": lambda self, items: deque(self.value(items)),
    "$t": lambda self, text: datetime.fromisoformat(text),
    "$b": lambda self, text: base64.b64decode(text.encode("ascii"), validate=True),
    "$acct": lambda self, body: self.read_account(body),
    "$doc": lambda self, body: self.document(body),
}
