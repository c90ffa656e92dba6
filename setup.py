"""Which packages the wheel holds; everything else is in pyproject.toml.

The built-in content lives at the repository's top level, ``prompts/``, where a content
author looks for it. The wheel carries it inside the package as ``bot/prompts/`` (data only,
found by ``bot.content.loader.builtin_prompts_dir``), so an installed ``designdrill`` works
from any directory. pyproject.toml alone cannot say this: its package discovery only finds
directories that already sit where the package puts them.
"""

from setuptools import find_namespace_packages, setup

PROMPTS = ["bot.prompts", *(f"bot.prompts.{name}" for name in find_namespace_packages("prompts"))]

setup(
    packages=[*find_namespace_packages(include=["bot", "bot.*", "storage", "storage.*"]), *PROMPTS],
    package_dir={"bot.prompts": "prompts"},
    package_data={
        **{package: ["*.yaml", "*.md"] for package in PROMPTS},
        # Alembic's template for a new revision; the migrations themselves are modules.
        "storage.migrations": ["script.py.mako"],
    },
)
