"""Fetching, archiving and reading sources.

``guard`` decides which addresses may be contacted, ``client`` fetches with httpx
under that guard and the size/time limits, ``extract`` gets a page's main text with
trafilatura, ``locate`` finds a claim's evidence in that text (pure logic), and
``service`` ties them to the store for the CLI and the TUI.
"""
