"""Permissions boundaries that no IAM role or user in a scope escapes, checked on the final templates.

Three mechanisms work together:

1. an aspect (priority just after CDK's own mutating aspects) sets ``PermissionsBoundary`` on every
   ``AWS::IAM::Role`` and ``AWS::IAM::User`` in the scope, including the raw ``CfnResource`` roles of
   CDK's custom-resource providers;
2. a construct validation on the stage, which CDK runs *after* the app was prepared for synthesis, gives
   the boundary to roles created after aspects ran (the cross-region reference writer and reader);
3. a policy-validation plugin reads the synthesized templates (nested stacks' too) and fails synthesis,
   naming each role and user (construct path and logical ID) whose ``PermissionsBoundary`` is not the
   expected one; in the same pass, in plain Python on the template JSON, it compares every role's
   grants with what its library-made boundary allows and reports each action the boundary would deny
   as a ``constructs-lambda:boundary-blocks-grant`` finding of severity ``warning``
   (``grant_check="error"``: ``error``, which fails synthesis). CDK prints the findings in
   its validation report and writes them to ``validation-report.json`` in the cloud assembly; a role's
   findings are acknowledged with ``Validations.of(role).acknowledge(Acknowledgment(id="constructs-lambda-
   permissions-boundaries::constructs-lambda:boundary-blocks-grant", reason=...))`` (no line break).
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard, get_args

import jsii
from aws_cdk import (
    Acknowledgment,
    Aspects,
    Aws,
    CfnResource,
    Fn,
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
from aws_cdk import aws_lambda as lambda_
from constructs import Construct, IConstruct, IValidation

from ._errors import ValidationError
from ._limits import VPC_ENI_ACTIONS
from ._plugins import TemplatePlugin, written_templates
from ._validation import (
    check_choice,
    check_length,
    check_pattern,
    check_strings,
    child_path,
    is_unresolved,
    jsii_ref,
    parse_json_context,
    self_and_parents,
    stack_or_none,
    stage_of,
)

__all__ = ["CONTEXT_KEY", "GrantCheck", "PermissionsBoundary", "apply_function_boundary"]

CONTEXT_KEY = "@aws-cdk/core:permissionsBoundary"
"""The context key CDK reads for a boundary (``cdk.json`` or ``cdk synth -c``); see ``from_context``."""

# ManagedPolicyName: 1-128 characters of [\w+=,.@-], ASCII only ([CFN] schema AWS::IAM::ManagedPolicy).
POLICY_NAME_MAX_LENGTH = 128
POLICY_NAME_PATTERN = re.compile(r"[\w+=,.@-]+", re.ASCII)
# A name with its path, "org/team/name" (no leading or trailing "/").
POLICY_NAME_WITH_PATH_PATTERN = re.compile(r"(?:[\w+=,.@-]+/)*[\w+=,.@-]+", re.ASCII)
# Path: at most 512 characters, "/" included at both ends (IAM API Reference, CreatePolicy, Path).
POLICY_PATH_MAX_LENGTH = 512
# Description: at most 1000 characters ([CFN] schema AWS::IAM::ManagedPolicy).
POLICY_DESCRIPTION_MAX_LENGTH = 1000
# The resource prefix names an application and defaults to its stack name: at most 128 characters
# (CloudFormation User Guide, stack name). This also keeps the default description (1000 characters at
# most) and the policy, which repeats the prefix in each resource ARN, within IAM's limits.
RESOURCE_PREFIX_MAX_LENGTH = 128
# A policy ARN: arn:<partition>:iam::<account>:policy/<path><name> (IAM User Guide, IAM ARNs), account
# "aws" for AWS managed policies; the placeholders from_arn resolves may stand in the name.
_PLACEHOLDER = r"\$\{(?:AWS::Partition|AWS::AccountId|AWS::Region|Qualifier)\}"
_ARN_SEGMENT = rf"(?:[\w+=,.@-]|{_PLACEHOLDER})+"
POLICY_ARN_PATTERN = re.compile(
    r"arn:(?:[a-z][a-z-]*|\$\{AWS::Partition\}):iam::(?:\d{12}|aws|\$\{AWS::AccountId\}):policy/"
    rf"(?:{_ARN_SEGMENT}/)*{_ARN_SEGMENT}",
    re.ASCII,
)

_NAME_RULE = "letters, digits and +=,.@_-"

GrantCheck = Literal["warn", "error", "off"]
GRANT_CHECK_CHOICES: tuple[str, ...] = get_args(GrantCheck)
DEFAULT_GRANT_CHECK: GrantCheck = "warn"

# The aspect runs after CDK's own mutating aspects (AspectPriority.MUTATING = 200, among them the one a
# Stack adds for the context boundary) and before aspects added with the default priority (500).
ASPECT_PRIORITY = 250
DEFAULT_BOOTSTRAP_QUALIFIER = "hnb659fds"
RULE_NAME = "constructs-lambda-PermissionsBoundary"
WARNING_ID = "constructs-lambda:boundary-blocks-grant"
_ENTITY_TYPES = ("AWS::IAM::Role", "AWS::IAM::User")

# Actions of the AWS managed policies CDK attaches to Lambda roles (AWS managed policy reference).
_AWS_MANAGED_POLICY_ACTIONS: dict[str, tuple[str, ...]] = {
    "service-role/AWSLambdaBasicExecutionRole": (
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    ),
    "service-role/AWSLambdaVPCAccessExecutionRole": (
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        *VPC_ENI_ACTIONS,
    ),
}

_NAG_REASON = (
    "A permissions boundary is a ceiling, not a grant: its wildcards bound what the application's roles "
    "may ever be given (resources named with the application's prefix; CloudWatch Logs, X-Ray and VPC "
    "network-interface actions that cannot be scoped to a resource). Each role's own policies stay "
    "least-privilege."
)


class PermissionsBoundary:
    """An IAM managed policy used as the permissions boundary of every role and user in a scope.

    ``PermissionsBoundary(scope, id)`` creates the policy from a safe template (the developer guide's
    boundary for Lambda applications plus denials that stop privilege escalation);
    ``from_arn``/``from_name``/``from_context`` reference an existing policy. ``apply_to(scope)`` gives
    it to every role and user in ``scope`` and fails synthesis when one escapes it.

    Attributes:
        policy: The created ``iam.ManagedPolicy``, or the imported policy (``None`` when imported
            outside any stack, as ``from_context(app)`` does).
        managed_policy_name: The policy's name (``None`` when imported by ARN).
        statements: The policy's statements when this library created it, else ``None``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        managed_policy_name: str | None = None,
        description: str | None = None,
        resource_prefix: str | None = None,
        statements: Sequence[iam.PolicyStatement] | None = None,
        additional_statements: Sequence[iam.PolicyStatement] | None = None,
    ) -> None:
        """Create the boundary policy in ``scope``'s stack.

        Args:
            scope: Where the ``iam.ManagedPolicy`` is created (inside a stack). Default: - required.
            id: Construct ID of the policy. Default: - required.
            managed_policy_name: Name of the policy. The template refers to its own ARN by this name
                (to deny changing it), so a name is always set. Default: - ``<stack name>-<id>``, with
                ``-<region>`` when the stack's region is known (IAM names are global per account), cut
                to 128 characters; ``id`` must then be letters, digits and +=,.@_-.
            description: Policy description. Default: - a sentence naming the resource prefix.
            resource_prefix: Name prefix of the application's resources the boundary allows every
                action on (functions, queues, topics, tables, buckets in lower case, ...), 1 to 128
                characters. Default: - the stack's name; set a common prefix when several stacks share
                one boundary.
            statements: Replace the default allow statements entirely (the privilege-escalation
                denials are always kept). Default: - the template described in the README.
            additional_statements: Statements appended to the default (or given) statements.
                Default: - none.
        """
        path = child_path(scope, id)
        check_length(path, "managed_policy_name", managed_policy_name, 1, POLICY_NAME_MAX_LENGTH)
        check_pattern(path, "managed_policy_name", managed_policy_name, POLICY_NAME_PATTERN, _NAME_RULE)
        check_length(path, "description", description, 0, POLICY_DESCRIPTION_MAX_LENGTH)
        check_length(path, "resource_prefix", resource_prefix, 1, RESOURCE_PREFIX_MAX_LENGTH)
        stack = stack_or_none(scope)
        if stack is None:
            raise ValidationError(
                path,
                "scope",
                scope.node.path or type(scope).__name__,
                "must be inside a Stack (use from_name at app level)",
            )
        if managed_policy_name is None:
            name = _default_policy_name(stack, id)
            # The ID becomes part of the policy name, which IAM restricts more than construct IDs (the
            # stack name and region always fit).
            check_pattern(
                path,
                "id",
                id,
                POLICY_NAME_PATTERN,
                f"{_NAME_RULE}, as it makes the default policy name {name!r}",
            )
        else:
            name = managed_policy_name
        prefix = resource_prefix or stack.stack_name
        self_arn = f"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:policy/{name}"
        allows = list(statements) if statements is not None else _default_allow_statements(prefix)
        all_statements = [*allows, *(additional_statements or ()), *_deny_statements(self_arn)]
        self.managed_policy_name: str | None = name
        self.statements: tuple[iam.PolicyStatement, ...] | None = tuple(all_statements)
        self._arn: str | None = None
        self._stack: Stack | None = stack
        self._stack_path = stack.node.path
        self._arns: dict[str, tuple[str, bool]] = {}
        self._dependents: set[str] = set()
        self._label = f"{path} ({name})"
        self.policy: iam.IManagedPolicy | None = iam.ManagedPolicy(
            scope,
            id,
            managed_policy_name=name,
            description=description
            or f"Permissions boundary of the roles of application {prefix}: its own resources only.",
            statements=all_statements,
        )
        # cdk-nag acknowledges each wildcard finding by its exact text, on this policy only.
        Validations.of(self.policy).acknowledge(
            *(
                Acknowledgment(id=f"AwsSolutions-IAM5[{finding}]", reason=_NAG_REASON)
                for finding in _wildcard_findings(stack, all_statements)
            )
        )

    # ------------------------------------------------------------------------------------------------
    # References to existing policies

    @classmethod
    def from_arn(cls, scope: Construct, id: str, arn: str) -> PermissionsBoundary:
        """Reference an existing boundary policy by ARN.

        ``${AWS::Partition}``, ``${AWS::AccountId}``, ``${AWS::Region}`` and ``${Qualifier}`` (the
        bootstrap qualifier) in ``arn`` are resolved per stack, also in environment-agnostic stacks.

        Args:
            scope: Any construct; when inside a stack, ``policy`` is an imported ``IManagedPolicy``.
                Default: - required.
            id: Construct ID of that import. Default: - required.
            arn: The policy ARN. Default: - required.
        """
        path = child_path(scope, id)
        rule = (
            "an IAM policy ARN (arn:<partition>:iam::<12-digit account or aws>:policy/<path/name>; "
            "placeholders ${AWS::Partition}, ${AWS::AccountId}, ${AWS::Region}, ${Qualifier})"
        )
        check_pattern(path, "arn", arn, POLICY_ARN_PATTERN, rule)
        inst = cls.__new__(cls)
        inst._init_imported(scope, id, arn=arn, name=None, label=f"{path} ({arn})")
        return inst

    @classmethod
    def from_name(cls, scope: Construct, id: str, name: str) -> PermissionsBoundary:
        """Reference an existing boundary policy by name, in the account of each stack it is used in.

        Args:
            scope: Any construct; when inside a stack, ``policy`` is an imported ``IManagedPolicy``.
                Default: - required.
            id: Construct ID of that import. Default: - required.
            name: The policy name (with its path, ``"path/name"``, if it has one): up to 128 characters
                after the last ``/``, a path of up to 510. Default: - required.
        """
        path = child_path(scope, id)
        check_pattern(
            path,
            "name",
            name,
            POLICY_NAME_WITH_PATH_PATTERN,
            f"{_NAME_RULE}, with an optional path before a '/' (no leading '/')",
        )
        if not is_unresolved(name):
            policy_path, _, policy_name = name.rpartition("/")
            if len(policy_name) > POLICY_NAME_MAX_LENGTH:
                raise ValidationError(
                    path,
                    "name",
                    name,
                    f"must end in a name of at most {POLICY_NAME_MAX_LENGTH} characters "
                    f"(has {len(policy_name)})",
                )
            if policy_path and len(policy_path) + 2 > POLICY_PATH_MAX_LENGTH:  # "/" + path + "/"
                raise ValidationError(
                    path,
                    "name",
                    name,
                    f"must have a path of at most {POLICY_PATH_MAX_LENGTH - 2} characters "
                    f"(has {len(policy_path)})",
                )
        inst = cls.__new__(cls)
        inst._init_imported(scope, id, arn=None, name=name, label=f"{path} ({name})")
        return inst

    @classmethod
    def from_context(
        cls,
        scope: Construct,
        id: str = "PermissionsBoundary",
        *,
        apply: bool = True,
        allow_list: Sequence[str] | None = None,
    ) -> PermissionsBoundary | None:
        """The boundary named by the ``@aws-cdk/core:permissionsBoundary`` context, applied to ``scope``.

        Accepts every form: ``{"name": "..."}`` or ``{"arn": "..."}`` (``cdk.json``), and a plain
        string, name or ARN, as given with ``cdk synth -c '@aws-cdk/core:permissionsBoundary=...'``
        (which CDK alone silently ignores).

        Args:
            scope: Where to read the context and apply the boundary (usually the app).
                Default: - required.
            id: Construct ID of the import. Default: ``"PermissionsBoundary"``.
            apply: Call ``apply_to(scope, allow_list=allow_list)``. Default: ``True``.
            allow_list: Passed to ``apply_to``. Default: - none.

        Returns:
            The boundary, or ``None`` when the context is unset, empty or blank (only whitespace).
        """
        value: Any = scope.node.try_get_context(CONTEXT_KEY)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        where = scope.node.path
        forms = 'a policy name, a policy ARN, {"name": ...} or {"arn": ...}'
        if isinstance(value, str) and value.lstrip().startswith("{"):
            value = parse_json_context(where, CONTEXT_KEY, value, forms)
        if isinstance(value, str):
            value = value.strip()
            kind = "arn" if value.startswith("arn:") else "name"
        elif isinstance(value, dict) and isinstance(value.get("arn"), str):
            kind, value = "arn", value["arn"]
        elif isinstance(value, dict) and isinstance(value.get("name"), str):
            kind, value = "name", value["name"]
        else:
            raise ValidationError(where, CONTEXT_KEY, value, f"must be {forms}")
        try:
            boundary = cls.from_arn(scope, id, value) if kind == "arn" else cls.from_name(scope, id, value)
        except ValidationError as err:  # name the context key the user set, not from_arn's argument
            what = "ARN" if kind == "arn" else "name"
            raise ValidationError(
                where, CONTEXT_KEY, value, f"holds a policy {what} that {err.rule}"
            ) from err
        if apply:
            boundary.apply_to(scope, allow_list=allow_list)
        return boundary

    @classmethod
    def _from_policy(cls, policy: iam.IManagedPolicy) -> PermissionsBoundary:
        inst = cls.__new__(cls)
        inst._init_reference(policy=policy, name=None, arn=None, label=policy.node.path)
        return inst

    def _init_reference(
        self, *, policy: iam.IManagedPolicy | None, name: str | None, arn: str | None, label: str
    ) -> None:
        """State of a boundary that refers to a policy this library did not create."""
        self.policy = policy
        self.managed_policy_name = name
        self.statements = None
        self._arn = arn
        self._stack = None
        self._stack_path = ""
        self._arns = {}
        self._dependents = set()
        self._label = label

    def _init_imported(
        self, scope: Construct, id: str, *, arn: str | None, name: str | None, label: str
    ) -> None:
        self._init_reference(policy=None, name=name, arn=arn, label=label)
        if stack_or_none(scope) is not None:
            self.policy = (
                iam.ManagedPolicy.from_managed_policy_arn(scope, id, self.arn_for(scope))
                if arn is not None
                else iam.ManagedPolicy.from_managed_policy_name(scope, id, name or "")
            )

    # ------------------------------------------------------------------------------------------------
    # Use

    def arn_for(self, scope: IConstruct) -> str:
        """The boundary's ARN as a value usable in ``scope``'s stack.

        A policy created by this library is referenced by ``Ref`` in its own stack and by an ARN built
        from its name in any other stack, which then depends on the policy's stack (no export, so no
        cycle through cross-region reference providers).

        Args:
            scope: Any construct inside a stack. Default: - required.
        """
        return self._arn_in(Stack.of(scope), add_dependency=True)

    def _arn_in(self, consumer: Stack, *, add_dependency: bool) -> str:
        """``arn_for`` in ``consumer``, computed once per stack (and its stack dependency added once)."""
        key = jsii_ref(consumer)
        cached = self._arns.get(key)
        if cached is None:
            cached = self._arns[key] = self._compute_arn(consumer)
        arn, needs_dependency = cached
        if add_dependency and needs_dependency and key not in self._dependents:
            self._dependents.add(key)
            if self._stack is not None and _same_stage(consumer, self._stack):
                consumer.add_stack_dependency(self._stack, "uses its permissions boundary")
        return arn

    def _compute_arn(self, consumer: Stack) -> tuple[str, bool]:
        """``(ARN in consumer, whether consumer must depend on the policy's stack)``."""
        if self._stack is not None and self.policy is not None:
            if consumer.node.path == self._stack_path or _nested_in(consumer, self._stack_path):
                # In a nested stack of the policy's stack CDK passes the ARN as a nested-stack
                # parameter (which also orders the policy first): a nested stack cannot depend on
                # its parent stack.
                return str(self.policy.managed_policy_arn), False
            return _policy_arn_by_name(consumer, self.managed_policy_name or ""), True
        if self._arn is not None:
            return _specialize(consumer, self._arn), False
        if self.managed_policy_name is not None:
            return _policy_arn_by_name(consumer, self.managed_policy_name), False
        if self.policy is not None:
            return str(self.policy.managed_policy_arn), False
        raise AssertionError("a PermissionsBoundary has a policy, an ARN or a name")  # pragma: no cover

    def apply_to(
        self,
        scope: IConstruct,
        *,
        allow_list: Sequence[str] | None = None,
        enforce: bool = True,
        grant_check: GrantCheck = DEFAULT_GRANT_CHECK,
    ) -> None:
        """Give this boundary to every IAM role and user in ``scope``, and fail synthesis if one escapes.

        Roles of CDK's custom-resource providers and roles created late in synthesis (cross-region
        reference writer and reader) are included. When several boundaries cover a role, a per-function
        boundary (``Function(permissions_boundary=...)``) wins, then the innermost ``apply_to`` scope,
        then the latest call.

        Args:
            scope: Construct whose roles and users get the boundary (an app, stage, stack or
                construct). Default: - required.
            allow_list: Construct-path globs (``fnmatch``; matched against the role's path and each of
                its parents, e.g. ``"Orders/LegacyRole"`` or ``"*/BreakGlass*"``) of roles and users that
                deliberately keep no boundary or another one. They are neither changed nor checked.
                Default: - none.
            enforce: Fail synthesis, naming each role and user (construct path, logical ID) whose
                synthesized ``PermissionsBoundary`` is not this boundary. Default: ``True``.
            grant_check: ``"warn"`` or ``"error"`` when a role is granted an action this boundary's
                statements do not allow (only for boundaries created by this library); ``"off"``.
                Checked on the synthesized templates: findings (``constructs-lambda:boundary-blocks-
                grant``) appear in CDK's validation report, as warnings or as errors that fail
                synthesis. Default: ``"warn"``.
        """
        check_choice(scope.node.path, "grant_check", grant_check, GRANT_CHECK_CHOICES)
        # One string would be read as its characters, "*" among them: check_strings refuses it.
        globs = check_strings(scope.node.path, "allow_list", allow_list, "path globs")
        _registry_for(scope).add(
            _Application(
                scope=scope,
                scope_path=scope.node.path,
                boundary=self,
                override=False,
                allow_list=globs,
                enforce=enforce,
                grant_check=grant_check,
            )
        )

    @staticmethod
    def exempt(construct: IConstruct, *, reason: str) -> None:
        """Deliberately leave ``construct`` and the roles and users under it without a boundary.

        Args:
            construct: A role, user or any construct containing them. Default: - required.
            reason: Why; kept in the construct's metadata for reviewers. Default: - required.
        """
        if not reason or not reason.strip():
            raise ValidationError(construct.node.path, "reason", reason, "must explain the exemption")
        _registry_for(construct).exemptions[construct.node.path] = reason
        construct.node.add_metadata("constructs-lambda:boundary-exempt", reason)

    def __repr__(self) -> str:
        return f"PermissionsBoundary({self._label})"


def apply_function_boundary(fn: lambda_.Function, boundary: PermissionsBoundary | iam.IManagedPolicy) -> None:
    """Give ``fn``'s execution role its own boundary, winning over any scope-level ``apply_to``.

    Enforcement then expects this boundary on that role.

    Args:
        fn: A function whose role was created in this app. Default: - required.
        boundary: The boundary, or any managed policy to use as one. Default: - required.
    """
    role = fn.role
    if role is None or not isinstance(role.node.default_child, CfnResource):
        raise ValidationError(
            fn.node.path,
            "permissions_boundary",
            None if role is None else role.role_arn,
            "needs an execution role created in this app; the function's role is imported and keeps "
            "its own boundary",
        )
    chosen = (
        boundary if isinstance(boundary, PermissionsBoundary) else PermissionsBoundary._from_policy(boundary)
    )
    _registry_for(role).add(
        _Application(
            scope=role,
            scope_path=role.node.path,
            boundary=chosen,
            override=True,
            allow_list=(),
            enforce=True,
            grant_check=DEFAULT_GRANT_CHECK,
        )
    )


# ----------------------------------------------------------------------------------------------------
# Internals


@dataclass(kw_only=True, slots=True)
class _Application:
    scope: IConstruct
    scope_path: str
    boundary: PermissionsBoundary
    override: bool
    allow_list: tuple[str, ...]
    enforce: bool
    grant_check: GrantCheck
    order: int = 0


@dataclass(kw_only=True, slots=True)
class _Registry:
    """Everything one stage knows about boundaries: applications, exemptions, roles already handled."""

    stage: Stage
    applications: list[_Application] = field(default_factory=list)
    exemptions: dict[str, str] = field(default_factory=dict)
    claimed: set[str] = field(default_factory=set)  # jsii references of the roles and users handled
    paths: dict[str, str] = field(default_factory=dict)  # construct paths by jsii reference
    aspect_scopes: set[str] = field(default_factory=set)
    wired: bool = False

    def add(self, application: _Application) -> None:
        application.order = len(self.applications)
        self.applications.append(application)
        if application.scope_path not in self.aspect_scopes:
            self.aspect_scopes.add(application.scope_path)
            Aspects.of(application.scope).add(_BoundaryAspect(self), priority=ASPECT_PRIORITY)
        if not self.wired:
            self.wired = True
            self.stage.node.add_validation(_LatePass(self))
            Validations.of(self.stage).add_plugins(_EnforcementPlugin(self))

    def select(self, path: str) -> _Application | None:
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
        application = self.select(self.path_of(resource))
        if application is not None:
            resource.add_property_override("PermissionsBoundary", application.boundary.arn_for(resource))


@jsii.implements(IAspect)
class _BoundaryAspect:
    def __init__(self, registry: _Registry) -> None:
        self._registry = registry

    def visit(self, node: IConstruct) -> None:
        if _is_entity(node):
            self._registry.attach(node)


@jsii.implements(IValidation)
class _LatePass:
    """Runs after the app was prepared: gives late roles their boundary."""

    def __init__(self, registry: _Registry) -> None:
        self._registry = registry

    def validate(self) -> list[str]:
        for resource in self._registry.stage.node.find_all():
            if _is_entity(resource):
                self._registry.attach(resource)
        return []


class _EnforcementPlugin(TemplatePlugin):
    """Reads the synthesized templates; every role and user must carry its expected boundary."""

    def __init__(self, registry: _Registry) -> None:
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

    def __init__(self, registry: _Registry, stack: Stack, stack_path: str) -> None:
        self._registry = registry
        self._stack = stack
        self.stack_path = stack_path
        self._by_logical_id: dict[str, CfnResource] | None = None

    def path(self, logical_id: str) -> str:
        if self._by_logical_id is None:
            self._by_logical_id = _entities_by_logical_id(self._stack)
        construct = self._by_logical_id.get(logical_id)
        return (
            self._registry.path_of(construct) if construct is not None else f"{self.stack_path}/{logical_id}"
        )


def _grant_findings(
    registry: _Registry, stack: Stack, template: dict[str, Any], entities: _Entities, template_path: str
) -> list[PolicyViolation]:
    """A finding for each action granted to a role (in ``template``) that its library-made boundary denies.

    Pure Python on the synthesized template; construct paths are read only for its roles.
    """
    resources: dict[str, Any] = template.get("Resources") or {}
    roles: dict[str, tuple[str, _Application]] = {}  # logical id -> (construct path, application)
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
    grants: dict[str, list[tuple[str, Any]]] = {logical_id: [] for logical_id in roles}
    environment = _environment(stack)
    named: dict[str, str] = {}
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict):
            continue
        kind = resource.get("Type")
        properties = resource.get("Properties") or {}
        if kind == "AWS::IAM::Role" and logical_id in roles:
            for inline in _as_list(properties.get("Policies") or []):
                if isinstance(inline, dict):
                    grants[logical_id].extend(_allowed_pairs(inline.get("PolicyDocument")))
            for arn in _as_list(properties.get("ManagedPolicyArns") or []):
                text = json.dumps(arn)
                for suffix, actions in _AWS_MANAGED_POLICY_ACTIONS.items():
                    if f"policy/{suffix}" in text:
                        grants[logical_id].extend((a, "*") for a in actions)
        elif kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            targets = [
                t["Ref"]
                for t in _as_list(properties.get("Roles") or [])
                if isinstance(t, dict) and t.get("Ref") in roles
            ]
            if targets:
                pairs = _allowed_pairs(properties.get("PolicyDocument"))
                for target in targets:
                    grants[target].extend(pairs)
        named_arn = _NAMED_ARNS.get(str(kind))
        if named_arn is not None:
            name = properties.get(named_arn[0])
            if isinstance(name, str) and name:
                named[logical_id] = named_arn[1].format(name=name, **environment)
    allows_by_boundary: dict[int, list[tuple[list[str], list[str]]]] = {}
    findings: list[PolicyViolation] = []
    for logical_id, (path, application) in roles.items():
        boundary = application.boundary
        if id(boundary) not in allows_by_boundary:
            allows_by_boundary[id(boundary)] = _allow_patterns(stack, boundary.statements or ())
        allows = allows_by_boundary[id(boundary)]
        reported: set[tuple[str, str | None]] = set()
        for action, resource in grants[logical_id]:
            granted = _resource_text(resource, named, environment)
            if (action, granted) in reported or _boundary_allows(allows, action, granted):
                continue
            reported.add((action, granted))
            findings.append(
                PolicyViolation(
                    rule_name=WARNING_ID,
                    description=(
                        f"Role {path} is granted {action} on {granted or json.dumps(resource)} but its "
                        f"permissions boundary {boundary._label} does not allow it, so the call will be "
                        "denied at run time."
                    ),
                    fix="Add a statement to the boundary (additional_statements=[...]).",
                    severity="error" if application.grant_check == "error" else "warning",
                    violating_resources=[
                        PolicyViolatingResource(
                            locations=["Properties"],
                            resource_logical_id=logical_id,
                            template_path=template_path,
                        )
                    ],
                )
            )
    return findings


def _allowed_pairs(document: Any) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    if not isinstance(document, dict):
        return pairs
    statements = document.get("Statement") or []
    for statement in statements if isinstance(statements, list) else [statements]:
        if statement.get("Effect") != "Allow" or "Action" not in statement:
            continue
        resources = statement.get("Resource", "*")
        for action in _as_list(statement["Action"]):
            for resource in _as_list(resources):
                pairs.append((str(action), resource))
    return pairs


def _allow_patterns(
    stack: Stack, statements: Iterable[iam.PolicyStatement]
) -> list[tuple[list[str], list[str]]]:
    patterns: list[tuple[list[str], list[str]]] = []
    for rendered in _rendered(stack, statements):
        if rendered.get("Effect") != "Allow":
            continue
        if "NotAction" in rendered or "NotResource" in rendered:
            patterns.append((["*"], ["*"]))
            continue
        actions = [str(a).lower() for a in _as_list(rendered.get("Action", []))]
        # Intrinsics (partition, account, ...) in the boundary's resources become "*".
        resources = [_text(r, lambda _: "*") or "*" for r in _as_list(rendered.get("Resource", "*"))]
        patterns.append((actions, resources))
    return patterns


def _boundary_allows(patterns: list[tuple[list[str], list[str]]], action: str, resource: str | None) -> bool:
    """Whether an allow statement covers ``action`` on ``resource`` (``None``: unknown, assumed covered)."""
    wanted = action.lower()
    for actions, resources in patterns:
        if not any(fnmatch.fnmatchcase(wanted, a) for a in actions):
            continue
        if resource is None or any(_arn_matches(resource, r) for r in resources):
            return True
    return False


# ARN segments arn:<partition>:<service>:<region>:<account>:<resource> whose "*" on the granted side
# stands for a value only known at deploy time (see _environment), not for a wildcard.
_PLACEHOLDER_SEGMENTS = (1, 3, 4)


def _arn_matches(granted: str, pattern: str) -> bool:
    """Whether the boundary's resource glob ``pattern`` covers the ``granted`` resource."""
    got, want = granted.split(":", 5), pattern.split(":", 5)
    if len(got) != 6 or len(want) != 6:
        return fnmatch.fnmatchcase(granted, pattern)
    return all(
        (index in _PLACEHOLDER_SEGMENTS and part == "*") or fnmatch.fnmatchcase(part, glob)
        for index, (part, glob) in enumerate(zip(got, want, strict=True))
    )


# Resources whose ARN can be written from a literal name property: type -> (name property, ARN format
# filled in from _environment and the name). The attribute the grant refers to is Arn (GetAtt), or Ref
# for SNS topics (whose Ref is the ARN).
_NAMED_ARNS: dict[str, tuple[str, str]] = {
    "AWS::SQS::Queue": ("QueueName", "arn:{partition}:sqs:{region}:{account}:{name}"),
    "AWS::SNS::Topic": ("TopicName", "arn:{partition}:sns:{region}:{account}:{name}"),
    "AWS::Logs::LogGroup": ("LogGroupName", "arn:{partition}:logs:{region}:{account}:log-group:{name}:*"),
    "AWS::DynamoDB::Table": ("TableName", "arn:{partition}:dynamodb:{region}:{account}:table/{name}"),
    "AWS::S3::Bucket": ("BucketName", "arn:{partition}:s3:::{name}"),
    "AWS::Lambda::Function": ("FunctionName", "arn:{partition}:lambda:{region}:{account}:function:{name}"),
}
_PSEUDO_PARAMETERS = {"AWS::Partition": "partition", "AWS::Region": "region", "AWS::AccountId": "account"}


def _environment(stack: Stack) -> dict[str, str]:
    """The stack's partition, region and account; ``*`` for each only known at deploy time (a token)."""
    values = {"partition": stack.partition, "region": stack.region, "account": stack.account}
    return {key: "*" if is_unresolved(value) else value for key, value in values.items()}


def _text(value: Any, leaf: Callable[[Any], str | None]) -> str | None:
    """A template value as text: strings as they are, ``Fn::Join`` joined, anything else by ``leaf``.

    ``None`` when ``leaf`` cannot render a part.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        texts = [_text(part, leaf) for part in parts]
        known = [text for text in texts if text is not None]
        return str(separator).join(known) if len(known) == len(texts) else None
    return leaf(value)


def _resource_text(value: Any, named: dict[str, str], environment: dict[str, str]) -> str | None:
    """A granted resource as text, pseudo parameters from ``environment``; ``None`` if it cannot be known."""

    def leaf(part: Any) -> str | None:
        if isinstance(part, dict) and "Ref" in part:
            ref = str(part["Ref"])
            if ref.startswith("AWS::"):
                return environment.get(_PSEUDO_PARAMETERS.get(ref, ""), "*")
            return named.get(ref)
        if isinstance(part, dict) and "Fn::GetAtt" in part:
            logical_id, attribute = part["Fn::GetAtt"][0], part["Fn::GetAtt"][1]
            return named.get(str(logical_id)) if attribute in ("Arn", "TopicArn") else None
        return None

    return _text(value, leaf)


def _wildcard_findings(stack: Stack, statements: Iterable[iam.PolicyStatement]) -> list[str]:
    """The AwsSolutions-IAM5 finding IDs (``Action::x*``, ``Resource::arn:<AWS::Partition>...``)."""
    findings: list[str] = []
    for rendered in _rendered(stack, statements):
        if rendered.get("Effect") != "Allow":
            continue
        for action in _as_list(rendered.get("Action", [])):
            if isinstance(action, str) and "*" in action:
                findings.append(f"Action::{action}")
        for resource in _as_list(rendered.get("Resource", [])):
            text = _text(resource, _nag_leaf) or ""
            if "*" in text:
                findings.append(f"Resource::{text}")
    return sorted(set(findings))


def _rendered(stack: Stack, statements: Iterable[iam.PolicyStatement]) -> list[dict[str, Any]]:
    """The statements' JSON resolved in ``stack``, in one jsii call for all of them."""
    jsons = [statement.to_statement_json() for statement in statements]
    return list(stack.resolve(jsons)) if jsons else []


def _nag_leaf(value: Any) -> str:
    """An intrinsic written the way cdk-nag names it in findings (``<AWS::Partition>``)."""
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return f"<{'.'.join(str(v) for v in value['Fn::GetAtt'])}>"
    return json.dumps(value)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _default_policy_name(stack: Stack, id: str) -> str:
    parts = [stack.stack_name, id]
    if not is_unresolved(stack.region):
        parts.append(stack.region)
    return "-".join(parts)[:POLICY_NAME_MAX_LENGTH]


def _policy_arn_by_name(stack: Stack, name: str) -> str:
    return stack.format_arn(service="iam", region="", resource="policy", resource_name=name)


def _specialize(stack: Stack, arn: str) -> str:
    if "${Qualifier}" in arn:
        qualifier = (
            stack.synthesizer.bootstrap_qualifier
            or stack.node.try_get_context("@aws-cdk/core:bootstrapQualifier")
            or DEFAULT_BOOTSTRAP_QUALIFIER
        )
        arn = arn.replace("${Qualifier}", str(qualifier))
    if "${AWS::" in arn:
        return Fn.sub(arn)
    return arn


def _default_allow_statements(prefix: str) -> list[iam.PolicyStatement]:
    """The developer guide's application boundary, plus what CDK's own provider functions need."""
    partition, account = Aws.PARTITION, Aws.ACCOUNT_ID
    lower = prefix if is_unresolved(prefix) else prefix.lower()

    def arn(service: str, rest: str, region: str = "*", acct: str = account) -> str:
        return f"arn:{partition}:{service}:{region}:{acct}:{rest}"

    return [
        iam.PolicyStatement(
            sid="ApplicationResources",
            actions=["*"],
            resources=[
                arn("lambda", f"function:{prefix}*"),
                arn("logs", f"log-group:/aws/lambda/{prefix}*"),
                arn("sqs", f"{prefix}*"),
                arn("sns", f"{prefix}*"),
                arn("dynamodb", f"table/{prefix}*"),
                arn("states", f"stateMachine:{prefix}*"),
                arn("events", f"event-bus/{prefix}*"),
                arn("ssm", f"parameter/{prefix}*"),
                arn("secretsmanager", f"secret:{prefix}*"),
                arn("kinesis", f"stream/{prefix}*"),
                f"arn:{partition}:s3:::{lower}*",
            ],
        ),
        iam.PolicyStatement(
            sid="LogsAndTracing",
            actions=[
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:DescribeLogGroups",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents",
                "xray:Put*",
                "xray:GetSampling*",
            ],
            resources=["*"],
        ),
        iam.PolicyStatement(
            sid="VpcNetworkInterfaces",
            actions=list(VPC_ENI_ACTIONS),
            resources=["*"],
        ),
        iam.PolicyStatement(
            sid="CdkProviders",
            actions=[
                "s3:GetObject*",
                "s3:GetBucket*",
                "s3:List*",
                "ssm:GetParameters",
                "ssm:PutParameter",
                "ssm:DeleteParameters",
                "ssm:AddTagsToResource",
                "ssm:RemoveTagsFromResource",
                "ssm:ListTagsForResource",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupEgress",
            ],
            resources=[
                f"arn:{partition}:s3:::cdk-*-assets-{account}-*",
                arn("ssm", "parameter/cdk/exports/*"),
                arn("ec2", "security-group/*"),
            ],
        ),
    ]


def _deny_statements(self_arn: str) -> list[iam.PolicyStatement]:
    """Denials that keep every role in the boundary (always part of a library-made boundary)."""
    return [
        iam.PolicyStatement(
            sid="DenyRolesAndUsersWithoutThisBoundary",
            effect=iam.Effect.DENY,
            actions=[
                "iam:CreateRole",
                "iam:CreateUser",
                "iam:PutRolePermissionsBoundary",
                "iam:PutUserPermissionsBoundary",
                "iam:AttachRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:AttachUserPolicy",
                "iam:DetachUserPolicy",
                "iam:PutUserPolicy",
                "iam:DeleteUserPolicy",
            ],
            resources=["*"],
            conditions={"StringNotEquals": {"iam:PermissionsBoundary": self_arn}},
        ),
        iam.PolicyStatement(
            sid="DenyChangingThisBoundary",
            effect=iam.Effect.DENY,
            actions=[
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
            ],
            resources=[self_arn],
        ),
        iam.PolicyStatement(
            sid="DenyRemovingBoundaries",
            effect=iam.Effect.DENY,
            actions=["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
            resources=["*"],
        ),
    ]


def _registry_for(scope: IConstruct) -> _Registry:
    stage = stage_of(scope)
    registry: _Registry | None = getattr(stage, _REGISTRY_ATTRIBUTE, None)
    if registry is None:
        registry = _Registry(stage=stage)
        setattr(stage, _REGISTRY_ATTRIBUTE, registry)
    return registry


_REGISTRY_ATTRIBUTE = "_constructs_lambda_boundaries"


def _same_stage(a: IConstruct, b: IConstruct) -> bool:
    stage_a, stage_b = Stage.of(a), Stage.of(b)
    return stage_a is not None and stage_b is not None and stage_a.node.path == stage_b.node.path


def _nested_in(consumer: Stack, parent_path: str) -> bool:
    """Whether ``consumer`` is a nested stack (at any depth) of the stack at ``parent_path``."""
    stack: Stack | None = consumer.nested_stack_parent
    while stack is not None:
        if stack.node.path == parent_path:
            return True
        stack = stack.nested_stack_parent
    return False


def _is_entity(node: IConstruct) -> TypeGuard[CfnResource]:
    if isinstance(node, iam.CfnRole | iam.CfnUser):
        return True
    # Other L1 classes are never roles; only a raw CfnResource (custom-resource providers) can be one.
    return type(node) is CfnResource and node.cfn_resource_type in _ENTITY_TYPES


def _within(path: str, scope_path: str) -> bool:
    return scope_path == "" or path == scope_path or path.startswith(scope_path + "/")


def _entities_by_logical_id(stack: Stack) -> dict[str, CfnResource]:
    found: dict[str, CfnResource] = {}
    stack_key = jsii_ref(stack)
    for construct in stack.node.find_all():
        if (
            isinstance(construct, CfnResource)
            and _is_entity(construct)
            and jsii_ref(Stack.of(construct)) == stack_key
        ):
            found[str(stack.resolve(construct.logical_id))] = construct
    return found
