"""Fleet placement, per-shard resource budgets and the CloudFormation template-limit check."""

from __future__ import annotations

import collections
from typing import Any, cast

import pytest
from aws_cdk import App, CfnOutput, CfnParameter, CfnWaitConditionHandle, NestedStack, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from constructs_lambda import ValidationError
from constructs_lambda._fleet import Fleet
from constructs_lambda._limits import (
    TEMPLATE_MAPPINGS_MAX_COUNT,
    TEMPLATE_MAX_BYTES,
    TEMPLATE_OUTPUTS_MAX_COUNT,
    TEMPLATE_PARAMETERS_MAX_COUNT,
    TEMPLATE_RESOURCES_MAX_COUNT,
)
from constructs_lambda._template_limits import (
    StackBudget,
    _resources_under,
    budget_for,
    enforce_template_limits,
    template_findings,
)
from tests.helpers import assert_cfn_lint_clean, function_props, make_function, template_of

RUNTIME = lambda_.Runtime.PYTHON_3_14
NESTED = "AWS::CloudFormation::Stack"
FUNCTION = "AWS::Lambda::Function"


def _ids(count: int) -> list[str]:
    return [f"Fn{i}" for i in range(count)]


# -- placement ----------------------------------------------------------------------------------------


def test_placement_does_not_move_functions_when_others_are_added(stack: Stack) -> None:
    """Adding functions (in any order) leaves every existing function in its shard."""
    # GIVEN a fleet of 8 shards holding 200 functions
    before = Fleet(stack, "Before", shards=8)
    placed = {fid: before.shard_index(fid) for fid in _ids(200)}
    # WHEN 100 more are defined, first, in another fleet with the same shard count
    after = Fleet(stack, "After", shards=8)
    for fid in reversed(_ids(300)):
        after.scope_for(fid)
    # THEN the first 200 sit where they were
    assert {fid: after.placement[fid] for fid in placed} == placed


def test_raising_the_shard_count_moves_only_functions_into_the_new_shard(stack: Stack) -> None:
    """Going from 10 to 11 shards moves about 1/11 of the functions, all into shard 10."""
    # GIVEN 1000 functions hashed into 10 shards
    ten, eleven = Fleet(stack, "Ten", shards=10), Fleet(stack, "Eleven", shards=11)
    # WHEN the count becomes 11
    moved = {
        fid: eleven.shard_index(fid) for fid in _ids(1000) if ten.shard_index(fid) != eleven.shard_index(fid)
    }
    # THEN only functions whose new shard is 10 moved, about 1000/11 of them
    assert set(moved.values()) == {10}
    assert 60 <= len(moved) <= 125


def test_placement_spreads_a_thousand_functions_over_the_recommended_shards(stack: Stack) -> None:
    """At the recommended count, the fullest shard of 1000 functions stays below 50 functions (500 resources)."""
    # GIVEN the recommended shard count for 1000 functions of 10 resources
    shards = Fleet.recommended_shards(1000)
    fleet = Fleet(stack, "Fleet", shards=shards)
    # WHEN 1000 functions are placed
    counts = collections.Counter(fleet.shard_index(fid) for fid in _ids(1000))
    # THEN every shard is used and none exceeds 500 // 10 functions
    assert shards == 37
    assert len(counts) == shards
    assert max(counts.values()) <= TEMPLATE_RESOURCES_MAX_COUNT // 10


@pytest.mark.parametrize(
    ("functions", "shards"),
    [(1, 1), (50, 1), (51, 2), (1000, 37), (12276, 500)],
    ids=["1", "50", "51", "1000", "12276"],
)
def test_recommended_shards(functions: int, shards: int) -> None:
    """One shard while 10-resource functions fit in 500; beyond, enough that overflow risk is <= 1/1000."""
    # GIVEN / WHEN / THEN
    assert Fleet.recommended_shards(functions) == shards


def test_recommended_shards_fails_beyond_500_shards() -> None:
    """12277 functions of 10 resources would need 501 shards, more than a fleet holds."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=r"^functions must fit in at most 500 shards .*, got 12277$"):
        Fleet.recommended_shards(12277)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"functions": 1},
        {"functions": 1.0},
        {"functions": 10, "resources_per_function": 1},
        {"functions": 10, "resources_per_function": TEMPLATE_RESOURCES_MAX_COUNT},
        {"functions": 10, "max_resources_per_shard": 10},
        {"functions": 10, "max_resources_per_shard": TEMPLATE_RESOURCES_MAX_COUNT},
        {"functions": 10, "overflow_risk": 1e-12},
        {"functions": 10, "overflow_risk": 1.0},
    ],
    ids=[
        "functions=1",
        "functions=1.0",
        "functions=10,resources_per_function=1",
        "functions=10,resources_per_function",
        "functions=10,max_resources_per_shard=10",
        "functions=10,max_resources_per_shard",
        "functions=10,overflow_risk=1e-12",
        "functions=10,overflow_risk=1.0",
    ],
)
def test_recommended_shards_accepts_arguments_at_the_limits(kwargs: dict[str, Any]) -> None:
    """Each argument at the edge of its range gives a whole shard count."""
    # GIVEN / WHEN / THEN
    assert type(Fleet.recommended_shards(**kwargs)) is int


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"functions": 0}, r"^functions must be at least 1, got 0$"),
        ({"functions": 1.5}, r"^functions must be a whole number at least 1, got 1.5$"),
        ({"functions": True}, r"^functions must be a whole number at least 1, got True$"),
        (
            {"functions": 10, "resources_per_function": 0},
            r"^resources_per_function must be between 1 and 500, got 0$",
        ),
        (
            {"functions": 10, "resources_per_function": TEMPLATE_RESOURCES_MAX_COUNT + 1},
            r"^resources_per_function must be between 1 and 500, got 501$",
        ),
        (
            {"functions": 10, "max_resources_per_shard": 0},
            r"^max_resources_per_shard must be between 1 and 500, got 0$",
        ),
        (
            {"functions": 10, "max_resources_per_shard": TEMPLATE_RESOURCES_MAX_COUNT + 1},
            r"^max_resources_per_shard must be between 1 and 500, got 501$",
        ),
        (
            {"functions": 10, "max_resources_per_shard": 9},
            r"^resources_per_function must be at most max_resources_per_shard \(9\).*, got 10$",
        ),
        ({"functions": 10, "overflow_risk": 0}, r"^overflow_risk must be between 1e-12 and 1, got 0$"),
        ({"functions": 10, "overflow_risk": 1.01}, r"^overflow_risk must be between 1e-12 and 1, got 1.01$"),
    ],
    ids=[
        "functions=0",
        "functions=1.5",
        "functions=True",
        "functions=10,resources_per_function=0",
        "functions=10,resources_per_function",
        "functions=10,max_resources_per_shard=0",
        "functions=10,max_resources_per_shard",
        "functions=10,max_resources_per_shard=9",
        "functions=10,overflow_risk=0",
        "functions=10,overflow_risk=1.01",
    ],
)
def test_recommended_shards_rejects_arguments_out_of_range(kwargs: dict[str, Any], message: str) -> None:
    """Each argument just outside its range raises, naming it and the allowed range."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=message):
        Fleet.recommended_shards(**kwargs)


def test_recommended_shards_keeps_the_overflow_risk_below_the_bound() -> None:
    """For 1000 functions the chosen count meets the risk bound and one shard fewer does not."""
    # GIVEN
    from constructs_lambda._fleet import DEFAULT_OVERFLOW_RISK, _overflow_risk

    # WHEN
    shards = Fleet.recommended_shards(1000)
    # THEN
    assert _overflow_risk(1000, shards, 50) <= DEFAULT_OVERFLOW_RISK < _overflow_risk(1000, shards - 1, 50)


def test_add_function_places_functions_in_nested_shards(app: App, stack: Stack) -> None:
    """Functions land in nested stacks named Shard<i>, created only when used, and lint clean."""
    # GIVEN a fleet of 3 shards
    fleet = Fleet(stack, "Fleet", shards=3)
    # WHEN 4 functions are added, one pinned to shard 2
    for fid in ("Orders", "Payments", "Users"):
        fleet.add_function(fid, **function_props())
    fleet.add_function("Pinned", shard=2, **function_props())
    # THEN the parent holds one nested stack per used shard and each shard holds its functions
    used = sorted(set(fleet.placement.values()))
    assert list(fleet.shards) == used
    assert fleet.placement["Pinned"] == 2
    template_of(stack).resource_count_is(NESTED, len(used))
    for index, shard in fleet.shards.items():
        assert shard.node.id == f"Shard{index}"
        Template.from_stack(shard).resource_count_is(FUNCTION, fleet.functions_per_shard()[index])
        assert_cfn_lint_clean(shard)
    assert_cfn_lint_clean(stack)


def test_top_level_shards_are_separate_stacks(app: App) -> None:
    """With nested=False the shards are stacks of the app, each its own artifact."""
    # GIVEN a fleet directly in the app
    fleet = Fleet(app, "Fleet", shards=2, nested=False)
    # WHEN a function is added
    fn = fleet.add_function("Api", **function_props())
    # THEN its stack is a top-level stack in the cloud assembly
    stack = Stack.of(fn)
    assert not isinstance(stack, NestedStack)
    assert stack.node.path == f"Fleet/Shard{fleet.placement['Api']}"
    assert app.synth().get_stack_artifact(stack.artifact_id).template["Resources"]


# -- argument validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shards", [1, 2.0, TEMPLATE_RESOURCES_MAX_COUNT], ids=["1", "2.0", "TEMPLATE_RESOURCES_MAX_COUNT"]
)
def test_accepts_shard_counts_at_the_limits(stack: Stack, shards: int) -> None:
    """1 and 500 shards are allowed; a whole float becomes an int."""
    # GIVEN / WHEN
    fleet = Fleet(stack, "Fleet", shards=shards)
    # THEN
    assert fleet.shard_count == shards
    assert type(fleet.shard_count) is int


@pytest.mark.parametrize(
    ("shards", "rule"),
    [(0, ""), (TEMPLATE_RESOURCES_MAX_COUNT + 1, ""), (2.5, "a whole number "), (True, "a whole number ")],
    ids=["0", "TEMPLATE_RESOURCES_MAX_COUNT+1", "2.5", "True"],
)
def test_fails_when_shard_count_is_out_of_range(stack: Stack, shards: int, rule: str) -> None:
    """0, 501, fractions and booleans are rejected (each nested shard is a resource of the parent)."""
    # GIVEN / WHEN / THEN
    with pytest.raises(
        ValidationError, match=rf"^Test/Fleet: shards must be {rule}between 1 and 500, got {shards}$"
    ):
        Fleet(stack, "Fleet", shards=shards)


@pytest.mark.parametrize(
    "limit", [1, TEMPLATE_RESOURCES_MAX_COUNT], ids=["1", "TEMPLATE_RESOURCES_MAX_COUNT"]
)
def test_accepts_resource_budgets_at_the_limits(stack: Stack, limit: int) -> None:
    """A shard budget of 1 and of 500 resources is allowed."""
    # GIVEN / WHEN / THEN
    Fleet(stack, "Fleet", shards=2, max_resources_per_shard=limit)


@pytest.mark.parametrize(
    "limit", [0, TEMPLATE_RESOURCES_MAX_COUNT + 1], ids=["0", "TEMPLATE_RESOURCES_MAX_COUNT+1"]
)
def test_fails_when_resource_budget_is_out_of_range(stack: Stack, limit: int) -> None:
    """A shard budget of 0 or 501 resources is rejected."""
    # GIVEN / WHEN / THEN
    with pytest.raises(
        ValidationError,
        match=rf"^Test/Fleet: max_resources_per_shard must be between 1 and 500, got {limit}$",
    ):
        Fleet(stack, "Fleet", shards=2, max_resources_per_shard=limit)


def test_fails_when_nested_fleet_is_outside_a_stack(app: App) -> None:
    """Nested shards need a parent stack."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=r"Fleet: nested requires a scope inside a Stack"):
        Fleet(app, "Fleet", shards=2)


def test_fails_when_top_level_fleet_is_inside_a_stack(stack: Stack) -> None:
    """Top-level shards cannot live inside a stack."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=r"Test/Fleet: nested requires a scope outside any Stack"):
        Fleet(stack, "Fleet", shards=2, nested=False)


def test_scope_for_returns_the_shard_of_a_placed_function(stack: Stack) -> None:
    """After add_function, scope_for gives the function's shard (for what belongs to it)."""
    # GIVEN
    fleet = Fleet(stack, "Fleet", shards=2)
    fn = fleet.add_function("Api", **function_props())
    # WHEN
    index = fleet.placement["Api"]
    # THEN
    assert fleet.scope_for("Api") is Stack.of(fn)
    assert fleet.scope_for("Api", shard=index) is Stack.of(fn)
    assert fleet.placement == {"Api": index}


def test_fails_when_a_placed_function_is_pinned_elsewhere(stack: Stack) -> None:
    """A placed function cannot move to another shard."""
    # GIVEN
    fleet = Fleet(stack, "Fleet", shards=2)
    fleet.scope_for("Api")
    # WHEN
    index = fleet.placement["Api"]
    # THEN
    with pytest.raises(
        ValidationError, match=rf"^Test/Fleet: shard must be {index}, where 'Api' is already placed, got"
    ):
        fleet.scope_for("Api", shard=1 - index)


def test_fails_when_a_function_is_added_twice(stack: Stack) -> None:
    """Function IDs are unique in the fleet."""
    # GIVEN
    fleet = Fleet(stack, "Fleet", shards=2)
    # WHEN
    fleet.add_function("Api", **function_props())
    # THEN
    with pytest.raises(ValidationError, match=r"^Test/Fleet: id must be unique in the fleet .*, got 'Api'$"):
        fleet.add_function("Api", **function_props())


def test_add_function_after_scope_for_uses_the_same_shard(stack: Stack) -> None:
    """Resources defined first through scope_for share the shard with the function added later."""
    # GIVEN
    fleet = Fleet(stack, "Fleet", shards=4)
    # WHEN
    scope = fleet.scope_for("Api", shard=3)
    # THEN
    assert Stack.of(fleet.add_function("Api", **function_props())) is scope


def test_fails_when_the_function_id_is_empty(stack: Stack) -> None:
    """An empty ID names no function."""
    # GIVEN / WHEN
    fleet = Fleet(stack, "Fleet", shards=2)
    # THEN
    with pytest.raises(ValidationError, match=r"^Test/Fleet: function_id must not be empty, got ''$"):
        fleet.scope_for("")


@pytest.mark.parametrize("shard", [0, 1, 1.0], ids=["0", "1", "1.0"])
def test_accepts_pins_at_the_limits(stack: Stack, shard: int) -> None:
    """Shards 0 and count - 1 can be pinned; a whole float names the same shard."""
    # GIVEN / WHEN
    fleet = Fleet(stack, "Fleet", shards=2)
    # THEN
    assert fleet.scope_for("Api", shard=shard).node.id == f"Shard{int(shard)}"
    assert fleet.placement == {"Api": shard}
    assert type(fleet.placement["Api"]) is int


@pytest.mark.parametrize(
    ("shard", "rule"),
    [(-1, ""), (2, ""), (0.5, "a whole number "), (True, "a whole number ")],
    ids=["-1", "2", "0.5", "True"],
)
def test_fails_when_a_pin_names_no_shard(stack: Stack, shard: int, rule: str) -> None:
    """A pinned shard index must exist and be a whole number."""
    # GIVEN / WHEN
    fleet = Fleet(stack, "Fleet", shards=2)
    # THEN
    with pytest.raises(
        ValidationError, match=rf"^Test/Fleet: shard must be {rule}between 0 and 1, got {shard}$"
    ):
        fleet.scope_for("Api", shard=shard)


def test_a_failing_function_leaves_no_placement_or_shard(stack: Stack) -> None:
    """A function rejected by its own validation leaves the fleet as it was; the ID can be used again."""
    # GIVEN an empty fleet
    fleet = Fleet(stack, "Fleet", shards=2)
    # WHEN a function with an invalid memory size is added THEN it fails and nothing remains
    with pytest.raises(ValidationError, match=r"memory_size"):
        fleet.add_function("Api", memory_size=64, **function_props())
    assert fleet.placement == {}
    assert fleet.shards == {}
    assert [c.node.id for c in fleet.node.children] == []
    # AND the same ID with good props succeeds
    fn = fleet.add_function("Api", **function_props())
    assert fleet.placement == {"Api": fleet.shard_index("Api")}
    assert list(fleet.shards) == [fleet.placement["Api"]]
    template_of(stack).resource_count_is(NESTED, 1)
    Template.from_stack(Stack.of(fn)).resource_count_is(FUNCTION, 1)


def test_a_function_failing_inside_jsii_leaves_nothing_behind(stack: Stack, tmp_path: Any) -> None:
    """An error from aws-cdk-lib itself (a missing asset) also leaves no shard, no placement, no leftovers."""
    # GIVEN an empty fleet
    fleet = Fleet(stack, "Fleet", shards=2)
    props = {**function_props(), "code": lambda_.Code.from_asset(str(tmp_path / "missing"))}
    # WHEN the L2 fails while binding the code THEN the error surfaces and the fleet is as it was
    with pytest.raises(RuntimeError, match="Cannot find asset"):
        fleet.add_function("Api", **props)
    assert fleet.placement == {} and fleet.shards == {}
    assert [c.node.id for c in fleet.node.children] == []
    # AND the same ID with good props succeeds
    fleet.add_function("Api", **function_props())
    assert fleet.placement == {"Api": fleet.shard_index("Api")}


def test_shard_counts_must_be_known_at_synthesis(stack: Stack) -> None:
    """Placement hashes need the number of shards: a deploy-time value is refused, a literal accepted."""
    # GIVEN a number token
    token = CfnParameter(stack, "Shards", type="Number").value_as_number
    # WHEN / THEN
    with pytest.raises(
        ValidationError, match=r"^Test/Fleet: shards must be a number known at synthesis, got 'a token'$"
    ):
        # value_as_number is typed float; a number token is what users would pass here
        Fleet(stack, "Fleet", shards=cast(int, token))
    assert Fleet(stack, "Fleet2", shards=2).shard_count == 2


# -- resource budget while functions are defined ---------------------------------------------------------


@pytest.mark.parametrize(
    "total",
    [TEMPLATE_RESOURCES_MAX_COUNT - 1, TEMPLATE_RESOURCES_MAX_COUNT],
    ids=["TEMPLATE_RESOURCES_MAX_COUNT-1", "TEMPLATE_RESOURCES_MAX_COUNT"],
)
def test_budget_accepts_up_to_500_resources(total: int) -> None:
    """499 and 500 resources fit in one template."""
    # GIVEN
    budget = StackBudget(path="Orders")
    budget.add(total - 9, "Orders/A")
    # WHEN
    budget.add(9, "Orders/B")
    # THEN
    assert budget.resources == total


def test_fails_when_functions_need_501_resources() -> None:
    """501 resources raise, naming the stack, the count and the number of functions."""
    # GIVEN
    budget = StackBudget(path="Orders")
    # WHEN
    budget.add(TEMPLATE_RESOURCES_MAX_COUNT - 8, "Orders/A")
    # THEN
    with pytest.raises(
        ValidationError,
        match=r"^Orders: resources must number at most 500 per CloudFormation template; with Orders/Fn the 2 "
        r"functions need 501 resources .* constructs_lambda.Fleet.*, got 501$",
    ):
        budget.add(9, "Orders/Fn")


def _resources_per_function(app: App) -> int:
    """Resources one default ``Function`` (no provisioned concurrency) makes, measured in a scratch stack."""

    return _resources_under(make_function(Stack(app, "Probe"), "Probe"))


def test_fails_when_a_shard_exceeds_its_budget(app: App, stack: Stack) -> None:
    """A shard whose functions exceed max_resources_per_shard raises with the counts and the fix."""
    # GIVEN a fleet whose shards may hold exactly 2 functions' worth of resources
    per = _resources_per_function(app)
    fleet = Fleet(stack, "Fleet", shards=4, max_resources_per_shard=2 * per)
    fleet.add_function("A", shard=0, **function_props())
    fleet.add_function("B", shard=0, **function_props())  # exactly at the budget: just inside
    # WHEN a third lands in the same shard THEN it fails, advising more shards or a pin
    with pytest.raises(
        ValidationError,
        match=rf"Test/Fleet/Shard0: resources must number at most {2 * per} .*; with Test/Fleet/Shard0/C the "
        rf"3 functions need {3 * per} "
        rf"resources .*raise Fleet shards from 4 to 5.*shard=, got {3 * per}$",
    ):
        fleet.add_function("C", shard=0, **function_props())


def test_functions_count_themselves_against_their_stack(app: App, stack: Stack) -> None:
    """Each Function is counted once as it is defined; the stack's limit applies to all its functions."""

    # GIVEN a stack whose budget allows exactly two functions, holding two
    per = _resources_per_function(app)
    budget = budget_for(stack, limit=2 * per)
    make_function(stack, "A")
    make_function(stack, "B")
    assert (budget.functions, budget.resources) == (2, 2 * per)
    # WHEN a third function is defined THEN it fails, naming it
    with pytest.raises(
        ValidationError,
        match=rf"^Test: resources must number at most {2 * per} .*with Test/C .*got {3 * per}$",
    ):
        make_function(stack, "C")
    # AND the rejected function left nothing in the tree
    assert stack.node.try_find_child("C") is None


def test_a_default_function_with_autoscaling_has_the_documented_resource_count(stack: Stack) -> None:
    """DEFAULT_RESOURCES_PER_FUNCTION (which recommended_shards assumes) matches a default Function with
    autoscaled provisioned concurrency."""
    # GIVEN
    from constructs_lambda import ProvisionedConcurrency
    from constructs_lambda._fleet import DEFAULT_RESOURCES_PER_FUNCTION

    autoscaled = ProvisionedConcurrency(min_capacity=1, max_capacity=10)
    # WHEN
    fn = make_function(stack, "Api", provisioned_concurrency=autoscaled)
    # THEN
    assert _resources_under(fn) == DEFAULT_RESOURCES_PER_FUNCTION


# -- exact check of the written templates ------------------------------------------------------------------


def _template(**counts: int) -> dict[str, Any]:
    return {section: {f"X{i}": {} for i in range(n)} for section, n in counts.items()}


@pytest.mark.parametrize(
    ("section", "prop", "limit"),
    [
        ("Resources", "resources", TEMPLATE_RESOURCES_MAX_COUNT),
        ("Outputs", "outputs", TEMPLATE_OUTPUTS_MAX_COUNT),
        ("Parameters", "parameters", TEMPLATE_PARAMETERS_MAX_COUNT),
        ("Mappings", "mappings", TEMPLATE_MAPPINGS_MAX_COUNT),
    ],
    ids=["Resources", "Outputs", "Parameters", "Mappings"],
)
def test_template_findings_at_each_count_limit(section: str, prop: str, limit: int) -> None:
    """limit - 1 and limit pass; limit + 1 is reported with the count."""
    # GIVEN / WHEN / THEN
    assert template_findings("T", _template(**{section: limit - 1}), 10) == []
    assert template_findings("T", _template(**{section: limit}), 10) == []
    (finding,) = template_findings("T", _template(**{section: limit + 1}), 10)
    assert str(finding).startswith(f"T: {prop} must number at most {limit} per CloudFormation template")
    assert finding.value == limit + 1


def test_template_findings_at_the_size_limit() -> None:
    """1,000,000 bytes pass; 1,000,001 bytes are reported."""
    # GIVEN / WHEN / THEN
    assert template_findings("T", {}, TEMPLATE_MAX_BYTES) == []
    (finding,) = template_findings("T", {}, TEMPLATE_MAX_BYTES + 1)
    assert "T: template size must be at most 1000000 bytes" in str(finding)


def test_synthesis_fails_when_templates_exceed_output_or_size_limits() -> None:
    """200 outputs synthesize; 201 in a stack or a nested stack, or a template over 1 MB, fail synthesis."""
    # GIVEN a stack at the output limit, one over it, a nested stack over it and a stack over 1 MB
    app = App()
    inside, outside, large = Stack(app, "Inside"), Stack(app, "Outside"), Stack(app, "Large")
    nested = NestedStack(Stack(app, "Parent"), "Nested")
    for scope, count in (
        (inside, TEMPLATE_OUTPUTS_MAX_COUNT),
        (outside, TEMPLATE_OUTPUTS_MAX_COUNT + 1),
        (nested, TEMPLATE_OUTPUTS_MAX_COUNT + 1),
    ):
        for i in range(count):
            CfnOutput(scope, f"O{i}", value="x")
    CfnWaitConditionHandle(large, "Handle").add_metadata("Blob", "x" * TEMPLATE_MAX_BYTES)
    enforce_template_limits(app)
    enforce_template_limits(inside)  # registering again changes nothing
    # WHEN synthesized THEN the three templates over a limit are reported with counts, the one at it is not
    with pytest.raises(RuntimeError, match="ValidationFailed") as raised:
        app.synth()
    report = str(raised.value)
    assert (
        "Outside: outputs must number at most 200 per CloudFormation template (cfn-lint E6010), got 201"
        in report
    )
    assert "Parent/Nested: outputs must number at most 200" in report
    assert "Large: template size must be at most 1000000 bytes" in report
    assert "ERROR Inside" not in report


def test_cdk_itself_fails_synthesis_above_500_resources() -> None:
    """aws-cdk-lib already rejects 501 resources in a stack (TooManyResourcesInStack); 500 pass."""
    # GIVEN
    app = App()
    # WHEN
    for name, count in (
        ("Inside", TEMPLATE_RESOURCES_MAX_COUNT),
        ("Outside", TEMPLATE_RESOURCES_MAX_COUNT + 1),
    ):
        stack = Stack(app, name)
        for i in range(count):
            CfnWaitConditionHandle(stack, f"H{i}")
    # THEN
    with pytest.raises(RuntimeError, match=r"stack 'Outside': 501 is greater than allowed maximum of 500"):
        app.synth()


def test_boundary_applied_to_the_parent_reaches_nested_shards(app: App, stack: Stack) -> None:
    """A boundary applied to the fleet's stack covers the roles in its nested shards."""
    from constructs_lambda import PermissionsBoundary

    # GIVEN a boundary on the parent stack and a fleet of nested shards
    PermissionsBoundary(stack, "Boundary").apply_to(stack)
    fleet = Fleet(stack, "Fleet", shards=2)
    fn = fleet.add_function("Api", **function_props())
    # WHEN synthesized THEN the shard's role carries the boundary
    shard = Stack.of(fn)
    roles = Template.from_stack(shard).find_resources("AWS::IAM::Role")
    assert roles
    assert all("PermissionsBoundary" in r["Properties"] for r in roles.values())
    assert_cfn_lint_clean(shard)
    assert_cfn_lint_clean(stack)
