// Written here because no maintained library in Debian splits compounds: hunspell accepts them
// when spell-checking but does not say where their parts are, and a spell check per candidate
// split would cost more than indexing the article. The parts are looked up in the word lists
// Debian packages for /usr/share/dict (wngerman: 356,000 German forms, inflections included;
// wdutch, wswedish, wdanish, wnorwegian).
#include "decompounder.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "newsdex/text.h"

#ifndef NEWSDEX_WORD_LISTS
#define NEWSDEX_WORD_LISTS "/usr/share/dict"
#endif

namespace newsdex::index {
namespace {

// Parts shorter than these are prefixes or endings more often than words ("ve", "ung" is no
// word but "bau", "amt" and "rat" are; a split with longer parts wins over one with a
// three-letter last part: pieces_of).
constexpr size_t kShortestHead = 3;
constexpr size_t kShortestTail = 3;
// Words with fewer bytes are not split: "Verkehr" is not "Ver" + "kehr".
constexpr size_t kShortestCompound = 8;
// In German, a word of this many bytes splits when both its parts are nouns ("Rat|haus",
// "Bahn|hof"; "Ver" is none).
constexpr size_t kShortestNounCompound = 7;
// Splits within splits, at most.
constexpr int kDeepest = 3;

// How a language joins words into compounds.
struct CompoundRules {
  std::string_view language;
  std::string_view word_list;  // its Debian package's file in /usr/share/dict
  // What links a first part to the next: German "Verkehr-s-minister", Dutch "gemeenteraad-s-".
  std::vector<std::string_view> links;
  // Endings that are words of their own in the list but, at the end of a longer word, make a
  // derivation rather than a compound: "Gewerkschaft" is not "Gewerk" + "Schaft".
  std::vector<std::string_view> derivation_endings;
  // Final letters a word drops as a first part: German "Grenz|kontrolle" (Grenze), "Miet|preis"
  // (Miete); Swedish "arbet|s|marknad" (arbete), "kärn|kraft" (kärna).
  std::vector<std::string_view> dropped_endings = {};
  // Inseparable prefixes, in a language whose word list holds the short words they and a letter
  // more make: Dutch "ver|schil", "ont|vangen", "on|geveer" read "ver", "ont" or "ong" as a first
  // part. A first part that is one of them, or one and a letter, is the prefix's accident.
  // (German writes nouns with a capital: its verbs are told apart by that, index_compound_parts.)
  std::vector<std::string_view> inseparable_prefixes = {};
  // True for German, which writes nouns with a capital, also in its word list.
  bool nouns_capitalised = false;
  // Endings of a verb's present participle after its stem: German "einmünd|ende", "aufbläh|enden"
  // are no compounds with "Ende", while "Wochen|ende" is.
  std::vector<std::string_view> verb_endings = {};
  // A link written only after the nouns whose plural is the noun, it and -en: Dutch "kind-er-opvang"
  // (kinderen), "lied-er-bundel" (liederen); after other words it is a word's own letters
  // ("inter|view" is no "int-er-view").
  std::string_view plural_link = {};
  // First parts shorter than kShortestHead (in letters) that start many compounds: Scandinavian
  // "el" (electricity: "elpriserna", "elbil", "elnettet"), German "Öl" ("Ölpreis"), Swedish "år"
  // (year: "årsmötet"; not in Danish and Norwegian, where "årsag" and "årsak" are a cause),
  // Danish and Norwegian "by" (town: "byrådet"), Danish "sø" (lake, sea: "søbredden").
  std::vector<std::string_view> short_heads = {};
  // Nouns of three letters that end many compounds without a link, in a language whose list does
  // not tell nouns by a capital: Dutch "snel|weg", "klimaat|wet", Swedish "polis|bil", Danish
  // "ring|vej". Not those that end words by accident more often ("lag": "förs|lag", "råd":
  // "för|råd", "rum": "cent|rum").
  std::vector<std::string_view> short_tails = {};
  // Words that hold other words by history only, and are never split (with a declension's
  // ending): German weekdays, so that `frei` finds no "Freitag", `dienen` no "Dienstag".
  std::vector<std::string_view> whole_words = {};
  // Definite (and definite plural) endings, longest first, that Scandinavian languages write on
  // to a noun: a listed noun and one of them splits only where the noun does, so that
  // "regeringen" (the government) is not "reger" + "ingen" (nobody) and "fredagen" (the Friday)
  // not "fred" (peace) + "agen", while "sjukhuset" is still "sjuk" + "hus".
  std::vector<std::string_view> definite_endings = {};
  // Where an s between two words is the next word's first letter rather than a link: German
  // "Bahn|strecke", no "Bahn|s|trecke", since a feminine noun has no genitive -s (the list holds
  // "Orts" but no "Bahns"); Danish and Norwegian "jernbane|strækning", since a noun in -e takes no
  // linking s. Nouns with one of `s_linking_endings` take it all the same ("Zeitung|s|…",
  // "følelse|s|…").
  enum class LinkingS { kAnywhere, kAfterGenitives, kNotAfterE } linking_s = LinkingS::kAnywhere;
  std::vector<std::string_view> s_linking_endings = {};
  // Links written in place of the final a of a noun whose plural is in -or, after a stem of any
  // length: Swedish "gat|u|belysning" (gata, gator), "gåv|o|brev" (gåva, gåvor); not after a
  // verb's stem ("int|o|nation", inta).
  std::vector<std::string_view> links_replacing_a = {};
};

const std::vector<CompoundRules>& all_rules() {
  static const std::vector<CompoundRules> rules = {
      {.language = "de",
       .word_list = "ngerman",  // wngerman
       .links = {"s", "es", "n", "en", "e", "er"},
       .derivation_endings = {"schaft", "schaften", "heit",  "heiten", "keit", "keiten", "lich",  "liche",
                              "lichen", "isch",     "ische", "chen",   "lein", "haft",   "hafte", "nisse",
                              "ling",   "linge",    "ion",   "ionen",  "bar",  "bare",   "baren", "barer",
                              "barem",  "bares",    "ren",   "eur",    "eure"},
       .dropped_endings = {"e"},
       .nouns_capitalised = true,
       .verb_endings = {"ende", "enden", "endes", "ender", "endem"},
       .short_heads = {"öl"},
       .whole_words = {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"},
       .linking_s = CompoundRules::LinkingS::kAfterGenitives,
       .s_linking_endings = {"ung", "heit", "keit", "schaft", "ion", "tät", "sicht", "arbeit", "geburt"}},
      {.language = "nl",
       .word_list = "dutch",  // wdutch
       .links = {"s", "en", "e", "er"},
       .derivation_endings = {"heid",  "heden",  "schap", "schappen", "lijk", "lijke", "isch",
                              "ische", "baar",   "bare",  "loos",     "loze", "tje",   "tjes",
                              "ling",  "lingen", "rijk",  "rijke",    "ster", "sters", "ter"},
       .inseparable_prefixes = {"be", "ge", "ver", "ont", "her", "on"},
       .plural_link = "er",
       .short_tails = {"weg", "wet", "dag", "zee", "bus"}},
      {.language = "sv",
       .word_list = "swedish",  // wswedish
       .links = {"s", "e", "a", "u", "o"},
       .derivation_endings = {"het", "heten", "skap", "skapen", "skapet", "lig", "liga", "ligt", "ning", "ningen",
                              "isk", "iska"},
       .dropped_endings = {"e", "a"},
       .short_heads = {"el", "år"},
       .short_tails = {"bil", "hus", "tid", "dag", "väg", "bok", "båt", "fly", "lån"},
       .definite_endings = {"erna", "arna", "orna", "na", "en", "et", "n", "t"},
       .links_replacing_a = {"u", "o"}},
      {.language = "da",
       .word_list = "danish",  // wdanish
       .links = {"s", "e"},
       .derivation_endings = {"hed", "heden", "skab", "skaber", "skabet", "lig", "lige", "ning", "ningen", "isk",
                              "iske"},
       .short_heads = {"el", "sø", "by"},
       .short_tails = {"bil", "hus", "tid", "dag", "vej", "sti", "bog", "båd", "fly", "lån"},
       .definite_endings = {"erne", "ene", "ne", "en", "et", "n"},
       .linking_s = CompoundRules::LinkingS::kNotAfterE,
       .s_linking_endings = {"else"}},
      {.language = "no",
       .word_list = "bokmaal",  // wnorwegian
       .links = {"s", "e"},
       .derivation_endings = {"het", "heten", "skap", "skapet", "lig", "lige", "ning", "ningen", "isk", "iske"},
       .short_heads = {"el", "by"},
       .short_tails = {"bil", "hus", "tid", "dag", "vei", "veg", "sti", "bok", "båt", "fly", "lån"},
       .definite_endings = {"ene", "ne", "en", "et", "a", "n"},
       .linking_s = CompoundRules::LinkingS::kNotAfterE,
       .s_linking_endings = {"else"}},
  };
  return rules;
}

const CompoundRules* rules_of(std::string_view language) {
  if (language == "nb") language = "no";  // Bokmål, as feeds declare it
  for (const CompoundRules& rules : all_rules()) {
    if (rules.language == language) return &rules;
  }
  return nullptr;
}

// A language's word list, in lower case, read on first use.
class WordList {
 public:
  explicit WordList(const std::string& path) {
    std::ifstream file(path);
    std::vector<size_t> ends;
    std::vector<bool> capitalised;
    for (std::string line; std::getline(file, line);) {
      if (line.empty() || line.find(' ') != std::string::npos) continue;
      // wswedish and wnorwegian are ISO-8859-1 ("järnväg" in Latin-1 bytes), the others UTF-8.
      // In lower case with their accents: folded, Swedish "nåden" (grace) would be "naden", the
      // end of "marknaden" (the market), which is no compound.
      const std::string word = utf8_reading_stray_bytes_as_windows_1252(line);
      capitalised.push_back(starts_upper_case(word));
      text_ += lower_case(word);
      ends.push_back(text_.size());
    }
    words_.reserve(ends.size());
    size_t start = 0;
    for (size_t k = 0; k < ends.size(); ++k) {
      const std::string_view word(text_.data() + start, ends[k] - start);
      words_.insert(word);
      if (capitalised[k]) capitalised_.insert(word);
      start = ends[k];
    }
  }

  bool empty() const { return words_.empty(); }
  bool contains(std::string_view word) const { return words_.contains(word); }
  // True when the list writes the word with a capital (in German, a noun: "Zug", not "der").
  bool capitalised(std::string_view word) const { return capitalised_.contains(word); }

 private:
  std::string text_;  // every word, one after another
  std::unordered_set<std::string_view> words_;
  std::unordered_set<std::string_view> capitalised_;
};

const WordList& word_list(const CompoundRules& rules) {
  // A thread asks without the lock once it knows the list: it is asked for every word.
  thread_local std::map<std::string_view, const WordList*> known;
  if (const auto found = known.find(rules.language); found != known.end()) return *found->second;
  // One list a language, read when the first article in it is indexed (the lists are megabytes),
  // and kept to the end.
  static std::mutex mutex;
  static std::map<std::string_view, std::unique_ptr<WordList>> lists;
  const std::lock_guard lock(mutex);
  std::unique_ptr<WordList>& list = lists[rules.language];
  if (!list) list = std::make_unique<WordList>(std::string(NEWSDEX_WORD_LISTS) + "/" + std::string(rules.word_list));
  known.emplace(rules.language, list.get());
  return *list;
}

// One word of a compound: where it starts and ends in the compound, and where its link ends.
struct Piece {
  size_t begin = 0;
  size_t end = 0;       // of the word itself
  size_t link_end = 0;  // of the word and its link
};

class Splitter {
 public:
  Splitter(const CompoundRules& rules, const WordList& words) : rules_(rules), words_(words) {}

  // The compound's parts and the compounds inside it, into `parts`: every run of its finest
  // pieces but the whole ("klima", "schutz", "gesetz", "klimaschutz", "schutzgesetz").
  void split(std::string_view word, std::vector<std::string>& parts) const {
    std::vector<Piece> atoms;
    add_atoms(word, 0, 0, false, atoms);
    // A last piece made of a noun's end and its definite ending joins the piece before it:
    // "slag|ordn|ingen" is "slag|ordningen".
    while (atoms.size() >= 2 && splits_a_definite_ending(word, atoms.back().begin)) {
      atoms[atoms.size() - 2].end = atoms.back().end;
      atoms[atoms.size() - 2].link_end = atoms.back().link_end;
      atoms.pop_back();
    }
    if (atoms.size() < 2) return;
    if (word.size() < kShortestCompound && !is_short_noun_compound(word, atoms)) return;
    for (size_t first = 0; first < atoms.size(); ++first) {
      for (size_t last = first; last < atoms.size(); ++last) {
        if (first == 0 && last + 1 == atoms.size()) continue;
        const std::string_view part = word.substr(atoms[first].begin, atoms[last].end - atoms[first].begin);
        if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.emplace_back(part);
      }
    }
  }

 private:
  // The finest pieces of `word` (at `offset` in the compound): its pieces, each split again
  // while it splits ("bundesverfassung|s|gericht": "bund|es|verfassung|s|gericht").
  // A piece before the last may end in a first part's form ("grundschul|lehrer": "grund|schul").
  void add_atoms(std::string_view word, size_t offset, int depth, bool is_first_part, std::vector<Piece>& atoms) const {
    const std::vector<Piece> pieces =
        depth <= kDeepest && (word.size() >= kShortestCompound || (depth == 0 && rules_.nouns_capitalised)) &&
                !is_whole_word(word)
            ? pieces_of(word, is_first_part)
            : std::vector<Piece>{};
    if (pieces.size() < 2) {
      atoms.push_back({offset, offset + word.size(), offset + word.size()});
      return;
    }
    for (const Piece& piece : pieces) {
      const bool last = piece.link_end == word.size();
      add_atoms(word.substr(piece.begin, piece.end - piece.begin), offset + piece.begin, depth + 1,
                is_first_part || !last, atoms);
      atoms.back().link_end = offset + piece.link_end;
    }
  }

  // True when a German word shorter than kShortestCompound, split into `atoms`, is two nouns:
  // two pieces, the last a noun (capitalised in the list: "Rat|haus", "Bahn|hof", "Ost|see"),
  // the first no verb's particle ("Aus|land", "Bei|trag", "Vor|teil" are words of their own).
  bool is_short_noun_compound(std::string_view word, const std::vector<Piece>& atoms) const {
    static constexpr std::string_view kParticles[] = {"aus", "auf", "bei", "ein", "mit", "vor", "nach", "weg",
                                                      "her", "hin", "dar", "los", "ver", "zer", "ent",  "miss"};
    if (!rules_.nouns_capitalised || atoms.size() != 2) return false;
    const std::string_view head = word.substr(0, atoms[0].end);
    return std::find(std::begin(kParticles), std::end(kParticles), head) == std::end(kParticles) &&
           words_.capitalised(word.substr(atoms[1].begin));
  }

  // True when `word` is a listed noun and a definite ending, and its last part, from
  // `last_begin`, is no listed word of three letters or more and that ending: "regeringen" is
  // "regering" and -en, not "reger" + "ingen", as "fredagen" is no "fred" + "agen" (ag is too
  // short); "sjukhuset" is "sjuk" + "hus" and -et.
  bool splits_a_definite_ending(std::string_view word, size_t last_begin) const {
    // The genitive's -s after the definite ending: "förmedlingens" is "förmedling", -en and -s,
    // not "förmedl" + "ingens" (nobody's).
    const std::string_view noun_and_ending =
        !rules_.definite_endings.empty() && word.ends_with('s') ? word.substr(0, word.size() - 1) : word;
    for (std::string_view ending : rules_.definite_endings) {
      for (std::string_view form : {word, noun_and_ending}) {
        if (!form.ends_with(ending) || !words_.contains(form.substr(0, form.size() - ending.size()))) continue;
        const size_t noun_end = form.size() - ending.size();
        if (last_begin >= noun_end) return true;
        const std::string_view last_noun = word.substr(last_begin, noun_end - last_begin);
        return last_noun.size() < kShortestTail || !words_.contains(last_noun);
      }
    }
    return false;
  }

  bool is_derivation_ending(std::string_view tail) const {
    const auto is_listed = [&](std::string_view ending) {
      return std::find(rules_.derivation_endings.begin(), rules_.derivation_endings.end(), ending) !=
             rules_.derivation_endings.end();
    };
    return is_listed(tail) || (tail.ends_with('s') && is_listed(tail.substr(0, tail.size() - 1)));
  }

  // True when a word of three letters is a noun that declines: capitalised in the list, with an
  // inflected form there too ("Zug", "Zuges"; "Uhr", "Uhren"), which abbreviations ("Tel",
  // "Ing") and first names ("Ben") have not.
  bool is_short_noun(std::string_view word) const { return words_.capitalised(word) && has_declined_form(word, false); }

  // True when the list holds `word` with one of kDeclensions (written capitalised, with
  // `capitalised`).
  bool has_declined_form(std::string_view word, bool capitalised) const {
    return std::any_of(std::begin(kDeclensions), std::end(kDeclensions), [&](std::string_view ending) {
      std::string form(word);
      form += ending;
      return capitalised ? words_.capitalised(form) : words_.contains(form);
    });
  }
  static constexpr std::string_view kDeclensions[] = {"es", "e", "en", "er"};

  // True when a first part is an inseparable prefix of the language, or one and a letter.
  bool is_prefix_accident(std::string_view head) const {
    constexpr size_t kLettersAfterPrefix = 1;
    return std::any_of(
        rules_.inseparable_prefixes.begin(), rules_.inseparable_prefixes.end(), [&](std::string_view prefix) {
          return head.starts_with(prefix) && count_characters(head) <= count_characters(prefix) + kLettersAfterPrefix;
        });
  }

  // True when `head` is a word of the list, or one without the final letter it drops as a first
  // part ("grenz", "arbet").
  bool is_first_part_word(std::string_view head) const {
    if (words_.contains(head)) return true;
    // Not after three letters: "ent" (a prefix) is no "Ente" in "Ent|scheidung".
    if (count_characters(head) <= kShortestHead) return false;
    return std::any_of(rules_.dropped_endings.begin(), rules_.dropped_endings.end(), [&](std::string_view ending) {
      std::string whole(head);
      whole += ending;
      return words_.contains(whole);
    });
  }

  // True when `piece` is a word only without the last letter it drops as a first part:
  // "grundschul" (Grundschule), "einmünd" (einmünde).
  bool is_word_without_its_ending(std::string_view piece) const {
    return !words_.contains(piece) && is_first_part_word(piece);
  }

  // True when `head` (without its link) and `tail` make a verb's form: its stem and a verb's
  // ending, the stem being one the list holds only with the letter it drops ("einmünd", of
  // "einmünde"), or, with no link between, one whose infinitive it holds ("Reis|ende" of
  // "reisen", travellers, no rice's end; "Streik|ende"; but "Krieg|s|ende", "Saison|ende").
  bool is_verb_form(std::string_view head, bool linked, std::string_view tail) const {
    if (std::find(rules_.verb_endings.begin(), rules_.verb_endings.end(), tail) == rules_.verb_endings.end())
      return false;
    return is_word_without_its_ending(head) || (!linked && words_.contains(std::string(head) + "en"));
  }

  // True when `head` and `tail` read a noun's genitive and "Ende" as the noun and the verb
  // "sende" (send): German "Krieg|sende", which is "Kriegs|ende" (war's end), as "Jahres|ende"
  // and "Monats|ende" are; "zurück|senden" stays, "zurücks" being no word.
  bool reads_genitive_as_verb(std::string_view head, std::string_view tail) const {
    if (!rules_.nouns_capitalised || (tail != "sende" && tail != "senden")) return false;
    std::string genitive(head);
    genitive += 's';
    return words_.capitalised(genitive);
  }

  // True for German, whose first parts are compounds often ("Grundschul|lehrer", "Baumwoll|ernte").
  // Swedish first parts so split are mostly a verb's prefix and stem ("för|medl|ingens").
  bool splits_first_parts_further() const { return rules_.nouns_capitalised; }

  // True when `head` ends with a linking s (or es) after a word: "wohnungs", "bundes".
  bool ends_with_linking_s(std::string_view head) const {
    for (std::string_view link : {std::string_view("s"), std::string_view("es")}) {
      if (std::find(rules_.links.begin(), rules_.links.end(), link) == rules_.links.end()) continue;
      if (head.ends_with(link) && count_characters(head.substr(0, head.size() - link.size())) >= kShortestHead &&
          is_first_part_word(head.substr(0, head.size() - link.size())))
        return true;
    }
    return false;
  }

  // True when a German first part is a verb's second person ("bahnst", of "bahnen", "bahnt"), which
  // starts no compound: "Bahnst|recke" is "Bahn|strecke". Nouns in -st are listed capitalised
  // ("Dienstes"); "selbst" (selben) and "herbst" (herben) are no verbs' forms.
  bool is_second_person(std::string_view head) const {
    if (!rules_.nouns_capitalised || !head.ends_with("st") || has_noun_form(head)) return false;
    const std::string stem(head.substr(0, head.size() - 2));
    return words_.contains(stem + "en") && words_.contains(stem + "t");  // "bahnen", "bahnt"
  }

  // True when the list writes `word` or one of its declined forms capitalised, as a noun: the list
  // writes a word that is also a verb's form in lower case only ("dienst", but "Dienstes").
  bool has_noun_form(std::string_view word) const { return words_.capitalised(word) || has_declined_form(word, true); }

  // True when `word` is one of CompoundRules::whole_words, or one and a declension's ending.
  bool is_whole_word(std::string_view word) const {
    static constexpr std::string_view kEndings[] = {"", "s", "e", "en", "es"};
    return std::any_of(rules_.whole_words.begin(), rules_.whole_words.end(), [&](std::string_view whole) {
      return word.starts_with(whole) &&
             std::find(std::begin(kEndings), std::end(kEndings), word.substr(whole.size())) != std::end(kEndings);
    });
  }

  bool is_short_tail(std::string_view tail) const {
    return std::find(rules_.short_tails.begin(), rules_.short_tails.end(), tail) != rules_.short_tails.end();
  }

  // True when `head`, a first part, always takes a linking s (CompoundRules::s_linking_endings).
  bool takes_linking_s(std::string_view head) const {
    return std::any_of(rules_.s_linking_endings.begin(), rules_.s_linking_endings.end(),
                       [&](std::string_view ending) { return head.ends_with(ending); });
  }

  // True when `head`, a first part, takes no linking s (CompoundRules::linking_s).
  bool takes_no_linking_s(std::string_view head) const {
    using enum CompoundRules::LinkingS;
    if (rules_.linking_s == kAnywhere || takes_linking_s(head)) return false;
    if (rules_.linking_s == kNotAfterE) return head.ends_with('e');
    std::string genitive(head);
    genitive += 's';
    return !words_.contains(genitive);
  }

  // True when the piece word[begin, next) puts an s on the wrong side of the split
  // (CompoundRules::linking_s), the s's other side also reading as words (`s_may_start_next`: the
  // rest from the piece's last letter; `s_may_link`: the rest after the next piece's first).
  // "Bahns|trecke" is "Bahn|strecke" and "Jernbanes|trækningen" "jernbane|strækningen", as
  // "Arbeit|stier" is "Arbeits|tier" and "følelse|sløse" "følelses|løse".
  bool misplaces_an_s(std::string_view word, size_t begin, size_t next, bool s_may_start_next, bool s_may_link) const {
    if (rules_.linking_s == CompoundRules::LinkingS::kAnywhere) return false;
    const std::string_view piece = word.substr(begin, next - begin);
    if (piece.ends_with('s') && s_may_start_next && takes_no_linking_s(piece.substr(0, piece.size() - 1))) return true;
    return word[next] == 's' && s_may_link && takes_linking_s(piece);
  }

  // The end of the word that `head` (a word and perhaps a link) starts with; 0 when it is none.
  size_t word_end_of_head(std::string_view head) const {
    if (is_first_part_word(head)) return head.size();
    for (std::string_view link : rules_.links) {
      if (!head.ends_with(link)) continue;
      const std::string_view noun = head.substr(0, head.size() - link.size());
      if (count_characters(noun) < kShortestHead) continue;
      const auto replaces_a = [&] {
        return std::find(rules_.links_replacing_a.begin(), rules_.links_replacing_a.end(), link) !=
                   rules_.links_replacing_a.end() &&
               words_.contains(std::string(noun) + "a") && words_.contains(std::string(noun) + "or");
      };
      if (!is_first_part_word(noun) && !replaces_a()) continue;
      // Of four letters or more: "interen" (to eat into) would make "int-er-view".
      constexpr size_t kShortestPluralLinkNoun = 4;
      if (link == rules_.plural_link &&
          (noun.size() < kShortestPluralLinkNoun || !words_.contains(std::string(head) + "en")))
        continue;
      return noun.size();
    }
    return 0;
  }

  // The fewest known words the compound is made of, each but the last perhaps with a link; among
  // as few, the most even (the shortest piece longest): "bundes|verkehrsminister" rather than a
  // split that leaves a sliver. `is_first_part`: the word is a compound's first part, perhaps
  // written without the last letter it drops there ("grundschul" of Grundschule), and so may be
  // its last piece ("grund|schul"). Dynamic programming over where each piece starts.
  std::vector<Piece> pieces_of(std::string_view word, bool is_first_part) const {
    struct Best {
      size_t count = 0;     // pieces from here to the end; 0: no way
      size_t shortest = 0;  // the shortest of them
      Piece piece;          // the first of them
    };
    std::vector<Best> best(word.size() + 1);
    for (size_t begin = word.size(); begin-- > 0;) {
      if ((static_cast<unsigned char>(word[begin]) & 0xC0) == 0x80) continue;  // inside a letter
      const std::string_view rest = word.substr(begin);
      // The last piece: a word, and no derivation ending.
      if (begin > 0 && rest.size() >= kShortestTail && !is_derivation_ending(rest) &&
          (words_.contains(rest) || (is_first_part && splits_first_parts_further() && !words_.contains(word) &&
                                     is_word_without_its_ending(rest)))) {
        best[begin] = {1, rest.size(), {begin, word.size(), word.size()}};
      }
      const auto short_head = begin == 0 ? std::find_if(rules_.short_heads.begin(), rules_.short_heads.end(),
                                                        [&](std::string_view head) { return word.starts_with(head); })
                                         : rules_.short_heads.end();
      const size_t short_head_size = short_head == rules_.short_heads.end() ? 0 : short_head->size();
      for (size_t next = begin + (short_head_size > 0 ? short_head_size : kShortestHead);
           next + kShortestTail <= word.size(); ++next) {
        if ((static_cast<unsigned char>(word[next]) & 0xC0) == 0x80 || best[next].count == 0) continue;
        // Letters, not bytes: "kø" (queue) is no first part of "København".
        if (next != short_head_size && count_characters(word.substr(begin, next - begin)) < kShortestHead) continue;
        const size_t end =
            next == short_head_size ? short_head_size : word_end_of_head(word.substr(begin, next - begin));
        if (end == 0 || (begin == 0 && is_prefix_accident(word.substr(0, end)))) continue;
        // The s's other side reads as words, as few as this side.
        const auto reads_as_few = [&](size_t other) {
          return best[other].count > 0 && best[other].count <= best[next].count;
        };
        if (misplaces_an_s(word, begin, next, reads_as_few(next - 1), reads_as_few(next + 1)) ||
            is_second_person(word.substr(begin, end)))
          continue;
        if (best[next].count == 1 && reads_genitive_as_verb(word.substr(begin, next - begin), word.substr(next)))
          continue;
        // A last part of three letters only after the linking s ("wohnung|s|bau", "bundes|rat",
        // the list having "bundes" as a word), or in German when it is a noun ("Wasserstoff|zug",
        // "Schwimm|bad", "Bürger|amt"): else endings that are words would split thousands of
        // words ("produkt|ion", "weite|ren", "schaffen|der").
        if (best[next].count == 1 && word.size() - next < 4 && !ends_with_linking_s(word.substr(begin, next - begin)) &&
            !(rules_.nouns_capitalised && is_short_noun(word.substr(next))) && !is_short_tail(word.substr(next)))
          continue;
        if (best[next].count == 1 && is_verb_form(word.substr(begin, end), end != next - begin, word.substr(next)))
          continue;
        const Best candidate{
            best[next].count + 1, std::min(best[next].shortest, next - begin), {begin, begin + end, next}};
        Best& current = best[begin];
        if (current.count == 0 || candidate.count < current.count ||
            (candidate.count == current.count && candidate.shortest > current.shortest))
          current = candidate;
      }
    }
    std::vector<Piece> pieces;
    if (best[0].count < 2) return pieces;
    for (size_t at = 0; at < word.size(); at = best[at].piece.link_end) pieces.push_back(best[at].piece);
    return pieces;
  }

  const CompoundRules& rules_;
  const WordList& words_;
};

}  // namespace

std::vector<std::string> compound_parts(std::string_view lower_case_word, std::string_view language) {
  const CompoundRules* rules = rules_of(language);
  if (!rules || lower_case_word.size() < (rules->nouns_capitalised ? kShortestNounCompound : kShortestCompound))
    return {};
  // News repeats its words: each thread remembers the splits it has made, up to a bound.
  constexpr size_t kRemembered = 200000;
  thread_local std::unordered_map<std::string, std::vector<std::string>> remembered;
  std::string key(language);
  key += ':';
  key += lower_case_word;
  if (auto found = remembered.find(key); found != remembered.end()) return found->second;
  const WordList& words = word_list(*rules);
  std::vector<std::string> parts;
  if (!words.empty()) Splitter(*rules, words).split(lower_case_word, parts);
  if (remembered.size() >= kRemembered) remembered.clear();
  remembered.emplace(std::move(key), parts);
  return parts;
}

std::optional<std::string> without_definite_ending(std::string_view lower_case_word, std::string_view language) {
  const CompoundRules* rules = rules_of(language);
  if (!rules || rules->definite_endings.empty()) return std::nullopt;
  constexpr size_t kShortestNoun = 3;  // letters: "bro", "vei"
  const WordList& words = word_list(*rules);
  std::string_view word = lower_case_word;
  if (word.ends_with('s') && words.contains(word.substr(0, word.size() - 1))) word.remove_suffix(1);  // genitive
  for (std::string_view ending : rules->definite_endings) {
    if (!word.ends_with(ending)) continue;
    const std::string_view noun = word.substr(0, word.size() - ending.size());
    if (count_characters(noun) >= kShortestNoun && words.contains(noun)) return std::string(noun);
  }
  return std::nullopt;
}

}  // namespace newsdex::index
