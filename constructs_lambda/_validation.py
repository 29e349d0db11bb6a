"""Small checks shared by every construct: each raises ``ValidationError`` naming path, prop and value.

Values that are unresolved CDK tokens are skipped, never rejected: they are only known at deploy time.
"""

from __future__ import annotations

import re
from collections.abc import Sized
from typing import Any

from aws_cdk import Duration, Token

from ._errors import ValidationError

__all__ = [
    "check_choice",
    "check_length",
    "check_max_items",
    "check_pattern",
    "check_range",
    "check_whole_seconds",
    "is_unresolved",
]


def is_unresolved(value: Any) -> bool:
    """True when ``value`` is (or contains) a CDK token that only resolves at deploy time."""
    if value is None or isinstance(value, bool | int):
        return False  # number tokens are floats; a Python int never is one (and costs no jsii call)
    if isinstance(value, str) and "{Token[" not in value:
        return False  # every string token carries this marker ("${Token[...]}", "#{Token[...]}")
    if isinstance(value, float | str):
        return bool(Token.is_unresolved(value))
    if isinstance(value, Duration):
        return bool(Token.is_unresolved(value.to_seconds(integral=False)))
    return False


def check_range(path: str, prop: str, value: float | None, low: float, high: float, unit: str = "") -> None:
    """Raise unless ``low <= value <= high``. ``None`` and tokens pass."""
    if value is None or is_unresolved(value):
        return
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        raise ValidationError(path, prop, value, f"must be between {_num(low)} and {_num(high)}{suffix}")


def check_whole_seconds(path: str, prop: str, value: Duration | None, low: int, high: int) -> int | None:
    """Check a ``Duration`` is whole seconds within ``[low, high]``; return the seconds (None for tokens)."""
    if value is None or is_unresolved(value):
        return None
    seconds = value.to_seconds(integral=False)
    if seconds != int(seconds):
        raise ValidationError(
            path, prop, value.to_human_string(), f"must be whole seconds between {low} and {high}"
        )
    seconds = int(seconds)
    if not low <= seconds <= high:
        raise ValidationError(
            path, prop, value.to_human_string(), f"must be between {low} and {high} seconds"
        )
    return seconds


def check_length(path: str, prop: str, value: str | None, low: int, high: int) -> None:
    """Raise unless ``low <= len(value) <= high`` characters. ``None`` and tokens pass."""
    if value is None or is_unresolved(value):
        return
    if not low <= len(value) <= high:
        raise ValidationError(
            path, prop, value, f"must be {low} to {high} characters long (has {len(value)})"
        )


def check_pattern(path: str, prop: str, value: str | None, pattern: re.Pattern[str], allowed: str) -> None:
    """Raise unless ``pattern`` fully matches ``value``. ``allowed`` describes the rule for people."""
    if value is None or is_unresolved(value):
        return
    if not pattern.fullmatch(value):
        raise ValidationError(path, prop, value, f"must be {allowed}")


def check_max_items(path: str, prop: str, value: Sized | None, high: int, what: str = "items") -> None:
    """Raise when a collection holds more than ``high`` entries."""
    if value is None:
        return
    if len(value) > high:
        raise ValidationError(path, prop, f"{len(value)} {what}", f"allows at most {high} {what}")


def check_choice(path: str, prop: str, value: str | None, allowed: tuple[str, ...]) -> None:
    """Raise unless ``value`` is one of ``allowed``."""
    if value is None or is_unresolved(value):
        return
    if value not in allowed:
        raise ValidationError(path, prop, value, f"must be one of {', '.join(allowed)}")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
