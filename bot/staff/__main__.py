"""Command line of the staff console (see bot/staff/__init__.py)."""

import sys

from bot.staff.cli import main

if __name__ == "__main__":
    sys.exit(main())
