"""Tests of PermissionsBoundary: the default policy, apply_to, late roles, enforcement and context."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsii
import pytest
from aws_cdk import (
    App,
    Aspects,
    CfnResource,
    Duration,
    Environment,
    IAspect,
    NestedStack,
    RemovalPolicy,
    Stack,
    Stage,
)
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3d
from aws_cdk import aws_sqs as sqs
from aws_cdk import custom_resources as cr
from aws_cdk.assertions import Match, Template
from constructs import Construct, IConstruct, RootConstruct

from constructs_lambda import PermissionsBoundary, ValidationError
from constructs_lambda._boundary import apply_function_boundary
from constructs_lambda._boundary_names import CONTEXT_KEY
from constructs_lambda._limits import (
    POLICY_DESCRIPTION_MAX_LENGTH,
    POLICY_NAME_MAX_LENGTH,
    POLICY_PATH_MAX_LENGTH,
    RESOURCE_PREFIX_MAX_LENGTH,
)
from tests.conftest import project_context
from tests.helpers import assert_cfn_lint_clean, assert_nag_clean, make_boundary, make_function, template_of

ACCOUNT = "123456789012"
EU = Environment(account=ACCOUNT, region="eu-west-1")
US = Environment(account=ACCOUNT, region="us-east-1")
ENTITY_TYPES = ("AWS::IAM::Role", "AWS::IAM::User")


def boundaries(app: App) -> dict[str, Any]:
    """``{"<stack>/<logical id>": PermissionsBoundary}`` (via ``arn_text``) of every role and user."""
    found: dict[str, Any] = {}
    for artifact in app.synth().stacks:
        for logical_id, resource in artifact.template.get("Resources", {}).items():
            if resource["Type"] in ENTITY_TYPES:
                found[f"{artifact.stack_name}/{logical_id}"] = arn_text(
                    resource.get("Properties", {}).get("PermissionsBoundary")
                )
    return found


def policy_ref(stack: Stack) -> dict[str, str]:
    """``{"Ref": <logical id>}`` of the one managed policy in ``stack``."""
    # lint=False: these stacks hold aws-cdk-lib's own provider functions, whose redundant DependsOn on
    # their role cfn-lint flags (W3005); the library's own output is linted in the tests of the policy.
    (logical_id,) = template_of(stack, lint=False).find_resources("AWS::IAM::ManagedPolicy")
    return {"Ref": logical_id}


def by_name(name: str, account: str = ACCOUNT) -> str:
    """The ARN of policy ``name`` in ``account`` (compare with ``arn_text`` of a template value)."""
    return f"arn:aws:iam::{account}:policy/{name}"


def arn_text(value: Any) -> Any:
    """A boundary value as text: ``Fn::Join`` flattened, ``AWS::Partition`` as ``aws``."""
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(arn_text(p) for p in parts)
    if value == {"Ref": "AWS::Partition"}:
        return "aws"
    return value


def strong_refs_app() -> App:
    """An app whose cross-region references use the export writer and reader (CDK's default before
    the project's ``defaultCrossStackReferences: weak``, and still what many apps use)."""
    return App(context={**project_context(), "@aws-cdk/core:defaultCrossStackReferences": "strong"})


@jsii.implements(IAspect)
class StripBoundary:
    """A later aspect (default priority) that removes the boundary of roles whose path contains a text."""

    def __init__(self, needle: str) -> None:
        self.needle = needle

    def visit(self, node: IConstruct) -> None:
        if (
            isinstance(node, CfnResource)
            and node.cfn_resource_type == "AWS::IAM::Role"
            and self.needle in node.node.path
        ):
            node.add_property_deletion_override("PermissionsBoundary")


# --------------------------------------------------------------------------------------------------
# The default policy


def test_default_policy_follows_the_guide_and_denies_escalation(stack: Stack) -> None:
    """The default boundary scopes '*' to the app's resources and denies every way out."""
    # GIVEN / WHEN
    make_boundary(stack)
    # THEN
    own_arn = {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":iam::",
                {"Ref": "AWS::AccountId"},
                ":policy/Test-Boundary-eu-west-1",
            ],
        ]
    }
    template_of(stack).has_resource_properties(
        "AWS::IAM::ManagedPolicy",
        {
            "ManagedPolicyName": "Test-Boundary-eu-west-1",
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like({"Sid": "ApplicationResources", "Action": "*", "Effect": "Allow"}),
                        Match.object_like(
                            {
                                "Sid": "LogsAndTracing",
                                "Action": Match.array_with(["xray:Put*"]),
                                "Resource": "*",
                            }
                        ),
                        Match.object_like(
                            {
                                "Sid": "VpcNetworkInterfaces",
                                "Action": Match.array_with(["ec2:CreateNetworkInterface"]),
                            }
                        ),
                        Match.object_like(
                            {
                                "Sid": "DenyRolesAndUsersWithoutThisBoundary",
                                "Effect": "Deny",
                                "Action": Match.array_with(
                                    ["iam:CreateRole", "iam:PutRolePermissionsBoundary"]
                                ),
                                "Condition": {"StringNotEquals": {"iam:PermissionsBoundary": own_arn}},
                            }
                        ),
                        Match.object_like(
                            {
                                "Sid": "DenyChangingThisBoundary",
                                "Effect": "Deny",
                                "Action": [
                                    "iam:CreatePolicyVersion",
                                    "iam:DeletePolicy",
                                    "iam:DeletePolicyVersion",
                                    "iam:SetDefaultPolicyVersion",
                                ],
                                "Resource": own_arn,
                            }
                        ),
                        Match.object_like(
                            {
                                "Sid": "DenyRemovingBoundaries",
                                "Effect": "Deny",
                                "Action": [
                                    "iam:DeleteRolePermissionsBoundary",
                                    "iam:DeleteUserPermissionsBoundary",
                                ],
                            }
                        ),
                    ]
                )
            },
        },
    )


def test_default_policy_is_cfn_lint_and_nag_clean(app: App, stack: Stack) -> None:
    """The default boundary passes cfn-lint and cdk-nag; IAM5 is acknowledged only on the policy."""
    # GIVEN
    boundary = make_boundary(stack)
    boundary.apply_to(stack)
    # WHEN / THEN
    assert_cfn_lint_clean(stack)
    assert_nag_clean(app)
    assert boundary.policy is not None
    acknowledged = json.dumps([entry.data for entry in boundary.policy.node.metadata], default=str)
    assert "AwsSolutions-IAM5[Action::*]" in acknowledged
    assert (
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:*:<AWS::AccountId>:function:Test*]"
        in acknowledged
    )


def test_statements_replace_and_additional_statements_extend(stack: Stack) -> None:
    """statements replaces the default allows, additional_statements appends; denials stay."""
    # GIVEN / WHEN
    make_boundary(
        stack,
        managed_policy_name="orders-boundary",
        statements=[
            iam.PolicyStatement(sid="Only", actions=["s3:GetObject"], resources=["arn:aws:s3:::b/*"])
        ],
        additional_statements=[iam.PolicyStatement(sid="More", actions=["sqs:SendMessage"], resources=["*"])],
    )
    # THEN
    statements = template_of(stack).to_json()["Resources"]
    (policy,) = [r for r in statements.values() if r["Type"] == "AWS::IAM::ManagedPolicy"]
    sids = [s.get("Sid") for s in policy["Properties"]["PolicyDocument"]["Statement"]]
    assert sids == [
        "Only",
        "More",
        "DenyRolesAndUsersWithoutThisBoundary",
        "DenyChangingThisBoundary",
        "DenyRemovingBoundaries",
    ]


def test_fails_when_created_outside_a_stack(app: App) -> None:
    """The policy needs a stack; at app level from_name is the way."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match="^Boundary: scope must be inside a Stack.*, got 'App'$"):
        PermissionsBoundary(app, "Boundary")


def test_fails_when_applied_outside_an_app() -> None:
    """apply_to needs an App or Stage to hook into synthesis."""
    # GIVEN
    root = RootConstruct("Root")
    # WHEN
    boundary = PermissionsBoundary.from_name(root, "Boundary", "b")
    # THEN
    with pytest.raises(ValidationError, match="^Root/Lib: scope must be inside an App or Stage"):
        boundary.apply_to(Construct(root, "Lib"))


def test_resource_prefix_shared_by_several_stacks(stack: Stack) -> None:
    """resource_prefix replaces the stack name in the application's resource ARNs."""
    # GIVEN
    make_boundary(stack, resource_prefix="Orders")
    # WHEN
    text = json.dumps(template_of(stack).find_resources("AWS::IAM::ManagedPolicy"))
    # THEN
    assert ":function:Orders*" in text
    assert ":function:Test*" not in text


@pytest.mark.parametrize(
    "name", ["p", "p" * POLICY_NAME_MAX_LENGTH, "a+=,.@_-Z9"], ids=["1", "128", "every-allowed-character"]
)
def test_accepts_policy_names_within_limits(stack: Stack, name: str) -> None:
    """managed_policy_name of 1 and 128 characters, of every allowed character, is accepted."""
    # GIVEN / WHEN / THEN
    assert make_boundary(stack, managed_policy_name=name).managed_policy_name == name


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("", "must be 1 to 128 characters"),
        ("p" * (POLICY_NAME_MAX_LENGTH + 1), "must be 1 to 128 characters"),
        ("my boundary", "must be letters, digits"),
        ("b\u00fcndary", "must be letters, digits"),
    ],
    ids=["empty", "129", "space", "non-ascii"],
)
def test_fails_when_policy_name_is_invalid(stack: Stack, name: str, rule: str) -> None:
    """managed_policy_name empty, of 129 characters or with other characters than IAM's is rejected."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=f"^Test/Boundary: managed_policy_name {rule}"):
        make_boundary(stack, managed_policy_name=name)


@pytest.mark.parametrize("length", [1, RESOURCE_PREFIX_MAX_LENGTH], ids=["1", "128"])
def test_accepts_resource_prefix_lengths_within_limits(stack: Stack, length: int) -> None:
    """resource_prefix of 1 to 128 characters (a stack name's limit) is accepted and synthesizes."""
    # GIVEN / WHEN
    make_boundary(stack, resource_prefix="O" * length)
    # THEN
    assert f":function:{'O' * length}*" in json.dumps(template_of(stack).to_json())


@pytest.mark.parametrize("length", [0, RESOURCE_PREFIX_MAX_LENGTH + 1], ids=["empty", "129"])
def test_fails_when_resource_prefix_length_is_outside_limits(stack: Stack, length: int) -> None:
    """An empty resource_prefix (would allow every resource) or one longer than a stack name is rejected."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match="^Test/Boundary: resource_prefix must be 1 to 128 characters"):
        make_boundary(stack, resource_prefix="O" * length)


@pytest.mark.parametrize("stack_name_length", [109, 110], ids=["128-kept", "129-cut"])
def test_default_name_is_cut_to_128_characters(app: App, stack_name_length: int) -> None:
    """<stack>-<id>-<region> is used as it is up to 128 characters and cut beyond."""
    # GIVEN
    stack = Stack(app, "S" * stack_name_length, env=EU)
    full = f"{'S' * stack_name_length}-Boundary-eu-west-1"
    # WHEN
    boundary = make_boundary(stack)
    # THEN
    assert len(full) == stack_name_length + 19
    assert boundary.managed_policy_name == full[:POLICY_NAME_MAX_LENGTH]


def test_fails_when_the_id_makes_an_invalid_default_name(stack: Stack) -> None:
    """A construct ID IAM does not accept in a policy name is rejected when the name is defaulted."""
    # GIVEN / WHEN
    rule = "^Test/My Boundary: id must be letters, digits and .*, as it makes the default policy name "
    # THEN
    with pytest.raises(ValidationError, match=rule + "'Test-My Boundary-eu-west-1', got 'My Boundary'$"):
        PermissionsBoundary(stack, "My Boundary")
    PermissionsBoundary(stack, "My Boundary", managed_policy_name="my-boundary")


def test_description_length_limit(stack: Stack) -> None:
    """description of 1000 characters passes, 1001 fails."""
    # GIVEN / WHEN
    PermissionsBoundary(stack, "Ok", description="d" * POLICY_DESCRIPTION_MAX_LENGTH)
    # THEN
    with pytest.raises(ValidationError, match="description must be 0 to 1000 characters"):
        make_boundary(stack, description="d" * (POLICY_DESCRIPTION_MAX_LENGTH + 1))


# --------------------------------------------------------------------------------------------------
# apply_to: every role, including the ones CDK's aspects miss


def _aws_custom_resource(stack: Stack) -> None:
    cr.AwsCustomResource(
        stack,
        "Lookup",
        on_create=cr.AwsSdkCall(
            service="SSM",
            action="getParameter",
            parameters={"Name": "/x"},
            physical_resource_id=cr.PhysicalResourceId.of("x"),
        ),
        policy=cr.AwsCustomResourcePolicy.from_sdk_calls(resources=cr.AwsCustomResourcePolicy.ANY_RESOURCE),
    )


def _auto_delete_bucket(stack: Stack) -> None:
    s3.Bucket(stack, "Bucket", auto_delete_objects=True, removal_policy=RemovalPolicy.DESTROY)


def _bucket_deployment(stack: Stack) -> None:
    bucket = s3.Bucket(stack, "Site")
    s3d.BucketDeployment(
        stack, "Deploy", sources=[s3d.Source.data("index.html", "hi")], destination_bucket=bucket
    )


def _vpc_restricting_default_sg(stack: Stack) -> None:
    ec2.Vpc(stack, "Vpc", max_azs=1, nat_gateways=0, restrict_default_security_group=True)


def _user(stack: Stack) -> None:
    iam.User(stack, "Deployer")


def _function(stack: Stack) -> None:
    make_function(stack, "Api")


@pytest.mark.parametrize(
    "build",
    [
        _function,
        _aws_custom_resource,
        _auto_delete_bucket,
        _bucket_deployment,
        _vpc_restricting_default_sg,
        _user,
    ],
    ids=[
        "function",
        "aws-custom-resource",
        "s3-auto-delete",
        "bucket-deployment",
        "vpc-restrict-default-sg",
        "user",
    ],
)
def test_every_role_and_user_gets_the_boundary(
    app: App, stack: Stack, build: Callable[[Stack], None]
) -> None:
    """Roles of functions, custom-resource providers and singletons, and IAM users all get it."""
    # GIVEN
    make_boundary(stack).apply_to(stack)
    # WHEN
    build(stack)
    # THEN
    found = boundaries(app)
    assert found, "the case creates at least one role or user"
    assert all(value == policy_ref(stack) for value in found.values()), found


def test_cross_region_reference_roles_created_late_get_the_boundary() -> None:
    """The export writer and reader roles (created after aspects ran) carry the boundary."""
    app = strong_refs_app()
    # GIVEN a boundary in its own stack and a cross-region reference between two others
    security = Stack(app, "Security", env=EU)
    producer = Stack(app, "Producer", env=US, cross_region_references=True)
    consumer = Stack(app, "Consumer", env=EU, cross_region_references=True)
    PermissionsBoundary(security, "Boundary", managed_policy_name="app-boundary").apply_to(app)
    queue = sqs.Queue(producer, "Queue")
    make_function(consumer, "Api", environment={"QUEUE": queue.queue_url})
    # WHEN
    found = boundaries(app)
    # THEN
    assert any("CrossRegionExportWriter" in key for key in found)
    assert any("CrossRegionExportReader" in key for key in found)
    assert all(value == by_name("app-boundary") for value in found.values()), found
    deps = {s.stack_name: {d.id for d in s.dependencies} for s in app.synth().stacks}
    assert "Security" in deps["Producer"]
    assert "Security" in deps["Consumer"]


def test_cdk_alone_misses_the_late_roles() -> None:
    """Baseline: CDK's own PermissionsBoundary.of(app) leaves the cross-region roles without one."""
    app = strong_refs_app()
    # GIVEN
    producer = Stack(app, "Producer", env=US, cross_region_references=True)
    consumer = Stack(app, "Consumer", env=EU, cross_region_references=True)
    iam.PermissionsBoundary.of(app).apply(iam.ManagedPolicy.from_managed_policy_name(consumer, "B", "b"))
    make_function(consumer, "Api", environment={"QUEUE": sqs.Queue(producer, "Queue").queue_url})
    # WHEN
    found = boundaries(app)
    # THEN
    assert [k for k, v in found.items() if v is None] == [k for k in found if "CrossRegionExport" in k] != []


def test_full_app_every_role_in_every_template_carries_the_boundary() -> None:
    """Function, auto-delete, deployment, VPC, AwsCustomResource and cross-region reference together."""
    app = strong_refs_app()
    # GIVEN
    producer = Stack(app, "Producer", env=US, cross_region_references=True)
    stack = Stack(app, "Orders", env=EU, cross_region_references=True)
    boundary = PermissionsBoundary.from_name(app, "Boundary", "org/app-boundary")
    boundary.apply_to(app)
    make_function(stack, "Api", environment={"QUEUE": sqs.Queue(producer, "Queue").queue_url})
    for build in (
        _auto_delete_bucket,
        _bucket_deployment,
        _vpc_restricting_default_sg,
        _aws_custom_resource,
        _user,
    ):
        build(stack)
    # WHEN
    found = boundaries(app)
    # THEN
    assert len(found) == 8
    assert all(value == by_name("org/app-boundary") for value in found.values()), found


def test_boundary_applied_to_a_parent_stack_reaches_its_nested_stacks(app: App, stack: Stack) -> None:
    """A nested stack's roles get the parent's boundary through a parameter; synthesis succeeds."""
    # GIVEN a boundary applied to a stack and a function in a nested stack of a nested stack
    make_boundary(stack).apply_to(stack)
    outer = NestedStack(stack, "Outer")
    inner = NestedStack(outer, "Inner")
    make_function(inner, "Api")
    # WHEN synthesized (a nested stack cannot depend on its parent: no stack dependency is added)
    app.synth()
    # THEN the nested role's boundary is the parameter the parent fills with the policy's Ref
    (role,) = Template.from_stack(inner).find_resources("AWS::IAM::Role").values()
    parameter = role["Properties"]["PermissionsBoundary"]["Ref"]
    (nested,) = Template.from_stack(stack).find_resources("AWS::CloudFormation::Stack").values()
    (outer_parameter,) = nested["Properties"]["Parameters"].values()
    assert outer_parameter == policy_ref(stack)
    (inner_stack,) = Template.from_stack(outer).find_resources("AWS::CloudFormation::Stack").values()
    assert set(inner_stack["Properties"]["Parameters"]) == {parameter}


def test_from_name_resolves_the_account_per_stack(app: App) -> None:
    """A boundary by name gets each stack's own account and partition."""
    # GIVEN
    one = Stack(app, "One", env=EU)
    two = Stack(app, "Two", env=Environment(account="210987654321", region="us-east-1"))
    PermissionsBoundary.from_name(app, "Boundary", "app-boundary").apply_to(app)
    make_function(one, "Api")
    make_function(two, "Api")
    # WHEN
    found = boundaries(app)
    # THEN
    assert sorted(found.values()) == [by_name("app-boundary"), by_name("app-boundary", "210987654321")]
    assert [k.split("/")[0] for k, v in sorted(found.items(), key=lambda kv: kv[1])] == ["One", "Two"]


def test_from_arn_resolves_placeholders_in_environment_agnostic_stacks(app: App) -> None:
    """${AWS::AccountId} and ${Qualifier} in an ARN resolve per stack, also without an environment."""
    # GIVEN
    agnostic = Stack(app, "Agnostic")
    arn = "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/cdk-${Qualifier}-boundary"
    PermissionsBoundary.from_arn(app, "Boundary", arn).apply_to(app)
    make_function(agnostic, "Api")
    # WHEN
    found = boundaries(app)
    # THEN
    assert list(found.values()) == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/cdk-hnb659fds-boundary"}
    ]


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::123456789012:policy/boundary-${AWS::Region}",
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/cdk-${Qualifier}-boundary",
        "arn:aws:iam::aws:policy/PowerUserAccess",
        "arn:aws-cn:iam::123456789012:policy/org/team/boundary",
    ],
    ids=["region-placeholder", "partition-account-qualifier", "aws-managed", "path"],
)
def test_accepts_policy_arns(app: App, arn: str) -> None:
    """from_arn takes policy ARNs with a 12-digit account or aws, a path and the documented placeholders."""
    # GIVEN / WHEN / THEN
    PermissionsBoundary.from_arn(app, "Boundary", arn)


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::123456789012:role/x",
        "arn:aws:iam:::policy/x",
        "arn:aws:iam::12345678901:policy/x",
        "arn:aws:iam::123456789012:policy/${Foo}",
        "arn:aws:iam::123456789012:policy/b\u00fcndary",
        "arn:aws:iam::123456789012:policy/",
        "arn:aws:iam::123456789012:policy//x",
    ],
    ids=[
        "role",
        "no-account",
        "11-digit-account",
        "unknown-placeholder",
        "non-ascii",
        "no-name",
        "empty-path",
    ],
)
def test_fails_when_arn_is_not_a_policy_arn(app: App, arn: str) -> None:
    """from_arn rejects anything but an IAM policy ARN."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match="^Boundary: arn must be an IAM policy ARN"):
        PermissionsBoundary.from_arn(app, "Boundary", arn)


@pytest.mark.parametrize(
    "name",
    [
        "p" * POLICY_NAME_MAX_LENGTH,
        "org/" + "p" * POLICY_NAME_MAX_LENGTH,
        "o" * (POLICY_PATH_MAX_LENGTH - 2) + "/p",
    ],
    ids=["name-128", "path-and-name-128", "path-510"],
)
def test_from_name_accepts_names_within_limits(app: App, name: str) -> None:
    """The name after the last '/' may have 128 characters, the path before it 510 ('/' + 510 + '/')."""
    # GIVEN / WHEN / THEN
    assert PermissionsBoundary.from_name(app, "Boundary", name).managed_policy_name == name


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("p" * (POLICY_NAME_MAX_LENGTH + 1), "must end in a name of at most 128 characters"),
        ("o" * (POLICY_PATH_MAX_LENGTH - 1) + "/p", "must have a path of at most 510 characters"),
        ("", "must be letters, digits"),
        ("a b", "must be letters, digits"),
        ("/org/b", "must be letters, digits"),
        ("org/", "must be letters, digits"),
    ],
    ids=["name-129", "path-511", "empty", "space", "leading-slash", "no-name"],
)
def test_from_name_fails_when_name_is_invalid(app: App, name: str, rule: str) -> None:
    """from_name rejects names IAM would not find: too long, empty, bad characters, stray '/'."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=f"^Boundary: name {rule}"):
        PermissionsBoundary.from_name(app, "Boundary", name)


# --------------------------------------------------------------------------------------------------
# Enforcement


_LOGICAL_ID_METADATA = pytest.mark.parametrize(
    "context",
    [{}, {"aws:cdk:disable-logicalId-metadata": True}],
    ids=["logical-id-metadata", "no-logical-id-metadata"],
)


def _app_and_stack(context: dict[str, object]) -> tuple[App, Stack]:
    """The ``app`` and ``stack`` fixtures, with ``context`` added to the app's."""
    app = App(context={**project_context(), **context})
    return app, Stack(app, "Test", env=EU)


@_LOGICAL_ID_METADATA
def test_role_stripped_by_a_later_aspect_fails_synth_naming_it(context: dict[str, object]) -> None:
    """An aspect that removes the boundary after apply_to makes synthesis fail with path and logical ID.

    Paths come from the cloud assembly's logical-ID metadata, or from the construct tree without it.
    """
    # GIVEN
    app, stack = _app_and_stack(context)
    make_boundary(stack).apply_to(stack)
    make_function(stack, "Api")
    make_function(stack, "Worker")
    Aspects.of(stack).add(StripBoundary("Worker"))
    # WHEN / THEN
    with pytest.raises(
        Exception, match=r"IAM role Test/Worker/ServiceRole/Resource \(logical ID WorkerServiceRole\w+"
    ) as err:
        app.synth()
    assert "Test/Api/" not in str(err.value)


@_LOGICAL_ID_METADATA
def test_role_in_a_nested_stack_stripped_by_a_later_aspect_fails_synth_naming_it(
    context: dict[str, object],
) -> None:
    """Roles in nested stacks are enforced too (CDK hands plugins only the top-level templates)."""
    # GIVEN
    app, stack = _app_and_stack(context)
    make_boundary(stack).apply_to(stack)
    inner = NestedStack(stack, "Inner")
    make_function(inner, "Api")
    make_function(inner, "Worker")
    Aspects.of(inner).add(StripBoundary("Worker"))
    # WHEN / THEN
    with pytest.raises(
        Exception,
        match=r"IAM role Test/Inner/Worker/ServiceRole/Resource \(logical ID WorkerServiceRole\w+, "
        r"stack Test/Inner\) has no permissions boundary",
    ) as err:
        app.synth()
    assert "Test/Inner/Api/" not in str(err.value)


def test_role_with_another_boundary_fails_synth(app: App, stack: Stack) -> None:
    """A role whose boundary is replaced after apply_to fails synthesis and shows both values."""
    # GIVEN
    make_boundary(stack).apply_to(stack)
    role = make_function(stack, "Api").role
    assert role is not None
    role_path = role.node.path

    @jsii.implements(IAspect)
    class Replace:
        def visit(self, node: IConstruct) -> None:
            if node.node.path == f"{role_path}/Resource":
                node.add_property_override("PermissionsBoundary", "arn:aws:iam::123456789012:policy/other")  # type: ignore[attr-defined]

    Aspects.of(stack).add(Replace())
    # WHEN / THEN
    with pytest.raises(
        Exception,
        match=r"Test/Api/ServiceRole/Resource .* has boundary \"arn:aws:iam::123456789012:policy/other\"",
    ):
        app.synth()


def test_enforcement_works_inside_a_nested_stage(app: App) -> None:
    """apply_to on a Stage (a pipeline stage) also fails synthesis for a stripped role."""
    # GIVEN
    stage = Stage(app, "Prod", env=EU)
    stack = Stack(stage, "Orders")
    make_boundary(stack).apply_to(stage)
    make_function(stack, "Worker")
    Aspects.of(stack).add(StripBoundary("Worker"))
    # WHEN / THEN
    with pytest.raises(
        Exception, match=r"IAM role Prod/Orders/Worker/ServiceRole/Resource .*stack Prod-Orders"
    ):
        app.synth()


def test_enforce_false_lets_a_stripped_role_through(app: App, stack: Stack) -> None:
    """With enforce=False a role without its boundary does not fail synthesis."""
    # GIVEN
    make_boundary(stack).apply_to(stack, enforce=False)
    make_function(stack, "Api")
    Aspects.of(stack).add(StripBoundary("Api"))
    # WHEN
    found = boundaries(app)
    # THEN
    assert list(found.values()) == [None]


def test_allow_list_keeps_matching_roles_without_boundary(app: App, stack: Stack) -> None:
    """A role matched by an allow-list glob is neither given the boundary nor checked."""
    # GIVEN
    make_boundary(stack).apply_to(stack, allow_list=["Test/BreakGlass*"])
    make_function(stack, "Api")
    iam.Role(stack, "BreakGlassRole", assumed_by=iam.AccountRootPrincipal())
    # WHEN
    found = boundaries(app)
    # THEN
    assert {k.split("/")[1].startswith("BreakGlass"): v is None for k, v in found.items()} == {
        True: True,
        False: False,
    }


@pytest.mark.parametrize(
    ("allow_list", "rule"),
    [
        ("Test/*", "must be a list of path globs, not one string"),
        ([""], "must hold non-blank path globs"),
        ([" "], "must hold non-blank path globs"),
    ],
    ids=["one-string", "empty-glob", "blank-glob"],
)
def test_fails_when_allow_list_is_not_a_list_of_globs(stack: Stack, allow_list: Any, rule: str) -> None:
    """One string would be read as its characters ("*" exempting every role); an empty glob is a slip."""
    # GIVEN / WHEN
    boundary = make_boundary(stack)
    # THEN
    with pytest.raises(ValidationError, match=f"^Test: allow_list {rule}"):
        boundary.apply_to(stack, allow_list=allow_list)


def test_allow_list_that_matches_nothing_changes_nothing(app: App, stack: Stack) -> None:
    """allow_list=["x"] is accepted and leaves every other role with the boundary."""
    # GIVEN
    make_boundary(stack).apply_to(stack, allow_list=["x"])
    make_function(stack, "Api")
    # WHEN
    found = boundaries(app)
    # THEN
    assert list(found.values()) == [policy_ref(stack)]


def test_exempt_construct_keeps_its_own_boundary(app: App, stack: Stack) -> None:
    """PermissionsBoundary.exempt leaves a role (and its own boundary) alone and records the reason."""
    # GIVEN
    other = iam.ManagedPolicy.from_managed_policy_name(stack, "Other", "ops-boundary")
    role = iam.Role(stack, "Ops", assumed_by=iam.AccountRootPrincipal(), permissions_boundary=other)
    make_boundary(stack).apply_to(stack)
    PermissionsBoundary.exempt(role, reason="operations role with the organisation's boundary")
    # WHEN
    found = boundaries(app)
    # THEN
    assert list(found.values()) == [by_name("ops-boundary")]


def test_fails_when_exempt_has_no_reason(stack: Stack) -> None:
    """exempt without a reason is rejected."""
    # GIVEN / WHEN
    role = iam.Role(stack, "Ops", assumed_by=iam.AccountRootPrincipal())
    # THEN
    with pytest.raises(ValidationError, match="Test/Ops: reason must explain the exemption"):
        PermissionsBoundary.exempt(role, reason=" ")


def test_fails_when_grant_check_is_unknown(stack: Stack) -> None:
    """grant_check accepts only warn, error and off."""
    # GIVEN / WHEN
    boundary = make_boundary(stack)
    # THEN
    with pytest.raises(ValidationError, match="grant_check must be one of warn, error, off"):
        boundary.apply_to(stack, grant_check="loud")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Per-function override


def test_function_boundary_wins_over_scope_boundary(app: App, stack: Stack) -> None:
    """apply_function_boundary gives one function its own boundary; enforcement expects that one."""
    # GIVEN
    make_boundary(stack).apply_to(stack)
    special = make_function(stack, "Special")
    make_function(stack, "Plain")
    apply_function_boundary(
        special, iam.ManagedPolicy.from_managed_policy_name(stack, "Own", "special-boundary")
    )
    # WHEN
    found = boundaries(app)
    # THEN
    assert {k.split("/")[1][:5]: v for k, v in found.items()} == {
        "Speci": by_name("special-boundary"),
        "Plain": policy_ref(stack),
    }


def test_fails_when_function_role_is_imported(stack: Stack) -> None:
    """A per-function boundary needs a role created in the app."""
    # GIVEN
    role = iam.Role.from_role_arn(stack, "Imported", "arn:aws:iam::123456789012:role/x", mutable=False)
    # WHEN
    fn = make_function(stack, "Api", role=role)
    # THEN
    with pytest.raises(
        ValidationError,
        match="^Test/Api: permissions_boundary needs an execution role .*, "
        "got 'arn:aws:iam::123456789012:role/x'$",
    ):
        apply_function_boundary(fn, make_boundary(stack))


# --------------------------------------------------------------------------------------------------
# Configuration from context (cdk.json / cdk synth -c)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ctx-boundary", by_name("ctx-boundary")),
        ('{"name": "ctx-boundary"}', by_name("ctx-boundary")),
        ({"name": "ctx-boundary"}, by_name("ctx-boundary")),
        ("arn:aws:iam::123456789012:policy/ctx-boundary", "arn:aws:iam::123456789012:policy/ctx-boundary"),
        (
            {"arn": "arn:aws:iam::123456789012:policy/ctx-boundary"},
            "arn:aws:iam::123456789012:policy/ctx-boundary",
        ),
    ],
    ids=["string-name", "json-string", "json-name", "string-arn", "json-arn"],
)
def test_from_context_honours_string_and_json_forms(value: Any, expected: Any) -> None:
    """The boundary from @aws-cdk/core:permissionsBoundary reaches every role, string form included."""
    # GIVEN
    app = App(context={"@aws-cdk/core:permissionsBoundary": value})
    stack = Stack(app, "Orders", env=EU)
    make_function(stack, "Api")
    # WHEN
    boundary = PermissionsBoundary.from_context(app)
    # THEN
    assert boundary is not None
    assert list(boundaries(app).values()) == [expected]


def test_from_context_returns_none_without_context(app: App) -> None:
    """No context, no boundary."""
    # GIVEN / WHEN / THEN
    assert PermissionsBoundary.from_context(app) is None


@pytest.mark.parametrize("value", ["", "  "], ids=["empty", "blank"])
def test_from_context_returns_none_for_an_empty_or_blank_string(value: str) -> None:
    """An empty or blank context value (cdk synth -c '@aws-cdk/core:permissionsBoundary=') means no boundary."""
    # GIVEN / WHEN / THEN
    assert PermissionsBoundary.from_context(App(context={CONTEXT_KEY: value})) is None


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ({"policy": "x"}, 'must be a policy name, a policy ARN, {"name": ...} or {"arn": ...}, got'),
        ({"name": 5}, 'must be a policy name, a policy ARN, {"name": ...} or {"arn": ...}, got'),
        ("{bad", r'must be .* or {"arn": ...}; its JSON is invalid \(Expecting property name'),
        ({"name": ""}, "holds a policy name that must be letters, digits"),
        ("my boundary", "holds a policy name that must be letters, digits"),
        ("arn:aws:iam::123456789012:role/x", "holds a policy ARN that must be an IAM policy ARN"),
    ],
    ids=["unknown-key", "name-not-a-string", "invalid-json", "empty-name", "bad-name", "bad-arn"],
)
def test_fails_when_context_is_invalid(value: Any, rule: str) -> None:
    """A bad context value is reported against the context key the user set."""
    # GIVEN / WHEN
    app = App(context={CONTEXT_KEY: value})
    # THEN
    with pytest.raises(ValidationError, match=re.escape(CONTEXT_KEY) + " " + rule) as err:
        PermissionsBoundary.from_context(app)
    assert (err.value.construct_path, err.value.prop) == ("", CONTEXT_KEY)


def test_context_error_names_the_stage() -> None:
    """from_context on a stage names the stage's path."""
    # GIVEN / WHEN
    stage = Stage(App(context={CONTEXT_KEY: "{bad"}), "Prod")
    # THEN
    with pytest.raises(ValidationError, match="^Prod: @aws-cdk/core:permissionsBoundary must be"):
        PermissionsBoundary.from_context(stage)


# --------------------------------------------------------------------------------------------------
# Consistency of grants with the boundary


def grant_findings(app: App, construct_path: str = "*") -> list[dict[str, Any]]:
    """The grant-check findings (warnings and errors) of ``app``'s validation report on ``construct_path``.

    The check runs on the synthesized templates, as a policy-validation plugin: its findings are in the
    report CDK prints and writes to ``validation-report.json`` (``"*"``: findings on any construct).
    """
    report = json.loads((Path(app.synth().directory) / "validation-report.json").read_text())
    return [
        violation
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
        if violation["ruleName"] == "constructs-lambda:boundary-blocks-grant"
        and any(construct_path in ("*", c["constructPath"]) for c in violation["violatingConstructs"])
    ]


def _narrow_boundary(stack: Stack) -> PermissionsBoundary:
    return make_boundary(
        stack,
        statements=[iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::data/*"])],
    )


def test_warns_when_a_role_is_granted_what_its_boundary_denies(app: App, stack: Stack) -> None:
    """Logs, X-Ray, DLQ and VPC grants outside a narrow boundary are named in warnings."""
    # GIVEN
    _narrow_boundary(stack).apply_to(stack)
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        max_azs=1,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="private", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )
    make_function(
        stack,
        "Api",
        tracing=lambda_.Tracing.ACTIVE,
        dead_letter_queue=sqs.Queue(stack, "Dlq", retention_period=Duration.days(14)),
        vpc=vpc,
    )
    # WHEN
    warnings = grant_findings(app, "Test/Api/ServiceRole/Resource")
    text = json.dumps(warnings)
    # THEN
    for action in (
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "sqs:SendMessage",
        "ec2:CreateNetworkInterface",
    ):
        assert f"is granted {action}" in text, text
    assert "constructs-lambda:boundary-blocks-grant" in text
    assert {w["severity"] for w in warnings} == {"warning"}


def test_default_boundary_allows_what_a_function_is_granted(app: App, stack: Stack) -> None:
    """The default template covers logs, X-Ray and a DLQ named after the stack: no warning."""
    # GIVEN
    make_boundary(stack).apply_to(stack)
    make_function(stack, "Api", tracing=lambda_.Tracing.ACTIVE, dead_letter_queue_enabled=True)
    # WHEN
    findings = grant_findings(app)
    # THEN
    assert not [f for f in findings if "permissions boundary" in f["description"]], findings


def test_warns_when_a_named_resource_is_outside_the_boundary_prefix(app: App, stack: Stack) -> None:
    """A DLQ named outside the application's prefix is reported; one inside it is not."""
    # GIVEN the default boundary (prefix "Test")
    make_boundary(stack).apply_to(stack)
    outside = sqs.Queue(stack, "Outside", queue_name="shared-dlq", retention_period=Duration.days(14))
    inside = sqs.Queue(stack, "Inside", queue_name="Test-dlq", retention_period=Duration.days(14))
    make_function(stack, "Api", dead_letter_queue=outside)
    make_function(stack, "Worker", dead_letter_queue=inside)
    # WHEN
    api = grant_findings(app, "Test/Api/ServiceRole/Resource")
    worker = grant_findings(app, "Test/Worker/ServiceRole/Resource")
    # THEN
    pattern = re.compile(r"is granted sqs:SendMessage on .*shared-dlq.* does not allow it")
    assert any(w["severity"] == "warning" and pattern.search(w["description"]) for w in api), api
    assert not [w for w in worker if "sqs:SendMessage" in w["description"]], worker


@pytest.mark.parametrize(
    ("env", "warned"),
    [
        (EU, False),
        (US, True),
        (Environment(account="210987654321", region="eu-west-1"), True),
        (None, False),
    ],
    ids=["same-region-and-account", "other-region", "other-account", "environment-agnostic"],
)
def test_boundary_naming_a_resource_by_its_full_arn_covers_it_only_in_that_environment(
    app: App, env: Environment | None, warned: bool
) -> None:
    """A statement on a full ARN covers a queue granted by name in that region and account only.

    An environment-agnostic stack's region and account are unknown until deployment: any is accepted.
    """
    # GIVEN a queue outside the prefix, allowed by its full ARN in eu-west-1
    stack = Stack(app, "Test", env=env)
    make_boundary(
        stack,
        additional_statements=[
            iam.PolicyStatement(
                actions=["sqs:SendMessage"], resources=[f"arn:aws:sqs:eu-west-1:{ACCOUNT}:shared-dlq"]
            )
        ],
    ).apply_to(stack)
    dlq = sqs.Queue(stack, "Dlq", queue_name="shared-dlq", retention_period=Duration.days(14))
    make_function(stack, "Api", dead_letter_queue=dlq)
    # WHEN
    findings = [f for f in grant_findings(app) if "is granted sqs:SendMessage" in f["description"]]
    # THEN
    assert bool(findings) == warned, findings


def test_grant_check_error_fails_synth(app: App, stack: Stack) -> None:
    """grant_check='error' turns the consistency finding into a synthesis error."""
    # GIVEN
    _narrow_boundary(stack).apply_to(stack, grant_check="error")
    make_function(stack, "Api")
    # WHEN / THEN
    with pytest.raises(Exception, match=r"Role Test/Api/ServiceRole/Resource is granted logs:\w+"):
        app.synth()


def test_grant_check_reaches_roles_in_nested_stacks(app: App, stack: Stack) -> None:
    """Nested stacks' templates are checked too (CDK hands plugins only the top-level templates)."""
    # GIVEN
    _narrow_boundary(stack).apply_to(stack)
    make_function(NestedStack(NestedStack(stack, "Outer"), "Inner"), "Api")
    # WHEN
    findings = grant_findings(app, "Test/Outer/Inner/Api/ServiceRole/Resource")
    # THEN
    assert any("is granted logs:PutLogEvents" in f["description"] for f in findings), findings


def test_grant_check_off_reports_nothing(app: App, stack: Stack) -> None:
    """grant_check='off' disables the consistency check."""
    # GIVEN
    _narrow_boundary(stack).apply_to(stack, grant_check="off")
    make_function(stack, "Api")
    # WHEN / THEN
    assert grant_findings(app) == []
