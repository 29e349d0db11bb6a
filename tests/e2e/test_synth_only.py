"""Synth-only: clean ``cdk synth > template.yaml``, and ``python -m constructs_lambda synth --out DIR``.

The folder the command writes must pass cfn-lint and deploy with plain CloudFormation calls (an S3 upload
of ``assets/`` plus ``CreateStack``), with no CDK bootstrap stack in the account.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_lambda._synth_only import ASSET_BUCKET_PARAMETER, SynthOnlyError, package_assembly
from scripts.local_endpoint import cdk, offline_env
from tests.e2e.conftest import Endpoint, copy_reference_app
from tests.helpers import cfn_lint_findings

STACK = "Orders"
#: CloudFormation's limit for a template passed inline (TemplateBody); larger ones need an S3 URL.
TEMPLATE_BODY_MAX_BYTES = 51_200


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the reference app whose layer installs a local wheel."""
    return copy_reference_app(tmp_path_factory.mktemp("app"), tmp_path_factory.mktemp("wheels"))


@pytest.fixture(scope="module")
def no_aws_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """No credentials, no endpoint, a private bundling cache: what a CI job without AWS has."""
    return dict(offline_env(), CONSTRUCTS_LAMBDA_CACHE=str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def synth_dir(project: Path, no_aws_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder ``python -m constructs_lambda synth --out DIR`` writes for the reference app."""
    out = tmp_path_factory.mktemp("synth-only")
    result = subprocess.run(
        [sys.executable, "-m", "constructs_lambda", "synth", "--out", str(out)],
        cwd=project,
        env=no_aws_env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "aws s3 sync" in result.stdout
    return out


def template_of(out: Path) -> dict[str, Any]:
    """The synth-only template of the Orders stack."""
    data: dict[str, Any] = json.loads((out / f"{STACK}.template.json").read_text())
    return data


@pytest.mark.slow
def test_cdk_synth_stdout_is_only_the_template(
    project: Path, no_aws_env: dict[str, str], tmp_path: Path
) -> None:
    """The reference app: stdout is exactly the template."""
    # GIVEN the reference app
    stdout = cdk(["synth", STACK, "--output", str(tmp_path / "cdk.out")], cwd=project, env=no_aws_env)
    document = yaml.safe_load(stdout)  # nothing but YAML: no banner, notice or validation report
    # WHEN `cdk synth Orders > template.yaml`
    written = json.loads((tmp_path / "cdk.out" / f"{STACK}.template.json").read_text())
    # THEN stdout is exactly the template
    assert document["Resources"] == written["Resources"]  # the CLI shows it without the bootstrap rule
    assert stdout.startswith("Resources:")


@pytest.mark.slow
def test_synth_only_folder_is_bootstrap_free(synth_dir: Path) -> None:
    """The synth-only folder: no bootstrap reference remains and every asset is there."""
    # GIVEN the synth-only folder
    summary = json.loads((synth_dir / "synth-only.json").read_text())
    # WHEN read
    entry = summary["stacks"][STACK]
    # THEN no bootstrap reference remains and every asset is there
    assert entry["template"] == f"{STACK}.template.json"
    assert entry["parameters"] == [ASSET_BUCKET_PARAMETER]
    text = (synth_dir / entry["template"]).read_text()
    assert "BootstrapVersion" not in text
    assert "cdk-hnb659fds" not in text
    assert "AWS::CDK::Metadata" not in text
    assert len(entry["assets"]) == 2  # the function's code and the layer
    for asset in entry["assets"]:
        assert zipfile.is_zipfile(synth_dir / asset), asset
    assert len(text.encode()) < TEMPLATE_BODY_MAX_BYTES


@pytest.mark.slow
def test_synth_only_templates_pass_cfn_lint(synth_dir: Path) -> None:
    """The synth-only templates: it reports nothing."""
    # GIVEN the synth-only templates
    # WHEN cfn-lint checks them
    # THEN it reports nothing
    assert cfn_lint_findings(template_of(synth_dir), ["us-east-1", "eu-west-1"]) == []


@pytest.mark.slow
def test_synth_only_template_deploys_with_plain_cloudformation(synth_dir: Path, endpoint: Endpoint) -> None:
    """The folder: the stack and function exist."""
    # GIVEN the folder
    # WHEN uploaded to a bucket and passed to CreateStack
    s3, cf, lam = (endpoint.client(s) for s in ("s3", "cloudformation", "lambda"))
    # THEN the stack and function exist
    assert not [s for s in cf.describe_stacks()["Stacks"] if s["StackName"] == "CDKToolkit"]
    bucket = "orders-artifacts"
    s3.create_bucket(Bucket=bucket)
    for asset in sorted((synth_dir / "assets").iterdir()):
        s3.put_object(Bucket=bucket, Key=asset.name, Body=asset.read_bytes())

    cf.create_stack(
        StackName="OrdersSynthOnly",
        TemplateBody=(synth_dir / f"{STACK}.template.json").read_text(),
        Parameters=[{"ParameterKey": ASSET_BUCKET_PARAMETER, "ParameterValue": bucket}],
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
    )
    cf.get_waiter("stack_create_complete").wait(
        StackName="OrdersSynthOnly", WaiterConfig={"Delay": 1, "MaxAttempts": 60}
    )

    resources = cf.list_stack_resources(StackName="OrdersSynthOnly")["StackResourceSummaries"]
    template = template_of(synth_dir)
    (fn_id,) = [k for k, v in template["Resources"].items() if v["Type"] == "AWS::Lambda::Function"]
    (name,) = [r["PhysicalResourceId"] for r in resources if r["LogicalResourceId"] == fn_id]
    config = lam.get_function_configuration(FunctionName=name)
    code_key = template["Resources"][fn_id]["Properties"]["Code"]["S3Key"]
    archive = (synth_dir / "assets" / code_key).read_bytes()
    assert config["CodeSha256"] == base64.b64encode(hashlib.sha256(archive).digest()).decode()
    assert "app.py" in zipfile.ZipFile(io.BytesIO(archive)).namelist()


def test_docker_image_assets_are_refused(tmp_path: Path) -> None:
    """An assembly with a Docker image asset: a SynthOnlyError names the stack."""
    # GIVEN an assembly with a Docker image asset
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {
                "version": "55.0.0",
                "artifacts": {
                    "S.assets": {"type": "cdk:asset-manifest", "properties": {"file": "S.assets.json"}},
                    "S": {
                        "type": "aws:cloudformation:stack",
                        "properties": {"templateFile": "S.template.json"},
                        "dependencies": ["S.assets"],
                    },
                },
            }
        )
    )
    (tmp_path / "S.template.json").write_text(json.dumps({"Resources": {}}))
    # WHEN packaged
    (tmp_path / "S.assets.json").write_text(json.dumps({"files": {}, "dockerImages": {"h": {}}}))
    # THEN a SynthOnlyError names the stack
    with pytest.raises(SynthOnlyError, match="stack S uses Docker image assets"):
        package_assembly(tmp_path, tmp_path / "out")


def test_nested_stack_templates_are_rewritten_and_get_the_bucket(tmp_path: Path) -> None:
    """A function from Code.from_asset in a nested stack inside a nested stack: every template is bootstrap-free, lint clean, and AssetBucket is passed down to each nested stack."""
    from aws_cdk import App, NestedStack, Stack
    from aws_cdk import aws_lambda as lambda_

    from constructs_lambda import Function

    # GIVEN Parent > Outer (nested) > Inner (nested) > a function whose code is a local directory
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.py").write_text("def handler(event, context):\n    return event\n")
    app = App(outdir=str(tmp_path / "cdk.out"), analytics_reporting=False)
    inner = NestedStack(NestedStack(Stack(app, "Parent"), "Outer"), "Inner")
    Function(
        inner,
        "Fn",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler="index.handler",
        code=lambda_.Code.from_asset(str(tmp_path / "src")),
    )
    app.synth()
    # WHEN the assembly is packaged
    (stack,) = package_assembly(tmp_path / "cdk.out", tmp_path / "out")
    # THEN the parent passes AssetBucket to Outer, Outer to Inner, and Inner's function reads its code there
    assert stack.parameters == (ASSET_BUCKET_PARAMETER,)
    templates = {"Parent": json.loads((tmp_path / "out" / stack.template).read_text())}
    for asset in stack.assets:
        if asset.endswith(".json"):
            templates[asset] = json.loads((tmp_path / "out" / asset).read_text())
    assert len(templates) == 3
    code_keys = []
    for name, template in templates.items():
        text = json.dumps(template)
        assert "cdk-hnb659fds" not in text and "BootstrapVersion" not in text, name
        assert list(template["Parameters"]) == [ASSET_BUCKET_PARAMETER], name
        assert cfn_lint_findings(template, ["us-east-1"]) == [], name
        for resource in template["Resources"].values():
            properties = resource.get("Properties", {})
            if resource["Type"] == "AWS::CloudFormation::Stack":
                assert properties["Parameters"] == {ASSET_BUCKET_PARAMETER: {"Ref": ASSET_BUCKET_PARAMETER}}
                url = json.dumps(properties["TemplateURL"])
                assert len([k for k in templates if k.split("/")[-1] in url]) == 1
            if resource["Type"] == "AWS::Lambda::Function":
                assert properties["Code"]["S3Bucket"] == {"Ref": ASSET_BUCKET_PARAMETER}
                code_keys.append(properties["Code"]["S3Key"])
    (code_key,) = code_keys
    assert zipfile.is_zipfile(tmp_path / "out" / "assets" / code_key)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("novalue", "expects KEY=VALUE, got 'novalue'"),
        ("=value", "expects KEY=VALUE, got '=value'"),
        (
            "aws:cdk:bundling-stacks=x",
            "keys starting with 'aws:' are reserved for CDK, got 'aws:cdk:bundling-stacks'",
        ),
    ],
    ids=["novalue", "=value", "aws:cdk:bundling-stacks=x"],
)
def test_command_rejects_malformed_context(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], item: str, message: str
) -> None:
    """`-c` without a key, without `=value` or with a reserved key: it exits 2 with the reason on stderr, before running any app."""
    # GIVEN `-c` without a key, without `=value` or with a reserved key
    # WHEN the command runs
    from constructs_lambda.__main__ import main

    # THEN it exits 2 with the reason on stderr, before running any app
    assert main(["synth", "--out", str(tmp_path), "--app", "false", "-c", item]) == 2
    assert message in capsys.readouterr().err


def test_command_passes_context_values_as_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-c n=5 -c e= -c j={"a":1}`: the app gets strings, as `cdk synth -c`."""
    # GIVEN `-c n=5 -c e= -c j={"a":1}`
    import constructs_lambda.__main__ as cli

    seen: dict[str, Any] = {}

    def fake_synth_only(out: Path, *, app: str | None, context: dict[str, Any]) -> list[Any]:
        seen.update(context)
        return []

    # WHEN the command runs
    monkeypatch.setattr(cli, "synth_only", fake_synth_only)
    # THEN the app gets strings, as `cdk synth -c`
    assert (
        cli.main(["synth", "--out", str(tmp_path), "-c", "n=5", "-c", "e=", "-c", 'j={"a":1}', "-c", "k=a=b"])
        == 0
    )
    assert seen == {"n": "5", "e": "", "j": '{"a":1}', "k": "a=b"}


def test_command_reports_a_failing_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app command that fails: it exits 1 with the app's message."""
    # GIVEN an app command that fails
    from constructs_lambda.__main__ import main

    app = f"{sys.executable} -c \"import sys; sys.exit('boom from the app')\""
    # WHEN the command runs
    monkeypatch.chdir(tmp_path)
    # THEN it exits 1 with the app's message
    assert main(["synth", "--out", str(tmp_path / "out"), "--app", app]) == 1
    assert "boom from the app" in capsys.readouterr().err
