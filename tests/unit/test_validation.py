"""Tests of the shared checks' token test: decided in Python exactly as aws-cdk-lib decides it."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import Aws, Duration, Fn, Token

from constructs_lambda import ValidationError, _validation
from constructs_lambda._validation import check_range, check_whole_seconds, is_unresolved


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

    monkeypatch.setattr(_validation.Token, "is_unresolved", fail)
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
    with pytest.raises(ValidationError, match="timeout must be between 1 and 900 seconds"):
        check_whole_seconds("S/F", "timeout", Duration.seconds(901), 1, 900)
