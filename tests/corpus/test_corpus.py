"""Each corpus app, synthesized with ``aws_lambda.Function`` and with ``cl.Function`` swapped in (issue 15).

Checks per app: (a) both runs synthesize; (b) the library adds no cfn-lint finding; (c) no two aliases
share a name on one function; (d) every invoker of a function whose alias carries provisioned
concurrency calls the alias; (e) a function CloudFront runs as Lambda@Edge has only settings Lambda@Edge
supports. Where today's library fails a check, the case is a strict xfail naming what fails, so that the
fix flips it to a failure and the marker must go.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from .apps import APPS, CorpusApp
from .harness import (
    Template_,
    bypassed_aliases,
    duplicate_aliases,
    edge_violations,
    lint_findings,
    new_findings,
    provisioned_functions,
    synthesize,
)

# Integrations that take the function object are warned at synth (constructs-lambda:unqualified-invocation),
# not rerouted: fn.function_arn keeps meaning the function (constructs_lambda/_routing.py says why).
_TRAFFIC_BYPASSES = "issue 15: provisioned concurrency on the alias is bypassed; the unqualified function is invoked by {invokers}"

# (app, check) -> why today's library fails it. Remove an entry when the fix lands (strict xfail fails).
KNOWN_FAILURES: Mapping[tuple[str, str], str] = {
    ("rest_api", "traffic_reaches_alias"): _TRAFFIC_BYPASSES.format(
        invokers="LambdaRestApi's method and permissions"
    ),
    ("http_api", "traffic_reaches_alias"): _TRAFFIC_BYPASSES.format(
        invokers="HttpLambdaIntegration and its permission"
    ),
    ("queue_topic", "traffic_reaches_alias"): _TRAFFIC_BYPASSES.format(
        invokers="the SNS subscription (the SQS event source mapping is routed to the alias)"
    ),
    ("s3_events", "traffic_reaches_alias"): _TRAFFIC_BYPASSES.format(
        invokers="the S3 notification and its permission"
    ),
    ("eventbridge", "traffic_reaches_alias"): _TRAFFIC_BYPASSES.format(
        invokers="the rule target and its permission"
    ),
    ("step_functions", "traffic_reaches_alias"): _TRAFFIC_BYPASSES.format(invokers="the LambdaInvoke task"),
    ("function_url", "traffic_reaches_alias"): _TRAFFIC_BYPASSES.format(
        invokers="the function URL and its permission"
    ),
}


# Apps the library refuses at synthesis on purpose (issue 15 decisions), with the message it must give.
# Their template checks then have no library template to read: the refusal is the check.
REFUSED_BY_DESIGN: Mapping[str, str] = {
    "codedeploy_canary": "Corpus-codedeploy-canary/Checkout: alias_name must be unique per function",
    "cloudfront_edge": (
        "Corpus-cloudfront-edge/Rewrite: memory_size must be at most 128 MiB for a Lambda@Edge viewer trigger"
    ),
}


def _cases(check: str) -> list[Any]:
    """One case per app, a strict xfail where ``KNOWN_FAILURES`` lists (app, check).

    ``raises=AssertionError``: a case expected to fail its assertion must not pass as xfail by crashing.
    """
    cases: list[Any] = []
    for app in APPS:
        reason = KNOWN_FAILURES.get((app.name, check))
        marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)] if reason else []
        cases.append(pytest.param(app, id=app.name, marks=marks))
    return cases


def _library_template(app: CorpusApp) -> Template_:
    """The library run's template; the check is skipped when synthesis failed (test_synthesizes says why)."""
    synthesis = synthesize(app, "library")
    if synthesis.template is None:
        pytest.skip(f"the library run did not synthesize: {synthesis.error}")
    return synthesis.template


@pytest.mark.parametrize("app", _cases("synthesizes"))
def test_synthesizes(app: CorpusApp) -> None:
    """The app synthesizes with the L2, and with cl.Function swapped in nothing is rejected."""
    # GIVEN the app, valid for AWS as written with the plain L2
    l2 = synthesize(app, "l2")
    assert l2.error is None, f"the app itself does not synthesize with the L2: {l2.error}"
    # WHEN it is synthesized with cl.Function in place of aws_lambda.Function
    library = synthesize(app, "library")
    # THEN nothing is rejected, unless the library refuses the app on purpose, with its message
    refusal = REFUSED_BY_DESIGN.get(app.name)
    if refusal is not None:
        assert refusal in str(library.error), f"{type(library.error).__name__}: {library.error}"
        return
    assert library.error is None, f"{type(library.error).__name__}: {library.error}"


@pytest.mark.parametrize("app", _cases("cfn_lint_clean"))
def test_cfn_lint_clean(app: CorpusApp) -> None:
    """cfn-lint finds nothing in the library run that it does not find in the L2 run of the same app."""
    # GIVEN the library run's template
    template = _library_template(app)
    # WHEN cfn-lint checks it (and, only if it finds anything, the L2 run as the baseline)
    findings = lint_findings(app, template)
    if findings:
        l2 = synthesize(app, "l2").template
        assert l2 is not None
        findings = new_findings(findings, lint_findings(app, l2))
    # THEN the library caused none of them
    assert findings == [], "\n".join(findings)


@pytest.mark.parametrize("app", _cases("alias_names_unique"))
def test_alias_names_unique(app: CorpusApp) -> None:
    """No two AWS::Lambda::Alias resources share a name on one function."""
    # GIVEN the library run's template
    template = _library_template(app)
    # WHEN aliases are grouped by name and function
    duplicates = duplicate_aliases(template)
    # THEN every group has one alias
    assert duplicates == [], "\n".join(duplicates)


@pytest.mark.parametrize("app", _cases("traffic_reaches_alias"))
def test_traffic_reaches_alias(app: CorpusApp) -> None:
    """Every invoker of a function with provisioned concurrency on its alias invokes that alias."""
    # GIVEN the library run's template
    template = _library_template(app)
    # (an app that configures provisioned concurrency must show it, or this check would pass vacuously)
    assert provisioned_functions(template) or not app.library_kwargs
    # WHEN the invokers of such functions are collected
    bypasses = bypassed_aliases(template)
    # THEN none of them calls the unqualified function
    assert bypasses == [], "\n".join(bypasses)


@pytest.mark.parametrize("app", _cases("edge_restrictions"))
def test_edge_restrictions(app: CorpusApp) -> None:
    """A function CloudFront associates as Lambda@Edge carries no setting Lambda@Edge rejects."""
    # GIVEN the library run's template
    template = _library_template(app)
    # WHEN the functions behind the distributions' Lambda@Edge associations are inspected
    violations = edge_violations(template)
    # THEN none of them has an unsupported setting
    assert violations == [], "\n".join(violations)
