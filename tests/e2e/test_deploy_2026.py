"""``cdk deploy`` of the 2026 capabilities to the local endpoint: Managed Instances, durable, tenant-isolated.

The app (``tests/e2e/apps/app_2026.py``) has a permissions boundary on every role, a VPC with private
subnets, a ``ManagedInstances`` capacity provider with a 2048 MiB function on it, a durable function and a
tenant-isolated function. It is bootstrapped and deployed with the real CLI to moto
(``scripts/local_endpoint.py``) and reaches ``CREATE_COMPLETE``.

What moto 5.2.5 really creates, checked through the AWS SDK: the VPC, its subnets (the private ones with
no public IPs), the provider's security group (no ingress, all egress), every IAM role with the
permissions boundary (which allows the operator role its own statements), the operator role's inline policy
with the subnet and security-group IDs filled in, the durable function's own policy with the function's ARN
filled in,
the four log groups with their one-year retention, and the three functions (runtime, handler, memory, role).

What moto accepts without modelling it (checked in the template CloudFormation holds for the stack,
``GetTemplate``, i.e. what was actually deployed):

- ``AWS::Lambda::CapacityProvider``: moto has no model and no Lambda API for it (``GetCapacityProvider`` and
  ``ListCapacityProviders`` answer HTTP 404). Unpatched moto skips the resource, and the
  ``Fn::GetAtt [provider, Arn]`` in the function's ``CapacityProviderConfig`` then fails ``CreateStack``
  ("Template error: instance of Fn::GetAtt references undefined resource"; ``cdk deploy`` fails, the stack
  stays ``CREATE_IN_PROGRESS``). The endpoint therefore registers a model that only gives the resource a
  name and the ARN ``arn:aws:lambda:REGION:ACCOUNT:capacity-provider:NAME``; the provider's properties
  (``VpcConfig``, ``PermissionsConfig``, ``InstanceRequirements``, ``TelemetryConfig``) go nowhere.
- ``AWS::Lambda::Function`` properties ``CapacityProviderConfig``, ``FunctionScalingConfig``,
  ``DurableConfig`` and ``TenancyConfig`` are ignored when CloudFormation creates the function (as are
  ``Architectures``, ``TracingConfig`` and ``LoggingConfig``): ``GetFunctionConfiguration`` returns no
  ``CapacityProviderConfig``, ``DurableConfig`` or ``TenancyConfig`` (``FunctionScalingConfig`` is not part
  of that answer on AWS either; it was not probed through ``GetFunctionScalingConfig``). moto's own
  ``CreateFunction`` drops ``DurableConfig`` and ``TenancyConfig`` too, and its durable-execution API
  answers HTTP 404.
- ``AWS::Lambda::Alias`` is skipped, as in ``test_deploy.py``.

Bootstrap runs in an empty directory (no ``cdk.json``, so the CLI does not synthesize the app for it).
The stack is not destroyed: ``cdk destroy`` would synthesize again for no check the 2026 resources add.
"""

from __future__ import annotations

import io
import json
import shlex
import sys
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from scripts.local_endpoint import ACCOUNT, CDK_DEPLOY_FLAGS, REGION, ROOT, cdk
from tests.e2e.apps.app_2026 import STACK
from tests.e2e.conftest import Endpoint
from tests.e2e.test_deploy import resources_of

pytestmark = pytest.mark.slow

APP = Path(__file__).resolve().parent / "apps" / "app_2026.py"
BOUNDARY_ARN = f"arn:aws:iam::{ACCOUNT}:policy/{STACK}-Boundary"
#: What the 2026 features add to GetFunctionConfiguration on AWS; moto returns none of them.
NEW_CONFIGURATION_KEYS = ("CapacityProviderConfig", "DurableConfig", "TenancyConfig")
#: Logical IDs in the app (construct IDs are stable, so their hashes are too).
PROVIDER = "FleetD86ABB68"
ON_FLEET = "OnFleetB2A6EDF8"
DURABLE = "DurableCDE1F199"
TENANTS = "TenantsA9C48FD3"
SECURITY_GROUP = "FleetSecurityGroup97A0FCFD"
OPERATOR_ROLE = "FleetOperatorRoleC3BB5F39"
DURABLE_ROLE = "DurableServiceRole737CAAC4"
DURABLE_POLICY = "DurableDurableExecutionPolicy873CCE51"
PRIVATE_SUBNETS = ("VpcPrivateSubnet1Subnet536B997A", "VpcPrivateSubnet2Subnet3788AAA1")


class Deployment:
    """What the endpoint held after the deploy; collected once for the whole module."""

    status: str
    template: dict[str, Any]
    resources: list[dict[str, str]]
    physical: dict[str, str]
    functions: dict[str, dict[str, Any]]
    roles: dict[str, dict[str, Any]]
    attached_policies: dict[str, list[dict[str, str]]]
    operator_policy: dict[str, Any]
    boundary_policy: dict[str, Any]
    durable_policies: dict[str, dict[str, Any]]
    log_groups: dict[str, dict[str, Any]]
    security_group: dict[str, Any]
    subnets: list[dict[str, Any]]


def project_dir(target: Path) -> Path:
    """A directory whose ``cdk.json`` is the repository's, running ``tests/e2e/apps/app_2026.py``."""
    config = json.loads((ROOT / "cdk.json").read_text())
    config["app"] = f"{shlex.quote(sys.executable)} {shlex.quote(str(APP))}"
    (target / "cdk.json").write_text(json.dumps(config, indent=2))
    return target


@pytest.fixture(scope="module")
def deployment(endpoint: Endpoint, tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    """Bootstrap and deploy the app; record what the endpoint holds."""
    project = project_dir(tmp_path_factory.mktemp("app"))
    env = dict(endpoint.env, CONSTRUCTS_LAMBDA_CACHE=str(tmp_path_factory.mktemp("cache")))
    cf, lam, iam, logs, ec2 = (endpoint.client(s) for s in ("cloudformation", "lambda", "iam", "logs", "ec2"))
    d = Deployment()

    cdk(["bootstrap", f"aws://{ACCOUNT}/{REGION}"], cwd=tmp_path_factory.mktemp("bootstrap"), env=env)
    cdk(["deploy", STACK, *CDK_DEPLOY_FLAGS], cwd=project, env=env)
    d.status = cf.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"]
    d.template = cf.get_template(StackName=STACK)["TemplateBody"]
    d.resources = cf.list_stack_resources(StackName=STACK)["StackResourceSummaries"]
    d.physical = {r["LogicalResourceId"]: r.get("PhysicalResourceId", "") for r in d.resources}
    d.functions = {
        fn_id: lam.get_function_configuration(FunctionName=d.physical[fn_id])
        for fn_id in (ON_FLEET, DURABLE, TENANTS)
    }
    role_ids = resources_of(d.template, "AWS::IAM::Role")
    d.roles = {rid: iam.get_role(RoleName=d.physical[rid])["Role"] for rid in role_ids}
    d.attached_policies = {
        rid: iam.list_attached_role_policies(RoleName=d.physical[rid])["AttachedPolicies"] for rid in role_ids
    }
    (policy_name,) = iam.list_role_policies(RoleName=d.physical[OPERATOR_ROLE])["PolicyNames"]
    d.operator_policy = iam.get_role_policy(RoleName=d.physical[OPERATOR_ROLE], PolicyName=policy_name)[
        "PolicyDocument"
    ]
    boundary = iam.get_policy(PolicyArn=BOUNDARY_ARN)["Policy"]
    d.boundary_policy = iam.get_policy_version(
        PolicyArn=BOUNDARY_ARN, VersionId=boundary["DefaultVersionId"]
    )["PolicyVersion"]["Document"]
    durable_role = d.physical[DURABLE_ROLE]
    d.durable_policies = {
        name: iam.get_role_policy(RoleName=durable_role, PolicyName=name)["PolicyDocument"]
        for name in iam.list_role_policies(RoleName=durable_role)["PolicyNames"]
    }
    d.log_groups = {g["logGroupName"]: g for g in logs.describe_log_groups()["logGroups"]}
    (d.security_group,) = ec2.describe_security_groups(GroupIds=[d.physical[SECURITY_GROUP]])[
        "SecurityGroups"
    ]
    d.subnets = ec2.describe_subnets(SubnetIds=[d.physical[s] for s in PRIVATE_SUBNETS])["Subnets"]
    return d


def props(deployment: Deployment, logical_id: str) -> dict[str, Any]:
    """The deployed template's properties of ``logical_id``."""
    properties: dict[str, Any] = deployment.template["Resources"][logical_id]["Properties"]
    return properties


def test_stack_reaches_create_complete(deployment: Deployment) -> None:
    """The app: the stack and every resource moto lists are CREATE_COMPLETE."""
    # GIVEN / WHEN: the module's deployment
    # THEN
    assert deployment.status == "CREATE_COMPLETE"
    assert {r["ResourceStatus"] for r in deployment.resources} == {"CREATE_COMPLETE"}
    kinds = {r["ResourceType"] for r in deployment.resources}
    assert {"AWS::Lambda::CapacityProvider", "AWS::Lambda::Function", "AWS::EC2::VPC"} <= kinds


def test_capacity_provider_is_accepted_with_a_name_only(deployment: Deployment, endpoint: Endpoint) -> None:
    """The deployed provider: moto does not know it."""
    # GIVEN
    name = deployment.physical[PROVIDER]
    # WHEN
    lam = endpoint.client("lambda")
    # THEN: CloudFormation gave it a name; Lambda on the endpoint has no capacity-provider API at all.
    assert name.startswith(f"{STACK}-Fleet")
    for call in (lambda: lam.get_capacity_provider(CapacityProviderName=name), lam.list_capacity_providers):
        with pytest.raises(ClientError) as error:
            call()
        assert error.value.response["Error"]["Code"] == "404"


def test_capacity_provider_runs_in_the_private_subnets_with_a_closed_security_group(
    deployment: Deployment,
) -> None:
    """The deployed provider: private subnets and no ingress on moto."""
    # GIVEN
    vpc_config = props(deployment, PROVIDER)["VpcConfig"]
    # WHEN
    subnets = deployment.subnets
    group = deployment.security_group
    # THEN: the template names the private subnets, which moto created without public IPs.
    assert vpc_config["SubnetIds"] == [{"Ref": s} for s in PRIVATE_SUBNETS]
    assert vpc_config["SecurityGroupIds"] == [{"Fn::GetAtt": [SECURITY_GROUP, "GroupId"]}]
    assert len(subnets) == 2
    assert [s["MapPublicIpOnLaunch"] for s in subnets] == [False, False]
    assert {s["VpcId"] for s in subnets} == {group["VpcId"]}
    assert group["IpPermissions"] == []
    assert [p["IpRanges"] for p in group["IpPermissionsEgress"]] == [[{"CidrIp": "0.0.0.0/0"}]]
    assert props(deployment, PROVIDER)["InstanceRequirements"] == {"Architectures": ["arm64"]}


def test_operator_role_is_scoped_to_the_deployed_subnets_and_security_group(deployment: Deployment) -> None:
    """The operator role: network actions name only our IDs."""
    # GIVEN
    permissions = props(deployment, PROVIDER)["PermissionsConfig"]
    # WHEN
    statements = deployment.operator_policy["Statement"]
    # THEN
    assert permissions == {"CapacityProviderOperatorRoleArn": {"Fn::GetAtt": [OPERATOR_ROLE, "Arn"]}}
    (network,) = [s for s in statements if "ec2:CreateNetworkInterface" in s["Action"]]
    prefix = f"arn:aws:ec2:{REGION}:{ACCOUNT}"
    assert sorted(network["Resource"]) == sorted(
        [
            f"{prefix}:security-group/{deployment.physical[SECURITY_GROUP]}",
            *(f"{prefix}:subnet/{deployment.physical[s]}" for s in PRIVATE_SUBNETS),
        ]
    )
    # ...and the boundary holds each of the role's statements, with a Sid naming the provider
    boundary = deployment.boundary_policy["Statement"]
    allowed = [
        {k: v for k, v in b.items() if k != "Sid"}
        for b in boundary
        if b.get("Sid", "").startswith("ManagedInstances")
    ]
    assert [b["Sid"] for b in boundary if b.get("Sid", "").startswith("ManagedInstances")] == [
        f"ManagedInstances{STACK}Fleet{part}" for part in ("Launched", "Describe", "Network", "AmazonImages")
    ]
    assert sorted(json.dumps(s, sort_keys=True) for s in allowed) == sorted(
        json.dumps(s, sort_keys=True) for s in statements
    )
    assert deployment.attached_policies[OPERATOR_ROLE] == []


def test_function_on_the_provider_is_created_without_its_provider_settings(deployment: Deployment) -> None:
    """The 2048 MiB function on the provider: moto has it, the template has the rest."""
    # GIVEN
    fn = deployment.functions[ON_FLEET]
    # WHEN
    deployed = props(deployment, ON_FLEET)
    # THEN: moto created the function...
    assert (fn["Runtime"], fn["Handler"], fn["MemorySize"]) == ("python3.13", "index.handler", 2048)
    assert fn["Role"] == deployment.roles["OnFleetServiceRoleB3B1D14F"]["Arn"]
    # ...and ignored the provider settings: they are in the deployed template only.
    assert not [key for key in NEW_CONFIGURATION_KEYS if key in fn], "moto models them now: assert values"
    assert deployed["CapacityProviderConfig"] == {
        "LambdaManagedInstancesCapacityProviderConfig": {
            "CapacityProviderArn": {"Fn::GetAtt": [PROVIDER, "Arn"]},
            "PerExecutionEnvironmentMaxConcurrency": 16,
        }
    }
    assert deployed["FunctionScalingConfig"] == {"MinExecutionEnvironments": 1, "MaxExecutionEnvironments": 3}
    assert deployed["Architectures"] == ["arm64"]
    assert "ProvisionedConcurrencyConfig" not in json.dumps(deployment.template)


def test_durable_function_is_created_without_its_durable_config(deployment: Deployment) -> None:
    """The durable function: moto has the function, the template its DurableConfig."""
    # GIVEN
    fn = deployment.functions[DURABLE]
    # WHEN
    deployed = props(deployment, DURABLE)
    # THEN
    assert (fn["Runtime"], fn["MemorySize"]) == ("python3.13", 256)
    assert fn["Role"] == deployment.roles[DURABLE_ROLE]["Arn"]
    assert not [key for key in NEW_CONFIGURATION_KEYS if key in fn], "moto models them now: assert values"
    assert deployed["DurableConfig"] == {"ExecutionTimeout": 3600, "RetentionPeriodInDays": 30}


def test_durable_role_may_checkpoint_only_its_own_executions(deployment: Deployment) -> None:
    """The durable function's role: durable actions on fn:* only."""
    # GIVEN
    function_arn = deployment.functions[DURABLE]["FunctionArn"]
    # WHEN
    policies = deployment.durable_policies
    # THEN: the role holds its default policy, its log policy and the durable one, under the template's names
    names = {
        props(deployment, p)["PolicyName"]
        for p in (DURABLE_POLICY, "DurableServiceRoleDefaultPolicy52635EFB", "DurableLogPolicy5908F2D8")
    }
    assert set(policies) == names
    policy = policies[props(deployment, DURABLE_POLICY)["PolicyName"]]
    # ...which allows the durable actions on this function's versions and aliases only; no AWS-managed policy
    assert policy["Statement"] == [
        {
            "Action": ["lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState"],
            "Effect": "Allow",
            "Resource": f"{function_arn}:*",
        }
    ]
    assert "ManagedPolicyArns" not in props(deployment, DURABLE_ROLE)
    assert deployment.attached_policies[DURABLE_ROLE] == []


def test_tenant_isolated_function_is_created_without_its_tenancy_config(deployment: Deployment) -> None:
    """The tenant-isolated function: moto has the function, the template PER_TENANT."""
    # GIVEN
    fn = deployment.functions[TENANTS]
    # WHEN
    deployed = props(deployment, TENANTS)
    # THEN
    assert (fn["Runtime"], fn["MemorySize"]) == ("python3.13", 256)
    assert not [key for key in NEW_CONFIGURATION_KEYS if key in fn], "moto models them now: assert values"
    assert deployed["TenancyConfig"] == {"TenantIsolationMode": "PER_TENANT"}


def test_every_role_carries_the_permissions_boundary(deployment: Deployment) -> None:
    """The deployed roles: each of the four has the created boundary."""
    # GIVEN / WHEN
    roles = deployment.roles
    # THEN
    assert len(roles) == 4  # three execution roles and the operator role
    assert deployment.physical["BoundaryEA298153"] == BOUNDARY_ARN
    for logical_id, role in roles.items():
        assert role.get("PermissionsBoundary") == {
            "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
            "PermissionsBoundaryArn": BOUNDARY_ARN,
        }, logical_id


def test_every_log_group_exists_with_its_retention(deployment: Deployment) -> None:
    """Three functions and the provider: each group exists; the functions' are /aws/lambda/<function>."""
    # GIVEN
    group_ids = sorted(resources_of(deployment.template, "AWS::Logs::LogGroup"))
    # WHEN
    retention = {
        g: (deployment.log_groups.get(deployment.physical[g]) or {}).get("retentionInDays") for g in group_ids
    }
    # THEN
    assert len(group_ids) == 4
    # cdk.json sets useCdkManagedLogGroup: each function keeps the L2's group /aws/lambda/<function> (731
    # days, the L2's default), where Lambda writes by default; the provider's group is the library's own.
    function_groups = []
    for fn in (ON_FLEET, DURABLE, TENANTS):
        assert "LogGroup" not in props(deployment, fn)["LoggingConfig"]
        name = {"Fn::Join": ["", ["/aws/lambda/", {"Ref": fn}]]}
        (group_id,) = [g for g in group_ids if props(deployment, g).get("LogGroupName") == name]
        function_groups.append(group_id)
        assert retention[group_id] == 731
    provider_group = props(deployment, PROVIDER)["TelemetryConfig"]["LoggingConfig"]["LogGroup"]["Ref"]
    assert retention[provider_group] == 365
    assert sorted([*function_groups, provider_group]) == group_ids


def test_moto_lambda_api_drops_durable_and_tenancy_config(deployment: Deployment, endpoint: Endpoint) -> None:
    """moto's own CreateFunction: it keeps neither; no durable API."""
    # GIVEN
    lam = endpoint.client("lambda")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("index.py", "def handler(event, context):\n    return event\n")
    # WHEN
    lam.create_function(
        FunctionName="direct-2026",
        Runtime="python3.13",
        Role=deployment.functions[TENANTS]["Role"],
        Handler="index.handler",
        Code={"ZipFile": archive.getvalue()},
        DurableConfig={"ExecutionTimeout": 3600, "RetentionPeriodInDays": 30},
        TenancyConfig={"TenantIsolationMode": "PER_TENANT"},
    )
    try:
        fn = lam.get_function_configuration(FunctionName="direct-2026")
    finally:
        lam.delete_function(FunctionName="direct-2026")
    # THEN
    assert not [key for key in NEW_CONFIGURATION_KEYS if key in fn], "moto models them now: assert values"
    with pytest.raises(ClientError) as error:
        lam.list_durable_executions_by_function(FunctionName=deployment.physical[DURABLE])
    assert error.value.response["Error"]["Code"] == "404"


def test_unpatched_moto_rejects_a_function_on_a_capacity_provider() -> None:
    """Moto without the endpoint's patch: CreateStack fails. This is why ``scripts/local_endpoint.py`` registers the provider: when moto models it, this fails and the patch can go."""
    # GIVEN: a provider and a function on it, as CloudFormation receives them from the app
    template = {
        "Resources": {
            "Provider": {"Type": "AWS::Lambda::CapacityProvider", "Properties": {}},
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}},
            },
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Code": {"ZipFile": "def handler(event, context):\n    return event\n"},
                    "Handler": "index.handler",
                    "Runtime": "python3.13",
                    "MemorySize": 2048,
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "CapacityProviderConfig": {
                        "LambdaManagedInstancesCapacityProviderConfig": {
                            "CapacityProviderArn": {"Fn::GetAtt": ["Provider", "Arn"]}
                        }
                    },
                },
            },
        }
    }
    # WHEN: moto in this process, which never ran the endpoint's patch
    with mock_aws():
        cf = boto3.client(
            "cloudformation", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
        )
        with (
            pytest.warns(UserWarning, match="AWS::Lambda::CapacityProvider"),
            pytest.raises(ClientError) as error,
        ):
            cf.create_stack(StackName="Unpatched", TemplateBody=json.dumps(template))
        (stack,) = cf.describe_stacks(StackName="Unpatched")["Stacks"]
    # THEN: the call fails and the stack is left half-created
    assert "Fn::GetAtt references undefined resource Provider" in str(error.value)
    assert stack["StackStatus"] == "CREATE_IN_PROGRESS"
