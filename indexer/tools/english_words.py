#!/usr/bin/python3
"""Writes the lower-case words of Debian's English word lists (wamerican, wbritish), sorted, one a
line, for the tagger: a capitalised word that is none of them, beside a place's name, reads as a
person's name ("Sydney Sweeney", "Denzel Washington"), where an English word does not ("Sydney
Harbour", "In Washington").

Usage: english_words.py OUTPUT LIST...
"""
import re
import sys


def main():
    output, *lists = sys.argv[1:]
    words = set()
    for path in lists:
        with open(path, encoding="utf-8", errors="replace") as f:
            words.update(line.strip() for line in f if re.fullmatch(r"[a-z]+", line.strip()))
    with open(output, "w", encoding="utf-8") as f:
        f.writelines(word + "\n" for word in sorted(words))


if __name__ == "__main__":
    main()
