#include "phrase_check.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/term_positions.h"

namespace newsdex::search {
namespace {

using Positions = std::vector<Xapian::termpos>;

// Whether some position of each place, in order (`ordered`) or any order, lies within a span of
// `window` positions: Xapian's OP_PHRASE and OP_NEAR. A place's positions are those of each of
// its terms, merged.
bool within_window(const std::vector<Positions>& places, Xapian::termcount window, bool ordered) {
  if (places.empty() || std::any_of(places.begin(), places.end(), [](const Positions& p) { return p.empty(); })) {
    return false;
  }
  if (ordered) {
    for (Xapian::termpos first : places.front()) {
      Xapian::termpos last = first;
      bool found = true;
      for (size_t i = 1; i < places.size() && found; ++i) {
        const auto next = std::upper_bound(places[i].begin(), places[i].end(), last);
        found = next != places[i].end() && *next - first < window;
        if (found) last = *next;
      }
      if (found) return true;
    }
    return false;
  }
  // Any order: every start of a window at one of the positions; each place takes its first
  // position inside the window that no other place took.
  for (const Positions& starts : places) {
    for (Xapian::termpos start : starts) {
      std::vector<Xapian::termpos> taken;
      bool found = true;
      for (size_t i = 0; i < places.size() && found; ++i) {
        found = false;
        for (auto at = std::lower_bound(places[i].begin(), places[i].end(), start);
             at != places[i].end() && *at - start < window; ++at) {
          if (std::find(taken.begin(), taken.end(), *at) != taken.end()) continue;
          taken.push_back(*at);
          found = true;
          break;
        }
      }
      if (found) return true;
    }
  }
  return false;
}

// The articles in which the places of a phrase (each one term or several, e.g. a synonym's)
// stand within the phrase's window. Used as a filter on the AND of the phrase's words, it is
// asked about the candidates that AND finds (check()); when the matcher drives from it instead,
// it walks the postings of its rarest single term.
class PhraseCheck : public Xapian::PostingSource {
 public:
  PhraseCheck(std::vector<std::vector<std::string>> places, Xapian::termcount window, bool ordered)
      : places_(std::move(places)), window_(window), ordered_(ordered) {
    for (const auto& terms : places_) wanted_.insert(wanted_.end(), terms.begin(), terms.end());
    std::sort(wanted_.begin(), wanted_.end());
    wanted_.erase(std::unique(wanted_.begin(), wanted_.end()), wanted_.end());
  }

  void init(const Xapian::Database& database) override {
    database_ = database;
    positions_ = database.valuestream_begin(schema::kPositionsSlot);
    blocks_.clear();
    for (const std::string& term : wanted_) blocks_.emplace_back(database, term);
    every_article_ = database.postlist_begin("");
    articles_ = database.get_doccount();
    Xapian::doccount fewest = articles_;
    std::string rarest;
    for (const auto& terms : places_) {
      Xapian::doccount frequency = 0;
      for (const std::string& term : terms) frequency += database.get_termfreq(term);
      if (frequency <= fewest) {
        fewest = frequency;
        if (terms.size() == 1) rarest = terms.front();
      }
    }
    postings_.clear();
    for (const std::string& term : wanted_) postings_.push_back(database.postlist_begin(term));
    single_words_.clear();
    for (const auto& terms : places_) {
      if (terms.size() == 1)
        single_words_.push_back(std::lower_bound(wanted_.begin(), wanted_.end(), terms.front()) - wanted_.begin());
    }
    driver_ = rarest.empty() ? Xapian::PostingIterator() : database.postlist_begin(rarest);
    drives_by_term_ = !rarest.empty();
    current_ = 0;
    at_end_ = false;
  }

  Xapian::doccount get_termfreq_min() const override { return 0; }
  // Estimated as matching every article: Xapian's AND then asks the check last, about the
  // articles every word matched, rather than drive from it or ask it before the other words.
  Xapian::doccount get_termfreq_est() const override { return articles_; }
  Xapian::doccount get_termfreq_max() const override { return articles_; }

  // False, as Xapian allows, leaves the position undetermined: next() then moves on from it.
  bool check(Xapian::docid document, double) override {
    current_ = document;
    return matches(document);
  }

  void next(double) override { advance_past(current_); }

  void skip_to(Xapian::docid document, double) override {
    if (at_end_ || document <= current_) return;
    if (matches(document)) {
      current_ = document;
      return;
    }
    advance_past(document);
  }

  bool at_end() const override { return at_end_; }
  Xapian::docid get_docid() const override { return current_; }
  PhraseCheck* clone() const override { return new PhraseCheck(places_, window_, ordered_); }
  std::string get_description() const override {
    return std::string("PhraseCheck(") + (ordered_ ? "phrase " : "near ") + std::to_string(window_) + ")";
  }

 private:
  // Moves to the first matching article after `document`. (Xapian's iterators equal a
  // default-made one once they are past their end.)
  void advance_past(Xapian::docid document) {
    while (true) {
      Xapian::docid candidate = 0;
      if (drives_by_term_) {
        candidate = next_with_every_word(document + 1);
        if (candidate == 0) break;
      } else {
        if (every_article_ == Xapian::PostingIterator()) break;
        every_article_.skip_to(document + 1);
        if (every_article_ == Xapian::PostingIterator()) break;
        candidate = *every_article_;
      }
      if (matches(candidate)) {
        current_ = candidate;
        return;
      }
      document = candidate;
    }
    at_end_ = true;
  }

  // The first article from `from` on that has the rarest word and every word that is a place of
  // its own (leapfrogging their postings), or 0: only those can hold the phrase.
  Xapian::docid next_with_every_word(Xapian::docid from) {
    while (true) {
      if (driver_ == Xapian::PostingIterator()) return 0;
      driver_.skip_to(from);
      if (driver_ == Xapian::PostingIterator()) return 0;
      from = *driver_;
      bool every = true;
      for (const size_t index : single_words_) {
        Xapian::PostingIterator& postings = postings_[index];
        if (postings == Xapian::PostingIterator()) return 0;
        if (*postings < from) postings.skip_to(from);
        if (postings == Xapian::PostingIterator()) return 0;
        if (*postings > from) {
          from = *postings;
          every = false;
          break;
        }
      }
      if (every) return from;
    }
  }

  // Whether `document` has wanted_[index]. Documents are asked in ascending order.
  bool has_term(size_t index, Xapian::docid document) {
    Xapian::PostingIterator& postings = postings_[index];
    if (postings == Xapian::PostingIterator()) return false;
    if (*postings < document) postings.skip_to(document);
    return postings != Xapian::PostingIterator() && *postings == document;
  }

  // The positions value of `document` (schema 4, or an article replaced in place), if it has one.
  // Documents are asked in ascending order.
  bool has_positions_value(Xapian::docid document) {
    if (positions_ == Xapian::ValueIterator()) return false;
    if (positions_.get_docid() < document) positions_.skip_to(document);
    return positions_ != Xapian::ValueIterator() && positions_.get_docid() == document;
  }

  // Whether `document` holds the phrase. Documents are asked in ascending order.
  bool matches(Xapian::docid document) {
    std::vector<Positions> of_terms;
    if (!has_positions_value(document)) {
      for (schema::PositionBlockReader& blocks : blocks_) of_terms.push_back(blocks.positions(document));
      return within_window(places_of(of_terms), window_, ordered_);
    }
    const std::string encoded = *positions_;
    if (schema::reads_term_list(encoded)) {
      of_terms =
          schema::positions_of(encoded, database_.termlist_begin(document), database_.termlist_end(document), wanted_);
    } else {
      // Hashed positions: a term the article lacks could take another's; its postings say.
      of_terms = schema::positions_of(encoded, Xapian::TermIterator(), Xapian::TermIterator(), wanted_);
      for (size_t i = 0; i < wanted_.size(); ++i) {
        if (!of_terms[i].empty() && !has_term(i, document)) of_terms[i].clear();
      }
    }
    return within_window(places_of(of_terms), window_, ordered_);
  }

  // The positions of each place, from those of each wanted term.
  std::vector<Positions> places_of(const std::vector<Positions>& of_terms) const {
    std::vector<Positions> places;
    places.reserve(places_.size());
    for (const auto& terms : places_) {
      Positions merged;
      for (const std::string& term : terms) {
        const size_t index = std::lower_bound(wanted_.begin(), wanted_.end(), term) - wanted_.begin();
        merged.insert(merged.end(), of_terms[index].begin(), of_terms[index].end());
      }
      if (terms.size() > 1) std::sort(merged.begin(), merged.end());
      places.push_back(std::move(merged));
    }
    return places;
  }

  std::vector<std::vector<std::string>> places_;
  std::vector<std::string> wanted_;  // every term of the places, sorted
  Xapian::termcount window_;
  bool ordered_;
  Xapian::Database database_;
  Xapian::ValueIterator positions_;
  std::vector<schema::PositionBlockReader> blocks_;  // of wanted_ (schema 5)
  Xapian::PostingIterator every_article_;            // candidates when no single word drives
  Xapian::PostingIterator driver_;
  std::vector<Xapian::PostingIterator> postings_;  // of wanted_, to tell which the article has
  std::vector<size_t> single_words_;               // indexes in wanted_ of the places of one term
  bool drives_by_term_ = false;
  Xapian::doccount articles_ = 0;
  Xapian::docid current_ = 0;
  bool at_end_ = false;
};

// The window of a phrase or proximity query. Xapian 1.4 has no accessor for it; its description
// states it: "(Zprime@1 PHRASE 2 Zminist@2)". Terms inside a phrase hold no spaces.
Xapian::termcount window_of(const Xapian::Query& query, const char* name) {
  const std::string description = query.get_description();
  const std::string marker = std::string(" ") + name + " ";
  const size_t at = description.find(marker);
  if (at == std::string::npos) throw RuntimeFailure("cannot read the window of " + description);
  return static_cast<Xapian::termcount>(std::strtoul(description.c_str() + at + marker.size(), nullptr, 10));
}

// A phrase or proximity query as the AND of its words, filtered by the check of their positions.
Xapian::Query phrase_checked(const Xapian::Query& query) {
  const bool ordered = query.get_type() == Xapian::Query::OP_PHRASE;
  std::vector<Xapian::Query> words;
  std::vector<std::vector<std::string>> places;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    words.push_back(query.get_subquery(i));
    places.emplace_back(words.back().get_unique_terms_begin(), words.back().get_unique_terms_end());
  }
  const Xapian::termcount window = window_of(query, ordered ? "PHRASE" : "NEAR");
  return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
                       Xapian::Query((new PhraseCheck(std::move(places), window, ordered))->release()));
}

// `query` rebuilt over `parts`, its subqueries with their phrases checked.
Xapian::Query rebuilt(const Xapian::Query& query, const std::vector<Xapian::Query>& parts) {
  switch (query.get_type()) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: return Xapian::Query(query.get_type(), parts.begin(), parts.end());
    default:
      // An operator with a parameter Xapian 1.4 does not let us read (a weight scale, an elite
      // set's size): the query parser puts no phrase under one.
      throw RuntimeFailure("cannot check the phrases of " + query.get_description());
  }
}

bool is_phrase_or_near(const Xapian::Query& query) {
  return query.get_type() == Xapian::Query::OP_PHRASE || query.get_type() == Xapian::Query::OP_NEAR;
}

}  // namespace

Xapian::Query with_phrases_checked(const Xapian::Query& query) {
  // Walked with a stack of its own, not by recursion: a query of 10,000 nested parentheses is
  // a valid query, and recursing that deep overflows the thread's stack.
  struct Pending {
    Xapian::Query query;
    std::vector<Xapian::Query> parts;  // its subqueries done so far, phrases checked
    bool changed = false;              // whether any of them holds a phrase
  };
  std::vector<Pending> stack;
  stack.push_back({query, {}, false});
  for (;;) {
    Pending& top = stack.back();
    const size_t count = is_phrase_or_near(top.query) ? 0 : top.query.get_num_subqueries();
    if (top.parts.size() < count) {
      Xapian::Query next = top.query.get_subquery(top.parts.size());
      stack.push_back({std::move(next), {}, false});
      continue;
    }
    const bool changed = is_phrase_or_near(top.query) || top.changed;
    Xapian::Query done = is_phrase_or_near(top.query) ? phrase_checked(top.query)
                         : top.changed                ? rebuilt(top.query, top.parts)
                                                      : top.query;
    stack.pop_back();
    if (stack.empty()) return done;
    stack.back().parts.push_back(std::move(done));
    stack.back().changed = stack.back().changed || changed;
  }
}

}  // namespace newsdex::search
