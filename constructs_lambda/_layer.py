"""Lambda layers: ``Layer`` (a validated, retained, shareable ``LayerVersion``) and ``PythonLayer``.

``Layer`` accepts every keyword of ``aws_lambda.LayerVersion`` and checks, before jsii sees them, the
counts, lengths and patterns the CloudFormation schema enforces, the unzipped size of content it can
read (a local directory or zip) and whether that content sits where the declared runtimes look for it.
Unlike the L2 it retains old versions by default, and the permissions that share them are retained with
them (aws/aws-cdk#12718, #21232).

``PythonLayer`` builds the content from a dependency spec on the host, without Docker (see
``_bundling``).
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Annotations, RemovalPolicy
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from ._bundling import PythonBundling, build_asset
from ._errors import ValidationError
from ._limits import (
    ARCHITECTURES,
    DESCRIPTION_MAX_LENGTH,
    LAYER_ARCHITECTURES_MAX_COUNT,
    LAYER_LICENSE_MAX_LENGTH,
    LAYER_NAME_MAX_LENGTH,
    LAYER_NAME_MIN_LENGTH,
    LAYER_RUNTIMES_MAX_COUNT,
)
from ._runtimes import runtime_info
from ._validation import (
    check_choice,
    check_length,
    check_max_items,
    check_pattern,
    check_strings,
    check_unzipped_size,
    child_path,
    is_unresolved,
    jsii_ref,
)

__all__ = ["Layer", "PythonLayer"]

#: AWS::Lambda::LayerVersion LayerName pattern, a name or a layer ARN (``SOURCES["cfn-layer-version"]``).
LAYER_NAME_RE = re.compile(
    r"(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:"
    r"[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+"
)
#: AWS::Lambda::LayerVersionPermission Principal: a 12-digit account or ``*``, ARN form not offered
#: (``SOURCES["cfn-layer-version-permission"]``, as the two patterns below).
ACCOUNT_RE = re.compile(r"\d{12}|\*")
_ACCOUNT_RULE = 'a 12-digit account ID or "*"'
#: AWS::Lambda::LayerVersionPermission OrganizationId pattern.
ORGANIZATION_RE = re.compile(r"o-[a-z0-9]{10,32}")
_ORGANIZATION_RULE = "an organization ID like o-a1b2c3d4e5 (o- and 10 to 32 lowercase letters or digits)"
#: AWS::Lambda::LayerVersionPermission Action pattern: the only action a layer can be shared with.
LAYER_SHARE_ACTION = "lambda:GetLayerVersion"
#: Old versions (and their permissions) are kept: functions elsewhere may still use them (#12718, #21232).
DEFAULT_LAYER_REMOVAL_POLICY = RemovalPolicy.RETAIN


@dataclass(frozen=True, slots=True)
class _SearchPaths:
    """Folders under /opt that a runtime family reads: ``shared`` by every version of it, ``versioned``
    (with ``{v}`` for the version as the runtime name spells it: 3.12, 20) only by that version."""

    shared: tuple[str, ...]
    versioned: str | None = None

    @property
    def versioned_re(self) -> re.Pattern[str] | None:
        if self.versioned is None:
            return None
        return re.compile(re.escape(self.versioned).replace(re.escape("{v}"), r"(\d+(?:\.\d+)?)"))

    def all(self, versions: Sequence[str] = ("<version>",)) -> tuple[str, ...]:
        """Every folder, the versioned one spelled for ``versions``."""
        versioned = [self.versioned.format(v=v) for v in versions] if self.versioned else []
        return (*self.shared, *versioned)


#: Where each runtime family finds layer content under /opt ("Layer paths for each Lambda runtime",
#: ``SOURCES["lambda-layer-paths"]``; nodeXX from the runtime's NODE_PATH). Keys are runtime name prefixes.
_FAMILY_PATHS: dict[str, _SearchPaths] = {
    "python": _SearchPaths(("python/",), "python/lib/python{v}/site-packages/"),
    "nodejs": _SearchPaths(("nodejs/node_modules/",), "nodejs/node{v}/node_modules/"),
    "java": _SearchPaths(("java/lib/",)),
    "ruby": _SearchPaths(("ruby/gems/", "ruby/lib/")),
}
#: Read by every runtime (PATH, LD_LIBRARY_PATH, and Lambda extensions).
_ANY_RUNTIME_PATHS = ("bin/", "lib/", "extensions/")
#: The version in the name of a runtime the registry does not know yet (python3.15 -> 3.15).
_VERSION_RE = re.compile(r"\d+(?:\.\d+)?")

_LAYOUT_WARNING = "constructs-lambda:layerContentLayout"


class Layer(lambda_.LayerVersion):
    """A Lambda layer version: validated before synthesis, retained by default, shareable.

    Accepts every keyword argument of ``aws_lambda.LayerVersion`` with the same meaning, plus sharing.

    Attributes:
        unzipped_size_bytes: The content's unzipped size when it is a local directory or zip, else None.
    """

    unzipped_size_bytes: int | None

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        code: lambda_.Code,
        compatible_architectures: Sequence[lambda_.Architecture] | None = None,
        compatible_runtimes: Sequence[lambda_.Runtime] | None = None,
        description: str | None = None,
        layer_version_name: str | None = None,
        license: str | None = None,
        removal_policy: RemovalPolicy | None = DEFAULT_LAYER_REMOVAL_POLICY,
        share_with_accounts: Sequence[str] | None = None,
        share_with_organizations: Sequence[str] | None = None,
    ) -> None:
        """Define a layer version.

        Args:
            scope: Parent construct. Default: - required.
            id: Construct ID. Default: - required.
            code: The content: ``Code.from_asset`` of a directory or zip, or S3 code. Default: - required.
            compatible_architectures: Up to 2 architectures (x86_64, arm64). Default: - none declared
                (Lambda treats the layer as x86_64).
            compatible_runtimes: Up to 15 runtimes. Default: - none declared (any runtime).
            description: Up to 256 characters. Default: - no description.
            layer_version_name: Layer name, 1-140 of ``[a-zA-Z0-9-_]``, or a layer ARN.
                Default: - generated by CloudFormation.
            license: SPDX identifier or license URL, up to 512 characters. Default: - none recorded.
            removal_policy: What happens to this version when it is replaced or the stack is deleted;
                permissions made by ``share_with_*`` and ``add_permission`` follow it.
                Default: RemovalPolicy.RETAIN (the L2 destroys old versions).
            share_with_accounts: 12-digit account IDs, or ``"*"`` for every AWS account, that may use
                this version (``lambda:GetLayerVersion``). Default: - not shared.
            share_with_organizations: AWS Organizations IDs (``o-...``) whose accounts may use this
                version. Default: - not shared.
        """
        path = child_path(scope, id)
        runtimes = list(compatible_runtimes) if compatible_runtimes is not None else None
        architectures = list(compatible_architectures) if compatible_architectures is not None else None
        accounts = list(check_strings(path, "share_with_accounts", share_with_accounts, "account IDs"))
        organizations = list(
            check_strings(path, "share_with_organizations", share_with_organizations, "organization IDs")
        )
        _validate_props(path, runtimes, architectures, description, layer_version_name, license)
        _validate_sharing(path, accounts, organizations)
        content = _content_of(code)
        size = content[1] if content else None
        if size is not None:
            check_unzipped_size(path, "code", size)

        super().__init__(
            scope,
            id,
            code=code,
            compatible_architectures=architectures,
            compatible_runtimes=runtimes,
            description=description,
            layer_version_name=layer_version_name,
            license=license,
            removal_policy=removal_policy,
        )
        self.unzipped_size_bytes = size
        self._removal_policy = removal_policy
        if content is not None:
            for message in _layout_warnings(content[0], runtimes):
                Annotations.of(self).add_warning_v2(_LAYOUT_WARNING, message)
        for share_id, account in zip(_share_ids(accounts, "Account"), accounts, strict=True):
            self.add_permission(share_id, account_id=account)
        for share_id, organization in zip(
            _share_ids(organizations, "Organization"), organizations, strict=True
        ):
            self.add_permission(share_id, account_id="*", organization_id=organization)

    def add_permission(self, id: str, *, account_id: str, organization_id: str | None = None) -> None:
        """Let an account, every account, or an organization use this version (``lambda:GetLayerVersion``).

        The permission carries the layer's removal policy, so a retained version stays usable by the
        accounts it was shared with after the stack moves on to a new version (aws/aws-cdk#21232).

        Args:
            id: Construct ID of the permission. Default: - required.
            account_id: A 12-digit account ID, or ``"*"``. Default: - required.
            organization_id: An organization ID (``o-...``); needs ``account_id="*"``.
                Default: - no organization condition.
        """
        path = child_path(self, id)
        check_pattern(path, "account_id", account_id, ACCOUNT_RE, _ACCOUNT_RULE)
        check_pattern(path, "organization_id", organization_id, ORGANIZATION_RE, _ORGANIZATION_RULE)
        if organization_id is not None and account_id != "*":
            raise ValidationError(path, "account_id", account_id, 'must be "*" when organization_id is given')
        permission = lambda_.CfnLayerVersionPermission(
            self,
            id,
            action=LAYER_SHARE_ACTION,
            layer_version_arn=self.layer_version_arn,
            principal=account_id,
            organization_id=organization_id,
        )
        if self._removal_policy is not None:
            permission.apply_removal_policy(self._removal_policy)


class PythonLayer(Layer):
    """A layer of Python dependencies, installed on the host for Lambda's platform (no Docker).

    The content goes under ``python/``, built by ``PythonBundling`` from the first spec found in
    ``entry``: ``uv.lock``, ``poetry.lock``, ``Pipfile.lock``, ``pyproject.toml`` or ``requirements.txt``.

    Attributes:
        asset_hash: The custom asset hash of the archive (derived from the inputs only).
        bundling_skipped: True when installs were skipped (test mode or ``BUNDLING_STACKS``).
    """

    asset_hash: str
    bundling_skipped: bool

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        entry: str | os.PathLike[str],
        runtime: lambda_.Runtime,
        architecture: lambda_.Architecture,
        bundling: PythonBundling | None = None,
        compatible_runtimes: Sequence[lambda_.Runtime] | None = None,
        description: str | None = None,
        layer_version_name: str | None = None,
        license: str | None = None,
        removal_policy: RemovalPolicy | None = DEFAULT_LAYER_REMOVAL_POLICY,
        share_with_accounts: Sequence[str] | None = None,
        share_with_organizations: Sequence[str] | None = None,
    ) -> None:
        """Build and define a dependency layer.

        Args:
            scope: Parent construct. Default: - required.
            id: Construct ID. Default: - required.
            entry: Directory holding the dependency spec. Default: - required.
            runtime: The Python runtime to install for (decides the wheels' Python version).
                Default: - required.
            architecture: ``ARM_64`` or ``X86_64`` (decides the wheels' platform). Default: - required.
            bundling: Index options, cache directory, test mode. Default: - ``PythonBundling()``.
            compatible_runtimes: Runtimes to declare. Default: - ``[runtime]`` (binary wheels are built
                for one Python version).
            description: See ``Layer``. Default: - no description.
            layer_version_name: See ``Layer``. Default: - generated by CloudFormation.
            license: See ``Layer``. Default: - none recorded.
            removal_policy: See ``Layer``. Default: RemovalPolicy.RETAIN.
            share_with_accounts: See ``Layer``. Default: - not shared.
            share_with_organizations: See ``Layer``. Default: - not shared.
        """
        build = build_asset(
            scope,
            child_path(scope, id),
            "entry",
            entry,
            runtime,
            architecture,
            bundling or PythonBundling(),
            layer=True,
        )
        super().__init__(
            scope,
            id,
            code=build.code(),
            compatible_architectures=[architecture],
            compatible_runtimes=list(compatible_runtimes) if compatible_runtimes is not None else [runtime],
            description=description,
            layer_version_name=layer_version_name,
            license=license,
            removal_policy=removal_policy,
            share_with_accounts=share_with_accounts,
            share_with_organizations=share_with_organizations,
        )
        self.asset_hash = build.asset_hash
        self.bundling_skipped = build.skipped
        if build.skipped:
            self.unzipped_size_bytes = None  # unknown: nothing was installed


def layer_unzipped_size(layer: lambda_.ILayerVersion) -> int | None:
    """Unzipped size of a layer's content in bytes, or None when it is not known at synth (imports)."""
    size = getattr(layer, "unzipped_size_bytes", None)
    return size if isinstance(size, int) else None


def code_unzipped_size(code: lambda_.Code) -> int | None:
    """Unzipped size of function code from a local directory or zip asset, else None."""
    content = _content_of(code)
    return content[1] if content else None


# --- private helpers ---------------------------------------------------------------------------------


def _validate_props(
    path: str,
    runtimes: list[lambda_.Runtime] | None,
    architectures: list[lambda_.Architecture] | None,
    description: str | None,
    name: str | None,
    license: str | None,
) -> None:
    if runtimes is not None:
        if not runtimes:
            raise ValidationError(
                path, "compatible_runtimes", [], "must list at least one runtime (or be None)"
            )
        check_max_items(path, "compatible_runtimes", runtimes, LAYER_RUNTIMES_MAX_COUNT, "runtimes")
    if architectures is not None:
        check_max_items(
            path, "compatible_architectures", architectures, LAYER_ARCHITECTURES_MAX_COUNT, "architectures"
        )
        names = [a.name for a in architectures]
        for name in names:
            check_choice(path, "compatible_architectures", name, ARCHITECTURES)
        if len(set(names)) != len(names):
            raise ValidationError(path, "compatible_architectures", names, "must not repeat an architecture")
    check_length(path, "description", description, 0, DESCRIPTION_MAX_LENGTH)
    check_length(path, "layer_version_name", name, LAYER_NAME_MIN_LENGTH, LAYER_NAME_MAX_LENGTH)
    check_pattern(
        path, "layer_version_name", name, LAYER_NAME_RE, "letters, digits, - and _ (or a layer ARN)"
    )
    check_length(path, "license", license, 0, LAYER_LICENSE_MAX_LENGTH)


def _validate_sharing(path: str, accounts: list[str], organizations: list[str]) -> None:
    for account in accounts:
        check_pattern(path, "share_with_accounts", account, ACCOUNT_RE, _ACCOUNT_RULE)
    for organization in organizations:
        check_pattern(path, "share_with_organizations", organization, ORGANIZATION_RE, _ORGANIZATION_RULE)
    for prop, values in (("share_with_accounts", accounts), ("share_with_organizations", organizations)):
        # A token repeated as the same string is the same principal; different tokens are checked at deploy.
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise ValidationError(
                path, prop, repeated, "must not repeat an entry (one permission per principal)"
            )


def _share_ids(principals: list[str], kind: str) -> list[str]:
    # Keyed by the principal, so reordering the list keeps logical IDs stable; a token cannot be part of
    # an ID, so it is numbered among the list's tokens only, and adding a literal moves no token's ID
    # (literal principals never look like Account0 / Organization0). Tokens do not repeat (checked).
    tokens = [p for p in principals if is_unresolved(p)]
    return [
        f"Share{kind}{tokens.index(p)}" if is_unresolved(p) else "SharePublic" if p == "*" else f"Share{p}"
        for p in principals
    ]


def _content_of(code: lambda_.Code) -> tuple[list[str], int] | None:
    """(sorted entry names, unzipped size) of a local directory or zip asset; None otherwise.

    Read once per ``AssetCode`` object (often shared by many functions), as CDK stages it once.
    """
    if not isinstance(code, lambda_.AssetCode):
        return None
    key = jsii_ref(code)
    if key not in _CONTENT_BY_CODE:
        _CONTENT_BY_CODE[key] = _read_content(Path(code.path))
    return _CONTENT_BY_CODE[key]


_CONTENT_BY_CODE: dict[str, tuple[list[str], int] | None] = {}


def _read_content(source: Path) -> tuple[list[str], int] | None:
    if source.is_dir():
        names: list[str] = []
        size = 0
        for dirpath, _dirnames, filenames in os.walk(source):
            for filename in filenames:
                full = Path(dirpath) / filename
                names.append(full.relative_to(source).as_posix())
                size += full.stat().st_size
        return sorted(names), size
    if source.is_file() and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
        return sorted(i.filename for i in infos), sum(i.file_size for i in infos)
    return None


def _layout_warnings(names: list[str], runtimes: list[lambda_.Runtime] | None) -> list[str]:
    """Warnings for content Lambda will not find on the declared runtimes' search paths."""
    for_all = any(n.startswith(_ANY_RUNTIME_PATHS) for n in names)
    families: dict[str, dict[str, str]] = {}  # family -> runtime name -> version
    for runtime in runtimes or ():
        family_version = _family_and_version(runtime.name)
        if family_version is not None:
            families.setdefault(family_version[0], {})[runtime.name] = family_version[1]
    if not families:  # no runtime declared (or none with its own folders): any search path will do
        # (shared folder found, versioned folders found): either puts the content on some search path
        reached = any(any(_versions_reached(p, names)) for p in _FAMILY_PATHS.values())
        if not names or for_all or reached:
            return []
        searched = [p for paths in _FAMILY_PATHS.values() for p in paths.all()] + list(_ANY_RUNTIME_PATHS)
        return [
            f"Layer content has nothing under a path Lambda searches ({', '.join(searched)}); it will "
            "only be reachable by its full path under /opt."
        ]
    warnings: list[str] = []
    for family, versions in sorted(families.items()):
        paths = _FAMILY_PATHS[family]
        shared, used = _versions_reached(paths, names)
        declared = sorted(set(versions.values()))
        unread = sorted(used - set(declared))
        for version in unread:
            warnings.append(
                f"Layer puts content under {paths.all([version])[-1]}, which no declared runtime reads; "
                f"{', '.join(versions)} {'reads' if len(versions) == 1 else 'read'} "
                f"{' or '.join(paths.all(declared))}."
            )
        # Each runtime reads the family's shared folders and its own version's folder only.
        missed = [name for name, version in versions.items() if not shared and version not in used]
        # Content only in unread version folders is explained by the warning above.
        if missed and not for_all and not (unread and len(missed) == len(versions)):
            expected = " or ".join(paths.all(sorted({versions[name] for name in missed})))
            warnings.append(
                f"Layer declares {', '.join(missed)} but has nothing under {expected}; "
                f"{'that runtime' if len(missed) == 1 else 'those runtimes'} will not find its content "
                f"(expected e.g. {paths.shared[0]}<package>)."
            )
    return warnings


def _family_and_version(runtime_name: str) -> tuple[str, str] | None:
    """(family, version as versioned layer folders spell it: 3.12, 20) of a runtime whose family has
    its own layer folders; None for the others (custom runtimes, .NET)."""
    info = runtime_info(runtime_name)
    if info is not None:
        family, version = info.family, info.version or ""
    else:  # newer than the registry: read it from the name
        family = next((f for f in _FAMILY_PATHS if runtime_name.startswith(f)), "")
        match = _VERSION_RE.match(runtime_name.removeprefix(family))
        version = match.group(0) if match else ""
    return (family, version) if family in _FAMILY_PATHS else None


def _versions_reached(paths: _SearchPaths, names: list[str]) -> tuple[bool, set[str]]:
    """(whether some entry is in a folder every version of the family reads, the versions whose
    versioned folder holds an entry)."""
    pattern = paths.versioned_re
    shared = False
    versions: set[str] = set()
    for name in names:
        match = pattern.match(name) if pattern else None
        if match:
            versions.add(match.group(1))
        elif name.startswith(paths.shared):
            shared = True
    return shared, versions
