"""Interview content: typed model, YAML loader and validator."""

from bot.content.errors import ContentError
from bot.content.loader import builtin_prompts_dir, check_prompts, load_content

__all__ = ["ContentError", "builtin_prompts_dir", "check_prompts", "load_content"]
