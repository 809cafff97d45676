#!/usr/bin/python3
"""Writes the names of the cities of the country aliases in other languages, for the gazetteer,
from the translations Debian's libgeonames-common carries (GeoNames' alternate names as gettext
catalogues: Munich is "München" in German, "Monaco di Baviera" in Italian, "Мюнхен" in Russian).

Usage: city_translations.py ALIASES OUTPUT LANG...

The cities are those of the aliases' English section that GeoNames has in the same country (the
capitals and largest cities newsdex reads in running text), so that an article in another
language names them as an English one does. Each output line is `lang<TAB>code<TAB>name|name`,
the format of the country translations; a LANG written `+zh_CN` is written with an empty
language (its names count in every article). Names the same as the English one are left out.
"""
import ctypes
import os
import sys
import unicodedata

from city_names import geonames_cities, geonames_library


def folded(name):
    """Lower case without accents or full stops: "Sao Paulo" is GeoNames' "São Paulo"."""
    decomposed = unicodedata.normalize("NFKD", name.lower().replace(".", ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alias_cities(aliases_path):
    """The names of the aliases' English section, by country code (before the first "[xx]")."""
    names = {}
    with open(aliases_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("["):
                break
            code, tab, listed = line.partition("\t")
            if tab and len(code) == 2 and code.isupper():
                names.setdefault(code, set()).update(folded(name) for name in listed.split("|"))
    return names


def main():
    aliases_path, output, *languages = sys.argv[1:]
    # gettext reads LANGUAGE only when the locale is not "C"; C.UTF-8 is in every glibc.
    libc = ctypes.CDLL("libc.so.6")
    libc.setlocale.restype = ctypes.c_char_p
    os.environ["LANGUAGE"] = "en"
    libc.setlocale(ctypes.c_int(6), b"C.UTF-8")  # LC_ALL
    # gettext caches translations until told that the catalogues may have changed.
    catalogues_changed = ctypes.c_int.in_dll(libc, "_nl_msg_cat_cntr")
    library = geonames_library()
    wanted = alias_cities(aliases_path)
    chosen = {}  # index -> (code, English name): the largest city of each alias name
    largest = {}
    for index, (code, name, population) in enumerate(geonames_cities(library)):
        key = (code, folded(name))
        if key[1] in wanted.get(code, ()) and population > largest.get(key, (-1,))[0]:
            largest[key] = (population, index, name)
    for _, index, name in largest.values():
        chosen[index] = name
    lines = []
    for language in languages:
        everywhere = language.startswith("+")
        language = language.lstrip("+")
        os.environ["LANGUAGE"] = language
        catalogues_changed.value += 1
        names_by_code = {}
        for index, english in sorted(chosen.items()):
            city = library.geonames_get_city(index)
            code = library.geonames_city_get_country_code(city).decode()
            name = library.geonames_city_get_name(city).decode().strip()
            library.geonames_city_free(city)
            # Tabs and bars are the table's separators; no real name holds one.
            if name and name != english and "|" not in name and "\t" not in name:
                names = names_by_code.setdefault(code, [])
                if name not in names:
                    names.append(name)
        for code, names in sorted(names_by_code.items()):
            lines.append(f"{'' if everywhere else language}\t{code}\t{'|'.join(names)}\n")
    with open(output, "w", encoding="utf-8") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
