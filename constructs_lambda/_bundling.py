"""Docker-free Python dependency bundling for Lambda layers and function code.

``PythonBundling`` is the public options object (a frozen dataclass: package indexes, cache directory,
test mode). The engine behind it is private and works in five steps:

1. **Find the dependency spec** in the entry directory, in this order of preference: ``uv.lock``,
   ``poetry.lock``, ``Pipfile.lock``, ``pyproject.toml`` ``[project].dependencies``,
   ``requirements.txt``. ``_lockfiles`` parses lock files (TOML/JSON, no export plugin) into exact pins for
   Lambda's platform (markers evaluated for Linux, the runtime's Python version and the architecture),
   then installed with ``--no-deps``; unlocked specs let pip resolve.
2. **Hash the inputs**: spec file contents, runtime, architecture, pip platform tags, index options, the
   bundler version and, for function code, every source file. Nothing machine- or path-specific goes in,
   so two checkouts anywhere give the same asset hash.
3. **Look in the cache** (``$CONSTRUCTS_LAMBDA_CACHE``, else ``$XDG_CACHE_HOME/constructs-lambda``, else
   ``~/.cache/constructs-lambda``) for a finished build under that hash. A hit installs nothing and needs
   no network.
4. **Build on a miss**: ``python -m pip install --target ... --platform manylinux2014_<arch>
   --platform manylinux_2_17_<arch> ... --platform manylinux_2_<glibc>_<arch> --only-binary=:all:
   --python-version X.Y --implementation cp`` (every glibc up to the runtime's own) with an environment
   that ignores the machine's pip configuration (only transport settings such as ``PIP_CERT`` pass
   through), remove bytecode and console scripts, and write a reproducible zip (sorted entries,
   1980-01-01 timestamps, fixed permissions). The build happens in a temporary directory inside the
   cache and is renamed into place, so concurrent synths never see a half-written build.
5. **Hand CDK the zip** with ``Code.from_asset(zip, asset_hash=<hash>, asset_hash_type=CUSTOM)``.

Bundling is skipped (a small placeholder archive under a *different* hash keeps the template shape) when
``PythonBundling(skip_install=True)``, when the context key ``constructs-lambda:skipBundling`` is true,
or when the stack is excluded by ``BUNDLING_STACKS`` (``cdk synth -e`` / ``--exclusively``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import AssetHashType, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from ._archive import EXCLUDED_SUFFIXES, ZIP_DATE, clean_install_tree, merge_into, write_zip
from ._errors import ConstructsLambdaError, ValidationError
from ._limits import ARCHITECTURES
from ._lockfiles import DependencySpec, find_spec
from ._runtimes import python_version
from ._validation import check_choice, check_strings

__all__ = ["PythonBundling"]

#: Bumped whenever the engine's output for the same inputs changes; part of every asset hash.
BUNDLER_VERSION = "1"

#: Context key that turns installs off (unit tests, CI jobs that only check templates).
SKIP_BUNDLING_CONTEXT_KEY = "constructs-lambda:skipBundling"

#: Environment variable naming the cache directory (highest precedence after ``cache_dir``).
CACHE_ENV_VAR = "CONSTRUCTS_LAMBDA_CACHE"

#: pip settings that only change how bytes travel, never which bytes: they pass through to pip.
_TRANSPORT_PIP_ENV = frozenset(
    {
        "PIP_CERT",
        "PIP_CLIENT_CERT",
        "PIP_PROXY",
        "PIP_DEFAULT_TIMEOUT",
        "PIP_TIMEOUT",
        "PIP_RETRIES",
        "PIP_CACHE_DIR",
        "PIP_NO_CACHE_DIR",
        "PIP_DISABLE_PIP_VERSION_CHECK",
    }
)

#: Python runtimes from 3.12 run on Amazon Linux 2023, earlier ones on Amazon Linux 2
#: (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
_AL2023_FIRST_PYTHON = (3, 12)
#: glibc minor version of each OS: AL2023 2.34 (docs.aws.amazon.com/linux/al2023/ug/core-glibc.html),
#: AL2 2.26 (its glibc-2.26 package); Lambda docs omit them. A manylinux_2_N wheel runs on glibc
#: 2.N and later, and manylinux2014 (= manylinux_2_17) is the oldest tag pip is given.
_AL2023_GLIBC_MINOR, _AL2_GLIBC_MINOR, _MANYLINUX2014_GLIBC_MINOR = 34, 26, 17

#: Directories never copied from a function's entry directory.
_EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".venv",
        "venv",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        "cdk.out",
        "node_modules",
    }
)

_NO_WHEEL_RE = re.compile(r"No matching distribution found for ([A-Za-z0-9][A-Za-z0-9._\-\[\],]*)")
_FROM_VERSIONS_RE = re.compile(r"requirement \S+ \(from versions: ([^)]*)\)")


@dataclass(frozen=True, kw_only=True, slots=True)
class PythonBundling:
    """How Python dependencies are installed for a layer or a function, without Docker.

    The machine's pip configuration (``pip.conf``, ``PIP_INDEX_URL``, ``PIP_FIND_LINKS`` ...) is ignored
    on purpose: every option that decides *which* packages are installed is given here, so it is part of
    the asset hash and the same code gives the same build everywhere. Transport settings (``PIP_CERT``,
    ``PIP_PROXY``, ``PIP_DEFAULT_TIMEOUT``, ``HTTPS_PROXY``) still apply.

    Args:
        index_url: Base URL of the package index (a company mirror). Default: - PyPI.
        extra_index_urls: More indexes pip may use. Default: - none.
        find_links: Local directories or URLs holding wheels. Default: - none.
        no_index: Use only ``find_links``, no index at all. Default: False.
        trusted_hosts: Hosts pip may reach over plain HTTP or with an untrusted certificate.
            Default: - none.
        cache_dir: Directory for finished builds. Default: - ``$CONSTRUCTS_LAMBDA_CACHE``, else
            ``$XDG_CACHE_HOME/constructs-lambda``, else ``~/.cache/constructs-lambda``.
        skip_install: Install nothing and use a placeholder archive (under a different asset hash), for
            unit tests and template-only CI jobs. Default: False (the context key
            ``constructs-lambda:skipBundling`` and ``BUNDLING_STACKS`` also skip).
    """

    index_url: str | None = None
    extra_index_urls: Sequence[str] = ()
    find_links: Sequence[str] = ()
    no_index: bool = False
    trusted_hosts: Sequence[str] = ()
    cache_dir: str | None = None
    skip_install: bool = False

    def __post_init__(self) -> None:
        for name in ("extra_index_urls", "find_links", "trusted_hosts"):
            object.__setattr__(self, name, check_strings("", name, getattr(self, name), "strings"))
        if self.index_url is not None and not self.index_url.strip():
            raise ValidationError("", "index_url", self.index_url, "must be a non-empty URL")
        if self.no_index and not self.find_links:
            raise ValidationError("", "no_index", True, "needs find_links (there is nowhere to install from)")

    def code(
        self,
        scope: Construct,
        *,
        entry: str | os.PathLike[str],
        runtime: lambda_.Runtime,
        architecture: lambda_.Architecture,
    ) -> lambda_.Code:
        """Function code from an entry directory: its files plus its dependencies at the archive root.

        The entry directory holds the handler module(s) and, optionally, a dependency spec (see module
        docs). Dependencies are installed for ``runtime`` and ``architecture`` exactly as for a
        ``PythonLayer``, but at the root of the archive, next to the handler.

        Args:
            scope: The construct that will use the code (for error paths and the bundling switch).
            entry: Directory with the handler code. Default: - required.
            runtime: A Python runtime. Default: - required.
            architecture: The function's architecture. Default: - required.

        Returns:
            Code for ``lambda_.Function(code=...)`` or ``constructs_lambda.Function(code=...)``.
        """
        build = build_asset(scope, scope.node.path, "entry", entry, runtime, architecture, self, layer=False)
        return build.code()


# --------------------------------------------------------------------------------------------------
# The engine (private)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuildResult:
    """A finished (or skipped) build: the zip to upload and its asset hash."""

    zip_path: str
    asset_hash: str
    skipped: bool

    def code(self) -> lambda_.Code:
        """The archive as CDK code with the custom asset hash."""
        return lambda_.Code.from_asset(
            self.zip_path, asset_hash=self.asset_hash, asset_hash_type=AssetHashType.CUSTOM
        )


def python_version_of(path: str, prop: str, runtime: lambda_.Runtime) -> tuple[int, int]:
    """``(3, 12)`` for ``python3.12``; ``ValidationError`` for any other runtime."""
    version = python_version(runtime.name)
    if version is None:
        raise ValidationError(path, prop, runtime.name, "must be a Python runtime (python3.X)")
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


#: Lambda architecture name -> machine name in wheel tags and PEP 508 markers.
_MACHINES = dict(zip(ARCHITECTURES, ("x86_64", "aarch64"), strict=True))


def _arch_machine(path: str, architecture: lambda_.Architecture) -> str:
    check_choice(path, "architecture", architecture.name, ARCHITECTURES)
    return _MACHINES[architecture.name]


def pip_platforms(version: tuple[int, int], machine: str) -> tuple[str, ...]:
    """The ``--platform`` tags for a Python version and machine: every glibc the runtime's OS can run,
    most conservative first."""
    newest = _AL2023_GLIBC_MINOR if version >= _AL2023_FIRST_PYTHON else _AL2_GLIBC_MINOR
    glibc = range(_MANYLINUX2014_GLIBC_MINOR, newest + 1)
    return (f"manylinux2014_{machine}", *(f"manylinux_2_{minor}_{machine}" for minor in glibc))


def marker_environment(version: tuple[int, int], machine: str) -> dict[str, str]:
    """The PEP 508 marker environment of Lambda's Linux for a Python version and machine."""
    major_minor = f"{version[0]}.{version[1]}"
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{major_minor}.0",
        "os_name": "posix",
        "platform_machine": machine,
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": "Linux",
        "platform_version": "",
        "python_full_version": f"{major_minor}.0",
        "python_version": major_minor,
        "sys_platform": "linux",
        "extra": "",
    }


# --- hashing, cache ----------------------------------------------------------------------------------


def cache_root(options: PythonBundling) -> Path:
    """The cache directory for finished builds (see ``PythonBundling.cache_dir``)."""
    if options.cache_dir:
        return Path(options.cache_dir).expanduser()
    if os.environ.get(CACHE_ENV_VAR):
        return Path(os.environ[CACHE_ENV_VAR]).expanduser()
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "constructs-lambda"
    return Path.home() / ".cache" / "constructs-lambda"


def _source_files(entry: Path) -> list[tuple[str, Path]]:
    """Files of a function's entry directory (sorted relative POSIX path, absolute path)."""
    files: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(entry):
        dirnames[:] = sorted(d for d in dirnames if d not in _EXCLUDED_DIRS)
        for filename in filenames:
            if filename.endswith(EXCLUDED_SUFFIXES) or filename == ".DS_Store":
                continue
            full = Path(dirpath) / filename
            files.append((full.relative_to(entry).as_posix(), full))
    return sorted(files)


def compute_hash(
    spec: DependencySpec | None,
    runtime: lambda_.Runtime,
    architecture: lambda_.Architecture,
    platforms: Sequence[str],
    options: PythonBundling,
    layer: bool,
    sources: Sequence[tuple[str, Path]] = (),
) -> str:
    """The asset hash: a SHA-256 over the build's inputs, none of them machine- or path-specific."""
    digest = hashlib.sha256()

    def add(label: str, value: str | bytes) -> None:
        raw = value.encode("utf-8") if isinstance(value, str) else value
        digest.update(f"{label}:{len(raw)}:".encode())
        digest.update(raw)

    add("bundler", BUNDLER_VERSION)
    add("layout", "layer" if layer else "function")
    add("runtime", runtime.name)
    add("architecture", architecture.name)
    add("platforms", ",".join(platforms))
    add("index_url", options.index_url or "")
    add("extra_index_urls", "\n".join(options.extra_index_urls))
    add("find_links", "\n".join(options.find_links))
    add("no_index", str(options.no_index))
    add("trusted_hosts", "\n".join(options.trusted_hosts))
    if spec is not None:
        add("spec", spec.kind)
        for name, data in spec.files:
            add("spec-file", name)
            add("spec-data", data)
    for rel, full in sources:
        add("source", rel)
        add("source-data", full.read_bytes())
    return digest.hexdigest()


def bundling_skipped(scope: Construct, options: PythonBundling) -> bool:
    """True in test mode, with the skip context key, or when ``BUNDLING_STACKS`` excludes the stack."""
    if options.skip_install:
        return True
    flag = scope.node.try_get_context(SKIP_BUNDLING_CONTEXT_KEY)
    if flag is True or (isinstance(flag, str) and flag.strip().lower() in ("1", "true", "yes")):
        return True
    return not Stack.of(scope).bundling_required


def build_asset(
    scope: Construct,
    path: str,
    prop: str,
    entry: str | os.PathLike[str],
    runtime: lambda_.Runtime,
    architecture: lambda_.Architecture,
    options: PythonBundling,
    *,
    layer: bool,
) -> BuildResult:
    """Build (or fetch from the cache, or skip) the archive for an entry directory."""
    entry_path = Path(entry)
    if not entry_path.is_dir():
        raise ValidationError(path, prop, str(entry), "must be an existing directory")
    version = python_version_of(path, "runtime", runtime)
    machine = _arch_machine(path, architecture)
    platforms = pip_platforms(version, machine)
    env = marker_environment(version, machine)
    spec = find_spec(path, prop, entry_path, env, required=layer)
    sources = [] if layer else _source_files(entry_path)
    asset_hash = compute_hash(spec, runtime, architecture, platforms, options, layer, sources)

    root = cache_root(options) / f"v{BUNDLER_VERSION}"
    # Skipping comes first and never looks at the cache: a skipped synth must give the same template on
    # every machine, whatever that machine happened to build before (principle 4, deterministic).
    if bundling_skipped(scope, options):
        return _placeholder(root, asset_hash, layer)
    done = root / asset_hash
    cached = _read_cached(done, asset_hash)
    if cached is not None:
        return cached

    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        tree = work / "tree"
        deps = tree / "python" if layer else work / "deps"
        deps.mkdir(parents=True)
        if spec is not None and spec.requirements:
            _install(path, prop, str(entry), spec, deps, version, platforms, options)
        clean_install_tree(deps)
        if not layer:
            merge_into(deps, tree)
            for rel, full in sources:
                dest = tree / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(full, dest)
                if os.stat(full).st_mode & stat.S_IXUSR:
                    dest.chmod(0o755)
        write_zip(tree, work / "asset.zip")
        shutil.rmtree(tree)
        shutil.rmtree(work / "deps", ignore_errors=True)
        _publish(work, done)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = _read_cached(done, asset_hash)
    if result is None:  # pragma: no cover - the rename either succeeded or a twin build won the race
        raise ConstructsLambdaError(f"{path}: the build of {entry} vanished from the cache at {done}")
    return result


def _read_cached(done: Path, asset_hash: str) -> BuildResult | None:
    zip_path = done / "asset.zip"  # the build directory is renamed into place whole, so a zip is finished
    if not zip_path.is_file():
        return None
    return BuildResult(str(zip_path), asset_hash, skipped=False)


def _publish(work: Path, done: Path) -> None:
    """Rename the finished build into place; a concurrent twin that got there first wins."""
    try:
        os.rename(work, done)
    except OSError:
        if not (done / "asset.zip").is_file():
            raise


def _placeholder(root: Path, asset_hash: str, layer: bool) -> BuildResult:
    """A tiny archive for skipped builds, under a hash that can never collide with a real build."""
    skipped_hash = hashlib.sha256(f"skipped:{asset_hash}".encode()).hexdigest()
    name = "python/BUNDLING_SKIPPED" if layer else "BUNDLING_SKIPPED"
    target = root / f"placeholder-{'layer' if layer else 'function'}.zip"
    if not target.is_file():
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".placeholder-", dir=root)
        os.close(fd)
        with zipfile.ZipFile(tmp, "w") as archive:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            archive.writestr(info, "Dependencies were not installed: bundling was skipped at synth.\n")
        os.replace(tmp, target)
    return BuildResult(str(target), skipped_hash, skipped=True)


# --- pip ---------------------------------------------------------------------------------------------


def run_pip(args: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Run pip (a seam for tests: monkeypatch this to prove a warm build installs nothing)."""
    return subprocess.run(
        [sys.executable, "-m", "pip", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )


def pip_environment() -> dict[str, str]:
    """The process environment minus every pip setting that could change *what* gets installed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") or k in _TRANSPORT_PIP_ENV}
    env["PIP_CONFIG_FILE"] = os.devnull  # ignore pip.conf at every level (global, user, site)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def pip_arguments(
    target: Path,
    requirements_file: Path,
    no_deps: bool,
    version: tuple[int, int],
    platforms: Sequence[str],
    options: PythonBundling,
) -> list[str]:
    """The ``pip install`` arguments for Lambda's platform (without the interpreter)."""
    args = ["install", "--target", str(target), "--implementation", "cp"]
    args += ["--python-version", f"{version[0]}.{version[1]}", "--only-binary=:all:"]
    for platform in platforms:
        args += ["--platform", platform]
    args += ["--no-compile", "--no-input", "--disable-pip-version-check", "--no-warn-script-location"]
    if no_deps:
        args.append("--no-deps")
    if options.no_index:
        args.append("--no-index")
    if options.index_url:
        args += ["--index-url", options.index_url]
    for url in options.extra_index_urls:
        args += ["--extra-index-url", url]
    for link in options.find_links:
        args += ["--find-links", link]
    for host in options.trusted_hosts:
        args += ["--trusted-host", host]
    args += ["-r", str(requirements_file)]
    return args


def _install(
    path: str,
    prop: str,
    entry: str,
    spec: DependencySpec,
    target: Path,
    version: tuple[int, int],
    platforms: Sequence[str],
    options: PythonBundling,
) -> None:
    requirements = target.parent / ".requirements.txt"
    requirements.write_text("\n".join(spec.requirements) + "\n")
    try:
        result = run_pip(
            pip_arguments(target, requirements, spec.no_deps, version, platforms, options), pip_environment()
        )
    finally:
        requirements.unlink()
    if result.returncode == 0:
        return
    output = f"{result.stdout}\n{result.stderr}"
    missing = _NO_WHEEL_RE.search(output)
    python = f"CPython {version[0]}.{version[1]}"
    if missing:
        package = missing.group(1)
        versions = _FROM_VERSIONS_RE.search(output)
        seen = f" (versions with a usable wheel: {versions.group(1)})" if versions else ""
        raise ValidationError(
            path,
            prop,
            entry,
            f"needs a binary wheel of {package} for {platforms[0]} to {platforms[-1]} and {python}, and the "
            f"configured indexes have none{seen}; pick a version that ships such a wheel, publish one "
            "to your index (or a find_links directory), or move the dependency out of this bundle",
        )
    tail = "\n".join(output.strip().splitlines()[-15:])
    raise ConstructsLambdaError(f"{path}: pip could not install the dependencies of {entry}:\n{tail}")
