"""Traffic reaches the alias: what ``cl.Function`` routes itself, and what it can only point out.

A ``cl.Function`` has an alias (``fn.alias``, ``live``) on its current version, and provisioned
concurrency lives on that alias. Provisioned concurrency only serves invocations of the alias: a caller
of the unqualified ARN runs ``$LATEST`` on demand, cold, next to idle provisioned environments that are
billed anyway (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html). A durable
function must be invoked through a version or alias at all
(https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html; aws/aws-cdk#36463).

What the library routes. ``fn.add_event_source(...)``, ``fn.add_event_source_mapping(...)`` and the
``events=[...]`` keyword create event source mappings owned by the function. They get the alias as their
``FunctionName`` (:func:`mapping_target`), and stay where the L2 puts them in the construct tree, so their
logical IDs do not change when a stack moves to this behaviour: CloudFormation updates ``FunctionName`` in
place (no new mapping, so no stream re-read from ``TRIM_HORIZON``). The role is the same for alias and
function, so the grants event sources add are unchanged.

What the library does not route. ``fn.function_arn`` keeps meaning the unqualified function, as in the L2:
integrations that take the function object (API Gateway ``LambdaIntegration``, ``HttpLambdaIntegration``,
Step Functions ``LambdaInvoke``, SNS ``LambdaSubscription``, S3 ``LambdaDestination``, EventBridge
``targets.LambdaFunction``, ``add_permission``, ``add_function_url``) read that ARN. Making it mean the
alias would change every reader at once:

- IAM: ``grant_invoke`` on the alias ARN does not allow invoking the function by name or other versions,
  and policies written against the function ARN (``arn:...:function:name``) no longer match;
- versions: ``fn.current_version`` and version-based deployments (CodeDeploy, ``Version.add_alias``) need
  the unqualified function to publish from;
- ``$LATEST`` users: tests, scripts and other stacks that invoke by name would silently be asked to
  invoke a qualifier they never chose;
- every construct that reads the ARN for something other than invocation (alarms, log subscriptions by
  name, outputs) would change meaning too.

So instead the written templates are scanned (:func:`unqualified_invocations`) for resources that invoke
a function unqualified while an alias of it carries provisioned concurrency: each finding names the
invoking resources and says to pass ``fn.alias`` instead of ``fn``. For a durable function the same
finding is an error, since those invocations fail. The fix is one word at the call site, e.g.
``apigateway.LambdaIntegration(fn.alias)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ._template_refs import (
    ALIAS,
    FUNCTION,
    VERSION,
    function_of,
    properties,
    resources,
    unqualified_references,
)

if TYPE_CHECKING:
    from aws_cdk import aws_lambda as lambda_

__all__: list[str] = []

# The properties through which each resource type invokes a function (not those that merely name one:
# alarms, log groups, IAM policies and outputs are left alone).
INVOKING_PROPERTIES: Final[Mapping[str, tuple[str, ...]]] = {
    "AWS::Lambda::Permission": ("FunctionName",),
    "AWS::Lambda::EventSourceMapping": ("FunctionName",),
    "AWS::Lambda::Url": ("TargetFunctionArn",),
    "AWS::ApiGateway::Method": ("Integration",),
    "AWS::ApiGatewayV2::Integration": ("IntegrationUri",),
    "AWS::StepFunctions::StateMachine": ("DefinitionString", "Definition"),
    "AWS::SNS::Subscription": ("Endpoint",),
    "AWS::Events::Rule": ("Targets",),
    "AWS::Scheduler::Schedule": ("Target",),
    "AWS::S3::Bucket": ("NotificationConfiguration",),
    "Custom::S3BucketNotifications": ("NotificationConfiguration",),
    "AWS::Logs::SubscriptionFilter": ("DestinationArn",),
}


def mapping_target(function: lambda_.Function, alias: lambda_.IFunction | None) -> lambda_.IFunction:
    """Where an event source mapping of ``function`` should point: its alias when it has one."""
    return alias if alias is not None else function


@dataclass(frozen=True, slots=True)
class UnqualifiedInvocation:
    """Resources that invoke ``function`` (a logical ID) by its unqualified ARN, and why that matters.

    ``durable``: the function is durable, so these invocations fail. Otherwise ``alias`` (a logical ID)
    carries provisioned concurrency that these invocations bypass.
    """

    function: str
    durable: bool
    alias: str | None
    alias_name: str | None
    invokers: tuple[tuple[str, str], ...]  # (logical ID, resource type)


def unqualified_invocations(template: Mapping[str, Any]) -> list[UnqualifiedInvocation]:
    """For each durable function, and each function with provisioned concurrency on an alias, the
    resources of ``template`` that invoke it without a qualifier."""
    found = resources(template)
    functions = {k: v for k, v in found.items() if v.get("Type") == FUNCTION}
    durable = {k for k, v in functions.items() if properties(v).get("DurableConfig")}
    provisioned: dict[str, tuple[str, str | None]] = {}  # function -> (alias logical ID, alias name)
    for logical_id, resource in found.items():
        kind = resource.get("Type")
        if kind not in (ALIAS, VERSION) or not properties(resource).get("ProvisionedConcurrencyConfig"):
            continue
        function = function_of(resource, functions)
        if function is not None and function not in provisioned:
            name = properties(resource).get("Name") if kind == ALIAS else None
            provisioned[function] = (logical_id, name if isinstance(name, str) else None)
    watched = frozenset(durable | provisioned.keys())
    if not watched:
        return []
    invokers: dict[str, list[tuple[str, str]]] = {}
    for logical_id, resource in found.items():
        kind = str(resource.get("Type"))
        props = properties(resource)
        if kind == "AWS::Lambda::Url" and props.get("Qualifier"):
            continue
        names = INVOKING_PROPERTIES.get(kind, ())
        hit = {t for name in names for t in unqualified_references(props.get(name), watched)}
        for function in sorted(hit):
            invokers.setdefault(function, []).append((logical_id, kind))
    findings = []
    for function, where in invokers.items():
        alias, alias_name = provisioned.get(function, (None, None))
        findings.append(
            UnqualifiedInvocation(
                function=function,
                durable=function in durable,
                alias=alias,
                alias_name=alias_name,
                invokers=tuple(where),
            )
        )
    return findings
