"""ManagedInstances under a PermissionsBoundary: the boundary allows exactly what the operator role is granted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2

import constructs_lambda as cl
from tests.helpers import assert_nag_clean, make_boundary, template_of
from tests.unit.test_boundary import grant_findings

OPERATOR_ROLE = "Agnostic/Fleet/OperatorRole/Resource"
SUFFIXES = ("Launched", "Describe", "Network", "AmazonImages")


@pytest.fixture
def agnostic(app: App) -> Stack:
    """An environment-agnostic stack (VPC zones from Fn::GetAZs, as in test_managed_instances)."""
    return Stack(app, "Agnostic")


def make_vpc(stack: Stack, id: str = "Vpc") -> ec2.Vpc:
    """A two-AZ VPC with public subnets and private subnets with egress."""
    return ec2.Vpc(stack, id, max_azs=2, nat_gateways=1, restrict_default_security_group=False)


def provider_first(stack: Stack) -> cl.PermissionsBoundary:
    """The provider exists before the boundary is created and applied."""
    cl.ManagedInstances(stack, "Fleet", vpc=make_vpc(stack))
    boundary = make_boundary(stack)
    boundary.apply_to(stack)
    return boundary


def boundary_first(stack: Stack) -> cl.PermissionsBoundary:
    """The boundary is applied before the provider is created."""
    boundary = make_boundary(stack)
    boundary.apply_to(stack)
    cl.ManagedInstances(stack, "Fleet", vpc=make_vpc(stack))
    return boundary


def statements_of(
    template: Mapping[str, Any], resource_type: str, logical_id: str | None = None
) -> list[Any]:
    """The policy statements of the one resource of ``resource_type`` (or ``logical_id``) in ``template``."""
    found = [
        r["Properties"]["PolicyDocument"]["Statement"]
        for key, r in template["Resources"].items()
        if r["Type"] == resource_type and logical_id in (None, key)
    ]
    assert len(found) == 1, found
    statements: list[Any] = found[0]
    return statements


def operator_policy_id(template: Mapping[str, Any], fleet: str = "Fleet") -> str:
    """Logical ID of the operator role's default policy of provider ``fleet``."""
    (logical_id,) = [
        str(k) for k in template["Resources"] if str(k).startswith(f"{fleet}OperatorRoleDefaultPolicy")
    ]
    return logical_id


def boundary_statements(template: Mapping[str, Any], prefix: str) -> list[Any]:
    """The boundary's statements whose Sid starts with ``prefix``."""
    statements = statements_of(template, "AWS::IAM::ManagedPolicy")
    return [s for s in statements if s.get("Sid", "").startswith(prefix)]


def without_sid(statement: dict[str, Any]) -> dict[str, Any]:
    """``statement`` without its Sid."""
    return {k: v for k, v in statement.items() if k != "Sid"}


@pytest.mark.parametrize("build", [provider_first, boundary_first], ids=["provider-first", "boundary-first"])
def test_default_boundary_allows_the_operator_role_in_either_order(
    app: App, agnostic: Stack, build: Callable[[Stack], cl.PermissionsBoundary]
) -> None:
    """Whichever is created first, the grant check finds nothing the boundary denies the operator role."""
    # GIVEN
    boundary = build(agnostic)
    # WHEN
    findings = grant_findings(app, OPERATOR_ROLE)
    # THEN
    assert findings == []
    assert [s.sid for s in boundary.statements or () if (s.sid or "").startswith("ManagedInstances")] == [
        f"ManagedInstancesAgnosticFleet{suffix}" for suffix in SUFFIXES
    ]


def test_boundary_statements_equal_the_operator_statements(agnostic: Stack) -> None:
    """Each operator statement is in the boundary with the same actions, resources and conditions."""
    # GIVEN
    provider_first(agnostic)
    # WHEN
    template = template_of(agnostic).to_json()
    # THEN
    operator = statements_of(template, "AWS::IAM::Policy", operator_policy_id(template))
    allowed = boundary_statements(template, "ManagedInstancesAgnosticFleet")
    assert [s["Sid"] for s in allowed] == [f"ManagedInstancesAgnosticFleet{suffix}" for suffix in SUFFIXES]
    assert [without_sid(s) for s in allowed] == operator


def test_second_provider_adds_its_own_statements(app: App, agnostic: Stack) -> None:
    """Two providers: each one's statements, Sids naming it, with its own subnets and security group."""
    # GIVEN
    boundary_first(agnostic)
    cl.ManagedInstances(agnostic, "Batch", vpc=make_vpc(agnostic, "BatchVpc"))
    # WHEN
    template = template_of(agnostic).to_json()
    # THEN
    for fleet in ("Fleet", "Batch"):
        operator = statements_of(template, "AWS::IAM::Policy", operator_policy_id(template, fleet))
        allowed = boundary_statements(template, f"ManagedInstancesAgnostic{fleet}")
        assert [without_sid(s) for s in allowed] == operator, fleet
    fleet_network, batch_network = (
        boundary_statements(template, f"ManagedInstancesAgnostic{f}Network")[0]["Resource"]
        for f in ("Fleet", "Batch")
    )
    assert fleet_network != batch_network
    assert grant_findings(app) == []


def test_boundary_in_another_stack_allows_the_operator_without_a_cross_stack_reference(app: App) -> None:
    """A boundary in a security stack: the provider's subnets become subnet/*, with no export or cycle."""
    # GIVEN
    security = Stack(app, "Security")
    make_boundary(security, resource_prefix="Orders").apply_to(app)
    orders = Stack(app, "Orders")
    cl.ManagedInstances(orders, "Fleet", vpc=make_vpc(orders))
    # WHEN
    template = template_of(security).to_json()
    # THEN
    (network,) = boundary_statements(template, "ManagedInstancesOrdersFleetNetwork")
    resources = [r["Fn::Join"][1][-1] for r in network["Resource"]]
    assert sorted(resources) == [":ec2:*:*:security-group/*", ":ec2:*:*:subnet/*"]  # agnostic: any Region
    assert "Outputs" not in template_of(orders).to_json()
    assert grant_findings(app, "Orders/Fleet/OperatorRole/Resource") == []


def test_boundary_covering_no_provider_is_unchanged(agnostic: Stack) -> None:
    """A provider outside the boundary's scope adds nothing to it."""
    # GIVEN
    make_boundary(agnostic).apply_to(agnostic, allow_list=["*/Fleet"])
    cl.ManagedInstances(agnostic, "Fleet", vpc=make_vpc(agnostic))
    # WHEN
    template = template_of(agnostic).to_json()
    # THEN
    assert boundary_statements(template, "ManagedInstances") == []


def test_imported_boundary_still_warns(app: App, agnostic: Stack) -> None:
    """A boundary imported by name cannot be changed: the operator role gets a warning naming its statements."""
    # GIVEN
    cl.PermissionsBoundary.from_name(agnostic, "Boundary", "org-boundary").apply_to(agnostic)
    cl.ManagedInstances(agnostic, "Fleet", vpc=make_vpc(agnostic))
    # WHEN
    findings = grant_findings(app, OPERATOR_ROLE)
    # THEN
    (finding,) = findings
    assert finding["severity"] == "warning"
    assert "Launched, Describe, Network, AmazonImages" in finding["description"]
    assert "Agnostic/Boundary (org-boundary)" in finding["description"]


def test_boundary_with_operator_statements_is_cfn_lint_and_nag_clean(app: App, agnostic: Stack) -> None:
    """cfn-lint and cdk-nag: the boundary's new wildcards are acknowledged with the policy's reason."""
    # GIVEN
    provider_first(agnostic)
    # WHEN
    template_of(agnostic)  # synthesizes (adding the statements) and lints
    # THEN: the boundary and the provider (the VPC is the test's, without flow logs)
    for id in ("Boundary", "Fleet"):
        assert_nag_clean(agnostic.node.find_child(id))
