"""How the person can run `designdrill` again from the shell they are in.

`make practice` runs `.venv/bin/designdrill`, which is not on PATH: a hint that says
`designdrill practice --resume` would fail with "command not found" there.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def designdrill() -> str:
    """``designdrill`` when that name runs this program, else the path that does."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started is not None and started.name == "__main__.py":
        return f"{_shown(Path(sys.executable))} -m bot"
    on_path = shutil.which("designdrill")
    if started is None or started.name != "designdrill":
        return "designdrill"
    if on_path and Path(on_path).resolve() == started.resolve():
        return "designdrill"
    return _shown(started)


def resume_command(interview_id: int | None = None) -> str:
    suffix = f" {interview_id}" if interview_id is not None else ""
    return f"{designdrill()} practice --resume{suffix}"


def resume_hint(interview_id: int | None = None) -> str:
    """The ways to resume, `make resume` first when running under make."""
    command = f"`{resume_command(interview_id)}`"
    return f"`make resume` or {command}" if os.environ.get("MAKELEVEL") else command


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is under it."""
    try:
        shown = str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
    return shown if "/" in shown else f"./{shown}"
