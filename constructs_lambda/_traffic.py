"""One validation plugin per stage for the traffic checks: duplicate aliases, Lambda@Edge, unqualified calls.

``Function`` registers it (once per stage, an attribute lookup per function after the first). At synthesis
CDK hands it the written templates; each is read once and given to three pure evaluators:

- ``_alias_checks.duplicate_aliases``: two aliases of one name on one function (error);
- ``_edge.edge_findings``: settings CloudFront refuses on a function it runs at the edge (error);
- ``_routing.unqualified_invocations``: resources invoking a function unqualified while its alias carries
  provisioned concurrency (warning), or while it is durable (error).

Construct paths are looked up only for findings: from the template's ``aws:cdk:path`` metadata when CDK
wrote it, else from the cloud assembly's logical-ID metadata, else by one walk of the stack's constructs.
CDK prints warnings and errors of the report on stderr (so the CDK CLI shows them), fails synthesis on
errors, and writes ``validation-report.json``.
A finding is acknowledged like any validation finding: ``Validations.of(construct).acknowledge(
Acknowledgment(id="constructs-lambda-traffic::<rule>", reason=...))``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from aws_cdk import (
    CfnElement,
    IPolicyValidationContext,
    PolicyValidationPluginReport,
    PolicyViolatingResource,
    PolicyViolation,
    Stack,
    Stage,
    Validations,
)
from constructs import IConstruct

from ._alias_checks import duplicate_aliases
from ._edge import edge_findings
from ._errors import ValidationError
from ._plugins import TemplatePlugin, WrittenTemplate, written_templates
from ._routing import unqualified_invocations
from ._validation import is_unresolved, jsii_ref, stage_of

__all__: list[str] = []

PLUGIN_NAME: Final = "constructs-lambda-traffic"
DUPLICATE_ALIAS: Final = "constructs-lambda:duplicate-alias"
EDGE_SETTING: Final = "constructs-lambda:edge-setting"
UNQUALIFIED_INVOCATION: Final = "constructs-lambda:unqualified-invocation"
_PLUGIN_ATTRIBUTE: Final = "_constructs_lambda_traffic"


def enforce_traffic_checks(scope: IConstruct) -> None:
    """Register the traffic checks on ``scope``'s stage; registering again does nothing."""
    stage = stage_of(scope)
    if getattr(stage, _PLUGIN_ATTRIBUTE, None) is None:
        plugin = _TrafficPlugin(stage)
        setattr(stage, _PLUGIN_ATTRIBUTE, plugin)
        Validations.of(stage).add_plugins(plugin)


class _Paths:
    """Construct paths of one template's resources by logical ID, looked up on first use only."""

    def __init__(self, written: WrittenTemplate, template: Mapping[str, Any]) -> None:
        self._written = written
        self._template = template
        self._by_logical_id: dict[str, str] | None = None

    def __call__(self, logical_id: str) -> str:
        resource = (self._template.get("Resources") or {}).get(logical_id) or {}
        recorded = (resource.get("Metadata") or {}).get("aws:cdk:path")
        if isinstance(recorded, str):
            return recorded
        element = self._written.recorded_paths.get(logical_id)
        if element is not None:
            return _named(element)
        if self._by_logical_id is None:
            self._by_logical_id = _walk(self._written.stack)
        return self._by_logical_id.get(logical_id, f"{self._written.construct_path}/{logical_id}")


def _walk(stack: Stack) -> dict[str, str]:
    """Logical ID -> construct path of every CloudFormation element of ``stack`` (not of nested stacks)."""
    found: dict[str, str] = {}
    key = jsii_ref(stack)
    for construct in stack.node.find_all():
        if isinstance(construct, CfnElement) and jsii_ref(construct.stack) == key:
            found[str(stack.resolve(construct.logical_id))] = _named(construct.node.path)
    return found


def _named(path: str) -> str:
    """A resource's path ends in /Resource (or /Default); name the construct users wrote."""
    for suffix in ("/Resource", "/Default"):
        path = path.removesuffix(suffix)
    return path


class _TrafficPlugin(TemplatePlugin):
    def __init__(self, stage: Stage) -> None:
        super().__init__(PLUGIN_NAME, DUPLICATE_ALIAS)
        self._rule_ids.extend([EDGE_SETTING, UNQUALIFIED_INVOCATION])
        self._stage = stage

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        violations: list[PolicyViolation] = []
        for written in written_templates(context, self._stage):
            template, _ = written.read()
            paths = _Paths(written, template)
            region = written.stack.region
            violations.extend(_duplicates(template, paths, written.template_path))
            violations.extend(
                _edge(template, None if is_unresolved(region) else region, paths, written.template_path)
            )
            violations.extend(_unqualified(template, paths, written.template_path))
        failed = any(v.severity == "error" for v in violations)
        return PolicyValidationPluginReport(success=not failed, violations=violations)


def _resource(logical_id: str, template_path: str, location: str) -> PolicyViolatingResource:
    return PolicyViolatingResource(
        resource_logical_id=logical_id, template_path=template_path, locations=[location]
    )


def _duplicates(template: Mapping[str, Any], paths: _Paths, template_path: str) -> list[PolicyViolation]:
    violations = []
    for duplicate in duplicate_aliases(template):
        where = sorted(paths(a) for a in duplicate.aliases)
        error = ValidationError(
            paths(duplicate.function),
            "alias_name",
            duplicate.name,
            f"must be unique per function; {len(where)} aliases use it ({', '.join(where)}), and Lambda "
            "refuses the second at deploy time (ResourceConflictException)",
        )
        violations.append(
            PolicyViolation(
                rule_name=DUPLICATE_ALIAS,
                description=str(error),
                fix=(
                    "Keep one: pass alias_name=None to constructs_lambda.Function to keep your own alias, "
                    f"or drop yours and use fn.alias (the function's '{duplicate.name}' alias)."
                ),
                severity="error",
                violating_resources=[
                    _resource(a, template_path, "Properties/Name") for a in duplicate.aliases
                ],
            )
        )
    return violations


def _edge(
    template: Mapping[str, Any], region: str | None, paths: _Paths, template_path: str
) -> list[PolicyViolation]:
    violations = []
    for finding in edge_findings(template, region):
        error = ValidationError(paths(finding.function), finding.prop, finding.value, finding.rule)
        violations.append(
            PolicyViolation(
                rule_name=EDGE_SETTING,
                description=f"{error} (used at the edge by {paths(finding.association)})",
                fix=f"Set {finding.fix}, or build it with constructs_lambda.EdgeFunction.",
                severity="error",
                violating_resources=[_resource(finding.function, template_path, "Properties")],
            )
        )
    return violations


def _unqualified(template: Mapping[str, Any], paths: _Paths, template_path: str) -> list[PolicyViolation]:
    violations = []
    for finding in unqualified_invocations(template):
        function = paths(finding.function)
        callers = ", ".join(f"{paths(i)} ({kind})" for i, kind in finding.invokers)
        if finding.durable:
            why = "is durable, so it must be invoked through a version or alias; these invocations fail"
        else:
            alias = paths(finding.alias) if finding.alias else "its alias"
            why = (
                f"has provisioned concurrency on alias {finding.alias_name or ''} ({alias}); these "
                "invocations run $LATEST on demand instead"
            ).replace("alias  (", "alias (")
        violations.append(
            PolicyViolation(
                rule_name=UNQUALIFIED_INVOCATION,
                description=f"{function} is invoked without a qualifier by {callers}. It {why}.",
                fix="Pass fn.alias instead of fn to the integration (or to add_permission/add_function_url).",
                severity="error" if finding.durable else "warning",
                violating_resources=[_resource(i, template_path, "Properties") for i, _ in finding.invokers],
            )
        )
    return violations
