#!/usr/bin/python3
"""Writes the country names that Debian's iso-codes translates, for the gazetteer.

Usage: country_translations.py ISO_3166_JSON LOCALE_DIR OUTPUT LANG...

Each output line is `lang<TAB>code<TAB>name|name...`: the translations of a country's name,
official name and common name into one of the languages newsdex stems. iso-codes ships them as
gettext catalogues (LOCALE_DIR/LANG/LC_MESSAGES/iso_3166-1.mo); polib reads those.
"""
import json
import os
import sys

import polib


def main():
    iso_json, locale_dir, output, *languages = sys.argv[1:]
    with open(iso_json, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    lines = []
    for language in languages:
        path = os.path.join(locale_dir, language, "LC_MESSAGES", "iso_3166-1.mo")
        if not os.path.exists(path):
            continue  # iso-codes has no catalogue for this language
        catalogue = {entry.msgid: entry.msgstr for entry in polib.mofile(path)}
        for country in countries:
            names = []
            for key in ("name", "official_name", "common_name"):
                english = country.get(key)
                translated = catalogue.get(english, "").strip() if english else ""
                # Tabs and bars are the table's separators; no real name holds one.
                if translated and translated != english and "|" not in translated and "\t" not in translated \
                        and translated not in names:
                    names.append(translated)
            if names:
                lines.append(f"{language}\t{country['alpha_2']}\t{'|'.join(names)}\n")
    with open(output, "w", encoding="utf-8") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
