"""Runtime lifecycle: our dates against cfn-lint's copy of the AWS runtimes page, the date boundaries,
and the ``constructs-lambda:allowBlockedRuntimes`` escape hatch.

cfn-lint ships the runtimes page's dates (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html)
for its rules E2531/W2531/E2533 and pip installs the newest cfn-lint on every CI run, so a date AWS moves
fails ``test_dates_agree_with_cfn_lint`` here instead of refusing (or waving through) a user's synth.
"""

from __future__ import annotations

import datetime
import importlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Annotations, Match

import constructs_lambda as cl
from constructs_lambda import _runtimes
from constructs_lambda._errors import ValidationError
from constructs_lambda._runtimes import (
    ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY,
    RUNTIMES,
    RuntimeInfo,
    allowed_blocked_runtimes,
    check_runtime,
    latest_runtime,
)
from tests.conftest import ACCOUNT, REGION, ROOT, project_context

D = datetime.date
KEY = ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY
TABLE_FILE = Path(_runtimes.__file__).resolve().relative_to(ROOT).as_posix()

# ---- reading cfn-lint's table ----------------------------------------------------------------------

#: The rule that loads the lifecycle table, and the file it loaded in cfn-lint 1.58.
CFN_LINT_RULE_MODULE = "cfnlint.rules.resources.lmbd.DeprecatedRuntimeCreate"
CFN_LINT_RULE_ID = "E2531"
CFN_LINT_FILE = "LmbdRuntimeLifecycle.json"
#: Our field -> the normalized spellings (lower case, letters only) cfn-lint may use for it.
FIELD_KEYS = {
    "deprecation": frozenset({"deprecated", "deprecation", "deprecationdate", "deprecateddate"}),
    "block_create": frozenset({"createblock", "blockcreate", "blockfunctioncreate", "createblocked"}),
    "block_update": frozenset({"updateblock", "blockupdate", "blockfunctionupdate", "updateblocked"}),
}
#: cfn-lint 1.58 dates 52 runtimes; far fewer compared means its layout changed under us.
MIN_RUNTIMES_COMPARED = 40


def _looks_like_lifecycle(value: Any) -> bool:
    """A mapping of runtime identifiers to per-runtime mappings, e.g. {"python3.12": {...}}."""
    return (
        isinstance(value, Mapping)
        and any(re.fullmatch(r"python3\.\d+", str(name)) for name in value)
        and all(isinstance(row, Mapping) for row in value.values())
    )


def cfn_lint_lifecycle() -> Mapping[str, Mapping[str, Any]]:
    """cfn-lint's runtime lifecycle table, found the way rule E2531 finds it.

    First the rule's own loaded data (whatever the attribute is called), then the data file by name.
    Fails, never skips: cfn-lint is a dev dependency, and a silent skip would hide staleness.
    """
    module = importlib.import_module(CFN_LINT_RULE_MODULE)
    for candidate in vars(module).values():
        if isinstance(candidate, type) and getattr(candidate, "id", None) == CFN_LINT_RULE_ID:
            rule = candidate()
            for value in vars(rule).values():
                if _looks_like_lifecycle(value):
                    return value  # type: ignore[no-any-return]
    from cfnlint.data import AdditionalSpecs
    from cfnlint.helpers import load_resource

    data = load_resource(AdditionalSpecs, CFN_LINT_FILE)
    if _looks_like_lifecycle(data):
        return data  # type: ignore[no-any-return]
    pytest.fail(f"cfn-lint's runtime lifecycle table not found: read how rule {CFN_LINT_RULE_ID} loads it")


def _normalize(key: str) -> str:
    return re.sub(r"[^a-z]", "", key.lower())


def _their_date(row: Mapping[str, Any], field: str) -> datetime.date | None:
    """The date cfn-lint gives for one of our fields; None when it gives none ("null", "N/A", absent)."""
    for key, value in row.items():
        if _normalize(str(key)) in FIELD_KEYS[field] and isinstance(value, str):
            try:
                return D.fromisoformat(value.strip()[:10])
            except ValueError:
                return None
    return None


def lifecycle_differences(
    ours: Iterable[RuntimeInfo], theirs: Mapping[str, Mapping[str, Any]]
) -> tuple[list[str], int]:
    """Every date where our table and cfn-lint's disagree, and how many dates were compared.

    A runtime only one side knows is not compared; a field cfn-lint leaves empty is skipped. Our empty
    date against a date of cfn-lint's is a difference (AWS announced a date we lack).
    """
    differences: list[str] = []
    compared = 0
    for info in ours:
        row = theirs.get(info.name)
        if row is None:
            continue
        for field in FIELD_KEYS:
            their = _their_date(row, field)
            if their is None:
                continue
            compared += 1
            mine: datetime.date | None = getattr(info, field)
            if mine != their:
                shown = mine.isoformat() if mine else "none"
                differences.append(
                    f"{info.name} {field}: ours {shown}, cfn-lint {their.isoformat()} "
                    f"(edit RUNTIMES in {TABLE_FILE})"
                )
    return differences, compared


# ---- the cross-check -------------------------------------------------------------------------------


def test_cfn_lint_lifecycle_table_is_readable() -> None:
    """cfn-lint's table is found and its three dates are recognized, so the cross-check checks something."""
    # GIVEN / WHEN
    theirs = cfn_lint_lifecycle()
    _, compared = lifecycle_differences(RUNTIMES, theirs)
    # THEN
    python = theirs.get("python3.12")
    assert python is not None
    assert all(_their_date(python, field) is not None for field in FIELD_KEYS), dict(python)
    assert compared >= 3 * MIN_RUNTIMES_COMPARED, f"only {compared} dates compared"


def test_dates_agree_with_cfn_lint() -> None:
    """Every date both tables give agrees; a moved AWS date fails here, not in a user's synth."""
    # GIVEN
    theirs = cfn_lint_lifecycle()
    # WHEN
    differences, _ = lifecycle_differences(RUNTIMES, theirs)
    # THEN
    assert not differences, (
        "runtime dates differ from cfn-lint's copy of "
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html:\n" + "\n".join(differences)
    )


def test_difference_names_runtime_both_dates_and_file() -> None:
    """A disagreement reports the runtime, the field, both dates and the file to edit."""
    # GIVEN cfn-lint moved python3.13's block-create date
    theirs = {"python3.13": {"deprecated": "2029-06-30", "create-block": "2030-01-15", "update-block": None}}
    # WHEN
    differences, compared = lifecycle_differences(RUNTIMES, theirs)
    # THEN the deprecation date agrees, the missing block-update is skipped
    assert compared == 2
    assert differences == [
        "python3.13 block_create: ours 2029-07-31, cfn-lint 2030-01-15 (edit RUNTIMES in "
        "constructs_lambda/_runtimes.py)"
    ]


def test_date_we_lack_is_a_difference() -> None:
    """A date cfn-lint gives where our table has none is reported: AWS announced it."""
    # GIVEN java17.al2023 has no dates in our table
    theirs = {"java17.al2023": {"deprecated": "2030-06-30"}}
    # WHEN
    differences, _ = lifecycle_differences(RUNTIMES, theirs)
    # THEN
    assert differences == [
        "java17.al2023 deprecation: ours none, cfn-lint 2030-06-30 (edit RUNTIMES in constructs_lambda/_runtimes.py)"
    ]


@pytest.mark.parametrize(
    "row",
    [{"deprecated": None}, {"deprecated": "N/A"}, {"created": "2030-01-01"}, {}],
    ids=["null", "not-a-date", "unknown-key", "empty"],
)
def test_dates_cfn_lint_lacks_are_skipped(row: dict[str, Any]) -> None:
    """A field cfn-lint leaves empty or spells in a way we do not know is not compared."""
    # GIVEN / WHEN
    differences, compared = lifecycle_differences(RUNTIMES, {"python3.13": row})
    # THEN
    assert (differences, compared) == ([], 0)


def test_runtime_only_cfn_lint_knows_is_not_compared() -> None:
    """A runtime our table lacks (a brand-new one) is left to check_runtime's unknown-runtime rule."""
    # GIVEN / WHEN
    differences, compared = lifecycle_differences(RUNTIMES, {"python3.99": {"deprecated": "2035-01-01"}})
    # THEN
    assert (differences, compared) == ([], 0)


# ---- date boundaries -------------------------------------------------------------------------------

# python3.11: deprecated 2027-06-30, block-create 2027-07-31, block-update 2027-08-31.
# python3.9: deprecated 2025-12-15, block-create 2027-02-01, block-update 2027-03-03.


@pytest.mark.parametrize(
    ("name", "today", "outcome"),
    [
        ("python3.11", D(2027, 6, 29), "pass"),
        ("python3.11", D(2027, 6, 30), "warn"),
        ("python3.11", D(2027, 7, 30), "warn"),
        ("python3.11", D(2027, 7, 31), "refuse"),
        ("python3.9", D(2025, 12, 14), "pass"),
        ("python3.9", D(2025, 12, 15), "warn"),
        ("python3.9", D(2027, 1, 31), "warn"),
        ("python3.9", D(2027, 2, 1), "refuse"),
        ("nodejs20.x", D(2026, 12, 3), "warn"),
        ("dotnet8", D(2026, 12, 10), "warn"),  # was refused from this day before AWS extended it
        ("python3.10", D(2026, 12, 3), "warn"),  # was refused from 2026-07-31 (issue 15)
        ("python3.11", D(2026, 12, 3), "pass"),  # was refused from 2026-07-31 (issue 15)
        ("python3.7", D(2026, 12, 3), "refuse"),
    ],
    ids=[
        "py311-day-before-deprecation",
        "py311-on-deprecation",
        "py311-day-before-block-create",
        "py311-on-block-create",
        "py39-day-before-deprecation",
        "py39-on-deprecation",
        "py39-day-before-block-create",
        "py39-on-block-create",
        "node20-today",
        "dotnet8-old-block-date",
        "py310-today",
        "py311-today",
        "py37-today",
    ],
)
def test_runtime_lifecycle_boundaries(name: str, today: datetime.date, outcome: str) -> None:
    """Nothing before deprecation, a warning until block-create, a ValidationError from it."""
    # GIVEN / WHEN / THEN
    if outcome == "refuse":
        with pytest.raises(
            ValidationError, match=rf"runtime reached its block-create date .*, got '{name}'$"
        ):
            check_runtime("S/F", "runtime", name, today=today)
        return
    warning = check_runtime("S/F", "runtime", name, today=today)
    if outcome == "pass":
        assert warning is None
    else:
        assert warning is not None
        assert warning.startswith(f"runtime {name} is deprecated since ")


def test_runtime_warning_names_dates_and_replacement() -> None:
    """The deprecation warning gives the three dates and the runtime to move to."""
    # GIVEN / WHEN / THEN
    assert check_runtime("S/F", "runtime", "nodejs20.x", today=D(2026, 12, 3)) == (
        "runtime nodejs20.x is deprecated since 2026-04-30 (no security patches; "
        "block-create from 2027-02-01, block-update from 2027-03-03); use nodejs24.x"
    )


def test_python37_refused_by_default_naming_replacement() -> None:
    """python3.7 (block-create 2024-01-09) is still refused, naming python3.14 and the escape hatch."""
    with pytest.raises(ValidationError) as caught:
        check_runtime("S/F", "runtime", "python3.7")
    # THEN
    assert caught.value.prop == "runtime"
    assert caught.value.value == "python3.7"
    assert "block-create date 2024-01-09" in str(caught.value)
    assert "use python3.14" in str(caught.value)
    assert KEY in str(caught.value)


@pytest.mark.parametrize(
    "name", ["python3.15", "nodejs26.x", "python3.99"], ids=["python3.15", "nodejs26.x", "python3.99"]
)
def test_unknown_runtime_passes(name: str) -> None:
    """A runtime the table does not know (newer than it) passes on any date, with no warning."""
    # GIVEN / WHEN / THEN
    assert check_runtime("S/F", "runtime", name, today=D(2100, 1, 1)) is None


def test_latest_python_runtime_is_314_today() -> None:
    """latest_runtime answers python3.14 (aws-cdk-lib 2.275's determine_latest_python_runtime: 3.13)."""
    # GIVEN / WHEN / THEN
    assert latest_runtime("python", today=D(2026, 12, 3)).name == "python3.14"


# ---- the escape hatch ------------------------------------------------------------------------------


def _scope(value: Any) -> App:
    """An app carrying the escape-hatch context key (unset for None)."""
    return App(context={} if value is None else {KEY: value})


@pytest.mark.parametrize(
    ("value", "allowed"),
    [
        (None, False),
        (False, False),
        ("false", False),
        ("", False),
        ([], False),
        (["python3.8"], False),
        ("python3.8,nodejs14.x", False),
        (True, True),
        ("true", True),
        (["python3.7"], True),
        ('["python3.7"]', True),
        ("python3.8, python3.7", True),
    ],
    ids=[
        "unset",
        "false",
        "false-string",
        "blank",
        "empty-list",
        "other-runtime",
        "cli-other-runtimes",
        "true",
        "true-string",
        "listed",
        "cli-json-list",
        "cli-comma-list",
    ],
)
def test_escape_hatch_for_blocked_runtime(value: Any, allowed: bool) -> None:
    """The context key lets a blocked runtime through (with a warning) only when it names it or is true."""
    # GIVEN python3.7, past its block-create date
    scope = _scope(value)
    # WHEN / THEN
    if not allowed:
        with pytest.raises(ValidationError, match="block-create date 2024-01-09"):
            check_runtime("S/F", "runtime", "python3.7", scope=scope)
        return
    warning = check_runtime("S/F", "runtime", "python3.7", scope=scope)
    assert warning == (
        "runtime python3.7 is deprecated since 2023-12-04 (no security patches; block-create from "
        "2024-01-09, block-update from 2027-03-03); allowed by the context key "
        "constructs-lambda:allowBlockedRuntimes, but Lambda may refuse to create functions on it; "
        "use python3.14"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (42, "must be true, false or a list of runtime identifiers"),
        ({"python3.7": True}, "must be true, false or a list of runtime identifiers"),
        ("[oops", "must be true, false or a list of runtime identifiers .*; its JSON is invalid"),
        (["python3.7", 3], "must hold non-blank runtime identifiers, got 3"),
        ([""], "must hold non-blank runtime identifiers, got ''"),
        ("python3.7,,go1.x", "must hold non-blank runtime identifiers, got ''"),
    ],
    ids=["int", "dict", "bad-json", "non-str", "blank", "cli-empty-item"],
)
def test_fails_when_escape_hatch_malformed(value: Any, message: str) -> None:
    """A context value the library cannot read is reported naming the key, never silently ignored."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=rf"^S/F: {KEY} {message}"):
        check_runtime("S/F", "runtime", "python3.7", scope=_scope(value))


def test_escape_hatch_read_only_for_blocked_runtime() -> None:
    """The context is not read for a runtime Lambda still creates (no jsii call, no error on a bad value)."""
    # GIVEN / WHEN / THEN
    assert check_runtime("S/F", "runtime", "python3.13", today=D(2026, 12, 3), scope=_scope(42)) is None


def test_allowed_blocked_runtimes_parses_cli_strings() -> None:
    """Strings as `cdk synth -c` passes them are read like their JSON counterparts."""
    # GIVEN / WHEN / THEN
    assert allowed_blocked_runtimes("S", " python3.7 , go1.x ") == frozenset({"python3.7", "go1.x"})
    assert allowed_blocked_runtimes("S", "YES") is True


# ---- through cl.Function ---------------------------------------------------------------------------


def _stack(context: dict[str, Any]) -> Stack:
    app = App(context={**project_context(), **context})
    return Stack(app, "Test", env=Environment(account=ACCOUNT, region=REGION))


def _legacy_function(stack: Stack) -> cl.Function:
    return cl.Function(
        stack,
        "Legacy",
        runtime=lambda_.Runtime.PYTHON_3_7,
        architecture=lambda_.Architecture.X86_64,  # python3.7 ran on Amazon Linux 1: x86_64 only
        handler="app.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return event\n"),
    )


def test_function_runtime_allowed_by_context_warns() -> None:
    """With the context key, a Function on a blocked runtime builds and carries the warning."""
    # GIVEN the project's context, where aws-cdk-lib's validator fails synth on its own E2531 finding
    # unless the function acknowledges it
    stack = _stack({KEY: ["python3.7"]})
    # WHEN
    _legacy_function(stack)
    # THEN
    Annotations.from_stack(stack).has_warning(
        "/Test/Legacy",
        Match.string_like_regexp(f"runtime python3.7 is deprecated .* allowed by the context key {KEY}"),
    )


def test_function_runtime_refused_without_context() -> None:
    """Without the context key the same Function is refused before jsii."""
    # GIVEN / WHEN / THEN
    with pytest.raises(
        ValidationError, match=r"^Test/Legacy: runtime reached its block-create date 2024-01-09"
    ):
        _legacy_function(_stack({}))
