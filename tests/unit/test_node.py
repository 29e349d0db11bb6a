"""The node-side steps' package (constructs_lambda/_node.py): loaded once, safe to cache, same aws-cdk-lib."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import tomllib
from pathlib import Path

import jsii
import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam

from constructs_lambda import _node
from tests.conftest import project_context
from tests.helpers import make_function, template_of

ROOT = Path(__file__).resolve().parents[2]


def _managed_policy_arns(stack: Stack) -> list[object]:
    roles = template_of(stack).find_resources("AWS::IAM::Role")
    return [arn for role in roles.values() for arn in role["Properties"].get("ManagedPolicyArns", [])]


def test_package_shares_the_kernels_aws_cdk_lib() -> None:
    """The package's require("aws-cdk-lib") is the module the Python constructs come from.

    The jsii kernel extracts every assembly into one node_modules and runs node with --preserve-symlinks;
    if a future jsii stops doing that, this fails (and index.js refuses to load) instead of the node
    steps silently working on a second copy of aws-cdk-lib.
    """
    # GIVEN
    stack = Stack(App(context=project_context()), "Shared")
    # WHEN / THEN
    assert _node.shares_aws_cdk_lib(stack) is True


def test_loads_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Later uses do not load the package again (the kernel refuses a second version anyway)."""
    # GIVEN the package loaded once
    version = _node.load()

    def load_again(*_args: object) -> None:
        raise AssertionError("the package was loaded into the kernel twice")

    monkeypatch.setattr(jsii.kernel, "load", load_again)
    # WHEN / THEN
    assert _node.load() == version
    assert _node.shares_aws_cdk_lib(Stack(App(context=project_context()), "Again")) is True


def test_survives_two_apps_in_one_process() -> None:
    """Each App's functions get the node-side managed-policy filter; user additions stay in both."""
    # GIVEN two apps, one after the other, in this process
    for name in ("First", "Second"):
        stack = Stack(App(context=project_context()), name)
        fn = make_function(stack)
        fn.role.add_managed_policy(iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess"))  # type: ignore[union-attr]
        # WHEN
        arns = json.dumps(_managed_policy_arns(stack))
        # THEN
        assert "AWSLambdaBasicExecutionRole" not in arns and ":iam::aws:policy/ReadOnlyAccess" in arns


def test_tarball_is_deterministic_and_versioned_by_content() -> None:
    """Same files, same bytes (a kernel cache hit); any changed file, a new version (never stale)."""
    # GIVEN
    files = _node.sources()
    changed = {**files, "index.js": files["index.js"] + b"\n// changed\n"}
    # WHEN
    version, data = _node.tarball(files)
    again = _node.tarball(dict(files))
    changed_version, changed_data = _node.tarball(changed)
    # THEN
    assert again == (version, data)
    assert changed_version != version and changed_data != data
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data))) as archive:
        names = archive.getnames()
        members = {name: archive.extractfile(f"package/{name}") for name in ("package.json", ".jsii")}
        manifests = {name: json.loads(member.read()) for name, member in members.items() if member}
    assert names == [f"package/{name}" for name in _node.SOURCES] and len(manifests) == 2
    assert {manifest["version"] for manifest in manifests.values()} == {version}


def test_wheel_ships_the_package_files() -> None:
    """Every file the loader reads is package data (tests/e2e/test_pip_install.py installs the wheel)."""
    # GIVEN
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    # WHEN
    shipped = pyproject["tool"]["setuptools"]["package-data"]["constructs_lambda"]
    # THEN
    assert {f"_node_js/{name}" for name in _node.SOURCES} <= set(shipped)
