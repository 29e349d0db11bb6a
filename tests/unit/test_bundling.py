"""Tests for the Docker-free Python bundling engine and PythonLayer / PythonBundling.code.

No network: every install reads hand-written wheels from a temporary find-links directory.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match

import constructs_lambda as cl
from constructs_lambda import _bundling
from constructs_lambda._bundling import (
    SKIP_BUNDLING_CONTEXT_KEY,
    marker_environment,
    pip_arguments,
    pip_environment,
    pip_platforms,
)
from constructs_lambda._errors import ConstructsLambdaError, ValidationError
from constructs_lambda._lockfiles import (
    find_spec,
    parse_pipfile_lock,
    parse_poetry_lock,
    parse_pyproject,
    parse_uv_lock,
)
from tests.fixtures.layers.wheels import make_wheelhouse
from tests.helpers import assert_cfn_lint_clean, make_python_layer, template_of

LOCKS = Path(__file__).parent.parent / "fixtures" / "layers" / "locks"
_LockParser = Callable[[str, str, str, bytes, Mapping[str, str]], object]
PY312 = lambda_.Runtime.PYTHON_3_12
ARM = lambda_.Architecture.ARM_64
X86 = lambda_.Architecture.X86_64
ARM_ENV = marker_environment((3, 12), "aarch64")
X86_ENV = marker_environment((3, 12), "x86_64")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache directory; nothing touches the user's cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CONSTRUCTS_LAMBDA_CACHE", str(cache))
    return cache


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An aarch64-only native wheel and a pure wheel with a console script."""
    return make_wheelhouse(tmp_path_factory.mktemp("wheelhouse"))


@pytest.fixture
def offline(wheelhouse: Path) -> cl.PythonBundling:
    """Bundling options that install only from the local wheelhouse."""
    return cl.PythonBundling(find_links=[str(wheelhouse)], no_index=True)


@pytest.fixture
def entry(tmp_path: Path) -> Path:
    """A layer entry pinning the native package and the pure one."""
    directory = tmp_path / "deps"
    directory.mkdir()
    (directory / "requirements.txt").write_text("native-pkg==1.0\npure-pkg==1.0\n")
    return directory


def _zip_names(path: str) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def _no_pip(args: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    raise AssertionError(f"pip must not run, was called with {list(args)}")


# --- PythonLayer end to end --------------------------------------------------------------------------


def test_arm64_layer_holds_the_aarch64_binary_under_python_and_lints_clean(
    stack: Stack, entry: Path, offline: cl.PythonBundling
) -> None:
    """An aarch64-only wheel: .so under python/, no bytecode, lint clean."""
    # GIVEN an aarch64-only wheel
    layer = make_python_layer(stack, entry=entry, bundling=offline)

    build = _bundling.build_asset(stack, "x", "entry", entry, PY312, ARM, offline, layer=True)
    # WHEN building for arm64
    names = _zip_names(build.zip_path)
    # THEN .so under python/, no bytecode, lint clean
    assert "python/native_pkg/_speed.cpython-312-aarch64-linux-gnu.so" in names
    assert "python/pure_pkg/__init__.py" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.startswith("python/bin/")]  # console scripts carry host shebangs
    with zipfile.ZipFile(build.zip_path) as archive:
        record = archive.read("python/pure_pkg-1.0.dist-info/RECORD").decode()
    assert "../" not in record
    assert all(n.startswith("python/") for n in names)
    assert layer.asset_hash == build.asset_hash
    with zipfile.ZipFile(build.zip_path) as archive:
        assert layer.unzipped_size_bytes == sum(i.file_size for i in archive.infolist()) > 0
    template_of(stack).has_resource_properties(
        "AWS::Lambda::LayerVersion",
        {"CompatibleRuntimes": ["python3.12"], "CompatibleArchitectures": ["arm64"]},
    )
    assert_cfn_lint_clean(stack)


def test_fails_when_no_wheel_exists_for_x86_64(stack: Stack, entry: Path, offline: cl.PythonBundling) -> None:
    """Only an aarch64 wheel: the error names package, platform, fix."""
    # GIVEN only an aarch64 wheel
    # WHEN building for x86_64
    # THEN the error names package, platform, fix
    with pytest.raises(ValidationError, match=r"native-pkg for manylinux2014_x86_64.*CPython 3\.12.*publish"):
        cl.PythonLayer(stack, "Deps", entry=entry, runtime=PY312, architecture=X86, bundling=offline)


def test_two_checkouts_give_the_same_hash_and_archive_bytes(
    tmp_path: Path, entry: Path, offline: cl.PythonBundling, wheelhouse: Path
) -> None:
    """Copies of one entry at two paths and two caches: hash and bytes match."""
    # GIVEN copies of one entry at two paths and two caches
    builds = []
    # WHEN building both
    for name in ("checkout-a", "checkout-b/nested"):
        copy = tmp_path / name / "deps"
        shutil.copytree(entry, copy)
        options = cl.PythonBundling(
            find_links=[str(wheelhouse)], no_index=True, cache_dir=str(tmp_path / name / "cache")
        )
        stack = Stack(App(), "S")
        builds.append(_bundling.build_asset(stack, "S/L", "entry", copy, PY312, ARM, options, layer=True))

    # THEN hash and bytes match
    assert builds[0].zip_path != builds[1].zip_path
    assert builds[0].asset_hash == builds[1].asset_hash
    assert Path(builds[0].zip_path).read_bytes() == Path(builds[1].zip_path).read_bytes()


def test_warm_rebuild_installs_nothing(
    stack: Stack, entry: Path, offline: cl.PythonBundling, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finished build from a relative entry: pip never runs."""
    # GIVEN a finished build from a relative entry
    monkeypatch.chdir(entry.parent)
    first = make_python_layer(stack, "Cold", entry="deps", bundling=offline)
    monkeypatch.setattr(_bundling, "run_pip", _no_pip)

    # WHEN synthesizing again
    second = make_python_layer(stack, "Warm", entry=entry, bundling=offline)

    # THEN pip never runs
    assert second.asset_hash == first.asset_hash
    assert not second.bundling_skipped


def test_changed_spec_changes_the_hash(stack: Stack, entry: Path, offline: cl.PythonBundling) -> None:
    """A built layer: the asset hash changes."""
    # GIVEN a built layer
    before = make_python_layer(stack, "A", entry=entry, bundling=offline)
    (entry / "requirements.txt").write_text("native-pkg==1.0\npure-pkg==2.0\n")

    # WHEN the pins change
    after = make_python_layer(stack, "B", entry=entry, bundling=offline)

    # THEN the asset hash changes
    assert before.asset_hash != after.asset_hash


def test_pip_failure_other_than_a_missing_wheel_is_reported(
    stack: Stack, entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pip failing for another reason: a library error carries pip's output."""

    # GIVEN pip failing for another reason
    def broken(args: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(list(args), 1, "", "ERROR: network is down\n")

    # WHEN building
    monkeypatch.setattr(_bundling, "run_pip", broken)
    # THEN a library error carries pip's output
    with pytest.raises(ConstructsLambdaError, match="network is down"):
        make_python_layer(stack, entry=entry)


# --- skip modes ----------------------------------------------------------------------------------------


def test_skip_install_keeps_the_template_shape_under_another_hash(
    stack: Stack, entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """skip_install: no pip, same shape, another hash."""
    # GIVEN skip_install
    monkeypatch.setattr(_bundling, "run_pip", _no_pip)
    options = cl.PythonBundling(skip_install=True)

    layer = make_python_layer(stack, entry=entry, bundling=options)

    # WHEN building
    real_hash = _bundling.compute_hash(
        find_spec("", "entry", entry, ARM_ENV, required=True),
        PY312,
        ARM,
        pip_platforms((3, 12), "aarch64"),
        options,
        True,
    )
    # THEN no pip, same shape, another hash
    assert layer.bundling_skipped
    assert layer.asset_hash != real_hash
    assert layer.unzipped_size_bytes is None
    template_of(stack).has_resource_properties(
        "AWS::Lambda::LayerVersion", {"CompatibleArchitectures": ["arm64"], "Content": Match.any_value()}
    )


@pytest.mark.parametrize(
    "context",
    [{SKIP_BUNDLING_CONTEXT_KEY: True}, {SKIP_BUNDLING_CONTEXT_KEY: "true"}, {"aws:cdk:bundling-stacks": []}],
    ids=["SKIP_BUNDLING_CONTEXT_KEY=True", "SKIP_BUNDLING_CONTEXT_KEY=true", "aws:cdk:bundling-stacks"],
)
def test_context_and_bundling_stacks_skip_installs(
    context: dict[str, object], entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The skip context key or BUNDLING_STACKS excluding the stack: pip never runs."""
    # GIVEN the skip context key or BUNDLING_STACKS excluding the stack
    monkeypatch.setattr(_bundling, "run_pip", _no_pip)
    stack = Stack(App(context=context), "Test", env=Environment(account="123456789012", region="eu-west-1"))

    # WHEN building
    layer = make_python_layer(stack, entry=entry)

    # THEN pip never runs
    assert layer.bundling_skipped


def test_skip_mode_ignores_a_finished_build_in_the_cache(
    entry: Path, offline: cl.PythonBundling, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached build: the placeholder is used: templates never depend on the cache."""
    # GIVEN a cached build
    real = cl.PythonLayer(
        Stack(App(), "A"), "L", entry=entry, runtime=PY312, architecture=ARM, bundling=offline
    )
    monkeypatch.setattr(_bundling, "run_pip", _no_pip)
    stack = Stack(App(context={SKIP_BUNDLING_CONTEXT_KEY: True}), "B")

    # WHEN bundling is skipped
    again = make_python_layer(stack, "L", entry=entry, bundling=offline)

    # THEN the placeholder is used: templates never depend on the cache
    assert again.asset_hash != real.asset_hash
    assert again.bundling_skipped


# --- function code ---------------------------------------------------------------------------------


def test_function_code_puts_handler_and_dependencies_at_the_root(
    stack: Stack, tmp_path: Path, offline: cl.PythonBundling
) -> None:
    """An entry with a handler and requirements: both sit at the archive root."""
    # GIVEN an entry with a handler and requirements
    src = tmp_path / "src"
    (src / "__pycache__").mkdir(parents=True)
    (src / "app.py").write_text("def handler(event, context):\n    return 1\n")
    (src / "__pycache__" / "app.cpython-312.pyc").write_bytes(b"\x00")
    (src / "requirements.txt").write_text("native-pkg==1.0\npure-pkg==1.0\n")

    code = offline.code(stack, entry=src, runtime=PY312, architecture=ARM)
    # WHEN bundling code
    cl.Function(stack, "Fn", runtime=PY312, architecture=ARM, handler="app.handler", code=code)

    # THEN both sit at the archive root
    assert isinstance(code, lambda_.AssetCode)
    names = _zip_names(code.path)
    assert "app.py" in names
    assert "native_pkg/_speed.cpython-312-aarch64-linux-gnu.so" in names
    assert not [n for n in names if "__pycache__" in n]
    template_of(stack).resource_count_is("AWS::Lambda::Function", 1)


def test_function_code_hash_follows_the_source(
    stack: Stack, tmp_path: Path, offline: cl.PythonBundling
) -> None:
    """Function code without dependencies: the code hash changes."""
    # GIVEN function code without dependencies
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text("A = 1\n")
    first = offline.code(stack, entry=src, runtime=PY312, architecture=ARM)
    (src / "app.py").write_text("A = 2\n")

    # WHEN the handler changes
    second = offline.code(stack, entry=src, runtime=PY312, architecture=ARM)

    # THEN the code hash changes
    assert isinstance(first, lambda_.AssetCode)
    assert isinstance(second, lambda_.AssetCode)
    assert first.path != second.path
    assert _zip_names(second.path) == ["app.py"]


def test_a_concurrent_twin_build_is_discarded_quietly(
    stack: Stack, tmp_path: Path, offline: cl.PythonBundling
) -> None:
    """A finished build: the first one stays."""
    # GIVEN a finished build
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text("A = 1\n")
    build = _bundling.build_asset(stack, "S/F", "entry", src, PY312, ARM, offline, layer=False)
    original = Path(build.zip_path).read_bytes()
    twin = tmp_path / "cache" / "v1" / ".build-twin"
    twin.mkdir()
    (twin / "asset.zip").write_bytes(b"twin")

    # WHEN a twin process publishes the same hash
    _bundling._publish(twin, Path(build.zip_path).parent)

    # THEN the first one stays
    assert Path(build.zip_path).read_bytes() == original


# --- input errors ------------------------------------------------------------------------------------


def test_fails_when_the_entry_has_no_spec(stack: Stack, tmp_path: Path) -> None:
    """An empty entry: the error lists the spec files looked for."""
    # GIVEN an empty entry
    # WHEN building a layer
    # THEN the error lists the spec files looked for
    with pytest.raises(ValidationError, match=r"Test/Deps: entry must contain a dependency spec.*uv\.lock"):
        make_python_layer(stack, entry=tmp_path)


def test_fails_when_the_entry_is_missing(stack: Stack, tmp_path: Path) -> None:
    """A path that does not exist: entry is rejected."""
    # GIVEN a path that does not exist
    # WHEN building a layer
    # THEN entry is rejected
    with pytest.raises(ValidationError, match="entry must be an existing directory"):
        make_python_layer(stack, entry=tmp_path / "nope")


def test_fails_when_the_runtime_is_not_python(stack: Stack, entry: Path) -> None:
    """A Node.js runtime: runtime is rejected."""
    # GIVEN a Node.js runtime
    # WHEN building a Python layer
    # THEN runtime is rejected
    with pytest.raises(ValidationError, match=r"runtime must be a Python runtime.*nodejs20\.x"):
        cl.PythonLayer(stack, "Deps", entry=entry, runtime=lambda_.Runtime.NODEJS_20_X, architecture=ARM)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"find_links": "/wheels"}, "find_links must be a list of strings"),
        ({"extra_index_urls": [""]}, "extra_index_urls must hold non-blank strings"),
        ({"trusted_hosts": ["mirror.example", 3]}, "trusted_hosts must hold non-blank strings"),
        ({"index_url": " "}, "index_url must be a non-empty URL"),
        ({"no_index": True}, "no_index needs find_links"),
    ],
    ids=["find_links=/wheels", "extra_index_urls", "trusted_hosts", "index_url=_", "no_index=True"],
)
def test_bundling_options_fail_when_invalid(kwargs: dict[str, object], message: str) -> None:
    """A bad option: the field is named."""
    # GIVEN a bad option
    # WHEN creating PythonBundling
    # THEN the field is named
    with pytest.raises(ValidationError, match=message):
        cl.PythonBundling(**kwargs)  # type: ignore[arg-type]


# --- pip invocation ------------------------------------------------------------------------------------


def test_pip_environment_ignores_machine_pip_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """PIP_FIND_LINKS and PIP_INDEX_URL set: only transport settings remain."""
    # GIVEN PIP_FIND_LINKS and PIP_INDEX_URL set
    monkeypatch.setenv("PIP_FIND_LINKS", "/opt/wheels")
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple")
    monkeypatch.setenv("PIP_CERT", "/etc/ssl/certs/ca.pem")

    # WHEN preparing pip
    env = pip_environment()

    # THEN only transport settings remain
    assert "PIP_FIND_LINKS" not in env
    assert "PIP_INDEX_URL" not in env
    assert env["PIP_CERT"] == "/etc/ssl/certs/ca.pem"
    assert env["PIP_CONFIG_FILE"] == "/dev/null"


def test_pip_arguments_target_lambdas_platform_and_honour_mirrors(tmp_path: Path) -> None:
    """Mirror options: platform, version and indexes are explicit."""
    # GIVEN mirror options
    options = cl.PythonBundling(
        index_url="https://mirror.example/simple",
        extra_index_urls=["https://extra.example/simple"],
        trusted_hosts=["mirror.example"],
    )

    args = pip_arguments(
        tmp_path, tmp_path / "r.txt", True, (3, 12), pip_platforms((3, 12), "aarch64"), options
    )

    # WHEN building pip arguments
    joined = " ".join(args)
    # THEN platform, version and indexes are explicit
    assert "--platform manylinux2014_aarch64" in joined
    assert "--python-version 3.12 --only-binary=:all:" in joined
    assert "--implementation cp" in joined
    assert "--no-deps" in args
    assert "--index-url https://mirror.example/simple" in joined
    assert "--extra-index-url https://extra.example/simple" in joined
    assert "--trusted-host mirror.example" in joined


@pytest.mark.parametrize(
    ("version", "newest"),
    [((3, 9), 26), ((3, 10), 26), ((3, 11), 26), ((3, 12), 34), ((3, 13), 34), ((3, 14), 34)],
    ids=["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"],
)
def test_platform_tags_cover_every_glibc_up_to_the_runtimes_own(
    version: tuple[int, int], newest: int
) -> None:
    """A Python version: manylinux2014 and glibc 2.17 to 2.26 (AL2) or 2.34 (AL2023)."""
    # GIVEN a Python version
    # WHEN choosing platforms
    expected = ("manylinux2014_aarch64", *(f"manylinux_2_{n}_aarch64" for n in range(17, newest + 1)))

    # THEN manylinux2014 and glibc 2.17 to 2.26 (AL2) or 2.34 (AL2023)
    assert pip_platforms(version, "aarch64") == expected


def test_platform_tags_stop_at_the_runtimes_glibc() -> None:
    """3.11 (Amazon Linux 2, glibc 2.26) and 3.12 (AL2023, glibc 2.34): the newest tag is just inside."""
    # GIVEN 3.11 (Amazon Linux 2, glibc 2.26) and 3.12 (AL2023, glibc 2.34)
    # WHEN
    py311, py312 = pip_platforms((3, 11), "x86_64"), pip_platforms((3, 12), "x86_64")

    # THEN the newest tag is just inside
    assert "manylinux_2_26_x86_64" in py311
    assert "manylinux_2_27_x86_64" not in py311
    assert "manylinux_2_34_x86_64" in py312
    assert "manylinux_2_35_x86_64" not in py312


def test_fails_when_the_architecture_is_custom(stack: Stack, entry: Path) -> None:
    """Architecture.custom("riscv64"): architecture is rejected with the choices."""
    # GIVEN Architecture.custom("riscv64")
    # WHEN building
    riscv = lambda_.Architecture.custom("riscv64")
    # THEN architecture is rejected with the choices
    with pytest.raises(
        ValidationError, match=r"Test/Deps: architecture must be one of x86_64, arm64, got 'riscv64'"
    ):
        cl.PythonLayer(stack, "Deps", entry=entry, runtime=PY312, architecture=riscv)


def test_index_options_change_the_hash(entry: Path) -> None:
    """Two index configurations: the hashes differ."""
    # GIVEN two index configurations
    spec = find_spec("", "entry", entry, ARM_ENV, required=True)
    platforms = pip_platforms((3, 12), "aarch64")
    plain = _bundling.compute_hash(spec, PY312, ARM, platforms, cl.PythonBundling(), True)
    # WHEN hashing
    mirror = _bundling.compute_hash(
        spec, PY312, ARM, platforms, cl.PythonBundling(index_url="https://mirror.example/simple"), True
    )
    # THEN the hashes differ
    assert plain != mirror


# --- spec discovery and lock parsers -------------------------------------------------------------------


def test_uv_lock_gives_runtime_pins_for_the_target_platform() -> None:
    """A uv.lock with extras, markers, forks and dev groups: pins match."""
    # GIVEN a uv.lock with extras, markers, forks and dev groups
    # WHEN parsing for arm64
    pins = parse_uv_lock("", "entry", "uv.lock", (LOCKS / "uv.lock").read_bytes(), ARM_ENV)

    # THEN pins match
    assert pins == ("native-pkg==1.0", "old-python==2.0", "pure-pkg==1.0", "speedup==3.1")


def test_uv_lock_evaluates_markers_for_the_architecture() -> None:
    """An extra only needed on aarch64: it is left out."""
    # GIVEN an extra only needed on aarch64
    # WHEN parsing for x86_64
    pins = parse_uv_lock("", "entry", "uv.lock", (LOCKS / "uv.lock").read_bytes(), X86_ENV)

    # THEN it is left out
    assert "speedup==3.1" not in pins


_UV_ROOT = b"""
version = 1
[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
"""


@pytest.mark.parametrize(
    ("parse", "lock", "message"),
    [
        (
            parse_uv_lock,
            _UV_ROOT
            + b"""dependencies = [{ name = "gitdep" }]
[[package]]
name = "gitdep"
version = "0.1"
source = { git = "https://example.com/gitdep.git" }
""",
            "pins gitdep to source type 'git'",
        ),
        (
            parse_uv_lock,
            b"""
version = 1
[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "shared" }]
[[package]]
name = "shared"
version = "0.1"
source = { editable = "packages/shared" }
""",
            "pins shared to source type 'editable'",
        ),
        (
            parse_poetry_lock,
            b"""
[[package]]
name = "gitdep"
version = "0.1"
optional = false
groups = ["main"]
[package.source]
type = "git"
url = "https://example.com/gitdep.git"
""",
            "pins gitdep to source type 'git'",
        ),
        *(
            (
                parse_pipfile_lock,
                b'{"default": {"dep": {"%s": "x"}}}' % key.encode(),
                f"pins dep to source type '{key}'",
            )
            for key in ("git", "path", "file", "editable")
        ),
    ],
    ids=[
        "uv-git",
        "uv-editable",
        "poetry-git",
        "pipfile-git",
        "pipfile-path",
        "pipfile-file",
        "pipfile-editable",
    ],
)
def test_locks_fail_on_a_source_that_is_not_an_index(parse: _LockParser, lock: bytes, message: str) -> None:
    """A lock pinning a dependency to git, a path or an editable checkout: it is named."""
    # GIVEN a lock pinning a dependency to git, a path or an editable checkout
    # WHEN parsing
    # THEN it is named
    with pytest.raises(ValidationError, match=message):
        parse("", "entry", "deps/the.lock", lock, ARM_ENV)


@pytest.mark.parametrize(
    ("parse", "lock", "message"),
    [
        (parse_uv_lock, b"version = [", r"must be valid TOML.*got 'deps/the\.lock'"),
        (parse_poetry_lock, b"[[package]\n", r"must be valid TOML.*got 'deps/the\.lock'"),
        (parse_pipfile_lock, b'{"default": ', r"must be valid JSON.*got 'deps/the\.lock'"),
        (
            parse_pyproject,
            b'[project]\ndependencies = ["requests >>= 2"]\n',
            "must hold PEP 508 requirements",
        ),
        (
            parse_uv_lock,
            b'version = 1\n[[package]]\nname = "x"\nversion = "1"\nsource = { registry = "https://pypi.org/simple" }\n',
            "must contain the project itself",
        ),
        (
            parse_uv_lock,
            _UV_ROOT + b'dependencies = [{ name = "ghost" }]\n',
            "must lock ghost .it is a dependency",
        ),
        (
            parse_uv_lock,
            _UV_ROOT
            + b"""dependencies = [{ name = "forked" }]
[[package]]
name = "forked"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
resolution-markers = ["python_full_version < '3.12'"]
""",
            r"must lock forked for Lambda's platform \(Linux aarch64, Python 3\.12\)",
        ),
    ],
    ids=[
        "uv-bad-toml",
        "poetry-bad-toml",
        "pipfile-bad-json",
        "pyproject-bad-pep508",
        "uv-no-root",
        "uv-unlocked-dependency",
        "uv-forked-marker",
    ],
)
def test_lock_parsers_fail_on_malformed_specs(parse: _LockParser, lock: bytes, message: str) -> None:
    """A broken spec: the file (as given) and the problem are named."""
    # GIVEN a broken spec
    # WHEN parsing
    # THEN the file (as given) and the problem are named
    with pytest.raises(ValidationError, match=message):
        parse("", "entry", "deps/the.lock", lock, ARM_ENV)


@pytest.mark.parametrize("entry_name", [".", "deps"], ids=[".", "deps"])
def test_spec_errors_name_the_file_as_the_entry_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry_name: str
) -> None:
    """A broken uv.lock in entry "." or "deps": the message shows uv.lock / deps/uv.lock."""
    # GIVEN a broken uv.lock in entry "." or "deps"
    (tmp_path / entry_name).mkdir(exist_ok=True)
    (tmp_path / entry_name / "uv.lock").write_text("version = [")
    monkeypatch.chdir(tmp_path)
    # WHEN discovering
    expected = str(Path(entry_name) / "uv.lock")

    # THEN the message shows uv.lock / deps/uv.lock
    with pytest.raises(ValidationError) as caught:
        find_spec("", "entry", Path(entry_name), ARM_ENV, required=True)

    assert caught.value.value == expected


def test_poetry_walk_names_the_pyproject_beside_the_lock() -> None:
    """A groupless poetry.lock and a broken pyproject: the pyproject's path is named."""
    # GIVEN a groupless poetry.lock and a broken pyproject
    # WHEN parsing
    lock = b'[[package]]\nname = "a"\nversion = "1"\n'
    # THEN the pyproject's path is named
    with pytest.raises(ValidationError) as caught:
        parse_poetry_lock("", "entry", "deps/poetry.lock", lock, ARM_ENV, b"[project")

    assert caught.value.value == "deps/pyproject.toml"


def test_poetry2_lock_keeps_main_group_and_matching_markers() -> None:
    """A Poetry 2 lock: main, non-optional, marker-matching packages are pinned."""
    # GIVEN a Poetry 2 lock
    # WHEN parsing
    pins = parse_poetry_lock("", "entry", "poetry.lock", (LOCKS / "poetry.lock").read_bytes(), ARM_ENV)

    # THEN main, non-optional, marker-matching packages are pinned
    assert pins == ("native-pkg==1.0", "pure-pkg==1.0")


def test_poetry1_lock_uses_the_category() -> None:
    """A Poetry 1.x lock with categories: only the main category is pinned."""
    # GIVEN a Poetry 1.x lock with categories
    # WHEN parsing
    lock = b"""
[[package]]
name = "requests"
version = "2.32.3"
category = "main"
optional = false
[[package]]
name = "pytest"
version = "8.3.3"
category = "dev"
optional = false
"""
    # THEN only the main category is pinned
    assert parse_poetry_lock("", "entry", "poetry.lock", lock, ARM_ENV) == ("requests==2.32.3",)


def test_poetry_lock_without_groups_walks_from_pyproject() -> None:
    """A lock-version 2.0 file (no groups): the project's dependency tree is pinned."""
    # GIVEN a lock-version 2.0 file (no groups)
    lock = b"""
[[package]]
name = "requests"
version = "2.32.3"
optional = false
[package.dependencies]
idna = ">=2.5"
win-thing = {version = "*", markers = "sys_platform == 'win32'"}
[[package]]
name = "idna"
version = "3.10"
optional = false
[[package]]
name = "win-thing"
version = "1.0"
optional = false
[[package]]
name = "pytest"
version = "8.3.3"
optional = false
"""
    pyproject = b'[tool.poetry.dependencies]\npython = "^3.12"\nrequests = "^2.32"\n'

    # WHEN parsing
    pins = parse_poetry_lock("", "entry", "poetry.lock", lock, ARM_ENV, pyproject)

    # THEN the project's dependency tree is pinned
    assert pins == ("idna==3.10", "requests==2.32.3")


def test_pipfile_lock_keeps_default_section_for_linux() -> None:
    """A Pipfile.lock: default packages matching Linux are pinned, develop is not."""
    # GIVEN a Pipfile.lock
    # WHEN parsing
    pins = parse_pipfile_lock("", "entry", "Pipfile.lock", (LOCKS / "Pipfile.lock").read_bytes(), ARM_ENV)

    # THEN default packages matching Linux are pinned, develop is not
    assert pins == ("native-pkg==1.0", "pure-pkg==1.0")


def test_pipfile_lock_fails_on_an_unpinned_entry() -> None:
    """A Pipfile.lock entry without ==: the package is named."""
    # GIVEN a Pipfile.lock entry without ==
    # WHEN parsing
    lock = b'{"default": {"requests": {"version": "*"}}}'
    # THEN the package is named
    with pytest.raises(ValidationError, match="must pin requests with =="):
        parse_pipfile_lock("", "entry", "Pipfile.lock", lock, ARM_ENV)


def test_pyproject_dependencies_drop_non_matching_markers() -> None:
    """[project].dependencies with markers: Windows-only ones are dropped."""
    # GIVEN [project].dependencies with markers
    # WHEN parsing for Linux
    data = b'[project]\nname = "a"\ndependencies = ["requests>=2", "pywin32; sys_platform == \'win32\'"]\n'

    # THEN Windows-only ones are dropped
    assert parse_pyproject("", "entry", "pyproject.toml", data, ARM_ENV) == ("requests>=2",)


def test_pyproject_without_dependencies_falls_through_to_requirements(tmp_path: Path) -> None:
    """pyproject.toml without [project] and requirements.txt: requirements win."""
    # GIVEN pyproject.toml without [project] and requirements.txt
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    (tmp_path / "requirements.txt").write_text("-r base.txt\n")
    (tmp_path / "base.txt").write_text("requests\n")

    # WHEN discovering
    spec = find_spec("", "entry", tmp_path, ARM_ENV, required=True)

    # THEN requirements win
    assert spec is not None
    assert spec.kind == "requirements.txt"
    assert [name for name, _ in spec.files] == ["requirements.txt", "base.txt"]
    assert not spec.no_deps


def test_uv_lock_is_preferred_over_every_other_spec(tmp_path: Path) -> None:
    """Every kind of spec: uv.lock wins and installs with --no-deps."""
    # GIVEN every kind of spec
    for name in ("uv.lock", "poetry.lock", "Pipfile.lock"):
        shutil.copy(LOCKS / name, tmp_path / name)
    (tmp_path / "requirements.txt").write_text("requests\n")

    # WHEN discovering
    spec = find_spec("", "entry", tmp_path, ARM_ENV, required=True)

    # THEN uv.lock wins and installs with --no-deps
    assert spec is not None
    assert spec.kind == "uv.lock"
    assert spec.no_deps
