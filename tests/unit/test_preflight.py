"""Deploy preflight: each finding kind from a real template pair, and the command line."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk.assertions import Template

import constructs_lambda as cl
from constructs_lambda._preflight import preflight
from constructs_lambda._preflight_findings import ERROR, INFO, WARNING, Finding
from constructs_lambda._preflight_template import PreflightError, load_template, templates_in
from tests.conftest import ROOT, project_context
from tests.helpers import make_function

ENV = Environment(account="123456789012", region="eu-west-1")
CODE_V1 = "def handler(event, context):\n    return 1\n"
CODE_V2 = "def handler(event, context):\n    return 2\n"
FUNCTION = "AWS::Lambda::Function"


# -- synthesized pairs -------------------------------------------------------------------------------------


def _synth(new: bool) -> dict[str, Any]:
    """One stack per side. Api: a plain L2 with add_alias("live") before, constructs_lambda.Function after;
    each other function changes one thing between the sides."""
    stack = Stack(App(context=project_context()), "Svc", env=ENV)
    if new:
        # the same runtime, handler and code as the plain L2 of the deployed side
        make_function(
            stack,
            "Api",
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="index.handler",
            code=lambda_.Code.from_inline(CODE_V1),
        )
    else:
        api = lambda_.Function(
            stack,
            "Api",
            code=lambda_.Code.from_inline(CODE_V1),
            handler="index.handler",
            runtime=lambda_.Runtime.PYTHON_3_12,
        )
        api.add_alias("live")
    make_function(stack, "Memory", memory_size=512 if new else 256)
    make_function(stack, "Code", code=lambda_.Code.from_inline(CODE_V2 if new else CODE_V1))
    make_function(stack, "Retention", log_retention=logs.RetentionDays.ONE_WEEK if new else None)
    make_function(
        stack,
        "Scaled",
        provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=1)
        if new
        else cl.ProvisionedConcurrency(min_capacity=1, max_capacity=5),
    )
    make_function(stack, "Tenant", tenancy_config=lambda_.TenancyConfig.PER_TENANT if new else None)
    return dict(Template.from_stack(stack).to_json())


@pytest.fixture(scope="module")
def pair() -> tuple[dict[str, Any], dict[str, Any]]:
    """The deployed (old) and new template of the stack Svc (synthesized once for the module)."""
    return _synth(new=False), _synth(new=True)


@pytest.fixture(scope="module")
def findings(pair: tuple[dict[str, Any], dict[str, Any]]) -> list[Finding]:
    """What deploying the new Svc over the old one does."""
    return preflight(pair[0], pair[1], stack="Svc")


def _logical_id(template: dict[str, Any], prefix: str, resource_type: str) -> str:
    return next(
        str(lid)
        for lid, resource in template["Resources"].items()
        if lid.startswith(prefix) and resource["Type"] == resource_type
    )


def _about(findings: list[Finding], prefix: str, kind: str) -> list[Finding]:
    return [f for f in findings if f.logical_id.startswith(prefix) and f.kind == kind]


def test_memory_change_publishes_a_new_version(findings: list[Finding]) -> None:
    """A new MemorySize is version-locked: a new version is published and the finding says why."""
    # GIVEN/WHEN the Memory function goes from 256 to 512 MiB
    found = _about(findings, "MemoryCurrentVersion", "new-version")
    # THEN one new version, caused by MemorySize only, and nothing is replaced
    assert len(found) == 1
    assert found[0].severity == INFO
    assert found[0].message.endswith("because MemorySize changed")
    assert not [f for f in findings if f.logical_id.startswith("Memory") and f.severity != INFO]


def test_code_change_names_the_code_property(findings: list[Finding]) -> None:
    """New code publishes a new version and names Code.ZipFile as the cause."""
    # GIVEN/WHEN the Code function gets new inline code
    found = _about(findings, "CodeCurrentVersion", "new-version")
    # THEN
    assert [f.message.split(" because ")[1] for f in found] == ["Code.ZipFile changed"]


def test_l2_alias_to_constructs_lambda_alias_fails_today(
    pair: tuple[dict[str, Any], dict[str, Any]], findings: list[Finding]
) -> None:
    """TODAY'S SYNTHESIZED PAIR: L2 add_alias("live") -> constructs_lambda.Function's alias changes the
    alias's logical ID (ApiAliaslive... -> ApiAlias...) and keeps the name "live": an ERROR. When Function
    keeps the L2's logical ID this test is expected to fail and should be turned around (no ERROR)."""
    # GIVEN the synthesized templates, WHEN the preflight runs
    old_alias = _logical_id(pair[0], "ApiAlias", "AWS::Lambda::Alias")
    new_alias = _logical_id(pair[1], "ApiAlias", "AWS::Lambda::Alias")
    assert old_alias.startswith("ApiAliaslive")
    assert old_alias != new_alias
    # THEN the alias replacement is reported as failing, citing aws-cdk #27884
    (found,) = _about(findings, "ApiAlias", "replacement-fails")
    assert found.severity == ERROR
    assert found.logical_id == new_alias
    assert old_alias in found.message
    assert "27884" in found.message


def test_l2_to_constructs_lambda_switches_x86_64_to_arm64(findings: list[Finding]) -> None:
    """The L2 defaults to x86_64, constructs_lambda.Function to arm64: a WARNING about native code."""
    # GIVEN/WHEN the Api pair
    (found,) = _about(findings, "Api", "architecture-switch")
    # THEN
    assert found.severity == WARNING
    assert "x86_64 -> arm64" in found.message
    assert "fails at import" in found.message


def test_l2_to_constructs_lambda_keeps_the_logs(findings: list[Finding]) -> None:
    """The L2's /aws/lambda/<name> group (useCdkManagedLogGroup) is kept by cl.Function: not replaced, the
    logs do not move, the retention does not shrink (docs/migration.md)."""
    # GIVEN/WHEN the Api pair
    about_logs = [
        f
        for f in findings
        if f.logical_id.startswith("Api")
        and f.kind
        in ("logs-destination", "replaced-property", "replaced-logical-id", "log-retention-shortened")
        and "Alias" not in f.logical_id
        and "CurrentVersion" not in f.logical_id
    ]
    # THEN
    assert about_logs == []


def test_log_retention_shortened(findings: list[Finding]) -> None:
    """Two years -> one week on the same log group deletes older events: a WARNING."""
    # GIVEN/WHEN the Retention function's log_retention goes from the default (731 days for the group
    # useCdkManagedLogGroup names, which the project's cdk.json sets) to 7
    (found,) = _about(findings, "RetentionLogGroup", "log-retention-shortened")
    # THEN
    assert found.severity == WARNING
    assert "from 731 days to 7 days" in found.message


def test_autoscaling_removed_while_alias_keeps_provisioned_concurrency(findings: list[Finding]) -> None:
    """Autoscaling removed, alias kept: the capacity it last set is not cleaned up (aws-cdk #31507)."""
    # GIVEN/WHEN Scaled goes from min 1 / max 5 to a fixed 1
    (warning,) = _about(findings, "ScaledAlias", "scaling-removed-pc-kept")
    (scaling,) = _about(findings, "Scaled", "scaling")
    # THEN
    assert warning.severity == WARNING
    assert "31507" in warning.message
    assert scaling.message.endswith("-> none")


def test_tenancy_added_replaces_the_function(findings: list[Finding]) -> None:
    """TenancyConfig is create-only: without a fixed name the function is replaced (WARNING)."""
    # GIVEN/WHEN Tenant gets tenancy_config=PER_TENANT
    (found,) = _about(findings, "Tenant", "create-only-setting")
    # THEN
    assert found.severity == WARNING
    assert found.message.startswith("TenancyConfig added")
    assert "aws-resource-lambda-function.html" in found.message


def test_tenancy_added_with_fixed_function_name_fails(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """The same change on a function with an explicit FunctionName cannot deploy: an ERROR."""
    # GIVEN the Tenant function with a fixed FunctionName on both sides
    old, new = copy.deepcopy(pair[0]), copy.deepcopy(pair[1])
    for template in (old, new):
        template["Resources"][_logical_id(template, "Tenant", FUNCTION)]["Properties"]["FunctionName"] = (
            "tenant"
        )
    # WHEN
    found = _about(preflight(old, new, stack="Svc"), "Tenant", "create-only-setting")
    # THEN
    assert [f.severity for f in found] == [ERROR]
    assert 'FunctionName "tenant" is fixed' in found[0].message


def test_unchanged_template_has_no_findings(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """A template compared with itself explains nothing."""
    # GIVEN/WHEN/THEN
    assert preflight(pair[1], pair[1], stack="Svc") == []


# -- hand-written pairs ----------------------------------------------------------------------------------


def _template(**resources: dict[str, Any]) -> dict[str, Any]:
    return {"Resources": copy.deepcopy(resources)}


def _fn(**props: Any) -> dict[str, Any]:
    base = {"Code": {"S3Bucket": "b", "S3Key": "v1.zip"}, "Handler": "index.handler", "Runtime": "python3.12"}
    return {"Type": FUNCTION, "Properties": {**base, **props}}


def _version() -> dict[str, Any]:
    return {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}}


def _alias(name: str, version: str, **props: Any) -> dict[str, Any]:
    return {
        "Type": "AWS::Lambda::Alias",
        "Properties": {
            "FunctionName": {"Ref": "Fn"},
            "FunctionVersion": {"Fn::GetAtt": [version, "Version"]},
            "Name": name,
            **props,
        },
    }


def _kinds(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.logical_id, f.kind) for f in findings]


def test_alias_logical_id_change_with_same_name_fails() -> None:
    """Independent of how Function names its alias: a new logical ID with the same Name is an ERROR."""
    # GIVEN an alias "live" whose logical ID changes while code changes too
    old = _template(Fn=_fn(), V1=_version(), AliasA=_alias("live", "V1"))
    new = _template(
        Fn=_fn(Code={"S3Bucket": "b", "S3Key": "v2.zip"}), V2=_version(), AliasB=_alias("live", "V2")
    )
    # WHEN
    found = preflight(old, new, stack="S")
    # THEN
    assert _kinds(found) == [(INFO, "V2", "new-version"), (ERROR, "AliasB", "replacement-fails")]
    assert "because Code.S3Key changed" in found[0].message
    assert "(replacing V1)" in found[0].message


def test_alias_logical_id_change_with_new_name_is_a_replacement() -> None:
    """A renamed alias under a new logical ID is a plain replacement: INFO."""
    # GIVEN
    old = _template(Fn=_fn(), V1=_version(), AliasA=_alias("live", "V1"))
    new = _template(Fn=_fn(), V1=_version(), AliasB=_alias("prod", "V1"))
    # WHEN/THEN
    assert _kinds(preflight(old, new, stack="S")) == [(INFO, "AliasB", "replaced-logical-id")]


def test_alias_of_a_replaced_function_keeps_its_name() -> None:
    """Function and alias both get new logical IDs: the alias lives on a new function, no collision."""
    # GIVEN
    old = _template(Fn=_fn(), V1=_version(), AliasA=_alias("live", "V1"))
    new = json.loads(
        json.dumps(_template(Fn2=_fn(), V2=_version(), AliasB=_alias("live", "V2"))).replace('"Fn"', '"Fn2"')
    )
    # WHEN
    found = preflight(old, new, stack="S")
    # THEN
    assert (INFO, "AliasB", "replaced-logical-id") in _kinds(found)
    assert [f.kind for f in found if f.severity == ERROR] == []


def test_layer_version_with_the_same_name_is_a_new_layer_version() -> None:
    """A LayerVersion under a new logical ID with the same LayerName publishes the next version: INFO."""
    # GIVEN
    layer: dict[str, Any] = {
        "Type": "AWS::Lambda::LayerVersion",
        "Properties": {"LayerName": "deps", "Content": {"S3Key": "1"}},
    }
    new_layer = copy.deepcopy(layer)
    new_layer["Properties"]["Content"]["S3Key"] = "2"
    old = _template(Fn=_fn(Layers=[{"Ref": "L1"}]), L1=layer)
    new = _template(Fn=_fn(Layers=[{"Ref": "L2"}]), L2=new_layer)
    # WHEN/THEN
    assert _kinds(preflight(old, new, stack="S")) == [
        (INFO, "Fn", "function-updated"),
        (INFO, "L2", "replaced-logical-id"),
    ]


@pytest.mark.parametrize(
    ("resource_type", "name_prop"),
    [("AWS::Logs::LogGroup", "LogGroupName"), ("AWS::IAM::Role", "RoleName")],
    ids=["log-group", "role"],
)
def test_fixed_name_logical_id_change_fails(resource_type: str, name_prop: str) -> None:
    """A log group or role that moves to a new logical ID but keeps its name cannot be created."""
    # GIVEN the function's role/log group under a new logical ID, same fixed name
    props = {name_prop: "fixed", "Extra": {"Ref": "Fn"}}
    old = _template(Fn=_fn(), OldRes={"Type": resource_type, "Properties": props})
    new = _template(Fn=_fn(), NewRes={"Type": resource_type, "Properties": props})
    # WHEN
    found = [f for f in preflight(old, new, stack="S") if f.kind == "replacement-fails"]
    # THEN
    assert _kinds(found) == [(ERROR, "NewRes", "replacement-fails")]
    assert "keeps " + name_prop + ' "fixed"' in found[0].message


def test_role_path_change_with_fixed_role_name_fails() -> None:
    """Path requires replacement; with RoleName fixed the replacement fails."""
    # GIVEN
    role = {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r", "Path": "/a/"}}
    old = _template(Fn=_fn(Role={"Fn::GetAtt": ["Role", "Arn"]}), Role=role)
    new = copy.deepcopy(old)
    new["Resources"]["Role"]["Properties"]["Path"] = "/b/"
    # WHEN/THEN
    found = preflight(old, new, stack="S")
    assert _kinds(found) == [(ERROR, "Role", "replacement-fails")]
    assert "aws-resource-iam-role.html" in found[0].message


def test_permission_change_replaces_it() -> None:
    """Every AWS::Lambda::Permission property requires replacement."""
    # GIVEN
    permission = {
        "Type": "AWS::Lambda::Permission",
        "Properties": {"FunctionName": {"Ref": "Fn"}, "Action": "lambda:InvokeFunction", "Principal": "a"},
    }
    old = _template(Fn=_fn(), Perm=permission)
    new = copy.deepcopy(old)
    new["Resources"]["Perm"]["Properties"]["Principal"] = "b"
    # WHEN/THEN
    found = preflight(old, new, stack="S")
    assert _kinds(found) == [(INFO, "Perm", "replaced-property")]
    assert 'Principal "a" -> "b"' in found[0].message


def test_version_that_keeps_its_logical_id_publishes_nothing() -> None:
    """Code changes but the Version's logical ID does not: aliases keep serving the old code."""
    # GIVEN
    old = _template(Fn=_fn(), V1=_version())
    new = _template(Fn=_fn(Code={"S3Bucket": "b", "S3Key": "v2.zip"}), V1=_version())
    # WHEN/THEN
    assert _kinds(preflight(old, new, stack="S")) == [(WARNING, "V1", "version-not-published")]


def test_new_version_logical_id_without_function_change_fails() -> None:
    """Only the Version's logical ID changes (e.g. a CDK upgrade changed the hash): Lambda refuses to
    publish an identical version, an ERROR."""
    # GIVEN
    old, new = _template(Fn=_fn(), V1=_version()), _template(Fn=_fn(), V2=_version())
    # WHEN
    found = preflight(old, new, stack="S")
    # THEN
    assert _kinds(found) == [(ERROR, "V2", "version-exists")]
    assert "26739" in found[0].message


def test_provisioned_concurrency_on_version_and_replaced_log_group() -> None:
    """PC changed on an unchanged function's Version replaces it and fails; a log group renamed without
    UpdateReplacePolicy Retain loses its events."""
    # GIVEN
    version = _version()
    version["Properties"]["ProvisionedConcurrencyConfig"] = {"ProvisionedConcurrentExecutions": 1}
    group = {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "a"}}
    old = _template(Fn=_fn(LoggingConfig={"LogGroup": {"Ref": "Logs"}}), V=version, Logs=group)
    new = copy.deepcopy(old)
    new["Resources"]["V"]["Properties"]["ProvisionedConcurrencyConfig"]["ProvisionedConcurrentExecutions"] = 3
    new["Resources"]["Logs"]["Properties"]["LogGroupName"] = "b"
    # WHEN
    found = preflight(old, new, stack="S")
    # THEN
    assert _kinds(found) == [
        (WARNING, "Logs", "replaced-property"),
        (ERROR, "V", "version-exists"),
        (INFO, "Fn", "logs-destination"),
        (INFO, "Fn", "provisioned-concurrency"),
    ]


def test_runtime_switch_warns() -> None:
    """python3.11 -> python3.12: native extensions built for the old runtime may not import."""
    # GIVEN
    old, new = _template(Fn=_fn(Runtime="python3.11")), _template(Fn=_fn(Runtime="python3.12"))
    # WHEN/THEN
    assert _kinds(preflight(old, new, stack="S")) == [
        (INFO, "Fn", "function-updated"),
        (WARNING, "Fn", "runtime-switch"),
    ]


def _log_retention(days: int | None) -> dict[str, Any]:
    props: dict[str, Any] = {"LogGroupName": {"Fn::Join": ["", ["/aws/lambda/", {"Ref": "Fn"}]]}}
    if days is not None:
        props["RetentionInDays"] = days
    return {"Type": "Custom::LogRetention", "Properties": props}


def test_log_retention_custom_resource_removed() -> None:
    """Custom::LogRetention removed: reported, and the logs stay in the implicit group."""
    # GIVEN
    old, new = _template(Fn=_fn(), Ret=_log_retention(30)), _template(Fn=_fn())
    # WHEN/THEN
    assert _kinds(preflight(old, new, stack="S")) == [
        (INFO, "Fn", "logs-destination"),
        (INFO, "Ret", "log-retention-removed"),
    ]


def test_retention_set_on_a_group_kept_forever_warns() -> None:
    """Unset (kept forever) -> 30 days on the implicit group deletes older events."""
    # GIVEN no retention before, Custom::LogRetention after
    old = _template(Fn=_fn(), Ret=_log_retention(None))
    new = _template(Fn=_fn(), Ret=_log_retention(30))
    # WHEN
    found = [f for f in preflight(old, new, stack="S") if f.kind == "log-retention-shortened"]
    # THEN
    assert _kinds(found) == [(WARNING, "Fn", "log-retention-shortened")]
    assert "from forever to 30 days" in found[0].message


def test_log_group_removed_without_retain_is_deleted() -> None:
    """A log group leaving the template without DeletionPolicy Retain takes its events with it."""
    # GIVEN
    group = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}
    old = _template(Fn=_fn(LoggingConfig={"LogGroup": {"Ref": "Logs"}}), Logs=group)
    new = _template(Fn=_fn())
    # WHEN/THEN
    assert _kinds(preflight(old, new, stack="S")) == [
        (INFO, "Fn", "function-updated"),
        (INFO, "Fn", "logs-destination"),
        (WARNING, "Logs", "log-group-deleted"),
    ]


def test_provisioned_concurrency_change_on_alias() -> None:
    """ProvisionedConcurrencyConfig of an alias goes from 2 to 5."""
    # GIVEN
    old = _template(
        Fn=_fn(),
        V=_version(),
        A=_alias("live", "V", ProvisionedConcurrencyConfig={"ProvisionedConcurrentExecutions": 2}),
    )
    new = copy.deepcopy(old)
    new["Resources"]["A"]["Properties"]["ProvisionedConcurrencyConfig"]["ProvisionedConcurrentExecutions"] = 5
    # WHEN
    found = preflight(old, new, stack="S")
    # THEN
    assert _kinds(found) == [(INFO, "A", "provisioned-concurrency")]
    assert "'live' changes 2 -> 5" in found[0].message


@pytest.mark.parametrize(
    ("prop", "old_value", "new_value", "fixed", "expected"),
    [
        ("DurableConfig", None, {"ExecutionTimeout": 60}, False, WARNING),
        ("DurableConfig", {"ExecutionTimeout": 60}, {"ExecutionTimeout": 90}, False, INFO),
        ("CapacityProviderConfig", None, {"LambdaManagedInstancesCapacityProviderConfig": {}}, True, ERROR),
        ("TenancyConfig", {"TenancyIsolationMode": "PER_TENANT"}, None, True, ERROR),
    ],
    ids=[
        "durable-added",
        "durable-changed-in-place",
        "capacity-provider-added-fixed-name",
        "tenancy-removed",
    ],
)
def test_create_only_settings(prop: str, old_value: Any, new_value: Any, fixed: bool, expected: str) -> None:
    """Added or removed create-only settings replace the function; a fixed name makes that an ERROR."""
    # GIVEN
    name = {"FunctionName": "fixed"} if fixed else {}
    old = _template(Fn=_fn(**name, **({prop: old_value} if old_value else {})))
    new = _template(Fn=_fn(**name, **({prop: new_value} if new_value else {})))
    # WHEN
    found = [f for f in preflight(old, new, stack="S") if f.kind == "create-only-setting"]
    # THEN
    assert [f.severity for f in found] == [expected]


@pytest.mark.parametrize(
    ("old_props", "new_props", "expected"),
    [
        ({"FunctionName": "a"}, {"FunctionName": "b"}, (WARNING, "Fn", "replaced-property")),
        ({"PackageType": "Zip"}, {"PackageType": "Image"}, (WARNING, "Fn", "replaced-property")),
        (
            {"FunctionName": "a", "PackageType": "Zip"},
            {"FunctionName": "a", "PackageType": "Image"},
            (ERROR, "Fn", "replacement-fails"),
        ),
    ],
    ids=["renamed", "package-type", "package-type-fixed-name"],
)
def test_function_replacing_properties(
    old_props: dict[str, Any], new_props: dict[str, Any], expected: tuple[str, str, str]
) -> None:
    """A new FunctionName or PackageType replaces the function; with the name kept that fails."""
    # GIVEN/WHEN
    found = preflight(_template(Fn=_fn(**old_props)), _template(Fn=_fn(**new_props)), stack="S")
    # THEN
    assert _kinds(found)[0] == expected
    assert "function-updated" not in [f.kind for f in found]


def test_function_logical_id_change_with_fixed_name_fails() -> None:
    """The function itself under a new logical ID with the same FunctionName cannot be created."""
    # GIVEN
    old, new = _template(Old=_fn(FunctionName="api")), _template(New=_fn(FunctionName="api"))
    # WHEN/THEN
    assert _kinds(preflight(old, new, stack="S")) == [(ERROR, "New", "replacement-fails")]


def test_functions_added_and_removed() -> None:
    """Unmatched functions are reported as created and deleted."""
    # GIVEN two functions before, two different ones after (nothing to pair one to one)
    old = _template(A=_fn(), B=_fn())
    new = _template(C=_fn(), D=_fn())
    # WHEN/THEN
    assert sorted(f.kind for f in preflight(old, new, stack="S")) == [
        "function-added",
        "function-added",
        "function-removed",
        "function-removed",
    ]


# -- reading templates -----------------------------------------------------------------------------------

YAML_TEMPLATE = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: {S3Bucket: !Ref Bucket, S3Key: v1.zip}
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt Role.Arn
      Environment:
        Variables:
          TABLE: !Sub "${Table}-x"
          PARTS: !Join ["", [a, !Ref Bucket]]
      Architectures: [x86_64]
"""


def test_yaml_short_form_tags(tmp_path: Path) -> None:
    """!Ref, !GetAtt, !Sub and !Join read as their JSON long forms."""
    # GIVEN
    path = tmp_path / "deployed.yaml"
    path.write_text(YAML_TEMPLATE)
    # WHEN
    props = load_template(path)["Resources"]["Fn"]["Properties"]
    # THEN
    assert props["Role"] == {"Fn::GetAtt": ["Role", "Arn"]}
    assert props["Code"]["S3Bucket"] == {"Ref": "Bucket"}
    assert props["Environment"]["Variables"] == {
        "TABLE": {"Fn::Sub": "${Table}-x"},
        "PARTS": {"Fn::Join": ["", ["a", {"Ref": "Bucket"}]]},
    }


def test_get_template_output_and_bad_files(tmp_path: Path) -> None:
    """`aws cloudformation get-template` output (whole, or --query TemplateBody of a YAML stack) is
    unwrapped; a non-template is refused."""
    # GIVEN
    wrapped = tmp_path / "get-template.json"
    wrapped.write_text(json.dumps({"TemplateBody": YAML_TEMPLATE, "StagesAvailable": ["Original"]}))
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    body_only = tmp_path / "body.json"
    body_only.write_text(json.dumps(YAML_TEMPLATE))
    # WHEN/THEN
    assert "Fn" in load_template(wrapped)["Resources"]
    assert load_template(body_only) == load_template(wrapped)
    with pytest.raises(PreflightError, match="not a CloudFormation template"):
        load_template(bad)
    with pytest.raises(PreflightError, match="cannot read template"):
        load_template(tmp_path / "missing.json")


def test_templates_in_a_directory(tmp_path: Path) -> None:
    """Without a manifest each *.template.json is a stack named after its file."""
    # GIVEN
    (tmp_path / "Svc.template.json").write_text("{}")
    (tmp_path / "Svc.assets.json").write_text("{}")
    # WHEN/THEN
    assert templates_in(tmp_path) == {"Svc": tmp_path / "Svc.template.json"}


# -- command line ----------------------------------------------------------------------------------------


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "constructs_lambda", "preflight", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_error_exits_1_and_writes_json(tmp_path: Path) -> None:
    """An alias collision: exit 1, one line per finding on stdout, the same findings in --json."""
    # GIVEN a deployed YAML template and a new cdk.out folder
    (tmp_path / "deployed.yaml").write_text(
        "Resources:\n"
        "  Fn: {Type: AWS::Lambda::Function, Properties: {Handler: index.handler, Runtime: python3.12}}\n"
        "  V1: {Type: AWS::Lambda::Version, Properties: {FunctionName: !Ref Fn}}\n"
        "  AliasA:\n"
        "    Type: AWS::Lambda::Alias\n"
        "    Properties: {FunctionName: !Ref Fn, FunctionVersion: !GetAtt V1.Version, Name: live}\n"
    )
    out = tmp_path / "cdk.out"
    out.mkdir()
    new = _template(
        Fn={"Type": FUNCTION, "Properties": {"Handler": "index.handler", "Runtime": "python3.12"}},
        V1=_version(),
        AliasB=_alias("live", "V1"),
    )
    (out / "Svc.template.json").write_text(json.dumps(new))
    # WHEN
    result = _cli(
        "--deployed",
        tmp_path / "deployed.yaml",
        "--app-out",
        out,
        "--json",
        tmp_path / "f.json",
        cwd=tmp_path,
    )
    # THEN
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        line for line in result.stdout.splitlines() if line.startswith(("ERROR ", "WARNING ", "INFO "))
    ]
    assert result.stdout.startswith('ERROR Svc/AliasB: alias "live" changes logical ID AliasA -> AliasB')
    assert json.loads((tmp_path / "f.json").read_text()) == [
        {
            "severity": "ERROR",
            "stack": "Svc",
            "logical_id": "AliasB",
            "kind": "replacement-fails",
            "message": result.stdout.split(": ", 1)[1].strip(),
        }
    ]


def test_cli_clean_deploy_exits_0(tmp_path: Path) -> None:
    """Directories matched by stack name, nothing but a new version: exit 0."""
    # GIVEN two cdk.out-like folders
    for folder, key in (("old", "v1.zip"), ("new", "v2.zip")):
        (tmp_path / folder).mkdir()
        template = _template(Fn=_fn(Code={"S3Bucket": "b", "S3Key": key}))
        (tmp_path / folder / "Svc.template.json").write_text(json.dumps(template))
    # WHEN
    result = _cli("--deployed", tmp_path / "old", "--app-out", tmp_path / "new", cwd=tmp_path)
    # THEN
    assert result.returncode == 0, result.stderr
    assert result.stdout == "INFO Svc/Fn: $LATEST is updated: Code.S3Key changed\n"


APP = """\
import json, os, pathlib
out = pathlib.Path(os.environ["CDK_OUTDIR"])
out.mkdir(parents=True, exist_ok=True)
template = {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.13"}}}}
(out / "Svc.template.json").write_text(json.dumps(template))
artifact = {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Svc.template.json"}}
(out / "manifest.json").write_text(json.dumps({"artifacts": {"Svc": artifact}}))
"""


def test_cli_synthesizes_the_app_of_cdk_json(tmp_path: Path) -> None:
    """Without --app-out the app of ./cdk.json is run (CDK_OUTDIR) and its assembly compared."""
    # GIVEN an "app" that writes a cloud assembly as CDK would, and the deployed template
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "cdk.json").write_text(json.dumps({"app": f"{sys.executable} app.py"}))
    deployed = _template(Fn={"Type": FUNCTION, "Properties": {"Runtime": "python3.12"}})
    (tmp_path / "Svc.template.json").write_text(json.dumps(deployed))
    # WHEN
    result = _cli("--deployed", tmp_path / "Svc.template.json", cwd=tmp_path)
    # THEN
    assert result.returncode == 0, result.stderr
    assert "WARNING Svc/Fn: runtime changes python3.12 -> python3.13" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--app-out", "x"],
        ["--deployed", "missing.json", "--app-out", "also-missing"],
        ["--deployed", "d.json"],
    ],
    ids=["no-deployed", "missing-files", "no-app-and-no-cdk-json"],
)
def test_cli_bad_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    """Missing options, missing files, or no app to synthesize: exit 2 and nothing on stdout."""
    # GIVEN an empty folder, WHEN
    result = _cli(*args, cwd=tmp_path)
    # THEN
    assert result.returncode == 2
    assert result.stdout == ""
