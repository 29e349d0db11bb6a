"""Function URLs after Lambda's October 2025 authorization change, and CloudFront origin access control.

Since October 2025 a caller of a function URL needs both ``lambda:InvokeFunctionUrl`` and
``lambda:InvokeFunction`` (the latter with the condition ``lambda:InvokedViaFunctionUrl: true``); URLs
created earlier kept working with the first alone until 2026-11-01
(https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). aws-cdk-lib 2.275 already writes both
statements for ``add_function_url(auth_type=NONE)``, ``grant_invoke_url`` (identity and resource
policies) and ``FunctionUrlOrigin.with_origin_access_control``. What it does not complete is a URL
permission added any other way, such as ``fn.add_permission(..., action="lambda:InvokeFunctionUrl")``,
which was the documented way before the change. ``Function`` completes those at synthesis.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Final

import jsii
from aws_cdk import Aspects, Duration, IAspect, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_lambda as lambda_
from aws_cdk.interfaces.aws_cloudfront import IOriginAccessControlRef
from constructs import Construct, IConstruct

from . import _limits as limits
from ._errors import ValidationError
from ._validation import check_whole_seconds, self_and_parents

__all__ = ["function_url_origin_with_oac"]

INVOKE_FUNCTION_URL: Final = "lambda:InvokeFunctionUrl"
INVOKE_FUNCTION: Final = "lambda:InvokeFunction"
DUAL_AUTH_SUFFIX: Final = "DualAuth"
"""Construct ID suffix of a completed permission: ``<ID of the permission it completes>DualAuth``."""

# The L2's construct ID for the URL of a function or an alias (aws-lambda/lib/function-base.ts).
_URL_ID: Final = "FunctionUrl"
# Permissions that name the same caller of the same function, version or alias belong together.
_CALLER_KEYS: Final = ("FunctionName", "Principal", "SourceArn", "SourceAccount", "PrincipalOrgID")
_WILDCARDS: Final = frozenset({"*", "lambda:*"})
_COMPLETION_ATTRIBUTE: Final = "_constructs_lambda_url_completion"


# -- the evaluator: plain CloudFormation properties in, findings out ----------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class MissingUrlPermission:
    """A permission a function URL's caller lacks.

    Attributes:
        source: Index of the permission that shows the caller uses the URL; the missing one copies its
            function, principal and source conditions.
        action: The action to add: ``lambda:InvokeFunction`` (with ``InvokedViaFunctionUrl: true``) or
            ``lambda:InvokeFunctionUrl``.
    """

    source: int
    action: str


def missing_url_permissions(permissions: Sequence[Mapping[str, Any]]) -> list[MissingUrlPermission]:
    """The permissions function URL callers lack, given ``AWS::Lambda::Permission`` properties.

    A caller (the same function or alias, principal, ``SourceArn``, ``SourceAccount`` and
    ``PrincipalOrgID``) that is granted ``lambda:InvokeFunctionUrl``, or ``lambda:InvokeFunction`` only
    when invoked through a URL, needs both since the October 2025 change
    (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). Wildcard actions grant both; an
    unconditional ``lambda:InvokeFunction`` grants the second. Values that are tokens are compared as
    resolved CloudFormation, so pass the resolved properties.
    """
    callers: dict[str, list[int]] = {}
    for index, properties in enumerate(permissions):
        key = json.dumps([properties.get(k) for k in _CALLER_KEYS], sort_keys=True)
        callers.setdefault(key, []).append(index)
    missing: list[MissingUrlPermission] = []
    for indices in callers.values():
        url_related = [i for i in indices if _is_url_permission(permissions[i])]
        if not url_related:
            continue
        source = url_related[0]
        if not any(_allows_invoke_via_url(permissions[i]) for i in indices):
            missing.append(MissingUrlPermission(source=source, action=INVOKE_FUNCTION))
        if not any(_action(permissions[i]) in {INVOKE_FUNCTION_URL.lower(), *_WILDCARDS} for i in indices):
            missing.append(MissingUrlPermission(source=source, action=INVOKE_FUNCTION_URL))
    return missing


def _action(properties: Mapping[str, Any]) -> str | None:
    action = properties.get("Action")
    return action.lower() if isinstance(action, str) else None  # IAM action names ignore case


def _is_url_permission(properties: Mapping[str, Any]) -> bool:
    action = _action(properties)
    return action == INVOKE_FUNCTION_URL.lower() or (
        action == INVOKE_FUNCTION.lower() and properties.get("InvokedViaFunctionUrl") is True
    )


def _allows_invoke_via_url(properties: Mapping[str, Any]) -> bool:
    action = _action(properties)
    if action in _WILDCARDS:
        return True
    return action == INVOKE_FUNCTION.lower() and properties.get("InvokedViaFunctionUrl") is not False


# -- completing a Function's permissions -----------------------------------------------------------


def complete_url_permissions(
    function: lambda_.Function, leaf: IConstruct, scope: IConstruct, path: str
) -> None:
    """Complete, at synthesis, every URL permission of ``function`` and its alias that lacks an action.

    Runs as an aspect: the L2 adds a URL's two permissions in two calls, and users add theirs in any
    order, so only the finished tree shows which one is really missing. A completed permission is a
    sibling of the one it completes, with ID ``<its ID>DualAuth``.

    One aspect serves every function created in ``scope`` (``function``'s parent): the first one's
    ``leaf`` (its ``CfnFunction``, a construct without children, so node calls the aspect once) carries it,
    and it lists the permissions of the whole scope with one ``find_all``. A function without a permission
    costs no jsii round trip, at construction or at synthesis (issue 11); a permission costs two reads of
    its path. Call it once ``function`` is complete: a function removed from the tree takes its aspect along.

    Args:
        function: The function, complete. Default: - required.
        leaf: ``function``'s ``CfnFunction``. Default: - required.
        scope: ``function``'s parent. Default: - required.
        path: ``function``'s construct path. Default: - required.
    """
    completion: _CompleteUrlPermissions | None = getattr(scope, _COMPLETION_ATTRIBUTE, None)
    if completion is None:
        completion = _CompleteUrlPermissions(scope)
        with suppress(AttributeError):  # a scope that takes no attribute gets an aspect per function
            setattr(scope, _COMPLETION_ATTRIBUTE, completion)
        Aspects.of(leaf).add(completion)
    completion.functions[path] = function


@jsii.implements(IAspect)
class _CompleteUrlPermissions:
    def __init__(self, scope: IConstruct) -> None:
        self._scope = scope
        self.functions: dict[str, lambda_.Function] = {}  # by construct path
        self._done: set[str] = set()  # completed by an earlier synthesis

    def visit(self, node: IConstruct) -> None:
        # Added on a leaf: visited once per synthesis; each function is completed once.
        pending = self.functions.keys() - self._done
        if not pending:
            return
        self._done |= pending
        permissions = [c for c in self._scope.node.find_all() if isinstance(c, lambda_.CfnPermission)]
        by_function: dict[str, list[lambda_.CfnPermission]] = {}
        for permission in permissions:
            # The nearest enclosing function created in this scope owns it (its own alias included).
            owner = next((p for p in self_and_parents(permission.node.path) if p in self.functions), None)
            if owner in pending:
                by_function.setdefault(owner, []).append(permission)
        for owner, owned in by_function.items():
            _complete(self.functions[owner], owned)


def _complete(function: lambda_.Function, permissions: list[lambda_.CfnPermission]) -> None:
    stack = Stack.of(function)
    resolved: list[dict[str, Any]] = [
        {
            "Action": stack.resolve(p.action),
            "InvokedViaFunctionUrl": stack.resolve(p.invoked_via_function_url),
        }
        for p in permissions
    ]
    if not any(_is_url_permission(r) for r in resolved):
        return  # no URL permission: the common case, decided from two reads per permission
    for p, properties in zip(permissions, resolved, strict=True):
        properties.update(
            FunctionName=stack.resolve(p.function_name),
            Principal=stack.resolve(p.principal),
            SourceArn=stack.resolve(p.source_arn),
            SourceAccount=stack.resolve(p.source_account),
            PrincipalOrgID=stack.resolve(p.principal_org_id),
        )
    auth_types = _url_auth_types(function, stack)
    for missing in missing_url_permissions(resolved):
        source = permissions[missing.source]
        to_url = missing.action == INVOKE_FUNCTION_URL
        scope = source.node.scope
        assert isinstance(scope, Construct)  # a CfnPermission always has a parent construct
        lambda_.CfnPermission(
            scope,
            f"{source.node.id}{DUAL_AUTH_SUFFIX}",
            action=missing.action,
            function_name=source.function_name,
            principal=source.principal,
            source_arn=source.source_arn,
            source_account=source.source_account,
            principal_org_id=source.principal_org_id,
            # The URL's auth type where this function or alias has one: the condition must match it.
            function_url_auth_type=(
                auth_types.get(json.dumps(resolved[missing.source]["FunctionName"], sort_keys=True))
                if to_url
                else None
            ),
            invoked_via_function_url=None if to_url else True,
        )


def _url_auth_types(function: lambda_.Function, stack: Stack) -> dict[str, str]:
    """Auth type of the URL of the function and of its alias, keyed by the resolved ARN permissions name."""
    targets: list[lambda_.IFunction] = [function]
    alias: lambda_.Alias | None = getattr(function, "alias", None)  # a constructs_lambda Function's alias
    if alias is not None:
        targets.append(alias)
    found: dict[str, str] = {}
    for target in targets:
        url = target.node.try_find_child(_URL_ID)
        if isinstance(url, lambda_.FunctionUrl):
            key = json.dumps(stack.resolve(target.function_arn), sort_keys=True)
            found[key] = url.auth_type.value
    return found


# -- checks of add_function_url --------------------------------------------------------------------


def check_function_url(
    function: IConstruct, cors: lambda_.FunctionUrlCorsOptions | Mapping[str, Any] | None
) -> None:
    """Raise before jsii on a second URL for ``function`` or a CORS ``max_age`` CloudFormation refuses."""
    node = function.node
    path = node.path
    if node.try_find_child(_URL_ID) is not None:
        raise ValidationError(
            path,
            "add_function_url",
            "a second URL",
            "may be called once per function: Lambda keeps one URL configuration per function or alias "
            "(https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html)",
        )
    if cors is None:
        return
    max_age = cors.max_age if isinstance(cors, lambda_.FunctionUrlCorsOptions) else cors.get("max_age")
    low, high = limits.URL_CORS_MAX_AGE_MIN_SECONDS, limits.URL_CORS_MAX_AGE_MAX_SECONDS
    check_whole_seconds(path, "cors.max_age", max_age, low, high)


# -- CloudFront origin access control --------------------------------------------------------------


def function_url_origin_with_oac(
    function_url: lambda_.IFunctionUrl,
    *,
    origin_access_control: IOriginAccessControlRef | None = None,
    ip_address_type: cloudfront.OriginIpAddressType | None = None,
    keepalive_timeout: Duration | None = None,
    read_timeout: Duration | None = None,
    origin_path: str | None = None,
    connection_attempts: int | None = None,
    connection_timeout: Duration | None = None,
    custom_headers: Mapping[str, str] | None = None,
    origin_access_control_id: str | None = None,
    origin_id: str | None = None,
    origin_shield_enabled: bool | None = None,
    origin_shield_region: str | None = None,
    response_completion_timeout: Duration | None = None,
) -> cloudfront.IOrigin:
    """A CloudFront origin for a function URL that CloudFront signs with origin access control.

    It is ``aws_cloudfront_origins.FunctionUrlOrigin.with_origin_access_control``, checked in Python
    first. When the distribution binds it, aws-cdk-lib 2.275 creates an ``AWS::CloudFront::
    OriginAccessControl`` (origin type ``lambda``, signing ``always`` with ``sigv4``) unless one is given,
    sets the origin's ``OriginAccessControlId``, and grants ``cloudfront.amazonaws.com``, with
    ``SourceArn`` the distribution's ARN, both ``lambda:InvokeFunctionUrl`` and ``lambda:InvokeFunction``
    with ``InvokedViaFunctionUrl`` (aws-cdk issue #35872; the permissions are children of the
    distribution). See
    https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html

    Args:
        function_url: The URL, from ``fn.add_function_url()`` or ``fn.alias.add_function_url()``. Its
            ``auth_type`` must be ``FunctionUrlAuthType.AWS_IAM`` when the access control signs every
            request with SigV4 (the default one does): Lambda otherwise ignores the signature.
        origin_access_control: An origin access control defined in this app. Default: - a new
            ``cloudfront.FunctionUrlOriginAccessControl`` under the distribution's origin.

            Every other argument is passed to ``with_origin_access_control`` unchanged and means what it
            means there.

    Raises:
        ValidationError: The URL's ``auth_type`` is not ``AWS_IAM`` while the access control signs
            always with SigV4; or ``origin_access_control`` was imported (aws-cdk-lib 2.275 reads its
            signing configuration from the construct and fails with a JavaScript TypeError otherwise).
    """
    _check_origin_access(function_url, origin_access_control)
    return origins.FunctionUrlOrigin.with_origin_access_control(
        function_url,
        origin_access_control=origin_access_control,
        ip_address_type=ip_address_type,
        keepalive_timeout=keepalive_timeout,
        read_timeout=read_timeout,
        origin_path=origin_path,
        connection_attempts=connection_attempts,
        connection_timeout=connection_timeout,
        custom_headers=custom_headers,
        origin_access_control_id=origin_access_control_id,
        origin_id=origin_id,
        origin_shield_enabled=origin_shield_enabled,
        origin_shield_region=origin_shield_region,
        response_completion_timeout=response_completion_timeout,
    )


def _check_origin_access(
    function_url: lambda_.IFunctionUrl, origin_access_control: IOriginAccessControlRef | None
) -> None:
    signs_always = True  # the default FunctionUrlOriginAccessControl signs always with SigV4
    if origin_access_control is not None:
        config = _signing_config(origin_access_control)
        if config is None:
            raise ValidationError(
                origin_access_control.node.path,
                "origin_access_control",
                "an imported origin access control",
                "must be defined in this app: aws-cdk-lib 2.275 reads its signing configuration to check "
                "the URL's auth type; use FunctionUrlOrigin(url, origin_access_control_id=...) and add the "
                "two Lambda permissions yourself",
            )
        signs_always = (
            config.signing_behavior == cloudfront.SigningBehavior.ALWAYS.value
            and config.signing_protocol == cloudfront.SigningProtocol.SIGV4.value
        )
    auth_type = function_url.auth_type
    if signs_always and auth_type != lambda_.FunctionUrlAuthType.AWS_IAM:
        raise ValidationError(
            function_url.node.path,
            "auth_type",
            f"FunctionUrlAuthType.{auth_type.name}",
            "must be FunctionUrlAuthType.AWS_IAM for an origin whose access control signs every request "
            "with SigV4; with NONE Lambda ignores the signature and the URL stays public",
        )


def _signing_config(
    origin_access_control: IOriginAccessControlRef,
) -> cloudfront.CfnOriginAccessControl.OriginAccessControlConfigProperty | None:
    for child in origin_access_control.node.children:
        if isinstance(child, cloudfront.CfnOriginAccessControl):
            config = child.origin_access_control_config
            if isinstance(config, cloudfront.CfnOriginAccessControl.OriginAccessControlConfigProperty):
                return config
    return None
