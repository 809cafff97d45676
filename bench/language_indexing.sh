#!/usr/bin/env bash
# What indexing German compounds, Chinese, Japanese and Korean n-grams and Turkish word forms
# costs: the same three archives imported into a fresh index by one or two builds, whole-process
# medians of RUNS runs.
#   German: every German item of ../shared/corpus/real-feeds with 200+ characters of text
#           (148), twenty times over with distinct ids (2,960 articles).
#   CJK:    3,000 articles of twelve sentences each, drawn from bench/cjk_sentences.tsv (written
#           for newsdex's known-item tests: a query word, a tab, a sentence holding it).
#   Turkish: 3,000 articles of twelve sentences each, from bench/turkish_sentences.tsv (written
#           for newsdex in the same form).
#   Scandinavian: 3,000 articles of twelve sentences each, a third each in Swedish, Danish and
#           Norwegian, from bench/scandinavian_sentences.tsv (a language, a tab, a sentence with a
#           compound, written for newsdex's compound probes).
#   bench/language_indexing.sh BUILD_DIR [BASELINE_BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
baseline=${2:-}
runs=${3:-7}
shared=${NEWSDEX_SHARED_DIR:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$build/indexer/newsdex-index" "$shared/corpus/real-feeds" bench/cjk_sentences.tsv bench/turkish_sentences.tsv \
  bench/scandinavian_sentences.tsv "$work" <<'PY'
import json, os, random, subprocess, sys
index, feeds, cjk_sentences, turkish_sentences, scandinavian_sentences, work = sys.argv[1:]
german = []
for root, _, names in os.walk(feeds):
    for name in sorted(names):
        run = subprocess.run([index, "parse", "--json", os.path.join(root, name)], capture_output=True, text=True)
        if run.returncode:
            continue
        feed = json.loads(run.stdout)
        if not (feed.get("language") or "").lower().startswith("de"):
            continue
        german += [i for i in feed["items"] if i.get("title") and len(i.get("text") or "") > 200]
with open(os.path.join(work, "german.jsonl"), "w") as out:
    for n in range(20 * len(german)):
        item = german[n % len(german)]
        out.write(json.dumps({"id": "https://de.example/%d" % n, "title": item["title"], "text": item["text"],
                              "language": "de", "published": "2024-01-%02dT10:00:00Z" % (1 + n % 28)}) + "\n")
random.seed(7)
def sentence_archive(sentences_file, language, name):
    """3,000 articles of twelve sentences each, drawn from a file of query words and sentences."""
    sentences = [line.rstrip("\n").split("\t")[1] for line in open(sentences_file, encoding="utf-8")]
    with open(os.path.join(work, name + ".jsonl"), "w") as out:
        for n in range(3000):
            separator = "" if language == "zh" else " "
            out.write(json.dumps({"id": "https://%s.example/%d" % (language, n), "title": random.choice(sentences)[:20],
                                  "text": separator.join(random.choice(sentences) for _ in range(12)),
                                  "language": language, "published": "2024-01-%02dT10:00:00Z" % (1 + n % 28)},
                                 ensure_ascii=False) + "\n")
sentence_archive(cjk_sentences, "zh", "cjk")
sentence_archive(turkish_sentences, "tr", "turkish")
by_language = {}
for line in open(scandinavian_sentences, encoding="utf-8"):
    language, sentence = line.rstrip("\n").split("\t")
    by_language.setdefault(language, []).append(sentence)
with open(os.path.join(work, "scandinavian.jsonl"), "w") as out:
    for n in range(3000):
        language = sorted(by_language)[n % len(by_language)]
        sentences = by_language[language]
        out.write(json.dumps({"id": "https://nordic.example/%d" % n, "title": random.choice(sentences),
                              "text": " ".join(random.choice(sentences) for _ in range(12)),
                              "language": language, "published": "2024-01-%02dT10:00:00Z" % (1 + n % 28)},
                             ensure_ascii=False) + "\n")
print("German articles: %d" % (20 * len(german)))
PY

source bench/median.sh
for archive in german cjk turkish scandinavian; do
  for dir in "$build" $baseline; do
    seconds=$(median_seconds "$runs" sh -c "rm -rf \"$work/index\" && exec \"$dir/indexer/newsdex-index\" --db \"$work/index\" import \"$work/$archive.jsonl\"")
    printf '%-12s %-40s %s s\n' "$archive" "$dir" "$seconds"
  done
done
