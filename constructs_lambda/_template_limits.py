"""CloudFormation's per-template limits: a resource budget per stack, and an exact check at synthesis.

``track_function_resources`` counts a function's resources against its stack as it is defined and raises
``ValidationError`` once the functions alone exceed 500. ``enforce_template_limits(scope)`` fails synthesis
when any template of the scope's stage (nested stacks included) exceeds CloudFormation's limits on
resources, outputs, parameters, mappings or size, reading the templates exactly as written.

This module sits below both ``Function`` (which counts itself) and ``Fleet`` (which sizes its shards'
budgets), so neither imports the other to reach it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from aws_cdk import (
    CfnResource,
    IPolicyValidationContext,
    PolicyValidationPluginReport,
    PolicyViolatingResource,
    PolicyViolation,
    Stack,
    Stage,
    Validations,
)
from constructs import IConstruct, Node

from ._errors import ValidationError
from ._limits import (
    TEMPLATE_MAPPINGS_MAX_COUNT,
    TEMPLATE_MAX_BYTES,
    TEMPLATE_OUTPUTS_MAX_COUNT,
    TEMPLATE_PARAMETERS_MAX_COUNT,
    TEMPLATE_RESOURCES_MAX_COUNT,
)
from ._plugins import TemplatePlugin, written_templates
from ._validation import stack_of, stage_of

__all__ = ["enforce_template_limits"]

RULE_NAME: Final = "constructs-lambda-TemplateLimits"
_BUDGET_ATTRIBUTE: Final = "_constructs_lambda_template_budget"
_PLUGIN_ATTRIBUTE: Final = "_constructs_lambda_template_limits"
_LIMITS: Final[tuple[tuple[str, str, int, str], ...]] = (
    ("Resources", "resources", TEMPLATE_RESOURCES_MAX_COUNT, "E3010"),
    ("Outputs", "outputs", TEMPLATE_OUTPUTS_MAX_COUNT, "E6010"),
    ("Parameters", "parameters", TEMPLATE_PARAMETERS_MAX_COUNT, "E2010"),
    ("Mappings", "mappings", TEMPLATE_MAPPINGS_MAX_COUNT, "E7010"),
)


# -- counting as functions are defined -----------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class StackBudget:
    """Resources of the functions defined so far in one stack, against the template limit."""

    path: str
    limit: int = TEMPLATE_RESOURCES_MAX_COUNT
    resources: int = 0
    functions: int = 0
    limits_enforced: bool = False
    advice: str = field(
        default="spread the functions over stacks with constructs_lambda.Fleet, or split the stack"
    )

    def add(self, resources: int, function: str) -> None:
        """Count function ``function`` (a construct path) of ``resources`` resources; raise over the limit."""
        total = self.resources + resources
        if total > self.limit:
            raise ValidationError(
                self.path,
                "resources",
                total,
                f"must number at most {self.limit} per CloudFormation template; with {function} the "
                f"{self.functions + 1} functions need {total} resources "
                f"(about {math.ceil(total / (self.functions + 1))} each): {self.advice}",
            )
        self.resources = total
        self.functions += 1


def budget_for(stack: Stack, limit: int = TEMPLATE_RESOURCES_MAX_COUNT) -> StackBudget:
    """The resource budget of ``stack``'s functions, created with ``limit`` on first use."""
    budget: StackBudget | None = getattr(stack, _BUDGET_ATTRIBUTE, None)
    if budget is None:
        budget = StackBudget(path=stack.node.path, limit=limit)
        setattr(stack, _BUDGET_ATTRIBUTE, budget)
    return budget


def _resources_under(construct: IConstruct, node: Node | None = None) -> int:
    """CloudFormation resources defined under ``construct`` (whose ``node`` the caller may hold) so far."""
    return _count_resources((node or construct.node).find_all())


def _count_resources(constructs: Sequence[IConstruct]) -> int:
    return sum(1 for c in constructs if isinstance(c, CfnResource))


def track_function_resources(
    function: IConstruct, path: str | None = None, node: Node | None = None
) -> Sequence[IConstruct]:
    """Count ``function``'s resources against its stack's 500-resource limit; register the synth check.

    Raises ``ValidationError`` (with the counts) as soon as the functions defined in one stack need more
    resources than one template may hold; resources added later or outside functions are counted exactly
    at synthesis by ``enforce_template_limits``, which this registers for the function's stage.
    ``Function`` calls it once, at the end of its constructor.

    Args:
        function: A function just defined. Default: - required.
        path: The function's construct path, for the message (the caller knows it; reading it costs two
            jsii round trips per function). Default: - read from ``function``.
        node: ``function.node``, when the caller holds it (a read is a round trip). Default: - read.

    Returns:
        ``function``'s subtree as read for the count (``node.find_all()``), for the caller to reuse.
    """
    stack = stack_of(function)
    budget = budget_for(stack)
    subtree = (node or function.node).find_all()
    budget.add(_count_resources(subtree), path if path is not None else function.node.path)
    if not budget.limits_enforced:
        enforce_template_limits(stack)
        budget.limits_enforced = True
    return subtree


# -- exact check of the written templates ---------------------------------------------------------------


_SCALABLE_TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"


def template_findings(name: str, template: Mapping[str, Any], size_bytes: int) -> list[ValidationError]:
    """Every CloudFormation per-template limit ``template`` exceeds, as errors naming the counts.

    Args:
        name: What to call the template in messages (construct path or file name). Default: - required.
        template: The template as a dictionary. Default: - required.
        size_bytes: The template's size as written (what CloudFormation receives). Default: - required.
    """
    findings: list[ValidationError] = []
    for section, prop, limit, rule in _LIMITS:
        count = len(template.get(section) or {})
        if count > limit:
            findings.append(
                ValidationError(
                    name,
                    prop,
                    count,
                    f"must number at most {limit} per CloudFormation template (cfn-lint {rule})",
                )
            )
    if size_bytes > TEMPLATE_MAX_BYTES:
        findings.append(
            ValidationError(
                name,
                "template size",
                f"{size_bytes} bytes",
                f"must be at most {TEMPLATE_MAX_BYTES} bytes, CloudFormation's limit for a template in S3 "
                "(cfn-lint E1002)",
            )
        )
    return findings


class _TemplateLimitsPlugin(TemplatePlugin):
    """Reads every template of a stage as written, nested stacks included, and reports exceeded limits."""

    def __init__(self, stage: Stage) -> None:
        super().__init__("constructs-lambda template limits", RULE_NAME)
        self._stage = stage

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        violations: list[PolicyViolation] = []
        for written in written_templates(context, self._stage):
            template, size = written.read()
            findings = template_findings(written.construct_path, template, size)
            findings += duplicate_scalable_targets(written.construct_path, template)
            for finding in findings:
                violations.append(
                    PolicyViolation(
                        rule_name=RULE_NAME,
                        description=str(finding),
                        fix=(
                            "Spread functions over stacks with constructs_lambda.Fleet, move resources to "
                            "another stack or a nested stack, or shorten the template."
                        ),
                        violating_resources=[
                            PolicyViolatingResource(
                                resource_logical_id=finding.prop,
                                template_path=written.template_path,
                                locations=[finding.prop],
                            )
                        ],
                    )
                )
        return PolicyValidationPluginReport(success=not violations, violations=violations)


def duplicate_scalable_targets(name: str, template: Mapping[str, Any]) -> list[ValidationError]:
    """Two ``AWS::ApplicationAutoScaling::ScalableTarget`` for one resource and dimension, as errors.

    Application Auto Scaling keeps one scalable target per resource and dimension, so the second fails
    at deploy. The usual cause: ``provisioned_concurrency`` registers the alias's target and
    ``alias.add_auto_scaling()`` registers another.

    Args:
        name: What to call the template in messages (construct path or file name). Default: - required.
        template: The template as a dictionary. Default: - required.
    """
    resources: Mapping[str, Any] = template.get("Resources") or {}
    seen: dict[str, str] = {}
    findings: list[ValidationError] = []
    for logical_id, resource in sorted(resources.items()):
        if not isinstance(resource, dict) or resource.get("Type") != _SCALABLE_TARGET:
            continue
        props = resource.get("Properties") or {}
        resource_id = _function_names_by_ref(props.get("ResourceId"), resources)
        key = json.dumps(
            [props.get("ServiceNamespace"), resource_id, props.get("ScalableDimension")], sort_keys=True
        )
        first = seen.setdefault(key, logical_id)
        if first != logical_id:
            findings.append(
                ValidationError(
                    name,
                    "scalable targets",
                    f"{first} and {logical_id}",
                    "must register each resource and dimension once (a second target fails at deploy); "
                    "provisioned_concurrency already registers a scalable target for its alias: remove the "
                    "call to alias.add_auto_scaling()",
                )
            )
    return findings


def _function_names_by_ref(value: Any, resources: Mapping[str, Any]) -> Any:
    """``value`` with each function name taken from an alias's ARN (how ``alias.add_auto_scaling()``
    writes it: ``Fn::Select [6, Fn::Split [":", Ref alias]]``) replaced by the alias's ``FunctionName``
    (how the library writes it), so both spellings of one alias compare equal."""
    if isinstance(value, list):
        return [_function_names_by_ref(item, resources) for item in value]
    if not isinstance(value, dict):
        return value
    select = value.get("Fn::Select")
    if isinstance(select, list) and len(select) == 2 and select[0] in (6, "6"):
        split = select[1].get("Fn::Split") if isinstance(select[1], dict) else None
        if isinstance(split, list) and len(split) == 2 and split[0] == ":" and isinstance(split[1], dict):
            alias = resources.get(split[1].get("Ref", ""))
            if isinstance(alias, dict) and alias.get("Type") == "AWS::Lambda::Alias":
                return (alias.get("Properties") or {}).get("FunctionName")
    return {key: _function_names_by_ref(item, resources) for key, item in value.items()}


def enforce_template_limits(scope: IConstruct) -> None:
    """Fail synthesis when a template of ``scope``'s stage exceeds a CloudFormation per-template limit.

    Checks every stack template of the stage, and the templates of nested stacks, after they are written:
    at most 500 resources, 200 outputs, 200 parameters, 200 mappings and 1,000,000 bytes. Each violation
    names the template and the count. Registering twice for one stage does nothing.

    Args:
        scope: Any construct of the stage (app) to check. Default: - required.
    """
    stage = stage_of(scope)
    if getattr(stage, _PLUGIN_ATTRIBUTE, None) is None:
        plugin = _TemplateLimitsPlugin(stage)
        setattr(stage, _PLUGIN_ATTRIBUTE, plugin)
        Validations.of(stage).add_plugins(plugin)
