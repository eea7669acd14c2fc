"""The review screen, one module per concern (see :mod:`.screen`)."""

from workbench.tui.screens.review.base import DETAIL_DELAY, ORDER_LABELS, filter_label
from workbench.tui.screens.review.screen import ReviewScreen

__all__ = ["DETAIL_DELAY", "ORDER_LABELS", "ReviewScreen", "filter_label"]
