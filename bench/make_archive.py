#!/usr/bin/env python3
"""Writes a large, deterministic news archive for search benchmarks, built from the real text of
the shared corpora (BBC News and Reuters-21578): ARTICLES articles (default 1,000,000), each a
real title and three to six real paragraphs of articles from the same corpus, from one of 40
outlets, published between 2020 and 2024. Real text keeps word frequencies, lengths and the
places and topics the tagger finds realistic.

  python3 bench/make_archive.py ARTICLES OUT_DIR [SHARED_DIR] [SEED]

SEED (default 1000000) draws another archive, with ids of its own (archive.example/SEED-N), to
add to one drawn before (bench/watch_overhead.sh crawls such new articles into the million).

OUT_DIR receives JSON Feed files of 20,000 items (feed-00000.json, ...) for `newsdex-index add`,
and archive.jsonl, one {"id", "title", "text", "source", "published"} a line, for other engines.
"""
import html
import json
import os
import random
import re
import sys

CHUNK = 20000


def bbc(shared):
    path = os.path.join(shared, "corpus", "bbc-news", "bbc-news.jsonl")
    for line in open(path, encoding="utf-8"):
        article = json.loads(line)
        yield article["title"], [p.strip() for p in article["text"].split("\n") if p.strip()]


def reuters(shared):
    folder = os.path.join(shared, "corpus", "reuters21578")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".sgm"):
            continue
        text = open(os.path.join(folder, name), encoding="latin-1").read()
        for block in re.findall(r"<REUTERS.*?</REUTERS>", text, re.S):
            title = re.search(r"<TITLE>(.*?)</TITLE>", block, re.S)
            body = re.search(r"<BODY>(.*?)</BODY>", block, re.S)
            if not title or not body:
                continue
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n {3,}", html.unescape(body.group(1)))]
            paragraphs = [p.replace(" Reuter \x03", "").replace("\x03", "") for p in paragraphs if len(p) > 40]
            if paragraphs:
                yield html.unescape(title.group(1)).title(), paragraphs


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    count, out_dir = int(sys.argv[1]), sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "..", "shared")
    corpora = [list(bbc(shared)), list(reuters(shared))]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1000000
    rng = random.Random(seed)
    id_prefix = "" if seed == 1000000 else f"{seed}-"
    outlets = [f"Outlet {i:02d}" for i in range(40)]
    os.makedirs(out_dir, exist_ok=True)
    archive = open(os.path.join(out_dir, "archive.jsonl"), "w", encoding="utf-8")
    items = []
    for n in range(count):
        corpus = corpora[n % 2]
        title, first = corpus[rng.randrange(len(corpus))]
        paragraphs = list(first[:2])
        for _ in range(rng.randint(1, 4)):
            paragraphs.append(rng.choice(corpus[rng.randrange(len(corpus))][1]))
        published = (f"{rng.randint(2020, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                     f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z")
        article = {"id": f"https://archive.example/{id_prefix}{n}", "title": title, "text": "\n\n".join(paragraphs),
                   "source": rng.choice(outlets), "published": published}
        archive.write(json.dumps(article) + "\n")
        items.append({"id": article["id"], "url": article["id"], "title": title, "content_text": article["text"],
                      "date_published": published, "authors": [{"name": article["source"]}],
                      "_source": article["source"]})
        if len(items) == CHUNK or n == count - 1:
            # One feed per chunk; the outlet is the feed's title, so chunks carry several outlets
            # by splitting them per outlet.
            by_outlet = {}
            for item in items:
                by_outlet.setdefault(item.pop("_source"), []).append(item)
            for outlet, outlet_items in sorted(by_outlet.items()):
                path = os.path.join(out_dir, f"feed-{n // CHUNK:05d}-{outlet.split()[-1]}.json")
                with open(path, "w", encoding="utf-8") as feed:
                    json.dump({"version": "https://jsonfeed.org/version/1.1", "title": outlet, "language": "en",
                               "items": outlet_items}, feed)
            items = []
    archive.close()


if __name__ == "__main__":
    main()
