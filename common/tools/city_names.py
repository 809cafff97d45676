#!/usr/bin/python3
"""Writes the cities that name their country for the gazetteer, from GeoNames' cities of 15,000
people or more as Debian's libgeonames0 carries them (read through ctypes: the library needs no
headers for that).

Usage: city_names.py OUTPUT MIN_POPULATION WORD_LIST

Each output line is `code<TAB>name` for a city of MIN_POPULATION people or more that names its
country: its name is not also a lower-case English word in WORD_LIST ("Mobile", "Reading",
"Split" are words first), and no city of another country with that name has a tenth of its
people ("Santiago" is Chile's; "Jackson" is several American cities, all in the United States).
Other cities that large are written `-<TAB>name`: they name no country, but a name the gazetteer
has for other reasons is then known to be a city's ("Halifax", in Canada and England).
"""
import ctypes
import ctypes.util
import sys
from collections import defaultdict


def geonames_library():
    """libgeonames through ctypes, its city getters typed."""
    library = ctypes.CDLL(ctypes.util.find_library("geonames") or "libgeonames.so.0")
    library.geonames_get_n_cities.restype = ctypes.c_int
    library.geonames_get_city.restype = ctypes.c_void_p
    library.geonames_get_city.argtypes = [ctypes.c_int]
    for field in ("name", "country_code"):
        getter = getattr(library, "geonames_city_get_" + field)
        getter.restype = ctypes.c_char_p
        getter.argtypes = [ctypes.c_void_p]
    library.geonames_city_get_population.restype = ctypes.c_uint
    library.geonames_city_get_population.argtypes = [ctypes.c_void_p]
    library.geonames_city_free.argtypes = [ctypes.c_void_p]
    return library


def geonames_cities(library=None):
    """Every city as (country code, name, population), in the library's order; the names in the
    language of the process's messages (English when none is set)."""
    library = library or geonames_library()
    for index in range(library.geonames_get_n_cities()):
        city = library.geonames_get_city(index)
        yield (library.geonames_city_get_country_code(city).decode(), library.geonames_city_get_name(city).decode(),
               library.geonames_city_get_population(city))
        library.geonames_city_free(city)


def spellings(name):
    """The ways news writes a city named after a saint, its long form first: GeoNames has "Saint
    Paul" and "St. Petersburg", datelines "ST. PAUL" and "ST PETERSBURG"; "Saint-Étienne" is also
    "St-Étienne". (The gazetteer ignores the full stop.)"""
    for prefix in ("Saint ", "Saint-", "St. ", "St ", "St-"):
        if name.startswith(prefix) and len(name) > len(prefix):
            rest, separator = name[len(prefix):], prefix[-1]
            return [f"Saint{separator}{rest}", f"St{separator}{rest}"]
    return [name]


def main():
    output, min_population, word_list = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(word_list, encoding="utf-8") as f:
        words = {line.strip() for line in f if line.strip().islower()}
    # The most people in a city of that name, per country; the spellings of a saint's name are one
    # name ("St. Petersburg", Florida, is a tenth of Saint Petersburg, Russia).
    people = defaultdict(lambda: defaultdict(int))
    for code, name, population in geonames_cities():
        key = spellings(name)[0]
        people[key][code] = max(people[key][code], population)
    lines = []
    for name, by_country in people.items():
        ranked = sorted(by_country.items(), key=lambda entry: -entry[1])
        code, population = ranked[0]
        if population < min_population or "\t" in name or "|" in name:
            continue
        ambiguous = len(ranked) > 1 and ranked[1][1] * 10 > population
        if len(name) < 4 or name.lower() in words or ambiguous:
            code = "-"
        lines.extend(f"{code}\t{spelling}\n" for spelling in spellings(name))
    with open(output, "w", encoding="utf-8") as f:
        f.writelines(sorted(lines))


if __name__ == "__main__":
    main()
