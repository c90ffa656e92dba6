"""`python -m bot`: the same as the `designdrill` console script."""

import sys

from bot.server.cli import main

sys.exit(main())
