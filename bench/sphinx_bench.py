#!/usr/bin/env python3
"""The Sphinx peer of the search benchmark (issue 25): the same articles, tags and queries,
indexed by Sphinx 2.2's indexer and answered by its searchd over SphinxQL (MySQL protocol, one
persistent connection), with FACET for the five facets (multi-select as newsdex: each facet
ignores its own filter) and ORDER BY published for dates.

  python3 bench/sphinx_bench.py build ARCHIVE_JSONL TAGS_JSONL WORK_DIR     # xmlpipe2, config, indexer
  python3 bench/sphinx_bench.py prepare ARCHIVE_JSONL TAGS_JSONL WORK_DIR   # xmlpipe2 and config only: prints
      # the indexer's command, for timing it alone (bench/import_throughput.sh)
  python3 bench/sphinx_bench.py run WORK_DIR QUERIES_TSV top10|facets|date [REPEAT]
  python3 bench/sphinx_bench.py count WORK_DIR QUERY [COUNTRY...]           # total and top countries
  python3 bench/sphinx_bench.py start WORK_DIR    # searchd on a free loopback port: prints the port
  python3 bench/sphinx_bench.py stop WORK_DIR     # (the load client, bench/load_client.cc, asks it)

TAGS_JSONL is `newsdex-index tag --jsonl` over the archive, so that both engines facet the same
countries and topics. Countries, topics, languages and sources are multi-valued or plain integer
attributes (Sphinx facets integers; the ids are written to WORK_DIR/ids.json); months are
YYYYMM. `run` starts searchd on a free loopback port, prints the line format of
newsdex-query-bench, and stops it. Needs Debian's sphinxsearch and python3-pymysql
(bench/install-bench-deps).
"""
import json
import os
import socket
import subprocess
import sys
import time
from xml.sax.saxutils import escape

INDEXER = "/usr/bin/indexer"
SEARCHD = "/usr/bin/searchd"
FACETS = ["country", "topic", "source", "lang", "month"]
# Values a facet may list: Sphinx keeps max_matches groups (its default, 1,000, is above any
# facet's number of values here); its counts and totals are exact.
FACET_VALUES = 1000


def clean(text):
    # XML 1.0 has no place for most control characters; Sphinx's xmlpipe2 parser stops at them.
    return escape("".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20))


def prepare(archive, tags, work):
    os.makedirs(work, exist_ok=True)
    ids = {"country": {}, "topic": {}, "source": {}, "lang": {}}

    def id_of(kind, value):
        return ids[kind].setdefault(value, len(ids[kind]) + 1)

    xml_path = os.path.join(work, "articles.xml")
    with open(archive, encoding="utf-8") as articles, open(tags, encoding="utf-8") as tagged, \
            open(xml_path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<sphinx:docset>\n<sphinx:schema>\n'
                  '<sphinx:field name="title"/>\n<sphinx:field name="text"/>\n'
                  '<sphinx:attr name="country" type="multi"/>\n<sphinx:attr name="topic" type="multi"/>\n'
                  '<sphinx:attr name="source" type="int" bits="32"/>\n<sphinx:attr name="lang" type="int" bits="32"/>\n'
                  '<sphinx:attr name="month" type="int" bits="32"/>\n<sphinx:attr name="published" type="timestamp"/>\n'
                  '</sphinx:schema>\n')
        for rowid, (line, tag_line) in enumerate(zip(articles, tagged), start=1):
            article, tag = json.loads(line), json.loads(tag_line)
            published = article["published"]
            epoch = int(time.mktime(time.strptime(published[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone)
            countries = ",".join(str(id_of("country", c["code"])) for c in tag["countries"])
            topics = ",".join(str(id_of("topic", t["slug"])) for t in tag["topics"])
            out.write(f'<sphinx:document id="{rowid}"><title>{clean(article["title"])}</title>'
                      f'<text>{clean(article["text"])}</text><country>{countries}</country><topic>{topics}</topic>'
                      f'<source>{id_of("source", article["source"])}</source>'
                      f'<lang>{id_of("lang", tag["language"] or "")}</lang>'
                      f'<month>{published[:4]}{published[5:7]}</month><published>{epoch}</published>'
                      '</sphinx:document>\n')
        out.write("</sphinx:docset>\n")
    with open(os.path.join(work, "ids.json"), "w", encoding="utf-8") as out:
        json.dump(ids, out)
    write_config(work, 0)
    return [INDEXER, "--config", os.path.join(os.path.abspath(work), "sphinx.conf"), "--all"]


def build(archive, tags, work):
    indexer = prepare(archive, tags, work)
    started = time.monotonic()
    subprocess.run(indexer, check=True, stdout=subprocess.DEVNULL)
    print(f"sphinx indexer: {time.monotonic() - started:.1f} s; index "
          f"{sum(os.path.getsize(os.path.join(work, 'index', f)) for f in os.listdir(os.path.join(work, 'index'))) / 1e6:.0f} MB")


def write_config(work, port):
    work = os.path.abspath(work)
    os.makedirs(os.path.join(work, "index"), exist_ok=True)
    with open(os.path.join(work, "sphinx.conf"), "w", encoding="utf-8") as out:
        out.write(f"""source news
{{
    type = xmlpipe2
    xmlpipe_command = cat {work}/articles.xml
}}
index news
{{
    source = news
    path = {work}/index/news
    morphology = stem_en
    docinfo = extern
}}
indexer
{{
    mem_limit = 512M
}}
searchd
{{
    listen = 127.0.0.1:{port or 9306}:mysql41
    log = {work}/searchd.log
    query_log = {work}/query.log
    pid_file = {work}/searchd.pid
    workers = threads
}}
""")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_searchd(work):
    port = free_port()
    write_config(work, port)
    subprocess.run([SEARCHD, "--config", os.path.join(work, "sphinx.conf")], check=True, stdout=subprocess.DEVNULL)
    return port


def stop_searchd(work):
    subprocess.run([SEARCHD, "--config", os.path.join(work, "sphinx.conf"), "--stopwait"],
                   stdout=subprocess.DEVNULL, check=False)


class Searchd:
    """searchd on a free loopback port, stopped on exit."""

    def __init__(self, work):
        self.work = work
        self.port = start_searchd(work)
        import pymysql
        for _ in range(100):
            try:
                self.connection = pymysql.connect(host="127.0.0.1", port=self.port)
                return
            except pymysql.err.OperationalError:
                time.sleep(0.1)
        raise RuntimeError("searchd did not start")

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.connection.close()
        stop_searchd(self.work)


def read_queries(path):
    queries = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t") + ["", ""]
        queries.append((fields[0], [c for c in fields[1].split(",") if c], [t for t in fields[2].split(",") if t]))
    return queries


def match_text(query):
    # Sphinx's extended syntax: phrases and bare words as in newsdex's; its operators are others.
    return query.replace("'", "\\'").replace(" AND ", " ").replace(" OR ", " | ")


def statements(kind, query, countries, topics, ids):
    where = [f"MATCH('{match_text(query)}')"]
    country_ids = [str(ids["country"].get(c, 0)) for c in countries]
    topic_ids = [str(ids["topic"].get(t, 0)) for t in topics]
    filters = {"country": f"country IN ({','.join(country_ids)})" if countries else None,
               "topic": f"topic IN ({','.join(topic_ids)})" if topics else None}
    if kind == "top10":
        return [f"SELECT id FROM news WHERE {' AND '.join(where + [f for f in filters.values() if f])} LIMIT 10"]
    if kind == "date":
        return [f"SELECT id FROM news WHERE {' AND '.join(where + [f for f in filters.values() if f])} "
                f"ORDER BY published DESC LIMIT 10"]
    # facets: the page, every facet without a filter of its own in one statement, and each facet
    # with a filter in one of its own without that filter (multi-select).
    shared = [f for f in FACETS if f not in filters or not filters[f]]
    everything = where + [f for f in filters.values() if f]
    sql = [f"SELECT id FROM news WHERE {' AND '.join(everything)} LIMIT 10 " +
           " ".join(f"FACET {f} ORDER BY COUNT(*) DESC LIMIT {FACET_VALUES}" for f in shared)]
    for facet, condition in filters.items():
        if condition:
            others = where + [f for name, f in filters.items() if f and name != facet]
            sql.append(f"SELECT id FROM news WHERE {' AND '.join(others)} LIMIT 1 "
                       f"FACET {facet} ORDER BY COUNT(*) DESC LIMIT {FACET_VALUES}")
    return sql


def run(work, queries_path, kind, repeat):
    ids = json.load(open(os.path.join(work, "ids.json"), encoding="utf-8"))
    queries = read_queries(queries_path)
    timings = []
    with Searchd(work) as searchd:
        cursor = searchd.connection.cursor()

        def ask(query):
            for sql in statements(kind, *query, ids):
                cursor.execute(sql)
                while True:  # every result set of a FACET statement
                    cursor.fetchall()
                    if not cursor.nextset():
                        break

        for query in queries:  # warm-up
            ask(query)
        for _ in range(repeat):
            for query in queries:
                started = time.perf_counter()
                ask(query)
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    pick = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))]
    print(f"sphinx   {kind:<7} p50 {pick(0.5):8.2f} ms  p95 {pick(0.95):8.2f} ms  p99 {pick(0.99):8.2f} ms  "
          f"({len(timings)} runs of {len(queries)} queries)")


def count(work, query, countries):
    ids = json.load(open(os.path.join(work, "ids.json"), encoding="utf-8"))
    names = {v: k for k, v in ids["country"].items()}
    where = f"MATCH('{match_text(query)}')"
    if countries:
        where += f" AND country IN ({','.join(str(ids['country'].get(c, 0)) for c in countries)})"
    with Searchd(work) as searchd:
        cursor = searchd.connection.cursor()
        cursor.execute(f"SELECT COUNT(*) FROM news WHERE {where}")
        total = int(cursor.fetchall()[0][0])
        cursor.execute(f"SELECT id FROM news WHERE {where} LIMIT 1 FACET country ORDER BY COUNT(*) DESC LIMIT 20")
        cursor.fetchall()
        cursor.nextset()
        # The five largest, equal counts in code order (as the newsdex side of the check sorts them).
        top = sorted(((names.get(int(value), value), int(n)) for value, n in cursor.fetchall()),
                     key=lambda c: (-c[1], c[0]))[:5]
    print(json.dumps({"total": total, "countries": top}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "build":
        build(*sys.argv[2:5])
    elif command == "prepare":
        print(" ".join(prepare(*sys.argv[2:5])))
    elif command == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 5)
    elif command == "count":
        count(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif command == "start":
        searchd = Searchd(sys.argv[2])  # started and answering; left running
        searchd.connection.close()
        print(searchd.port)
    elif command == "stop":
        stop_searchd(sys.argv[2])
    else:
        sys.exit(__doc__)
