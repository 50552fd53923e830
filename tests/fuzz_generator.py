"""Request bodies for the fuzzer (see ``fuzz_support``): valid ones built from botocore's input
shapes, and every invalid kind of :data:`fuzz_support.KINDS` made by editing a valid one.

Everything random comes from one ``random.Random`` seeded by ``(seed, operation, number)``,
so the same triple always gives the same request against the same world."""

from __future__ import annotations

import base64
import gzip
import json
import random
import zlib
from dataclasses import dataclass
from typing import Any

import requests
from fuzz_support import (
    BUCKET,
    CANDIDATES,
    CRAWL_BUCKET,
    DEEP,
    ID_SHAPES,
    KINDS,
    MODEL,
    ON_VICTIM,
    UNICODE,
    Case,
    World,
    health,
    send,
    verdict,
)

from moto_kendra.protocol.model import compile_pattern

Path = tuple[Any, ...]
SENTINEL = "@@RAW{}@@"


def rng_for(seed: int, operation: str, number: int) -> random.Random:
    return random.Random(zlib.crc32(f"{seed}/{operation}/{number}".encode()))


def make_case(seed: int, operation: str, number: int, huge: int = 20_000) -> Case:
    """Case ``number`` of ``operation`` under ``seed``: half valid, half one invalid kind."""
    rng = rng_for(seed, operation, number)
    kind = "valid" if rng.random() < 0.5 else rng.choice(KINDS)
    if kind == "edited_token" and "NextToken" not in _members(operation):
        kind = "invalid_json"

    def build(world: World) -> tuple[bytes, dict[str, str]]:
        body = Body(random.Random(rng.random()), world, operation, huge)
        return body.make(kind)

    return Case(seed, operation, number, kind, build)


def _members(operation: str) -> dict[str, Any]:
    shape = MODEL.operation_model(operation).input_shape
    return dict(shape.members) if shape is not None else {}


class Body:
    """One request body of one operation, generated against one world."""

    def __init__(self, rng: random.Random, world: World, operation: str, huge: int) -> None:
        self.rng, self.world, self.operation, self.huge = rng, world, operation, huge
        self.shape = MODEL.operation_model(operation).input_shape
        self.raw: list[str] = []  # text spliced in for SENTINEL.format(i)

    # ------------------------------------------------------------------ valid values

    def value(self, shape: Any, depth: int = 0, full: bool = False) -> Any:
        kind = shape.type_name
        if kind == "structure":
            if shape.metadata.get("document"):
                return {"k": [1, "two", None, {"x": True}]}
            return self.structure(shape, depth, full)
        if kind == "list":
            low = shape.metadata.get("min", 0)
            high = min(shape.metadata.get("max", 3), low + 3)
            return [self.value(shape.member, depth + 1, full)
                    for _ in range(self.rng.randint(low, max(low, high)))]
        if kind == "map":
            return {self.value(shape.key, depth + 1): self.value(shape.value, depth + 1, full)
                    for _ in range(self.rng.randint(0, 2))}
        return self.scalar(shape)

    def structure(self, shape: Any, depth: int, full: bool) -> dict[str, Any]:
        names = list(shape.members)
        if shape.metadata.get("union"):
            names = [self.rng.choice(names)]
        out = {}
        for name in names:
            chance = 0.0 if depth > 3 else (0.9 if full else 0.4)
            if name in shape.required_members or self.rng.random() < chance:
                out[name] = self.value(shape.members[name], depth + 1, full)
        return out

    def scalar(self, shape: Any) -> Any:
        kind, meta = shape.type_name, shape.metadata
        if kind == "string":
            return self.string(shape)
        if kind in ("integer", "long"):
            low, high = meta.get("min", 0), meta.get("max")
            if high is None and self.rng.random() < 0.1:
                return self.rng.choice((10**12, 2**62))  # allowed: the model has no maximum
            return self.rng.randint(low, min(high if high is not None else low + 50, low + 50))
        if kind in ("float", "double"):
            return round(self.rng.uniform(0, 10), 3)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "timestamp":
            return self.rng.choice((0, 1_700_000_000, 1_700_000_000.5, 4_102_444_800))
        if kind == "blob":
            junk = bytes(self.rng.randrange(256) for _ in range(64))
            data = self.rng.choice(
                (b"hello fuzz world", b"%PDF-1.4 junk", b"<html><p>x</p>", junk, b"\x00" * 64))
            return base64.b64encode(data).decode()
        raise AssertionError(kind)

    def string(self, shape: Any) -> str:
        meta = shape.metadata
        if shape.enum:
            return str(self.rng.choice(shape.enum))
        known = ID_SHAPES.get(shape.name)
        if known is not None:
            pool = self.world.ids.get(known) or ["unknown-id"]
            if known == "index" and self.operation in ON_VICTIM:
                pool = self.world.ids["victim"]
            if self.rng.random() < 0.9:
                return str(self.rng.choice(pool))
        if shape.name == "RoleArn":
            return "arn:aws:iam::123456789012:role/kendra"
        if shape.name == "S3ObjectKey":
            return self.rng.choice(self.world.files)
        if shape.name == "S3BucketName":
            return self.rng.choice((BUCKET, BUCKET, BUCKET, CRAWL_BUCKET, "no-such-bucket"))
        low, high = meta.get("min", 1), min(meta.get("max", 40), 40)
        regex = compile_pattern(meta["pattern"]) if "pattern" in meta else None
        word = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                       for _ in range(self.rng.randint(max(low, 1), max(low, high, 1))))
        for candidate in (word, "fuzz", *CANDIDATES, word[:1] * max(low, 1)):
            if low <= len(candidate) <= meta.get("max", 10**9) and (
                    regex is None or regex.fullmatch(candidate)):
                return candidate
        return word

    # ------------------------------------------------------------------ paths

    def nodes(self, value: Any, shape: Any, path: Path = ()) -> list[tuple[Path, Any]]:
        """Every ``(path, shape)`` present in ``value``, the root excluded."""
        found: list[tuple[Path, Any]] = [(path, shape)] if path else []
        kind = shape.type_name
        if kind == "structure" and isinstance(value, dict) and not shape.metadata.get("document"):
            for name, child in value.items():
                if name in shape.members:
                    found += self.nodes(child, shape.members[name], (*path, name))
        elif kind == "list" and isinstance(value, list):
            for i, child in enumerate(value):
                found += self.nodes(child, shape.member, (*path, i))
        elif kind == "map" and isinstance(value, dict):
            for key, child in value.items():
                found += self.nodes(child, shape.value, (*path, key))
        return found

    def splice(self, text: str) -> str:
        self.raw.append(text)
        return SENTINEL.format(len(self.raw) - 1)

    def encode(self, body: Any) -> bytes:
        text = json.dumps(body)
        for i, raw in enumerate(self.raw):
            text = text.replace(json.dumps(SENTINEL.format(i)), raw)
        return text.encode("utf-8", "surrogatepass")

    # ------------------------------------------------------------------ kinds

    def make(self, kind: str) -> tuple[bytes, dict[str, str]]:
        if self.shape is None:
            body: dict[str, Any] = {}
        else:
            body = self.structure(self.shape, 0, full=kind not in ("valid", "non_object"))
        if kind in ("valid", "non_object", "invalid_json", "gzip_junk"):
            return getattr(self, f"_{kind}")(body)  # type: ignore[no-any-return]
        nodes = self.nodes(body, self.shape) if self.shape is not None else []
        edited = getattr(self, f"_{kind}")(body, nodes)
        return self.encode(body if edited is None else edited), {}

    def _valid(self, body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        return self.encode(body), {}

    def _set(self, body: Any, path: Path, value: Any) -> None:
        for step in path[:-1]:
            body = body[step]
        body[path[-1]] = value

    def _pick(self, nodes: list[tuple[Path, Any]], *types: str) -> tuple[Path, Any] | None:
        chosen = [node for node in nodes if not types or node[1].type_name in types]
        return self.rng.choice(chosen) if chosen else None

    def _wrong_type(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        node = self._pick(nodes)
        if node is None:
            return {"Unknown": 1}
        path, shape = node
        others = {"string": [1, True, [], {}], "structure": ["s", [1], 7], "list": [{}, "s", 1],
                  "map": [[], "s"], "boolean": ["true", 1, []], "blob": [1, {}, "***not64***"],
                  "timestamp": ["yesterday", [], True]}
        choices = others.get(shape.type_name, ["1", [1], {}, True, 1.5, None])
        self._set(body, path, self.rng.choice(choices))
        return None

    def _missing_required(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        required = [(path, shape) for path, shape in nodes if isinstance(path[-1], str)
                    and path[-1] in self._parent(path).required_members]
        top = [name for name in (self.shape.required_members if self.shape else []) if name in body]
        if required and self.rng.random() < 0.5:
            path, _ = self.rng.choice(required)
            parent = body
            for step in path[:-1]:
                parent = parent[step]
            del parent[path[-1]]
        elif top:
            del body[self.rng.choice(top)]
        return None

    def _parent(self, path: Path) -> Any:
        shape = self.shape
        for step in path[:-1]:
            kind = shape.type_name
            shape = shape.members[step] if kind == "structure" else (
                shape.member if kind == "list" else shape.value)
        return shape if shape.type_name == "structure" else _NoRequired

    def _out_of_range(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        node = self._pick(nodes, "integer", "long", "float", "double")
        if node is None:
            return self._too_long(body, nodes)
        path, shape = node
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        choices: list[Any] = [2**63, -(2**63) - 1, 1.5, -0.0, self.splice("1e999"),
                              self.splice("-1e999"), self.splice("1" * 400)]
        choices += [low - 1] if low is not None else []
        choices += [high + 1] if high is not None else []
        self._set(body, path, self.rng.choice(choices))
        return None

    def _too_long(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        bounded = [(p, s) for p, s in nodes if s.type_name in ("string", "list")
                   and ("max" in s.metadata or s.metadata.get("min", 0) > 1)]
        if not bounded:
            return self._unknown_member(body, nodes)
        path, shape = self.rng.choice(bounded)
        high, low = shape.metadata.get("max"), shape.metadata.get("min", 0)
        size = min(high + 1, self.huge * 10) if high is not None else low - 1
        if self.rng.random() < 0.3 and low > 1:
            size = low - 1
        if shape.type_name == "string":
            self._set(body, path, "é" * size if self.rng.random() < 0.3 else "a" * size)
        else:
            item = self.value(shape.member)
            self._set(body, path, [item] * size)
        return None

    def _bad_enum(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        enums = [(p, s) for p, s in nodes if s.type_name == "string" and s.enum]
        if not enums:
            return self._unicode_nul(body, nodes)
        path, shape = self.rng.choice(enums)
        junk = self.rng.choice((str(shape.enum[0]).lower(), "NOT_A_VALUE", "", " " + shape.enum[0],
                                "\x00", "x" * 5000))
        self._set(body, path, junk)
        return None

    def _unicode_nul(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        strings = [(p, s) for p, s in nodes if s.type_name == "string"]
        text = "".join(self.rng.choice(UNICODE) for _ in range(self.rng.randint(1, 4)))
        if not strings:
            body["Unicode\x00Key"] = text
            return None
        path, _ = self.rng.choice(strings)
        self._set(body, path, text)
        return None

    def _deep_nesting(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        levels = self.rng.choice((50, 500, DEEP, DEEP * 10))
        if "AttributeFilter" in body or self.rng.random() < 0.2 and self.shape is not None \
                and "AttributeFilter" in self.shape.members:
            nested = '{"AndAllFilters":[' * levels + "{}" + "]}" * levels
            body["AttributeFilter"] = self.splice(nested)
            return None
        raw = self.rng.choice(("[" * levels + "]" * levels, '{"a":' * levels + "1" + "}" * levels))
        node = self._pick(nodes)
        if node is None or self.rng.random() < 0.3:
            body["Nested"] = self.splice(raw)
        else:
            self._set(body, node[0], self.splice(raw))
        return None

    def _huge_list(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        node = self._pick(nodes, "list")
        item = self.value(node[1].member) if node else "x"
        values = [item] * self.huge
        if node is None:
            body["Huge"] = values
        else:
            self._set(body, node[0], values)
        return None

    def _unknown_member(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        body.update(self.rng.choice((
            {"__proto__": {"x": 1}, "constructor": None},
            {name.lower(): "x" for name in list(body)},
            {f"k{i}": i for i in range(1000)},
            {"": "", " ": [], "\x00": {}},
        )))
        return None

    def _non_object(self, body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        return self.rng.choice((b"[]", b'"string"', b"1", b"null", b"true", b"-0.5e3",
                                json.dumps([body]).encode(), b"[" * DEEP + b"]" * DEEP)), {}

    def _invalid_json(self, body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        text = self.encode(body)
        return self.rng.choice((
            b"{", text[:-1], text + b"x", b"{'a': 1}", b'{"a": NaN}', b'{"a": -Infinity}',
            b"\xff\xfe{}", b"\xef\xbb\xbf" + text, b'{"a":1,}', b'{"a" 1}', b"\x00" * 10,
            b'{"IndexId": "\\ud800"}', b'{"a": "unterminated', text.replace(b":", b"=", 1),
            text.decode("latin-1").encode("utf-16"), b"{" * DEEP,
        )), {}

    def _gzip_junk(self, body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        packed = gzip.compress(self.encode(body))
        data = self.rng.choice((
            b"", b"not gzip at all", packed, packed[:-6], packed[:12], gzip.compress(packed),
            bytes(self.rng.randrange(256) for _ in range(200)), b"\x1f\x8b" + b"\x00" * 30,
            gzip.compress(b"[" * DEEP), gzip.compress(b" " * (self.huge * 500)),
        ))
        header = self.rng.choice(("gzip", "GZIP", "gzip, identity", "deflate", "x-gzip"))
        return data, {"Content-Encoding": header}

    def _edited_token(self, body: dict[str, Any], nodes: list[tuple[Path, Any]]) -> Any:
        required = {k: v for k, v in body.items()
                    if self.shape is not None and k in self.shape.required_members}
        token = self.world.token(self.operation, required)
        body = {**required, "NextToken": self.edit_token(token)}
        return body

    def edit_token(self, token: str | None) -> str:
        """A token this server never issued: a real one edited, or a plausible fake."""
        decoded: Any = None
        if token:
            try:
                decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
            except ValueError:
                decoded = None
        if not isinstance(decoded, dict):
            decoded = {"d": "0" * 16, "a": 1}
        if token and self.rng.random() < 0.3:
            position = self.rng.randrange(len(token))
            flipped = token[:position] + self.rng.choice("A_-=/+") + token[position + 1:]
            return self.rng.choice((flipped, token[:-3], token + "==", token * 3, " " + token))
        decoded["a"] = self.rng.choice((
            "x", [], [1], ["a", 1], [1, "a", 2], [[1]], {"x": 1}, None, True, -1, 10**30,
            float("1e308"), [None], "\x00", ["\ud800", 1],
        ))
        if self.rng.random() < 0.2:
            decoded.pop(self.rng.choice(list(decoded)), None)
        raw = json.dumps(decoded).encode("utf-8", "surrogatepass")
        return base64.urlsafe_b64encode(raw).decode()


class _NoRequired:
    required_members: list[str] = []


@dataclass
class Outcome:
    """What one case got: its problems (``[]`` = a well-formed answer) and its time."""

    case: Case
    status: int
    problems: list[str]
    seconds: float

    def describe(self) -> str:
        return f"{self.case.reproducer}: HTTP {self.status}: {'; '.join(self.problems)}"


def run_case(world: World, case: Case) -> Outcome:
    body, headers = case.build(world)
    try:
        answer = send(world.endpoint, case.operation, body, headers)
    except requests.RequestException as error:
        return Outcome(case, 0, [f"no answer: {type(error).__name__}"], 0.0)
    return Outcome(case, answer.status, verdict(case.operation, answer), answer.seconds)


def run_batch(world: World, seed: int, operation: str, numbers: range,
              huge: int = 20_000) -> list[Outcome]:
    """Run cases ``numbers`` of ``operation``; then the index must still answer (``health``)
    and what the batch deleted is created again."""
    outcomes = [run_case(world, make_case(seed, operation, n, huge)) for n in numbers]
    poisoned = health(world)
    if poisoned:
        case = Case(seed, operation, numbers.stop - 1, "health", lambda w: (b"", {}))
        outcomes.append(Outcome(case, 0, poisoned, 0.0))
    world.refresh()
    return outcomes
