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
3. a policy-validation plugin (``_boundary_plugin``) reads the synthesized templates and fails
   synthesis naming each role and user that escapes its boundary, and reports grants a boundary would
   deny.

Which boundary a construct path gets is decided by the stage's registry (``_boundary_registry``).
"""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import Aspects, CfnResource, IAspect, Stack, Stage
from aws_cdk import aws_iam as iam
from constructs import IConstruct, IValidation

from ._boundary_plugin import add_enforcement_plugin
from ._boundary_registry import Application, Registry, is_entity, overlap, within
from ._boundary_registry import RoleGrant as RoleGrant  # re-exported: ManagedInstances imports it here
from ._boundary_registry import register_grant as register_grant
from ._validation import jsii_ref, stack_or_none

# The aspects run after CDK's own mutating aspects (AspectPriority.MUTATING = 200, among them the one a
# Stack adds for the context boundary) and before aspects added with the default priority (500). The
# node-side ones get their priority set explicitly, so the order does not depend on the
# @aws-cdk/core:aspectPrioritiesMutating flag; the Python aspect runs after them, so that its per-path
# decisions (allow_list, exempt) have the last word.
NODE_ASPECT_PRIORITY = 249
ASPECT_PRIORITY = 250
# The providers CDK creates at a stack's root while preparing the app, after aspects ran.
_LATE_PROVIDER_IDS = (
    "Custom::CrossRegionExportWriterCustomResourceProvider",
    "Custom::CrossRegionExportReaderCustomResourceProvider",
)


def add_application(registry: Registry, application: Application) -> None:
    """Record ``application`` and attach its boundary: node-side where it can, else by the Python aspect."""
    application.order = len(registry.applications)
    registry.applications.append(application)
    stack = None if application.allow_list else stack_or_none(application.scope)
    if stack is not None:
        # One stack, one ARN, no per-path decision: CDK's node-side aspect does the same job
        # without a call into Python per construct.
        application.node_side = True
        policy = application.boundary._policy_in(stack)
        iam.PermissionsBoundary.of(application.scope).apply(policy)
        Aspects.of(application.scope).applied[-1].priority = NODE_ASPECT_PRIORITY
        for path, construct in registry.exempt_constructs.items():
            if overlap(path, application.scope_path):
                _add_aspect(registry, construct, path)
    else:
        _add_aspect(registry, application.scope, application.scope_path)
    if not registry.wired:
        registry.wired = True
        registry.stage.node.add_validation(_LatePass(registry))
        add_enforcement_plugin(registry)


def _add_aspect(registry: Registry, scope: IConstruct, scope_path: str) -> None:
    """The Python aspect on ``scope``, once per scope (one instance: CDK visits a node once with it)."""
    if scope_path in registry.aspect_scopes:
        return
    registry.aspect_scopes.add(scope_path)
    if registry.aspect is None:
        registry.aspect = _BoundaryAspect(registry)
    Aspects.of(scope).add(registry.aspect, priority=ASPECT_PRIORITY)


def add_exemption(registry: Registry, construct: IConstruct, path: str, reason: str) -> None:
    """Record an exemption; where a node-side application reaches, the Python aspect undoes it."""
    registry.exemptions[path] = reason
    registry.exempt_constructs[path] = construct
    if any(a.node_side and overlap(path, a.scope_path) for a in registry.applications):
        _add_aspect(registry, construct, path)


def _attach(registry: Registry, resource: CfnResource) -> None:
    """Give ``resource`` its boundary, once: the aspect and the late pass both offer every role."""
    key = jsii_ref(resource)
    if key in registry.claimed:
        return
    registry.claimed.add(key)
    path = registry.path_of(resource)
    application = registry.select(path)
    if application is not None:
        resource.add_property_override("PermissionsBoundary", application.boundary.arn_for(resource))
    elif any(a.node_side and within(path, a.scope_path) for a in registry.applications):
        # Exempt or allow-listed, but a node-side aspect (which runs earlier) set a boundary: back
        # to the resource's own value.
        own = _own_boundary(resource)
        if own is None:
            resource.add_property_deletion_override("PermissionsBoundary")
        else:
            resource.add_property_override("PermissionsBoundary", own)


@jsii.implements(IAspect)
class _BoundaryAspect:
    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def visit(self, node: IConstruct) -> None:
        if is_entity(node):
            _attach(self._registry, node)


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
                if role is not None and is_entity(role):
                    _attach(self._registry, role)
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


def _own_boundary(resource: CfnResource) -> Any:
    """The boundary ``resource`` was given itself (its L1 property or raw properties), if any."""
    if isinstance(resource, iam.CfnRole | iam.CfnUser):
        return resource.permissions_boundary
    return (resource._cfn_properties or {}).get("PermissionsBoundary")
