"""Provisioned concurrency: validation, template, and the lifecycle across two synths (before -> after)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

import pytest
from aws_cdk import App, Duration, Environment, Stack, Token
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Annotations, Match, Template

import constructs_lambda as cl
from constructs_lambda import ProvisionedConcurrency, ScheduledCapacity, ValidationError
from constructs_lambda._function_alias import order_scaling_after_alias
from constructs_lambda._limits import (
    COOLDOWN_MAX_SECONDS,
    SCHEDULED_ACTION_NAME_MAX_LENGTH,
    SCHEDULED_ACTIONS_MAX_COUNT,
)
from constructs_lambda._scaling import (
    SCALABLE_DIMENSION,
    SCALING_ID,
    SCALING_ROLE_ID,
    SERVICE_LINKED_ROLE_NAME,
    SPILLOVER_METRIC,
    configure_provisioned_concurrency,
)
from tests.helpers import (
    assert_cfn_lint_clean,
    assert_nag_clean,
    cfn_lint_findings,
    make_function,
    nag_findings,
    template_of,
)

TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"
POLICY = "AWS::ApplicationAutoScaling::ScalingPolicy"
ALIAS = "AWS::Lambda::Alias"
ALARM = "AWS::CloudWatch::Alarm"
VERSION = "AWS::Lambda::Version"
ENV = Environment(account="123456789012", region="eu-west-1")
CODE_V1 = "def handler(event, context):\n    return 1\n"
CODE_V2 = "def handler(event, context):\n    return 2\n"


def design_example() -> ProvisionedConcurrency:
    """The configuration from DESIGN.md and the issue's "done when"."""
    return ProvisionedConcurrency(
        min_capacity=2,
        max_capacity=50,
        utilization_target=0.7,
        schedules=[
            ScheduledCapacity(
                "BusinessHours",
                schedule="cron(0 8 ? * MON-FRI *)",
                time_zone="Europe/Berlin",
                min_capacity=10,
            ),
            ScheduledCapacity(
                "Evening", schedule="cron(0 19 ? * MON-FRI *)", time_zone="Europe/Berlin", min_capacity=2
            ),
        ],
    )


def build(
    stack: Stack,
    config: ProvisionedConcurrency | None,
    *,
    code: str = CODE_V1,
    reserved: int | None = None,
) -> tuple[cl.Function, lambda_.Alias]:
    """A ``constructs_lambda.Function`` with ``config`` and its alias."""
    fn = make_function(
        stack,
        "Api",
        handler="index.handler",
        code=lambda_.Code.from_inline(code),
        reserved_concurrent_executions=reserved,
        provisioned_concurrency=config,
    )
    assert fn.alias is not None
    return fn, fn.alias


def build_l2(stack: Stack, config: ProvisionedConcurrency) -> lambda_.Alias:
    """Wire a plain L2 function and alias the way ``constructs_lambda.Function`` does."""
    fn = lambda_.Function(
        stack,
        "Api",
        runtime=lambda_.Runtime.PYTHON_3_14,
        handler="index.handler",
        code=lambda_.Code.from_inline(CODE_V1),
    )
    config.check_for_function(
        fn.node.path, reserved_concurrent_executions=None, snap_start=False, has_weighted_routing=False
    )
    alias = lambda_.Alias(
        fn,
        "Alias",
        alias_name="live",
        version=fn.current_version,
        provisioned_concurrent_executions=config.alias_executions,
    )
    configure_provisioned_concurrency(fn, alias, config)
    return alias


def synth(config: ProvisionedConcurrency | None, **kwargs: Any) -> Template:
    """Template of a fresh stack holding one function with ``config``."""
    stack = Stack(App(), "Test", env=ENV)
    build(stack, config, **kwargs)
    return template_of(stack)


def only(template: Template, resource_type: str) -> tuple[str, dict[str, Any]]:
    """The single resource of ``resource_type`` as (logical ID, resource)."""
    found = template.find_resources(resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    logical_id, resource = next(iter(found.items()))
    return logical_id, dict(resource)


# --- template -----------------------------------------------------------------------------------------------


def test_first_deploy_renders_target_policy_schedules_and_alarm_on_alias_live() -> None:
    """The DESIGN example: alias, target, policy and alarm match the issue."""
    # GIVEN the DESIGN example
    template = synth(design_example())

    # WHEN synthesized
    alias_id, alias = only(template, ALIAS)
    # THEN alias, target, policy and alarm match the issue
    assert alias["Properties"]["Name"] == "live"
    assert alias["Properties"]["ProvisionedConcurrencyConfig"] == {"ProvisionedConcurrentExecutions": 2}
    template.has_resource(
        TARGET,
        {
            "Properties": {
                "ServiceNamespace": "lambda",
                "ScalableDimension": SCALABLE_DIMENSION,
                "MinCapacity": 2,
                "MaxCapacity": 50,
                "ResourceId": {"Fn::Join": ["", ["function:", {"Ref": Match.any_value()}, ":live"]]},
                "RoleARN": {
                    "Fn::Join": [
                        "",
                        [
                            "arn:",
                            {"Ref": "AWS::Partition"},
                            ":iam::123456789012:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/"
                            + SERVICE_LINKED_ROLE_NAME,
                        ],
                    ]
                },
                "ScheduledActions": [
                    {
                        "ScheduledActionName": "BusinessHours",
                        "Schedule": "cron(0 8 ? * MON-FRI *)",
                        "Timezone": "Europe/Berlin",
                        "ScalableTargetAction": {"MinCapacity": 10},
                    },
                    {
                        "ScheduledActionName": "Evening",
                        "Schedule": "cron(0 19 ? * MON-FRI *)",
                        "Timezone": "Europe/Berlin",
                        "ScalableTargetAction": {"MinCapacity": 2},
                    },
                ],
            },
            # Registered only once the alias holds its floor.
            "DependsOn": [alias_id],
        },
    )
    template.has_resource_properties(
        POLICY,
        {
            "PolicyType": "TargetTrackingScaling",
            "TargetTrackingScalingPolicyConfiguration": {
                "TargetValue": 0.7,
                "PredefinedMetricSpecification": {
                    "PredefinedMetricType": "LambdaProvisionedConcurrencyUtilization"
                },
            },
        },
    )
    template.has_resource_properties(
        ALARM,
        {
            "MetricName": SPILLOVER_METRIC,
            "Namespace": "AWS/Lambda",
            "Statistic": "Sum",
            "Dimensions": Match.array_with(
                [
                    {"Name": "FunctionName", "Value": {"Ref": Match.any_value()}},
                    {"Name": "Resource", "Value": {"Fn::Join": ["", [{"Ref": Match.any_value()}, ":live"]]}},
                ]
            ),
        },
    )
    # The service-linked role is referenced, never created: the only role is the function's own.
    template.resource_count_is("AWS::IAM::Role", 1)


def test_service_linked_role_is_imported_once_per_stack() -> None:
    """Every target of a stack names its own account's role; the role is imported once per stack."""
    # GIVEN two autoscaled functions in one stack and one in a stack of another account
    config = ProvisionedConcurrency(min_capacity=1, max_capacity=5)
    app = App()
    stack = Stack(app, "Test", env=ENV)
    other = Stack(app, "Other", env=Environment(account="210987654321", region="eu-west-1"))
    first = make_function(stack, "First", provisioned_concurrency=config)
    second = make_function(stack, "Second", provisioned_concurrency=config)
    elsewhere = make_function(other, "Api", provisioned_concurrency=config)

    # WHEN the scaling scopes and the templates are read
    def role_children(fn: cl.Function) -> list[str]:
        assert fn.alias is not None
        scope = fn.alias.node.find_child(SCALING_ID)
        return [child.node.id for child in scope.node.children if child.node.id == SCALING_ROLE_ID]

    def role_arns(of: Stack) -> set[str]:
        targets = Template.from_stack(of).find_resources(TARGET).values()
        return {target["Properties"]["RoleARN"]["Fn::Join"][1][2] for target in targets}

    # THEN the first alias of each stack holds the import, and each stack's targets name its own account
    assert [role_children(fn) for fn in (first, second, elsewhere)] == [
        [SCALING_ROLE_ID],
        [],
        [SCALING_ROLE_ID],
    ]
    role_path = (
        ":role/aws-service-role/lambda.application-autoscaling.amazonaws.com/" + SERVICE_LINKED_ROLE_NAME
    )
    assert role_arns(stack) == {":iam::123456789012" + role_path}
    assert role_arns(other) == {":iam::210987654321" + role_path}


def test_fixed_amount_puts_pc_on_the_alias_without_autoscaling() -> None:
    """No max_capacity: the alias holds the amount and nothing scales."""
    # GIVEN no max_capacity
    # WHEN synthesized
    template = synth(ProvisionedConcurrency(min_capacity=3))

    # THEN the alias holds the amount and nothing scales
    template.has_resource_properties(
        ALIAS, {"ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 3}}
    )
    template.resource_count_is(TARGET, 0)
    template.resource_count_is(POLICY, 0)
    template.resource_count_is(ALARM, 1)


def test_schedule_only_target_and_options_render() -> None:
    """Schedules only, cooldowns, disable_scale_in, no alarm: all are rendered."""
    # GIVEN schedules only, cooldowns, disable_scale_in, no alarm
    # WHEN synthesized
    template = synth(
        ProvisionedConcurrency(
            min_capacity=1,
            max_capacity=10,
            scale_in_cooldown=Duration.minutes(5),
            scale_out_cooldown=Duration.seconds(0),
            disable_scale_in=True,
            schedules=[
                ScheduledCapacity(
                    "Launch",
                    schedule=appscaling.Schedule.at(datetime(2030, 1, 1, 9, 0, tzinfo=UTC)),
                    start_time=datetime(2029, 12, 1, tzinfo=UTC),
                    end_time=datetime(2030, 2, 1, tzinfo=UTC),
                    min_capacity=5,
                    max_capacity=20,
                ),
                ScheduledCapacity("Back", schedule="rate(1 day)", min_capacity=1, max_capacity=10),
            ],
            spillover_alarm=False,
        )
    )

    # THEN all are rendered
    template.has_resource_properties(
        POLICY,
        {
            "TargetTrackingScalingPolicyConfiguration": {
                "ScaleInCooldown": 300,
                "ScaleOutCooldown": 0,
                "DisableScaleIn": True,
            }
        },
    )
    template.has_resource_properties(
        TARGET,
        {
            "ScheduledActions": Match.array_with(
                [
                    Match.object_like(
                        {
                            "ScheduledActionName": "Launch",
                            "Schedule": "at(2030-01-01T09:00:00)",
                            "StartTime": "2029-12-01T00:00:00Z",
                            "EndTime": "2030-02-01T00:00:00Z",
                            "ScalableTargetAction": {"MinCapacity": 5, "MaxCapacity": 20},
                        }
                    )
                ]
            )
        },
    )
    template.resource_count_is(ALARM, 0)


def test_fails_when_alias_also_gets_l2_add_auto_scaling() -> None:
    """Autoscaling from the library: synth fails."""
    # GIVEN autoscaling from the library
    app = App()
    stack = Stack(app, "Test", env=ENV)
    _, alias = build(stack, design_example())
    # WHEN alias.add_auto_scaling() is called too
    alias.add_auto_scaling(max_capacity=5)

    # THEN synth fails (checked in the pass over the written templates, so app.synth(), not
    # Template.from_stack)
    with pytest.raises(RuntimeError, match=r"scalable targets .* already registers a scalable target"):
        app.synth()


@pytest.mark.parametrize(("reserved", "warns"), [(5, True), (6, False)], ids=["5", "6"])
def test_warns_when_pc_can_reach_reserved_concurrency(reserved: int, warns: bool) -> None:
    """max_capacity 5: a $LATEST warning; with 6: none."""
    # GIVEN max_capacity 5
    stack = Stack(App(), "Test", env=ENV)
    build(stack, ProvisionedConcurrency(min_capacity=1, max_capacity=5), reserved=reserved)

    annotations = Annotations.from_stack(stack)
    # WHEN reserved concurrency is 5
    check = annotations.has_warning if warns else annotations.has_no_warning
    # THEN a $LATEST warning; WHEN 6 THEN none
    check(f"/Test/Api/Alias/{SCALING_ID}", Match.string_like_regexp(r"\$LATEST\) is throttled"))


def test_design_example_is_cfn_lint_and_nag_clean() -> None:
    """The DESIGN example on cl.Function: cfn-lint and cdk-nag report nothing."""
    # GIVEN the DESIGN example on cl.Function
    stack = Stack(App(), "Test", env=ENV)
    # WHEN linted
    build(stack, design_example())

    # THEN cfn-lint and cdk-nag report nothing
    assert_cfn_lint_clean(stack)
    assert_nag_clean(stack)


def test_module_works_on_a_plain_l2_alias() -> None:
    """A plain aws_lambda alias: the same resources, lint and nag clean."""
    # GIVEN a plain aws_lambda alias
    stack = Stack(App(), "Test", env=ENV)
    alias = build_l2(stack, design_example())

    # lint=False: the plain L2 function itself has a redundant DependsOn (cfn-lint W3005); only the
    # resources this module adds are held to zero findings, just below.
    template = template_of(stack, lint=False)
    for resource_type in (TARGET, POLICY, ALARM):
        template.resource_count_is(resource_type, 1)
    ours = {logical_id for logical_id in template.to_json()["Resources"] if SCALING_ID in logical_id}
    # WHEN configured directly
    findings = cfn_lint_findings(dict(template.to_json()), [stack.region])
    # THEN the same resources, lint and nag clean
    assert [f for f in findings if any(o in f for o in ours)] == []
    assert nag_findings(alias.node.find_child(SCALING_ID)) == []


def test_function_rejects_pc_above_reserved_and_with_snap_start() -> None:
    """cl.Function: ValidationError."""
    # GIVEN cl.Function
    # WHEN PC exceeds reserved concurrency or meets SnapStart
    stack = Stack(App(), "Test", env=ENV)
    # THEN ValidationError
    with pytest.raises(
        ValidationError, match=r"^Test/Api: provisioned_concurrency\.max_capacity must not exceed"
    ):
        build(stack, design_example(), reserved=49)
    with pytest.raises(ValidationError, match=r"provisioned_concurrency cannot be combined with snap_start"):
        cl.Function(
            stack,
            "Snap",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="index.handler",
            code=lambda_.Code.from_inline(CODE_V1),
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS,
            provisioned_concurrency=design_example(),
        )
    assert stack.node.try_find_child("Api") is None  # nothing was created before the error


# --- lifecycle: two synths, before -> after -----------------------------------------------------------------


def test_lifecycle_code_change_moves_alias_and_leaves_pc_and_target_untouched() -> None:
    """PC allocated: only the version and alias pointer change."""
    # GIVEN PC allocated
    before = synth(design_example(), code=CODE_V1)
    after = synth(design_example(), code=CODE_V2)

    # WHEN the code changes
    (v1_id, _), (v2_id, _) = only(before, VERSION), only(after, VERSION)
    # THEN only the version and alias pointer change
    assert v1_id != v2_id  # a new version is published
    (alias_before_id, alias_before), (alias_after_id, alias_after) = only(before, ALIAS), only(after, ALIAS)
    assert alias_before_id == alias_after_id  # updated in place, never replaced
    assert alias_after["Properties"]["FunctionVersion"] == {"Fn::GetAtt": [v2_id, "Version"]}
    assert (
        alias_before["Properties"]["ProvisionedConcurrencyConfig"]
        == alias_after["Properties"]["ProvisionedConcurrencyConfig"]
    )
    # Target, policy and alarm are byte-identical: CloudFormation does not touch them.
    for resource_type in (TARGET, POLICY, ALARM):
        assert before.find_resources(resource_type) == after.find_resources(resource_type)


def test_lifecycle_lowest_scheduled_floor_keeps_config_through_a_deploy() -> None:
    """A night schedule at the lowest floor (1): the alias config stays."""
    # GIVEN a night schedule at the lowest floor (1)
    night = ProvisionedConcurrency(
        min_capacity=1,
        max_capacity=20,
        schedules=[
            ScheduledCapacity("Day", schedule="cron(0 7 ? * * *)", min_capacity=5, max_capacity=20),
            ScheduledCapacity("Night", schedule="cron(0 20 ? * * *)", min_capacity=1, max_capacity=1),
        ],
    )
    before = synth(night, code=CODE_V1)
    after = synth(night, code=CODE_V2)

    # WHEN code is deployed
    for template in (before, after):
        template.has_resource_properties(
            ALIAS, {"ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 1}}
        )
    # THEN the alias config stays
    assert before.find_resources(TARGET) == after.find_resources(TARGET)
    # Capacity 0 (aws/aws-cdk#29992) cannot be configured at all:
    with pytest.raises(
        ValidationError, match=r"^ScheduledCapacity\('Night'\)\.max_capacity must be at least 1.*29992"
    ):
        ProvisionedConcurrency(
            min_capacity=1,
            max_capacity=20,
            schedules=[
                ScheduledCapacity("Day", schedule="cron(0 7 ? * * *)", min_capacity=5),
                ScheduledCapacity("Night", schedule="cron(0 20 ? * * *)", max_capacity=0, min_capacity=1),
            ],
        )


def test_lifecycle_switch_schedule_to_utilization_keeps_target_and_adds_policy() -> None:
    """Schedules only: the same target swaps actions for a policy."""
    # GIVEN schedules only
    schedules = ProvisionedConcurrency(
        min_capacity=1,
        max_capacity=10,
        utilization_target=None,
        schedules=[
            ScheduledCapacity("Morning", schedule="cron(30 3 * * ? *)", min_capacity=5),
            ScheduledCapacity("Evening", schedule="cron(30 18 * * ? *)", min_capacity=1),
        ],
    )
    before = synth(schedules)
    after = synth(ProvisionedConcurrency(min_capacity=1, max_capacity=10, utilization_target=0.7))

    # WHEN switched to utilization
    (target_before_id, target_before), (target_after_id, target_after) = (
        only(before, TARGET),
        only(after, TARGET),
    )
    # THEN the same target swaps actions for a policy
    assert target_before_id == target_after_id  # updated in place: no second registration for the alias
    assert len(target_before["Properties"]["ScheduledActions"]) == 2
    assert "ScheduledActions" not in target_after["Properties"]
    for prop in ("MinCapacity", "MaxCapacity", "ResourceId"):
        assert target_before["Properties"][prop] == target_after["Properties"][prop]
    before.resource_count_is(POLICY, 0)
    after.resource_count_is(POLICY, 1)


MORNING = ScheduledCapacity("Morning", schedule="cron(30 3 * * ? *)", min_capacity=5)
EVENING = ScheduledCapacity("Evening", schedule="cron(30 18 * * ? *)", min_capacity=1)


@pytest.mark.parametrize(
    ("min_capacity", "schedules", "warns"),
    [
        (1, [MORNING], True),
        (1, [MORNING, EVENING], False),  # a schedule lowers the floor again
        (Token.as_number({"Ref": "Floor"}), [MORNING], False),  # a deploy-time floor cannot be compared
    ],
    ids=["raise only", "raise and lower", "token floor"],
)
def test_lifecycle_one_way_schedule_warns_about_stranded_floor(
    min_capacity: int, schedules: list[ScheduledCapacity], warns: bool
) -> None:
    """A schedule raising the floor with none lowering it (#30503): a warning."""
    # GIVEN a schedule raising the floor with none lowering it (#30503)
    stack = Stack(App(), "Test", env=ENV)
    build(stack, ProvisionedConcurrency(min_capacity=min_capacity, max_capacity=10, schedules=schedules))

    annotations = Annotations.from_stack(stack)
    # WHEN synthesized
    check = annotations.has_warning if warns else annotations.has_no_warning
    # THEN a warning
    check(f"/Test/Api/Alias/{SCALING_ID}", Match.string_like_regexp(r"raise min_capacity.*30503"))


@pytest.mark.parametrize(
    "after",
    [None, ProvisionedConcurrency(min_capacity=0)],
    ids=["provisioned_concurrency=None", "fixed min_capacity=0"],
)
def test_lifecycle_removing_autoscaling_drops_pc_from_the_alias(after: ProvisionedConcurrency | None) -> None:
    """Autoscaled PC: the same alias loses its PC config (Lambda frees it, #31507)."""
    # GIVEN autoscaled PC
    before = synth(design_example())
    removed = synth(after)

    # WHEN removed
    (alias_before_id, alias_before), (alias_after_id, alias_after) = only(before, ALIAS), only(removed, ALIAS)
    # THEN the same alias loses its PC config (Lambda frees it, #31507)
    assert alias_before_id == alias_after_id  # an update of the alias, which deletes its PC configuration
    assert "ProvisionedConcurrencyConfig" in alias_before["Properties"]
    assert "ProvisionedConcurrencyConfig" not in alias_after["Properties"]
    for resource_type in (TARGET, POLICY, ALARM):
        removed.resource_count_is(resource_type, 0)


def test_lifecycle_weighted_routing_is_rejected() -> None:
    """Weighted alias routing: ValidationError names provisioned_concurrency."""
    # GIVEN weighted alias routing
    # WHEN PC is checked
    # THEN ValidationError names provisioned_concurrency
    with pytest.raises(
        ValidationError, match=r"^Orders/Api: provisioned_concurrency cannot be combined with weighted"
    ):
        design_example().check_for_function(
            "Orders/Api", reserved_concurrent_executions=None, snap_start=False, has_weighted_routing=True
        )


def test_lifecycle_snap_start_is_rejected() -> None:
    """SnapStart: ValidationError."""
    # GIVEN SnapStart
    # WHEN PC is checked
    # THEN ValidationError
    with pytest.raises(ValidationError, match=r"provisioned_concurrency cannot be combined with snap_start"):
        design_example().check_for_function(
            "Orders/Api", reserved_concurrent_executions=None, snap_start=True, has_weighted_routing=False
        )


@pytest.mark.parametrize(
    ("reserved", "prop"),
    [(49, "max_capacity"), (1, "min_capacity")],
    ids=["49", "1"],
)
def test_lifecycle_pc_above_reserved_concurrency_is_rejected(reserved: int, prop: str) -> None:
    """Reserved concurrency below a reachable amount: ValidationError names it."""
    # GIVEN reserved concurrency below a reachable amount
    # WHEN checked
    # THEN ValidationError names it
    with pytest.raises(ValidationError, match=rf"provisioned_concurrency\.{prop} must not exceed reserved"):
        design_example().check_for_function(
            "Orders/Api",
            reserved_concurrent_executions=reserved,
            snap_start=False,
            has_weighted_routing=False,
        )


def test_pc_equal_to_reserved_concurrency_is_allowed() -> None:
    """Reserved concurrency equal to max_capacity: no error (just inside)."""
    # GIVEN reserved concurrency equal to max_capacity
    # WHEN checked
    # THEN no error (just inside)
    design_example().check_for_function(
        "Orders/Api", reserved_concurrent_executions=50, snap_start=False, has_weighted_routing=False
    )


def test_fails_when_scheduled_max_exceeds_reserved_concurrency() -> None:
    """A schedule raising max to 11: ok; with 10: error names the schedule."""
    # GIVEN a schedule raising max to 11
    config = ProvisionedConcurrency(
        min_capacity=1,
        max_capacity=10,
        schedules=[ScheduledCapacity("Peak", schedule="cron(0 8 * * ? *)", min_capacity=1, max_capacity=11)],
    )
    # WHEN reserved is 11
    config.check_for_function(
        "Orders/Api", reserved_concurrent_executions=11, snap_start=False, has_weighted_routing=False
    )
    # THEN ok; WHEN 10 THEN error names the schedule
    with pytest.raises(ValidationError, match=r"schedules\[0\]\.max_capacity must not exceed reserved"):
        config.check_for_function(
            "Orders/Api", reserved_concurrent_executions=10, snap_start=False, has_weighted_routing=False
        )


def test_fails_when_function_does_not_publish_versions() -> None:
    """No published version: ValidationError."""
    # GIVEN no published version
    # WHEN checked
    # THEN ValidationError
    with pytest.raises(ValidationError, match=r"needs an alias on a published version"):
        design_example().check_for_function(
            "Orders/Api",
            reserved_concurrent_executions=None,
            snap_start=False,
            has_weighted_routing=False,
            publishes_versions=False,
        )


def test_zero_fixed_capacity_means_none_and_never_conflicts() -> None:
    """A fixed 0: no error and the alias gets no PC."""
    # GIVEN a fixed 0
    # WHEN checked against anything
    config = ProvisionedConcurrency(min_capacity=0)
    # THEN no error and the alias gets no PC
    assert config.alias_executions is None
    config.check_for_function(
        "Orders/Api",
        reserved_concurrent_executions=0,
        snap_start=True,
        has_weighted_routing=True,
        publishes_versions=False,
    )


# --- validation: capacities, target, cooldowns --------------------------------------------------------------


def test_alias_executions_is_the_floor() -> None:
    """Fixed or autoscaled PC: the alias carries min_capacity."""
    # GIVEN fixed or autoscaled PC
    # WHEN asked
    # THEN the alias carries min_capacity
    assert design_example().alias_executions == 2
    assert ProvisionedConcurrency(min_capacity=4).alias_executions == 4


def test_autoscaled_min_capacity_limits() -> None:
    """max_capacity: ok; with 0: ValidationError."""
    # GIVEN max_capacity
    # WHEN min_capacity is 1
    ProvisionedConcurrency(min_capacity=1, max_capacity=1)
    # THEN ok; WHEN 0 THEN ValidationError
    with pytest.raises(
        ValidationError, match=r"^min_capacity must be at least 1 \(with max_capacity set: .*29992\), got 0$"
    ):
        ProvisionedConcurrency(min_capacity=0, max_capacity=1)


def test_fixed_min_capacity_limits() -> None:
    """No max_capacity: ok; with -1: ValidationError."""
    # GIVEN no max_capacity
    # WHEN min_capacity is 0
    ProvisionedConcurrency(min_capacity=0)
    # THEN ok; WHEN -1 THEN ValidationError
    with pytest.raises(ValidationError, match=r"^min_capacity must be at least 0 \(0 means no provisioned"):
        ProvisionedConcurrency(min_capacity=-1)


def test_max_capacity_limits() -> None:
    """Min 5: ok; with 4: ValidationError."""
    # GIVEN min 5
    # WHEN max is 5
    ProvisionedConcurrency(min_capacity=5, max_capacity=5)
    # THEN ok; WHEN 4 THEN ValidationError
    with pytest.raises(ValidationError, match=r"^max_capacity must be at least min_capacity \(5\), got 4$"):
        ProvisionedConcurrency(min_capacity=5, max_capacity=4)


@pytest.mark.parametrize("target", [0.1, 0.9], ids=["0.1", "0.9"])
def test_utilization_target_just_inside(target: float) -> None:
    """A target at either end of 0.1-0.9: ok."""
    # GIVEN a target at either end of 0.1-0.9
    # WHEN created
    # THEN ok
    ProvisionedConcurrency(min_capacity=1, max_capacity=2, utilization_target=target)


@pytest.mark.parametrize("target", [0.09, 0.91], ids=["0.09", "0.91"])
def test_fails_when_utilization_target_just_outside(target: float) -> None:
    """A target just outside 0.1-0.9: ValidationError."""
    # GIVEN a target just outside 0.1-0.9
    # WHEN created
    # THEN ValidationError
    with pytest.raises(ValidationError, match=r"^utilization_target must be between 0.1 and 0.9"):
        ProvisionedConcurrency(min_capacity=1, max_capacity=2, utilization_target=target)


def test_fails_when_autoscaling_has_nothing_to_scale_on() -> None:
    """max_capacity without utilization target or schedules: ValidationError."""
    # GIVEN max_capacity without utilization target or schedules
    # WHEN created
    # THEN ValidationError
    with pytest.raises(ValidationError, match=r"^utilization_target or schedules must be set"):
        ProvisionedConcurrency(min_capacity=1, max_capacity=2, utilization_target=None)


@pytest.mark.parametrize(
    "prop", ["scale_in_cooldown", "scale_out_cooldown"], ids=["scale_in_cooldown", "scale_out_cooldown"]
)
def test_cooldown_limits(prop: str) -> None:
    """A cooldown: ok; with fractional or above: ValidationError."""

    # GIVEN a cooldown
    def make(value: Duration) -> ProvisionedConcurrency:
        options: dict[str, Any] = {prop: value}
        return ProvisionedConcurrency(min_capacity=1, max_capacity=2, **options)

    make(Duration.seconds(0))
    # WHEN 0 s or the maximum
    make(Duration.seconds(COOLDOWN_MAX_SECONDS))
    # THEN ok; WHEN fractional or above THEN ValidationError
    with pytest.raises(ValidationError, match=rf"^{prop} must be whole seconds"):
        make(Duration.millis(500))
    with pytest.raises(
        ValidationError, match=rf"^{prop} must be whole seconds between 0 and {COOLDOWN_MAX_SECONDS}"
    ):
        make(Duration.seconds(COOLDOWN_MAX_SECONDS + 1))


@pytest.mark.parametrize(
    ("kwargs", "prop"),
    [
        ({"schedules": [ScheduledCapacity("A", schedule="rate(1 hour)", min_capacity=1)]}, "schedules"),
        ({"scale_in_cooldown": Duration.seconds(60)}, "scale_in_cooldown"),
        ({"scale_out_cooldown": Duration.seconds(60)}, "scale_out_cooldown"),
        ({"disable_scale_in": True}, "disable_scale_in"),
        ({"utilization_target": 0.5}, "utilization_target"),
    ],
    ids=[
        "schedules",
        "scale_in_cooldown",
        "scale_out_cooldown",
        "disable_scale_in=True",
        "utilization_target=0.5",
    ],
)
def test_fails_when_autoscaling_option_lacks_max_capacity(kwargs: dict[str, Any], prop: str) -> None:
    """A fixed amount: ValidationError names it."""
    # GIVEN a fixed amount
    # WHEN an autoscaling option is set
    # THEN ValidationError names it
    with pytest.raises(ValidationError, match=rf"^{prop} needs max_capacity"):
        ProvisionedConcurrency(min_capacity=2, **kwargs)


# --- validation: scheduled capacities -----------------------------------------------------------------------


def test_scheduled_capacity_limits() -> None:
    """Scheduled capacities: ok; with 0, both unset or min > max: ValidationError."""
    # GIVEN scheduled capacities
    # WHEN 1
    ScheduledCapacity("A", schedule="rate(1 hour)", min_capacity=1, max_capacity=1)
    # THEN ok; WHEN 0, both unset or min > max THEN ValidationError
    with pytest.raises(
        ValidationError, match=r"^ScheduledCapacity\('A'\)\.min_capacity must be at least 1 .*29992"
    ):
        ScheduledCapacity("A", schedule="rate(1 hour)", min_capacity=0)
    with pytest.raises(ValidationError, match=r"^ScheduledCapacity\('A'\)\.max_capacity must be at least 1 "):
        ScheduledCapacity("A", schedule="rate(1 hour)", max_capacity=0)
    with pytest.raises(
        ValidationError,
        match=r"^ScheduledCapacity\('A'\)\.max_capacity must be at least min_capacity \(3\), got 2$",
    ):
        ScheduledCapacity("A", schedule="rate(1 hour)", min_capacity=3, max_capacity=2)
    with pytest.raises(
        ValidationError, match=r"^ScheduledCapacity\('A'\)\.min_capacity or max_capacity must be set"
    ):
        ScheduledCapacity("A", schedule="rate(1 hour)")


@pytest.mark.parametrize(
    ("target_range", "scheduled", "error"),
    [
        ((1, 10), {"min_capacity": 10}, None),
        ((1, 10), {"min_capacity": 11}, r"^schedules\[0\]\.min_capacity must not exceed max_capacity \(10\)"),
        ((1, 10), {"min_capacity": 11, "max_capacity": 11}, None),  # unless it also raises max
        ((3, 10), {"max_capacity": 3}, None),
        ((3, 10), {"max_capacity": 2}, r"^schedules\[0\]\.max_capacity must be at least min_capacity \(3\)"),
        ((3, 10), {"min_capacity": 2, "max_capacity": 2}, None),  # unless it also lowers min
    ],
    ids=[
        "1.10-min_capacity=10",
        "1.10-min_capacity=11",
        "1.10-min_capacity=11,max_capacity=11",
        "3.10-max_capacity=3",
        "3.10-max_capacity=2",
        "3.10-min_capacity=2,max_capacity=2",
    ],
)
def test_scheduled_bound_must_be_reachable_in_the_target_range(
    target_range: tuple[int, int], scheduled: dict[str, Any], error: str | None
) -> None:
    """A target range: error unless it moves both."""

    # GIVEN a target range
    # WHEN a schedule moves one bound past the other
    def make() -> ProvisionedConcurrency:
        return ProvisionedConcurrency(
            min_capacity=target_range[0],
            max_capacity=target_range[1],
            schedules=[ScheduledCapacity("A", schedule="rate(1 hour)", **scheduled)],
        )

    # THEN error unless it moves both
    if error is None:
        make()
    else:
        with pytest.raises(ValidationError, match=error):
            make()


@pytest.mark.parametrize(
    ("make", "prop"),
    [
        (lambda v: ProvisionedConcurrency(min_capacity=v), "min_capacity"),
        (lambda v: ProvisionedConcurrency(min_capacity=v, max_capacity=10), "min_capacity"),
        (lambda v: ProvisionedConcurrency(min_capacity=1, max_capacity=v), "max_capacity"),
        (
            lambda v: ScheduledCapacity("A", schedule="rate(1 hour)", min_capacity=v),
            "ScheduledCapacity('A').min_capacity",
        ),
        (
            lambda v: ScheduledCapacity("A", schedule="rate(1 hour)", max_capacity=v),
            "ScheduledCapacity('A').max_capacity",
        ),
    ],
    ids=["fixed min", "autoscaled min", "max", "scheduled min", "scheduled max"],
)
def test_capacities_must_be_whole_numbers(make: Any, prop: str) -> None:
    """A capacity: ok; with 2.5 or True: ValidationError naming it."""
    # GIVEN a capacity
    # WHEN 2
    make(2)
    # THEN ok; WHEN 2.5 or True THEN ValidationError naming it
    for bad in (2.5, True):
        with pytest.raises(ValidationError, match=r"must be a whole number at least") as caught:
            make(bad)
        assert caught.value.prop == prop
        assert caught.value.value is bad
        assert "#29992" not in str(caught.value)  # the reason for the lower bound is not the problem here


def test_schedules_limit_is_200_per_scalable_target() -> None:
    """200 schedules: ok; with 201: ValidationError (Application Auto Scaling quota)."""

    # GIVEN 200 schedules
    def make(count: int) -> ProvisionedConcurrency:
        return ProvisionedConcurrency(
            min_capacity=1,
            max_capacity=2,
            schedules=[
                ScheduledCapacity(f"S{i}", schedule="rate(1 hour)", min_capacity=1) for i in range(count)
            ],
        )

    # WHEN
    make(SCHEDULED_ACTIONS_MAX_COUNT)
    # THEN ok; WHEN 201 THEN ValidationError (Application Auto Scaling quota)
    with pytest.raises(
        ValidationError, match=r"^schedules allows at most 200 schedules, got '201 schedules'$"
    ):
        make(SCHEDULED_ACTIONS_MAX_COUNT + 1)


def test_token_min_capacity_still_needs_max_of_at_least_1() -> None:
    """A deploy-time min_capacity: ok; with 0: ValidationError."""
    # GIVEN a deploy-time min_capacity
    # Token.as_number is typed float; a number token is what users pass for a deploy-time count
    floor = cast(int, Token.as_number({"Ref": "Floor"}))
    # WHEN max_capacity is 1
    ProvisionedConcurrency(min_capacity=floor, max_capacity=1)
    # THEN ok; WHEN 0 THEN ValidationError
    with pytest.raises(ValidationError, match=r"^max_capacity must be at least 1 \(.*29992\), got 0$"):
        ProvisionedConcurrency(min_capacity=floor, max_capacity=0)


def test_scheduled_id_limits() -> None:
    """Ids: ok; with 257, empty, with ':' or duplicated: ValidationError."""
    # GIVEN ids
    # WHEN 256 chars
    ScheduledCapacity("a" * SCHEDULED_ACTION_NAME_MAX_LENGTH, schedule="rate(1 hour)", min_capacity=1)
    # THEN ok; WHEN 257, empty, with ':' or duplicated THEN ValidationError
    with pytest.raises(ValidationError, match=r"^id must be 1 to 256 characters long \(has 257\)"):
        ScheduledCapacity(
            "a" * (SCHEDULED_ACTION_NAME_MAX_LENGTH + 1), schedule="rate(1 hour)", min_capacity=1
        )
    with pytest.raises(ValidationError, match=r"^id must be 1 to 256"):
        ScheduledCapacity("", schedule="rate(1 hour)", min_capacity=1)
    with pytest.raises(ValidationError, match=r"^id must be free of ':', '/', '\|' and control characters"):
        ScheduledCapacity("a:b", schedule="rate(1 hour)", min_capacity=1)
    with pytest.raises(ValidationError, match=r"^schedules\[1\]\.id must be unique"):
        ProvisionedConcurrency(
            min_capacity=1,
            max_capacity=5,
            schedules=[
                ScheduledCapacity("A", schedule="rate(1 hour)", min_capacity=1),
                ScheduledCapacity("A", schedule="rate(2 hours)", min_capacity=2),
            ],
        )


@pytest.mark.parametrize("name", ["a b", "Bürozeit"], ids=["a_b", "Bürozeit"])
def test_scheduled_id_characters_just_inside(name: str) -> None:
    """An id with an inner space or non-ASCII letters: ok."""
    # GIVEN an id with an inner space or non-ASCII letters
    # WHEN created
    # THEN ok
    ScheduledCapacity(name, schedule="rate(1 hour)", min_capacity=1)


@pytest.mark.parametrize(
    "name", ["a/b", "a|b", " a", "a ", "a\x01b", "a\x7fb"], ids=["a/b", "a|b", "_a", "a_", "ax01b", "ax7fb"]
)
def test_fails_when_scheduled_id_characters_just_outside(name: str) -> None:
    """An id with '/', '|', a control character or an outer space: ValidationError."""
    # GIVEN an id with '/', '|', a control character or an outer space
    # WHEN created
    # THEN ValidationError
    with pytest.raises(ValidationError, match=r"^id must be free of") as caught:
        ScheduledCapacity(name, schedule="rate(1 hour)", min_capacity=1)
    assert caught.value.value == name


def test_time_zone_must_be_iana_and_not_on_rate() -> None:
    """Time zones: ok; with unknown or on rate(): ValidationError."""
    # GIVEN time zones
    ScheduledCapacity(
        "A", schedule="cron(0 8 ? * MON-FRI *)", time_zone="America/Argentina/Buenos_Aires", min_capacity=1
    )
    # WHEN IANA on cron or at
    ScheduledCapacity("A", schedule="at(2030-01-01T08:00:00)", time_zone="Europe/Berlin", min_capacity=1)
    # THEN ok; WHEN unknown or on rate() THEN ValidationError
    with pytest.raises(
        ValidationError,
        match=r"^ScheduledCapacity\('A'\)\.time_zone must be an IANA time zone.*got 'Europe/Berlln'$",
    ):
        ScheduledCapacity("A", schedule="cron(0 8 ? * MON-FRI *)", time_zone="Europe/Berlln", min_capacity=1)
    with pytest.raises(
        ValidationError, match=r"^ScheduledCapacity\('A'\)\.time_zone applies only to cron\(\) and at\(\)"
    ):
        ScheduledCapacity("A", schedule="rate(5 minutes)", time_zone="Europe/Berlin", min_capacity=1)


def test_end_time_must_follow_start_time() -> None:
    """Start and end: ok; with equal or either naive: ValidationError."""
    # GIVEN start and end
    start = datetime(2030, 1, 1, tzinfo=UTC)
    # WHEN end is later
    ScheduledCapacity(
        "A",
        schedule="rate(1 hour)",
        start_time=start,
        end_time=datetime(2030, 1, 1, 0, 0, 1, tzinfo=UTC),
        min_capacity=1,
    )
    # THEN ok; WHEN equal or either naive THEN ValidationError
    with pytest.raises(
        ValidationError, match=r"^ScheduledCapacity\('A'\)\.end_time must be after start_time"
    ):
        ScheduledCapacity("A", schedule="rate(1 hour)", start_time=start, end_time=start, min_capacity=1)
    with pytest.raises(ValidationError, match=r"^ScheduledCapacity\('A'\)\.end_time must carry a time zone"):
        ScheduledCapacity(
            "A", schedule="rate(1 hour)", start_time=start, end_time=datetime(2031, 1, 1), min_capacity=1
        )
    with pytest.raises(
        ValidationError, match=r"^ScheduledCapacity\('A'\)\.start_time must carry a time zone"
    ):
        ScheduledCapacity("A", schedule="rate(1 hour)", start_time=datetime(2030, 1, 1), min_capacity=1)


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 8 ? * MON-FRI *)",
        "cron(59 23 31 12 ? 2199)",
        "cron(0 0 1 1 ? 1970)",
        "cron(0/15 8-17 ? JAN-DEC 2-6 *)",
        "cron(0,30 8 ? * 7 *)",
        "cron(0 8 L * ? *)",
        "cron(0 8 LW * ? *)",
        "cron(0 8 15W * ? *)",
        "cron(0 8 ? * 6L *)",
        "cron(0 8 ? * FRI#5 *)",
        "cron(0 8 ? * 1#1 *)",
        "cron(*/5 * * * ? *)",
        "cron(0/1 8 ? * MON *)",
        "cron(0 8 ? * 7L *)",
        "cron(0 8 1W * ? *)",
        "cron(0 8 31W * ? *)",
        "rate(1 minute)",
        "rate(2 minutes)",
        "rate(1 hour)",
        "rate(12 hours)",
        "rate(1 day)",
        "rate(7 days)",
        "at(2030-02-28T23:59:59)",
        "at(2028-02-29T00:00:00)",
    ],
    ids=[
        "cron(0_8_?_*_MON-FRI_*)",
        "cron(59_23_31_12_?_2199)",
        "cron(0_0_1_1_?_1970)",
        "cron(0/15_8-17_?_JAN-DEC_2-6_*)",
        "cron(0,30_8_?_*_7_*)",
        "cron(0_8_L_*_?_*)",
        "cron(0_8_LW_*_?_*)",
        "cron(0_8_15W_*_?_*)",
        "cron(0_8_?_*_6L_*)",
        "cron(0_8_?_*_FRI#5_*)",
        "cron(0_8_?_*_1#1_*)",
        "cron(*/5_*_*_*_?_*)",
        "cron(0/1_8_?_*_MON_*)",
        "cron(0_8_?_*_7L_*)",
        "cron(0_8_1W_*_?_*)",
        "cron(0_8_31W_*_?_*)",
        "rate(1_minute)",
        "rate(2_minutes)",
        "rate(1_hour)",
        "rate(12_hours)",
        "rate(1_day)",
        "rate(7_days)",
        "at(2030-02-28T23:59:59)",
        "at(2028-02-29T00:00:00)",
    ],
)
def test_schedule_expression_just_inside(expression: str) -> None:
    """A valid cron/rate/at expression: accepted."""
    # GIVEN a valid cron/rate/at expression
    # WHEN used
    # THEN accepted
    ScheduledCapacity("A", schedule=expression, min_capacity=1)


@pytest.mark.parametrize(
    ("expression", "detail"),
    [
        ("cron(60 8 ? * MON-FRI *)", "minutes value 60 is outside 0-59"),
        ("cron(0 24 ? * MON-FRI *)", "hours value 24 is outside 0-23"),
        ("cron(0 8 32 * ? *)", "day-of-month value 32 is outside 1-31"),
        ("cron(0 8 0 * ? *)", "day-of-month value 0 is outside 1-31"),
        ("cron(0 8 ? 13 MON *)", "month value 13 is outside 1-12"),
        ("cron(0 8 ? * 8 *)", "day-of-week value 8 is outside 1-7"),
        ("cron(0 8 ? * 0 *)", "day-of-week value 0 is outside 1-7"),
        ("cron(0 8 ? * MON 2200)", "year value 2200 is outside 1970-2199"),
        ("cron(0 8 ? * MON 1969)", "year value 1969 is outside 1970-2199"),
        ("cron(0 8 ? * FRI#6 *)", "day-of-week '#' value 6 is outside 1-5"),
        ("cron(0 8 32W * ? *)", "day-of-month value 32 is outside 1-31"),
        ("cron(0 8 * * MON *)", "exactly one of day-of-month and day-of-week must be '?'"),
        ("cron(0 8 ? * ? *)", "exactly one of day-of-month and day-of-week must be '?'"),
        ("cron(0 8 * * *)", "needs 6 fields"),
        ("cron(0 8 ? * MON-FRI * *)", "needs 6 fields"),
        ("cron(0 8 ? * FUN *)", "day-of-week value 'FUN' is not 1-7 or SUN/MON"),
        ("cron(0/0 8 ? * MON *)", "the increment after '/' must be at least 1"),
        ("cron(0 8 ? * MON-FRI,, *)", "invalid item"),
        ("cron(0 8 ? 0 MON *)", "month value 0 is outside 1-12"),
        ("cron(0 8 ? JAM MON *)", "month value 'JAM' is not 1-12 or JAN/"),
        ("cron(0 8 ? * FRI#0 *)", "day-of-week '#' value 0 is outside 1-5"),
        ("cron(0 8 ? * 8L *)", "day-of-week value 8 is outside 1-7"),
        ("cron(0 8 ? * 0L *)", "day-of-week value 0 is outside 1-7"),
        ("cron(0 8 0W * ? *)", "day-of-month value 0 is outside 1-31"),
        ("cron(*-5 8 ? * MON *)", "'*' cannot start a range"),
        ("rate(1 minutes)", "unit must be singular for 1 and plural otherwise (1 minute)"),
        ("rate(2 hour)", "unit must be singular for 1 and plural otherwise (2 hours)"),
        ("rate(0 minutes)", "value must be a positive integer"),
        ("rate(5 weeks)", "must be cron("),
        ("at(2030-02-30T10:00:00)", "must hold a real date and time"),
        ("at(2030-02-28 10:00:00)", "must be cron("),
        ("0 8 * * ? *", "must be cron("),
    ],
    ids=[
        "cron(60_8_?_*_MON-FRI_*)",
        "cron(0_24_?_*_MON-FRI_*)",
        "cron(0_8_32_*_?_*)",
        "cron(0_8_0_*_?_*)",
        "cron(0_8_?_13_MON_*)",
        "cron(0_8_?_*_8_*)",
        "cron(0_8_?_*_0_*)",
        "cron(0_8_?_*_MON_2200)",
        "cron(0_8_?_*_MON_1969)",
        "cron(0_8_?_*_FRI#6_*)",
        "cron(0_8_32W_*_?_*)",
        "cron(0_8_*_*_MON_*)",
        "cron(0_8_?_*_?_*)",
        "cron(0_8_*_*_*)",
        "cron(0_8_?_*_MON-FRI_*_*)",
        "cron(0_8_?_*_FUN_*)",
        "cron(0/0_8_?_*_MON_*)",
        "cron(0_8_?_*_MON-FRI,,_*)",
        "cron(0_8_?_0_MON_*)",
        "cron(0_8_?_JAM_MON_*)",
        "cron(0_8_?_*_FRI#0_*)",
        "cron(0_8_?_*_8L_*)",
        "cron(0_8_?_*_0L_*)",
        "cron(0_8_0W_*_?_*)",
        "cron(*-5_8_?_*_MON_*)",
        "rate(1_minutes)",
        "rate(2_hour)",
        "rate(0_minutes)",
        "rate(5_weeks)",
        "at(2030-02-30T10:00:00)",
        "at(2030-02-28_10:00:00)",
        "0_8_*_*_?_*",
    ],
)
def test_fails_when_schedule_expression_just_outside(expression: str, detail: str) -> None:
    """An invalid expression: ValidationError names schedule and the broken part."""
    # GIVEN an invalid expression
    # WHEN used
    # THEN ValidationError names schedule and the broken part
    with pytest.raises(ValidationError, match=r"^ScheduledCapacity\('A'\)\.schedule ") as caught:
        ScheduledCapacity("A", schedule=expression, min_capacity=1)
    assert detail in str(caught.value)
    assert caught.value.prop == "ScheduledCapacity('A').schedule"
    assert caught.value.value == expression


def test_schedule_objects_are_checked_too() -> None:
    """appscaling.Schedule objects: ok; with a bad expression: ValidationError."""
    # GIVEN appscaling.Schedule objects
    ScheduledCapacity(
        "A", schedule=appscaling.Schedule.cron(hour="8", minute="0", week_day="MON-FRI"), min_capacity=1
    )
    # WHEN valid
    ScheduledCapacity("B", schedule=appscaling.Schedule.rate(Duration.minutes(1)), min_capacity=1)
    # THEN ok; WHEN a bad expression THEN ValidationError
    with pytest.raises(ValidationError, match=r"^ScheduledCapacity\('C'\)\.schedule must be cron"):
        ScheduledCapacity("C", schedule=appscaling.Schedule.expression("every day"), min_capacity=1)


def test_fails_when_a_schedule_is_not_a_scheduled_capacity() -> None:
    """A dict in schedules: ValidationError names its index."""
    # GIVEN a dict in schedules
    # WHEN created
    good = ScheduledCapacity("A", schedule="rate(1 hour)", min_capacity=1)
    # THEN ValidationError names its index
    with pytest.raises(ValidationError, match=r"^schedules\[1\] must be a ScheduledCapacity"):
        ProvisionedConcurrency(
            min_capacity=1,
            max_capacity=5,
            schedules=[good, {"id": "B", "schedule": "rate(1 hour)"}],  # type: ignore[list-item]
        )


def test_configs_are_frozen_and_schedules_a_tuple() -> None:
    """A config: schedules is a tuple and fields cannot be reassigned."""
    # GIVEN a config
    # WHEN created from a list
    config = design_example()
    # THEN schedules is a tuple and fields cannot be reassigned
    assert isinstance(config.schedules, tuple)
    with pytest.raises(AttributeError):
        config.min_capacity = 5  # type: ignore[misc]


def test_issue_example_verbatim_renders_and_warns_about_its_one_way_schedule() -> None:
    """The issue's literal config (morning schedule only): it renders and warns."""
    # GIVEN the issue's literal config (morning schedule only)
    stack = Stack(App(), "Test", env=ENV)
    build(
        stack,
        ProvisionedConcurrency(
            min_capacity=2,
            max_capacity=50,
            utilization_target=0.7,
            schedules=[
                ScheduledCapacity(
                    "Morning", schedule="cron(0 8 ? * MON-FRI *)", time_zone="Europe/Berlin", min_capacity=10
                )
            ],
        ),
    )

    # WHEN synthesized
    template = template_of(stack)
    # THEN it renders and warns
    template.has_resource_properties(ALIAS, {"Name": "live"})
    template.has_resource_properties(
        TARGET, {"ScheduledActions": [Match.object_like({"ScheduledActionName": "Morning"})]}
    )
    Annotations.from_stack(stack).has_warning(
        f"/Test/Api/Alias/{SCALING_ID}", Match.string_like_regexp(r"no schedule lowers it again")
    )


def test_target_waits_for_the_alias_read_from_it_without_one_cfn_alias_in_the_subtree() -> None:
    """The function's subtree gives its CfnAlias at no cost; otherwise the alias is read: same DependsOn."""
    # GIVEN a function's alias and a target for it, and a subtree holding no CfnAlias
    stack = Stack(App(), "Test", env=ENV)
    fn = make_function(stack, provisioned_concurrency=None)
    target = appscaling.ScalableTarget(
        stack,
        "Target",
        service_namespace=appscaling.ServiceNamespace.LAMBDA,
        scalable_dimension=SCALABLE_DIMENSION,
        resource_id="function:name:live",
        min_capacity=1,
        max_capacity=2,
    )
    # WHEN
    order_scaling_after_alias(fn.alias, target, [])
    # THEN
    template = template_of(stack)
    alias_id, _ = only(template, ALIAS)
    assert only(template, TARGET)[1]["DependsOn"] == [alias_id]
