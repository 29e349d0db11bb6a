"""Assertions shared by the suite: template access, cfn-lint and cdk-nag cleanliness."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aws_cdk import Stack, Token
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks, ServerlessChecks
from cfnlint.api import ManualArgs, lint  # type: ignore[import-untyped]
from constructs import IConstruct

LINT_REGIONS = ["eu-west-1"]


def template_of(stack: Stack, *, lint: bool = True) -> Template:
    """The synthesized template of ``stack`` for ``aws_cdk.assertions``, checked by cfn-lint on the way.

    Every template the suite synthesizes must pass cfn-lint with zero errors and warnings; ``lint=False``
    is for templates that are deliberately broken (and must say why at the call).
    """
    template = Template.from_stack(stack)
    if lint:
        region = stack.region
        findings = cfn_lint_findings(template.to_json(), None if Token.is_unresolved(region) else [region])
        assert findings == [], "\n".join(findings)
    return template


def cfn_lint_findings(template: Mapping[str, Any], regions: list[str] | None = None) -> list[str]:
    """Every cfn-lint error, warning and informational finding, one line each."""
    matches = lint(json.dumps(template), config=ManualArgs(regions=regions or LINT_REGIONS))
    return [f"{m.rule.id} {'/'.join(str(p) for p in m.path)}: {m.message}" for m in matches]


def assert_cfn_lint_clean(stack: Stack) -> None:
    """Fail with the findings unless cfn-lint reports nothing (zero errors, zero warnings)."""
    template_of(stack)


def nag_findings(scope: IConstruct) -> list[str]:
    """Unacknowledged cdk-nag findings of the AwsSolutions and Serverless packs under ``scope``."""
    findings: list[str] = []
    for pack in (AwsSolutionsChecks(), ServerlessChecks()):
        report = pack.validate_scope(scope)
        for violation in report.violations:
            for resource in violation.violating_resources:
                findings.append(
                    f"{violation.rule_name} at {resource.construct_path}: {violation.description}"
                )
    return sorted(findings)


def assert_nag_clean(scope: IConstruct) -> None:
    """Fail with the findings unless cdk-nag reports nothing unacknowledged."""
    findings = nag_findings(scope)
    assert findings == [], "\n".join(findings)
