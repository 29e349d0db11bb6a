"""Command line: ``python -m constructs_lambda synth --out DIR [--app CMD] [-c key=value ...]``.

Writes each stack's CloudFormation template plus its packaged assets to ``DIR``, rewritten so they deploy
without the CDK bootstrap stack (see ``constructs_lambda._synth_only``).

``python -m constructs_lambda preflight --deployed PATH [--app-out DIR] [--json FILE]`` explains what
deploying the app's templates over the deployed ones does to each Lambda function (see
``constructs_lambda._preflight``); exit 1 when the deploy would fail.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ._preflight import run as run_preflight
from ._preflight_template import PreflightError
from ._synth_only import SynthOnlyError, app_context, format_summary, read_cdk_json, run_app, synth_only


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m constructs_lambda", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    synth = commands.add_parser(
        "synth",
        help="write bootstrap-free templates and packaged assets to a folder",
        description="Synthesize a CDK app into templates and packaged assets deployable without bootstrap.",
    )
    synth.add_argument("--out", "-o", required=True, type=Path, help="output folder")
    synth.add_argument("--app", "-a", help="app command (default: the 'app' of ./cdk.json)")
    synth.add_argument(
        "--context", "-c", action="append", default=[], metavar="KEY=VALUE", help="context value (repeatable)"
    )
    preflight = commands.add_parser(
        "preflight",
        help="explain what a deploy changes for each Lambda function",
        description="Compare the app's templates with the deployed ones; exit 1 if the deploy would fail.",
    )
    preflight.add_argument(
        "--deployed",
        required=True,
        type=Path,
        help="deployed template (JSON or YAML, from aws cloudformation get-template) or a folder of them",
    )
    preflight.add_argument(
        "--app-out", type=Path, help="the new cloud assembly or template (default: synthesize the app in cwd)"
    )
    preflight.add_argument("--json", type=Path, help="also write the findings to this file as JSON")
    preflight.add_argument("--stack", action="append", default=[], help="only this stack (repeatable)")
    return parser


def _preflight(args: argparse.Namespace) -> int:
    try:
        if args.app_out is not None:
            return run_preflight(args.deployed, args.app_out, json_out=args.json, stacks=args.stack)
        cwd = Path.cwd()
        command = read_cdk_json(cwd).get("app")
        if not command:
            print(f"error: pass --app-out or run where cdk.json names the app ({cwd})", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory(prefix="constructs-lambda-preflight-") as tmp:
            assembly = Path(tmp) / "cdk.out"
            run_app(str(command), assembly, cwd=cwd, context=app_context(cwd))
            return run_preflight(args.deployed, assembly, json_out=args.json, stacks=args.stack)
    except (PreflightError, SynthOnlyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "preflight":
        return _preflight(args)
    # As the CDK CLI reads -c (parseStringContextListToObject): split at the first "=", keep the value a
    # string, and refuse the "aws:" keys CDK reserves for itself.
    context: dict[str, str] = {}
    for item in args.context:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(f"error: --context expects KEY=VALUE, got {item!r}", file=sys.stderr)
            return 2
        if key.startswith("aws:"):
            print(
                f"error: --context keys starting with 'aws:' are reserved for CDK, got {key!r}",
                file=sys.stderr,
            )
            return 2
        context[key] = value
    try:
        stacks = synth_only(args.out, app=args.app, context=context)
    except SynthOnlyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_summary(args.out, stacks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
