"""``nengli duban``: registered here, built from cli/duban_commands.py only when it runs (or
--help lists it), so that no other command pays for defining its five subcommands."""

from .app import app


def _build():
    from .duban_commands import command

    return command()


app.lazy["duban"] = _build
