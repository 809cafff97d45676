// German compounds split into the words they are made of, so that "Kabinett" finds
// "Bundeskabinett" (internal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::index {

// The words a folded German word is made of, as written inside it: "verkehrsminister" gives
// "verkehrs" and "minister"; "bundesverkehrsminister" also "verkehrsminister". Empty when the
// word is not two or more known words, or when no German word list is installed.
std::vector<std::string> compound_parts(std::string_view folded_word);

}  // namespace newsdex::index
