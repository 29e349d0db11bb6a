"""apply_to through CDK's node-side aspect: per-path decisions (exempt, allow_list) and aspect order still hold."""

from __future__ import annotations

import pytest
from aws_cdk import App, Aspects, CfnResource, Environment, Stack
from aws_cdk import aws_iam as iam

from constructs_lambda import PermissionsBoundary
from tests.conftest import project_context
from tests.helpers import make_function
from tests.unit.test_boundary import StripBoundary, boundaries, by_name, policy_ref

EU = Environment(account="123456789012", region="eu-west-1")


def test_exempt_raw_role_keeps_its_own_boundary_under_a_stack_wide_boundary(app: App, stack: Stack) -> None:
    """A raw CfnResource role exempted inside a node-side scope keeps the boundary it was given."""
    # GIVEN an exemption made before apply_to, on a role that is not an L1 CfnRole
    raw = CfnResource(
        stack,
        "Raw",
        type="AWS::IAM::Role",
        properties={
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
            "PermissionsBoundary": "arn:aws:iam::123456789012:policy/ops-boundary",
        },
    )
    PermissionsBoundary.exempt(raw, reason="operations role with the organisation's boundary")
    PermissionsBoundary(stack, "Boundary").apply_to(stack)
    make_function(stack, "Api")
    # WHEN
    found = boundaries(app)
    # THEN
    assert {k.split("/")[1][:3]: v for k, v in found.items()} == {
        "Raw": by_name("ops-boundary"),
        "Api": policy_ref(stack),
    }


def test_exempt_role_without_boundary_stays_without(app: App, stack: Stack) -> None:
    """An exempted role that had no boundary of its own gets none."""
    # GIVEN
    PermissionsBoundary.from_name(stack, "Boundary", "app-boundary").apply_to(stack)
    role = iam.Role(stack, "Ops", assumed_by=iam.AccountRootPrincipal())
    PermissionsBoundary.exempt(role, reason="break-glass role, reviewed by security")
    # WHEN
    found = boundaries(app)
    # THEN
    assert list(found.values()) == [None]


def test_allow_list_of_an_inner_scope_wins_over_a_stack_wide_boundary(app: App, stack: Stack) -> None:
    """An inner apply_to with an allow_list decides its roles, though the stack-wide one runs node-side."""
    # GIVEN
    PermissionsBoundary.from_name(stack, "Boundary", "app-boundary").apply_to(stack)
    team = make_function(stack, "Team")
    PermissionsBoundary.from_name(stack, "TeamBoundary", "team-boundary").apply_to(
        team, allow_list=["Test/Team/ServiceRole"]
    )
    make_function(stack, "Api")
    # WHEN
    found = boundaries(app)
    # THEN
    assert {k.split("/")[1][:4]: v for k, v in found.items()} == {
        "Team": None,
        "ApiS": by_name("app-boundary"),
    }


@pytest.mark.parametrize("flag", [True, False], ids=["priorities-flag-on", "priorities-flag-off"])
def test_stripping_aspect_added_before_apply_to_still_fails_synth(flag: bool) -> None:
    """The node-side aspect keeps the library's priority (250) whatever @aws-cdk/core:aspectPrioritiesMutating
    says, so a user's aspect (default priority 500) runs after it, and enforcement names the role."""
    # GIVEN a stripping aspect added first
    app = App(context={**project_context(), "@aws-cdk/core:aspectPrioritiesMutating": flag})
    stack = Stack(app, "Test", env=EU)
    Aspects.of(stack).add(StripBoundary("Worker"))
    PermissionsBoundary.from_name(stack, "Boundary", "app-boundary").apply_to(stack)
    make_function(stack, "Worker")
    # WHEN / THEN
    with pytest.raises(
        Exception, match=r"IAM role Test/Worker/ServiceRole/Resource .*no permissions boundary"
    ):
        app.synth()


def test_stack_wide_boundary_adds_no_python_aspect(app: App, stack: Stack) -> None:
    """A stack-wide apply_to leaves nothing for node to call back into Python per construct."""
    # GIVEN
    PermissionsBoundary.from_name(stack, "Boundary", "app-boundary").apply_to(stack)
    # WHEN
    aspects = [application.aspect for application in Aspects.of(stack).applied]
    # THEN
    assert len(aspects) == 1
    assert not type(aspects[0]).__module__.startswith("constructs_lambda"), aspects
