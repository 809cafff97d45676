// Compounds (German, Dutch, Swedish, Danish, Norwegian) split into the words they are made of,
// so that "Kabinett" finds "Bundeskabinett" and "ziekenhuis" "ziekenhuisopname" (internal).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::index {

// The words a compound of `language`, in lower case with its accents (lower_case), is made of,
// and the shorter compounds inside it: "bundesverfassungsgericht" gives "bund", "verfassung",
// "gericht", "bundesverfassung" and "verfassungsgericht". Empty when the word is not two or more
// known words, for a language it does not take (German, Dutch, Swedish, Danish, Norwegian are),
// or when the language's word list is not installed.
std::vector<std::string> compound_parts(std::string_view lower_case_word, std::string_view language);

// The noun a Swedish, Danish or Norwegian word is with a definite ending (and perhaps the genitive's
// -s) taken off, when the word list holds the noun: "veien" is "vei", "bron" "bro", "sjukhusets"
// "sjukhus", "arbeiderne" "arbeider" (Snowball leaves short words and some endings on). Empty
// otherwise, or for another language.
std::optional<std::string> without_definite_ending(std::string_view lower_case_word, std::string_view language);

}  // namespace newsdex::index
