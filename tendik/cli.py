"""The `tendik` console script: Django's manage.py under Tendik's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tendik.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(sys.argv)
    except (OperationalError, ProgrammingError) as exc:
        # A command run on a database that was never migrated: say what to do instead of a raw traceback.
        text = str(exc).lower()
        if "no such table" in text or ("relation" in text and "does not exist" in text):
            sys.stderr.write(
                f"Tendik's tables are missing in this database ({exc}).\n"
                "Run `tendik migrate` first (or `./dev demo`, which migrates and loads demo data).\n"
            )
            sys.exit(1)
        raise


if __name__ == "__main__":
    main()
