"""Fault injection: make chosen Kendra calls fail or slow down, repeatably.

A rule is a JSON object::

    {"operation": "Query", "region": "us-east-1", "account_id": "123456789012",
     "probability": 1.0, "count": 2, "latency_ms": 0,
     "error": {"code": "ThrottlingException", "message": "Rate exceeded", "status_code": 400}}

- ``operation``, ``region``, ``account_id``: the calls the rule matches; an absent key matches
  any.  ``operation`` is one of Kendra's operation names (``Query``, ``CreateIndex``, ...).
- ``probability`` (0 to 1, default 1): the chance that a matching call is affected.  Draws
  come from one seeded generator (``set(rules, seed=N)``, or moto's ``/moto-api/seed``), so a
  run with the same seed and the same calls is affected the same way.
- ``count`` (default unlimited): the rule affects the next ``count`` calls it matches (and
  draws), then retires.
- ``latency_ms``: the affected call is delayed by this many milliseconds.
- ``error``: the affected call fails with this error, in Kendra's own error envelope, so an
  SDK raises its modelled exception and retries as it would against AWS.  ``code`` is the
  ``__type``; ``message`` defaults to a fixed text; ``status_code`` (400-599) defaults to 400.

A rule needs ``error``, ``latency_ms`` or both.  Rules are tried in order for each call;
every rule that affects the call adds its delay, and the first affecting rule with an
``error`` ends the call with it (later rules are not tried, and do not count the call).

Faults are configuration, not state: moto's ``/moto-api/reset`` keeps them; :func:`clear`
removes them.  :func:`set` replaces all rules at once, or refuses a malformed list with
:class:`FaultRuleError` and keeps the rules in force.
"""

from __future__ import annotations

import copy
import random
import threading
import time
from typing import Any

from .exceptions import KendraError
from .protocol import OPERATION_NAMES

__all__ = ["FaultRuleError", "clear", "get", "set"]

DEFAULT_MESSAGE = "Fault injected by moto-kendra."
_MATCH_KEYS = ("operation", "region", "account_id")
_KEYS = frozenset(_MATCH_KEYS) | {"probability", "count", "latency_ms", "error"}
_ERROR_KEYS = frozenset({"code", "message", "status_code"})
_OPERATIONS = frozenset(OPERATION_NAMES)

_lock = threading.Lock()
_rules: list[dict[str, Any]] = []
_remaining: list[int | None] = []  # per rule: calls it may still affect (None: unlimited)
_random = random.Random()


class FaultRuleError(ValueError):
    """A rule list that :func:`set` refuses; the message names the rule and the problem."""


def set(rules: list[dict[str, Any]], seed: int | None = None) -> None:
    """Replace all fault rules with ``rules`` (validated first; nothing changes if one is
    malformed).  ``seed`` (optional) reseeds the generator behind ``probability``."""
    checked = _checked(rules)
    global _rules, _remaining
    with _lock:
        _rules = checked
        _remaining = [rule.get("count") for rule in checked]
        if seed is not None:
            _random.seed(seed)


def get() -> list[dict[str, Any]]:
    """The rules in force, as set (a rule that has used up its ``count`` is gone)."""
    with _lock:
        return copy.deepcopy(_rules)


def clear() -> None:
    """Remove every fault rule."""
    set([])


def seed(value: int) -> None:
    """Reseed the generator behind ``probability`` (moto's ``/moto-api/seed`` calls this)."""
    with _lock:
        _random.seed(value)


def inject(operation: str, account_id: str, region: str) -> None:
    """Apply the rules to one call: sleep for the affecting rules' latency, then raise the
    first affecting rule's error (a :class:`KendraError` in Kendra's envelope), if any."""
    if not _rules:
        return
    delay_ms, error = _affecting(operation, account_id, region)
    if delay_ms:
        time.sleep(delay_ms / 1000)
    if error is not None:
        raised = KendraError(error.get("message", DEFAULT_MESSAGE))
        raised.error_code = error["code"]
        raised.code = error.get("status_code", 400)
        raise raised


def _affecting(operation: str, account_id: str, region: str) -> tuple[float, Any]:
    """The total delay and the error for one call; counts down (and retires) rules."""
    call = {"operation": operation, "account_id": account_id, "region": region}
    global _rules, _remaining
    delay_ms: float = 0
    error = None
    with _lock:
        for position, rule in enumerate(_rules):
            if any(key in rule and rule[key] != call[key] for key in _MATCH_KEYS):
                continue
            if "probability" in rule and _random.random() >= rule["probability"]:
                continue
            remaining = _remaining[position]
            if remaining is not None:
                _remaining[position] = remaining - 1
            delay_ms += rule.get("latency_ms", 0)
            if "error" in rule:
                error = rule["error"]
                break
        if any(left == 0 for left in _remaining):
            kept = [i for i, left in enumerate(_remaining) if left != 0]
            _rules = [_rules[i] for i in kept]
            _remaining = [_remaining[i] for i in kept]
    return delay_ms, error


def _checked(rules: Any) -> list[dict[str, Any]]:
    """A deep copy of ``rules`` if every rule is well formed, else :class:`FaultRuleError`."""
    if not isinstance(rules, list):
        raise FaultRuleError("Fault rules must be a JSON list of rule objects.")
    for position, rule in enumerate(rules):
        problem = _rule_problem(rule)
        if problem:
            raise FaultRuleError(f"Fault rule {position}: {problem}")
    return copy.deepcopy(rules)


def _rule_problem(rule: Any) -> str | None:
    """What is wrong with one rule, or None."""
    if not isinstance(rule, dict):
        return "must be a JSON object."
    unknown = sorted(str(key) for key in rule if key not in _KEYS)
    if unknown:
        return f"unknown key(s) {unknown}; allowed: {sorted(_KEYS)}."
    if "error" not in rule and "latency_ms" not in rule:
        return "needs 'error', 'latency_ms' or both."
    for key in _MATCH_KEYS:
        if key in rule and not (isinstance(rule[key], str) and rule[key]):
            return f"'{key}' must be a non-empty string."
    if "operation" in rule and rule["operation"] not in _OPERATIONS:
        return f"'operation' {rule['operation']!r} is not a Kendra operation."
    if "probability" in rule and not _number(rule["probability"], 0, 1):
        return "'probability' must be a number from 0 to 1."
    if "count" in rule and not (_integer(rule["count"]) and rule["count"] >= 1):
        return "'count' must be an integer of at least 1."
    if "latency_ms" in rule and not _number(rule["latency_ms"], 0, 600_000):
        return "'latency_ms' must be a number from 0 to 600000."
    if "error" in rule:
        return _error_problem(rule["error"])
    return None


def _error_problem(error: Any) -> str | None:
    if not isinstance(error, dict):
        return "'error' must be a JSON object."
    unknown = sorted(str(key) for key in error if key not in _ERROR_KEYS)
    if unknown:
        return f"unknown error key(s) {unknown}; allowed: {sorted(_ERROR_KEYS)}."
    code = error.get("code")
    if not (isinstance(code, str) and code.isidentifier()):
        return "'error.code' must be an error name such as 'ThrottlingException'."
    if "message" in error and not (isinstance(error["message"], str) and error["message"]):
        return "'error.message' must be a non-empty string."
    status = error.get("status_code", 400)
    if not (_integer(status) and 400 <= status <= 599):
        return "'error.status_code' must be an integer from 400 to 599."
    return None


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any, low: float, high: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high
