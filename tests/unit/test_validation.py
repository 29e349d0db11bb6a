"""Tests of the shared checks' token test: decided in Python exactly as aws-cdk-lib decides it."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Aws, Duration, Fn, Stack, Token
from constructs import Construct, RootConstruct

from constructs_lambda import ValidationError
from constructs_lambda._limits import UNZIPPED_MAX_BYTES
from constructs_lambda._validation import (
    check_range,
    check_unzipped_size,
    check_whole,
    check_whole_seconds,
    child_path,
    is_unresolved,
    stack_or_none,
    stage_of,
)


def _number_token() -> float:
    return float(Token.as_number(Fn.ref("Memory")))


TOKENS: list[tuple[str, Any]] = [
    ("str-pseudo-parameter", Aws.ACCOUNT_ID),
    ("str-intrinsic", Fn.select(0, Fn.split(",", Fn.ref("Names")))),
    ("str-embedded", f"arn:aws:iam::{Aws.ACCOUNT_ID}:policy/x"),
    ("str-of-number-token", Token.as_string(_number_token())),
    ("float", _number_token()),
    ("duration-seconds", Duration.seconds(_number_token())),
]

NON_TOKENS: list[tuple[str, Any]] = [
    ("none", None),
    ("bool", True),
    ("str", "index.handler"),
    ("str-empty", ""),
    ("str-with-marker-text", "${Token[]} and #{Token[x and Token["),
    ("int", 128),
    ("int-negative", -1),
    ("int-beyond-double", 10**400),
    ("float", 0.7),
    ("float-inf", float("inf")),
    ("float-nan", float("nan")),
    ("float-largest-negative", -1.7976931348623157e308),
    ("duration", Duration.minutes(5)),
    ("list", ["a"]),
]


@pytest.mark.parametrize(("case", "value"), TOKENS, ids=[c for c, _ in TOKENS])
def test_tokens_are_unresolved(case: str, value: Any) -> None:
    """String, number and Duration tokens are unresolved."""
    # GIVEN a token  WHEN tested  THEN it is unresolved
    assert is_unresolved(value), case


@pytest.mark.parametrize(("case", "value"), NON_TOKENS, ids=[c for c, _ in NON_TOKENS])
def test_plain_values_are_resolved(case: str, value: Any) -> None:
    """Literal strings, numbers, Durations and other values are not tokens."""
    # GIVEN a literal  WHEN tested  THEN it is not unresolved
    assert not is_unresolved(value), case


COMPARABLE = [
    (case, value)
    for case, value in TOKENS + NON_TOKENS
    if isinstance(value, str)
    or (isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < 1e300)
]  # jsii cannot send inf or nan (its JSON has no such literal)


@pytest.mark.parametrize(("case", "value"), COMPARABLE, ids=[c for c, _ in COMPARABLE])
def test_agrees_with_aws_cdk_lib(case: str, value: Any) -> None:
    """The Python verdict equals ``Token.is_unresolved`` for every string and number."""
    # GIVEN a value aws-cdk-lib can judge  WHEN both judge it  THEN they agree
    assert is_unresolved(value) == Token.is_unresolved(value), case


def test_numbers_and_plain_strings_need_no_jsii_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Numbers and strings without a token marker are decided without calling aws-cdk-lib."""

    # GIVEN Token.is_unresolved made unusable
    def fail(value: Any) -> bool:
        raise AssertionError(f"jsii call for {value!r}")

    monkeypatch.setattr(Token, "is_unresolved", fail)
    # WHEN numbers (also a number token) and plain strings are tested THEN no call is made
    assert not is_unresolved(512)
    assert not is_unresolved(0.5)
    assert is_unresolved(-1.8881545897087626e289)  # a number token: top 16 bits 0xFBFF
    assert not is_unresolved("python3.13")


def test_check_range_skips_number_tokens() -> None:
    """A number token passes a range check; a literal just outside fails it."""
    # GIVEN / WHEN / THEN
    check_range("S/F", "memory_size", _number_token(), 128, 10240)
    with pytest.raises(ValidationError, match="memory_size must be between 128 and 10240"):
        check_range("S/F", "memory_size", 127, 128, 10240)


def test_check_whole_seconds_returns_seconds_or_none_for_tokens() -> None:
    """A Duration token yields None; a literal Duration its whole seconds."""
    # GIVEN / WHEN / THEN
    assert check_whole_seconds("S/F", "timeout", Duration.seconds(_number_token()), 1, 900) is None
    assert check_whole_seconds("S/F", "timeout", Duration.minutes(15), 1, 900) == 900
    assert check_whole_seconds("S/F", "timeout", None, 1, 900) is None
    with pytest.raises(ValidationError, match="timeout must be whole seconds between 1 and 900"):
        check_whole_seconds("S/F", "timeout", Duration.seconds(901), 1, 900)


def test_check_range_without_upper_bound_says_at_least() -> None:
    """``high=None`` accepts anything from ``low`` up and names only the lower bound."""
    # GIVEN / WHEN / THEN
    check_range("S/F", "reserved_concurrent_executions", 0, 0)
    check_range("S/F", "reserved_concurrent_executions", 10**6, 0)
    with pytest.raises(
        ValidationError, match=r"^S/F: reserved_concurrent_executions must be at least 0, got -1$"
    ):
        check_range("S/F", "reserved_concurrent_executions", -1, 0)


@pytest.mark.parametrize(
    ("value", "expected"), [(1, 1), (1.0, 1), (5, 5), (None, None)], ids=["1", "1.0", "5", "None"]
)
def test_check_whole_returns_an_int_inside(value: float | None, expected: int | None) -> None:
    """Whole numbers within the range come back as ``int`` (``1.0`` never reaches an ID as ``1.0``)."""
    # GIVEN / WHEN
    result = check_whole("S/F", "shards", value, 1, 5)
    # THEN
    assert result == expected and (result is None or type(result) is int)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (0, "must be between 1 and 5"),
        (6, "must be between 1 and 5"),
        (1.5, "must be a whole number between 1 and 5"),
        (True, "must be a whole number between 1 and 5"),
        ("2", "must be a whole number between 1 and 5"),
        (float("nan"), "must be a whole number between 1 and 5"),
        (float("inf"), "must be a whole number between 1 and 5"),
    ],
    ids=["0", "6", "1.5", "True", "2", "float(nan)", "float(inf)"],
)
def test_check_whole_rejects_outside_fractions_and_bools(value: object, rule: str) -> None:
    """Just outside the range, a fraction, a bool or a string raises naming prop, value and range."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=rf"^S/F: shards {rule}, got {value!r}$"):
        check_whole("S/F", "shards", value, 1, 5)  # type: ignore[arg-type]


def test_check_whole_skips_number_tokens() -> None:
    """A number token is only known at deploy time: it passes and yields None."""
    # GIVEN / WHEN / THEN
    assert check_whole("S/F", "memory_size", _number_token(), 128, 10240) is None


def test_check_unzipped_size_at_the_quota() -> None:
    """262,144,000 bytes pass; one byte more raises naming the total and the quota."""
    # GIVEN / WHEN / THEN
    check_unzipped_size("S/F", "layers", UNZIPPED_MAX_BYTES)
    with pytest.raises(ValidationError, match=r"^S/F: layers must keep .* within 262144000 bytes"):
        check_unzipped_size("S/F", "layers", UNZIPPED_MAX_BYTES + 1)


def test_scope_helpers() -> None:
    """child_path, stack_or_none and stage_of answer for app, stack and free-standing constructs."""
    # GIVEN an app with a stack, and a construct tree without any app
    app = App()
    stack = Stack(app, "S")
    loose = RootConstruct("Loose")
    # WHEN / THEN
    assert child_path(app, "S") == "S" and child_path(stack, "F") == "S/F"
    assert stack_or_none(Construct(stack, "C")) is not None and stack_or_none(app) is None
    assert stage_of(stack).node.path == "" and stage_of(app).node.path == ""
    with pytest.raises(ValidationError, match="scope must be inside an App or Stage"):
        stage_of(Construct(loose, "C"))


@pytest.mark.parametrize("value", [float("nan"), float("-inf"), "5"], ids=["float(nan)", "float(-inf)", "5"])
def test_check_range_rejects_what_is_no_comparable_number(value: object) -> None:
    """NaN compares false with everything and a string cannot be compared: both are rejected, not let through."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=r"^S/F: overflow_risk must be between 0 and 1, got "):
        check_range("S/F", "overflow_risk", value, 0, 1)  # type: ignore[arg-type]
