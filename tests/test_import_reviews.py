"""``workbench import-reviews``: every feed shape, rating mapping, idempotence, bad feeds."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.test_export_fixtures import db_rows, run
from workbench.store import Store


def review(claim: str, rating: object = "False", **extra: object) -> dict:
    """A ClaimReview as publishers write it."""
    obj = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"https://checks.example/{abs(hash(claim)) % 10_000}",
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "Checks Desk",
                   "url": "https://checks.example"},
        "datePublished": "2025-10-01",
        "reviewRating": {"@type": "Rating", "alternateName": rating, "ratingValue": 1,
                         "bestRating": 5, "worstRating": 1},
        "itemReviewed": {"@type": "Claim", "datePublished": "2025-09-30",
                         "author": {"@type": "Person", "name": "Sam Ortiz",
                                    "jobTitle": "senator"},
                         "appearance": [{"@type": "CreativeWork",
                                         "url": "https://tv.example/clip"}]},
    }
    obj.update(extra)
    return obj


def stored(db: Path) -> list:
    store = Store(db)
    try:
        return list(store.external_reviews())
    finally:
        store.close()


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def ok(db: Path, *args: str) -> dict:
    result = run(db, "import-reviews", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- shapes ------------------------------------------------------------------------


def test_single_object(db_path: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "one.json", review("The moon is made of cheese."))
    assert ok(db_path, str(path))["added"] == 1
    (row,) = stored(db_path)
    assert row.text == "The moon is made of cheese." and row.verdict == "False"
    assert (row.speaker_name, row.speaker_role, row.speaker_type) == ("Sam Ortiz", "senator",
                                                                      "Person")
    assert row.publisher == "Checks Desk" and row.source == "checks.example"
    assert (row.review_date, row.claim_date) == ("2025-10-01", "2025-09-30")
    assert row.appearance_url == "https://tv.example/clip"
    assert row.rating_value == "1" and row.best_rating == "5" and row.feed == "JSON-LD"


def test_an_organisation_that_made_the_claim_keeps_its_type(db_path: Path,
                                                            tmp_path: Path) -> None:
    # What `workbench export claimreview` writes for "The United States said ...".
    item = {"@type": "Claim", "author": {"@type": "Organization", "name": "United States"}}
    path = write(tmp_path, "org.json", review("Twelve ships sank.", itemReviewed=item))
    assert ok(db_path, str(path))["added"] == 1
    (row,) = stored(db_path)
    assert (row.speaker_name, row.speaker_role, row.speaker_type) == ("United States", None,
                                                                      "Organization")


def test_array_and_graph_with_other_types(db_path: Path, tmp_path: Path) -> None:
    array = write(tmp_path, "array.json", [review("Claim A is so."), review("Claim B is so.")])
    graph = write(tmp_path, "graph.json", {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "A page"},
        {"@type": "Organization", "name": "Checks Desk"},
        {"@type": "WebPage", "mainEntity": review("Claim C is so.")},
        review("Claim D is so."),
    ]})
    assert ok(db_path, str(array))["added"] == 2
    out = ok(db_path, str(graph))
    assert out["added"] == 2 and out["skipped"] == []
    assert [r.text for r in stored(db_path)] == [f"Claim {x} is so." for x in "ABCD"]


def test_html_page_script_tags(db_path: Path, tmp_path: Path) -> None:
    page = f"""<!doctype html><html><head>
    <script>var x = {{"claimReviewed": "not JSON-LD"}};</script>
    <script type="application/ld+json">{json.dumps(review("Claim in page one."))}</script>
    <script type="application/ld+json; charset=utf-8">
    /*<![CDATA[*/{json.dumps({"@graph": [review("Claim in page two.")]})}/*]]>*/
    </script>
    <script type="application/ld+json">{{ broken</script>
    </head><body><p>Article</p></body></html>"""
    out = ok(db_path, str(write(tmp_path, "page.html", page)))
    assert out["shape"] == "HTML page" and out["added"] == 2
    assert [s["where"] for s in out["skipped"]] == ["script 3"]
    assert "not valid JSON" in out["skipped"][0]["reason"]


def test_google_fact_check_tools_response(db_path: Path, tmp_path: Path) -> None:
    response = {"claims": [
        {"text": "Vaccines contain microchips.", "claimant": "Viral post",
         "claimDate": "2025-01-02T00:00:00Z",
         "claimReview": [
             {"publisher": {"name": "PolitiFact", "site": "politifact.com"},
              "url": "https://www.politifact.com/f/1", "title": "No microchips",
              "reviewDate": "2025-01-05T00:00:00Z", "textualRating": "Pants on Fire",
              "languageCode": "en"},
             {"publisher": {"name": "AFP", "site": "factcheck.afp.com"},
              "url": "https://factcheck.afp.com/x", "textualRating": "Faux",
              "languageCode": "fr"}]},
        {"text": "No review here."},
    ], "nextPageToken": "abc"}
    out = ok(db_path, str(write(tmp_path, "google.json", response)))
    assert out["shape"] == "Google Fact Check Tools"
    assert out["added"] == 2 and out["flagged_ratings"] == {"Faux": 1}
    assert out["skipped"] == [{"where": "claims[1]", "reason": "has no claimReview list"}]
    politifact, afp = stored(db_path)
    assert politifact.verdict == "False" and politifact.rating == "Pants on Fire"
    assert politifact.speaker_name == "Viral post" and politifact.source == "politifact.com"
    assert politifact.title == "No microchips" and politifact.language == "en"
    assert afp.verdict == "Faux" and afp.rating_flag is not None


def test_data_commons_feed(db_path: Path, tmp_path: Path) -> None:
    feed = {"@context": "http://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [review("Feed claim one."), review("Feed claim two.")]},
        {"@type": "DataFeedItem", "item": review("Feed claim three.")},
        "junk",
    ]}
    out = ok(db_path, str(write(tmp_path, "feed.json", feed)))
    assert out["shape"] == "Data Commons feed" and out["added"] == 3
    assert out["skipped"] == [{"where": "dataFeedElement[2]", "reason": "is text, not an object"}]


def test_reads_stdin(db_path: Path) -> None:
    result = run(db_path, "import-reviews", "-", input=json.dumps(review("From stdin it is.")))
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stdout


# -- ratings and idempotence ---------------------------------------------------------


def test_ratings_map_through_synonyms_and_unknown_ones_are_flagged(db_path: Path,
                                                                   tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", [review("One is so.", "Mostly TRUE"),
                                      review("Two is so.", "Mixture"),
                                      review("Three is so.", "Cherry-picked")])
    result = run(db_path, "import-reviews", str(path))
    assert "1 ratings not on our scale, kept verbatim and flagged: 'Cherry-picked'" in \
        result.output
    rows = stored(db_path)
    assert [r.verdict for r in rows] == ["Mostly true", "Half true", "Cherry-picked"]
    assert [r.rating_flag is not None for r in rows] == [False, False, True]
    assert [r.text for r in Store(db_path).external_reviews(flagged_only=True)] == [
        "Three is so."]


def test_configured_mapping_resolves_a_flag_on_reimport(db_path: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", [review("Three is so.", "Cherry-picked")])
    ok(db_path, str(path))
    (tmp_path / "config.toml").write_text(
        '[claimreview.import_ratings]\n"cherry-picked" = "half TRUE"\n', encoding="utf-8")
    out = ok(db_path, str(path))
    assert (out["added"], out["updated"]) == (0, 1)
    (row,) = stored(db_path)
    assert row.verdict == "Half true" and row.rating_flag is None


def test_bad_rating_config_is_refused(db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[claimreview.import_ratings]\n"Faux" = "Bogus"\n', encoding="utf-8")
    path = write(tmp_path, "r.json", review("One is so."))
    result = run(db_path, "import-reviews", str(path))
    assert result.exit_code == 1 and "not a verdict of the scale" in result.output
    assert stored(db_path) == []


def test_reimporting_the_same_feed_adds_nothing(db_path: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", [review("One is so."), review("Two is so."),
                                      review("One is so.")])  # a repeat within the feed too
    assert ok(db_path, str(path))["added"] == 2
    before = db_rows(db_path)
    out = ok(db_path, str(path))
    assert (out["added"], out["updated"], out["unchanged"]) == (0, 0, 2)
    assert db_rows(db_path) == before


def test_same_review_through_two_feeds_is_one_row(db_path: Path, tmp_path: Path) -> None:
    one = review("One is so.", url="https://www.checks.example/1")
    ok(db_path, str(write(tmp_path, "a.json", one)))
    out = ok(db_path, str(write(tmp_path, "b.json", {"dataFeedElement": [{"item": [one]}]})))
    assert out["unchanged"] == 1 and len(stored(db_path)) == 1


def test_imported_reviews_are_found_by_matching(db_path: Path, tmp_path: Path) -> None:
    ok(db_path, str(write(tmp_path, "r.json", review("Unemployment fell to 4 percent in 2024."))))
    result = run(db_path, "match", "Unemployment fell to 4 percent in 2024", "--json")
    assert result.exit_code == 0, result.output
    assert any(m["text"] == "Unemployment fell to 4 percent in 2024."
               for m in json.loads(result.stdout))


# -- bad records: skipped with a reason, the good ones still go in ---------------------


def test_bad_records_are_skipped_and_counted(db_path: Path, tmp_path: Path) -> None:
    records = [
        review("Good one is so."),
        {"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}},
        {"@type": "ClaimReview", "claimReviewed": "No rating at all."},
        {"@type": "ClaimReview", "claimReviewed": 42, "reviewRating": {"alternateName": "x"}},
        review("String rating.", reviewRating="False"),
        review("Empty rating.", reviewRating={"@type": "Rating"}),
        review("Item is a list of numbers.", itemReviewed=[3, 4]),
        review("Author is a number.", author=7),
        review("Numeric only rating.", reviewRating={"ratingValue": 2, "bestRating": 5}),
        17,
        review("Good two is so."),
    ]
    out = ok(db_path, str(write(tmp_path, "mixed.json", records)))
    reasons = {s["where"]: s["reason"] for s in out["skipped"]}
    assert reasons == {
        "$[1]": "missing claimReviewed",
        "$[2]": "missing reviewRating",
        "$[3]": "claimReviewed is a number, not text",
        "$[4]": "reviewRating is text, not a Rating",
        "$[5]": "reviewRating has neither alternateName nor ratingValue",
        "$[6]": "itemReviewed is a number, not a Claim",
        "$[7]": "author is a number, not a person or organisation",
        "$[9]": "is a number, not an object",
    }
    assert out["added"] == 3
    rows = stored(db_path)
    assert [r.text for r in rows] == ["Good one is so.", "Numeric only rating.",
                                      "Good two is so."]
    assert rows[1].verdict == "2/5" and rows[1].rating_flag is not None


def test_skips_are_reported_on_stderr_with_a_count(db_path: Path, tmp_path: Path) -> None:
    records = [review("Good one is so.")] + [{"@type": "ClaimReview"}] * 12
    result = run(db_path, "import-reviews", str(write(tmp_path, "m.json", records)))
    assert result.exit_code == 0
    assert "1 added, 0 updated, 0 unchanged, 12 skipped" in result.stdout
    assert "skipped $[1]: missing claimReviewed" in result.stderr
    assert "… and 2 more skipped" in result.stderr


def test_a_feed_of_only_bad_records_is_an_error(db_path: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", [{"@type": "ClaimReview"}, {"claimReviewed": None}])
    result = run(db_path, "import-reviews", str(path))
    assert result.exit_code == 1
    assert "none of 2 records could be read (first: $[0]: missing claimReviewed)" in \
        result.output
    assert stored(db_path) == []


# -- bad files: one line, nothing imported ---------------------------------------------


@pytest.mark.parametrize(("content", "message"), [
    ('[{"@type": "ClaimReview", "claimReviewed": "x",}]', "is not valid JSON (line 1, column"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
    ("", "is empty"),
    ("   \n", "is empty"),
    ("42", "the document is a number, not a JSON object or array"),
    ('{"@type": "WebPage", "name": "no reviews"}', "no ClaimReview found"),
    ('{"claims": {"text": "x"}}', "claims is an object, not a list"),
    ('{"@type": "DataFeed"}', "DataFeed has no dataFeedElement list"),
    ("[" * 100_000, "nested too deeply"),
    ("<html><body>No JSON-LD here</body></html>", "no ClaimReview found (HTML page)"),
])
def test_unreadable_feed_is_one_line_and_changes_nothing(db_path: Path, tmp_path: Path,
                                                         content: object, message: str) -> None:
    run(db_path, "articles")  # create the database first, so "unchanged" means something
    before = db_rows(db_path)
    result = run(db_path, "import-reviews", str(write(tmp_path, "bad.json", content)))
    assert result.exit_code == 1
    assert message in result.output and result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert db_rows(db_path) == before


def test_a_200_mb_file_is_refused_by_size_before_parsing(db_path: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: instant to make, 200 MB to stat
        handle.truncate(200 * 1024 * 1024)
    result = run(db_path, "import-reviews", str(huge))
    assert result.exit_code == 1
    assert "huge.json is 200 MB, over the 128 MB import limit" in result.output


def test_the_size_limit_is_configurable(db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[claimreview]\nmax_import_mb = 1\n", encoding="utf-8")
    records = [review(f"Claim number {i} is so.") for i in range(3_000)]
    result = run(db_path, "import-reviews", str(write(tmp_path, "big.json", records)))
    assert result.exit_code == 1 and "over the 1 MB import limit" in result.output
    result = run(db_path, "import-reviews", "-", input=json.dumps(records))
    assert result.exit_code == 1 and "over the 1 MB import limit" in result.output


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: str(tmp / "missing.json"), "no such file"),
    (lambda tmp: str(tmp), "is a directory"),
])
def test_missing_file_or_directory(db_path: Path, tmp_path: Path, make, message: str) -> None:
    result = run(db_path, "import-reviews", make(tmp_path))
    assert result.exit_code == 1 and message in result.output


# -- URLs: through the sources' fetch guard, on a real 127.0.0.1 server ----------------


class _Feed(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path != "/feed.json":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Feed.body = json.dumps([review("Served one is so."), review("Served two is so.")]).encode()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_import_through_the_guard(db_path: Path, tmp_path: Path, server: str) -> None:
    (tmp_path / "config.toml").write_text('[fetch]\nallow_hosts = ["127.0.0.1"]\n',
                                          encoding="utf-8")
    out = ok(db_path, f"{server}/feed.json")
    assert out["added"] == 2
    assert {r.origin for r in stored(db_path)} == {f"{server}/feed.json"}
    assert ok(db_path, f"{server}/feed.json")["unchanged"] == 2


def test_url_to_loopback_is_blocked_without_an_allowance(db_path: Path, server: str) -> None:
    result = run(db_path, "import-reviews", f"{server}/feed.json")
    assert result.exit_code == 1
    assert "cannot fetch" in result.output and "loopback" in result.output
    assert stored(db_path) == []


def test_url_http_error_is_one_line(db_path: Path, tmp_path: Path, server: str) -> None:
    (tmp_path / "config.toml").write_text('[fetch]\nallow_hosts = ["127.0.0.1"]\n',
                                          encoding="utf-8")
    result = run(db_path, "import-reviews", f"{server}/missing.json")
    assert result.exit_code == 1 and "HTTP 404" in result.output
    assert stored(db_path) == []


def test_url_over_the_size_limit_is_refused(db_path: Path, tmp_path: Path, server: str) -> None:
    _Feed.body = json.dumps([review(f"Claim {i} is so.") for i in range(3_000)]).encode()
    (tmp_path / "config.toml").write_text(
        '[fetch]\nallow_hosts = ["127.0.0.1"]\n[claimreview]\nmax_import_mb = 1\n',
        encoding="utf-8")
    result = run(db_path, "import-reviews", f"{server}/feed.json")
    assert result.exit_code == 1 and "byte cap" in result.output
    assert stored(db_path) == []
