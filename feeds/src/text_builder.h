// Plain text built from markup events (internal).
#pragma once

#include <string>
#include <string_view>

namespace newsdex::feeds {

// Appends text, then paragraph breaks; runs of whitespace become one space, and paragraph
// breaks never pile up at the start, end or on one another.
class TextBuilder {
 public:
  void add_text(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    size_t pos = 0;
    while (pos < text.size()) {
      size_t word = pos;
      while (word < text.size() && is_space(text[word])) ++word;
      if (word != pos) pending_space_ = true;
      if (word == text.size()) break;
      size_t end = word;
      while (end < text.size() && !is_space(text[end])) ++end;
      if (pending_break_ && !out_.empty()) {
        out_ += "\n\n";
      } else if (pending_line_ && !out_.empty()) {
        out_ += '\n';
      } else if (pending_space_ && !out_.empty() && out_.back() != '\n') {
        out_.push_back(' ');
      }
      pending_break_ = pending_space_ = pending_line_ = false;
      out_.append(text.substr(word, end - word));
      pos = end;
    }
  }
  void add_break() { pending_break_ = true; }
  // A line break inside a paragraph (<br>): one "\n", unless a paragraph break is pending.
  void add_line_break() {
    if (!out_.empty() && !pending_break_) pending_line_ = true;
  }
  bool empty() const { return out_.empty(); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool pending_space_ = false;
  bool pending_break_ = false;
  bool pending_line_ = false;
};

}  // namespace newsdex::feeds
