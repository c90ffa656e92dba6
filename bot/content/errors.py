"""The one exception the content layer raises."""

from __future__ import annotations


class ContentError(ValueError):
    """The YAML content is invalid.

    ``errors`` holds every problem found across every file, one line each, in the form
    ``path/to/file.yaml:LINE: where.in.file: what is wrong``; ``str()`` joins them with
    newlines so a start-up failure lists them all at once.
    """

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))
