"""Why a drill command was refused: one root, :class:`DrillError`, for schedules and rerolls."""

from __future__ import annotations


class DrillError(Exception):
    """Root of the drill errors; messages are safe to show to the person who acted."""


class ScheduleNotFound(DrillError, LookupError):
    def __init__(self, schedule_id: int) -> None:
        super().__init__(
            f"There is no schedule #{schedule_id} in this workspace. "
            "`/drill schedule list` shows them."
        )
        self.schedule_id = schedule_id


class NotScheduleOwner(DrillError, PermissionError):
    def __init__(self, schedule_id: int, creator_id: str) -> None:
        super().__init__(
            f"Only <@{creator_id}>, who created schedule #{schedule_id}, and workspace admins "
            "can change it."
        )
        self.schedule_id = schedule_id


class NoDrillHere(DrillError, LookupError):
    def __init__(self) -> None:
        super().__init__(
            "No scheduled drill is running in this channel, so there is nothing to reroll."
        )


class NotDrillHost(DrillError, PermissionError):
    def __init__(self, host_id: str) -> None:
        super().__init__(
            f"Only the drill's host (<@{host_id}>) and workspace admins can reroll it."
        )


class AlreadyAnswered(DrillError):
    def __init__(self) -> None:
        super().__init__(
            "Someone has already answered this drill, so its question stays. "
            "`/drill end` finishes it early if you need to."
        )
