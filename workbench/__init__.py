"""workbench: a terminal fact-checking workbench.

Layers, from the bottom up:

- ``workbench.extraction``: pure functions, text in and claims out (no I/O).
- ``workbench.store``: the one module that owns every SQL statement.
- ``workbench.cli`` and ``workbench.tui``: thin front ends over both.
"""

__version__ = "0.1.0"
