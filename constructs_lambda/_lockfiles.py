"""Dependency specs of an entry directory, read into pip requirement lines for Lambda's platform.

``find_spec`` looks for the files below in this order of preference and returns the first one found:

- ``uv.lock`` (``parse_uv_lock``): exact pins of the project's runtime dependencies (dev groups excluded),
  walked from the virtual or editable root.
- ``poetry.lock`` (``parse_poetry_lock``): exact pins of the ``main`` group; Poetry 2 and 1.x formats. When
  the lock records no groups (lock-version 2.0), the walk starts from ``pyproject.toml``'s dependencies.
- ``Pipfile.lock`` (``parse_pipfile_lock``): exact pins of the ``default`` section.
- ``pyproject.toml`` (``parse_pyproject``): ``[project].dependencies``, left for pip to resolve; a file
  without that table falls through to the next spec.
- ``requirements.txt``: handed to pip as ``-r``; it and every file it includes (``-r``/``-c``) decide the
  asset hash.

Lock files are read as TOML/JSON here (no export plugin, no network). Environment markers are evaluated for
the PEP 508 environment the caller passes (Lambda's Linux, the runtime's Python version and architecture:
``_bundling.marker_environment``). Locks become ``--no-deps`` installs; anything that cannot be installed as
a binary wheel from an index (git, path, URL, editable sources) is a ``ValidationError`` naming the file.
The parsers are pure: they take bytes and return requirement lines, and never touch pip.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import ValidationError

#: Spec files in order of preference.
SPEC_FILES = ("uv.lock", "poetry.lock", "Pipfile.lock", "pyproject.toml", "requirements.txt")


@dataclass(frozen=True, slots=True)
class DependencySpec:
    """A dependency spec found in the entry directory."""

    kind: str
    files: tuple[tuple[str, bytes], ...]  # relative name and bytes of every file that decides the build
    requirements: tuple[str, ...]  # requirement lines for pip (exact pins for lock files)
    no_deps: bool  # True when the spec is a full lock (pip must not resolve)


def _marker_true(marker: str | None, env: Mapping[str, str]) -> bool:
    if not marker:
        return True
    from packaging.markers import Marker  # imported when a spec is parsed, not with the library

    return bool(Marker(marker).evaluate(dict(env)))


def find_spec(
    path: str, prop: str, entry: Path, env: Mapping[str, str], *, required: bool
) -> DependencySpec | None:
    """The first dependency spec in ``entry`` in order of preference, parsed into pip requirements."""
    for name in SPEC_FILES:
        file = entry / name
        if not file.is_file():
            continue
        data = file.read_bytes()
        where = str(entry / name)  # as the user typed the entry, for messages
        if name == "uv.lock":
            return DependencySpec(name, ((name, data),), parse_uv_lock(path, prop, where, data, env), True)
        if name == "poetry.lock":
            pyproject = entry / "pyproject.toml"
            pyproject_data = pyproject.read_bytes() if pyproject.is_file() else None
            files = ((name, data),) + ((("pyproject.toml", pyproject_data),) if pyproject_data else ())
            reqs = parse_poetry_lock(path, prop, where, data, env, pyproject_data)
            return DependencySpec(name, files, reqs, True)
        if name == "Pipfile.lock":
            return DependencySpec(
                name, ((name, data),), parse_pipfile_lock(path, prop, where, data, env), True
            )
        if name == "pyproject.toml":
            reqs_or_none = parse_pyproject(path, prop, where, data, env)
            if reqs_or_none is None:
                continue  # no [project].dependencies: fall through to requirements.txt
            return DependencySpec(name, ((name, data),), reqs_or_none, False)
        files = tuple(_requirements_files(entry, name))
        return DependencySpec(name, files, (f"-r{(entry / name).resolve()}",), False)
    if required:
        raise ValidationError(
            path, prop, str(entry), f"must contain a dependency spec (one of {', '.join(SPEC_FILES)})"
        )
    return None


def _toml(path: str, prop: str, where: str, data: bytes) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(path, prop, where, f"must be valid TOML ({exc})") from None


def _canonical_name(name: str) -> str:
    # packaging (with packaging.tags, ~0.07 s) is imported when a spec is parsed, not with the library.
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))


def _pin(name: str, version: str) -> str:
    return f"{_canonical_name(name)}=={version}"


def _unsupported_source(path: str, prop: str, where: str, name: str, source: str) -> ValidationError:
    return ValidationError(
        path,
        prop,
        where,
        f"pins {name} to source type {source!r}, which cannot be installed as a binary wheel for Lambda's "
        "platform; publish it to an index (or a find_links directory) and lock it from there",
    )


def parse_uv_lock(path: str, prop: str, where: str, data: bytes, env: Mapping[str, str]) -> tuple[str, ...]:
    """Exact pins of the runtime dependencies in a ``uv.lock`` (dev groups excluded), for ``env``."""
    lock = _toml(path, prop, where, data)
    packages: list[dict[str, Any]] = lock.get("package", [])
    by_name: dict[str, list[dict[str, Any]]] = {}
    for package in packages:
        by_name.setdefault(_canonical_name(package["name"]), []).append(package)

    def is_local(package: dict[str, Any]) -> bool:
        return any(k in package.get("source", {}) for k in ("virtual", "editable"))

    roots = [p for p in packages if p.get("source", {}).get("virtual") == "."]
    roots += [p for p in packages if p.get("source", {}).get("editable") == "."]
    if not roots:
        roots = [p for p in packages if is_local(p)]
    if not roots:
        raise ValidationError(
            path, prop, where, "must contain the project itself (a virtual or editable root)"
        )

    def resolve(dep: dict[str, Any]) -> dict[str, Any]:
        candidates = by_name.get(_canonical_name(dep["name"]), [])
        if "version" in dep:
            candidates = [c for c in candidates if c.get("version") == dep["version"]]
        for candidate in candidates:
            forks = candidate.get("resolution-markers")
            if not forks or any(_marker_true(m, env) for m in forks):
                return candidate
        if candidates:  # locked only for other forks: any pick could be the wrong version
            raise ValidationError(
                path,
                prop,
                where,
                f"must lock {dep['name']} for Lambda's platform (Linux {env['platform_machine']}, Python "
                f"{env['python_version']}), but its entries are for other resolution forks; relock with "
                "that platform in requires-python / tool.uv.environments",
            )
        raise ValidationError(
            path, prop, where, f"must lock {dep['name']} (it is a dependency but has no entry)"
        )

    seen: set[tuple[str, str, str]] = set()
    pins: dict[str, str] = {}

    def visit(package: dict[str, Any], extras: Iterable[str]) -> None:
        deps = list(package.get("dependencies", []))
        for extra in extras:
            deps += package.get("optional-dependencies", {}).get(extra, [])
        for dep in deps:
            if not _marker_true(dep.get("marker"), env):
                continue
            target = resolve(dep)
            dep_extras = tuple(dep.get("extra", ()))
            key = (
                _canonical_name(target["name"]),
                str(target.get("version")),
                ",".join(sorted(dep_extras)),
            )
            if key in seen:
                continue
            seen.add(key)
            source = target.get("source", {})
            if "registry" in source:
                pins[_canonical_name(target["name"])] = _pin(target["name"], target["version"])
            elif not any(target is root for root in roots):
                kind = next(iter(source), "unknown")  # git, url, path, directory, editable workspace member
                raise _unsupported_source(path, prop, where, target["name"], kind)
            visit(target, dep_extras)

    for root in roots:
        visit(root, ())
    return tuple(pins[name] for name in sorted(pins))


def parse_poetry_lock(
    path: str,
    prop: str,
    where: str,
    data: bytes,
    env: Mapping[str, str],
    pyproject: bytes | None = None,
) -> tuple[str, ...]:
    """Exact pins of the ``main`` group of a ``poetry.lock`` (Poetry 2 and 1.x formats), for ``env``."""
    lock = _toml(path, prop, where, data)
    packages: list[dict[str, Any]] = lock.get("package", [])
    has_groups = any("groups" in p for p in packages)
    has_category = any("category" in p for p in packages)
    selected: list[dict[str, Any]] = []
    if has_groups or has_category:
        for package in packages:
            in_main = "main" in package.get("groups", ()) or package.get("category") == "main"
            if not in_main or package.get("optional", False):
                continue
            markers = package.get("markers")
            if isinstance(markers, dict):
                markers = markers.get("main")
            if _marker_true(markers, env):
                selected.append(package)
    else:
        # lock-version 2.0 (Poetry 1.5-1.8) records no groups: walk from the project's own dependencies.
        selected = _poetry_walk(path, prop, where, packages, env, pyproject)
    pins: dict[str, str] = {}
    for package in selected:
        source_type = package.get("source", {}).get("type")
        if source_type not in (None, "legacy"):
            raise _unsupported_source(path, prop, where, package["name"], source_type)
        pins[_canonical_name(package["name"])] = _pin(package["name"], package["version"])
    return tuple(pins[name] for name in sorted(pins))


def _poetry_walk(
    path: str,
    prop: str,
    where: str,
    packages: list[dict[str, Any]],
    env: Mapping[str, str],
    pyproject: bytes | None,
) -> list[dict[str, Any]]:
    from packaging.requirements import InvalidRequirement, Requirement

    by_name = {_canonical_name(p["name"]): p for p in packages}
    if pyproject is None:
        return [p for p in packages if not p.get("optional", False)]
    project = _toml(path, prop, str(Path(where).with_name("pyproject.toml")), pyproject)
    roots: list[str] = []
    for line in project.get("project", {}).get("dependencies", []):
        with contextlib.suppress(InvalidRequirement):
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate(dict(env)):
                roots.append(req.name)
    poetry_deps = project.get("tool", {}).get("poetry", {}).get("dependencies", {})
    roots += [name for name in poetry_deps if name.lower() != "python"]
    selected: dict[str, dict[str, Any]] = {}
    stack = [_canonical_name(name) for name in roots]
    while stack:
        name = stack.pop()
        if name in selected or name not in by_name:
            continue
        package = by_name[name]
        selected[name] = package
        for dep_name, constraint in package.get("dependencies", {}).items():
            marker = constraint.get("markers") if isinstance(constraint, dict) else None
            optional = isinstance(constraint, dict) and constraint.get("optional", False)
            if not optional and _marker_true(marker, env):
                stack.append(_canonical_name(dep_name))
    return list(selected.values())


def parse_pipfile_lock(
    path: str, prop: str, where: str, data: bytes, env: Mapping[str, str]
) -> tuple[str, ...]:
    """Exact pins of the ``default`` section of a ``Pipfile.lock``, for ``env``."""
    try:
        lock = json.loads(data.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(path, prop, where, f"must be valid JSON ({exc})") from None
    pins: dict[str, str] = {}
    for name, info in lock.get("default", {}).items():
        for key in ("git", "path", "file", "editable"):
            if key in info:
                raise _unsupported_source(path, prop, where, name, key)
        if not _marker_true(info.get("markers"), env):
            continue
        version = str(info.get("version", ""))
        if not version.startswith("=="):
            raise ValidationError(path, prop, where, f"must pin {name} with ==, has {version!r}")
        pins[_canonical_name(name)] = _pin(name, version[2:])
    return tuple(pins[name] for name in sorted(pins))


def parse_pyproject(
    path: str, prop: str, where: str, data: bytes, env: Mapping[str, str]
) -> tuple[str, ...] | None:
    """``[project].dependencies`` with markers evaluated for ``env`` (None when the table is absent)."""
    from packaging.requirements import InvalidRequirement, Requirement

    project = _toml(path, prop, where, data).get("project", {})
    if "dependencies" not in project:
        return None
    lines: list[str] = []
    for line in project["dependencies"]:
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            raise ValidationError(path, prop, where, f"must hold PEP 508 requirements ({exc})") from None
        if req.marker is not None and not req.marker.evaluate(dict(env)):
            continue
        req.marker = None
        lines.append(str(req))
    return tuple(lines)


def _requirements_files(entry: Path, name: str) -> Iterable[tuple[str, bytes]]:
    """``requirements.txt`` and every file it includes with ``-r``/``-c``, as (relative name, bytes)."""
    seen: set[Path] = set()
    pending = [entry / name]
    while pending:
        file = pending.pop(0).resolve()
        if file in seen or not file.is_file():
            continue
        seen.add(file)
        data = file.read_bytes()
        try:
            rel = file.relative_to(entry.resolve()).as_posix()
        except ValueError:
            rel = file.name
        yield rel, data
        for raw in data.decode("utf-8", errors="replace").splitlines():
            line = raw.strip()
            match = re.match(r"^(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)", line)
            if match:
                pending.append(file.parent / match.group(1))
