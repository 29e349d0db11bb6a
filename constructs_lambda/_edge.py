"""Lambda@Edge: which functions CloudFront runs, and the settings CloudFront refuses for them.

A function is used at the edge when a CloudFront distribution's ``LambdaFunctionAssociations`` name a
version of it (``cloudfront.Distribution(edge_lambdas=[EdgeLambda(function_version=fn.current_version,
...)])`` or the same property written on ``CfnDistribution``). That is only known once the distribution
exists, often after the function was defined, so the check reads the written templates
(:func:`edge_findings`); by then the library's defaults are applied and cannot be changed silently, so each
refused setting is an error naming the function, the setting, its value and what Lambda@Edge allows.
``constructs_lambda.EdgeFunction`` picks compatible defaults at construction instead.

The rules, from CloudFront's pages:

- restrictions (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html):
  a numbered version (not ``$LATEST``, not an alias); the function in US East (N. Virginia); an execution
  role that ``edgelambda.amazonaws.com`` may assume; Node.js and Python runtimes only; none of: runtime
  management other than ``Auto``, VPC access, environment variables, layers, provisioned concurrency,
  container images, arm64, ephemeral storage above 512 MB, a customer managed key on the ``.zip``
  package. (X-Ray tracing and dead-letter queues are no longer on that list, so they are not refused.)
- quotas (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge):
  viewer request and viewer response triggers: 128 MB of memory and a 5-second timeout; origin request
  and origin response triggers: Lambda's own memory range and a 30-second timeout.

Functions and distributions in different templates (cross-stack or cross-region references) are not
matched: the check sees one template at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ._limits import (
    EDGE_EPHEMERAL_STORAGE_MAX_MIB,
    EDGE_ORIGIN_MEMORY_MAX_MIB,
    EDGE_ORIGIN_TIMEOUT_MAX_SECONDS,
    EDGE_VIEWER_MEMORY_MAX_MIB,
    EDGE_VIEWER_TIMEOUT_MAX_SECONDS,
)
from ._template_refs import ALIAS, FUNCTION, VERSION, function_of, properties, referenced, resources

__all__: list[str] = []

EDGE_REGION: Final = "us-east-1"
EDGE_PRINCIPAL: Final = "edgelambda.amazonaws.com"
VIEWER_EVENTS: Final = frozenset({"viewer-request", "viewer-response"})
ORIGIN_EVENTS: Final = frozenset({"origin-request", "origin-response"})
RUNTIME_FAMILIES: Final = ("nodejs", "python")
_LAMBDA_DEFAULT_MEMORY_MIB: Final = 128
_LAMBDA_DEFAULT_TIMEOUT_SECONDS: Final = 3


def limits_for(event_types: frozenset[str] | set[str]) -> tuple[int, int]:
    """The largest memory (MiB) and timeout (s) allowed for a function serving all of ``event_types``."""
    if event_types & VIEWER_EVENTS:
        return EDGE_VIEWER_MEMORY_MAX_MIB, EDGE_VIEWER_TIMEOUT_MAX_SECONDS
    return EDGE_ORIGIN_MEMORY_MAX_MIB, EDGE_ORIGIN_TIMEOUT_MAX_SECONDS


@dataclass(frozen=True, slots=True)
class EdgeFinding:
    """One setting of ``function`` (a logical ID) that CloudFront refuses for Lambda@Edge."""

    function: str
    prop: str
    value: Any
    rule: str
    fix: str
    association: str  # logical ID of the distribution (or version) that makes it an edge function


def edge_functions(template: Mapping[str, Any]) -> dict[str, tuple[set[str], str, list[str]]]:
    """Functions of ``template`` used by a distribution: logical ID -> (event types, distribution, what the
    association names when it is not a numbered version: ``"$LATEST"`` or an alias logical ID)."""
    found = resources(template)
    functions = {k: v for k, v in found.items() if v.get("Type") == FUNCTION}
    used: dict[str, tuple[set[str], str, list[str]]] = {}
    for logical_id, resource in found.items():
        if resource.get("Type") != "AWS::CloudFront::Distribution":
            continue
        for association in _associations(properties(resource).get("DistributionConfig")):
            target = referenced(association.get("LambdaFunctionARN"))
            if target is None or target not in found:
                continue
            kind = found[target].get("Type")
            function = target if kind == FUNCTION else function_of(found[target], functions)
            if function is None:
                continue
            events, _, wrong = used.setdefault(function, (set(), logical_id, []))
            event_type = association.get("EventType")
            if isinstance(event_type, str):
                events.add(event_type)
            if kind == FUNCTION:
                wrong.append("$LATEST")
            elif kind == ALIAS:
                wrong.append(target)
    return used


def _associations(config: Any) -> list[dict[str, Any]]:
    if not isinstance(config, dict):
        return []
    behaviors = [config.get("DefaultCacheBehavior"), *(config.get("CacheBehaviors") or [])]
    return [
        a
        for b in behaviors
        if isinstance(b, dict)
        for a in (b.get("LambdaFunctionAssociations") or [])
        if isinstance(a, dict)
    ]


def edge_findings(template: Mapping[str, Any], region: str | None) -> list[EdgeFinding]:
    """Every setting CloudFront refuses on a function that a distribution in ``template`` runs at the edge.

    Args:
        template: The written template. Default: - required.
        region: The stack's region, or ``None`` when it is only known at deploy time. Default: - required.
    """
    found = resources(template)
    findings: list[EdgeFinding] = []
    for function, (events, distribution, wrong_targets) in edge_functions(template).items():
        props = properties(found[function])
        problems: list[_Problem] = [
            (
                "edge_lambdas",
                target,
                "must name a numbered version for Lambda@Edge, not $LATEST or an alias",
                "function_version=fn.current_version",
            )
            for target in wrong_targets
        ]
        if region is not None and region != EDGE_REGION:
            problems.append(
                (
                    "region",
                    region,
                    f"must be {EDGE_REGION} for Lambda@Edge",
                    f"env=Environment(region='{EDGE_REGION}') on the function's stack",
                )
            )
        problems += _sizes(props, events) + _features(props) + _role(props, found)
        problems += _provisioned(function, found)
        findings += [EdgeFinding(function, *problem, distribution) for problem in problems]
    return findings


_Problem = tuple[str, Any, str, str]  # prop, value, rule, fix
_REFUSED: Final = "is not supported by Lambda@Edge"


def _provisioned(function: str, found: Mapping[str, Any]) -> list[_Problem]:
    return [
        (
            "provisioned_concurrency",
            logical_id,
            _REFUSED,
            "no provisioned_concurrency (constructs_lambda.EdgeFunction has none)",
        )
        for logical_id, resource in found.items()
        if resource.get("Type") in (ALIAS, VERSION)
        and properties(resource).get("ProvisionedConcurrencyConfig")
        and function_of(resource, {function: None}) == function
    ]


def _sizes(props: Mapping[str, Any], events: set[str]) -> list[_Problem]:
    max_memory, max_timeout = limits_for(events)
    trigger = "viewer" if events & VIEWER_EVENTS else "origin"
    problems: list[_Problem] = []
    memory = props.get("MemorySize", _LAMBDA_DEFAULT_MEMORY_MIB)
    if isinstance(memory, int) and memory > max_memory:
        rule = f"must be at most {max_memory} MiB for a Lambda@Edge {trigger} trigger"
        problems.append(("memory_size", memory, rule, f"memory_size={max_memory}"))
    timeout = props.get("Timeout", _LAMBDA_DEFAULT_TIMEOUT_SECONDS)
    if isinstance(timeout, int) and timeout > max_timeout:
        rule = f"must be at most {max_timeout} seconds for a Lambda@Edge {trigger} trigger"
        problems.append(("timeout", timeout, rule, f"timeout=Duration.seconds({max_timeout})"))
    return problems


def _features(props: Mapping[str, Any]) -> list[_Problem]:
    problems: list[_Problem] = []
    if "arm64" in (props.get("Architectures") or []):
        problems.append(
            ("architecture", "arm64", "must be x86_64 for Lambda@Edge", "architecture=Architecture.X86_64")
        )
    runtime = props.get("Runtime")
    if isinstance(runtime, str) and not runtime.startswith(RUNTIME_FAMILIES):
        rule = "must be a Node.js or Python runtime for Lambda@Edge"
        problems.append(("runtime", runtime, rule, "a Python or Node.js runtime"))
    if props.get("PackageType") == "Image":
        problems.append(("code", "a container image", _REFUSED, "a .zip package (Code.from_asset)"))
    variables = (props.get("Environment") or {}).get("Variables") or {}
    if variables:
        fix = "no environment (or add_environment(..., remove_in_edge=True)); read configuration at run time"
        problems.append(("environment", sorted(variables), _REFUSED, fix))
    layers = props.get("Layers") or []
    if layers:
        problems.append(("layers", f"{len(layers)} layers", _REFUSED, "no layers (bundle into the code)"))
    if props.get("VpcConfig"):
        problems.append(("vpc", "a VPC configuration", _REFUSED, "no vpc"))
    mode = (props.get("RuntimeManagementConfig") or {}).get("UpdateRuntimeOn")
    if mode is not None and mode != "Auto":
        fix = "runtime_management_mode=RuntimeManagementMode.AUTO"
        problems.append(("runtime_management_mode", mode, "must be Auto for Lambda@Edge", fix))
    storage = (props.get("EphemeralStorage") or {}).get("Size")
    if isinstance(storage, int) and storage > EDGE_EPHEMERAL_STORAGE_MAX_MIB:
        rule = f"must be at most {EDGE_EPHEMERAL_STORAGE_MAX_MIB} MiB for Lambda@Edge"
        problems.append(("ephemeral_storage_size", storage, rule, "no ephemeral_storage_size"))
    if (props.get("Code") or {}).get("SourceKMSKeyArn"):
        problems.append(("code", "a customer managed key on the .zip", _REFUSED, "no key on the code"))
    return problems


def _role(props: Mapping[str, Any], found: Mapping[str, Any]) -> list[_Problem]:
    """The role must let ``edgelambda.amazonaws.com`` assume it (judged only when it is in the template)."""
    role = referenced(props.get("Role"))
    resource = found.get(role) if role is not None else None
    if not isinstance(resource, dict) or resource.get("Type") != "AWS::IAM::Role":
        return []
    if EDGE_PRINCIPAL in repr(properties(resource).get("AssumeRolePolicyDocument")):
        return []
    fix = (
        "fn.role.assume_role_policy.add_statements(iam.PolicyStatement(actions=['sts:AssumeRole'], "
        f"principals=[iam.ServicePrincipal('{EDGE_PRINCIPAL}')]))"
    )
    return [("role", role, f"must trust {EDGE_PRINCIPAL} for Lambda@Edge", fix)]
