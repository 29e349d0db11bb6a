"""ManagedInstances: secure defaults, every limit just inside and just outside, and no provisioned concurrency."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Annotations, Match, Template

import constructs_lambda as cl
from constructs_lambda import ValidationError
from constructs_lambda._limits import (
    CAPACITY_PROVIDER_MAX_V_CPU_CDK_MIN_COUNT,
    CAPACITY_PROVIDER_MAX_V_CPU_MAX_COUNT,
    CAPACITY_PROVIDER_MAX_V_CPU_MIN_COUNT,
    CAPACITY_PROVIDER_NAME_MAX_LENGTH,
    CAPACITY_PROVIDER_PROPAGATED_TAGS_MAX_COUNT,
    CAPACITY_PROVIDER_SCALING_POLICIES_MAX_COUNT,
    CAPACITY_PROVIDER_SECURITY_GROUPS_MAX_COUNT,
    CAPACITY_PROVIDER_SUBNETS_MAX_COUNT,
    ENVIRONMENT_CONCURRENCY_MAX_COUNT,
    ENVIRONMENT_CONCURRENCY_MIN_COUNT,
    EXECUTION_ENVIRONMENTS_MAX_COUNT,
    MANAGED_INSTANCES_MEMORY_MAX_MIB,
    MANAGED_INSTANCES_MEMORY_MIN_MIB,
    MEMORY_PER_V_CPU_MAX_GIB,
    MEMORY_PER_V_CPU_MIN_GIB,
)
from constructs_lambda._managed_instances import CREATE_ONLY_WARNING_ID
from tests.helpers import INLINE_CODE as CODE
from tests.helpers import RUNTIME, assert_nag_clean, make_function, template_of

PROVIDER = "AWS::Lambda::CapacityProvider"


@pytest.fixture
def agnostic(app: App) -> Stack:
    """An environment-agnostic stack: VPCs get their zones from Fn::GetAZs, not dummy lookups (W3010)."""
    return Stack(app, "Agnostic")


@pytest.fixture
def vpc(agnostic: Stack) -> ec2.Vpc:
    """A two-AZ VPC with public subnets and private subnets with egress."""
    return ec2.Vpc(agnostic, "Vpc", max_azs=2, nat_gateways=1, restrict_default_security_group=False)


def plain_function(scope: Stack, **props: Any) -> lambda_.Function:
    """A plain aws_lambda.Function on arm64 (it allows memory above cl.Function's 10240 MiB)."""
    return lambda_.Function(
        scope,
        "Plain",
        runtime=RUNTIME,
        handler="app.handler",
        code=CODE,
        architecture=lambda_.Architecture.ARM_64,
        **props,
    )


def provider_props(stack: Stack) -> dict[str, Any]:
    """Properties of the one capacity provider of ``stack``."""
    resources = Template.from_stack(stack).find_resources(PROVIDER)
    assert len(resources) == 1
    props: dict[str, Any] = next(iter(resources.values()))["Properties"]
    return props


def imported_subnets(stack: Stack, count: int) -> list[ec2.ISubnet]:
    """``count`` subnets imported by ID (neither known public nor known private)."""
    return [
        ec2.Subnet.from_subnet_attributes(
            stack, f"Imported{i}", subnet_id=f"subnet-{i:08x}", availability_zone="a"
        )
        for i in range(count)
    ]


# -- defaults ----------------------------------------------------------------------------------------------


def test_defaults_are_private_arm64_scoped_and_clean(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """The default provider sits in private subnets, on arm64, with a scoped role, and lints clean."""
    # GIVEN a VPC with public and private subnets
    # WHEN a provider is created from the VPC alone and a function is put on it
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    fn = make_function(agnostic, memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB)
    fleet.add_function(fn)
    # THEN the template passes cfn-lint and cdk-nag
    template = template_of(agnostic)
    assert_nag_clean(fleet)
    assert_nag_clean(fn)
    # AND only the private subnets, one new security group and arm64 are used
    props = provider_props(agnostic)
    private_ids = [agnostic.resolve(s.subnet_id) for s in vpc.private_subnets]
    assert props["VpcConfig"]["SubnetIds"] == private_ids
    assert props["InstanceRequirements"] == {"Architectures": ["arm64"]}
    assert len(props["VpcConfig"]["SecurityGroupIds"]) == 1
    # AND the security group has no ingress
    groups = template.find_resources("AWS::EC2::SecurityGroup")
    assert len(groups) == 1
    assert "SecurityGroupIngress" not in next(iter(groups.values()))["Properties"]
    assert template.find_resources("AWS::EC2::SecurityGroupIngress") == {}
    # AND the operator role has no AWS-managed policy, only scoped statements
    roles = template.find_resources(
        "AWS::IAM::Role", {"Properties": {"Description": Match.string_like_regexp("Managed")}}
    )
    assert len(roles) == 1
    assert "ManagedPolicyArns" not in next(iter(roles.values()))["Properties"]
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": [
                                    "ec2:AttachNetworkInterface",
                                    "ec2:CreateTags",
                                    "ec2:RunInstances",
                                ],
                                "Condition": {
                                    "StringEquals": {
                                        "ec2:ManagedResourceOperator": "scaler.lambda.amazonaws.com"
                                    }
                                },
                            }
                        ),
                        Match.object_like(
                            {
                                "Action": "ec2:RunInstances",
                                "Condition": {"StringEquals": {"ec2:Owner": "amazon"}},
                            }
                        ),
                    ]
                )
            }
        },
    )
    # AND the function points at the provider, with the system logs in a log group with retention
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "CapacityProviderConfig": {
                "LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": Match.any_value()}
            }
        },
    )
    template.has_resource_properties("AWS::Logs::LogGroup", {"RetentionInDays": 365})


def test_only_describe_actions_use_star(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """'*' is the resource of the Describe* actions only; subnets and security groups are the provider's."""
    # GIVEN a default provider
    cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    # WHEN its operator policy is read
    policy = next(iter(template_of(agnostic).find_resources("AWS::IAM::Policy").values()))
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    # THEN only Describe* statements have '*', and the network statement names 2 subnets and 1 group
    for statement in statements:
        if statement["Resource"] == "*":
            assert all(a.startswith("ec2:Describe") for a in statement["Action"])
    network = next(s for s in statements if "ec2:CreateNetworkInterface" in s["Action"])
    assert len(network["Resource"]) == 3


def test_provider_waits_for_its_operator_policy(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """The provider is created after the role's statements, so Lambda sees the rights it needs."""
    # GIVEN / WHEN a default provider
    cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    # THEN the CapacityProvider depends on the operator's policy
    template = template_of(agnostic)
    provider = next(iter(template.find_resources(PROVIDER).values()))
    policy_id = next(iter(template.find_resources("AWS::IAM::Policy")))
    assert provider["DependsOn"] == [policy_id]


def test_permissions_boundary_covers_operator_role(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """PermissionsBoundary.apply_to reaches the operator role like every other role."""
    # GIVEN a boundary applied to the stack
    boundary = cl.PermissionsBoundary(agnostic, "Boundary")
    boundary.apply_to(agnostic)
    # WHEN a provider is created
    cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    # THEN its operator role carries the boundary
    template = template_of(agnostic)
    roles = template.find_resources(
        "AWS::IAM::Role", {"Properties": {"Description": Match.string_like_regexp("Managed")}}
    )
    assert "PermissionsBoundary" in next(iter(roles.values()))["Properties"]


def test_given_operator_role_and_security_groups_are_used(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """A role and security groups given are used as they are; nothing is created for them."""
    # GIVEN a role and a security group of the user's
    role = iam.Role(agnostic, "Mine", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    group = ec2.SecurityGroup(agnostic, "Group", vpc=vpc)
    # WHEN a provider gets them
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, operator_role=role, security_groups=[group])
    # THEN no security group or policy is created
    assert fleet.security_group is None
    assert fleet.operator_role is role
    template = template_of(agnostic)
    assert len(template.find_resources("AWS::EC2::SecurityGroup")) == 1
    assert template.find_resources("AWS::IAM::Policy") == {}


def test_no_spillover_alarm_and_create_only_warning(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """A function on the provider has no alarm and warns that the provider is chosen only at creation."""
    # GIVEN a provider and a function
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    # WHEN the function is added
    fleet.add_function(make_function(agnostic, memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB))
    # THEN no alarm exists and the create-only warning is on the function
    template = template_of(agnostic)
    assert template.find_resources("AWS::CloudWatch::Alarm") == {}
    Annotations.from_stack(agnostic).has_warning(
        "/Agnostic/Api", Match.string_like_regexp("only be chosen when the function is created")
    )
    assert CREATE_ONLY_WARNING_ID.startswith("constructs-lambda:createOnly")


# -- subnets and security groups ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "how",
    ["vpc_subnets", "subnets", "only_public"],
    ids=["selection-public", "public-subnets-given", "vpc-without-private-subnets"],
)
def test_fails_when_subnets_are_public(agnostic: Stack, vpc: ec2.Vpc, how: str) -> None:
    """Public subnets are refused however they are chosen."""
    # GIVEN a choice of public subnets
    kwargs: dict[str, Any] = {"vpc": vpc}
    if how == "vpc_subnets":
        kwargs["vpc_subnets"] = ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC)
    elif how == "subnets":
        kwargs["subnets"] = vpc.public_subnets
    else:
        kwargs["vpc"] = ec2.Vpc(
            agnostic,
            "PublicOnly",
            max_azs=1,
            subnet_configuration=[ec2.SubnetConfiguration(name="p", subnet_type=ec2.SubnetType.PUBLIC)],
            restrict_default_security_group=False,
        )
    # WHEN / THEN the provider is refused, naming the keyword that chose them
    prop = "subnets" if how == "subnets" else "vpc_subnets"
    with pytest.raises(ValidationError, match=f"{prop} must be private subnets"):
        cl.ManagedInstances(agnostic, "Fleet", **kwargs)


@pytest.mark.parametrize(
    ("count", "ok"),
    [
        (1, True),
        (CAPACITY_PROVIDER_SUBNETS_MAX_COUNT, True),
        (CAPACITY_PROVIDER_SUBNETS_MAX_COUNT + 1, False),
    ],
    ids=["one", "at-max", "above-max"],
)
def test_subnet_count(agnostic: Stack, vpc: ec2.Vpc, count: int, ok: bool) -> None:
    """1 to 16 subnets."""
    # GIVEN imported subnets and a security group
    subnets = imported_subnets(agnostic, count)
    group = ec2.SecurityGroup(agnostic, "Group", vpc=vpc)
    # WHEN / THEN the count decides
    if ok:
        cl.ManagedInstances(agnostic, "Fleet", subnets=subnets, security_groups=[group])
        assert len(provider_props(agnostic)["VpcConfig"]["SubnetIds"]) == count
    else:
        with pytest.raises(ValidationError, match="must hold 1 to 16 subnets"):
            cl.ManagedInstances(agnostic, "Fleet", subnets=subnets, security_groups=[group])


@pytest.mark.parametrize(
    ("count", "ok"),
    [
        (0, False),
        (1, True),
        (CAPACITY_PROVIDER_SECURITY_GROUPS_MAX_COUNT, True),
        (CAPACITY_PROVIDER_SECURITY_GROUPS_MAX_COUNT + 1, False),
    ],
    ids=["none", "one", "at-max", "above-max"],
)
def test_security_group_count(agnostic: Stack, vpc: ec2.Vpc, count: int, ok: bool) -> None:
    """1 to 5 security groups."""
    # GIVEN security groups
    groups = [ec2.SecurityGroup(agnostic, f"G{i}", vpc=vpc) for i in range(count)]
    # WHEN / THEN the count decides
    if ok:
        cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, security_groups=groups)
    else:
        with pytest.raises(ValidationError, match="must hold 1 to 5 security groups"):
            cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, security_groups=groups)


def test_fails_without_vpc_or_subnets(agnostic: Stack) -> None:
    """Without a VPC, subnets and security groups must be given."""
    # GIVEN subnets but no VPC and no security groups / WHEN / THEN refused
    with pytest.raises(ValidationError, match="security_groups are required"):
        cl.ManagedInstances(agnostic, "Fleet", subnets=imported_subnets(agnostic, 1))
    with pytest.raises(ValidationError, match="vpc is required"):
        cl.ManagedInstances(agnostic, "Fleet2")


# -- architecture ------------------------------------------------------------------------------------------


def test_x86_default_when_only_x86_instance_types_are_allowed(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """Graviton where it fits: an allow-list of x86_64 types makes the default x86_64."""
    # GIVEN an allow-list of x86_64 instance types
    allowed = lambda_.InstanceTypeFilter.allow([ec2.InstanceType("m7i.large")])
    # WHEN a provider is created without architectures
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, instance_type_filter=allowed)
    # THEN it is x86_64
    assert fleet.architecture.name == "x86_64"
    assert provider_props(agnostic)["InstanceRequirements"]["Architectures"] == ["x86_64"]


@pytest.mark.parametrize(
    ("architectures", "types", "match"),
    [
        ([lambda_.Architecture.ARM_64, lambda_.Architecture.X86_64], [], "exactly one architecture"),
        ([], [], "exactly one architecture"),
        ([lambda_.Architecture.ARM_64], ["m7i.large"], "only arm64 instance types"),
        ([lambda_.Architecture.X86_64], ["m7g.large"], "only x86_64 instance types"),
    ],
    ids=["two", "none", "arm-with-x86-types", "x86-with-arm-types"],
)
def test_fails_on_bad_architectures(
    agnostic: Stack, vpc: ec2.Vpc, architectures: list[lambda_.Architecture], types: list[str], match: str
) -> None:
    """One architecture, matching the allowed instance types."""
    # GIVEN architectures and instance types
    allowed = lambda_.InstanceTypeFilter.allow([ec2.InstanceType(t) for t in types]) if types else None
    # WHEN / THEN refused
    with pytest.raises(ValidationError, match=match):
        cl.ManagedInstances(
            agnostic, "Fleet", vpc=vpc, architectures=architectures, instance_type_filter=allowed
        )


def test_fails_when_function_architecture_differs(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """An x86_64 function cannot run on an arm64 provider."""
    # GIVEN an arm64 provider and an x86_64 function
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    fn = make_function(
        agnostic, memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB, architecture=lambda_.Architecture.X86_64
    )
    # WHEN / THEN refused, naming both
    with pytest.raises(ValidationError, match=r"Agnostic/Api: architecture must be arm64.*Agnostic/Fleet"):
        fleet.add_function(fn)


# -- provider limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "ok"),
    [
        (CAPACITY_PROVIDER_MAX_V_CPU_MIN_COUNT - 1, False),
        (CAPACITY_PROVIDER_MAX_V_CPU_MIN_COUNT, True),
        (CAPACITY_PROVIDER_MAX_V_CPU_CDK_MIN_COUNT - 1, True),
        (CAPACITY_PROVIDER_MAX_V_CPU_CDK_MIN_COUNT, True),
        (CAPACITY_PROVIDER_MAX_V_CPU_MAX_COUNT, True),
        (CAPACITY_PROVIDER_MAX_V_CPU_MAX_COUNT + 1, False),
        (2.5, False),
    ],
    ids=["below-min", "min", "below-cdk-min", "cdk-min", "max", "above-max", "fraction"],
)
def test_max_v_cpu_count(agnostic: Stack, vpc: ec2.Vpc, count: float, ok: bool) -> None:
    """2-15000 vCPUs as the service documents, also below aws-cdk-lib's 12."""
    # GIVEN / WHEN a provider with a vCPU cap
    if not ok:
        with pytest.raises(
            ValidationError, match="max_v_cpu_count must be (a whole number )?between 2 and 15000"
        ):
            cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, max_v_cpu_count=count)  # type: ignore[arg-type]
        return
    cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, max_v_cpu_count=int(count))
    # THEN the template carries it (cfn-lint checks the schema's 2-15000 too)
    template_of(agnostic)
    assert provider_props(agnostic)["CapacityProviderScalingConfig"]["MaxVCpuCount"] == count


def _policies(count: int, target: float = 50.0) -> lambda_.ScalingOptions:
    return lambda_.ScalingOptions.manual(
        [lambda_.TargetTrackingScalingPolicy.cpu_utilization(target) for _ in range(count)]
    )


def _tags(count: int) -> lambda_.PropagateTags:
    return lambda_.PropagateTags.explicit({f"k{i}": "v" for i in range(count)})


@pytest.mark.parametrize(
    ("prop", "make", "match"),
    [
        ("capacity_provider_name", lambda: "a" * CAPACITY_PROVIDER_NAME_MAX_LENGTH, None),
        (
            "capacity_provider_name",
            lambda: "a" * (CAPACITY_PROVIDER_NAME_MAX_LENGTH + 1),
            "must be 1 to 140 characters",
        ),
        ("capacity_provider_name", lambda: "bad name", "must be letters, digits"),
        ("scaling_options", lambda: _policies(0), "must hold 1 to 10 scaling policies"),
        ("scaling_options", lambda: _policies(1), None),
        ("scaling_options", lambda: _policies(CAPACITY_PROVIDER_SCALING_POLICIES_MAX_COUNT), None),
        (
            "scaling_options",
            lambda: _policies(CAPACITY_PROVIDER_SCALING_POLICIES_MAX_COUNT + 1),
            "must hold 1 to 10 scaling policies",
        ),
        ("scaling_options", lambda: _policies(1, 0.0), None),
        ("scaling_options", lambda: _policies(1, -0.5), "must be between 0 and 100"),
        ("scaling_options", lambda: _policies(1, 100.0), None),
        ("scaling_options", lambda: _policies(1, 100.5), "must be between 0 and 100"),
        ("propagate_tags", lambda: _tags(CAPACITY_PROVIDER_PROPAGATED_TAGS_MAX_COUNT), None),
        (
            "propagate_tags",
            lambda: _tags(CAPACITY_PROVIDER_PROPAGATED_TAGS_MAX_COUNT + 1),
            "allows at most 40 tags",
        ),
    ],
    ids=[
        "name-at-max",
        "name-above-max",
        "name-with-space",
        "no-policy",
        "one-policy",
        "policies-at-max",
        "policies-above-max",
        "target-0",
        "target-below-0",
        "target-100",
        "target-above-100",
        "tags-at-max",
        "tags-above-max",
    ],
)
def test_provider_settings(agnostic: Stack, vpc: ec2.Vpc, prop: str, make: Any, match: str | None) -> None:
    """Name 1-140 characters; 1-10 scaling policies targeting 0-100 %; at most 40 propagated tags."""
    # GIVEN a setting of the provider
    kwargs: dict[str, Any] = {prop: make()}
    # WHEN / THEN the value decides
    if match is not None:
        with pytest.raises(ValidationError, match=f"{prop} {match}" if prop != "scaling_options" else match):
            cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, **kwargs)
        return
    cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, **kwargs)
    template_of(agnostic)


# -- function limits ---------------------------------------------------------------------------------------


_RATIO = "execution_environment_memory_gib_per_v_cpu"
_CONCURRENCY = "per_execution_environment_max_concurrency"


@pytest.mark.parametrize(
    ("prop", "value", "ok"),
    [
        (_RATIO, MEMORY_PER_V_CPU_MIN_GIB - 0.01, False),
        (_RATIO, MEMORY_PER_V_CPU_MIN_GIB, True),
        (_RATIO, MEMORY_PER_V_CPU_MAX_GIB, True),
        (_RATIO, MEMORY_PER_V_CPU_MAX_GIB + 0.01, False),
        (_CONCURRENCY, ENVIRONMENT_CONCURRENCY_MIN_COUNT - 1, False),
        (_CONCURRENCY, ENVIRONMENT_CONCURRENCY_MIN_COUNT, True),
        (_CONCURRENCY, ENVIRONMENT_CONCURRENCY_MAX_COUNT, True),
        (_CONCURRENCY, ENVIRONMENT_CONCURRENCY_MAX_COUNT + 1, False),
        (_CONCURRENCY, 1.5, False),
    ],
    ids=[
        "ratio-below-min",
        "ratio-min",
        "ratio-max",
        "ratio-above-max",
        "concurrency-below-min",
        "concurrency-min",
        "concurrency-max",
        "concurrency-above-max",
        "concurrency-fraction",
    ],
)
def test_per_environment_settings(agnostic: Stack, vpc: ec2.Vpc, prop: str, value: float, ok: bool) -> None:
    """ExecutionEnvironmentMemoryGiBPerVCpu 2.0-8.0; PerExecutionEnvironmentMaxConcurrency 1-1600 (whole)."""
    # GIVEN a provider and a function
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    fn = make_function(agnostic, memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB)
    # WHEN / THEN the value decides
    kwargs: dict[str, Any] = {prop: value}
    if not ok:
        with pytest.raises(ValidationError, match=f"{prop} must be"):
            fleet.add_function(fn, **kwargs)
        return
    fleet.add_function(fn, **kwargs)
    key = {
        _RATIO: "ExecutionEnvironmentMemoryGiBPerVCpu",
        _CONCURRENCY: "PerExecutionEnvironmentMaxConcurrency",
    }
    template_of(agnostic).has_resource_properties(
        "AWS::Lambda::Function",
        {
            "CapacityProviderConfig": {
                "LambdaManagedInstancesCapacityProviderConfig": Match.object_like({key[prop]: value})
            }
        },
    )


@pytest.mark.parametrize(
    ("low", "high", "match"),
    [
        (-1, None, "min_execution_environments must be"),
        (0, None, None),
        (EXECUTION_ENVIRONMENTS_MAX_COUNT, None, None),
        (EXECUTION_ENVIRONMENTS_MAX_COUNT + 1, None, "min_execution_environments must be"),
        (None, -1, "max_execution_environments must be"),
        (None, 0, None),
        (None, EXECUTION_ENVIRONMENTS_MAX_COUNT, None),
        (None, EXECUTION_ENVIRONMENTS_MAX_COUNT + 1, "max_execution_environments must be"),
        (5, 5, None),
        (6, 5, "must not exceed max_execution_environments"),
    ],
    ids=[
        "min-below",
        "min-zero",
        "min-at-max",
        "min-above-max",
        "max-below",
        "max-zero",
        "max-at-max",
        "max-above-max",
        "min-equals-max",
        "min-above-max-setting",
    ],
)
def test_function_scaling(
    agnostic: Stack, vpc: ec2.Vpc, low: int | None, high: int | None, match: str | None
) -> None:
    """FunctionScalingConfig: each 0-15000 and min <= max."""
    # GIVEN a provider, a function and a scaling config
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    fn = make_function(agnostic, memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB)
    config = lambda_.LatestPublishedScalingConfig(
        min_execution_environments=low, max_execution_environments=high
    )
    # WHEN / THEN the values decide
    if match is None:
        fleet.add_function(fn, latest_published_scaling_config=config)
        expected = {
            k: v
            for k, v in (("MinExecutionEnvironments", low), ("MaxExecutionEnvironments", high))
            if v is not None
        }
        template_of(agnostic).has_resource_properties(
            "AWS::Lambda::Function", {"FunctionScalingConfig": expected}
        )
    else:
        with pytest.raises(ValidationError, match=match):
            fleet.add_function(fn, latest_published_scaling_config=config)


@pytest.mark.parametrize(
    ("memory", "ok"),
    [
        (MANAGED_INSTANCES_MEMORY_MIN_MIB - 1, False),
        (MANAGED_INSTANCES_MEMORY_MIN_MIB, True),
        (MANAGED_INSTANCES_MEMORY_MAX_MIB, True),
        (MANAGED_INSTANCES_MEMORY_MAX_MIB + 1, False),
    ],
    ids=["below-min", "min", "max", "above-max"],
)
def test_function_memory(agnostic: Stack, vpc: ec2.Vpc, memory: int, ok: bool) -> None:
    """A function on Managed Instances has 2048-32768 MiB (a plain L2 function, which allows above 10240)."""
    # GIVEN a provider and a plain aws_lambda.Function
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    fn = plain_function(agnostic, memory_size=memory)
    # WHEN / THEN the memory decides
    if ok:
        fleet.add_function(fn)
    else:
        with pytest.raises(ValidationError, match="memory_size must be between 2048 and 32768 MiB"):
            fleet.add_function(fn)


def test_fails_on_lambda_default_memory(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """A function without memory_size has Lambda's 128 MiB, too small for Managed Instances."""
    # GIVEN a plain function without memory_size
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    fn = plain_function(agnostic)
    # WHEN / THEN refused
    with pytest.raises(ValidationError, match="memory_size must be between 2048 and 32768"):
        fleet.add_function(fn)


def test_fails_when_added_twice_or_imported(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """A function goes on one provider once; an imported function cannot be configured."""
    # GIVEN two providers and a function on the first
    first = cl.ManagedInstances(agnostic, "First", vpc=vpc)
    second = cl.ManagedInstances(agnostic, "Second", vpc=vpc)
    fn = make_function(agnostic, memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB)
    first.add_function(fn)
    # WHEN / THEN a second add is refused, and so is an imported function
    with pytest.raises(ValidationError, match="already on a capacity provider"):
        second.add_function(fn)
    imported = lambda_.Function.from_function_name(agnostic, "Imported", "other")
    with pytest.raises(ValidationError, match="defined in this app"):
        first.add_function(imported)


# -- no provisioned concurrency ----------------------------------------------------------------------------


def test_fails_when_function_has_provisioned_concurrency(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """add_function refuses a Function with provisioned_concurrency, naming both settings."""
    # GIVEN a function with provisioned concurrency
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    fn = make_function(
        agnostic,
        memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB,
        provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=2),
    )
    # WHEN / THEN add_function refuses it
    with pytest.raises(
        ValidationError,
        match=r"provisioned_concurrency .*cannot be combined with a capacity provider \(add_function\)",
    ):
        fleet.add_function(fn)


def test_synth_fails_when_l2_puts_provisioned_function_on_provider(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """aws-cdk-lib's own CapacityProvider.add_function cannot combine the two either: synth fails."""
    # GIVEN a Function with provisioned concurrency on an L2 capacity provider
    group = ec2.SecurityGroup(agnostic, "Group", vpc=vpc)
    provider = lambda_.CapacityProvider(agnostic, "L2", subnets=vpc.private_subnets, security_groups=[group])
    fn = make_function(
        agnostic,
        memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB,
        provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=2),
    )
    provider.add_function(fn)
    # WHEN the app is synthesized / THEN it fails naming both settings
    app = agnostic.node.root
    assert isinstance(app, App)
    with pytest.raises(
        Exception, match="provisioned_concurrency .*cannot be combined with a capacity provider"
    ):
        app.synth()


def test_synth_fails_once_when_alias_with_provisioned_concurrency_is_added_later(
    agnostic: Stack, vpc: ec2.Vpc
) -> None:
    """A function on the provider that gets an alias with provisioned concurrency afterwards fails synth,
    with one error for it."""
    # GIVEN a function on the provider
    fleet = cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
    fn = make_function(agnostic, memory_size=MANAGED_INSTANCES_MEMORY_MIN_MIB)
    fleet.add_function(fn)
    # WHEN an alias with provisioned concurrency is added under it after add_function
    fn.add_alias("late", provisioned_concurrent_executions=2)
    app = agnostic.node.root
    assert isinstance(app, App)
    # THEN synthesis fails, naming the function once
    with pytest.raises(Exception, match="cannot be combined with a capacity provider") as raised:
        app.synth()
    assert str(raised.value).count("cannot be combined with a capacity provider") == 1


# -- documentation -----------------------------------------------------------------------------------------


def test_docs_example_runs() -> None:
    """The python example of docs/managed-instances.md synthesizes as written."""
    # GIVEN the example block of the page
    page = Path(__file__).resolve().parents[2] / "docs" / "managed-instances.md"
    blocks = re.findall(r"^```python\n(.*?)^```", page.read_text(), flags=re.S | re.M)
    assert len(blocks) == 2  # the example; the operator statements under a boundary (test_readme runs it)
    # WHEN it runs
    namespace: dict[str, Any] = {}
    exec(compile(blocks[0], str(page), "exec"), namespace)
    # THEN the function is on the provider
    stack = namespace["stack"]
    template_of(stack, lint=False).has_resource_properties(  # the VPC's own custom resource trips W3005
        "AWS::Lambda::Function", {"FunctionScalingConfig": {"MinExecutionEnvironments": 3}}
    )


def test_nothing_half_done_when_jsii_refuses(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """When aws-cdk-lib raises after the checks, the construct leaves the tree and the ID can be reused."""
    # GIVEN an instance type filter whose allow-list is empty (aws-cdk-lib refuses it; this library does not)
    empty = lambda_.InstanceTypeFilter.allow([])
    # WHEN the provider is created
    with pytest.raises(RuntimeError, match="at least one instanceType"):
        cl.ManagedInstances(agnostic, "Fleet", vpc=vpc, instance_type_filter=empty)
    # THEN nothing of it stays and the ID is free
    assert agnostic.node.try_find_child("Fleet") is None
    cl.ManagedInstances(agnostic, "Fleet", vpc=vpc)
