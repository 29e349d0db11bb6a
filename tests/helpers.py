"""Shared by the suite: one factory per construct, template access, cfn-lint and cdk-nag cleanliness.

The factories fill in the required arguments only; a test passes what it is about as keywords, which
replace the defaults.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from aws_cdk import Stack, Token
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks, ServerlessChecks
from cfnlint.api import ManualArgs, lint
from constructs import Construct, IConstruct

import constructs_lambda as cl

LINT_REGIONS = ["eu-west-1"]
RUNTIME = lambda_.Runtime.PYTHON_3_14
INLINE_SOURCE = "def handler(event, context):\n    return event\n"
INLINE_CODE = lambda_.Code.from_inline(INLINE_SOURCE)
LAYER_RUNTIME = lambda_.Runtime.PYTHON_3_12


def function_props(**overrides: Any) -> dict[str, Any]:
    """The required arguments of a Function (runtime, handler, inline code), updated by ``overrides``.

    The code is a new ``InlineCode`` per call, so functions never share one ``Code`` object.
    """
    props: dict[str, Any] = {
        "runtime": RUNTIME,
        "handler": "app.handler",
        "code": lambda_.Code.from_inline(INLINE_SOURCE),
    }
    props.update(overrides)
    return props


def make_function(scope: Construct, id: str = "Api", **overrides: Any) -> cl.Function:
    """A ``constructs_lambda.Function`` on Python 3.14 with inline code; ``overrides`` replace any prop."""
    return cl.Function(scope, id, **function_props(**overrides))


def make_layer(scope: Construct, id: str = "Layer", *, code: lambda_.Code, **overrides: Any) -> cl.Layer:
    """A ``constructs_lambda.Layer`` of ``code`` (a layer needs nothing else); ``overrides`` are its props."""
    return cl.Layer(scope, id, code=code, **overrides)


def make_python_layer(
    scope: Construct, id: str = "Deps", *, entry: str | os.PathLike[str], **overrides: Any
) -> cl.PythonLayer:
    """A ``constructs_lambda.PythonLayer`` of ``entry`` for Python 3.12 on arm64; ``overrides`` replace any prop."""
    props: dict[str, Any] = {"runtime": LAYER_RUNTIME, "architecture": lambda_.Architecture.ARM_64}
    props.update(overrides)
    return cl.PythonLayer(scope, id, entry=entry, **props)


def make_boundary(scope: Construct, id: str = "Boundary", **overrides: Any) -> cl.PermissionsBoundary:
    """A ``constructs_lambda.PermissionsBoundary`` with the default policy unless ``overrides`` say otherwise."""
    return cl.PermissionsBoundary(scope, id, **overrides)


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
