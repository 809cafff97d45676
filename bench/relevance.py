#!/usr/bin/env python3
"""Ranking quality of newsdex against SQLite FTS5 (bm25, porter stemming) on known-item searches
over the 2,225 BBC News articles of the shared corpus: the same 496 queries as the relevance test
(tests/end_to_end/relevance_test.cc: every 9th article's title and the first sentence of its middle paragraph, words joined
by OR), scored by nDCG@10 of the article the query came from (a copy under the same title counts as it).

  python3 bench/relevance.py [BUILD_DIR] [SHARED_DIR]
"""
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

build = sys.argv[1] if len(sys.argv) > 1 else "build/release"
shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared")
articles = [json.loads(line) for line in open(os.path.join(shared, "corpus", "bbc-news", "bbc-news.jsonl"))]
# BBC News carries some stories twice, under one title: either copy is the item searched for.
title_of = {"http://bbc.example/" + a["id"]: a["title"] for a in articles}


def or_query(text):
    return " OR ".join(w for w in re.findall(r"[A-Za-z0-9]+", text) if len(w) > 1)


def middle_sentence(text):
    """The first sentence of the middle paragraph: words a reader remembers from the story."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    paragraph = paragraphs[len(paragraphs) // 2]
    match = re.search(r"[.?!]", paragraph)
    return paragraph[:match.start()] if match else paragraph


def gain(urls, target):
    for rank, url in enumerate(urls[:10], start=1):
        if title_of[url] == title_of[target]:
            return 1 / math.log2(rank + 1)
    return 0.0


with tempfile.TemporaryDirectory() as work:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "BBC News",
            "items": [{"id": "http://bbc.example/" + a["id"], "url": "http://bbc.example/" + a["id"],
                       "title": a["title"], "content_text": a["text"], "date_published": "2005-01-01T00:00:00Z"}
                      for a in articles]}
    json.dump(feed, open(os.path.join(work, "bbc.json"), "w"))
    index = os.path.join(work, "index")
    subprocess.run([f"{build}/indexer/newsdex-index", "--db", index, "add", os.path.join(work, "bbc.json")],
                   check=True, capture_output=True)
    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE fts USING fts5(url UNINDEXED, title, text, tokenize = 'porter unicode61 remove_diacritics 2')")
    fts.executemany("INSERT INTO fts VALUES (?, ?, ?)",
                    [("http://bbc.example/" + a["id"], a["title"], a["text"]) for a in articles])
    totals = {"newsdex": 0.0, "fts5": 0.0}
    queries = 0
    for article in articles[::9]:
        target = "http://bbc.example/" + article["id"]
        for question in (article["title"], middle_sentence(article["text"])):
            query = or_query(question)
            queries += 1
            out = subprocess.run([f"{build}/searcher/newsdex-search", "--db", index, query, "--limit", "10", "--jsonl"],
                                 capture_output=True, text=True).stdout.splitlines()
            totals["newsdex"] += gain([json.loads(line)["url"] for line in out], target)
            # FTS5's own query syntax: bare words, OR between them; quote each word as a string.
            fts_query = " OR ".join('"' + w + '"' for w in query.split(" OR "))
            rows = fts.execute("SELECT url FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 10", (fts_query,))
            totals["fts5"] += gain([row[0] for row in rows], target)
    for engine, total in totals.items():
        print(f"{engine:<8} nDCG@10 {total / queries:.3f} over {queries} known-item queries")
