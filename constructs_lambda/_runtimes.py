"""Registry of Lambda runtimes: family, architectures, deprecation dates and SnapStart support.

The data is one table (``RUNTIMES``). Every date in it comes from a seed document and carries its
source; a runtime the seeds do not date has ``None`` dates. Runtimes missing from the table are
unknown, not wrong: :func:`runtime_info` returns ``None`` for them and :func:`check_runtime` lets them
through, so a runtime Lambda launches after this table was written keeps working.

Sources:
    * seed 004 L12930-13380: the supported-runtimes table (mid-2025), with the three dates.
    * seed 004 L13568-14150: the deprecated-runtimes table, with the three dates.
    * seed 003 L7577-7660: the 2021 developer guide's runtime tables, with architectures.
    * seed 003 L1876-1886: arm64 is offered on Amazon Linux 2 runtimes only; runtimes on Amazon
      Linux (1), such as go1.x, are x86_64 only.
    * seed 004 L13408: "All supported Lambda runtimes support both x86_64 and arm64 architectures."
    * aws-cdk-lib 2.275 ``aws_lambda.Runtime``: runtimes newer than seed 004; dates not announced there.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ._errors import ValidationError
from ._limits import ARCHITECTURES

__all__ = ["RuntimeInfo", "runtime_info"]

_BOTH = ARCHITECTURES
_X86 = ("x86_64",)

# How a handler string is written, per family (seed 003 L10163 Python, L11138 Node.js, L13323 Java,
# L16278 .NET, L12347 Ruby, L9121 custom runtimes).
_HANDLER_STYLE = {
    "python": "file.function",
    "nodejs": "file.function",
    "ruby": "file.function",
    "java": "java",
    "dotnet": "dotnet",
    "provided": "bootstrap",
    "go": "go",
}

# A family with no supported runtime left points at the family that replaced it: seed 003 L1886 and
# seed 004 L13400 ("Lambda continues to support the Go programming language after deprecation of the
# Go 1.x runtime", via the OS-only runtimes).
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
RUNTIMES: tuple[RuntimeInfo, ...] = (
    # ---- Python -------------------------------------------------------------------------------
    # aws-cdk-lib 2.275 Runtime list; dates not yet announced (newer than seed 004).
    _r("python3.14", "python", "3.14", _BOTH, snap_start=True),
    # seed 004 supported-runtimes table (L12930-13380): dates as stated there.
    _r("python3.13", "python", "3.13", _BOTH, "2029-06-30", "2029-07-31", "2029-08-31", snap_start=True),
    _r("python3.12", "python", "3.12", _BOTH, "2028-10-31", "2028-11-30", "2029-01-10", snap_start=True),
    _r("python3.11", "python", "3.11", _BOTH, "2026-06-30", "2026-07-31", "2026-08-31"),
    _r("python3.10", "python", "3.10", _BOTH, "2026-06-30", "2026-07-31", "2026-08-31"),
    _r("python3.9", "python", "3.9", _BOTH, "2025-11-03", "2025-12-08", "2026-01-08"),
    # seed 004 deprecated-runtimes table (L13568-14150): dates; architectures from seed 003 L7577 ff.
    _r("python3.8", "python", "3.8", _BOTH, "2024-10-14", "2025-10-01", "2025-11-01"),
    _r("python3.7", "python", "3.7", _X86, "2023-12-04", "2024-01-09", "2025-11-01"),
    _r("python3.6", "python", "3.6", _X86, "2022-07-18", "2022-07-18", "2022-08-29"),
    _r("python2.7", "python", "2.7", _X86, "2021-07-15", "2021-07-15", "2022-05-30"),
    # ---- Node.js ------------------------------------------------------------------------------
    # aws-cdk-lib 2.275 Runtime list; dates not yet announced (newer than seed 004).
    _r("nodejs24.x", "nodejs", "24", _BOTH),
    # seed 004 supported-runtimes table (L12930-13380; also the Node.js page, L4370).
    _r("nodejs22.x", "nodejs", "22", _BOTH, "2027-04-30", "2027-06-01", "2027-07-01"),
    _r("nodejs20.x", "nodejs", "20", _BOTH, "2026-04-30", "2026-06-01", "2026-07-01"),
    _r("nodejs18.x", "nodejs", "18", _BOTH, "2025-09-01", "2025-10-01", "2025-11-01"),
    # seed 004 deprecated-runtimes table (L13568-14150): dates; architectures from seed 003 L7577 ff.
    # (nodejs10.x ran on Amazon Linux 2 but was x86_64 only, seed 003 table "Node.js runtimes".)
    # For the oldest Node.js runtimes the seed states a block-create date before the deprecation date;
    # that is Lambda's data (older two-phase policy), kept as stated.
    _r("nodejs16.x", "nodejs", "16", _BOTH, "2024-06-12", "2025-10-01", "2025-11-01"),
    _r("nodejs14.x", "nodejs", "14", _BOTH, "2023-12-04", "2024-01-09", "2025-11-01"),
    _r("nodejs12.x", "nodejs", "12", _BOTH, "2023-03-31", "2023-03-31", "2023-04-30"),
    _r("nodejs10.x", "nodejs", "10", _X86, "2021-07-30", "2021-07-30", "2022-02-14"),
    _r("nodejs8.10", "nodejs", "8.10", _X86, "2020-03-06", "2020-02-04", "2020-03-06"),
    _r("nodejs6.10", "nodejs", "6.10", _X86, "2019-08-12", "2019-07-12", "2019-08-12"),
    _r("nodejs4.3", "nodejs", "4.3", _X86, "2020-03-05", "2020-02-03", "2020-03-05"),
    _r("nodejs4.3-edge", "nodejs", "4.3", _X86, "2020-03-05", "2019-03-31", "2019-04-30"),
    _r("nodejs", "nodejs", "0.10", _X86, "2016-08-30", "2016-09-30", "2016-10-31"),
    # ---- Java ---------------------------------------------------------------------------------
    # aws-cdk-lib 2.275 Runtime list; dates not yet announced (not in seed 004).
    _r("java25", "java", "25", _BOTH, snap_start=True),
    # seed 004 supported-runtimes table (L12930-13380).
    _r("java21", "java", "21", _BOTH, "2029-06-30", "2029-07-31", "2029-08-31", snap_start=True),
    # aws-cdk-lib 2.275 Runtime list; dates not yet announced (not in seed 004).
    _r("java17.al2023", "java", "17", _BOTH, snap_start=True),
    # seed 004 supported-runtimes table (L12930-13380).
    _r("java17", "java", "17", _BOTH, "2026-06-30", "2026-07-31", "2026-08-31", snap_start=True),
    # aws-cdk-lib 2.275 Runtime list; dates not yet announced (not in seed 004).
    _r("java11.al2023", "java", "11", _BOTH, snap_start=True),
    # seed 004 supported-runtimes table (L12930-13380).
    _r("java11", "java", "11", _BOTH, "2026-06-30", "2026-07-31", "2026-08-31", snap_start=True),
    # aws-cdk-lib 2.275 Runtime list; dates not yet announced (not in seed 004).
    _r("java8.al2023", "java", "8", _BOTH),
    # seed 004 supported-runtimes table (L12930-13380).
    _r("java8.al2", "java", "8", _BOTH, "2026-06-30", "2026-07-31", "2026-08-31"),
    # seed 004 deprecated-runtimes table (L13568-14150); Amazon Linux (1), so x86_64 only (003 L1886).
    _r("java8", "java", "8", _X86, "2024-01-08", "2024-02-08", "2025-11-01"),
    # ---- .NET ---------------------------------------------------------------------------------
    # aws-cdk-lib 2.275 Runtime list; dates not yet announced (newer than seed 004).
    _r("dotnet10", "dotnet", "10", _BOTH, snap_start=True),
    # seed 004 supported-runtimes table (L12930-13380): dotnet9 (container only) "Not scheduled".
    _r("dotnet9", "dotnet", "9", _BOTH, snap_start=True),
    _r("dotnet8", "dotnet", "8", _BOTH, "2026-11-10", "2026-12-10", "2027-01-11", snap_start=True),
    # seed 004 deprecated-runtimes table (L13568-14150). dotnet7 and dotnet5.0 were container-only:
    # the seed gives their block dates as "N/A".
    _r("dotnet7", "dotnet", "7", _BOTH, "2024-05-14"),
    _r("dotnet6", "dotnet", "6", _BOTH, "2024-12-20", "2025-10-01", "2025-11-01"),
    _r("dotnet5.0", "dotnet", "5", _BOTH, "2022-05-10"),
    _r("dotnetcore3.1", "dotnet", "3.1", _BOTH, "2023-04-03", "2023-04-03", "2023-05-03"),
    _r("dotnetcore2.1", "dotnet", "2.1", _X86, "2022-01-05", "2022-01-05", "2022-04-13"),
    _r("dotnetcore2.0", "dotnet", "2.0", _X86, "2019-05-30", "2019-04-30", "2019-05-30"),
    _r("dotnetcore1.0", "dotnet", "1.0", _X86, "2019-06-27", "2019-06-30", "2019-07-30"),
    # ---- Ruby ---------------------------------------------------------------------------------
    # aws-cdk-lib 2.275 Runtime list; dates not yet announced (newer than seed 004).
    _r("ruby4.0", "ruby", "4.0", _BOTH),
    # seed 004 supported-runtimes table (L12930-13380): ruby3.4 "Not scheduled".
    _r("ruby3.4", "ruby", "3.4", _BOTH),
    _r("ruby3.3", "ruby", "3.3", _BOTH, "2027-03-31", "2027-04-30", "2027-05-31"),
    _r("ruby3.2", "ruby", "3.2", _BOTH, "2026-03-31", "2026-04-30", "2026-05-31"),
    # seed 004 deprecated-runtimes table (L13568-14150): dates; architectures from seed 003 L7577 ff.
    _r("ruby2.7", "ruby", "2.7", _BOTH, "2023-12-07", "2024-01-09", "2025-11-01"),
    _r("ruby2.5", "ruby", "2.5", _X86, "2021-07-30", "2021-07-30", "2022-03-31"),
    # ---- OS-only (custom runtimes) ------------------------------------------------------------
    # seed 004 supported-runtimes table (L12930-13380).
    _r("provided.al2023", "provided", None, _BOTH, "2029-06-30", "2029-07-31", "2029-08-31"),
    _r("provided.al2", "provided", None, _BOTH, "2026-06-30", "2026-07-31", "2026-08-31"),
    # seed 004 deprecated-runtimes table (L13568-14150); Amazon Linux (1), so x86_64 only (003 L1886).
    _r("provided", "provided", None, _X86, "2024-01-08", "2024-02-08", "2025-11-01"),
    # ---- Go -----------------------------------------------------------------------------------
    # seed 004 deprecated-runtimes table (L13568-14150); x86_64 only (seed 003 L1886).
    _r("go1.x", "go", "1.x", _X86, "2024-01-08", "2024-02-08", "2025-11-01"),
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


def check_runtime(path: str, prop: str, name: str, *, today: datetime.date | None = None) -> str | None:
    """Check a runtime against Lambda's deprecation schedule.

    Args:
        path: Construct path for the error message. Default: - required.
        prop: Property name as the user typed it, e.g. ``"runtime"``. Default: - required.
        name: Lambda runtime identifier. Default: - required.
        today: Date to check against. Default: - the current local date.

    Returns:
        A warning text when the runtime is deprecated but Lambda still creates functions on it;
        ``None`` when it is not deprecated or unknown to the registry.

    Raises:
        ValidationError: Lambda no longer creates functions on the runtime (its block-create date
            has come).
    """
    info = _BY_NAME.get(name)
    if info is None:
        return None
    day = today if today is not None else datetime.date.today()
    if info.block_create is not None and day >= info.block_create:
        raise ValidationError(
            path,
            prop,
            name,
            f"reached its block-create date {info.block_create.isoformat()}; "
            f"Lambda no longer creates functions on it; use {_successor(info, day)}",
        )
    if info.deprecation is not None and day >= info.deprecation:
        blocks = [
            f"{what} from {when.isoformat()}"
            for what, when in (("block-create", info.block_create), ("block-update", info.block_update))
            if when is not None
        ]
        schedule = ", ".join(blocks) if blocks else "no block dates announced"
        return (
            f"{prop} {name} is deprecated since {info.deprecation.isoformat()} "
            f"(no security patches; {schedule}); use {_successor(info, day)}"
        )
    return None


def _successor(info: RuntimeInfo, day: datetime.date) -> str:
    """The runtime to suggest instead of a deprecated one; looked up only when a message needs it."""
    return latest_runtime(info.family, today=day).name
