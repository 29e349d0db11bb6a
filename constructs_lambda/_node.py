"""Node-side steps: several construct operations done by aws-cdk-lib in node in one jsii round trip.

Each call from Python into aws-cdk-lib is a message to the jsii kernel's node process and back (issue 11,
docs/performance.md). ``_node_js/`` holds a small CommonJS package with a handwritten jsii assembly
(``.jsii``, no jsii compiler) whose static methods do what would otherwise be a sequence of round trips.
The kernel loads it like any jsii package, next to aws-cdk-lib, so its ``require("aws-cdk-lib")`` is the
same module instance as the constructs Python holds (``index.js`` checks that when it loads).

The package is loaded once per process, on first use: its tarball is built from the package's files,
byte for byte the same each time (fixed order, times, owners), with a version carrying a hash of those
files, so the kernel's package cache (keyed by name, version and the tarball's digest) never serves an
older ``index.js``.
"""

from __future__ import annotations

import builtins
import functools
import gzip
import hashlib
import io
import json
import tarfile
import tempfile
from importlib import resources
from pathlib import Path
from typing import Final, cast

import aws_cdk._jsii  # noqa: F401  # aws-cdk-lib is in the kernel before the package requires it
import jsii
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

NAME: Final = "constructs-lambda-node"
# The package's files, in the order they are hashed and archived; the manifests get the hashed version.
SOURCES: Final = ("package.json", ".jsii", "index.js")
_MANIFESTS: Final = ("package.json", ".jsii")
_MTIME: Final = 499162500  # 1985-10-26, the time npm gives every packed file


def sources() -> dict[str, bytes]:
    """The package's files as shipped in the wheel."""
    folder = resources.files(__package__ or "constructs_lambda").joinpath("_node_js")
    return {name: folder.joinpath(name).read_bytes() for name in SOURCES}


def version_of(files: dict[str, bytes]) -> str:
    """The package version the kernel sees: a content hash, so a changed file is a new cache entry."""
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(f"{name}\0{len(files[name])}\0".encode())
        digest.update(files[name])
    return f"0.0.0-{digest.hexdigest()[:16]}"


def tarball(files: dict[str, bytes]) -> tuple[str, bytes]:
    """The version and the npm-style tarball (``package/...``) of ``files``, identical on every call."""
    version = version_of(files)
    archived = dict(files)
    for name in _MANIFESTS:
        manifest = json.loads(files[name])
        manifest["version"] = version
        archived[name] = (json.dumps(manifest, indent=2) + "\n").encode()
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as compressed,
        tarfile.open(fileobj=compressed, mode="w", format=tarfile.USTAR_FORMAT) as archive,
    ):
        for name in SOURCES:
            info = tarfile.TarInfo(f"package/{name}")
            info.size, info.mtime, info.mode = len(archived[name]), _MTIME, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(archived[name]))
    return version, buffer.getvalue()


@functools.cache
def load() -> str:
    """Load the package into the jsii kernel once per process; return the version loaded."""
    version, data = tarball(sources())
    with tempfile.TemporaryDirectory(prefix="constructs-lambda-node-") as folder:
        path = Path(folder) / f"{NAME}@{version}.jsii.tgz"
        path.write_bytes(data)
        jsii.kernel.load(NAME, version, str(path))  # extracts synchronously: the file may go after
    return version


class _NodeSteps(metaclass=jsii.JSIIMeta, jsii_type=f"{NAME}.NodeSteps"):
    """The Python proxy of ``index.js``'s ``NodeSteps``."""

    @jsii.member(jsii_name="scopeL2Role")
    @builtins.classmethod
    def scope_l2_role(cls, role: iam.Role, cfn_function: lambda_.CfnFunction) -> IConstruct | None:
        return cast(IConstruct | None, jsii.sinvoke(cls, "scopeL2Role", [role, cfn_function]))

    @jsii.member(jsii_name="orderAfterRolePolicy")
    @builtins.classmethod
    def order_after_role_policy(cls, role: iam.Role, cfn_function: lambda_.CfnFunction) -> IConstruct | None:
        return cast(IConstruct | None, jsii.sinvoke(cls, "orderAfterRolePolicy", [role, cfn_function]))

    @jsii.member(jsii_name="sharesAwsCdkLib")
    @builtins.classmethod
    def shares_aws_cdk_lib(cls, stack: Stack) -> bool:
        return bool(jsii.sinvoke(cls, "sharesAwsCdkLib", [stack]))


def scope_l2_role(role: iam.Role, cfn_function: lambda_.CfnFunction) -> IConstruct | None:
    """Filter the AWS-managed policies the L2 attached to ``role`` out of its template (resolved at
    synthesis, in node: later additions stay), make ``cfn_function`` wait for the role's
    ``DefaultPolicy`` instead of the role, and return that policy; one round trip."""
    load()
    return _NodeSteps.scope_l2_role(role, cfn_function)


def order_after_role_policy(role: iam.Role, cfn_function: lambda_.CfnFunction) -> IConstruct | None:
    """Make ``cfn_function`` wait for ``role``'s ``DefaultPolicy`` instead of the role (its GetAtt already
    orders the role: cfn-lint W3005), and return that policy (``None``: none); one round trip."""
    load()
    return _NodeSteps.order_after_role_policy(role, cfn_function)


def shares_aws_cdk_lib(stack: Stack) -> bool:
    """Whether the package's aws-cdk-lib is the one ``stack`` comes from (the kernel internal relied on)."""
    load()
    return _NodeSteps.shares_aws_cdk_lib(stack)
