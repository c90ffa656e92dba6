"""`/drill schedule ...` parsing: typed commands, and friendly errors that show an example."""

from __future__ import annotations

import pytest

from bot.interviews.drills.add_schedule import AddSchedule
from bot.interviews.drills.schedule_spec import (
    EXAMPLE,
    ScheduleAction,
    ScheduleUsageError,
    parse_schedule,
)

FORMATS = ("standard", "lightning", "weekly")
TOPICS = {"feed", "ride matching", "rate-limiter"}


def parse(text: str) -> AddSchedule | ScheduleAction:
    return parse_schedule(text.split(), formats=FORMATS, is_topic=lambda t: t in TOPICS)


def test_weekly_with_zone_format_and_topic() -> None:
    spec = parse("add weekly mon 09:00 Europe/Berlin lightning ride matching")

    assert spec == AddSchedule(
        cadence="weekly",
        day_of_week="mon",
        hour=9,
        minute=0,
        every_weeks=1,
        timezone="Europe/Berlin",
        format_id="lightning",
        topic="ride matching",
    )
    assert spec.time_of_day == "09:00"


def test_defaults_leave_zone_and_format_to_the_caller() -> None:
    spec = parse("add weekly Monday 9:30")

    assert isinstance(spec, AddSchedule)
    assert (spec.day_of_week, spec.time_of_day, spec.timezone, spec.format_id) == (
        "mon",
        "09:30",
        None,
        None,
    )


def test_weekdays_every_n_weeks_day_lists_and_12_hour_times() -> None:
    weekdays = parse("add weekdays 17:45 UTC")
    every = parse("add every 2 weeks thu 2pm America/New_York weekly feed")
    several = parse("add weekly thu,mon 08:00")

    assert isinstance(weekdays, AddSchedule) and weekdays.day_of_week == "mon-fri"
    assert weekdays.cadence == "weekdays" and weekdays.timezone == "UTC"
    assert isinstance(every, AddSchedule)
    assert (every.cadence, every.every_weeks, every.day_of_week, every.hour) == (
        "every_n_weeks",
        2,
        "thu",
        14,
    )
    assert (every.format_id, every.topic) == ("weekly", "feed")
    assert isinstance(several, AddSchedule) and several.day_of_week == "mon,thu"


def test_management_commands_take_an_id() -> None:
    assert parse("list") == ScheduleAction("list")
    assert parse("pause 3") == ScheduleAction("pause", 3)
    assert parse("resume #3") == ScheduleAction("resume", 3)
    assert parse("skip 12") == ScheduleAction("skip", 12)
    assert parse("delete 1") == ScheduleAction("delete", 1)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("add weekly funday 09:00", "`funday` isn't a day"),
        ("add weekly mon 25:00", "`25:00` isn't a time of day"),
        ("add weekly mon 09:61", "`09:61` isn't a time of day"),
        ("add weekly mon 09:00 Mars/Olympus_Mons", "`Mars/Olympus_Mons` isn't a time zone"),
        ("add weekly mon 09:00 Europe/Berlin biweekly", "`biweekly` is neither a format"),
        (
            "add every 0 weeks mon 09:00",
            "`0` isn't a number of weeks: use a whole number from 1 to 12",
        ),
        ("add every two weeks mon 09:00", "`two` isn't a number of weeks"),
        ("add every 2 fortnights mon 09:00", "every N weeks DAY HH:MM"),
        ("pause 9223372036854775808", "`9223372036854775808` isn't a schedule number"),
        ("skip ³", "`³` isn't a schedule number"),
        ("add weekly mon", "At what time?"),
        ("add", "When should the drill run?"),
    ],
)
def test_bad_input_names_the_problem_and_shows_an_example(text: str, says: str) -> None:
    with pytest.raises(ScheduleUsageError) as error:
        parse(text)

    assert says in str(error.value)
    assert "/drill schedule" in str(error.value)


def test_unknown_format_lists_the_formats_there_are() -> None:
    with pytest.raises(ScheduleUsageError, match="`lightning`, `standard`, `weekly`"):
        parse("add weekly mon 09:00 turbo")


@pytest.mark.parametrize("text", ["pause", "pause three", "skip 1 2", "frobnicate", ""])
def test_management_mistakes_get_help(text: str) -> None:
    with pytest.raises(ScheduleUsageError) as error:
        parse(text)

    assert "/drill schedule" in str(error.value)


def test_the_example_in_every_message_parses() -> None:
    example = EXAMPLE.strip("`").removeprefix("/drill schedule ")

    assert isinstance(parse(example), AddSchedule)
