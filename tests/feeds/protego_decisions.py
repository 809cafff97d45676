#!/usr/bin/python3
"""Prints python3-protego's allow/deny decision for each case of a robots.txt case table.

Usage: protego_decisions.py CASES.json
Prints one line per case, "allow" or "deny", in the table's order, for the crawler "newsdex".
Exits 77 when protego is not installed (scripts/install-deps installs python3-protego).
"""
import json
import sys

try:
    from protego import Protego
except ImportError:
    print("python3-protego is not installed", file=sys.stderr)
    sys.exit(77)

for case in json.load(open(sys.argv[1], encoding="utf-8")):
    rules = Protego.parse(case["robots"])
    url = "https://example.org" + case["path"]
    print("allow" if rules.can_fetch(url, "newsdex") else "deny")
