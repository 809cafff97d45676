#!/usr/bin/env python3
"""The SQLite FTS5 peer of the search benchmark: the same articles, tags and queries, answered
with FTS5's bm25 ranking, ORDER BY for dates and GROUP BY for facets (multi-select as newsdex:
each facet ignores its own filter).

  python3 bench/fts5_bench.py build ARCHIVE_JSONL TAGS_JSONL DB
  python3 bench/fts5_bench.py run DB QUERIES_TSV top10|facets|date [REPEAT]

TAGS_JSONL is `newsdex-index tag --jsonl` over the archive, so that both engines facet the same
countries and topics. `run` prints the line format of newsdex-query-bench.
"""
import json
import sqlite3
import sys
import time


def build(archive, tags, path):
    db = sqlite3.connect(path)
    db.executescript("""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE VIRTUAL TABLE fts USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TABLE meta(id INTEGER PRIMARY KEY, source TEXT, lang TEXT, month TEXT, published TEXT);
        CREATE TABLE country(id INTEGER, code TEXT);
        CREATE TABLE topic(id INTEGER, slug TEXT);
    """)
    with open(archive, encoding="utf-8") as articles, open(tags, encoding="utf-8") as tagged:
        for rowid, (line, tag_line) in enumerate(zip(articles, tagged), start=1):
            article, tag = json.loads(line), json.loads(tag_line)
            db.execute("INSERT INTO fts(rowid, title, text) VALUES (?, ?, ?)", (rowid, article["title"], article["text"]))
            db.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", (rowid, article["source"], tag["language"],
                                                                article["published"][:7], article["published"]))
            db.executemany("INSERT INTO country VALUES (?, ?)", [(rowid, c["code"]) for c in tag["countries"]])
            db.executemany("INSERT INTO topic VALUES (?, ?)", [(rowid, t["slug"]) for t in tag["topics"]])
    db.executescript("""
        CREATE INDEX country_by_id ON country(id, code); CREATE INDEX country_by_code ON country(code, id);
        CREATE INDEX topic_by_id ON topic(id, slug); CREATE INDEX topic_by_slug ON topic(slug, id);
        CREATE INDEX meta_published ON meta(published);
    """)
    db.commit()


def read_queries(path):
    queries = []
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t") + ["", ""]
        queries.append((fields[0], [c for c in fields[1].split(",") if c], [t for t in fields[2].split(",") if t]))
    return queries


def filters(countries, topics, column="fts.rowid"):
    clauses, params = [], []
    if countries:
        clauses.append(f"{column} IN (SELECT id FROM country WHERE code IN ({','.join('?' * len(countries))}))")
        params += countries
    if topics:
        clauses.append(f"{column} IN (SELECT id FROM topic WHERE slug IN ({','.join('?' * len(topics))}))")
        params += topics
    return "".join(" AND " + c for c in clauses), params


def run_one(db, query, countries, topics, kind):
    """One search. The match set is materialised first and the tag tables joined to it: beside
    MATCH, a `rowid IN (SELECT ...)` filter gets a plan that probes the full-text index row by
    row (minutes on a million rows)."""
    where, params = filters(countries, topics, "m.id")
    db.execute("DROP TABLE IF EXISTS temp.m")
    db.execute("CREATE TEMP TABLE m(id INTEGER PRIMARY KEY, score REAL)")
    db.execute("INSERT INTO m SELECT rowid, rank FROM fts WHERE fts MATCH ?", [query])
    if kind == "top10":
        return db.execute(f"SELECT id FROM m WHERE 1{where} ORDER BY score LIMIT 10", params).fetchall()
    if kind == "date":
        return db.execute(f"SELECT m.id FROM m JOIN meta ON meta.id = m.id WHERE 1{where} "
                          "ORDER BY meta.published DESC LIMIT 10", params).fetchall()
    by_topic, topic_params = filters([], topics, "m.id")
    by_country, country_params = filters(countries, [], "m.id")
    db.execute(f"SELECT count(*) FROM m WHERE 1{where}", params).fetchall()
    db.execute(f"SELECT id FROM m WHERE 1{where} ORDER BY score LIMIT 10", params).fetchall()
    db.execute(f"SELECT code, count(*) FROM m JOIN country ON country.id = m.id WHERE 1{by_topic} GROUP BY code",
               topic_params).fetchall()
    db.execute(f"SELECT slug, count(*) FROM m JOIN topic ON topic.id = m.id WHERE 1{by_country} GROUP BY slug",
               country_params).fetchall()
    for column in ("source", "lang", "month"):
        db.execute(f"SELECT {column}, count(*) FROM m JOIN meta ON meta.id = m.id WHERE 1{where} GROUP BY {column}",
                   params).fetchall()


def run(path, queries_path, kind, repeat):
    db = sqlite3.connect(path)
    queries = read_queries(queries_path)
    for query in queries:
        run_one(db, *query, kind)  # warm-up
    times = []
    for _ in range(repeat):
        for query in queries:
            start = time.perf_counter()
            run_one(db, *query, kind)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    pick = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    print(f"{'fts5':<8} {kind:<7} p50 {pick(0.5):8.2f} ms  p95 {pick(0.95):8.2f} ms  p99 {pick(0.99):8.2f} ms"
          f"  ({len(times)} runs of {len(queries)} queries)")


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) >= 5 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 5)
    else:
        sys.exit(__doc__)
