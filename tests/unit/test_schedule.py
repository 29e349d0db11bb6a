"""The schedule-expression parser on its own: kinds, deploy-time tokens and Schedule objects (no synthesis)."""

from __future__ import annotations

import pytest
from aws_cdk import Token
from aws_cdk import aws_applicationautoscaling as appscaling

from constructs_lambda._schedule import as_schedule, check_schedule, check_time_zone, schedule_expression


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("cron(0 8 ? * MON-FRI *)", "cron"),
        ("rate(5 minutes)", "rate"),
        ("at(2030-01-01T08:00:00)", "at"),
    ],
    ids=["cron", "rate", "at"],
)
def test_check_schedule_returns_the_kind(expression: str, kind: str) -> None:
    """A valid expression: its kind (cron, rate or at) is returned."""
    # GIVEN a valid expression
    # WHEN it is checked
    result = check_schedule("Stack/Fn", "schedule", expression)
    # THEN the kind is its prefix
    assert result == kind


def test_unresolved_schedule_and_time_zone_are_left_to_deploy_time() -> None:
    """Tokens for the expression and the zone: nothing is raised and no kind."""
    # GIVEN values only known at deploy time
    expression = Token.as_string({"Ref": "Schedule"})
    zone = Token.as_string({"Ref": "Zone"})
    # WHEN they are checked
    kind = check_schedule("Stack/Fn", "schedule", expression)
    check_time_zone("Stack/Fn", "time_zone", zone)
    # THEN the expression has no known kind and the zone passes
    assert kind is None


def test_schedule_objects_and_strings_convert_both_ways() -> None:
    """A string and a Schedule: the expression text survives the round trip."""
    # GIVEN an expression as text and as an aws_applicationautoscaling.Schedule
    text = "rate(1 hour)"
    schedule = appscaling.Schedule.expression(text)
    # WHEN each is converted to the other form
    from_text = as_schedule(text)
    # THEN the text is the same either way, and a Schedule passes through unchanged
    assert schedule_expression(from_text) == text
    assert schedule_expression(schedule) == text
    assert as_schedule(schedule) is schedule
