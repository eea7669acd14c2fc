"""The app's background jobs, one mixin per concern (see ``workbench.tui.app``)."""
