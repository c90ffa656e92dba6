"""DRILL_GRACE_HOURS: how late a scheduled drill may still start; validated at start-up."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import Settings, SettingsError


def test_the_grace_window_defaults_to_six_hours() -> None:
    assert Settings.from_env({}).drill_grace == timedelta(hours=6)
    assert Settings.from_env({"DRILL_GRACE_HOURS": "1.5"}).drill_grace == timedelta(minutes=90)
    assert Settings.from_env({"DRILL_GRACE_HOURS": "0"}).drill_grace == timedelta()


@pytest.mark.parametrize("raw", ["-1", "soon", "169", "nan"])
def test_a_bad_grace_window_is_refused_at_start_up_by_name(raw: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"DRILL_GRACE_HOURS": raw, "LOG_LEVEL": "LOUD"})

    assert len(error.value.problems) == 2  # reported together with every other problem
    assert any(p.startswith(f"DRILL_GRACE_HOURS={raw!r}") for p in error.value.problems)
