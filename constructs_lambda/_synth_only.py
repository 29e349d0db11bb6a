"""Synth-only output: CloudFormation templates plus packaged assets, deployable without CDK bootstrap.

``python -m constructs_lambda synth --out DIR`` runs a CDK app the way ``cdk synth`` does (the app
command with ``CDK_OUTDIR`` and ``CDK_CONTEXT_JSON`` from ``cdk.json``), then rewrites each stack so it no
longer needs the CDK bootstrap stack:

- every reference to the bootstrap assets bucket (``{"Fn::Sub": "cdk-<qualifier>-assets-..."}``) becomes
  ``{"Ref": "AssetBucket"}``, a template parameter naming any bucket the deployer owns;
- the ``BootstrapVersion`` parameter and the ``CheckBootstrapVersion`` rule are removed;
- each file asset is written to ``DIR/assets/<object key>`` exactly as CDK would upload it (directories
  zipped reproducibly, files copied), so ``aws s3 sync DIR/assets s3://<bucket>/`` puts every object
  where the template expects it;
- nested stack templates (file assets too) are rewritten the same way before they are written there, and
  each ``AWS::CloudFormation::Stack`` whose template uses the bucket passes ``AssetBucket`` on to it.

Why a post-processing step rather than a synthesizer: ``LegacyStackSynthesizer`` and
``CliCredentialsStackSynthesizer`` must be chosen in the app's code (``App`` offers no context key for
it), still emit one parameter triple per asset (legacy) or a bootstrap bucket name (CLI credentials),
and the app the user deploys with ``cdk deploy`` would then differ from the one they hand over. This keeps
one app for both ways of use. Docker image assets (ECR) are not supported and fail with a clear error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._archive import write_zip
from ._errors import ConstructsLambdaError

#: Name of the template parameter that replaces the CDK bootstrap assets bucket.
ASSET_BUCKET_PARAMETER = "AssetBucket"
#: What DefaultStackSynthesizer adds to every template to check the bootstrap stack's version.
_BOOTSTRAP_PARAMETER = "BootstrapVersion"
_BOOTSTRAP_RULE = "CheckBootstrapVersion"
#: How CDK names nested stack templates in the assembly, and the resource that deploys one.
_NESTED_TEMPLATE_SUFFIX = ".nested.template.json"
_NESTED_STACK_TYPE = "AWS::CloudFormation::Stack"
_BUCKET_REF = json.dumps({"Ref": ASSET_BUCKET_PARAMETER})
_BUCKET_PARAMETER: Mapping[str, str] = {
    "Type": "String",
    "Description": "S3 bucket holding this template's assets (upload the assets/ folder to its root)",
}
#: The summary file written next to the templates.
SUMMARY_FILE = "synth-only.json"
#: Context the CLI would add; version reporting is off so templates carry no AWS::CDK::Metadata.
_CLI_CONTEXT: Mapping[str, Any] = {
    "aws:cdk:bundling-stacks": ["**"],
    "aws:cdk:version-reporting": False,
}


class SynthOnlyError(ConstructsLambdaError):
    """The app failed to synthesize or its assembly cannot be made bootstrap-free."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SynthOnlyStack:
    """One stack of the synth-only output.

    Args:
        name: The CloudFormation stack name.
        template: The template file, relative to the output directory.
        assets: Asset files (relative to the output directory) the template expects in ``AssetBucket``
            under their file name. Default: - none.
        parameters: Parameter names of the template (``AssetBucket`` among them when there are assets).
            Default: - none.
    """

    name: str
    template: str
    assets: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()


def read_cdk_json(cwd: Path) -> dict[str, Any]:
    """``cdk.json`` of ``cwd`` (empty when there is none)."""
    path = cwd / "cdk.json"
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def app_context(cwd: Path, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The context ``cdk synth`` would pass: cdk.json's, then cdk.context.json's, then ``extra``."""
    context: dict[str, Any] = dict(_CLI_CONTEXT)
    context.update(read_cdk_json(cwd).get("context", {}))
    cached = cwd / "cdk.context.json"
    if cached.is_file():
        context.update(json.loads(cached.read_text()))
    context.update(extra or {})
    return context


def run_app(app: str, assembly_dir: Path, *, cwd: Path, context: Mapping[str, Any]) -> None:
    """Run the app command (through the shell, as the CDK CLI does) writing its assembly to ``assembly_dir``.

    Raises:
        SynthOnlyError: The app exited with an error or wrote no cloud assembly.
    """
    env = dict(os.environ)
    env["CDK_OUTDIR"] = str(assembly_dir)
    env["CDK_CONTEXT_JSON"] = json.dumps(dict(context))
    result = subprocess.run(app, shell=True, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (assembly_dir / "manifest.json").is_file():
        output = result.stderr.strip() or result.stdout.strip()
        raise SynthOnlyError(f"the app {app!r} failed (exit {result.returncode}):\n{output}")


def package_assembly(assembly_dir: Path, out: Path) -> list[SynthOnlyStack]:
    """Write every stack of a cloud assembly to ``out`` without bootstrap references, assets beside them.

    Raises:
        SynthOnlyError: A stack uses Docker image assets or refers to the bootstrap stack in a way this
            command cannot rewrite.
    """
    out.mkdir(parents=True, exist_ok=True)
    stacks: list[SynthOnlyStack] = []
    for directory, artifact in _stack_artifacts(assembly_dir):
        stacks.append(_package_stack(directory, artifact, out))
    if not stacks:
        raise SynthOnlyError(f"the cloud assembly in {assembly_dir} holds no stacks")
    summary = {
        "stacks": {
            s.name: {"template": s.template, "assets": list(s.assets), "parameters": list(s.parameters)}
            for s in stacks
        }
    }
    (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return stacks


def synth_only(
    out: Path,
    *,
    app: str | None = None,
    cwd: Path | None = None,
    context: Mapping[str, Any] | None = None,
) -> list[SynthOnlyStack]:
    """Synthesize the app in ``cwd`` and write bootstrap-free templates and packaged assets to ``out``.

    Args:
        out: Output directory (created; files of the same names are replaced).
        app: The app command. Default: - ``"app"`` of ``cwd/cdk.json``.
        cwd: Directory the app runs in. Default: - the current directory.
        context: Context values on top of cdk.json's (like ``cdk synth -c``). Default: - none.

    Returns:
        The stacks written, in assembly order.

    Raises:
        SynthOnlyError: No app command, the app failed, or an assembly cannot be made bootstrap-free.
    """
    work_dir = (cwd or Path.cwd()).resolve()
    command = app or read_cdk_json(work_dir).get("app")
    if not command:
        raise SynthOnlyError(f"no app command: pass --app or run where cdk.json names one ({work_dir})")
    with tempfile.TemporaryDirectory(prefix="constructs-lambda-synth-") as tmp:
        assembly = Path(tmp) / "cdk.out"
        run_app(str(command), assembly, cwd=work_dir, context=app_context(work_dir, context))
        return package_assembly(assembly, out.resolve())


# --- internals -----------------------------------------------------------------------------------------


def _stack_artifacts(assembly_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Stack artifacts of an assembly and of the nested assemblies of its stages, in manifest order."""
    manifest = json.loads((assembly_dir / "manifest.json").read_text())
    found: list[tuple[Path, dict[str, Any]]] = []
    for artifact_id, artifact in manifest.get("artifacts", {}).items():
        kind = artifact.get("type")
        if kind == "aws:cloudformation:stack":
            found.append((assembly_dir, {"id": artifact_id, **artifact}))
        elif kind == "cdk:cloud-assembly":
            found += _stack_artifacts(assembly_dir / artifact["properties"]["directoryName"])
    return found


def _asset_manifest(directory: Path, artifact: dict[str, Any]) -> dict[str, Any]:
    for dependency in artifact.get("dependencies", []) + artifact.get("properties", {}).get(
        "additionalDependencies", []
    ):
        path = directory / f"{dependency}.json"
        if dependency.endswith(".assets") and path.is_file():
            data: dict[str, Any] = json.loads(path.read_text())
            return data
    return {"files": {}, "dockerImages": {}}


def _package_stack(directory: Path, artifact: dict[str, Any], out: Path) -> SynthOnlyStack:
    properties = artifact["properties"]
    name = properties.get("stackName", artifact["id"])
    template_file = properties["templateFile"]
    template: dict[str, Any] = json.loads((directory / template_file).read_text())
    manifest = _asset_manifest(directory, artifact)
    if manifest.get("dockerImages"):
        raise SynthOnlyError(f"stack {name} uses Docker image assets (ECR); only file assets are supported")

    bucket_refs: set[str] = set()
    assets: list[str] = []
    nested: dict[str, Path] = {}  # object key -> nested stack template, rewritten with its parent
    for asset in manifest.get("files", {}).values():
        source = asset["source"]
        if source.get("path") == template_file:
            continue  # the template itself: written below
        for destination in asset["destinations"].values():
            bucket_refs.add(destination["bucketName"])
            key = destination["objectKey"]
            assets.append(f"assets/{key}")
            if source["path"].endswith(_NESTED_TEMPLATE_SUFFIX):
                nested[key] = directory / source["path"]
            else:
                _write_asset(
                    directory / source["path"], source.get("packaging", "file"), out / "assets" / key
                )

    rewritten = _Rewriter(bucket_refs, nested, out / "assets").rewrite(template, f"stack {name}")
    target = f"{name}.template.json"
    (out / target).write_text(json.dumps(rewritten, indent=1) + "\n")
    return SynthOnlyStack(
        name=name,
        template=target,
        assets=tuple(sorted(set(assets))),
        parameters=tuple(sorted(rewritten.get("Parameters", {}))),
    )


@dataclass(slots=True)
class _Rewriter:
    """Makes a stack's template bootstrap-free, writing its nested stack templates to ``assets``."""

    bucket_refs: set[str]
    nested: Mapping[str, Path]  # object key -> nested template in the assembly
    assets: Path
    takes_bucket: dict[str, bool] = field(default_factory=dict)  # object key -> declares AssetBucket

    def rewrite(self, template: dict[str, Any], name: str) -> dict[str, Any]:
        """``template`` without bootstrap references; ``AssetBucket`` declared when used, passed to nested."""
        result = _without_bootstrap(template, self.bucket_refs, name)
        for resource in result.get("Resources", {}).values():
            if resource.get("Type") == _NESTED_STACK_TYPE and self._nested_takes_bucket(resource):
                parameters = resource.setdefault("Properties", {}).setdefault("Parameters", {})
                parameters[ASSET_BUCKET_PARAMETER] = {"Ref": ASSET_BUCKET_PARAMETER}
        if _BUCKET_REF in json.dumps(result):
            result.setdefault("Parameters", {})[ASSET_BUCKET_PARAMETER] = dict(_BUCKET_PARAMETER)
        text = json.dumps(result)
        leftovers = sorted(b.split("$", 1)[0] for b in self.bucket_refs if b.split("$", 1)[0] in text)
        if leftovers:
            raise SynthOnlyError(
                f"{name} still refers to the bootstrap bucket {leftovers[0]!r} in a form synth-only cannot "
                "rewrite"
            )
        return result

    def _nested_takes_bucket(self, resource: dict[str, Any]) -> bool:
        """Write the nested template ``resource`` deploys (once); whether it declares ``AssetBucket``."""
        url = json.dumps(resource.get("Properties", {}).get("TemplateURL"))
        key = next((k for k in self.nested if f"/{k}" in url), None)
        if key is None:
            return False  # a template URL of the user's own, not a CDK asset
        if key not in self.takes_bucket:
            source = self.nested[key]
            nested = self.rewrite(json.loads(source.read_text()), f"nested stack template {source.name}")
            self.takes_bucket[key] = ASSET_BUCKET_PARAMETER in nested.get("Parameters", {})
            self.assets.mkdir(parents=True, exist_ok=True)
            (self.assets / key).write_text(json.dumps(nested, indent=1) + "\n")
        return self.takes_bucket[key]


def _without_bootstrap(template: dict[str, Any], bucket_refs: set[str], name: str) -> dict[str, Any]:
    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            if len(node) == 1 and node.get("Fn::Sub") in bucket_refs:
                return {"Ref": ASSET_BUCKET_PARAMETER}
            return {k: rewrite(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        if isinstance(node, str) and node in bucket_refs:
            return {"Ref": ASSET_BUCKET_PARAMETER}
        return node

    result: dict[str, Any] = rewrite(template)
    parameters = result.get("Parameters", {})
    parameters.pop(_BOOTSTRAP_PARAMETER, None)
    if not parameters:
        result.pop("Parameters", None)
    rules = result.get("Rules", {})
    rules.pop(_BOOTSTRAP_RULE, None)
    if not rules:
        result.pop("Rules", None)
    if _BOOTSTRAP_PARAMETER in json.dumps(result):
        raise SynthOnlyError(f"{name} uses the {_BOOTSTRAP_PARAMETER} parameter beyond CDK's own rule")
    return result


def _write_asset(source: Path, packaging: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if packaging == "zip" and source.is_dir():
        write_zip(source, target)
    elif source.is_file():
        shutil.copyfile(source, target)
    else:
        raise SynthOnlyError(f"asset {source} (packaging {packaging!r}) cannot be packaged")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file (for the summary printed by the command)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def format_summary(out: Path, stacks: Sequence[SynthOnlyStack]) -> str:
    """What was written and how to deploy it, for the terminal."""
    lines = [f"Wrote {len(stacks)} stack(s) to {out}:"]
    for stack in stacks:
        lines.append(f"  {stack.template}  (parameters: {', '.join(stack.parameters) or 'none'})")
        lines += [f"    {asset}  sha256 {sha256_of(out / asset)[:16]}..." for asset in stack.assets]
    lines += [
        "Deploy without CDK bootstrap:",
        f"  aws s3 sync {out}/assets s3://<your-bucket>/",
        f"  aws cloudformation deploy --template-file {out}/<Stack>.template.json --stack-name <Stack> \\",
        f"    --parameter-overrides {ASSET_BUCKET_PARAMETER}=<your-bucket> \\",
        "    --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM",
    ]
    return "\n".join(lines)
