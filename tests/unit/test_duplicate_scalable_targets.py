"""The template pass's check for two scalable targets on one resource (it replaced a validation per alias)."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lambda._template_limits import duplicate_scalable_targets

DIMENSION = "lambda:function:ProvisionedConcurrency"
LIBRARY_ID = {"Fn::Join": ["", ["function:", {"Ref": "Fn"}, ":live"]]}
L2_ID = {
    "Fn::Join": ["", ["function:", {"Fn::Select": [6, {"Fn::Split": [":", {"Ref": "Alias"}]}]}, ":live"]]
}


def _template(*resource_ids: Any, dimension: str = DIMENSION) -> dict[str, Any]:
    resources: dict[str, Any] = {
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}},
        "Alias": {
            "Type": "AWS::Lambda::Alias",
            "Properties": {"FunctionName": {"Ref": "Fn"}, "Name": "live"},
        },
    }
    for i, resource_id in enumerate(resource_ids):
        resources[f"Target{i}"] = {
            "Type": "AWS::ApplicationAutoScaling::ScalableTarget",
            "Properties": {
                "ServiceNamespace": "lambda",
                "ResourceId": resource_id,
                "ScalableDimension": dimension,
            },
        }
    return {"Resources": resources}


@pytest.mark.parametrize(
    "resource_ids",
    [(LIBRARY_ID, L2_ID), (LIBRARY_ID, LIBRARY_ID)],
    ids=["library-and-add-auto-scaling", "same-spelling"],
)
def test_two_targets_for_one_alias_are_reported(resource_ids: tuple[Any, ...]) -> None:
    """Both spellings of the alias's function name count as the same resource."""
    # GIVEN two targets for the alias
    template = _template(*resource_ids)
    # WHEN
    findings = duplicate_scalable_targets("Test", template)
    # THEN
    (finding,) = findings
    assert "Target0 and Target1" in str(finding)
    assert "already registers a scalable target" in str(finding)


@pytest.mark.parametrize(
    "template",
    [
        _template(LIBRARY_ID),
        _template(L2_ID),
        _template({"Fn::Join": ["", ["function:", {"Ref": "Other"}, ":live"]]}, LIBRARY_ID),
    ],
    ids=["library-only", "add-auto-scaling-only", "two-functions"],
)
def test_one_target_per_resource_is_fine(template: dict[str, Any]) -> None:
    """One target per resource and dimension reports nothing."""
    # GIVEN / WHEN
    findings = duplicate_scalable_targets("Test", template)
    # THEN
    assert findings == []
