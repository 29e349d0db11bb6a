"""Synthesis of corpus apps and the checks run on their templates (pure functions on template dicts)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from aws_cdk import App, Environment, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

import constructs_lambda as cl
from tests.conftest import ACCOUNT, project_context
from tests.helpers import cfn_lint_findings

from .apps import CorpusApp, FunctionClass

Variant = Literal["l2", "library"]
Template_ = dict[str, Any]

# The properties through which each resource type invokes (or lets another service invoke) a function.
INVOKER_PROPERTIES: Final[Mapping[str, tuple[str, ...]]] = {
    "AWS::Lambda::EventSourceMapping": ("FunctionName",),
    "AWS::Lambda::Permission": ("FunctionName",),
    "AWS::Lambda::Url": ("TargetFunctionArn",),
    "AWS::ApiGateway::Method": ("Integration",),
    "AWS::ApiGatewayV2::Integration": ("IntegrationUri",),
    "AWS::StepFunctions::StateMachine": ("DefinitionString", "Definition"),
    "AWS::SNS::Subscription": ("Endpoint",),
    "AWS::Events::Rule": ("Targets",),
    "Custom::S3BucketNotifications": ("NotificationConfiguration",),
}

# What Lambda@Edge cannot run ("Restrictions on Lambda@Edge",
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html):
# arm64, X-Ray, a VPC, layers, environment variables, dead-letter queues, reserved concurrency.
_EDGE_FORBIDDEN_PROPERTIES: Final = (
    "VpcConfig",
    "Layers",
    "Environment",
    "DeadLetterConfig",
    "ReservedConcurrentExecutions",
)
_EDGE_MAX_EPHEMERAL_MIB: Final = 512
_REPORT_CHARS: Final = 4000  # enough for a few findings of a validation report in a failure message


@dataclass(frozen=True, slots=True)
class Synthesis:
    """The outcome of synthesizing one app with one function class: a template or the error raised."""

    template: Template_ | None
    error: Exception | None


_CACHE: dict[tuple[str, Variant], Synthesis] = {}


def synthesize(app: CorpusApp, variant: Variant) -> Synthesis:
    """Synthesize ``app`` in-process (cached per app and variant, so every check reads one synthesis)."""
    key = (app.name, variant)
    if key not in _CACHE:
        _CACHE[key] = _synthesize(app, variant)
    return _CACHE[key]


def _synthesize(app: CorpusApp, variant: Variant) -> Synthesis:
    # app.synth() validates as `cdk synth` does: with the project's '@aws-cdk/core:annotationsInValidationReport'
    # an error annotation fails synthesis (Template.from_stack alone would skip that validation).
    cdk_app = App(context=project_context())
    stack_name = "Corpus-" + app.name.replace("_", "-")
    stack = Stack(cdk_app, stack_name, env=Environment(account=ACCOUNT, region=app.region))
    try:
        app.build(stack, function_class(variant, app.library_kwargs))
        assembly = cdk_app.synth()
    except Exception as error:  # the check reports any rejection, whatever its type
        return Synthesis(None, _with_validation_report(error))
    template: Template_ = dict(assembly.get_stack_artifact(stack.artifact_id).template)
    return Synthesis(template, None)


def _with_validation_report(error: Exception) -> Exception:
    """The error, with the validation report it points to (in a temporary directory) appended."""
    match = re.search(r"\S+validation-report\.json", str(error))
    if match is None or not Path(match.group()).is_file():
        return error
    return RuntimeError(f"{error}\n{Path(match.group()).read_text()[:_REPORT_CHARS]}")


def function_class(variant: Variant, library_kwargs: Mapping[str, Mapping[str, Any]]) -> FunctionClass:
    """``aws_lambda.Function`` for the L2 run; ``cl.Function`` plus the app's extra keywords otherwise."""
    if variant == "l2":
        return lambda_.Function
    if not library_kwargs:
        return cl.Function

    class ConfiguredFunction(cl.Function):
        """``cl.Function`` with the keywords the app declares for the library run only."""

        def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
            super().__init__(scope, id, **{**kwargs, **library_kwargs.get(id, {})})

    return ConfiguredFunction


def resources(template: Template_) -> dict[str, dict[str, Any]]:
    """The template's resources by logical ID."""
    found: dict[str, dict[str, Any]] = template.get("Resources", {})
    return found


def lint_findings(app: CorpusApp, template: Template_) -> list[str]:
    """cfn-lint findings for the template, linted for the app's region."""
    return cfn_lint_findings(template, [app.region])


def new_findings(library: list[str], l2: list[str]) -> list[str]:
    """Findings of the library run that the L2 run of the same app does not have."""
    baseline = set(l2)
    return [finding for finding in library if finding not in baseline]


def duplicate_aliases(template: Template_) -> list[str]:
    """Aliases sharing a name on one function, as ``name on function: logical IDs``."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for logical_id, resource in resources(template).items():
        if resource["Type"] != "AWS::Lambda::Alias":
            continue
        props = resource["Properties"]
        key = (json.dumps(props["Name"], sort_keys=True), json.dumps(props["FunctionName"], sort_keys=True))
        by_key.setdefault(key, []).append(logical_id)
    return [
        f"alias {name} on {function}: {', '.join(sorted(ids))}"
        for (name, function), ids in sorted(by_key.items())
        if len(ids) > 1
    ]


def provisioned_functions(template: Template_) -> dict[str, str]:
    """Functions whose alias carries provisioned concurrency: function logical ID -> alias logical ID."""
    found: dict[str, str] = {}
    for logical_id, resource in resources(template).items():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Lambda::Alias" and props.get("ProvisionedConcurrencyConfig"):
            function = props["FunctionName"]
            if isinstance(function, dict) and "Ref" in function:
                found[function["Ref"]] = logical_id
    return found


def bypassed_aliases(template: Template_) -> list[str]:
    """Invokers that call a function directly although its alias carries provisioned concurrency."""
    provisioned = provisioned_functions(template)
    bypasses: list[str] = []
    for logical_id, resource in sorted(resources(template).items()):
        names = INVOKER_PROPERTIES.get(resource["Type"], ())
        props = resource.get("Properties", {})
        for name in names:
            for function in sorted(set(_function_references(props.get(name))) & provisioned.keys()):
                bypasses.append(
                    f"{resource['Type']} {logical_id}.{name} invokes {function}, "
                    f"not its alias {provisioned[function]}"
                )
    return bypasses


def _function_references(value: Any) -> Iterator[str]:
    """Logical IDs an expression names as a function: ``Ref`` or ``Fn::GetAtt [id, Arn]``."""
    if isinstance(value, list):
        for item in value:
            yield from _function_references(item)
    elif isinstance(value, dict):
        if set(value) == {"Ref"} and isinstance(value["Ref"], str):
            yield value["Ref"]
        elif set(value) == {"Fn::GetAtt"} and value["Fn::GetAtt"][1:] == ["Arn"]:
            yield value["Fn::GetAtt"][0]
        else:
            for item in value.values():
                yield from _function_references(item)


def edge_violations(template: Template_) -> list[str]:
    """Settings of functions used by CloudFront as Lambda@Edge that Lambda@Edge does not support."""
    all_resources = resources(template)
    violations: list[str] = []
    for function_id in sorted(_edge_functions(all_resources)):
        props = all_resources[function_id].get("Properties", {})
        if "arm64" in props.get("Architectures", []):
            violations.append(f"{function_id}: Architectures arm64 (Lambda@Edge runs x86_64 only)")
        if props.get("TracingConfig", {}).get("Mode") == "Active":
            violations.append(f"{function_id}: TracingConfig Active (Lambda@Edge does not support X-Ray)")
        violations.extend(
            f"{function_id}: {name} (not supported by Lambda@Edge)"
            for name in _EDGE_FORBIDDEN_PROPERTIES
            if props.get(name)
        )
        ephemeral = props.get("EphemeralStorage", {}).get("Size", _EDGE_MAX_EPHEMERAL_MIB)
        if isinstance(ephemeral, int) and ephemeral > _EDGE_MAX_EPHEMERAL_MIB:
            violations.append(f"{function_id}: EphemeralStorage {ephemeral} MiB (Lambda@Edge allows 512)")
    return violations


def _edge_functions(all_resources: Mapping[str, dict[str, Any]]) -> set[str]:
    """Logical IDs of functions whose version (or the function itself) a distribution associates."""
    associated: set[str] = set()
    for resource in all_resources.values():
        if resource["Type"] != "AWS::CloudFront::Distribution":
            continue
        config = resource["Properties"]["DistributionConfig"]
        behaviors = [config.get("DefaultCacheBehavior", {}), *config.get("CacheBehaviors", [])]
        for behavior in behaviors:
            for association in behavior.get("LambdaFunctionAssociations", []):
                associated.update(_function_references(association["LambdaFunctionARN"]))
    functions: set[str] = set()
    for logical_id in associated:
        target = all_resources.get(logical_id)
        if target is None:
            continue
        if target["Type"] == "AWS::Lambda::Version":
            functions.update(_function_references(target["Properties"]["FunctionName"]))
        elif target["Type"] == "AWS::Lambda::Function":
            functions.add(logical_id)
    return functions
