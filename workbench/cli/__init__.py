"""The ``workbench`` command line: a thin front end over extraction and the store."""

from workbench.cli.main import cli, main

__all__ = ["cli", "main"]
