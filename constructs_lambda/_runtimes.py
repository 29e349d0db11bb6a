"""Registry of Lambda runtimes: family, architectures, lifecycle dates and SnapStart support.

The data is one table (``RUNTIMES``). Runtimes missing from it are unknown, not wrong:
:func:`runtime_info` returns ``None`` for them and :func:`check_runtime` lets them through, so a runtime
Lambda launches after this table was written keeps working.

Lifecycle policy (:func:`check_runtime`), from the runtime deprecation policy of the runtimes page:

* before the deprecation date: nothing to say;
* from the deprecation date (no more security patches, Lambda still creates and updates functions):
  a warning with the block-create and block-update dates and the runtime to move to;
* from the block-create date (Lambda refuses ``CreateFunction``): a ``ValidationError`` naming the
  runtime to move to, unless the escape hatch below allows the runtime; then a warning.

AWS moves block dates (it extended many in 2026), so a hand-kept table goes stale. Two guards:
``tests/unit/test_runtime_lifecycle.py`` compares every date with the copy of the runtimes page that
cfn-lint ships (rules E2531/W2531/E2533), which pip installs fresh on every CI run, so a moved date
fails a test instead of a user's synth; and the escape hatch lets a user whose synth a stale table
blocks go on without waiting for a release.

Escape hatch: the CDK context key ``constructs-lambda:allowBlockedRuntimes``
(:data:`ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY`), either ``true`` (every runtime) or a list of runtime
identifiers (``["python3.7"]``; from the CLI also ``-c constructs-lambda:allowBlockedRuntimes=python3.7,
nodejs14.x``). It is a context key rather than a keyword argument because ``cl.Function`` keeps the
keyword surface of ``aws_lambda.Function`` (a new keyword would be ours alone), because the decision
belongs to the app or the deployment, not to each function (one line in ``cdk.json`` or one ``-c``
covers a whole fleet), and because it can be set without editing code when a date moves under a
pinned release. Lambda itself still refuses to create a function on a runtime it blocks; the hatch
only stops this library from refusing first.

Sources (public pages):
    * Dates, supported and deprecated runtimes, and the deprecation policy:
      https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
      (cfn-lint's ``LmbdRuntimeLifecycle.json`` is a copy of its tables).
    * Architectures: https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html ("All
      supported Lambda runtimes support both x86_64 and arm64"; Amazon Linux (1) runtimes such as
      go1.x, java8 and provided were x86_64 only, as were the runtimes deprecated before arm64 came).
    * SnapStart: https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html (Java 11+, Python 3.12+,
      .NET 8+; aws-cdk-lib's ``Runtime.supports_snap_start`` agrees, checked by test_runtimes.py).
    * aws-cdk-lib 2.275 ``aws_lambda.Runtime`` for the identifiers it knows.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._errors import ValidationError
from ._limits import ARCHITECTURES
from ._validation import check_strings, parse_json_context

if TYPE_CHECKING:
    from constructs import IConstruct

__all__ = ["RuntimeInfo", "runtime_info"]

#: CDK context key that lets runtimes past their block-create date through (see the module docstring).
ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY = "constructs-lambda:allowBlockedRuntimes"

_BOTH = ARCHITECTURES
_X86 = ("x86_64",)

# How a handler string is written, per family: python-handler.html, nodejs-handler.html,
# java-handler.html, csharp-handler.html, ruby-handler.html, runtimes-custom.html (an executable named
# bootstrap) and golang-handler.html under https://docs.aws.amazon.com/lambda/latest/dg/.
_HANDLER_STYLE = {
    "python": "file.function",
    "nodejs": "file.function",
    "ruby": "file.function",
    "java": "java",
    "dotnet": "dotnet",
    "provided": "bootstrap",
    "go": "go",
}

# A family with no supported runtime left points at the family that replaced it: Go runs on the
# OS-only runtimes since go1.x was deprecated (https://docs.aws.amazon.com/lambda/latest/dg/lambda-golang.html).
_SUCCESSOR_FAMILY = {"go": "provided"}


@dataclass(frozen=True, kw_only=True, slots=True)
class RuntimeInfo:
    """What the library knows about one Lambda runtime.

    Attributes:
        name: Lambda's runtime identifier, e.g. ``"python3.13"`` (equals ``aws_lambda.Runtime.X.name``).
        family: ``"python"``, ``"nodejs"``, ``"java"``, ``"dotnet"``, ``"ruby"``, ``"provided"`` or
            ``"go"``.
        version: Language version, e.g. ``"3.13"`` or ``"22"``; ``None`` for the OS-only runtimes.
        architectures: Instruction set architectures Lambda offers the runtime on.
        deprecation: Date the runtime is (or was) deprecated; ``None`` when not announced.
        block_create: Date from which Lambda refuses to create functions on it; ``None`` when not
            announced or not applicable.
        block_update: Date from which Lambda refuses to update functions on it; ``None`` when not
            announced or not applicable.
        snap_start: Whether Lambda SnapStart supports the runtime.
        handler_style: Handler format: ``"file.function"``, ``"java"``, ``"dotnet"``, ``"bootstrap"``
            or ``"go"``.
    """

    name: str
    family: str
    version: str | None
    architectures: tuple[str, ...]
    deprecation: datetime.date | None
    block_create: datetime.date | None
    block_update: datetime.date | None
    snap_start: bool
    handler_style: str


def _date(iso: str | None) -> datetime.date | None:
    return None if iso is None else datetime.date.fromisoformat(iso)


def _r(
    name: str,
    family: str,
    version: str | None,
    architectures: tuple[str, ...],
    deprecation: str | None = None,
    block_create: str | None = None,
    block_update: str | None = None,
    *,
    snap_start: bool = False,
) -> RuntimeInfo:
    # Table-row shorthand: one line per runtime, dates as ISO strings.
    return RuntimeInfo(
        name=name,
        family=family,
        version=version,
        architectures=architectures,
        deprecation=_date(deprecation),
        block_create=_date(block_create),
        block_update=_date(block_update),
        snap_start=snap_start,
        handler_style=_HANDLER_STYLE[family],
    )


# Within a family, runtimes are listed newest first; latest_runtime() relies on that order.
# Columns: name, family, version, architectures, deprecation, block create, block update.
# Dates: the supported and deprecated runtime tables of
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, compared with cfn-lint's copy of
# them by tests/unit/test_runtime_lifecycle.py. Architectures and SnapStart: see the module docstring.
RUNTIMES: tuple[RuntimeInfo, ...] = (
    # ---- Python -------------------------------------------------------------------------------
    _r("python3.14", "python", "3.14", _BOTH, "2029-06-30", "2029-07-31", "2029-08-31", snap_start=True),
    _r("python3.13", "python", "3.13", _BOTH, "2029-06-30", "2029-07-31", "2029-08-31", snap_start=True),
    _r("python3.12", "python", "3.12", _BOTH, "2028-10-31", "2028-11-30", "2029-01-10", snap_start=True),
    _r("python3.11", "python", "3.11", _BOTH, "2027-06-30", "2027-07-31", "2027-08-31"),
    _r("python3.10", "python", "3.10", _BOTH, "2026-10-31", "2027-02-01", "2027-03-03"),
    _r("python3.9", "python", "3.9", _BOTH, "2025-12-15", "2027-02-01", "2027-03-03"),
    _r("python3.8", "python", "3.8", _BOTH, "2024-10-14", "2027-02-01", "2027-03-03"),
    # Amazon Linux (1) runtimes below: x86_64 only (foundation-arch.html).
    _r("python3.7", "python", "3.7", _X86, "2023-12-04", "2024-01-09", "2027-03-03"),
    _r("python3.6", "python", "3.6", _X86, "2022-07-18", "2022-07-18", "2022-08-29"),
    _r("python2.7", "python", "2.7", _X86, "2021-07-15", "2021-07-15", "2022-05-30"),
    # ---- Node.js ------------------------------------------------------------------------------
    _r("nodejs24.x", "nodejs", "24", _BOTH, "2028-04-30", "2028-06-01", "2028-07-01"),
    _r("nodejs22.x", "nodejs", "22", _BOTH, "2027-04-30", "2027-06-01", "2027-07-01"),
    _r("nodejs20.x", "nodejs", "20", _BOTH, "2026-04-30", "2027-02-01", "2027-03-03"),
    _r("nodejs18.x", "nodejs", "18", _BOTH, "2025-09-01", "2027-02-01", "2027-03-03"),
    _r("nodejs16.x", "nodejs", "16", _BOTH, "2024-06-12", "2027-02-01", "2027-03-03"),
    _r("nodejs14.x", "nodejs", "14", _BOTH, "2023-12-04", "2024-01-09", "2027-03-03"),
    _r("nodejs12.x", "nodejs", "12", _BOTH, "2023-03-31", "2023-03-31", "2023-04-30"),
    # nodejs10.x ran on Amazon Linux 2 but was offered on x86_64 only.
    _r("nodejs10.x", "nodejs", "10", _X86, "2021-07-30", "2021-07-30", "2022-02-14"),
    # For the oldest Node.js runtimes the page states a block-create date before the deprecation date
    # (Lambda's older two-phase policy); kept as stated.
    _r("nodejs8.10", "nodejs", "8.10", _X86, "2020-03-06", "2020-02-04", "2020-03-06"),
    _r("nodejs6.10", "nodejs", "6.10", _X86, "2019-08-12", "2019-07-12", "2019-08-12"),
    _r("nodejs4.3", "nodejs", "4.3", _X86, "2020-03-05", "2020-02-03", "2020-03-05"),
    _r("nodejs4.3-edge", "nodejs", "4.3", _X86, "2020-03-05", "2019-03-31", "2019-04-30"),
    _r("nodejs", "nodejs", "0.10", _X86, "2016-08-30", "2016-09-30", "2016-10-31"),
    # ---- Java ---------------------------------------------------------------------------------
    _r("java25", "java", "25", _BOTH, "2029-06-30", "2029-07-31", "2029-08-31", snap_start=True),
    _r("java21", "java", "21", _BOTH, "2029-06-30", "2029-07-31", "2029-08-31", snap_start=True),
    # The *.al2023 Java identifiers (aws-cdk-lib 2.275 and the CloudFormation schema list them) have
    # no dates on the runtimes page yet.
    _r("java17.al2023", "java", "17", _BOTH, snap_start=True),
    _r("java17", "java", "17", _BOTH, "2027-06-30", "2027-07-31", "2027-08-31", snap_start=True),
    _r("java11.al2023", "java", "11", _BOTH, snap_start=True),
    _r("java11", "java", "11", _BOTH, "2027-06-30", "2027-07-31", "2027-08-31", snap_start=True),
    _r("java8.al2023", "java", "8", _BOTH),
    _r("java8.al2", "java", "8", _BOTH, "2027-06-30", "2027-07-31", "2027-08-31"),
    _r("java8", "java", "8", _X86, "2024-01-08", "2024-02-08", "2027-03-03"),
    # ---- .NET ---------------------------------------------------------------------------------
    _r("dotnet10", "dotnet", "10", _BOTH, "2028-11-14", "2028-12-14", "2029-01-15", snap_start=True),
    # dotnet9, dotnet7 and dotnet5.0 are container-image-only runtimes: the page gives no block dates.
    _r("dotnet9", "dotnet", "9", _BOTH, "2026-11-10", snap_start=True),
    _r("dotnet8", "dotnet", "8", _BOTH, "2026-11-10", "2027-02-01", "2027-03-03", snap_start=True),
    _r("dotnet7", "dotnet", "7", _BOTH, "2024-05-14"),
    _r("dotnet6", "dotnet", "6", _BOTH, "2024-12-20", "2027-02-01", "2027-03-03"),
    _r("dotnet5.0", "dotnet", "5", _BOTH, "2022-05-10"),
    _r("dotnetcore3.1", "dotnet", "3.1", _BOTH, "2023-04-03", "2023-04-03", "2023-05-03"),
    _r("dotnetcore2.1", "dotnet", "2.1", _X86, "2022-01-05", "2022-01-05", "2022-04-13"),
    _r("dotnetcore2.0", "dotnet", "2.0", _X86, "2019-05-30", "2019-04-30", "2019-05-30"),
    _r("dotnetcore1.0", "dotnet", "1.0", _X86, "2019-06-27", "2019-06-30", "2019-07-30"),
    # ---- Ruby ---------------------------------------------------------------------------------
    _r("ruby4.0", "ruby", "4.0", _BOTH, "2029-03-31", "2029-04-30", "2029-05-31"),
    _r("ruby3.4", "ruby", "3.4", _BOTH, "2028-03-31", "2028-04-30", "2028-05-31"),
    _r("ruby3.3", "ruby", "3.3", _BOTH, "2027-03-31", "2027-04-30", "2027-05-31"),
    _r("ruby3.2", "ruby", "3.2", _BOTH, "2026-03-31", "2027-02-01", "2027-03-03"),
    _r("ruby2.7", "ruby", "2.7", _BOTH, "2023-12-07", "2024-01-09", "2027-03-03"),
    _r("ruby2.5", "ruby", "2.5", _X86, "2021-07-30", "2021-07-30", "2022-03-31"),
    # ---- OS-only (custom runtimes) ------------------------------------------------------------
    _r("provided.al2023", "provided", None, _BOTH, "2029-06-30", "2029-07-31", "2029-08-31"),
    _r("provided.al2", "provided", None, _BOTH, "2026-07-31", "2027-02-01", "2027-03-03"),
    _r("provided", "provided", None, _X86, "2024-01-08", "2024-02-08", "2027-03-03"),
    # ---- Go -----------------------------------------------------------------------------------
    _r("go1.x", "go", "1.x", _X86, "2024-01-08", "2024-02-08", "2027-03-03"),
)

_BY_NAME: dict[str, RuntimeInfo] = {info.name: info for info in RUNTIMES}
_PYTHON_NAME = re.compile(r"^python(\d+\.\d+)$")


def runtime_info(name: str) -> RuntimeInfo | None:
    """Look a runtime up by its Lambda identifier.

    Args:
        name: Lambda runtime identifier, e.g. ``"python3.13"`` (``aws_lambda.Runtime.X.name``).
            Default: - required.

    Returns:
        The registry entry, or ``None`` for a runtime the registry does not know (never raises, so
        runtimes newer than this table keep working).
    """
    return _BY_NAME.get(name)


def python_version(name: str) -> str | None:
    """Return the Python version of a Python runtime identifier.

    Args:
        name: Lambda runtime identifier, e.g. ``"python3.12"``. Default: - required.

    Returns:
        ``"3.12"`` for ``"python3.12"``; ``None`` when the runtime is not a Python runtime. Python
        runtimes the registry does not know yet are parsed from the identifier.
    """
    info = _BY_NAME.get(name)
    if info is not None:
        return info.version if info.family == "python" else None
    match = _PYTHON_NAME.match(name)
    return match.group(1) if match else None


def latest_runtime(family: str, *, today: datetime.date | None = None) -> RuntimeInfo:
    """Return the newest runtime of a family that is not deprecated.

    A family whose runtimes are all deprecated (``go``) answers with its successor family's newest
    runtime (``provided``).

    Args:
        family: Runtime family, e.g. ``"python"``. Default: - required.
        today: Date to judge deprecation on. Default: - the current local date.

    Returns:
        The registry entry of the newest non-deprecated runtime.

    Raises:
        ValueError: ``family`` is not a family of the registry.
    """
    day = today if today is not None else datetime.date.today()
    members = [info for info in RUNTIMES if info.family == family]
    if not members:
        known = ", ".join(sorted(_HANDLER_STYLE))
        raise ValueError(f"unknown runtime family {family!r}; known families: {known}")
    for info in members:  # newest first
        if info.deprecation is None or day < info.deprecation:
            return info
    successor = _SUCCESSOR_FAMILY.get(family)
    if successor is not None:
        return latest_runtime(successor, today=day)
    return members[0]


def past_block_create(name: str, *, today: datetime.date | None = None) -> bool:
    """Whether Lambda no longer creates functions on a runtime (its block-create date has come).

    Args:
        name: Lambda runtime identifier. Default: - required.
        today: Date to judge on. Default: - the current local date.

    Returns:
        ``True`` from the block-create date on; ``False`` before it and for undated or unknown runtimes.
    """
    info = _BY_NAME.get(name)
    day = today if today is not None else datetime.date.today()
    return info is not None and info.block_create is not None and day >= info.block_create


def allowed_blocked_runtimes(path: str, value: Any) -> bool | frozenset[str]:
    """Read the value of the context key ``constructs-lambda:allowBlockedRuntimes``.

    Args:
        path: Construct path for the error message. Default: - required.
        value: The context value: ``None``, ``True``/``False``, a list of runtime identifiers, or a
            string as the CDK CLI's ``-c`` passes it (``"true"``, ``"false"``, a JSON list or
            comma-separated identifiers). Default: - required.

    Returns:
        ``True`` when every runtime is allowed, otherwise the set of allowed identifiers (empty when
        the key is unset).

    Raises:
        ValidationError: The value has none of those forms; a setting the library cannot read is
            reported, never silently ignored.
    """
    allowed = 'true, false or a list of runtime identifiers such as ["python3.7"]'
    if value is None or value is False:
        return frozenset()
    if value is True:
        return True
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("", "false", "0", "no"):
            return frozenset()
        value = (
            parse_json_context(path, ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY, text, allowed)
            if text.startswith("[")
            else text.split(",")
        )
    if isinstance(value, (list, tuple)):
        names = check_strings(path, ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY, value, "runtime identifiers")
        return frozenset(name.strip() for name in names)
    raise ValidationError(path, ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY, value, f"must be {allowed}")


def check_runtime(
    path: str,
    prop: str,
    name: str,
    *,
    today: datetime.date | None = None,
    scope: IConstruct | None = None,
) -> str | None:
    """Check a runtime against Lambda's lifecycle dates.

    Args:
        path: Construct path for the error message. Default: - required.
        prop: Property name as the user typed it, e.g. ``"runtime"``. Default: - required.
        name: Lambda runtime identifier. Default: - required.
        today: Date to check against. Default: - the current local date.
        scope: Construct whose CDK context may allow runtimes past their block-create date
            (``constructs-lambda:allowBlockedRuntimes``); read only for such a runtime.
            Default: - no context: such runtimes are refused.

    Returns:
        A warning text when the runtime is deprecated but passes (Lambda still creates functions on
        it, or the context key allows it); ``None`` when it is not deprecated or unknown to the
        registry.

    Raises:
        ValidationError: The runtime reached its block-create date and the context key does not allow
            it; or the context key's value is malformed.
    """
    info = _BY_NAME.get(name)
    if info is None:
        return None
    day = today if today is not None else datetime.date.today()
    # Both dates are tested: for the oldest runtimes block-create precedes deprecation (nodejs8.10).
    blocked = past_block_create(name, today=day)
    if not blocked and (info.deprecation is None or day < info.deprecation):
        return None
    if blocked and not _allowed(scope, path, name):
        raise ValidationError(
            path,
            prop,
            name,
            f"reached its block-create date {_iso(info.block_create)}; Lambda no longer creates functions on "
            f"it; use {_successor(info, day)} (or allow it with the context key "
            f"{ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY})",
        )
    blocks = [
        f"{what} from {when.isoformat()}"
        for what, when in (("block-create", info.block_create), ("block-update", info.block_update))
        if when is not None
    ]
    schedule = ", ".join(blocks) if blocks else "no block dates announced"
    allowance = (
        f"; allowed by the context key {ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY}, but Lambda may refuse to "
        "create functions on it"
        if blocked
        else ""
    )
    return (
        f"{prop} {name} is deprecated since {_iso(info.deprecation)} "
        f"(no security patches; {schedule}){allowance}; use {_successor(info, day)}"
    )


def _allowed(scope: IConstruct | None, path: str, name: str) -> bool:
    """Whether the scope's context lets a runtime past its block-create date through."""
    if scope is None:
        return False
    allowed = allowed_blocked_runtimes(path, scope.node.try_get_context(ALLOW_BLOCKED_RUNTIMES_CONTEXT_KEY))
    return allowed is True or (not isinstance(allowed, bool) and name in allowed)


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day is not None else "unknown"


def _successor(info: RuntimeInfo, day: datetime.date) -> str:
    """The runtime to suggest instead of a deprecated one; looked up only when a message needs it."""
    return latest_runtime(info.family, today=day).name
