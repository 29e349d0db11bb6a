"""Tenant isolation: every pairing Lambda refuses is a ValidationError naming both settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match

import constructs_lambda as cl
from constructs_lambda._feature_checks import check_url_allowed
from tests.helpers import assert_nag_clean, make_function, template_of

RUNTIME = lambda_.Runtime.PYTHON_3_14
INLINE = lambda_.Code.from_inline("def handler(event, context):\n    return event\n")
PER_TENANT = lambda_.TenancyConfig.PER_TENANT
BOTH = r"cannot be combined with tenancy_config=TenancyConfig.PER_TENANT"


def queue_source(stack: Stack) -> sources.SqsEventSource:
    """An SQS event source (an event source mapping)."""
    return sources.SqsEventSource(sqs.Queue(stack, "Queue", enforce_ssl=True))


# Each refused pairing: the keywords that pair with tenancy_config, and the property the error names.
REFUSED: dict[str, tuple[Callable[[Stack], dict[str, Any]], str]] = {
    "snap_start": (lambda s: {"snap_start": lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS}, "snap_start"),
    "provisioned_concurrency": (
        lambda s: {"provisioned_concurrency": cl.ProvisionedConcurrency(min_capacity=1)},
        "provisioned_concurrency",
    ),
    "current_version_options": (
        lambda s: {"current_version_options": lambda_.VersionOptions(provisioned_concurrent_executions=1)},
        r"current_version_options.provisioned_concurrent_executions",
    ),
    "events_sqs": (lambda s: {"events": [queue_source(s)]}, "events"),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_fails_when_tenancy_meets_a_refused_setting(stack: Stack, case: str) -> None:
    """tenancy_config=PER_TENANT and a setting tenant isolation lacks: ValidationError naming both."""
    # GIVEN
    extra, prop = REFUSED[case]
    # WHEN / THEN
    with pytest.raises(cl.ValidationError, match=rf"^Test/Tenant: {prop} {BOTH}") as raised:
        make_function(stack, "Tenant", tenancy_config=PER_TENANT, **extra(stack))
    assert "tenant-isolation.html" in str(raised.value)


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_each_refused_setting_passes_without_tenancy(stack: Stack, case: str) -> None:
    """The same setting without tenancy_config: no error (the nearest passing case)."""
    # GIVEN
    extra, _ = REFUSED[case]
    kwargs = extra(stack)
    if case == "current_version_options":  # refused on its own (aws/aws-cdk#27136); keep the option
        kwargs = {"current_version_options": lambda_.VersionOptions(description="v")}
    # WHEN / THEN
    make_function(stack, "Tenant", **kwargs)


def test_default_tenant_isolated_function_is_lint_and_nag_clean(stack: Stack) -> None:
    """A tenant-isolated function with defaults: TenancyConfig is set and cfn-lint and cdk-nag find nothing."""
    # GIVEN / WHEN
    make_function(stack, "Tenant", tenancy_config=PER_TENANT)
    # THEN
    template_of(stack).has_resource_properties(
        "AWS::Lambda::Function", {"TenancyConfig": {"TenantIsolationMode": "PER_TENANT"}}
    )
    assert_nag_clean(stack)


def test_warns_that_tenancy_changes_replace_the_function(stack: Stack) -> None:
    """A tenant-isolated function: a warning says a change replaces it."""
    # GIVEN / WHEN
    make_function(stack, "Tenant", tenancy_config=PER_TENANT)
    # THEN
    Annotations.from_stack(stack).has_warning(
        "/Test/Tenant", Match.string_like_regexp("replaces the function.*constructs-lambda:tenancyReplaces")
    )


def test_api_gateway_event_source_is_allowed(stack: Stack) -> None:
    """A tenant-isolated function: it is accepted."""
    # GIVEN / WHEN
    fn = make_function(
        stack, "Tenant", tenancy_config=PER_TENANT, events=[sources.ApiEventSource("GET", "/orders")]
    )
    # THEN
    assert fn.tenancy_config is not None


def test_fails_when_event_source_added_later(stack: Stack) -> None:
    """A tenant-isolated function: ValidationError naming both."""
    # GIVEN
    fn = make_function(stack, "Tenant", tenancy_config=PER_TENANT)
    # WHEN / THEN
    with pytest.raises(cl.ValidationError, match=rf"add_event_source {BOTH}.*got 'SqsEventSource'"):
        fn.add_event_source(queue_source(stack))


def test_fails_when_event_source_mapping_added(stack: Stack) -> None:
    """A tenant-isolated function: ValidationError naming both."""
    # GIVEN
    fn = make_function(stack, "Tenant", tenancy_config=PER_TENANT)
    queue = sqs.Queue(stack, "Queue", enforce_ssl=True)
    # WHEN / THEN
    with pytest.raises(cl.ValidationError, match=rf"add_event_source_mapping {BOTH}"):
        fn.add_event_source_mapping("Mapping", event_source_arn=queue.queue_arn)


def test_event_source_mapping_without_tenancy_keeps_every_option(stack: Stack) -> None:
    """A plain function: both carry their options (the override forwards keywords and the struct jsii passes)."""
    # GIVEN
    fn = make_function(stack, "Tenant")
    queue = sqs.Queue(stack, "Queue", enforce_ssl=True)
    # WHEN
    fn.add_event_source_mapping("Mapping", event_source_arn=queue.queue_arn, batch_size=7)
    fn.add_event_source(sources.SqsEventSource(queue, batch_size=3))
    # THEN
    template = template_of(stack, lint=False)
    template.resource_count_is("AWS::Lambda::EventSourceMapping", 2)
    for size in (7, 3):
        template.has_resource_properties("AWS::Lambda::EventSourceMapping", {"BatchSize": size})


def test_url_check_names_both_settings() -> None:
    """A tenant-isolated function's path: ValidationError naming both; without tenancy it passes."""
    # GIVEN / WHEN / THEN
    check_url_allowed("S/Fn", None)
    with pytest.raises(cl.ValidationError, match=rf"^S/Fn: add_function_url {BOTH}"):
        check_url_allowed("S/Fn", PER_TENANT)


def test_fails_when_function_url_added(stack: Stack) -> None:
    """A tenant-isolated function: ValidationError naming both settings; a plain function gets its URL."""
    # GIVEN
    fn = make_function(stack, "Tenant", tenancy_config=PER_TENANT)
    plain = cl.Function(stack, "Plain", runtime=RUNTIME, handler="app.handler", code=INLINE)
    # WHEN / THEN
    with pytest.raises(cl.ValidationError, match=rf"^Test/Tenant: add_function_url {BOTH}"):
        fn.add_function_url()
    assert plain.add_function_url() is not None
