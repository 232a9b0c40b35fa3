"""``python -m nengli`` and the ``nengli`` console script (``run``)."""

import gc


def run() -> None:
    """The command line, imported with the cyclic collector already paused: a command is one
    short process without reference cycles to collect (see ``nengli.cli.main``), and its
    imports (typer, rich, PyYAML and nengli's modules) run ~5 ms faster without the collector
    walking the heap they are building."""
    gc.disable()
    from nengli.cli import main

    main()


if __name__ == "__main__":
    run()
