"""nengli: supervise units through a multi-phase campaign and write the 督导通报.

The data goes through the modules in this order: read (bytes -> text), parse (text -> records
with their file and line), validate (references across files), load (the one entry point),
progress (status per unit and task as of a date), render (terminal, Markdown, JSON), cli.
"""

__version__ = "0.1.0"
