"""``cdk deploy`` end to end: the real CLI bootstraps, deploys, redeploys and destroys the reference app.

The endpoint is moto on 127.0.0.1 (``scripts/local_endpoint.py``). moto really creates Lambda functions,
versions, layer versions, IAM roles with their permissions boundaries, managed policies and log groups,
so those are checked through the AWS SDK. It accepts but does not model ``AWS::Lambda::Alias``,
Application Auto Scaling and CloudWatch alarms, and it ignores a function's ``Architectures``,
``TracingConfig`` and ``LoggingConfig`` when CloudFormation creates it: those are checked in the template
CloudFormation holds for the stack (``GetTemplate``), i.e. what was actually deployed.

The app is copied to a temporary directory (the code change of the second deploy never touches the
repository) and its layer installs a local wheel, so nothing is downloaded.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from scripts.local_endpoint import ACCOUNT, ASSETS_BUCKET, CDK_DEPLOY_FLAGS, REGION, cdk
from tests.e2e.conftest import LOCAL_DEPENDENCY, Endpoint, copy_reference_app

pytestmark = pytest.mark.slow


STACK = "Orders"
HANDLER_CHANGE = '\n\nBUILD = "second deploy"  # the code change of the second deploy\n'


class Deployment:
    """What the endpoint held after each step; collected once for the whole module."""

    templates: list[dict[str, Any]]
    resources: list[dict[str, str]]
    function: dict[str, Any]
    function_after_update: dict[str, Any]
    versions_after_update: list[dict[str, Any]]
    layer_versions: list[dict[str, Any]]
    layer_archive: bytes
    roles: dict[str, dict[str, Any]]
    boundary_policy: dict[str, Any]
    log_groups: list[dict[str, Any]]
    log_group_name: str
    function_name: str
    log_groups_after_destroy: list[dict[str, Any]]
    layer_versions_after_destroy: list[dict[str, Any]]
    functions_after_destroy: list[str]
    stacks_after_destroy: list[str]


def resources_of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """Logical ID -> resource of every resource of ``kind`` in a template."""
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def the_one(template: dict[str, Any], kind: str) -> tuple[str, dict[str, Any]]:
    """The single resource of ``kind`` (logical ID, resource); fails when there are none or several."""
    found = resources_of(template, kind)
    assert len(found) == 1, f"expected one {kind}, found {sorted(found)}"
    return next(iter(found.items()))


@pytest.fixture(scope="module")
def deployment(endpoint: Endpoint, tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    """Bootstrap, deploy, change the handler, deploy again, destroy; record the endpoint's state."""
    project = copy_reference_app(tmp_path_factory.mktemp("app"), tmp_path_factory.mktemp("wheels"))
    env = dict(endpoint.env, CONSTRUCTS_LAMBDA_CACHE=str(tmp_path_factory.mktemp("cache")))
    cf, lam, iam, logs, s3 = (endpoint.client(s) for s in ("cloudformation", "lambda", "iam", "logs", "s3"))
    d = Deployment()

    cdk(["bootstrap", f"aws://{ACCOUNT}/{REGION}"], cwd=project, env=env)
    cdk(["deploy", STACK, *CDK_DEPLOY_FLAGS], cwd=project, env=env)
    d.templates = [cf.get_template(StackName=STACK)["TemplateBody"]]
    d.resources = cf.list_stack_resources(StackName=STACK)["StackResourceSummaries"]
    physical = {r["LogicalResourceId"]: r.get("PhysicalResourceId", "") for r in d.resources}
    fn_id, _ = the_one(d.templates[0], "AWS::Lambda::Function")
    d.function_name = physical[fn_id]
    d.function = lam.get_function_configuration(FunctionName=d.function_name)
    layer_id, layer = the_one(d.templates[0], "AWS::Lambda::LayerVersion")
    layer_name = physical[layer_id].split(":")[6] if physical[layer_id] else None
    layers = lam.list_layers()["Layers"]
    assert len(layers) == 1, layers
    layer_name = layer_name or layers[0]["LayerName"]
    d.layer_versions = lam.list_layer_versions(LayerName=layer_name)["LayerVersions"]
    d.layer_versions = [
        dict(v, Content=lam.get_layer_version(LayerName=layer_name, VersionNumber=v["Version"])["Content"])
        for v in d.layer_versions
    ]
    d.layer_archive = s3.get_object(Bucket=ASSETS_BUCKET, Key=layer["Properties"]["Content"]["S3Key"])[
        "Body"
    ].read()
    d.roles = {
        physical[rid]: iam.get_role(RoleName=physical[rid])["Role"]
        for rid in resources_of(d.templates[0], "AWS::IAM::Role")
    }
    policy_id, _ = the_one(d.templates[0], "AWS::IAM::ManagedPolicy")
    d.boundary_policy = iam.get_policy(PolicyArn=physical[policy_id])["Policy"]
    log_group_id, _ = the_one(d.templates[0], "AWS::Logs::LogGroup")
    d.log_group_name = physical[log_group_id]
    d.log_groups = logs.describe_log_groups()["logGroups"]

    handler = project / "src" / "api" / "app.py"
    handler.write_text(handler.read_text() + HANDLER_CHANGE)
    cdk(["deploy", STACK, *CDK_DEPLOY_FLAGS], cwd=project, env=env)
    d.templates.append(cf.get_template(StackName=STACK)["TemplateBody"])
    d.function_after_update = lam.get_function_configuration(FunctionName=d.function_name)
    d.versions_after_update = lam.list_versions_by_function(FunctionName=d.function_name)["Versions"]

    cdk(["destroy", STACK, "--force"], cwd=project, env=env)
    d.stacks_after_destroy = [
        s["StackName"] for s in cf.describe_stacks()["Stacks"] if s["StackStatus"] != "DELETE_COMPLETE"
    ]
    d.functions_after_destroy = [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    d.log_groups_after_destroy = logs.describe_log_groups()["logGroups"]
    d.layer_versions_after_destroy = lam.list_layer_versions(LayerName=layer_name)["LayerVersions"]
    return d


def test_function_is_deployed_with_its_configuration(deployment: Deployment) -> None:
    """The deployed app: runtime, handler, memory, timeout, env match."""
    # GIVEN the deployed app
    # WHEN the SDK reads the function
    fn = deployment.function
    # THEN runtime, handler, memory, timeout, env match
    assert fn["Runtime"] == "python3.14"
    assert fn["Handler"] == "app.handler"
    assert fn["MemorySize"] == 512
    assert fn["Timeout"] == 10
    assert fn["Environment"]["Variables"] == {"STAGE": "prod"}
    assert fn["Role"].split("/")[-1] in deployment.roles


def test_settings_moto_ignores_are_in_the_deployed_template(deployment: Deployment) -> None:
    """The deployed template: arm64, active tracing, JSON logs, the function's log group."""
    # GIVEN the deployed template
    _, fn = the_one(deployment.templates[0], "AWS::Lambda::Function")
    # WHEN read
    props = fn["Properties"]
    # moto ignores these three properties when CloudFormation creates a function.
    # THEN arm64, active tracing, JSON logs, the function's log group
    assert props["Architectures"] == ["arm64"]
    assert props["TracingConfig"] == {"Mode": "Active"}
    assert props["LoggingConfig"]["LogFormat"] == "JSON"
    fn_id, _ = the_one(deployment.templates[0], "AWS::Lambda::Function")
    group_id, group = the_one(deployment.templates[0], "AWS::Logs::LogGroup")
    # cdk.json sets useCdkManagedLogGroup: the L2's group /aws/lambda/<function> is kept, and Lambda writes
    # there by default, so the logging config names no group.
    assert group["Properties"]["LogGroupName"] == {"Fn::Join": ["", ["/aws/lambda/", {"Ref": fn_id}]]}
    assert "LogGroup" not in props["LoggingConfig"]
    assert fn_id != group_id
    assert (group["DeletionPolicy"], group["UpdateReplacePolicy"]) == ("Retain", "Retain")


def test_layer_archive_holds_dependencies_under_python(deployment: Deployment) -> None:
    """The deployed layer: content sits in python/."""
    # GIVEN the deployed layer
    # WHEN its archive is downloaded from the endpoint
    (version,) = deployment.layer_versions
    # THEN content sits in python/
    assert version["CompatibleRuntimes"] == ["python3.14"]
    digest = base64.b64encode(hashlib.sha256(deployment.layer_archive).digest()).decode()
    assert version["Content"]["CodeSha256"] == digest  # Lambda holds exactly the downloaded archive
    names = zipfile.ZipFile(io.BytesIO(deployment.layer_archive)).namelist()
    assert names, "empty layer archive"
    assert all(name.startswith("python/") for name in names), names
    assert "python/orders_deps_fixture/__init__.py" in names
    assert not [n for n in names if n.endswith(".pyc") or "/bin/" in n], names
    dist_info = [n for n in names if n.endswith(".dist-info/METADATA")]
    assert [n.split("/")[1] for n in dist_info] == [f"{LOCAL_DEPENDENCY.replace('-', '_')}-1.0.dist-info"]


def test_every_role_carries_the_permissions_boundary(deployment: Deployment) -> None:
    """The deployed roles: each has the created boundary policy."""
    # GIVEN the deployed roles
    # WHEN the SDK reads them
    # THEN each has the created boundary policy
    assert deployment.roles
    arn = deployment.boundary_policy["Arn"]
    assert arn == f"arn:aws:iam::{ACCOUNT}:policy/{STACK}-Boundary"
    for name, role in deployment.roles.items():
        assert role.get("PermissionsBoundary") == {
            "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
            "PermissionsBoundaryArn": arn,
        }, name
    _, role = the_one(deployment.templates[0], "AWS::IAM::Role")
    assert "ManagedPolicyArns" not in role["Properties"]  # no AWS-managed policy on the execution role


def test_log_group_has_retention(deployment: Deployment) -> None:
    """The deployed function: its group /aws/lambda/<function> is kept 731 days (the L2's default for the
    group useCdkManagedLogGroup names)."""
    # GIVEN the deployed function
    # WHEN its log group is read
    (group,) = [g for g in deployment.log_groups if g["logGroupName"] == deployment.log_group_name]
    # THEN it is the named group, kept 731 days
    assert group["logGroupName"] == f"/aws/lambda/{deployment.function_name}"
    assert group["retentionInDays"] == 731


def test_autoscaling_is_in_the_deployed_template(deployment: Deployment) -> None:
    """The deployed template: the alias's provisioned concurrency scales on a schedule."""
    # moto accepts Application Auto Scaling and alias resources without modelling them.
    # GIVEN the deployed template
    template = deployment.templates[0]
    # WHEN read
    _, alias = the_one(template, "AWS::Lambda::Alias")
    # THEN the alias's provisioned concurrency scales on a schedule
    assert alias["Properties"]["Name"] == "live"
    _, target = the_one(template, "AWS::ApplicationAutoScaling::ScalableTarget")
    props = target["Properties"]
    assert (props["MinCapacity"], props["MaxCapacity"]) == (1, 10)
    assert props["ScalableDimension"] == "lambda:function:ProvisionedConcurrency"
    assert json.dumps(props["ResourceId"]).endswith(':live"]]}')  # function:<name>:live, the alias
    assert sorted(a["ScheduledActionName"] for a in props["ScheduledActions"]) == [
        "BusinessHours",
        "Evenings",
    ]
    _, policy = the_one(template, "AWS::ApplicationAutoScaling::ScalingPolicy")
    tracking = policy["Properties"]["TargetTrackingScalingPolicyConfiguration"]
    assert tracking["TargetValue"] == 0.7


def test_second_deploy_publishes_a_new_version_and_moves_the_alias(deployment: Deployment) -> None:
    """A handler change: new code, a new version, and the alias points to it."""
    # GIVEN a handler change
    before, after = deployment.templates
    (old_version,) = resources_of(before, "AWS::Lambda::Version")
    # WHEN deployed again
    (new_version,) = resources_of(after, "AWS::Lambda::Version")
    # THEN new code, a new version, and the alias points to it
    assert new_version != old_version  # a new AWS::Lambda::Version resource: CloudFormation publishes it
    # Aliases are not modelled by moto: the deployed template shows where "live" points.
    _, alias = the_one(after, "AWS::Lambda::Alias")
    assert alias["Properties"]["FunctionVersion"] == {"Fn::GetAtt": [new_version, "Version"]}
    assert deployment.function_after_update["CodeSha256"] != deployment.function["CodeSha256"]
    assert {v["Version"] for v in deployment.versions_after_update} >= {"$LATEST", "1"}
    # The layer did not change, so the function kept the same layer version.
    (layer_arn,) = [layer["Arn"] for layer in deployment.function_after_update["Layers"]]
    assert layer_arn == deployment.layer_versions[0]["LayerVersionArn"]


def test_destroy_keeps_what_the_user_keeps(deployment: Deployment) -> None:
    """The stack: the function is gone but its log group and layer version remain."""
    # GIVEN the stack
    # WHEN destroyed
    # THEN the function is gone but its log group and layer version remain
    assert STACK not in deployment.stacks_after_destroy
    assert deployment.function_name not in deployment.functions_after_destroy
    kept = [g["logGroupName"] for g in deployment.log_groups_after_destroy]
    assert deployment.log_group_name in kept
    assert [v["LayerVersionArn"] for v in deployment.layer_versions_after_destroy] == [
        v["LayerVersionArn"] for v in deployment.layer_versions
    ]


def test_endpoint_is_moto_s_account(endpoint: Endpoint) -> None:
    """The local endpoint: it answers with the account the tests bootstrap."""
    # GIVEN the local endpoint
    # WHEN STS is asked
    # THEN it answers with the account the tests bootstrap
    assert endpoint.client("sts").get_caller_identity()["Account"] == ACCOUNT
    with pytest.raises(ClientError):
        endpoint.client("lambda").get_function(FunctionName="does-not-exist")


def test_repository_app_is_untouched(deployment: Deployment) -> None:
    """The e2e run: it changed only the copy, not the repository."""
    # GIVEN the e2e run
    # WHEN it changed the handler
    source = (Path(__file__).resolve().parents[2] / "src" / "api" / "app.py").read_text()
    # THEN it changed only the copy, not the repository
    assert HANDLER_CHANGE not in source
