"""``PermissionsBoundary``: an IAM managed policy that no IAM role or user in a scope escapes.

IAM permissions boundaries: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html.
The class creates the policy (its document is in ``_boundary_policy``) or refers to an existing one
(``_ExistingBoundary``, made by ``from_arn``, ``from_name`` and ``from_context``; names, ARNs and the
context value are checked in ``_boundary_names``). ``apply_to`` records it in the stage's registry
(``_boundary_registry``); ``_boundary_enforcement`` attaches it to every role and user (late ones too),
and ``_boundary_plugin`` fails synthesis on any that escapes it and reports grants the boundary would
deny (``_grant_check``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import jsii
from aws_cdk import Aws, CfnResource, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct, IConstruct, IValidation

from ._boundary_enforcement import add_application, add_exemption
from ._boundary_names import (
    CONTEXT_KEY,
    NAME_RULE,
    POLICY_NAME_PATTERN,
    boundary_in_context,
    check_policy_arn,
    check_policy_name,
    default_policy_name,
    nested_in,
    policy_arn_by_name,
    same_stage,
    specialize,
)
from ._boundary_policy import add_role_grants, default_allow_statements, deny_statements, nag_acknowledgments
from ._boundary_registry import (
    DEFAULT_GRANT_CHECK,
    GRANT_CHECK_CHOICES,
    Application,
    GrantCheck,
    Registry,
    grants_covered_by,
    registry_for,
)
from ._errors import ValidationError
from ._limits import POLICY_DESCRIPTION_MAX_LENGTH, POLICY_NAME_MAX_LENGTH, RESOURCE_PREFIX_MAX_LENGTH
from ._validation import (
    check_choice,
    check_length,
    check_pattern,
    check_strings,
    child_path,
    jsii_ref,
    stack_or_none,
)

__all__ = ["PermissionsBoundary"]

# Construct ID of the import a stack gets when a boundary's ARN there is not its policy's own.
_IMPORT_ID = "PermissionsBoundaryImport"


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
        statements: The policy's statements when this library created it, else ``None``. At synthesis
            they gain the statements of each role a construct of this library created with exact grants
            (a ``ManagedInstances`` operator role) when this boundary is the one covering that role.
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
        check_pattern(path, "managed_policy_name", managed_policy_name, POLICY_NAME_PATTERN, NAME_RULE)
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
            name = default_policy_name(stack, id)
            # The ID becomes part of the policy name, which IAM restricts more than construct IDs (the
            # stack name and region always fit).
            check_pattern(
                path,
                "id",
                id,
                POLICY_NAME_PATTERN,
                f"{NAME_RULE}, as it makes the default policy name {name!r}",
            )
        else:
            name = managed_policy_name
        prefix = resource_prefix or stack.stack_name
        self_arn = f"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:policy/{name}"
        allows = list(statements) if statements is not None else default_allow_statements(prefix)
        all_statements = [*allows, *(additional_statements or ()), *deny_statements(self_arn)]
        self.managed_policy_name: str | None = name
        self.statements: tuple[iam.PolicyStatement, ...] | None = tuple(all_statements)
        self._arn: str | None = None
        self._stack: Stack | None = stack
        self._stack_path = stack.node.path
        self._arns: dict[str, tuple[str, bool]] = {}
        self._policies: dict[str, iam.IManagedPolicy] = {}
        self._dependents: set[str] = set()
        self._label = f"{path} ({name})"
        self._registries: list[Registry] = []
        self._granted = False
        self.policy: iam.IManagedPolicy | None = iam.ManagedPolicy(
            scope,
            id,
            managed_policy_name=name,
            description=description
            or f"Permissions boundary of the roles of application {prefix}: its own resources only.",
            statements=all_statements,
        )
        # cdk-nag acknowledges each wildcard finding by its exact text, on this policy only.
        Validations.of(self.policy).acknowledge(*nag_acknowledgments(stack, all_statements))
        # Which roles this boundary ends up covering is only known once the app is complete: a
        # validation (after aspects, before templates are written) adds their library-made grants.
        self.policy.node.add_validation(_AllowRoleGrants(self))

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
        check_policy_arn(path, arn)
        return _ExistingBoundary(scope, id, arn=arn, label=f"{path} ({arn})")

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
        check_policy_name(path, name)
        return _ExistingBoundary(scope, id, name=name, label=f"{path} ({name})")

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
        found = boundary_in_context(scope)
        if found is None:
            return None
        kind, value = found
        try:
            boundary = cls.from_arn(scope, id, value) if kind == "arn" else cls.from_name(scope, id, value)
        except ValidationError as err:  # name the context key the user set, not from_arn's argument
            what = "ARN" if kind == "arn" else "name"
            raise ValidationError(
                scope.node.path, CONTEXT_KEY, value, f"holds a policy {what} that {err.rule}"
            ) from err
        if apply:
            boundary.apply_to(scope, allow_list=allow_list)
        return boundary

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
            if self._stack is not None and same_stage(consumer, self._stack):
                consumer.add_stack_dependency(self._stack, "uses its permissions boundary")
        return arn

    def _policy_in(self, consumer: Stack) -> iam.IManagedPolicy:
        """The policy to hand to CDK's ``iam.PermissionsBoundary`` for roles in ``consumer``.

        Its ``managed_policy_arn`` is ``_arn_in(consumer)``: this policy itself where that is its own
        ARN (created in ``consumer`` or a parent of it, or given as an ``IManagedPolicy``), else an
        import of that ARN in ``consumer`` (no resource in the template). Adds the stack dependency.
        """
        key = jsii_ref(consumer)
        policy = self._policies.get(key)
        if policy is None:
            arn = self._arn_in(consumer, add_dependency=True)
            if self.policy is not None and arn == str(self.policy.managed_policy_arn):
                policy = self.policy
            else:
                id, number = _IMPORT_ID, 1
                while consumer.node.try_find_child(id) is not None:
                    number += 1
                    id = f"{_IMPORT_ID}{number}"
                policy = iam.ManagedPolicy.from_managed_policy_arn(consumer, id, arn)
            self._policies[key] = policy
        return policy

    def _compute_arn(self, consumer: Stack) -> tuple[str, bool]:
        """``(ARN in consumer, whether consumer must depend on the policy's stack)``."""
        if self._stack is not None and self.policy is not None:
            if consumer.node.path == self._stack_path or nested_in(consumer, self._stack_path):
                # In a nested stack of the policy's stack CDK passes the ARN as a nested-stack
                # parameter (which also orders the policy first): a nested stack cannot depend on
                # its parent stack.
                return str(self.policy.managed_policy_arn), False
            return policy_arn_by_name(consumer, self.managed_policy_name or ""), True
        if self._arn is not None:
            return specialize(consumer, self._arn), False
        if self.managed_policy_name is not None:
            return policy_arn_by_name(consumer, self.managed_policy_name), False
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
        registry = registry_for(scope)
        if not any(known is registry for known in self._registries):
            self._registries.append(registry)
        add_application(
            registry,
            Application(
                scope=scope,
                scope_path=scope.node.path,
                boundary=self,
                override=False,
                allow_list=globs,
                enforce=enforce,
                grant_check=grant_check,
            ),
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
        add_exemption(registry_for(construct), construct, construct.node.path, reason)
        construct.node.add_metadata("constructs-lambda:boundary-exempt", reason)

    def _allow_role_grants(self) -> None:
        """Append, once, the statements of each library-made role this boundary covers."""
        if self._granted or self._stack is None or self.policy is None:
            return
        self._granted = True
        grants = grants_covered_by(self, self._registries)
        if grants:
            policy = cast(iam.ManagedPolicy, self.policy)
            self.statements = add_role_grants(policy, self._stack, self.statements or (), grants)

    def __repr__(self) -> str:
        return f"PermissionsBoundary({self._label})"


@jsii.implements(IValidation)
class _AllowRoleGrants:
    """Runs after the app was prepared: the boundary allows what this library granted the roles it covers."""

    def __init__(self, boundary: PermissionsBoundary) -> None:
        self._boundary = boundary

    def validate(self) -> list[str]:
        self._boundary._allow_role_grants()
        return []


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
        boundary
        if isinstance(boundary, PermissionsBoundary)
        else _ExistingBoundary(policy=boundary, label=boundary.node.path)
    )
    add_application(
        registry_for(role),
        Application(
            scope=role,
            scope_path=role.node.path,
            boundary=chosen,
            override=True,
            allow_list=(),
            enforce=True,
            grant_check=DEFAULT_GRANT_CHECK,
        ),
    )


class _ExistingBoundary(PermissionsBoundary):
    """A boundary that refers to a policy this library did not create.

    Made by ``from_arn``, ``from_name`` and ``from_context``, and for a function given an
    ``iam.IManagedPolicy`` as its boundary.
    """

    def __init__(
        self,
        scope: Construct | None = None,
        id: str = "",
        *,
        policy: iam.IManagedPolicy | None = None,
        arn: str | None = None,
        name: str | None = None,
        label: str,
    ) -> None:
        """Refer to the policy ``policy``, or to the one with ``arn`` or ``name``.

        Args:
            scope: When inside a stack, ``policy`` becomes an import of the ARN or name there.
                Default: - no import.
            id: Construct ID of that import. Default: ``""`` (unused without ``scope``).
            policy: A policy already in the app. Default: - none.
            arn: The policy ARN, placeholders unresolved. Default: - none.
            name: The policy name, with its path. Default: - none.
            label: How messages name the boundary. Default: - required.
        """
        # PermissionsBoundary.__init__ creates a policy; a reference has none, so it is not called.
        self.policy = policy
        self.managed_policy_name = name
        self.statements = None
        self._arn = arn
        self._stack = None
        self._stack_path = ""
        self._arns = {}
        self._policies = {}
        self._dependents = set()
        self._label = label
        self._registries = []
        self._granted = True  # an existing policy cannot be changed
        if scope is not None and stack_or_none(scope) is not None:
            self.policy = (
                iam.ManagedPolicy.from_managed_policy_arn(scope, id, self.arn_for(scope))
                if arn is not None
                else iam.ManagedPolicy.from_managed_policy_name(scope, id, name or "")
            )
