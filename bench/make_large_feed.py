#!/usr/bin/env python3
"""Writes a large, deterministic RSS 2.0 feed for parse benchmarks: ITEMS items (default 5,000),
each with a title, link, guid, date, categories, an HTML description and a content:encoded body of
several paragraphs with entities and inline markup, as news sites publish them.

  python3 bench/make_large_feed.py [ITEMS] > large.rss
"""
import random
import sys

WORDS = ("government minister economy market election energy agreement cooperation summit talks "
         "inflation central bank interest rate football championship weather storm earthquake "
         "research university technology satellite space agency climate emissions hospital health "
         "court ruling police investigation company profits shares exports imports trade").split()
PLACES = ["Baku", "Ankara", "Paris", "Berlin", "Tokyo", "Nairobi", "Brasília", "Zürich", "Kyiv", "Seoul"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    words.insert(rng.randint(0, len(words)), rng.choice(PLACES))
    return " ".join(words).capitalize() + "."


def main():
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rng = random.Random(20221920)
    out = sys.stdout
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
              'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
              "<title>Benchmark Wire</title>\n<link>https://bench.example/</link>\n"
              "<description>Generated for newsdex benchmarks</description>\n<language>en</language>\n")
    for i in range(items):
        day = 1 + i % 28
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + " in " + rng.choice(PLACES)
        paragraphs = "".join(
            "<p>" + " ".join(sentence(rng) for _ in range(4)).replace(" market ", " <b>market</b> ")
            + " &ldquo;Quoted&rdquo; &amp; more&hellip;</p>"
            for _ in range(6))
        out.write("<item>\n"
                  f"<title>{title}</title>\n"
                  f"<link>https://bench.example/news/{i}?utm_source=rss</link>\n"
                  f'<guid isPermaLink="false">bench-{i}</guid>\n'
                  f"<pubDate>{DAYS[i % 7]}, {day:02d} {MONTHS[i % 12]} 2024 {i % 24:02d}:{i % 60:02d}:00 +0000</pubDate>\n"
                  f"<dc:creator>Reporter {i % 97}</dc:creator>\n"
                  f"<category>{rng.choice(WORDS)}</category><category>{rng.choice(WORDS)}</category>\n"
                  f"<description>&lt;p&gt;{sentence(rng)} {sentence(rng)}&lt;/p&gt;</description>\n"
                  f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded>\n"
                  "</item>\n")
    out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
