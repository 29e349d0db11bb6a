"""Command line: ``python -m constructs_lambda synth --out DIR [--app CMD] [-c key=value ...]``.

Writes each stack's CloudFormation template plus its packaged assets to ``DIR``, rewritten so they deploy
without the CDK bootstrap stack (see ``constructs_lambda._synth_only``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ._synth_only import SynthOnlyError, format_summary, synth_only


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
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
