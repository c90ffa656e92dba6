"""The package as a user installs it: the wheel holds what the commands need, and every
third-party library the code imports is declared."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "bot", "storage", "prompts")
FIRST_PARTY = {"bot", "storage"}


def _imported_top_level_names() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("storage").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - FIRST_PARTY - set(sys.stdlib_module_names)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_library_is_a_declared_dependency() -> None:
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text())["project"]
    declared = {
        _canonical(re.match(r"[A-Za-z0-9._-]+", spec).group())  # type: ignore[union-attr]
        for spec in project["dependencies"]
    }
    distributions = importlib.metadata.packages_distributions()
    missing = {
        name: distributions.get(name)
        for name in _imported_top_level_names()
        if not {_canonical(d) for d in distributions.get(name, [name])} & declared
    }
    assert not missing, f"imported but not in pyproject's dependencies: {missing}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (a build in the working tree would leave
    build/ behind, whose stale files a later build would pack), with this venv's setuptools:
    nothing is downloaded."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if ROOT.joinpath(name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    build = [*pip, "wheel", str(source), "--no-deps", "--no-build-isolation", "-w", str(out)]
    subprocess.run([*build, "--quiet"], check=True, capture_output=True, timeout=120)
    (found,) = out.glob("designdrill-*.whl")
    return found


@pytest.mark.packaging
def test_the_wheel_carries_prompts_migrations_and_the_license(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/prompts/formats.yaml" in names and "bot/prompts/rubric.yaml" in names
    assert sum(n.startswith("bot/prompts/questions/") for n in names) == len(
        list(ROOT.joinpath("prompts/questions").glob("*.yaml"))
    )
    assert "storage/migrations/env.py" in names and "storage/migrations/script.py.mako" in names
    assert any(n.startswith("storage/migrations/versions/0001_") for n in names)
    assert not any(n.startswith(("tests/", "bench/", "prompts/")) for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: MIT" in text
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


@pytest.mark.packaging
def test_the_installed_command_works_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    """A fresh venv holding only the wheel; its dependencies are this venv's (a path in a
    .pth file, whose own .pth files, such as the editable install's, Python does not run)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q"]
        + ["--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": str(venv / "bin"), "HOME": str(tmp_path), "USER": "tester"}

    def designdrill(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(venv / "bin" / "designdrill"), *args]
        return subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True)

    where = subprocess.run(
        [python, "-c", "import bot; print(bot.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(site), where  # the installed copy, not this checkout
    checked = designdrill("check-prompts")
    assert checked.returncode == 0 and "Prompts are valid." in checked.stdout, checked.stderr
    listed = designdrill("practice", "--list")
    assert listed.returncode == 0, listed.stderr
    assert "url-shortener" in listed.stdout and "standard" in listed.stdout
    assert (elsewhere / "designdrill.db").exists()  # migrated with the packaged migrations
    migrated = designdrill("migrate")
    assert migrated.returncode == 0 and "up to date" in migrated.stdout, migrated.stderr
