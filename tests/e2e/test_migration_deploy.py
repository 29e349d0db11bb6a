"""Migration end to end: deploy the L2 stack, then the same stack on constructs_lambda, on the local endpoint.

The path is ``fn.add_alias("live")`` with the project's feature flags (``useCdkManagedLogGroup`` on), from
``integ/migration_paths.py``: the old app is ``lambda_.Function`` + ``add_alias``, the new one
``cl.Function`` + ``add_alias`` with the L2's architecture, memory, timeout, tracing and log format. Between
the deploys the test writes an event into the function's log group, as a running function would.

moto (``scripts/local_endpoint.py``) really creates and updates the function, its role, policies and log
group, so those are checked through the AWS SDK: same function name and ARN, same log group with its event
and a retention no shorter. It accepts ``AWS::Lambda::Alias`` without modelling it, so the alias is checked
in the stack's resources as CloudFormation records them (same logical ID, same physical ID) and, for every
path, at template level in ``tests/unit/test_migration.py``.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from scripts.local_endpoint import ACCOUNT, CDK_DEPLOY_FLAGS, REGION, ROOT, cdk
from tests.conftest import project_context
from tests.e2e.conftest import Endpoint

pytestmark = pytest.mark.slow

STACK = "MigrateAddAlias"
APP = f"""\
import sys

from aws_cdk import App, Stack

sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "integ")!r}]
from migration_paths import PATHS  # noqa: E402

app = App()
old, new = PATHS[{STACK!r}]
(new if app.node.try_get_context("side") == "new" else old)(Stack(app, {STACK!r}))
app.synth()
"""
EVENT = "request served before the migration"


class Migration:
    """What the endpoint held before and after the switch."""

    before: dict[str, Any]
    after: dict[str, Any]


def snapshot(endpoint: Endpoint) -> dict[str, Any]:
    """The stack's resources, the function's configuration and its log group as the endpoint holds them."""
    cf, lam, logs = (endpoint.client(s) for s in ("cloudformation", "lambda", "logs"))
    resources = {
        r["LogicalResourceId"]: (r["ResourceType"], r.get("PhysicalResourceId", ""))
        for r in cf.list_stack_resources(StackName=STACK)["StackResourceSummaries"]
    }
    (function_name,) = [p for t, p in resources.values() if t == "AWS::Lambda::Function"]
    (group_name,) = [p for t, p in resources.values() if t == "AWS::Logs::LogGroup"]
    groups = logs.describe_log_groups(logGroupNamePrefix=group_name)["logGroups"]
    return {
        "resources": resources,
        "template": cf.get_template(StackName=STACK)["TemplateBody"],
        "function": lam.get_function_configuration(FunctionName=function_name),
        "group_name": group_name,
        "groups": groups,
        "events": [e["message"] for e in logs.filter_log_events(logGroupName=group_name).get("events", [])],
    }


@pytest.fixture(scope="module")
def migration(endpoint: Endpoint, tmp_path_factory: pytest.TempPathFactory) -> Migration:
    """Bootstrap; deploy the old app; log an event; deploy the new app."""
    project = tmp_path_factory.mktemp("migrate")
    (project / "app.py").write_text(APP)
    (project / "cdk.json").write_text(
        json.dumps({"app": "python app.py", "versionReporting": False, "context": project_context()})
    )
    env = dict(endpoint.env, CONSTRUCTS_LAMBDA_CACHE=str(tmp_path_factory.mktemp("cache")))
    cdk(["bootstrap", f"aws://{ACCOUNT}/{REGION}"], cwd=project, env=env)
    m = Migration()

    cdk(["deploy", STACK, *CDK_DEPLOY_FLAGS, "--context", "side=old"], cwd=project, env=env)
    group_name = snapshot(endpoint)["group_name"]
    logs = endpoint.client("logs")
    logs.create_log_stream(logGroupName=group_name, logStreamName="2026/12/03/[$LATEST]before")
    logs.put_log_events(
        logGroupName=group_name,
        logStreamName="2026/12/03/[$LATEST]before",
        # Now: CloudWatch Logs rejects events older than 14 days.
        logEvents=[{"timestamp": int(time.time() * 1000), "message": EVENT}],
    )
    m.before = snapshot(endpoint)

    cdk(["deploy", STACK, *CDK_DEPLOY_FLAGS, "--context", "side=new"], cwd=project, env=env)
    m.after = snapshot(endpoint)
    return m


def test_function_keeps_its_name_and_arn(migration: Migration) -> None:
    """GIVEN the L2 stack switched to cl.Function WHEN the SDK reads the function THEN same name and ARN."""
    # GIVEN / WHEN
    before, after = migration.before["function"], migration.after["function"]
    # THEN
    assert after["FunctionName"] == before["FunctionName"]
    assert after["FunctionArn"] == before["FunctionArn"]


def test_log_group_and_its_events_are_kept(migration: Migration) -> None:
    """GIVEN an event in the L2's log group WHEN the new app is deployed THEN the group, its event and at least
    its retention are still there."""
    # GIVEN / WHEN
    before, after = migration.before, migration.after
    # THEN
    assert after["group_name"] == before["group_name"]
    assert after["group_name"] == f"/aws/lambda/{before['function']['FunctionName']}"
    assert EVENT in before["events"]
    assert EVENT in after["events"]
    (group_before,) = before["groups"]
    (group_after,) = after["groups"]
    assert group_after["retentionInDays"] >= group_before["retentionInDays"] == 731


def test_no_resource_is_replaced(migration: Migration) -> None:
    """GIVEN the stack's resources before and after THEN every resource but the version keeps its logical
    and physical ID: the alias (which moto does not model) included; the new ones are the library's."""
    # GIVEN
    before, after = migration.before["resources"], migration.after["resources"]
    # THEN
    for logical_id, (kind, physical) in before.items():
        if kind == "AWS::Lambda::Version":
            continue  # a new configuration publishes a new version
        assert after.get(logical_id) == (kind, physical), logical_id
    added = sorted(kind for lid, (kind, _) in after.items() if lid not in before)
    # The library's LogPolicy (no default policy: tracing is off, as in the L2) and the new version.
    assert added == ["AWS::IAM::Policy", "AWS::Lambda::Version"]


def test_alias_is_the_same_resource_in_the_deployed_template(migration: Migration) -> None:
    """GIVEN the templates CloudFormation holds THEN one alias 'live', with the same logical ID, on the
    same function."""
    # GIVEN
    templates = (migration.before["template"], migration.after["template"])
    # THEN
    aliases = [
        {lid: r["Properties"] for lid, r in t["Resources"].items() if r["Type"] == "AWS::Lambda::Alias"}
        for t in templates
    ]
    assert list(aliases[0]) == list(aliases[1]) == ["ApiAliasliveBDAF1AD8"]
    assert aliases[1]["ApiAliasliveBDAF1AD8"]["Name"] == "live"
    assert aliases[1]["ApiAliasliveBDAF1AD8"]["FunctionName"] == {"Ref": "ApiF70053CD"}
