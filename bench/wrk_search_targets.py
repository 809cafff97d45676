#!/usr/bin/env python3
"""Writes a wrk Lua script that sends GET /search for the queries of bench/queries.tsv in turn
(their country and topic filters included) and prints one summary line at the end:
requests/s, p50/p90/p99 latency and the count of errors (non-2xx, connect, read, write, timeout),
and on stderr the first three failed answers of each wrk thread.

  python3 bench/wrk_search_targets.py [EXTRA_PARAMETERS] > script.lua
  e.g. EXTRA_PARAMETERS '&estimate=1&facets=' for ten hits without exact totals or facets.
"""
import os
import sys
import urllib.parse

extra = sys.argv[1] if len(sys.argv) > 1 else ""
targets = []
for line in open(os.path.join(os.path.dirname(__file__), "queries.tsv"), encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    fields = line.split("\t") + ["", ""]
    params = [("q", fields[0])]
    params += [("country", c) for c in fields[1].split(",") if c]
    params += [("topic", t) for t in fields[2].split(",") if t]
    target = "/search?" + urllib.parse.urlencode(params) + extra
    targets.append('"' + target.replace("\\", "\\\\").replace('"', '\\"') + '"')
print("local targets = {" + ",\n".join(targets) + "}")
print("local n = 0")
print("request = function() n = n % #targets + 1; return wrk.format('GET', targets[n]) end")
# The first few failed answers of each thread, so that an error count says what the errors were.
print("local shown = 0")
print("response = function(status, headers, body)")
print("  if status >= 300 and shown < 3 then shown = shown + 1; io.stderr:write(status .. ' ' .. body:sub(1, 200) .. '\\n') end")
print("end")
print("done = function(summary, latency, requests)")
print("  io.write(string.format('requests/s %.1f  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  errors %d\\n',")
print("    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,")
print("    latency:percentile(90) / 1000, latency:percentile(99) / 1000,")
print("    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))")
print("end")
