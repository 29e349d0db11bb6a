"""Traffic reaches the alias: event source mappings are routed; other unqualified callers are pointed out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks

import constructs_lambda as cl
from constructs_lambda._routing import unqualified_invocations
from tests.conftest import ACCOUNT, REGION, project_context
from tests.helpers import template_of
from tests.traffic_helpers import function, plain_function, traffic_findings

RULE = "constructs-lambda:unqualified-invocation"
PC = cl.ProvisionedConcurrency(min_capacity=1, max_capacity=4)

# Each builds one integration that invokes ``target`` (the function, or its alias).
Wire = Callable[[Stack, lambda_.IFunction], None]


def _rest_api(stack: Stack, target: lambda_.IFunction) -> None:
    api = apigateway.RestApi(stack, "Rest", deploy=False)
    api.root.add_method("GET", apigateway.LambdaIntegration(target))


def _http_api(stack: Stack, target: lambda_.IFunction) -> None:
    api = apigwv2.HttpApi(stack, "Http")
    api.add_routes(path="/", integration=integrations.HttpLambdaIntegration("Handler", target))


def _state_machine(stack: Stack, target: lambda_.IFunction) -> None:
    task = tasks.LambdaInvoke(stack, "Invoke", lambda_function=target)
    sfn.StateMachine(stack, "Flow", definition_body=sfn.DefinitionBody.from_chainable(task))


def _topic(stack: Stack, target: lambda_.IFunction) -> None:
    sns.Topic(stack, "Topic").add_subscription(subscriptions.LambdaSubscription(target))


def _bucket(stack: Stack, target: lambda_.IFunction) -> None:
    s3.Bucket(stack, "Uploads").add_event_notification(
        s3.EventType.OBJECT_CREATED, s3n.LambdaDestination(target)
    )


def _rule(stack: Stack, target: lambda_.IFunction) -> None:
    rule = events.Rule(stack, "Nightly", schedule=events.Schedule.rate(Duration.days(1)))
    rule.add_target(targets.LambdaFunction(target))


def _permission(stack: Stack, target: lambda_.IFunction) -> None:
    target.add_permission("Partner", principal=iam.AccountPrincipal("210987654321"))


def _function_url(stack: Stack, target: lambda_.IFunction) -> None:
    target.add_function_url(auth_type=lambda_.FunctionUrlAuthType.AWS_IAM)


WIRES = [_rest_api, _http_api, _state_machine, _topic, _bucket, _rule, _permission, _function_url]
WIRE_IDS = [
    "rest-api",
    "http-api",
    "step-functions",
    "sns",
    "s3",
    "eventbridge",
    "add_permission",
    "function-url",
]


def _durable() -> lambda_.DurableConfig:
    return lambda_.DurableConfig(execution_timeout=Duration.hours(1))


# -- event source mappings are routed -------------------------------------------------------------------


@pytest.mark.parametrize(
    "how",
    ["add_event_source", "events", "add_event_source_mapping"],
    ids=["add_event_source", "events-keyword", "add_event_source_mapping"],
)
def test_event_source_mappings_invoke_the_alias(app: App, stack: Stack, how: str) -> None:
    """Every way to add a mapping gives it the alias as FunctionName; no finding."""
    # GIVEN
    queue = sqs.Queue(stack, "Jobs", enforce_ssl=True)
    source = sources.SqsEventSource(queue)
    fn = function(stack, "Worker", provisioned_concurrency=PC, events=[source] if how == "events" else None)
    # WHEN
    if how == "add_event_source":
        fn.add_event_source(source)
    elif how == "add_event_source_mapping":
        fn.add_event_source_mapping("Jobs", event_source_arn=queue.queue_arn, batch_size=5)
        queue.grant_consume_messages(fn)
    # THEN
    mappings = template_of(stack).find_resources("AWS::Lambda::EventSourceMapping")
    assert len(mappings) == 1
    (mapping,) = mappings.values()
    assert "WorkerAlias" in str(mapping["Properties"]["FunctionName"])
    assert traffic_findings(app) == []


def test_routed_mapping_keeps_the_l2_logical_id() -> None:
    """The mapping stays where the L2 puts it: upgrading changes FunctionName in place, never replaces it."""
    # GIVEN
    ids = []
    for make in (function, plain_function):
        stack = Stack(App(context=project_context()), "Test", env=Environment(account=ACCOUNT, region=REGION))
        make(stack, "Worker").add_event_source(sources.SqsEventSource(sqs.Queue(stack, "Jobs")))
        # WHEN
        ids.append(set(template_of(stack, lint=False).find_resources("AWS::Lambda::EventSourceMapping")))
    # THEN
    assert ids[0] == ids[1]


def test_without_an_alias_mappings_invoke_the_function(app: App, stack: Stack) -> None:
    """alias_name=None: nothing to route to, the mapping names the function as in the L2."""
    # GIVEN
    fn = function(stack, "Worker", alias_name=None)
    # WHEN
    fn.add_event_source(sources.SqsEventSource(sqs.Queue(stack, "Jobs", enforce_ssl=True)))
    # THEN
    (mapping,) = template_of(stack).find_resources("AWS::Lambda::EventSourceMapping").values()
    assert "Alias" not in str(mapping["Properties"]["FunctionName"])


# -- integrations that take the function object are pointed out -----------------------------------------


@pytest.mark.parametrize("wire", WIRES, ids=WIRE_IDS)
def test_unqualified_caller_of_a_provisioned_alias_warns(app: App, stack: Stack, wire: Wire) -> None:
    """Passing fn while the alias has provisioned concurrency: a warning naming the caller and the fix."""
    # GIVEN
    fn = function(stack, "Api", provisioned_concurrency=PC)
    wire(stack, fn)
    # WHEN
    findings = traffic_findings(app, RULE)
    # THEN
    assert [f["severity"] for f in findings] == ["warning"]
    assert findings[0]["description"].startswith("Test/Api is invoked without a qualifier by Test/")
    assert "provisioned concurrency on alias live (Test/Api/Alias)" in findings[0]["description"]
    assert "Pass fn.alias instead of fn" in findings[0]["suggestedFix"]


# aws-cdk-lib's own state machine and S3-notification handler carry a redundant DependsOn (cfn-lint
# W3005), which is not ours to fix; those templates are not linted.
_LINTED = [wire not in (_state_machine, _bucket) for wire in WIRES]


@pytest.mark.parametrize(("wire", "lint"), list(zip(WIRES, _LINTED, strict=True)), ids=WIRE_IDS)
def test_caller_of_the_alias_is_silent_and_lint_clean(app: App, stack: Stack, wire: Wire, lint: bool) -> None:
    """The fix the warning names (fn.alias) leaves no finding, and the template passes cfn-lint."""
    # GIVEN
    fn = function(stack, "Api", provisioned_concurrency=PC)
    assert fn.alias is not None
    wire(stack, fn.alias)
    # WHEN
    findings = traffic_findings(app)
    # THEN
    assert findings == []
    template_of(stack, lint=lint)


@pytest.mark.parametrize("wire", [_topic, _permission], ids=["sns", "add_permission"])
def test_unqualified_callers_without_provisioned_concurrency_are_silent(
    app: App, stack: Stack, wire: Wire
) -> None:
    """Without provisioned concurrency nothing is bypassed: $LATEST and the alias run the same code."""
    # GIVEN
    wire(stack, function(stack, "Api"))
    # WHEN / THEN
    assert traffic_findings(app) == []


def test_unqualified_caller_of_a_durable_function_fails_synth(app: App, stack: Stack) -> None:
    """A durable function must be invoked through a version or alias: the same finding is an error."""
    # GIVEN
    fn = function(stack, "Flow", durable_config=_durable())
    _topic(stack, fn)
    # WHEN / THEN
    with pytest.raises(
        Exception,
        match=r"Test/Flow is invoked without a qualifier by .*Test/Flow/Topic \(AWS::SNS::Subscription\)",
    ) as err:
        app.synth()
    assert "is durable, so it must be invoked through a version or alias" in str(err.value)


def test_durable_function_with_routed_mapping_passes(app: App, stack: Stack) -> None:
    """The routed mapping is what makes a durable function with an event source deployable."""
    # GIVEN
    fn = function(stack, "Flow", durable_config=_durable())
    # WHEN
    fn.add_event_source(sources.SqsEventSource(sqs.Queue(stack, "Jobs", enforce_ssl=True)))
    # THEN
    assert traffic_findings(app) == []


@pytest.mark.parametrize(
    ("function_name", "found"),
    [
        ({"Fn::Join": [":", [{"Fn::GetAtt": ["Fn", "Arn"]}, "live"]]}, 0),
        ({"Fn::Join": ["", [{"Fn::GetAtt": ["Fn", "Arn"]}, ":live"]]}, 0),
        ({"Fn::GetAtt": ["Fn", "Arn"]}, 1),
        ({"Ref": "Fn"}, 1),
        ({"Ref": "FnAlias"}, 0),
    ],
    ids=["join-colon", "join-suffix", "getatt-arn", "ref-name", "alias"],
)
def test_pure_check_tells_qualified_from_unqualified(function_name: Any, found: int) -> None:
    """A qualifier appended in a Join counts as qualified; Ref and GetAtt Arn of the function do not."""
    # GIVEN
    template = {
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}},
            "FnAlias": {
                "Type": "AWS::Lambda::Alias",
                "Properties": {
                    "FunctionName": {"Ref": "Fn"},
                    "Name": "live",
                    "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 1},
                },
            },
            "Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": function_name}},
        }
    }
    # WHEN
    findings = unqualified_invocations(template)
    # THEN
    assert len(findings) == found
