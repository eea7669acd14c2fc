"""The review TUI: a keyboard-only Textual app over the store.

``run_tui`` is the entry point used by the CLI; the app itself lives in
:mod:`workbench.tui.app`.
"""
