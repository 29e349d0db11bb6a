"""The policy-validation plugin that checks every role and user in the synthesized templates.

It reads each template of the stage (nested stacks' too) and fails synthesis, naming each role and user
(construct path and logical ID) whose ``PermissionsBoundary`` is not the one the registry
(``_boundary_registry``) selects for it. In the same pass it feeds each template to the pure grant check
(``_grant_check``) and reports each action a role's library-made boundary would deny as a
``constructs-lambda:boundary-blocks-grant`` finding of severity ``warning`` (``grant_check="error"``:
``error``, which fails synthesis), and each library-granted role whose boundary this library did not
create. CDK prints the findings in its validation report and writes them to ``validation-report.json``
in the cloud assembly; a role's findings are acknowledged with ``Validations.of(role).acknowledge(
Acknowledgment(id="constructs-lambda-permissions-boundaries::constructs-lambda:boundary-blocks-grant",
reason=...))`` (no line break).
"""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import (
    CfnResource,
    IPolicyValidationContext,
    PolicyValidationPluginReport,
    PolicyViolatingResource,
    PolicyViolation,
    Stack,
    Validations,
)

from ._boundary_policy import rendered
from ._boundary_registry import ENTITY_TYPES, Application, Registry, is_entity, within
from ._grant_check import AllowPatterns, allow_patterns, blocked_grants
from ._plugins import TemplatePlugin, WrittenTemplate, written_templates
from ._validation import is_unresolved, jsii_ref

RULE_NAME = "constructs-lambda-PermissionsBoundary"
WARNING_ID = "constructs-lambda:boundary-blocks-grant"


def add_enforcement_plugin(registry: Registry) -> None:
    """Check the templates of ``registry``'s stage once they are written (called once per registry)."""
    Validations.of(registry.stage).add_plugins(_EnforcementPlugin(registry))


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
            entities = _Entities(registry, written)
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
            if resource.get("Type") not in ENTITY_TYPES:
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
    """Construct paths of a template's roles and users by logical ID.

    From the cloud assembly's metadata (``WrittenTemplate.recorded_paths``), or, for a logical ID it does
    not record (the app disabled that metadata), read through jsii once per stack.
    """

    def __init__(self, registry: Registry, written: WrittenTemplate) -> None:
        self._registry = registry
        self._written = written
        self.stack_path = written.construct_path
        self._by_logical_id: dict[str, str] | None = None

    def path(self, logical_id: str) -> str:
        recorded = self._written.recorded_paths.get(logical_id)
        if recorded is not None:
            return recorded
        if self._by_logical_id is None:
            self._by_logical_id = _entity_paths_by_logical_id(self._registry, self._written.stack)
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
        elif isinstance(construct, CfnResource) and is_entity(construct):
            path = registry.path_of(construct)
            if not any(within(path, n) for n in nested):
                entities.append((construct, path))
    if not entities:
        return {}
    logical_ids = stack.resolve([construct.logical_id for construct, _ in entities])
    return {str(logical_id): path for logical_id, (_, path) in zip(logical_ids, entities, strict=True)}
