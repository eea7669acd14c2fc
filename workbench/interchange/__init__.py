"""Verdicts in and out in the formats other desks use: schema.org ClaimReview and
the fact-check feeds built on it (Google Fact Check Tools, Data Commons).

Everything here is pure: it turns rows into JSON-LD and JSON-LD (or HTML) bytes into
records, with no database and no network. The store writes what this package parses;
the CLI wires the two together.
"""
