#!/usr/bin/python3
"""Writes the country names that Debian's iso-codes translates, for the gazetteer.

Usage: country_translations.py ISO_3166_JSON LOCALE_DIR OUTPUT LANG...

Each output line is `lang<TAB>code<TAB>name|name...`: the translations of a country's name,
official name and common name into one of the languages newsdex matches names in. iso-codes ships
them as gettext catalogues (LOCALE_DIR/LANG/LC_MESSAGES/iso_3166-1.mo); polib reads those.

A LANG written `+zh_CN` is written with an empty language: its names are matched in every article.
Chinese, Japanese and Korean names cannot be mistaken for words of another language, and the
language of a short item in those scripts is often unknown. Their catalogues put a short form in
brackets ("大韓民国 (韓国)"): it becomes a name of its own.
"""
import json
import os
import sys

import polib


# The word for "country" that a language's catalogue writes before or after every name.
COUNTRY_WORDS = {"lo": ("ປະເທດ",), "my": ("နိုင်ငံ",)}


def main():
    iso_json, locale_dir, output, *languages = sys.argv[1:]
    with open(iso_json, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    lines = []
    for language in languages:
        everywhere = language.startswith("+")
        language = language.lstrip("+")
        path = os.path.join(locale_dir, language, "LC_MESSAGES", "iso_3166-1.mo")
        if not os.path.exists(path):
            continue  # iso-codes has no catalogue for this language
        catalogue = {entry.msgid: entry.msgstr for entry in polib.mofile(path)}
        for country in countries:
            names = []
            for key in ("name", "official_name", "common_name"):
                english = country.get(key)
                translated = catalogue.get(english, "").strip() if english else ""
                forms = [translated]
                if everywhere and translated.endswith(")") and " (" in translated:
                    forms = [part.strip(" )") for part in translated.split(" (", 1)]
                # Lao and Myanmar write each name with the word "country" ("ປະເທດໄທ",
                # "ဂျပန်နိုင်ငံ"), which news mostly leaves out: the name without it too.
                for word in COUNTRY_WORDS.get(language, ()):
                    bare = translated.removeprefix(word).removesuffix(word).strip()
                    if bare and bare != translated:
                        forms.append(bare)
                for form in forms:
                    # Tabs and bars are the table's separators; no real name holds one. A name
                    # written as in English is kept: the gazetteer reads its inflected forms in
                    # the language ("Estonii" of Polish "Estonia"), where it is safe to.
                    if not form or (everywhere and form == english) or "|" in form or "\t" in form:
                        continue
                    if form not in names:
                        names.append(form)
            if names:
                lines.append(f"{'' if everywhere else language}\t{country['alpha_2']}\t{'|'.join(names)}\n")
    with open(output, "w", encoding="utf-8") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
