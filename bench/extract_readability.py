#!/usr/bin/env python3
"""The peer of bench/extract_bench.cc: python3-readability (Debian's port of Readability) on the
same pages, in one process, ROUNDS times over; the same output line per round.

    extract_readability.py DIR [ROUNDS]
"""
import gzip, os, sys, time

import lxml.html
from readability import Document


def main():
    directory, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    names = sorted(n for n in os.listdir(directory) if n.endswith(".html") or n.endswith(".html.gz"))
    pages = []
    for name in names:
        path = os.path.join(directory, name)
        pages.append(gzip.open(path).read() if name.endswith(".gz") else open(path, "rb").read())
    size = sum(len(p) for p in pages) / 1e6
    for _ in range(rounds):
        characters = 0
        started = time.perf_counter()
        for page in pages:
            try:
                summary = Document(page).summary(html_partial=True)
                characters += len(lxml.html.fromstring(summary).text_content()) if summary.strip() else 0
            except Exception:  # the peer's own failures, as in ../shared/checks/extraction-eval.py
                pass
        seconds = time.perf_counter() - started
        print("pages %d megabytes %.1f seconds %.3f pages_per_s %.1f mb_per_s %.2f text_bytes %d"
              % (len(pages), size, seconds, len(pages) / seconds, size / seconds, characters), flush=True)


if __name__ == "__main__":
    main()
