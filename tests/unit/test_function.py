"""constructs_lambda.Function: defaults, every feature of the L2, and every limit just inside and outside."""

from __future__ import annotations

import re
from typing import Any, cast

import pytest
from aws_cdk import App, Aws, Duration, Environment, RemovalPolicy, Size, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_efs as efs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_signer as signer
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match
from constructs import Construct

import constructs_lambda as cl
from constructs_lambda._node import scope_l2_role
from constructs_lambda._validation import jsii_ref
from tests.conftest import ACCOUNT, REGION, project_context
from tests.helpers import RUNTIME, assert_cfn_lint_clean, assert_nag_clean, make_function, template_of


def fn_props(stack: Stack) -> dict[str, Any]:
    """The properties of the only AWS::Lambda::Function in the stack."""
    return dict(fn_props_resource(stack)["Properties"])


def fn_props_resource(stack: Stack) -> dict[str, Any]:
    """The only AWS::Lambda::Function of the stack, as a template resource."""
    functions = template_of(stack).find_resources("AWS::Lambda::Function")
    assert len(functions) == 1, functions
    return dict(next(iter(functions.values())))


# -- defaults ---------------------------------------------------------------------------------------


def test_defaults_are_production_ready(stack: Stack) -> None:
    """Only code, handler and runtime: arm64, 256 MiB, 10 s, X-Ray and JSON logs are set."""
    # GIVEN only code, handler and runtime
    make_function(stack)
    # WHEN
    props = fn_props(stack)
    # THEN arm64, 256 MiB, 10 s, X-Ray and JSON logs are set
    assert props["Architectures"] == ["arm64"]
    assert props["MemorySize"] == 256
    assert props["Timeout"] == 10
    assert props["TracingConfig"] == {"Mode": "Active"}
    assert props["LoggingConfig"]["LogFormat"] == "JSON"


def test_creates_log_group_with_retention(stack: Stack) -> None:
    """The log group is explicit and retained; with the project's useCdkManagedLogGroup flag it is the L2's
    group, kept as long as the L2 keeps it (731 days); fn.log_group is that group."""
    # GIVEN
    fn = make_function(stack)
    # WHEN
    template = template_of(stack)
    # THEN
    template.resource_count_is("AWS::Logs::LogGroup", 1)
    template.has_resource(
        "AWS::Logs::LogGroup",
        {"Properties": {"RetentionInDays": 731}, "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"},
    )
    assert fn.own_log_group is not None
    assert fn.own_log_group.node.path == fn.log_group.node.path == "Test/Api/LogGroup"
    template.resource_count_is("Custom::LogRetention", 0)


def test_role_has_no_managed_policies_and_log_rights_scoped(stack: Stack) -> None:
    """The execution role carries no AWS-managed policy; log writes are limited to its own group."""
    # GIVEN
    make_function(stack)
    template = template_of(stack)
    # WHEN
    role = next(iter(template.find_resources("AWS::IAM::Role").values()))
    # THEN
    assert "ManagedPolicyArns" not in role["Properties"]
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        {
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                            "Effect": "Allow",
                            "Resource": {"Fn::GetAtt": [Match.string_like_regexp("ApiLogGroup"), "Arn"]},
                        }
                    ]
                )
            }
        },
    )


def test_user_managed_policy_is_kept(stack: Stack) -> None:
    """A managed policy the user attaches later survives the removal of the L2's defaults."""
    # GIVEN / WHEN
    fn = make_function(stack)
    # THEN
    assert fn.role is not None
    fn.role.add_managed_policy(iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess"))
    role = next(iter(template_of(stack).find_resources("AWS::IAM::Role").values()))
    arns = role["Properties"]["ManagedPolicyArns"]
    assert len(arns) == 1 and "ReadOnlyAccess" in str(arns)


def test_alias_live_on_current_version(stack: Stack) -> None:
    """fn.alias is 'live' and points at the current version."""
    # GIVEN / WHEN
    fn = make_function(stack)
    # THEN
    assert fn.alias is not None and fn.alias.alias_name == "live"
    template_of(stack).has_resource_properties(
        "AWS::Lambda::Alias",
        {
            "Name": "live",
            "FunctionVersion": {"Fn::GetAtt": [Match.string_like_regexp("ApiCurrentVersion"), "Version"]},
        },
    )


def test_function_waits_for_policy_not_role(stack: Stack) -> None:
    """DependsOn names only the default policy; GetAtt already orders the role (cfn-lint W3005)."""
    # GIVEN
    make_function(stack)
    # WHEN
    fn = next(iter(template_of(stack).find_resources("AWS::Lambda::Function").values()))
    # THEN
    assert len(fn["DependsOn"]) == 1 and "DefaultPolicy" in fn["DependsOn"][0]


def test_function_with_given_role_waits_for_its_policy_not_the_role(stack: Stack) -> None:
    """role=: the function waits for that role's default policy only, as for the role the L2 creates."""
    # GIVEN a role of this app that already has a statement (so a DefaultPolicy)
    role = iam.Role(stack, "Mine", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::bucket/*"]))
    # WHEN
    make_function(stack, role=role)
    # THEN DependsOn names the policy and not the role
    depends_on = fn_props_resource(stack)["DependsOn"]
    assert len(depends_on) == 1 and depends_on[0].startswith("MineDefaultPolicy")


def test_default_function_is_cfn_lint_clean(stack: Stack) -> None:
    """Zero cfn-lint errors and warnings for the default function."""
    # GIVEN / WHEN
    make_function(stack)
    # THEN
    assert_cfn_lint_clean(stack)


def test_default_function_is_cdk_nag_clean(stack: Stack) -> None:
    """Zero unacknowledged AwsSolutions and Serverless findings for the default function."""
    # GIVEN / WHEN
    make_function(stack)
    # THEN
    assert_nag_clean(stack)


def test_without_cdk_managed_log_group_flag(stack: Stack) -> None:
    """With the L2 feature flag off the function still gets one explicit, retained log group."""
    # GIVEN
    app = App(context={**project_context(), "@aws-cdk/aws-lambda:useCdkManagedLogGroup": False})
    other = Stack(app, "NoFlag", env=Environment(account=ACCOUNT, region=REGION))
    make_function(other)
    # WHEN
    template = template_of(other)
    # THEN
    template.resource_count_is("AWS::Logs::LogGroup", 1)
    template.has_resource_properties("AWS::Logs::LogGroup", {"RetentionInDays": 365})
    template.resource_count_is("Custom::LogRetention", 0)
    # No fixed name (a retained group never blocks re-creation); the logging config says where it is.
    assert "Ref" in fn_props(other)["LoggingConfig"]["LogGroup"]
    assert_cfn_lint_clean(other)
    assert_nag_clean(other)


def test_with_cdk_managed_log_group_flag_keeps_it(stack: Stack) -> None:
    """With the flag on, the L2's group /aws/lambda/<function> stays (same logical ID and name, so a stack
    deployed with the L2 keeps its logs); Lambda writes there by default, so no logging config names it.

    The group's name refers to the function, which waits for its role's default policy: the log rights
    are in a separate policy the function does not wait for, or the template would have a cycle.
    """
    # GIVEN
    app = App(context={**project_context(), "@aws-cdk/aws-lambda:useCdkManagedLogGroup": True})
    other = Stack(app, "Flag", env=Environment(account=ACCOUNT, region=REGION))
    fn = make_function(other, log_retention=logs.RetentionDays.ONE_MONTH)
    # WHEN
    template = template_of(other)
    # THEN
    template.resource_count_is("AWS::Logs::LogGroup", 1)
    template.has_resource(
        "AWS::Logs::LogGroup",
        {
            "Properties": {
                "LogGroupName": {"Fn::Join": ["", ["/aws/lambda/", {"Ref": "ApiF70053CD"}]]},
                "RetentionInDays": 30,
            },
            "DeletionPolicy": "Retain",
        },
    )
    assert "LogGroup" not in fn_props(other)["LoggingConfig"]
    policies = template.find_resources("AWS::IAM::Policy")
    assert sorted(policies) == ["ApiLogPolicy7CCF73AC", "ApiServiceRoleDefaultPolicyB24862FE"]
    assert policies["ApiLogPolicy7CCF73AC"]["Properties"]["PolicyDocument"]["Statement"] == [
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": ["ApiLogGroup1717FE17", "Arn"]},
        }
    ]
    functions = template.find_resources("AWS::Lambda::Function")
    assert functions["ApiF70053CD"]["DependsOn"] == ["ApiServiceRoleDefaultPolicyB24862FE"]
    assert fn.own_log_group is not None and fn.log_group.node.path == fn.own_log_group.node.path
    assert_cfn_lint_clean(other)
    assert_nag_clean(other)


# -- defaults are overridable with the L2's own keywords ----------------------------------------------


def test_cdk_managed_log_group_flag_is_read_per_scope() -> None:
    """The flag set on one construct applies to the functions below it only, as in the L2: the function
    in that scope keeps the L2's /aws/lambda/<function> group, its sibling in the stack does not."""
    # GIVEN
    app = App(context={**project_context(), "@aws-cdk/aws-lambda:useCdkManagedLogGroup": False})
    other = Stack(app, "Scoped", env=Environment(account=ACCOUNT, region=REGION))
    flagged = Construct(other, "Flagged")
    flagged.node.set_context("@aws-cdk/aws-lambda:useCdkManagedLogGroup", True)
    # WHEN
    make_function(other, "Plain")
    make_function(flagged, "Kept")
    make_function(flagged, "AlsoKept")
    # THEN
    groups = template_of(other).find_resources("AWS::Logs::LogGroup")
    named = sorted(id for id, g in groups.items() if "LogGroupName" in g["Properties"])
    assert len(groups) == 3
    assert [id[: -len("LogGroupXXXXXXXX")] for id in named] == ["FlaggedAlsoKept", "FlaggedKept"]


def test_node_side_role_scoping_finds_the_default_policy_by_name_and_orders_after_it(stack: Stack) -> None:
    """The node step returns the role's DefaultPolicy whatever other children the role has, and the
    function waits for that policy, not the role."""
    # GIVEN an L2 function whose role has a child the L2 never gives it, and a role without statements
    fn = lambda_.Function(
        stack, "Plain", runtime=RUNTIME, handler="index.handler", code=lambda_.Code.from_inline("x")
    )
    role = cast(iam.Role, fn.role)
    role.add_to_principal_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"]))
    iam.Policy(role, "Extra")
    plain = iam.Role(stack, "Bare", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    cfn_function = cast(lambda_.CfnFunction, fn.node.default_child)
    # WHEN
    policy, plain_policy = scope_l2_role(role, cfn_function), scope_l2_role(plain, cfn_function)
    # THEN
    assert jsii_ref(policy) == jsii_ref(role.node.find_child("DefaultPolicy")) and plain_policy is None
    functions = template_of(stack).find_resources("AWS::Lambda::Function")
    depends_on = next(iter(functions.values()))["DependsOn"]
    assert len(depends_on) == 1 and depends_on[0].startswith("PlainServiceRoleDefaultPolicy")


def test_defaults_overridden_with_l2_keywords(stack: Stack) -> None:
    """Each default yields to the L2 keyword of the same name."""
    # GIVEN
    make_function(
        stack,
        architecture=lambda_.Architecture.X86_64,
        memory_size=1024,
        timeout=Duration.seconds(30),
        tracing=lambda_.Tracing.PASS_THROUGH,
        logging_format=lambda_.LoggingFormat.TEXT,
        log_retention=logs.RetentionDays.ONE_WEEK,
        log_removal_policy=RemovalPolicy.DESTROY,
    )
    # WHEN
    props = fn_props(stack)
    # THEN
    assert props["Architectures"] == ["x86_64"]
    assert (props["MemorySize"], props["Timeout"]) == (1024, 30)
    assert props["TracingConfig"] == {"Mode": "PassThrough"}
    assert props["LoggingConfig"]["LogFormat"] == "Text"
    template_of(stack).has_resource(
        "AWS::Logs::LogGroup", {"Properties": {"RetentionInDays": 7}, "DeletionPolicy": "Delete"}
    )


def test_given_log_group_is_used(stack: Stack) -> None:
    """log_group= replaces the created group, and the role may write to it."""
    # GIVEN
    group = logs.LogGroup(stack, "Shared", retention=logs.RetentionDays.ONE_MONTH)
    # WHEN
    fn = make_function(stack, log_group=group)
    # THEN
    assert fn.own_log_group is None
    template_of(stack).resource_count_is("AWS::Logs::LogGroup", 1)


def test_given_role_is_left_alone(stack: Stack) -> None:
    """role= is used as it is: no statements are added for the created log group."""
    # GIVEN
    role = iam.Role(stack, "Mine", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    # WHEN
    fn = make_function(stack, role=role)
    # THEN
    assert fn.role is role


def test_precreated_roles_of_customize_roles_synthesize(stack: Stack) -> None:
    """iam.Role.customize_roles(): the L2's role has no CfnRole; the function still synthesizes, no
    role is created, and CDK's policy report lists what the precreated role needs."""
    # GIVEN roles precreated by an administrator
    iam.Role.customize_roles(stack, use_precreated_roles={"Test/Api/ServiceRole": "api-role"})
    # WHEN
    make_function(stack, provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=1, max_capacity=2))
    # THEN
    template = template_of(stack, lint=False)
    template.resource_count_is("AWS::IAM::Role", 0)
    template.resource_count_is("AWS::Lambda::Alias", 1)
    assert ":role/api-role" in str(fn_props(stack)["Role"])


def test_no_alias_when_alias_name_none(stack: Stack) -> None:
    """alias_name=None creates no alias."""
    # GIVEN / WHEN
    fn = make_function(stack, alias_name=None)
    # THEN
    assert fn.alias is None
    template_of(stack).resource_count_is("AWS::Lambda::Alias", 0)


def test_log_retention_custom_resource_options_warn(stack: Stack) -> None:
    """log_retention_retry_options would configure a custom resource that is never created: a warning says so."""
    # GIVEN
    from aws_cdk.assertions import Annotations

    # WHEN
    make_function(stack, log_retention_retry_options=lambda_.LogRetentionRetryOptions(max_retries=3))
    # THEN
    Annotations.from_stack(stack).has_warning("*", Match.string_like_regexp("never creates"))


# -- features of the L2 ------------------------------------------------------------------------------


def test_code_from_asset(stack: Stack, tmp_path: Any) -> None:
    """Code from a local directory becomes an S3 asset."""
    # GIVEN
    (tmp_path / "app.py").write_text("def handler(event, context):\n    return 1\n")
    # WHEN
    make_function(stack, code=lambda_.Code.from_asset(str(tmp_path)))
    # THEN
    assert set(fn_props(stack)["Code"]) == {"S3Bucket", "S3Key"}


def test_code_inline(stack: Stack) -> None:
    """Inline code lands in ZipFile."""
    # GIVEN / WHEN
    make_function(stack)
    # THEN
    assert "ZipFile" in fn_props(stack)["Code"]


def test_code_from_s3(stack: Stack) -> None:
    """Code from a bucket names bucket, key and object version."""
    # GIVEN
    bucket = s3.Bucket.from_bucket_name(stack, "Artifacts", "artifacts-bucket")
    # WHEN
    make_function(stack, code=lambda_.Code.from_bucket(bucket, "api.zip", "v1"))
    # THEN
    assert fn_props(stack)["Code"] == {
        "S3Bucket": "artifacts-bucket",
        "S3Key": "api.zip",
        "S3ObjectVersion": "v1",
    }


def test_container_image_with_image_config(stack: Stack) -> None:
    """An ECR image gives package type Image and its image config; no handler or runtime."""
    # GIVEN
    from aws_cdk import aws_ecr as ecr

    repo = ecr.Repository.from_repository_name(stack, "Repo", "api")
    make_function(
        stack,
        runtime=lambda_.Runtime.FROM_IMAGE,
        handler=lambda_.Handler.FROM_IMAGE,
        code=lambda_.Code.from_ecr_image(
            repo, tag_or_digest="sha256:" + "a" * 64, cmd=["app.handler"], working_directory="/var/task"
        ),
    )
    # WHEN
    props = fn_props(stack)
    # THEN
    assert props["PackageType"] == "Image"
    assert props["ImageConfig"] == {"Command": ["app.handler"], "WorkingDirectory": "/var/task"}
    assert "Handler" not in props and "Runtime" not in props


def test_ephemeral_storage(stack: Stack) -> None:
    """ephemeral_storage_size sets /tmp."""
    # GIVEN / WHEN
    make_function(stack, ephemeral_storage_size=Size.mebibytes(2048))
    # THEN
    assert fn_props(stack)["EphemeralStorage"] == {"Size": 2048}


def test_environment_and_kms_key(stack: Stack) -> None:
    """Variables are set, encrypted with the key, and the role may decrypt with it."""
    # GIVEN
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    make_function(stack, environment={"STAGE": "prod"}, environment_encryption=key)
    # WHEN
    props = fn_props(stack)
    # THEN
    assert props["Environment"] == {"Variables": {"STAGE": "prod"}}
    assert "KmsKeyArn" in props
    template_of(stack).has_resource_properties(
        "AWS::IAM::Policy",
        {"PolicyDocument": {"Statement": Match.array_with([Match.object_like({"Action": "kms:Decrypt"})])}},
    )


def test_layers_compatible(stack: Stack) -> None:
    """Layers built for the function's runtime and architecture are attached."""
    # GIVEN
    layer = lambda_.LayerVersion(
        stack,
        "Deps",
        code=INLINE_LAYER(),
        compatible_runtimes=[RUNTIME],
        compatible_architectures=[lambda_.Architecture.ARM_64],
    )
    # WHEN
    make_function(stack, layers=[layer])
    # THEN
    assert len(fn_props(stack)["Layers"]) == 1


def INLINE_LAYER() -> lambda_.Code:  # noqa: N802 - reads as a constant at call sites
    """Layer code from an S3 object, so tests need no files."""
    return lambda_.Code.from_bucket(s3.Bucket.from_bucket_name(Stack(), "B", "layers-bucket"), "deps.zip")


@pytest.fixture
def agnostic(app: App) -> Stack:
    """An environment-agnostic stack: VPCs get their zones from Fn::GetAZs, not dummy lookups (W3010)."""
    return Stack(app, "Agnostic")


@pytest.fixture
def vpc(agnostic: Stack) -> ec2.Vpc:
    """A two-AZ VPC with private subnets with egress."""
    return ec2.Vpc(agnostic, "Vpc", max_azs=2, nat_gateways=1, restrict_default_security_group=False)


def test_vpc_gets_scoped_eni_statement_not_managed_policy(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """In a VPC the role gets the ENI actions inline, not AWSLambdaVPCAccessExecutionRole."""
    # GIVEN
    make_function(agnostic, vpc=vpc)
    template = template_of(agnostic)
    # WHEN
    role = next(iter(template.find_resources("AWS::IAM::Role").values()))
    # THEN
    assert "ManagedPolicyArns" not in role["Properties"]
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {"Action": Match.array_with(["ec2:CreateNetworkInterface"]), "Resource": "*"}
                        )
                    ]
                )
            }
        },
    )
    assert len(fn_props(agnostic)["VpcConfig"]["SubnetIds"]) == 2


def test_vpc_security_groups_and_dual_stack(agnostic: Stack) -> None:
    """Security groups and IPv6 dual stack reach VpcConfig."""
    # GIVEN
    vpc = ec2.Vpc(
        agnostic,
        "Vpc6",
        max_azs=2,
        ip_protocol=ec2.IpProtocol.DUAL_STACK,
        nat_gateways=1,
        restrict_default_security_group=False,
    )
    sg = ec2.SecurityGroup(agnostic, "Sg", vpc=vpc)
    make_function(agnostic, vpc=vpc, security_groups=[sg], ipv6_allowed_for_dual_stack=True)
    # WHEN
    config = fn_props(agnostic)["VpcConfig"]
    # THEN
    assert config["Ipv6AllowedForDualStack"] is True
    assert len(config["SecurityGroupIds"]) == 1


def test_efs(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """An EFS access point is mounted under /mnt."""
    # GIVEN
    fs = efs.FileSystem(agnostic, "Fs", vpc=vpc)
    ap = fs.add_access_point("Ap", path="/data")
    # WHEN
    make_function(agnostic, vpc=vpc, filesystem=lambda_.FileSystem.from_efs_access_point(ap, "/mnt/data"))
    # THEN
    assert fn_props(agnostic)["FileSystemConfigs"][0]["LocalMountPath"] == "/mnt/data"


def test_dead_letter_queue_enabled_is_secured(stack: Stack) -> None:
    """dead_letter_queue_enabled creates an encrypted queue that refuses plain HTTP."""
    # GIVEN
    make_function(stack, dead_letter_queue_enabled=True)
    # WHEN
    template = template_of(stack)
    # THEN
    template.has_resource_properties("AWS::SQS::Queue", {"SqsManagedSseEnabled": True})
    template.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        {
            "PolicyDocument": {
                "Statement": [
                    Match.object_like(
                        {"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
                    )
                ]
            }
        },
    )
    assert "DeadLetterConfig" in fn_props(stack)
    assert_nag_clean(stack)


def test_dead_letter_topic(stack: Stack) -> None:
    """A topic as dead-letter target, with sns:Publish on the role."""
    # GIVEN
    topic = sns.Topic(stack, "Dlq", enforce_ssl=True)
    # WHEN
    make_function(stack, dead_letter_topic=topic)
    # THEN
    assert "DeadLetterConfig" in fn_props(stack)
    template_of(stack).has_resource_properties(
        "AWS::IAM::Policy",
        {"PolicyDocument": {"Statement": Match.array_with([Match.object_like({"Action": "sns:Publish"})])}},
    )


def test_async_invoke_config_on_function_and_alias(stack: Stack) -> None:
    """Retries, event age and destinations apply to $LATEST and to the alias callers invoke."""
    # GIVEN
    queue = sqs.Queue(stack, "Failures", enforce_ssl=True)
    make_function(
        stack,
        retry_attempts=0,
        max_event_age=Duration.hours(1),
        on_failure=destinations.SqsDestination(queue),
    )
    # WHEN
    template = template_of(stack)
    # THEN
    template.resource_count_is("AWS::Lambda::EventInvokeConfig", 2)
    configs = template.find_resources("AWS::Lambda::EventInvokeConfig")
    on_alias = [c["Properties"] for logical_id, c in configs.items() if logical_id.startswith("ApiAlias")]
    assert len(on_alias) == 1
    assert (on_alias[0]["MaximumRetryAttempts"], on_alias[0]["MaximumEventAgeInSeconds"]) == (0, 3600)


def test_snap_start(stack: Stack) -> None:
    """SnapStart on published versions for Python 3.12+."""
    # GIVEN / WHEN
    make_function(stack, snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS)
    # THEN
    assert fn_props(stack)["SnapStart"] == {"ApplyOn": "PublishedVersions"}


def test_log_levels_with_json(stack: Stack) -> None:
    """Application and system log levels with JSON logs."""
    # GIVEN
    make_function(
        stack,
        application_log_level_v2=lambda_.ApplicationLogLevel.WARN,
        system_log_level_v2=lambda_.SystemLogLevel.INFO,
    )
    # WHEN
    config = fn_props(stack)["LoggingConfig"]
    # THEN
    assert (config["ApplicationLogLevel"], config["SystemLogLevel"]) == ("WARN", "INFO")


def test_recursive_loop_runtime_management_reserved_concurrency(stack: Stack) -> None:
    """Recursive loop, runtime management and reserved concurrency pass through."""
    # GIVEN
    make_function(
        stack,
        recursive_loop=lambda_.RecursiveLoop.TERMINATE,
        runtime_management_mode=lambda_.RuntimeManagementMode.AUTO,
        reserved_concurrent_executions=0,
    )
    # WHEN
    props = fn_props(stack)
    # THEN
    assert props["RecursiveLoop"] == "Terminate"
    assert props["RuntimeManagementConfig"] == {"UpdateRuntimeOn": "Auto"}
    assert props["ReservedConcurrentExecutions"] == 0


def test_code_signing(stack: Stack) -> None:
    """A code signing config is referenced."""
    # GIVEN
    profile = signer.SigningProfile(stack, "Profile", platform=signer.Platform.AWS_LAMBDA_SHA384_ECDSA)
    config = lambda_.CodeSigningConfig(stack, "Signing", signing_profiles=[profile])
    # WHEN
    make_function(stack, code_signing_config=config)
    # THEN
    assert "CodeSigningConfigArn" in fn_props(stack)


def test_tags_name_description(stack: Stack) -> None:
    """Tags, name and description land on the function."""
    # GIVEN
    from aws_cdk import Tags

    fn = make_function(stack, function_name="orders-api", description="Orders API")
    Tags.of(fn).add("team", "orders")
    # WHEN
    props = fn_props(stack)
    # THEN
    assert (props["FunctionName"], props["Description"]) == ("orders-api", "Orders API")
    assert {"Key": "team", "Value": "orders"} in props["Tags"]


def test_function_url_with_cors(stack: Stack) -> None:
    """add_function_url works on the alias with IAM auth and CORS."""
    # GIVEN / WHEN
    fn = make_function(stack)
    # THEN
    assert fn.alias is not None
    fn.alias.add_function_url(
        auth_type=lambda_.FunctionUrlAuthType.AWS_IAM,
        cors=lambda_.FunctionUrlCorsOptions(allowed_origins=["https://example.com"]),
    )
    template_of(stack).has_resource_properties(
        "AWS::Lambda::Url",
        {"AuthType": "AWS_IAM", "Qualifier": "live", "Cors": {"AllowOrigins": ["https://example.com"]}},
    )


def test_resource_permissions_grants_metrics_event_sources(stack: Stack) -> None:
    """IS-A aws_lambda.Function: permissions, grants, metrics and event sources work."""
    # GIVEN / WHEN
    fn = make_function(stack)
    # THEN
    assert isinstance(fn, lambda_.Function)
    fn.add_permission("Events", principal=iam.ServicePrincipal("events.amazonaws.com"))
    fn.grant_invoke(iam.AccountPrincipal(ACCOUNT))
    queue = sqs.Queue(stack, "Jobs", enforce_ssl=True)
    fn.add_event_source(sources.SqsEventSource(queue))
    assert fn.metric_errors().metric_name == "Errors"
    template = template_of(stack)
    template.resource_count_is("AWS::Lambda::Permission", 2)
    template.resource_count_is("AWS::Lambda::EventSourceMapping", 1)


def test_weighted_alias_routing(stack: Stack) -> None:
    """alias_additional_versions routes a share of traffic to one other published version."""
    # GIVEN
    previous = lambda_.Version.from_version_arn(
        stack, "V1", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:x:1"
    )
    # WHEN
    make_function(stack, alias_additional_versions=[lambda_.VersionWeight(version=previous, weight=0.1)])
    # THEN
    template_of(stack).has_resource_properties(
        "AWS::Lambda::Alias",
        {"RoutingConfig": {"AdditionalVersionWeights": [Match.object_like({"FunctionWeight": 0.1})]}},
    )


# -- validation: every limit just inside and just outside -------------------------------------------


@pytest.mark.parametrize(
    ("prop", "inside", "outside", "match"),
    [
        ("memory_size", 128, 127, "memory_size must be between 128 and 10240 MiB, got 127"),
        ("memory_size", 10240, 10241, "memory_size must be between 128 and 10240 MiB, got 10241"),
        ("memory_size", 129, 128.5, "memory_size must be a whole number between 128 and 10240 MiB"),
        ("timeout", Duration.seconds(1), Duration.millis(500), "timeout must be whole seconds"),
        (
            "timeout",
            Duration.seconds(1),
            Duration.seconds(0),
            "timeout must be whole seconds between 1 and 900",
        ),
        (
            "timeout",
            Duration.seconds(900),
            Duration.seconds(901),
            "timeout must be whole seconds between 1 and 900",
        ),
        (
            "ephemeral_storage_size",
            Size.mebibytes(512),
            Size.mebibytes(511),
            "ephemeral_storage_size must be between 512",
        ),
        (
            "ephemeral_storage_size",
            Size.mebibytes(10240),
            Size.mebibytes(10241),
            "ephemeral_storage_size must be between",
        ),
        (
            "ephemeral_storage_size",
            Size.kibibytes(513 * 1024),
            Size.kibibytes(512 * 1024 + 1),
            "ephemeral_storage_size must be a whole number between 512 and 10240 MiB",
        ),
        ("description", "d" * 256, "d" * 257, "description must be 0 to 256 characters long"),
        ("function_name", "f" * 64, "f" * 65, "function_name must be 1 to 64 characters long"),
        ("function_name", "f", "", "function_name must be 1 to 64 characters long"),
        ("function_name", "orders_api-1", "orders.api", "function_name must be letters, digits"),
        (
            "reserved_concurrent_executions",
            0,
            -1,
            "reserved_concurrent_executions must be at least 0, got -1",
        ),
        (
            "reserved_concurrent_executions",
            1,
            1.5,
            "reserved_concurrent_executions must be a whole number at least 0",
        ),
        ("retry_attempts", 0, -1, "retry_attempts must be between 0 and 2"),
        ("retry_attempts", 2, 3, "retry_attempts must be between 0 and 2"),
        ("retry_attempts", 1, 1.5, "retry_attempts must be a whole number between 0 and 2"),
        (
            "max_event_age",
            Duration.seconds(60),
            Duration.seconds(59),
            "max_event_age must be whole seconds between 60 and 21600",
        ),
        (
            "max_event_age",
            Duration.seconds(61),
            Duration.millis(60500),
            "max_event_age must be whole seconds",
        ),
        (
            "max_event_age",
            Duration.hours(6),
            Duration.seconds(21601),
            "max_event_age must be whole seconds between 60 and 21600",
        ),
        (
            "handler",
            "h" * 120 + ".handler",
            "h" * 121 + ".handler",
            "handler must be 1 to 128 characters long",
        ),
        ("handler", "h.handler", "", "handler must be 1 to 128 characters long"),
        ("handler", "src/app.handler", "app handler", "handler must be free of whitespace"),
        ("handler", "app.handler", "handler", "handler must be '<file>.<function>'"),
        ("handler", "app.main", "index.py", "handler names a file, not a function"),
        ("alias_name", "a" * 128, "a" * 129, "alias_name must be 1 to 128 characters long"),
        ("alias_name", "a", "", "alias_name must be 1 to 128 characters long"),
        ("alias_name", "v1", "123", "alias_name must be letters, digits, '-' and '_', and not all digits"),
        ("alias_description", "d" * 256, "d" * 257, "alias_description must be 0 to 256 characters long"),
        (
            "application_log_level",
            "TRACE",
            "VERBOSE",
            "application_log_level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL",
        ),
        ("system_log_level", "WARN", "ERROR", "system_log_level must be one of DEBUG, INFO, WARN"),
    ],
    ids=[
        "memory_size-128-127",
        "memory_size-10240-10241",
        "memory_size-129-128.5",
        "timeout-seconds(1)-millis(500)",
        "timeout-seconds(1)-seconds(0)",
        "timeout-seconds(900)-seconds(901)",
        "ephemeral_storage_size-mebibytes(512)-mebibytes(511)",
        "ephemeral_storage_size-mebibytes(10240)-mebibytes(10241)",
        "ephemeral_storage_size-kibibytes(513*1024)-kibibytes(512*1024+1)",
        "description-'d'*256-'d'*257",
        "function_name-'f'*64-'f'*65",
        "function_name-f-empty",
        "function_name-orders_api-1-orders.api",
        "reserved_concurrent_executions-0--1",
        "reserved_concurrent_executions-1-1.5",
        "retry_attempts-0--1",
        "retry_attempts-2-3",
        "retry_attempts-1-1.5",
        "max_event_age-seconds(60)-seconds(59)",
        "max_event_age-seconds(61)-millis(60500)",
        "max_event_age-hours(6)-seconds(21601)",
        "handler-'h'*120+'.handler'-'h'*121+'.handler'",
        "handler-h.handler-empty",
        "handler-src/app.handler-app_handler",
        "handler-app.handler-handler",
        "handler-app.main-index.py",
        "alias_name-'a'*128-'a'*129",
        "alias_name-a-empty",
        "alias_name-v1-123",
        "alias_description-'d'*256-'d'*257",
        "application_log_level-TRACE-VERBOSE",
        "system_log_level-WARN-ERROR",
    ],
)
def test_limits_inside_pass_outside_raise(
    stack: Stack, prop: str, inside: Any, outside: Any, match: str
) -> None:
    """The value just inside the limit synthesizes; just outside raises ValidationError naming path and prop."""
    # GIVEN / WHEN
    make_function(stack, "Inside", **{prop: inside})
    # THEN
    with pytest.raises(cl.ValidationError, match=f"^Test/Outside: {match}") as error:
        make_function(stack, "Outside", **{prop: outside})
    assert error.value.prop == prop and error.value.construct_path == "Test/Outside"
    assert stack.node.try_find_child("Outside") is None, "nothing half-done"


@pytest.mark.parametrize(
    ("runtime", "inside", "outside", "allowed"),
    [
        (
            lambda_.Runtime.JAVA_21,
            "com.example.Handler::handleRequest",
            "com.example.Handler::",
            "'<package>.<Class>::<method>'",
        ),
        (
            lambda_.Runtime.DOTNET_8,
            "Orders::Orders.Function::Handle",
            "Orders::Orders.Function",
            "'<Assembly>::<Namespace>.<Class>::<Method>'",
        ),
    ],
    ids=["java", "dotnet"],
)
def test_handler_format_per_runtime(
    stack: Stack, runtime: lambda_.Runtime, inside: str, outside: str, allowed: str
) -> None:
    """Java and .NET handlers follow their runtime's format; a missing method or class part is refused."""
    # GIVEN
    code = INLINE_LAYER()  # these runtimes take no inline code
    # WHEN
    make_function(stack, "Inside", runtime=runtime, handler=inside, code=code)
    # THEN
    with pytest.raises(cl.ValidationError, match="^Test/Outside: handler must be " + re.escape(allowed)):
        make_function(stack, "Outside", runtime=runtime, handler=outside, code=code)


def test_environment_size_counts_as_lambda_does(stack: Stack) -> None:
    """4096 bytes of compact JSON pass, 4097 fail (quotes, colons, commas and braces count)."""
    # GIVEN
    overhead = len('{"KEY":""}')
    # WHEN
    make_function(stack, "Inside", environment={"KEY": "x" * (4096 - overhead)})
    # THEN
    with pytest.raises(
        cl.ValidationError, match="environment must total at most 4096 bytes.*got '4097 bytes'"
    ):
        make_function(stack, "Outside", environment={"KEY": "x" * (4097 - overhead)})


def test_environment_size_counts_tokens_as_empty(stack: Stack) -> None:
    """With a deploy-time value the known parts are still counted: a lower bound can already be too big."""
    # GIVEN
    overhead = len('{"KEY":"","NAME":""}')
    # WHEN
    make_function(stack, "Inside", environment={"KEY": "x" * (4096 - overhead), "NAME": Aws.STACK_NAME})
    # THEN
    with pytest.raises(
        cl.ValidationError, match="^Test/Outside: environment must total.*got 'at least 4097 bytes'"
    ):
        make_function(stack, "Outside", environment={"KEY": "x" * (4097 - overhead), "NAME": Aws.STACK_NAME})


def test_environment_size_counts_utf8_bytes(stack: Stack) -> None:
    """Multi-byte characters count by their UTF-8 size."""
    # GIVEN / WHEN
    overhead = len('{"KEY":""}')
    # THEN
    with pytest.raises(cl.ValidationError, match="4097 bytes"):
        make_function(stack, environment={"KEY": "x" * (4095 - overhead) + "é"})


def test_environment_size_checked_by_add_environment(stack: Stack) -> None:
    """Variables added later count too: the call that crosses 4 KB raises."""
    # GIVEN
    overhead = len('{"KEY":"","MORE":""}')
    fn = make_function(stack, environment={"KEY": "x" * (4095 - overhead)})
    # WHEN
    fn.add_environment("MORE", "1")
    # THEN
    with pytest.raises(
        cl.ValidationError, match="environment must total at most 4096 bytes.*got '4097 bytes'"
    ):
        fn.add_environment("MORE", "12")


@pytest.mark.parametrize(
    ("key", "ok"),
    [("AB", True), ("A", False), ("1A", False), ("A-B", False), ("a_1", True)],
    ids=["AB", "A", "1A", "A-B", "a_1"],
)
def test_environment_key_pattern(stack: Stack, key: str, ok: bool) -> None:
    """Keys start with a letter and have at least two characters of letters, digits and underscores."""
    # GIVEN / WHEN / THEN
    if ok:
        make_function(stack, environment={key: "v"})
    else:
        with pytest.raises(cl.ValidationError, match="environment must be keys of a letter"):
            make_function(stack, environment={key: "v"})


def test_environment_reserved_key(stack: Stack) -> None:
    """Keys the runtime sets itself are refused; TZ is allowed today."""
    # GIVEN / WHEN
    make_function(stack, "WithTz", environment={"TZ": "Europe/Berlin"})
    # THEN
    with pytest.raises(cl.ValidationError, match="reserved by the Lambda runtime, got 'AWS_REGION'"):
        make_function(stack, environment={"AWS_REGION": "eu-west-1"})


def test_add_environment_checks_key(stack: Stack) -> None:
    """add_environment refuses reserved keys at the call."""
    # GIVEN / WHEN
    fn = make_function(stack)
    # THEN
    with pytest.raises(cl.ValidationError, match="_HANDLER"):
        fn.add_environment("_HANDLER", "x")


def test_five_layers_pass_six_fail(stack: Stack) -> None:
    """Five layers are allowed, a sixth raises — counting insights_version."""
    # GIVEN
    arns = [
        lambda_.LayerVersion.from_layer_version_arn(
            stack, f"L{i}", f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:l{i}:1"
        )
        for i in range(6)
    ]
    # WHEN
    make_function(stack, "Five", layers=arns[:5])
    # THEN
    with pytest.raises(cl.ValidationError, match="layers allows at most 5 layers"):
        make_function(
            stack, "Six", layers=arns[:5], insights_version=lambda_.LambdaInsightsVersion.VERSION_1_0_333_0
        )


def test_add_layers_counts_toward_five(stack: Stack) -> None:
    """add_layers after construction still respects the limit."""
    # GIVEN
    arns = [
        lambda_.LayerVersion.from_layer_version_arn(
            stack, f"L{i}", f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:l{i}:1"
        )
        for i in range(6)
    ]
    fn = make_function(stack, layers=arns[:4])
    # WHEN
    fn.add_layers(arns[4])
    # THEN
    with pytest.raises(cl.ValidationError, match="at most 5 layers"):
        fn.add_layers(arns[5])


def test_adot_instrumentation_counts_toward_five_layers(stack: Stack) -> None:
    """The ADOT layer takes one of the five places."""
    # GIVEN
    arns = [
        lambda_.LayerVersion.from_layer_version_arn(
            stack, f"L{i}", f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:l{i}:1"
        )
        for i in range(5)
    ]
    adot = lambda_.AdotInstrumentationConfig(
        layer_version=lambda_.AdotLayerVersion.from_python_sdk_layer_version(
            lambda_.AdotLambdaLayerPythonSdkVersion.LATEST
        ),
        exec_wrapper=lambda_.AdotLambdaExecWrapper.INSTRUMENT_HANDLER,
    )
    # WHEN
    make_function(stack, "Five", layers=arns[:4], adot_instrumentation=adot)
    # THEN
    with pytest.raises(
        cl.ValidationError, match="^Test/Six: layers allows at most 5 layers, .*got '6 layers'"
    ):
        make_function(stack, "Six", layers=arns, adot_instrumentation=adot)


def test_layer_runtime_mismatch(stack: Stack) -> None:
    """A layer for another runtime is refused, naming the layer."""
    # GIVEN / WHEN
    layer = lambda_.LayerVersion(
        stack, "NodeDeps", code=INLINE_LAYER(), compatible_runtimes=[lambda_.Runtime.NODEJS_22_X]
    )
    # THEN
    with pytest.raises(
        cl.ValidationError, match="layers must be compatible with python3.14; the layer supports nodejs22.x"
    ):
        make_function(stack, layers=[layer])


def test_layer_architecture_mismatch(stack: Stack) -> None:
    """An x86_64-only layer on an arm64 function is refused."""
    # GIVEN / WHEN
    layer = lambda_.LayerVersion(
        stack, "X86Deps", code=INLINE_LAYER(), compatible_architectures=[lambda_.Architecture.X86_64]
    )
    # THEN
    with pytest.raises(cl.ValidationError, match="layers must be built for arm64; the layer supports x86_64"):
        make_function(stack, layers=[layer])


def test_subnet_and_security_group_limits(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """Five security groups pass, six fail; sixteen subnets pass, seventeen fail."""
    # GIVEN
    groups = [ec2.SecurityGroup(agnostic, f"Sg{i}", vpc=vpc) for i in range(6)]
    # WHEN
    make_function(agnostic, "FiveSg", vpc=vpc, security_groups=groups[:5])
    # THEN
    with pytest.raises(cl.ValidationError, match="security_groups allows at most 5 security groups"):
        make_function(agnostic, "SixSg", vpc=vpc, security_groups=groups)
    subnets = [
        ec2.Subnet.from_subnet_attributes(
            agnostic, f"S{i}", subnet_id=f"subnet-{i:08x}", availability_zone=f"{REGION}a"
        )
        for i in range(17)
    ]
    make_function(agnostic, "Sixteen", vpc=vpc, vpc_subnets=ec2.SubnetSelection(subnets=subnets[:16]))
    with pytest.raises(cl.ValidationError, match="vpc_subnets allows at most 16 subnets"):
        make_function(agnostic, "Seventeen", vpc=vpc, vpc_subnets=ec2.SubnetSelection(subnets=subnets))


def test_efs_needs_vpc_and_mount_path(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """EFS needs a VPC and a /mnt/<name> mount path of at most 160 characters."""
    # GIVEN / WHEN
    ap = efs.FileSystem(agnostic, "Fs", vpc=vpc).add_access_point("Ap")
    # THEN
    with pytest.raises(cl.ValidationError, match="filesystem requires vpc"):
        make_function(agnostic, "NoVpc", filesystem=lambda_.FileSystem.from_efs_access_point(ap, "/mnt/data"))
    with pytest.raises(cl.ValidationError, match="filesystem must be a mount path '/mnt/<name>'"):
        make_function(
            agnostic, "BadPath", vpc=vpc, filesystem=lambda_.FileSystem.from_efs_access_point(ap, "/data")
        )
    make_function(
        agnostic,
        "LongOk",
        vpc=vpc,
        filesystem=lambda_.FileSystem.from_efs_access_point(ap, "/mnt/" + "d" * 155),
    )
    with pytest.raises(cl.ValidationError, match="filesystem must be 1 to 160 characters long"):
        make_function(
            agnostic,
            "TooLong",
            vpc=vpc,
            filesystem=lambda_.FileSystem.from_efs_access_point(ap, "/mnt/" + "d" * 156),
        )


@pytest.mark.parametrize(
    ("prop", "shown"),
    [
        ("security_groups", "'1 security groups'"),
        ("vpc_subnets", "'a SubnetSelection'"),
        ("ipv6_allowed_for_dual_stack", "True"),
    ],
    ids=["security_groups", "vpc_subnets", "ipv6_allowed_for_dual_stack"],
)
def test_vpc_only_options_need_vpc(stack: Stack, prop: str, shown: str) -> None:
    """Security groups, subnets and IPv6 dual stack without a VPC are refused, naming what was given."""
    # GIVEN
    vpc = ec2.Vpc(stack, "V", max_azs=1, nat_gateways=0, restrict_default_security_group=False)
    # WHEN
    value: Any = {
        "security_groups": [ec2.SecurityGroup(stack, "Sg", vpc=vpc)],
        "vpc_subnets": ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
        "ipv6_allowed_for_dual_stack": True,
    }[prop]
    # THEN
    with pytest.raises(cl.ValidationError, match=f"^Test/Api: {prop} requires vpc, got {shown}$"):
        make_function(stack, **{prop: value})


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ({"ephemeral_storage_size": Size.mebibytes(513)}, "ephemeral_storage_size above 512 MiB"),
        (
            {"runtime": lambda_.Runtime.NODEJS_22_X, "handler": "index.handler"},
            "requires a runtime with SnapStart",
        ),
    ],
    ids=["ephemeral_storage_size", "runtime,handler=index.handler"],
)
def test_snap_start_constraints(stack: Stack, extra: dict[str, Any], match: str) -> None:
    """SnapStart refuses large /tmp and runtimes without SnapStart; 512 MiB is fine."""
    # GIVEN / WHEN
    make_function(
        stack,
        "Ok",
        snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS,
        ephemeral_storage_size=Size.mebibytes(512),
    )
    # THEN
    with pytest.raises(cl.ValidationError, match=f"snap_start .*{match}"):
        make_function(stack, "Bad", snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS, **extra)


def test_snap_start_refuses_image_and_efs(agnostic: Stack, vpc: ec2.Vpc) -> None:
    """SnapStart supports neither container images nor EFS."""
    # GIVEN
    from aws_cdk import aws_ecr as ecr

    on = lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS
    # WHEN
    repo = ecr.Repository.from_repository_name(agnostic, "Repo", "api")
    # THEN
    with pytest.raises(
        cl.ValidationError, match="^Agnostic/Image: snap_start cannot be combined with container"
    ):
        make_function(
            agnostic,
            "Image",
            runtime=lambda_.Runtime.FROM_IMAGE,
            handler=lambda_.Handler.FROM_IMAGE,
            code=lambda_.Code.from_ecr_image(repo, tag_or_digest="v1"),
            snap_start=on,
        )
    ap = efs.FileSystem(agnostic, "Fs", vpc=vpc).add_access_point("Ap")
    with pytest.raises(cl.ValidationError, match=r"^Agnostic/Efs: snap_start cannot be combined with EFS"):
        make_function(
            agnostic,
            "Efs",
            vpc=vpc,
            filesystem=lambda_.FileSystem.from_efs_access_point(ap, "/mnt/data"),
            snap_start=on,
        )


def test_provisioned_concurrency_of_zero_is_none(stack: Stack) -> None:
    """ProvisionedConcurrency(min_capacity=0) means none: it goes with SnapStart and without an alias."""
    # GIVEN
    make_function(
        stack,
        "Snap",
        snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS,
        provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=0),
    )
    # WHEN
    make_function(
        stack, "NoAlias", alias_name=None, provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=0)
    )
    # THEN
    with pytest.raises(
        cl.ValidationError, match=r"^Test/NoAliasPc: provisioned_concurrency needs an alias on a published"
    ):
        make_function(
            stack,
            "NoAliasPc",
            alias_name=None,
            provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=1),
        )


def test_alias_keywords_need_alias(stack: Stack) -> None:
    """alias_description and alias_additional_versions without an alias are refused."""
    # GIVEN / WHEN
    v1 = lambda_.Version.from_version_arn(stack, "V1", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:x:1")
    # THEN
    with pytest.raises(
        cl.ValidationError, match=r"^Test/Desc: alias_description requires an alias .*got 'd'$"
    ):
        make_function(stack, "Desc", alias_name=None, alias_description="d")
    with pytest.raises(
        cl.ValidationError,
        match=r"^Test/Weighted: alias_additional_versions requires an alias .*got '1 additional versions'$",
    ):
        make_function(
            stack,
            "Weighted",
            alias_name=None,
            alias_additional_versions=[lambda_.VersionWeight(version=v1, weight=0.1)],
        )


@pytest.mark.parametrize(
    ("prop", "level"),
    [
        ("application_log_level", "INFO"),
        ("application_log_level_v2", lambda_.ApplicationLogLevel.INFO),
        ("system_log_level", "INFO"),
        ("system_log_level_v2", lambda_.SystemLogLevel.INFO),
    ],
    ids=["application_log_level", "application_log_level_v2", "system_log_level", "system_log_level_v2"],
)
def test_log_levels_need_json(stack: Stack, prop: str, level: Any) -> None:
    """Each log level passes with JSON logs and is refused with Text, naming the level property."""
    # GIVEN / WHEN
    make_function(stack, "Json", **{prop: level})
    # THEN
    with pytest.raises(
        cl.ValidationError,
        match=f"^Test/Text: {prop} requires logging_format=LoggingFormat.JSON, got 'INFO'$",
    ):
        make_function(stack, "Text", logging_format=lambda_.LoggingFormat.TEXT, **{prop: level})


def test_alias_weighted_routing_limits(stack: Stack) -> None:
    """Weight 0.0-1.0 and a single additional version."""
    # GIVEN
    v1 = lambda_.Version.from_version_arn(stack, "V1", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:x:1")
    v2 = lambda_.Version.from_version_arn(stack, "V2", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:x:2")
    # WHEN
    make_function(stack, "Full", alias_additional_versions=[lambda_.VersionWeight(version=v1, weight=1.0)])
    # THEN
    with pytest.raises(cl.ValidationError, match="alias_additional_versions must be between 0 and 1"):
        make_function(
            stack, "Over", alias_additional_versions=[lambda_.VersionWeight(version=v1, weight=1.01)]
        )
    make_function(stack, "None", alias_additional_versions=[lambda_.VersionWeight(version=v1, weight=0.0)])
    with pytest.raises(cl.ValidationError, match="alias_additional_versions must be between 0 and 1"):
        make_function(
            stack, "Under", alias_additional_versions=[lambda_.VersionWeight(version=v1, weight=-0.01)]
        )
    latest = lambda_.Version.from_version_arn(
        stack, "Latest", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:x:$LATEST"
    )
    with pytest.raises(
        cl.ValidationError, match=r"^Test/ToLatest: alias_additional_versions must name a published version"
    ):
        make_function(
            stack, "ToLatest", alias_additional_versions=[lambda_.VersionWeight(version=latest, weight=0.1)]
        )
    with pytest.raises(
        cl.ValidationError, match="alias_additional_versions allows at most 1 additional versions"
    ):
        make_function(
            stack,
            "Two",
            alias_additional_versions=[
                lambda_.VersionWeight(version=v1, weight=0.1),
                lambda_.VersionWeight(version=v2, weight=0.1),
            ],
        )


def test_current_version_provisioned_concurrency_refused(stack: Stack) -> None:
    """current_version_options.provisioned_concurrent_executions silently does nothing in the L2 (#27136)."""
    # GIVEN / WHEN / THEN
    with pytest.raises(cl.ValidationError, match="use provisioned_concurrency="):
        make_function(
            stack, current_version_options=lambda_.VersionOptions(provisioned_concurrent_executions=5)
        )


def test_runtime_past_block_create_refused(stack: Stack) -> None:
    """A runtime Lambda no longer creates functions on is refused before deploy."""
    # GIVEN / WHEN / THEN
    with pytest.raises(
        cl.ValidationError,
        match=r"^Test/Api: runtime reached its block-create date 2024-01-09; Lambda no longer creates "
        r"functions on it; use python3\.\d+ \(or allow it with the context key "
        r"constructs-lambda:allowBlockedRuntimes\), got 'python3\.7'$",
    ):
        make_function(stack, runtime=lambda_.Runtime.PYTHON_3_7)


def test_deprecated_runtime_warns(stack: Stack) -> None:
    """A runtime past deprecation that Lambda still creates functions on builds, with a warning."""
    # GIVEN
    from aws_cdk.assertions import Annotations

    dotnet7 = lambda_.Runtime("dotnet7", lambda_.RuntimeFamily.DOTNET_CORE)  # deprecated, no block dates
    # WHEN
    make_function(stack, runtime=dotnet7, handler="Orders::Orders.Function::Handle", code=INLINE_LAYER())
    # THEN
    Annotations.from_stack(stack).has_warning(
        "/Test/Api", Match.string_like_regexp("runtime dotnet7 is deprecated since 2024-05-14")
    )


def test_image_rejects_layers_and_handler(stack: Stack) -> None:
    """Container images need Handler.FROM_IMAGE and take no layers, neither given nor added later."""
    # GIVEN
    from aws_cdk import aws_ecr as ecr

    repo = ecr.Repository.from_repository_name(stack, "Repo", "api")
    code = lambda_.Code.from_ecr_image(repo, tag_or_digest="v1")
    image = {"runtime": lambda_.Runtime.FROM_IMAGE, "code": code}
    # WHEN
    layer = lambda_.LayerVersion.from_layer_version_arn(
        stack, "Deps", f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:deps:1"
    )
    # THEN
    with pytest.raises(cl.ValidationError, match="^Test/Handler: handler must be Handler.FROM_IMAGE"):
        make_function(stack, "Handler", handler="app.handler", **image)
    with pytest.raises(
        cl.ValidationError, match="^Test/Layers: layers are not supported by container images, got '1 layers'"
    ):
        make_function(stack, "Layers", handler=lambda_.Handler.FROM_IMAGE, layers=[layer], **image)
    fn = make_function(stack, "Image", handler=lambda_.Handler.FROM_IMAGE, **image)
    with pytest.raises(cl.ValidationError, match="^Test/Image: layers are not supported by container images"):
        fn.add_layers(layer)


def test_tokens_are_not_validated(stack: Stack) -> None:
    """Deploy-time values (tokens) are skipped, not rejected."""
    # GIVEN
    from aws_cdk import CfnParameter

    # WHEN
    memory = CfnParameter(stack, "Memory", type="Number", default=64).value_as_number
    # THEN
    make_function(stack, memory_size=memory, environment={"TABLE": Aws.STACK_NAME})


def test_error_is_a_value_error_with_parts(stack: Stack) -> None:
    """ValidationError is a ValueError carrying construct path, property, value and rule."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValueError, match="memory_size") as error:
        make_function(stack, memory_size=64)
    assert isinstance(error.value, cl.ValidationError)
    assert (error.value.construct_path, error.value.prop, error.value.value) == (
        "Test/Api",
        "memory_size",
        64,
    )


def test_code_and_layers_within_250_mb_unzipped(stack: Stack, tmp_path: Any) -> None:
    """Known sizes of code plus layers may reach 262144000 bytes, not one byte more, however layers are added."""
    # GIVEN
    (tmp_path / "app.py").write_text("def handler(event, context):\n    return 1\n")
    code_size = len((tmp_path / "app.py").read_bytes())
    layers = []
    for i, size in enumerate((262_144_000 - code_size, 1)):
        layer = lambda_.LayerVersion(stack, f"Big{i}", code=INLINE_LAYER(), compatible_runtimes=[RUNTIME])
        layer.unzipped_size_bytes = size  # type: ignore[attr-defined]  # as cl.Layer records a local build
        layers.append(layer)
    # WHEN
    fn = make_function(stack, "Inside", code=lambda_.Code.from_asset(str(tmp_path)), layers=[layers[0]])
    # THEN
    with pytest.raises(
        cl.ValidationError,
        match="^Test/Inside: layers must keep a function's code and layers within 262144000",
    ):
        fn.add_layers(layers[1])
    with pytest.raises(
        cl.ValidationError, match="^Test/Outside: layers must .*got '262144001 bytes unzipped'"
    ):
        make_function(stack, "Outside", code=lambda_.Code.from_asset(str(tmp_path)), layers=layers)


def test_code_alone_within_250_mb_unzipped(stack: Stack, tmp_path: Any) -> None:
    """Without layers the code alone is held to the quota, and the error names code."""
    # GIVEN
    big = tmp_path / "big"
    big.mkdir()
    # WHEN
    with open(big / "data.bin", "wb") as sparse:
        sparse.truncate(262_144_001)  # sparse: no disk space used
    # THEN
    with pytest.raises(
        cl.ValidationError, match="^Test/Api: code must keep .*got '262144001 bytes unzipped'"
    ):
        make_function(stack, code=lambda_.Code.from_asset(str(big)))


def test_code_over_the_quota_is_named_code_even_with_layers() -> None:
    """Code of exactly 262,144,000 bytes fits with a layer of unknown size; one byte more names code."""
    # GIVEN a layer whose size synthesis does not know
    from constructs_lambda._function_checks import unzipped_total

    stack = Stack(App(), "S")
    layer = lambda_.LayerVersion.from_layer_version_arn(
        stack, "L", f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:shared:1"
    )
    # WHEN / THEN
    assert unzipped_total("S/F", 262_144_000, [layer]) == 262_144_000
    with pytest.raises(cl.ValidationError, match=r"^S/F: code must keep .*got '262144001 bytes unzipped'$"):
        unzipped_total("S/F", 262_144_001, [layer])
