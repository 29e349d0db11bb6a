"""Tests for the runtime registry: lookups, deprecation checks and the table's own consistency."""

from __future__ import annotations

import datetime

import pytest
from aws_cdk import aws_lambda as lambda_

from constructs_lambda._errors import ValidationError
from constructs_lambda._runtimes import (
    RUNTIMES,
    RuntimeInfo,
    check_runtime,
    latest_runtime,
    python_version,
    runtime_info,
)

D = datetime.date

# aws_lambda.Runtime attributes that are not Lambda runtime identifiers.
CDK_NOT_A_RUNTIME = frozenset({"FROM_IMAGE"})
# Lambda runtimes aws-cdk-lib knows that the registry deliberately leaves unknown. Empty today: a CDK
# upgrade that adds a runtime fails test_every_cdk_runtime_is_in_registry until the runtime is added to
# RUNTIMES (with its dates, if a source states them) or listed here.
CDK_RUNTIMES_UNKNOWN_TO_REGISTRY: frozenset[str] = frozenset()

# Rows where the runtimes page (deprecated-runtimes table) states a block-create date BEFORE the
# deprecation date: Lambda's pre-2023 policy blocked creation first. Kept exactly as stated.
BLOCK_CREATE_BEFORE_DEPRECATION = frozenset(
    {"nodejs8.10", "nodejs6.10", "nodejs4.3", "nodejs4.3-edge", "dotnetcore2.0"}
)

CDK_FAMILY = {
    lambda_.RuntimeFamily.PYTHON: "python",
    lambda_.RuntimeFamily.NODEJS: "nodejs",
    lambda_.RuntimeFamily.JAVA: "java",
    lambda_.RuntimeFamily.DOTNET_CORE: "dotnet",
    lambda_.RuntimeFamily.RUBY: "ruby",
    lambda_.RuntimeFamily.GO: "go",
    lambda_.RuntimeFamily.OTHER: "provided",
}


def _cdk_runtimes() -> dict[str, lambda_.Runtime]:
    """Every aws_lambda.Runtime constant that names a Lambda runtime, by attribute name."""
    found: dict[str, lambda_.Runtime] = {}
    for attr in dir(lambda_.Runtime):
        value = getattr(lambda_.Runtime, attr)
        if attr.isupper() and isinstance(value, lambda_.Runtime) and attr not in CDK_NOT_A_RUNTIME:
            found[attr] = value
    return found


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


# ---- lookups -------------------------------------------------------------------------------------


def test_runtime_info_returns_entry_for_known_runtime() -> None:
    """A known identifier returns its entry with family, version and dates."""
    # GIVEN / WHEN
    info = runtime_info("python3.13")
    # THEN
    assert info == RuntimeInfo(
        name="python3.13",
        family="python",
        version="3.13",
        architectures=("x86_64", "arm64"),
        deprecation=D(2029, 6, 30),
        block_create=D(2029, 7, 31),
        block_update=D(2029, 8, 31),
        snap_start=True,
        handler_style="file.function",
    )


def test_runtime_info_returns_none_for_unknown_runtime() -> None:
    """An identifier the registry does not know returns None instead of raising."""
    # GIVEN / WHEN / THEN
    assert runtime_info("python3.99") is None
    assert runtime_info("") is None


@pytest.mark.parametrize(
    ("name", "architectures"),
    [
        ("go1.x", ("x86_64",)),
        ("provided", ("x86_64",)),
        ("java8", ("x86_64",)),
        ("python3.7", ("x86_64",)),
        ("nodejs10.x", ("x86_64",)),
        ("java8.al2", ("x86_64", "arm64")),
        ("provided.al2023", ("x86_64", "arm64")),
    ],
    ids=["go1.x", "provided", "java8", "python3.7", "nodejs10.x", "java8.al2", "provided.al2023"],
)
def test_architectures_follow_the_docs(name: str, architectures: tuple[str, ...]) -> None:
    """Amazon Linux 1 runtimes and nodejs10.x are x86_64 only; Amazon Linux 2/2023 ones offer both."""
    # GIVEN / WHEN
    info = runtime_info(name)
    # THEN
    assert info is not None
    assert info.architectures == architectures


@pytest.mark.parametrize(
    ("name", "style"),
    [
        ("python3.12", "file.function"),
        ("nodejs22.x", "file.function"),
        ("ruby3.3", "file.function"),
        ("java21", "java"),
        ("dotnet8", "dotnet"),
        ("provided.al2023", "bootstrap"),
        ("go1.x", "go"),
    ],
    ids=["python3.12", "nodejs22.x", "ruby3.3", "java21", "dotnet8", "provided.al2023", "go1.x"],
)
def test_handler_style_per_family(name: str, style: str) -> None:
    """Each family reports the handler format the lead validates against."""
    # GIVEN / WHEN
    info = runtime_info(name)
    # THEN
    assert info is not None
    assert info.handler_style == style


# ---- aws-cdk-lib parity ----------------------------------------------------------------------------


def test_every_cdk_runtime_is_in_registry() -> None:
    """Every aws_lambda.Runtime identifier is in the registry or explicitly listed as unknown."""
    # GIVEN
    cdk_names = {runtime.name for runtime in _cdk_runtimes().values()}
    # WHEN
    missing = cdk_names - {info.name for info in RUNTIMES} - CDK_RUNTIMES_UNKNOWN_TO_REGISTRY
    # THEN
    assert not missing, f"add these aws-cdk-lib runtimes to RUNTIMES: {sorted(missing)}"


def test_unknown_list_holds_only_runtimes_the_registry_lacks() -> None:
    """The explicit unknown list does not hide a runtime the registry already has."""
    # GIVEN / WHEN / THEN
    assert not CDK_RUNTIMES_UNKNOWN_TO_REGISTRY & {info.name for info in RUNTIMES}


def test_registry_agrees_with_cdk_on_family_and_snap_start() -> None:
    """Family and SnapStart support match aws-cdk-lib for every runtime both know."""
    # GIVEN / WHEN / THEN
    for attr, runtime in _cdk_runtimes().items():
        info = runtime_info(runtime.name)
        if info is None:
            continue
        assert runtime.family is not None, attr
        assert info.family == CDK_FAMILY[runtime.family], attr
        assert info.snap_start == runtime.supports_snap_start, attr


# ---- check_runtime ---------------------------------------------------------------------------------


def test_check_runtime_passes_day_before_block_create() -> None:
    """The day before block-create the runtime passes (with a deprecation warning)."""
    # GIVEN python3.9: deprecated 2025-12-15, block-create 2027-02-01
    # WHEN
    warning = check_runtime("Orders/Api", "runtime", "python3.9", today=D(2027, 1, 31))
    # THEN
    assert warning is not None
    assert "deprecated since 2025-12-15" in warning


def test_fails_when_runtime_reached_block_create() -> None:
    """On the block-create date the check raises and names the newest runtime of the family."""
    # GIVEN / WHEN / THEN
    with pytest.raises(
        ValidationError,
        match=r"^Orders/Api: runtime reached its block-create date 2027-02-01; "
        r"Lambda no longer creates functions on it; use python3\.14 \(or allow it with the context key "
        r"constructs-lambda:allowBlockedRuntimes\), got 'python3\.9'$",
    ):
        check_runtime("Orders/Api", "runtime", "python3.9", today=D(2027, 2, 1))


def test_fails_after_block_update_too() -> None:
    """Long after block-update the check still raises (block-update follows block-create)."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=r"block-create date 2024-02-08.*use provided\.al2023"):
        check_runtime("S/F", "runtime", "go1.x", today=D(2030, 1, 1))


def test_check_runtime_returns_none_day_before_deprecation() -> None:
    """The day before deprecation there is nothing to say."""
    # GIVEN / WHEN / THEN
    assert check_runtime("S/F", "runtime", "python3.13", today=D(2029, 6, 29)) is None


def test_check_runtime_warns_on_deprecation_date() -> None:
    """On the deprecation date the check returns a warning with the block dates and a successor."""
    # WHEN
    warning = check_runtime("S/F", "runtime", "python3.13", today=D(2029, 6, 30))
    # THEN
    assert warning == (
        "runtime python3.13 is deprecated since 2029-06-30 (no security patches; "
        "block-create from 2029-07-31, block-update from 2029-08-31); use python3.14"
    )


def test_check_runtime_warns_without_block_dates_for_container_only_runtime() -> None:
    """A deprecated container-only runtime (no block dates on the runtimes page) warns without raising."""
    # GIVEN / WHEN
    warning = check_runtime("S/F", "runtime", "dotnet7", today=D(2030, 1, 1))
    # THEN
    assert warning is not None
    assert "no block dates announced" in warning


def test_check_runtime_accepts_unknown_runtime() -> None:
    """A runtime newer than the registry passes without a warning."""
    # GIVEN / WHEN / THEN
    assert check_runtime("S/F", "runtime", "python3.99", today=D(2100, 1, 1)) is None


def test_check_runtime_accepts_undated_runtime_with_default_today() -> None:
    """Without today= the current date is used; a runtime with no announced dates passes."""
    # GIVEN / WHEN / THEN
    assert check_runtime("S/F", "runtime", "java17.al2023") is None


# ---- latest_runtime / python_version ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "today", "expected"),
    [
        ("python", D(2025, 1, 1), "python3.14"),
        ("nodejs", D(2025, 1, 1), "nodejs24.x"),
        ("java", D(2025, 1, 1), "java25"),
        ("provided", D(2025, 1, 1), "provided.al2023"),
        ("provided", D(2029, 6, 30), "provided.al2023"),  # every provided* deprecated: newest anyway
        ("go", D(2025, 1, 1), "provided.al2023"),  # go1.x deprecated: Go runs on OS-only runtimes
    ],
    ids=[
        "python-D(2025,1,1)",
        "nodejs-D(2025,1,1)",
        "java-D(2025,1,1)",
        "provided-D(2025,1,1)",
        "provided-D(2029,6,30)",
        "go-D(2025,1,1)",
    ],
)
def test_latest_runtime(family: str, today: datetime.date, expected: str) -> None:
    """The newest non-deprecated runtime of a family is suggested."""
    # GIVEN / WHEN / THEN
    assert latest_runtime(family, today=today).name == expected


def test_fails_when_latest_runtime_family_unknown() -> None:
    """An unknown family is a programming error, reported with the known families."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValueError, match="unknown runtime family 'cobol'"):
        latest_runtime("cobol")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("python3.12", "3.12"),
        ("python3.9", "3.9"),
        ("python2.7", "2.7"),
        ("python3.15", "3.15"),  # not in the registry yet: parsed from the identifier
        ("nodejs22.x", None),
        ("python", None),
        ("provided.al2023", None),
    ],
    ids=["python3.12", "python3.9", "python2.7", "python3.15", "nodejs22.x", "python", "provided.al2023"],
)
def test_python_version(name: str, expected: str | None) -> None:
    """python_version gives X.Y for Python runtimes and None for everything else."""
    # GIVEN / WHEN / THEN
    assert python_version(name) == expected


# ---- table invariants ------------------------------------------------------------------------------


def test_names_are_unique() -> None:
    """No runtime identifier appears twice."""
    # GIVEN / WHEN
    names = [info.name for info in RUNTIMES]
    # THEN
    assert len(names) == len(set(names))


def test_dates_are_ordered() -> None:
    """deprecation <= block_create <= block_update wherever present (stated exceptions listed)."""
    # GIVEN / WHEN / THEN
    for info in RUNTIMES:
        if info.block_create and info.block_update:
            assert info.block_create <= info.block_update, info.name
        if info.deprecation and info.block_create and info.name not in BLOCK_CREATE_BEFORE_DEPRECATION:
            assert info.deprecation <= info.block_create, info.name
        if info.block_create or info.block_update:
            assert info.deprecation is not None, info.name


def test_exceptions_to_date_order_are_real() -> None:
    """Every listed date-order exception is a runtime whose stated dates really are out of order."""
    # GIVEN / WHEN / THEN
    for name in BLOCK_CREATE_BEFORE_DEPRECATION:
        info = runtime_info(name)
        assert info is not None
        assert info.deprecation is not None
        assert info.block_create is not None
        assert info.block_create < info.deprecation, name


def test_fields_hold_allowed_values() -> None:
    """Families, architectures, versions and handler styles use the documented vocabulary."""
    # GIVEN / WHEN / THEN
    for info in RUNTIMES:
        assert info.family in {"python", "nodejs", "java", "dotnet", "ruby", "provided", "go"}
        assert info.architectures in {("x86_64", "arm64"), ("x86_64",)}, info.name
        assert (info.version is None) == (info.family == "provided"), info.name
        assert info.handler_style in {"file.function", "java", "dotnet", "bootstrap", "go"}


def test_families_are_listed_newest_first() -> None:
    """Within a family versions never increase down the table (latest_runtime relies on it)."""
    # GIVEN / WHEN
    previous: dict[str, tuple[int, ...]] = {}
    # THEN
    for info in RUNTIMES:
        if info.version is None:
            continue
        key = _version_key(info.version)
        if info.family in previous:
            assert key <= previous[info.family], info.name
        previous[info.family] = key


def test_runtime_info_is_frozen() -> None:
    """Entries are immutable so callers cannot change the shared table."""
    # GIVEN / WHEN
    info = runtime_info("python3.13")
    # THEN
    assert info is not None
    with pytest.raises(AttributeError):
        info.name = "python3.0"  # type: ignore[misc]
