"""written_templates: the stacks read from the cloud assembly are exactly those a walk of the tree finds."""

from __future__ import annotations

from typing import Any, cast

import jsii
import pytest
from aws_cdk import (
    App,
    CfnElement,
    IPolicyValidationContext,
    IPolicyValidationPlugin,
    NestedStack,
    PolicyValidationPluginReport,
    Stack,
    Stage,
    Validations,
)
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lambda._plugins import (
    WrittenTemplate,
    _from_assembly,
    _from_construct_tree,
    written_templates,
)
from tests.conftest import project_context

Found = list[tuple[str, str, str]]  # (construct path, template path, the stack's own path)


@jsii.implements(IPolicyValidationPlugin)
class _Recorder:
    """Runs both ways of finding the templates at synthesis, and the logical-ID walk of each stack."""

    def __init__(self, stage: Stage) -> None:
        self._stage = stage
        self.by_assembly: list[WrittenTemplate] | None = None
        self.by_tree: list[WrittenTemplate] = []
        self.chosen: list[WrittenTemplate] = []
        self.walked: dict[str, dict[str, str]] = {}
        self.shared: list[WrittenTemplate] = []

    @property
    def name(self) -> str:
        return "recorder"

    @property
    def rule_ids(self) -> list[str]:
        return ["recorder"]

    @property
    def version(self) -> str:
        return "1"

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        entries = [(entry.stack_construct_path, entry.template_path) for entry in context.stack_templates]
        self.by_assembly = _from_assembly(self._stage, entries, {})
        self.by_tree = _from_construct_tree(self._stage, entries)
        self.chosen = written_templates(context, self._stage)
        # A second plugin of the same synthesis gets the same templates without asking CDK again.
        if self.by_assembly is not None:
            self.shared = written_templates(cast(IPolicyValidationContext, _Unused()), self._stage)
        for written in self.by_tree:
            self.walked[written.construct_path] = _walk(written.stack)
        return PolicyValidationPluginReport(success=True, violations=[])


class _Unused:
    """A validation context whose templates must not be read."""

    @property
    def stack_templates(self) -> Any:
        raise AssertionError("read the context again within one synthesis")


def _walk(stack: Stack) -> dict[str, str]:
    """Logical ID -> construct path of the stack's own CloudFormation elements, read through jsii."""
    return {
        str(stack.resolve(element.logical_id)): element.node.path
        for element in stack.node.find_all()
        if isinstance(element, CfnElement) and element.stack.node.path == stack.node.path
    }


def _found(templates: list[WrittenTemplate]) -> Found:
    return [(t.construct_path, t.template_path, t.stack.node.path) for t in templates]


def _queue_stack(scope: Construct, id: str, nested: bool = False) -> Stack:
    stack = NestedStack(scope, id) if nested else Stack(scope, id)
    sqs.Queue(stack, "Queue")
    return stack


def _synth(build: Any, context: dict[str, Any] | None = None) -> _Recorder:
    app = App(context={**project_context(), **(context or {})})
    build(app)
    recorder = _Recorder(app)
    Validations.of(app).add_plugins(recorder)
    app.synth()
    return recorder


def _siblings(app: App) -> None:
    first = _queue_stack(app, "First")
    _queue_stack(first, "NestedA", nested=True)
    _queue_stack(Construct(first, "Group"), "NestedB", nested=True)  # deeper: found by the tree
    second = _queue_stack(app, "Second")
    _queue_stack(second, "Inner", nested=True)


def _one_depth(app: App) -> None:
    stack = _queue_stack(app, "Orders")
    _queue_stack(stack, "A", nested=True)
    _queue_stack(stack, "B", nested=True)
    stage = Stage(app, "Prod")
    _queue_stack(stage, "Billing")


def _nested_in_nested(app: App) -> None:
    stack = _queue_stack(app, "Orders")
    _queue_stack(_queue_stack(stack, "Outer", nested=True), "Inner", nested=True)


@pytest.mark.parametrize(
    ("build", "from_assembly"),
    [(_one_depth, True), (_siblings, False), (_nested_in_nested, False)],
    ids=["nested-stacks-of-one-depth-and-a-stage", "nested-stacks-in-two-stacks", "nested-in-nested"],
)
@pytest.mark.parametrize(
    "context",
    [{}, {"aws:cdk:disable-logicalId-metadata": True}],
    ids=["logical-id-metadata", "no-logical-id-metadata"],
)
def test_written_templates_from_the_assembly_match_the_construct_tree(
    build: Any, from_assembly: bool, context: dict[str, Any]
) -> None:
    """Same templates, stacks and order; where the assembly cannot tell the order, the tree decides."""
    # GIVEN an app with top-level and nested stacks
    # WHEN it is synthesized
    recorder = _synth(build, context)
    # THEN the assembly gives what the tree gives, or nothing where it cannot tell the tree's order
    assert recorder.by_tree, "the plugin ran"
    if from_assembly:
        assert recorder.by_assembly is not None
        assert _found(recorder.by_assembly) == _found(recorder.by_tree)
        assert _found(recorder.shared) == _found(recorder.by_tree)
    else:
        assert recorder.by_assembly is None
    assert _found(recorder.chosen) == _found(recorder.by_tree)


@pytest.mark.parametrize(
    ("context", "recorded"),
    [({}, True), ({"aws:cdk:disable-logicalId-metadata": True}, False)],
    ids=["logical-id-metadata", "no-logical-id-metadata"],
)
def test_recorded_paths_are_each_stacks_own_elements(context: dict[str, Any], recorded: bool) -> None:
    """Each template's logical IDs map to the construct paths jsii reports, nested stacks' apart."""
    # GIVEN a stack and two nested stacks, all with a queue of the same ID (same logical ID in each)
    # WHEN it is synthesized
    recorder = _synth(_one_depth, context)
    # THEN the recorded paths are the walk's, per stack; none when the app disabled that metadata
    assert recorder.by_assembly is not None
    for written in recorder.by_assembly:
        expected = recorder.walked[written.construct_path] if recorded else {}
        assert dict(written.recorded_paths) == expected, written.construct_path


def test_a_second_synthesis_finds_the_stacks_added_since() -> None:
    """The templates shared by the plugins of one synthesis are not reused by the next one."""
    # GIVEN an app synthesized once
    app = App(context=project_context())
    stack = _queue_stack(app, "Orders")
    recorder = _Recorder(app)
    Validations.of(app).add_plugins(recorder)
    app.synth()
    assert [t.construct_path for t in recorder.chosen] == ["Orders"]
    # WHEN a nested stack and a queue are added and the app is synthesized again
    _queue_stack(stack, "Added", nested=True)
    sqs.Queue(stack, "Second")
    app.synth(force=True)
    # THEN the plugins see the new template and the new logical ID
    assert _found(recorder.chosen) == _found(recorder.by_tree)
    assert [t.construct_path for t in recorder.chosen] == ["Orders", "Orders/Added"]
    assert dict(recorder.chosen[0].recorded_paths) == recorder.walked["Orders"]
