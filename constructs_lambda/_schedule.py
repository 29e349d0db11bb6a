"""Schedule expressions of Application Auto Scaling scheduled actions: ``cron()``, ``rate()`` and ``at()``.

``check_schedule`` validates an expression in Python, before jsii and CloudFormation see it, and returns its
kind; ``check_time_zone`` validates the IANA zone a ``cron()``/``at()`` expression is read in. The dialect is
the one Application Auto Scaling documents for scheduled actions
(https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
and ``Schedule`` in
https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html): six cron
fields (minutes hours day-of-month month day-of-week year), exactly one of day-of-month and day-of-week
``?``, ``L``/``W``/``#`` in the day fields, years 1970-2199; ``rate(N unit)`` with a singular unit for 1
and a plural one otherwise; ``at(yyyy-mm-ddThh:mm:ss)``. Unresolved tokens pass through unchecked.

Why a parser of our own (issue 13): the two maintained validators of this cron dialect on PyPI were run
against every schedule case in ``tests/unit/test_scaling.py`` (66 expressions: 47 ``cron()``, 19 ``rate()``,
``at()`` or bare). Neither handles ``rate()`` or ``at()`` or the ``cron(...)`` wrapper, and neither gives the
same verdict on every ``cron()`` case:

- ``aws-cron-expression-validator`` 1.1.15: 46 agree, 1 disagrees. It accepts ``cron(*-5 8 ? * MON *)``
  (its range pattern allows ``*-v`` and ``v-*``), which Application Auto Scaling's syntax does not have.
- ``aws-croniter`` 2.1.1: 46 agree, 1 disagrees. It rejects the documented ``cron(0 8 LW * ? *)`` (last
  weekday of the month) with a bare ``ValueError: invalid literal for int() with base 10: 'L'`` from its
  parser, not its own exception type.

Their messages name only the field and the raw text (``Invalid minute value '60'.``,
``Invalid day-of-week value 'FRI#6'.``), while ours say which value broke which bound
(``minutes value 60 is outside 0-59``, ``day-of-week '#' value 6 is outside 1-5``), which the tests assert;
turning theirs into ours would mean parsing every field again. So the parser stays here, with no new
dependency.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import cache

from aws_cdk import aws_applicationautoscaling as appscaling

from ._errors import ValidationError
from ._limits import CRON_MAX_YEAR, CRON_MIN_YEAR
from ._validation import is_unresolved

# "n#k": the k-th weekday of the month; a month has at most 5 of each weekday.
CRON_MAX_NTH_WEEKDAY = 5

_Fail = Callable[[str], ValidationError]  # builds the error for one cron detail

_MONTH_NAMES = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}
_DAY_NAMES = {d: i for i, d in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), 1)}
_RATE_RE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_AT_RE = re.compile(r"at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)")
_CRON_RE = re.compile(r"cron\(([^()]*)\)")
_CRON_ITEM_RE = re.compile(r"(?P<start>\*|[0-9A-Z]+)(?:-(?P<end>[0-9A-Z]+))?(?:/(?P<step>\d+))?")
_SCHEDULE_RULE = (
    "must be cron(minutes hours day-of-month month day-of-week year), rate(N unit) or at(yyyy-mm-ddThh:mm:ss)"
)


def schedule_expression(schedule: str | appscaling.Schedule) -> str:
    """The expression text of a schedule given as a string or an ``aws_applicationautoscaling.Schedule``."""
    return schedule if isinstance(schedule, str) else schedule.expression_string


def check_schedule(path: str, prop: str, expression: str) -> str | None:
    """Validate a cron/rate/at expression; return its kind (``None`` for an unresolved token)."""
    if is_unresolved(expression):
        return None
    if m := _RATE_RE.fullmatch(expression):
        value, unit = int(m.group(1)), m.group(2)
        if value < 1:
            raise ValidationError(path, prop, expression, "rate() value must be a positive integer")
        if (value == 1) != (not unit.endswith("s")):
            want = unit.rstrip("s") if value == 1 else unit if unit.endswith("s") else unit + "s"
            raise ValidationError(
                path,
                prop,
                expression,
                f"rate() unit must be singular for 1 and plural otherwise ({value} {want})",
            )
        return "rate"
    if m := _AT_RE.fullmatch(expression):
        try:
            datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            raise ValidationError(path, prop, expression, "at() must hold a real date and time") from None
        return "at"
    if m := _CRON_RE.fullmatch(expression):
        _check_cron(path, prop, expression, m.group(1).split())
        return "cron"
    raise ValidationError(path, prop, expression, _SCHEDULE_RULE)


def _check_cron(path: str, prop: str, expression: str, fields: list[str]) -> None:
    def fail(detail: str) -> ValidationError:
        return ValidationError(path, prop, expression, f"is not a valid cron() expression: {detail}")

    if len(fields) != 6:
        raise fail(f"needs 6 fields (minutes hours day-of-month month day-of-week year), has {len(fields)}")
    minutes, hours, dom, month, dow, year = (f.upper() for f in fields)
    _check_cron_field(fail, "minutes", minutes, 0, 59)
    _check_cron_field(fail, "hours", hours, 0, 23)
    _check_cron_field(fail, "month", month, 1, 12, _MONTH_NAMES)
    _check_cron_field(fail, "year", year, CRON_MIN_YEAR, CRON_MAX_YEAR)
    if (dom == "?") == (dow == "?"):
        raise fail("exactly one of day-of-month and day-of-week must be '?'")
    if dom != "?":
        if dom in ("L", "LW"):
            pass
        elif dom.endswith("W"):
            _check_cron_number(fail, "day-of-month", dom[:-1], 1, 31)
        else:
            _check_cron_field(fail, "day-of-month", dom, 1, 31)
    if dow != "?":
        if dow == "L":
            pass
        elif dow.endswith("L"):
            _check_cron_number(fail, "day-of-week", dow[:-1], 1, 7, _DAY_NAMES)
        elif "#" in dow:
            day, _, nth = dow.partition("#")
            _check_cron_number(fail, "day-of-week", day, 1, 7, _DAY_NAMES)
            _check_cron_number(fail, "day-of-week '#'", nth, 1, CRON_MAX_NTH_WEEKDAY)
        else:
            _check_cron_field(fail, "day-of-week", dow, 1, 7, _DAY_NAMES)


def _check_cron_field(
    fail: _Fail, name: str, text: str, low: int, high: int, names: dict[str, int] | None = None
) -> None:
    for item in text.split(","):
        m = _CRON_ITEM_RE.fullmatch(item)
        if not m:
            raise fail(f"{name} field {text!r} has an invalid item {item!r}")
        start, end, step = m.group("start"), m.group("end"), m.group("step")
        if start == "*":
            if end is not None:
                raise fail(f"{name} field {text!r}: '*' cannot start a range")
        else:
            _check_cron_number(fail, name, start, low, high, names)
            if end is not None:
                _check_cron_number(fail, name, end, low, high, names)
        if step is not None and int(step) < 1:
            raise fail(f"{name} field {text!r}: the increment after '/' must be at least 1")


def _check_cron_number(
    fail: _Fail, name: str, text: str, low: int, high: int, names: dict[str, int] | None = None
) -> None:
    if names and text in names:
        return
    if not text.isdigit():
        allowed = f"{low}-{high}" + (f" or {'/'.join(names)}" if names else "")
        raise fail(f"{name} value {text!r} is not {allowed}")
    if not low <= int(text) <= high:
        raise fail(f"{name} value {text} is outside {low}-{high}")


def as_schedule(schedule: str | appscaling.Schedule) -> appscaling.Schedule:
    """The schedule as an ``aws_applicationautoscaling.Schedule`` (strings become ``Schedule.expression``)."""
    return appscaling.Schedule.expression(schedule) if isinstance(schedule, str) else schedule


@cache
def _time_zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def check_time_zone(path: str, prop: str, name: str) -> None:
    """Raise unless ``name`` is an IANA time zone known to the tz database (the ``tzdata`` dependency)."""
    if not is_unresolved(name) and name not in _time_zones():
        raise ValidationError(path, prop, name, "must be an IANA time zone such as 'Europe/Berlin'")
