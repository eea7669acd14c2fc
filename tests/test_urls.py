"""The one URL check shared by every entry point, and where it is applied."""

from __future__ import annotations

import pytest

from workbench.errors import WorkbenchError
from workbench.interchange.claimreview_import import ImportedReview
from workbench.urls import require_http_url, url_problem


@pytest.mark.parametrize("url", [
    "https://example.org/report", "http://example.org:8080/a?b=c#d", "HTTPS://Example.org",
    "http://[2001:db8::1]/x",
])
def test_accepted(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(("url", "why"), [
    ("", "required"),
    ("javascript:alert(1)", "http:// or https://"),
    ("ftp://example.org/x", "http:// or https://"),
    ("https:///nohost", "http:// or https://"),
    ("http://a b/", "spaces"),
    ("http://example.org/\x1b]0;title\x07", "control characters"),
    ("http://[::1", "not a valid URL"),
    ("http://example.org:99999/", "not a valid URL"),
])
def test_refused(url: str, why: str) -> None:
    assert why in (url_problem(url) or "")


def test_require_http_url_strips_and_names_the_field() -> None:
    assert require_http_url("  https://example.org/a  ") == "https://example.org/a"
    with pytest.raises(WorkbenchError, match="^--url 'javascript:x': "):
        require_http_url("javascript:x", "--url")


def test_feed_urls_that_are_not_http_are_dropped() -> None:
    review = ImportedReview(claim_text="x", url="javascript:alert(1)",
                            publisher_url="https://factcheck.example/",
                            appearance_url="data:text/html,hi")
    assert review.url is None and review.appearance_url is None
    assert review.publisher_url == "https://factcheck.example/"
