"""Deploy preflight: what deploying a new template over a deployed one does to each Lambda function.

``preflight(old, new, stack=...)`` is a pure function on two template dicts. For every
``AWS::Lambda::Function`` it reports the new version (and the version-locked properties that cause it),
the resources replaced (logical ID changed, or a property that requires replacement changed), the
replacements that fail because the new resource keeps a fixed name, architecture and runtime switches,
where the logs go and for how long, and the provisioned-concurrency and autoscaling changes.

``run`` is the command line's ``preflight`` subcommand. The checks live in ``_preflight_checks``, the
template reading in ``_preflight_template``, the replacement tables in ``_preflight_rules`` and what a
check reports in ``_preflight_findings``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import _preflight_rules as rules
from ._preflight_checks import FunctionChecks
from ._preflight_findings import ERROR, INFO, WARNING, Finding
from ._preflight_template import (
    PreflightError,
    TemplateGraph,
    load_template,
    stack_name_of,
    templates_in,
)

Template = Mapping[str, Any]

# -- the rules -------------------------------------------------------------------------------------------


def preflight(old: Template, new: Template, *, stack: str) -> list[Finding]:
    """What deploying ``new`` over the deployed ``old`` does to each Lambda function of ``stack``.

    Args:
        old: The deployed template.
        new: The template about to be deployed.
        stack: The stack name, used in each finding.

    Returns:
        The findings, grouped by function in the new template's order.
    """
    before, after = TemplateGraph(old), TemplateGraph(new)
    findings: list[Finding] = []
    for old_id, new_id in _function_pairs(before, after):
        if old_id is None and new_id is not None:
            findings.append(
                Finding(
                    severity=INFO,
                    stack=stack,
                    logical_id=new_id,
                    kind="function-added",
                    message="new function, created by this deploy",
                )
            )
        elif new_id is None and old_id is not None:
            findings.append(
                Finding(
                    severity=WARNING,
                    stack=stack,
                    logical_id=old_id,
                    kind="function-removed",
                    message="function deleted by this deploy",
                )
            )
        elif old_id is not None and new_id is not None:
            findings.extend(FunctionChecks(stack, before, after, old_id, new_id).findings())
    return findings


def _function_pairs(before: TemplateGraph, after: TemplateGraph) -> list[tuple[str | None, str | None]]:
    """Old and new functions matched by logical ID, then by a fixed FunctionName, then one to one."""
    old_ids, new_ids = before.of_type(rules.FUNCTION), after.of_type(rules.FUNCTION)
    pairs: list[tuple[str | None, str | None]] = [(lid, lid) for lid in new_ids if lid in old_ids]
    gone = [lid for lid in old_ids if lid not in new_ids]
    came = [lid for lid in new_ids if lid not in old_ids]
    for new_id in list(came):
        name = after.props(new_id).get("FunctionName")
        match = next(
            (o for o in gone if name is not None and before.props(o).get("FunctionName") == name), None
        )
        if match is not None:
            pairs.append((match, new_id))
            gone.remove(match)
            came.remove(new_id)
    if len(gone) == 1 and len(came) == 1:
        pairs.append((gone.pop(), came.pop()))
    pairs.extend((None, lid) for lid in came)
    pairs.extend((lid, None) for lid in gone)
    return pairs


# -- command line ----------------------------------------------------------------------------------------


def run(deployed: Path, app_out: Path, *, json_out: Path | None = None, stacks: Sequence[str] = ()) -> int:
    """Compare the templates in ``app_out`` with the deployed ones; print one line per finding.

    Args:
        deployed: A deployed template file, or a directory of them (an earlier cdk.out).
        app_out: The new cloud assembly (or template file).
        json_out: Also write the findings here as JSON. Default: - no JSON.
        stacks: Only these stacks. Default: - every stack found in both.

    Returns:
        1 when any finding is an ERROR (the deploy would fail), else 0.

    Raises:
        PreflightError: A template cannot be read or no stack matches.
    """
    old_files, new_files = templates_in(deployed), templates_in(app_out)
    if deployed.is_file() and app_out.is_file():
        old_files = {stack_name_of(app_out): deployed}
    elif deployed.is_file() and len(new_files) == 1:
        old_files = {next(iter(new_files)): deployed}
    elif deployed.is_file() and stack_name_of(deployed) not in new_files:
        raise PreflightError(
            f"{deployed.name} matches none of the stacks in {app_out} ({', '.join(sorted(new_files))}); "
            "name the file after the stack, e.g. <StackName>.template.json"
        )
    names = [name for name in new_files if name in old_files and (not stacks or name in stacks)]
    if not names:
        raise PreflightError(
            f"no stack is in both {deployed} ({', '.join(sorted(old_files)) or 'none'}) and {app_out} "
            f"({', '.join(sorted(new_files)) or 'none'})"
        )
    findings: list[Finding] = []
    for name in names:
        findings.extend(preflight(load_template(old_files[name]), load_template(new_files[name]), stack=name))
    for finding in findings:
        print(finding.line())
    if json_out is not None:
        json_out.write_text(json.dumps([f.as_dict() for f in findings], indent=2) + "\n", encoding="utf-8")
    errors = sum(f.severity == ERROR for f in findings)
    print(f"{len(findings)} finding(s), {errors} error(s) in {len(names)} stack(s)", file=sys.stderr)
    return 1 if errors else 0
