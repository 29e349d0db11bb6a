"""What one stage knows about permissions boundaries: which boundary covers which construct path.

``PermissionsBoundary.apply_to`` (and a function's own boundary) records an ``Application`` in the
registry of the scope's stage; ``Registry.select`` decides, for any construct path, the application that
wins (per-function boundary, then the innermost scope, then the latest call) or none (exempted,
allow-listed). The aspects that attach boundaries (``_boundary_enforcement``) and the plugin that checks
the synthesized templates (``_boundary_plugin``) both decide through it. A boundary is known only through
the ``Boundary`` protocol, so ``_boundary`` imports this module and not the other way round.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeGuard, get_args

from aws_cdk import CfnResource, IAspect, Stack, Stage
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from ._validation import jsii_ref, self_and_parents, stage_of

GrantCheck = Literal["warn", "error", "off"]
GRANT_CHECK_CHOICES: tuple[str, ...] = get_args(GrantCheck)
DEFAULT_GRANT_CHECK: GrantCheck = "warn"

ENTITY_TYPES = ("AWS::IAM::Role", "AWS::IAM::User")
_REGISTRY_ATTRIBUTE = "_constructs_lambda_boundaries"


class Boundary(Protocol):
    """What enforcement needs of a ``PermissionsBoundary``."""

    @property
    def statements(self) -> tuple[iam.PolicyStatement, ...] | None: ...

    @property
    def _label(self) -> str: ...

    def arn_for(self, scope: IConstruct) -> str: ...

    def _arn_in(self, consumer: Stack, *, add_dependency: bool) -> str: ...

    def _policy_in(self, consumer: Stack) -> iam.IManagedPolicy: ...


@dataclass(kw_only=True, slots=True)
class Application:
    """One ``apply_to`` (or per-function boundary): which boundary covers which scope, and how."""

    scope: IConstruct
    scope_path: str
    boundary: Boundary
    override: bool
    allow_list: tuple[str, ...]
    enforce: bool
    grant_check: GrantCheck
    order: int = 0
    node_side: bool = False  # applied by CDK's node-side aspect (see ``_boundary_enforcement``)


@dataclass(kw_only=True, slots=True, frozen=True)
class RoleGrant:
    """Statements a construct of this library grants a role it created, which the role's boundary must allow.

    ``ManagedInstances`` registers its operator role's statements; a boundary this library created adds
    them, Sids naming the construct, when it is the one that covers the role at synthesis.
    """

    role: IConstruct
    role_path: str
    sid: str  # letters and digits naming the granting construct; each statement's Sid starts with it
    statements: tuple[tuple[str, iam.PolicyStatement], ...]  # (Sid suffix, the role's own statement)
    # The same statements with no token of the role's stack: for a boundary in another stack, where a
    # reference to the role's subnets would make the two stacks depend on each other.
    portable: Callable[[], Sequence[tuple[str, iam.PolicyStatement]]]


@dataclass(kw_only=True, slots=True)
class Registry:
    """Everything one stage knows about boundaries: applications, exemptions, roles already handled."""

    stage: Stage
    applications: list[Application] = field(default_factory=list)
    exemptions: dict[str, str] = field(default_factory=dict)
    claimed: set[str] = field(default_factory=set)  # jsii references of the roles and users handled
    paths: dict[str, str] = field(default_factory=dict)  # construct paths by jsii reference
    aspect_scopes: set[str] = field(default_factory=set)
    exempt_constructs: dict[str, IConstruct] = field(default_factory=dict)
    grants: list[RoleGrant] = field(default_factory=list)
    wired: bool = False
    aspect: IAspect | None = None  # the one Python aspect of the stage, made on first use

    def select(self, path: str) -> Application | None:
        """The application that decides ``path``'s boundary, or ``None`` (none, or exempted)."""
        candidates = [a for a in self.applications if within(path, a.scope_path)]
        if not candidates:
            return None
        winner = max(
            candidates, key=lambda a: (a.override, a.scope_path.count("/") + bool(a.scope_path), a.order)
        )
        if any(within(path, exempt) for exempt in self.exemptions):
            return None
        if any(fnmatch.fnmatchcase(p, glob) for glob in winner.allow_list for p in self_and_parents(path)):
            return None
        return winner

    def path_of(self, construct: IConstruct) -> str:
        """``construct.node.path``, read through jsii once per construct."""
        key = jsii_ref(construct)
        path = self.paths.get(key)
        if path is None:
            path = self.paths[key] = construct.node.path
        return path


def registry_for(scope: IConstruct) -> Registry:
    """The registry of ``scope``'s stage, created on first use."""
    stage = stage_of(scope)
    registry: Registry | None = getattr(stage, _REGISTRY_ATTRIBUTE, None)
    if registry is None:
        registry = Registry(stage=stage)
        setattr(stage, _REGISTRY_ATTRIBUTE, registry)
    return registry


def register_grant(grant: RoleGrant) -> None:
    """Record ``grant`` in the registry of each stage enclosing its role (``apply_to`` may name any)."""
    stage: Stage | None = stage_of(grant.role)
    while stage is not None:
        registry_for(stage).grants.append(grant)
        stage = Stage.of(stage)  # the enclosing stage, None above the app


def grants_covered_by(boundary: Boundary, registries: Sequence[Registry]) -> list[RoleGrant]:
    """The registered grants whose role ``boundary`` ends up covering (the ``select`` winner), once each."""
    covered: dict[str, RoleGrant] = {}
    for registry in registries:
        for grant in registry.grants:
            application = registry.select(grant.role_path)
            if application is not None and application.boundary is boundary:
                covered.setdefault(grant.role_path, grant)
    return list(covered.values())


def is_entity(node: IConstruct) -> TypeGuard[CfnResource]:
    """Whether ``node`` is an IAM role or user (``AWS::IAM::Role``, ``AWS::IAM::User``)."""
    if isinstance(node, iam.CfnRole | iam.CfnUser):
        return True
    # Other L1 classes are never roles; only a raw CfnResource (custom-resource providers) can be one.
    return type(node) is CfnResource and node.cfn_resource_type in ENTITY_TYPES


def within(path: str, scope_path: str) -> bool:
    """Whether ``path`` is ``scope_path`` or lies under it (``""``: the app, which holds everything)."""
    return scope_path == "" or path == scope_path or path.startswith(scope_path + "/")


def overlap(path: str, scope_path: str) -> bool:
    """Whether one of the two construct paths contains the other."""
    return within(path, scope_path) or within(scope_path, path)
