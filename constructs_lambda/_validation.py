"""Small checks shared by every construct: each raises ``ValidationError`` naming path, prop and value.

Values that are unresolved CDK tokens are skipped, never rejected: they are only known at deploy time.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable, Sized
from contextlib import suppress
from typing import Any, TypeVar, cast

from aws_cdk import Duration, Stack, Stage, Token
from constructs import IConstruct

from ._errors import ValidationError
from ._limits import UNZIPPED_MAX_BYTES

_T = TypeVar("_T")


def is_unresolved(value: Any) -> bool:
    """True when ``value`` is (or contains) a CDK token that only resolves at deploy time.

    Decided in Python wherever aws-cdk-lib's own test is (``core/lib/private/encoding.ts``,
    ``unresolved``): a number is a token iff its IEEE-754 top 16 bits are the marker, and a string can
    only be one when it holds ``"Token["``; only such strings are asked of ``Token.is_unresolved``.
    """
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return _is_token_number(value)
    if isinstance(value, str):
        return _ANY_TOKEN_MARKER in value and bool(Token.is_unresolved(value))
    if isinstance(value, Duration):
        return _is_token_number(value.to_seconds(integral=False))
    return False


# aws-cdk-lib core/lib/private/encoding.ts: ANY_TOKEN_MARKER, and DOUBLE_TOKEN_MARKER_BITS >> 16 (a
# number token is a double whose top 16 bits are 0xFBFF; jsii sends a Python int as a JSON number too).
_ANY_TOKEN_MARKER = "Token["
_DOUBLE_TOKEN_MARKER = 0xFBFF
_DOUBLE = struct.Struct("<d")
_BITS = struct.Struct("<Q")


def _is_token_number(value: float) -> bool:
    try:
        number = float(value)
    except OverflowError:  # an int beyond a double: node sees Infinity, which is no token
        return False
    return bool(_BITS.unpack(_DOUBLE.pack(number))[0] >> 48 == _DOUBLE_TOKEN_MARKER)


def jsii_ref(obj: Any) -> str:
    """The jsii reference of an object (``"aws-cdk-lib.Stack@10001"``), the same for every Python proxy.

    Objects created in node come back as a new Python proxy at each read, so identity (``is``) and
    ``id()`` cannot key a cache of them; this reference can.
    """
    return str(obj.__jsii_ref__.ref)


_READ_ONCE: dict[tuple[str, str], Any] = {}
_READ_ONCE_MAX = 4096  # distinct objects remembered; a long test session starts over rather than grow


def read_once(obj: Any, what: str, read: Callable[[], _T]) -> _T:
    """``read()``, remembered per jsii object for a value the object never changes.

    For a runtime's or architecture's ``name`` and a ``Duration``'s seconds: each read is a jsii round
    trip, and the same shared objects are read for every function. Keyed by the jsii reference (never
    reused within a process) and ``what``.
    """
    key = (jsii_ref(obj), what)
    if key in _READ_ONCE:
        return cast(_T, _READ_ONCE[key])
    if len(_READ_ONCE) >= _READ_ONCE_MAX:
        _READ_ONCE.clear()
    value = _READ_ONCE[key] = read()
    return value


def check_range(
    path: str, prop: str, value: float | None, low: float, high: float | None = None, unit: str = ""
) -> None:
    """Raise unless ``low <= value <= high`` (``high=None``: no upper bound). ``None`` and tokens pass."""
    if value is None or is_unresolved(value):
        return
    if not isinstance(value, int | float) or not (low <= value and (high is None or value <= high)):
        raise ValidationError(path, prop, value, f"must be {_bounds(low, high, unit)}")  # nan fails too


def check_whole(
    path: str, prop: str, value: float | None, low: int, high: int | None = None, unit: str = ""
) -> int | None:
    """Raise unless ``value`` is a whole number (not a bool) within ``[low, high]``; return it as ``int``.

    ``None`` and tokens pass and return ``None``. CloudFormation takes these properties as integers; the
    ``int`` returned keeps a float such as ``1.0`` out of construct IDs and messages.
    """
    if value is None or is_unresolved(value):
        return None
    if not _is_whole(value):
        raise ValidationError(path, prop, value, f"must be a whole number {_bounds(low, high, unit)}")
    check_range(path, prop, value, low, high, unit)
    return int(value)


def _is_whole(value: object) -> bool:
    """An int, or a finite float without a fraction; never a bool (``True`` is no count)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and value.is_integer()  # False for nan and inf


def _bounds(low: float, high: float | None, unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    if high is None:
        return f"at least {_num(low)}{suffix}"
    return f"between {_num(low)} and {_num(high)}{suffix}"


def check_whole_seconds(path: str, prop: str, value: Duration | None, low: int, high: int) -> int | None:
    """Check a ``Duration`` is whole seconds within ``[low, high]``; return the seconds (None for tokens)."""
    if value is None:
        return None
    seconds = read_once(value, "to_seconds", lambda: value.to_seconds(integral=False))
    if is_unresolved(seconds):
        return None
    if not _is_whole(seconds) or not low <= seconds <= high:
        raise ValidationError(
            path, prop, value.to_human_string(), f"must be whole seconds {_bounds(low, high, '')}"
        )
    return int(seconds)


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


def check_strings(path: str, prop: str, value: Any, what: str) -> tuple[str, ...]:
    """A list of non-blank strings, as a tuple; one string is refused (it would be read as its characters)."""
    if value is None:
        return ()
    if isinstance(value, str):
        raise ValidationError(path, prop, value, f"must be a list of {what}, not one string")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(path, prop, item, f"must hold non-blank {what}")
    return items


def parse_json_context(path: str, key: str, text: str, allowed: str) -> Any:
    """A context value given as JSON text (``cdk synth -c`` passes every value as a string), parsed."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValidationError(path, key, text, f"must be {allowed}; its JSON is invalid ({err.msg})") from err


def check_unzipped_size(path: str, prop: str, total_bytes: int) -> None:
    """Raise when a function's code and layers would exceed Lambda's 250 MB unzipped quota."""
    if total_bytes > UNZIPPED_MAX_BYTES:
        raise ValidationError(
            path,
            prop,
            f"{total_bytes} bytes unzipped",
            f"must keep a function's code and layers within {UNZIPPED_MAX_BYTES} bytes (250 MB) unzipped",
        )


def self_and_parents(path: str) -> list[str]:
    """``"A/B/C"`` -> ``["A/B/C", "A/B", "A"]``: a construct path and the paths of its ancestors."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


_PATH_ATTRIBUTE = "_constructs_lambda_path"


def child_path(scope: IConstruct, id: str) -> str:
    """The construct path a child ``id`` of ``scope`` will have (for messages raised before it exists)."""
    # A construct's path never changes: kept on the Python object (a stack's, for all its functions).
    scope_path: str | None = getattr(scope, _PATH_ATTRIBUTE, None)
    if scope_path is None:
        scope_path = scope.node.path
        with suppress(AttributeError):
            setattr(scope, _PATH_ATTRIBUTE, scope_path)
    return f"{scope_path}/{id}" if scope_path else id


def stack_or_none(scope: IConstruct) -> Stack | None:
    """The stack enclosing ``scope``, or ``None`` outside any stack."""
    try:
        return Stack.of(scope)
    except RuntimeError:  # jsii's error when no stack encloses the scope
        return None


_STACK_ATTRIBUTE = "_constructs_lambda_stack"
_STAGE_ATTRIBUTE = "_constructs_lambda_stage"


def stack_of(scope: IConstruct) -> Stack:
    """``Stack.of(scope)``, kept on the Python object: a construct never moves to another stack."""
    stack: Stack | None = getattr(scope, _STACK_ATTRIBUTE, None)
    if stack is None:
        stack = Stack.of(scope)
        with suppress(AttributeError):
            setattr(scope, _STACK_ATTRIBUTE, stack)
    return stack


def stage_of(scope: IConstruct) -> Stage:
    """``scope`` itself when it is a stage (an app), else the stage enclosing it (kept on the object)."""
    stage: Stage | None = getattr(scope, _STAGE_ATTRIBUTE, None)
    if stage is not None:
        return stage
    stage = scope if isinstance(scope, Stage) else Stage.of(scope)
    if stage is None:
        raise ValidationError(scope.node.path, "scope", scope.node.path, "must be inside an App or Stage")
    with suppress(AttributeError):
        setattr(scope, _STAGE_ATTRIBUTE, stage)
    return stage


def remember_enclosing(child: IConstruct, scope: IConstruct) -> None:
    """Keep on ``child``, just created in ``scope``, the stack and stage that enclose it.

    Read from ``scope`` (itself when it is a stack or a stage), once per scope: the functions of one stack
    then cost no jsii round trip for ``stack_of`` and ``stage_of``.
    """
    stack = scope if isinstance(scope, Stack) else stack_of(scope)
    stage = scope if isinstance(scope, Stage) else stage_of(scope)
    setattr(child, _STACK_ATTRIBUTE, stack)
    setattr(child, _STAGE_ATTRIBUTE, stage)
