"""How ``PermissionsBoundary.apply_to`` reaches every IAM role and user, and fails synthesis when one escapes.

Three mechanisms work together, all wired by one registry per stage:

1. aspects (priority just after CDK's own mutating aspects) set ``PermissionsBoundary`` on every
   ``AWS::IAM::Role`` and ``AWS::IAM::User`` in the scope, including the raw ``CfnResource`` roles of
   CDK's custom-resource providers. Where the scope lies in one stack and needs no per-path decision
   (no ``allow_list``), this is CDK's own node-side ``iam.PermissionsBoundary.of(scope).apply(policy)``
   (it handles the same three kinds of resource, and runs without a call into Python per construct);
   else, for an app- or stage-wide scope (the ARN can differ per stack) or an ``allow_list``, a Python
   aspect decides per path, one priority later. The Python aspect is also added on each exempted
   construct, to undo a node-side boundary there;
2. a construct validation on the stage, which CDK runs *after* the app was prepared for synthesis, gives
   the boundary to roles created after aspects ran (the cross-region reference writer and reader,
   which CDK creates at each stack's root);
3. a policy-validation plugin reads the synthesized templates (nested stacks' too) and fails synthesis,
   naming each role and user (construct path and logical ID) whose ``PermissionsBoundary`` is not the
   expected one; in the same pass it feeds each template to the pure grant check (``_grant_check``) and
   reports each action a role's library-made boundary would deny as a
   ``constructs-lambda:boundary-blocks-grant`` finding of severity ``warning`` (``grant_check="error"``:
   ``error``, which fails synthesis). CDK prints the findings in its validation report and writes them
   to ``validation-report.json`` in the cloud assembly; a role's findings are acknowledged with
   ``Validations.of(role).acknowledge(Acknowledgment(id="constructs-lambda-permissions-boundaries::
   constructs-lambda:boundary-blocks-grant", reason=...))`` (no line break).

This module knows a boundary only through the ``Boundary`` protocol, so ``_boundary`` imports it and
not the other way round.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeGuard, get_args

import jsii
from aws_cdk import (
    Aspects,
    CfnResource,
    IAspect,
    IPolicyValidationContext,
    PolicyValidationPluginReport,
    PolicyViolatingResource,
    PolicyViolation,
    Stack,
    Stage,
    Validations,
)
from aws_cdk import aws_iam as iam
from constructs import IConstruct, IValidation

from ._boundary_policy import rendered
from ._grant_check import AllowPatterns, allow_patterns, blocked_grants
from ._plugins import TemplatePlugin, written_templates
from ._validation import is_unresolved, jsii_ref, self_and_parents, stack_or_none, stage_of

GrantCheck = Literal["warn", "error", "off"]
GRANT_CHECK_CHOICES: tuple[str, ...] = get_args(GrantCheck)
DEFAULT_GRANT_CHECK: GrantCheck = "warn"

# The aspects run after CDK's own mutating aspects (AspectPriority.MUTATING = 200, among them the one a
# Stack adds for the context boundary) and before aspects added with the default priority (500). The
# node-side ones get their priority set explicitly, so the order does not depend on the
# @aws-cdk/core:aspectPrioritiesMutating flag; the Python aspect runs after them, so that its per-path
# decisions (allow_list, exempt) have the last word.
NODE_ASPECT_PRIORITY = 249
ASPECT_PRIORITY = 250
RULE_NAME = "constructs-lambda-PermissionsBoundary"
WARNING_ID = "constructs-lambda:boundary-blocks-grant"
_ENTITY_TYPES = ("AWS::IAM::Role", "AWS::IAM::User")
_REGISTRY_ATTRIBUTE = "_constructs_lambda_boundaries"
# The providers CDK creates at a stack's root while preparing the app, after aspects ran.
_LATE_PROVIDER_IDS = (
    "Custom::CrossRegionExportWriterCustomResourceProvider",
    "Custom::CrossRegionExportReaderCustomResourceProvider",
)


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
    node_side: bool = False  # applied by CDK's node-side aspect (see the module docstring)


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
    _aspect: _BoundaryAspect | None = None

    def add(self, application: Application) -> None:
        application.order = len(self.applications)
        self.applications.append(application)
        stack = None if application.allow_list else stack_or_none(application.scope)
        if stack is not None:
            # One stack, one ARN, no per-path decision: CDK's node-side aspect does the same job
            # without a call into Python per construct.
            application.node_side = True
            policy = application.boundary._policy_in(stack)
            iam.PermissionsBoundary.of(application.scope).apply(policy)
            Aspects.of(application.scope).applied[-1].priority = NODE_ASPECT_PRIORITY
            for path, construct in self.exempt_constructs.items():
                if _overlap(path, application.scope_path):
                    self.add_aspect(construct, path)
        else:
            self.add_aspect(application.scope, application.scope_path)
        if not self.wired:
            self.wired = True
            self.stage.node.add_validation(_LatePass(self))
            Validations.of(self.stage).add_plugins(_EnforcementPlugin(self))

    def add_aspect(self, scope: IConstruct, scope_path: str) -> None:
        """The Python aspect on ``scope``, once per scope (one instance: CDK visits a node once with it)."""
        if scope_path in self.aspect_scopes:
            return
        self.aspect_scopes.add(scope_path)
        if self._aspect is None:
            self._aspect = _BoundaryAspect(self)
        Aspects.of(scope).add(self._aspect, priority=ASPECT_PRIORITY)

    def exempt(self, construct: IConstruct, path: str, reason: str) -> None:
        """Record an exemption; where a node-side application reaches, the Python aspect undoes it."""
        self.exemptions[path] = reason
        self.exempt_constructs[path] = construct
        if any(a.node_side and _overlap(path, a.scope_path) for a in self.applications):
            self.add_aspect(construct, path)

    def select(self, path: str) -> Application | None:
        """The application that decides ``path``'s boundary, or ``None`` (none, or exempted)."""
        candidates = [a for a in self.applications if _within(path, a.scope_path)]
        if not candidates:
            return None
        winner = max(
            candidates, key=lambda a: (a.override, a.scope_path.count("/") + bool(a.scope_path), a.order)
        )
        if any(_within(path, exempt) for exempt in self.exemptions):
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

    def attach(self, resource: CfnResource) -> None:
        """Give ``resource`` its boundary, once: the aspect and the late pass both offer every role."""
        key = jsii_ref(resource)
        if key in self.claimed:
            return
        self.claimed.add(key)
        path = self.path_of(resource)
        application = self.select(path)
        if application is not None:
            resource.add_property_override("PermissionsBoundary", application.boundary.arn_for(resource))
        elif any(a.node_side and _within(path, a.scope_path) for a in self.applications):
            # Exempt or allow-listed, but a node-side aspect (which runs earlier) set a boundary: back
            # to the resource's own value.
            own = _own_boundary(resource)
            if own is None:
                resource.add_property_deletion_override("PermissionsBoundary")
            else:
                resource.add_property_override("PermissionsBoundary", own)


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


@jsii.implements(IAspect)
class _BoundaryAspect:
    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def visit(self, node: IConstruct) -> None:
        if _is_entity(node):
            self._registry.attach(node)


@jsii.implements(IValidation)
class _LatePass:
    """Runs after the app was prepared: gives late roles (of the cross-region reference providers) their
    boundary.

    It looks only where CDK creates roles after aspects: a stage-wide pass would also give the boundary
    back to a role a later aspect stripped, which enforcement must report.
    """

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def validate(self) -> list[str]:
        for stack in _stacks(self._registry.stage):
            for provider_id in _LATE_PROVIDER_IDS:
                provider = stack.node.try_find_child(provider_id)
                role = None if provider is None else provider.node.try_find_child("Role")
                if role is not None and _is_entity(role):
                    self._registry.attach(role)
        return []


def _stacks(stage: Stage) -> list[Stack]:
    """The stage's own stacks (not those of nested stages, which have their own registry)."""
    found: list[Stack] = []
    pending: list[IConstruct] = list(stage.node.children)
    while pending:
        construct = pending.pop()
        if isinstance(construct, Stack):
            found.append(construct)
        elif not isinstance(construct, Stage):
            pending.extend(construct.node.children)
    return found


class _EnforcementPlugin(TemplatePlugin):
    """Reads the synthesized templates; every role and user must carry its expected boundary."""

    def __init__(self, registry: Registry) -> None:
        super().__init__("constructs-lambda permissions boundaries", RULE_NAME)
        self._registry = registry

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        registry = self._registry
        check_grants = any(
            a.grant_check != "off" and a.boundary.statements is not None for a in registry.applications
        )
        violations: list[PolicyViolation] = []
        for written in written_templates(context, registry.stage):  # nested stacks' templates too
            template, _ = written.read()
            stack, template_path = written.stack, written.template_path
            entities = _Entities(registry, stack, written.construct_path)
            violations.extend(self._enforce(stack, template, entities, template_path))
            if check_grants:
                violations.extend(_grant_findings(registry, stack, template, entities, template_path))
            violations.extend(_existing_boundary_findings(registry, stack, template_path))
        failed = any(v.severity == "error" for v in violations)
        return PolicyValidationPluginReport(success=not failed, violations=violations)

    def _enforce(
        self, stack: Stack, template: dict[str, Any], entities: _Entities, template_path: str
    ) -> list[PolicyViolation]:
        violations: list[PolicyViolation] = []
        # A nested stack's name is only known at deploy time: it is named by its construct path.
        stack_name = entities.stack_path if stack.nested else stack.stack_name
        expected_by_boundary: dict[int, Any] = {}
        for logical_id, resource in sorted((template.get("Resources") or {}).items()):
            if resource.get("Type") not in _ENTITY_TYPES:
                continue
            path = entities.path(logical_id)
            application = self._registry.select(path)
            if application is None or not application.enforce:
                continue
            boundary = application.boundary
            if id(boundary) not in expected_by_boundary:
                expected_by_boundary[id(boundary)] = stack.resolve(
                    boundary._arn_in(stack, add_dependency=False)
                )
            expected = expected_by_boundary[id(boundary)]
            actual = (resource.get("Properties") or {}).get("PermissionsBoundary")
            if actual == expected:
                continue
            kind = "role" if resource["Type"] == "AWS::IAM::Role" else "user"
            found = "has no permissions boundary" if actual is None else f"has boundary {json.dumps(actual)}"
            violations.append(
                PolicyViolation(
                    rule_name=RULE_NAME,
                    description=(
                        f"IAM {kind} {path} (logical ID {logical_id}, stack {stack_name}) {found}; "
                        f"expected {application.boundary._label} = {json.dumps(expected)}"
                    ),
                    fix=(
                        "Do not remove or replace the boundary after PermissionsBoundary.apply_to; for "
                        "a deliberate exception use apply_to(..., allow_list=[...]) or "
                        "PermissionsBoundary.exempt"
                    ),
                    severity="error",
                    violating_resources=[
                        PolicyViolatingResource(
                            locations=["Properties/PermissionsBoundary"],
                            resource_logical_id=logical_id,
                            template_path=template_path,
                        )
                    ],
                )
            )
        return violations


class _Entities:
    """Construct paths of a stack's roles and users by logical ID, read through jsii only when asked."""

    def __init__(self, registry: Registry, stack: Stack, stack_path: str) -> None:
        self._registry = registry
        self._stack = stack
        self.stack_path = stack_path
        self._by_logical_id: dict[str, str] | None = None

    def path(self, logical_id: str) -> str:
        if self._by_logical_id is None:
            self._by_logical_id = _entity_paths_by_logical_id(self._registry, self._stack)
        return self._by_logical_id.get(logical_id) or f"{self.stack_path}/{logical_id}"


def _grant_findings(
    registry: Registry, stack: Stack, template: dict[str, Any], entities: _Entities, template_path: str
) -> list[PolicyViolation]:
    """A finding for each action granted to a role (in ``template``) that its library-made boundary denies.

    ``blocked_grants`` judges the template; construct paths are read only for its roles, and each
    boundary's statements are rendered in ``stack`` once.
    """
    resources: dict[str, Any] = template.get("Resources") or {}
    roles: dict[str, tuple[str, Application]] = {}  # logical id -> (construct path, application)
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::IAM::Role":
            continue
        path = entities.path(logical_id)
        application = registry.select(path)
        if application is None or application.grant_check == "off" or application.boundary.statements is None:
            continue
        roles[logical_id] = (path, application)
    if not roles:
        return []
    environment = _environment(stack)
    allows_by_boundary: dict[int, AllowPatterns] = {}
    allows: dict[str, AllowPatterns] = {}
    for logical_id, (_, application) in roles.items():
        boundary = application.boundary
        if id(boundary) not in allows_by_boundary:
            allows_by_boundary[id(boundary)] = allow_patterns(rendered(stack, boundary.statements or ()))
        allows[logical_id] = allows_by_boundary[id(boundary)]
    findings: list[PolicyViolation] = []
    for blocked in blocked_grants(template, allows, environment):
        path, application = roles[blocked.role]
        findings.append(
            PolicyViolation(
                rule_name=WARNING_ID,
                description=(
                    f"Role {path} is granted {blocked.action} on "
                    f"{blocked.granted or json.dumps(blocked.resource)} but its permissions boundary "
                    f"{application.boundary._label} does not allow it, so the call will be denied at run "
                    "time."
                ),
                fix="Add a statement to the boundary (additional_statements=[...]).",
                severity="error" if application.grant_check == "error" else "warning",
                violating_resources=[
                    PolicyViolatingResource(
                        locations=["Properties"],
                        resource_logical_id=blocked.role,
                        template_path=template_path,
                    )
                ],
            )
        )
    return findings


def _existing_boundary_findings(
    registry: Registry, stack: Stack, template_path: str
) -> list[PolicyViolation]:
    """A finding for each library-granted role in ``stack`` whose boundary this library did not create.

    Such a boundary cannot be read or changed, so the role's statements (``RoleGrant``) may be denied.
    """
    findings: list[PolicyViolation] = []
    stack_key = jsii_ref(stack)
    for grant in registry.grants:
        application = registry.select(grant.role_path)
        if (
            application is None
            or application.grant_check == "off"
            or application.boundary.statements is not None
            or jsii_ref(Stack.of(grant.role)) != stack_key
        ):
            continue
        cfn = grant.role.node.default_child
        assert isinstance(cfn, CfnResource)  # a role this library created
        sids = ", ".join(suffix for suffix, _ in grant.statements)
        findings.append(
            PolicyViolation(
                rule_name=WARNING_ID,
                description=(
                    f"Role {grant.role_path} is granted statements ({sids}) that its permissions boundary "
                    f"{application.boundary._label} must allow; this library did not create that boundary "
                    "and cannot check or extend it, so the calls may be denied at run time."
                ),
                fix=(
                    "Allow the role's statements (ManagedInstances.operator_statements; "
                    "docs/managed-instances.md lists them) in the boundary policy."
                ),
                severity="error" if application.grant_check == "error" else "warning",
                violating_resources=[
                    PolicyViolatingResource(
                        locations=["Properties"],
                        resource_logical_id=str(stack.resolve(cfn.logical_id)),
                        template_path=template_path,
                    )
                ],
            )
        )
    return findings


def _environment(stack: Stack) -> dict[str, str]:
    """The stack's partition, region and account; ``*`` for each only known at deploy time (a token)."""
    values = {"partition": stack.partition, "region": stack.region, "account": stack.account}
    return {key: "*" if is_unresolved(value) else value for key, value in values.items()}


def _is_entity(node: IConstruct) -> TypeGuard[CfnResource]:
    if isinstance(node, iam.CfnRole | iam.CfnUser):
        return True
    # Other L1 classes are never roles; only a raw CfnResource (custom-resource providers) can be one.
    return type(node) is CfnResource and node.cfn_resource_type in _ENTITY_TYPES


def _own_boundary(resource: CfnResource) -> Any:
    """The boundary ``resource`` was given itself (its L1 property or raw properties), if any."""
    if isinstance(resource, iam.CfnRole | iam.CfnUser):
        return resource.permissions_boundary
    return (resource._cfn_properties or {}).get("PermissionsBoundary")


def _within(path: str, scope_path: str) -> bool:
    return scope_path == "" or path == scope_path or path.startswith(scope_path + "/")


def _overlap(path: str, scope_path: str) -> bool:
    """Whether one of the two construct paths contains the other."""
    return _within(path, scope_path) or _within(scope_path, path)


def _entity_paths_by_logical_id(registry: Registry, stack: Stack) -> dict[str, str]:
    """Construct paths of ``stack``'s own roles and users (not its nested stacks') by logical ID.

    Nested stacks are told apart by path (``find_all`` lists a nested stack before what it holds), and
    the logical IDs are resolved in one call: a few jsii round trips per role, not one per lookup.
    """
    stack_key = jsii_ref(stack)
    nested: list[str] = []
    entities: list[tuple[CfnResource, str]] = []
    for construct in stack.node.find_all():
        if isinstance(construct, Stack):
            if jsii_ref(construct) != stack_key:
                nested.append(registry.path_of(construct))
        elif isinstance(construct, CfnResource) and _is_entity(construct):
            path = registry.path_of(construct)
            if not any(_within(path, n) for n in nested):
                entities.append((construct, path))
    if not entities:
        return {}
    logical_ids = stack.resolve([construct.logical_id for construct, _ in entities])
    return {str(logical_id): path for logical_id, (_, path) in zip(logical_ids, entities, strict=True)}
