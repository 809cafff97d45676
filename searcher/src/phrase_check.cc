#include "phrase_check.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
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

// Moves `values` forward to `document` (never back); whether it holds a value for it. Xapian's
// iterators equal a default-made one once they are past their end.
bool at_document(Xapian::ValueIterator& values, Xapian::docid document) {
  if (values == Xapian::ValueIterator()) return false;
  if (values.get_docid() < document) values.skip_to(document);
  return values != Xapian::ValueIterator() && values.get_docid() == document;
}

// Moves `postings` forward to `document` (never back); whether the term indexes it.
bool at_document(Xapian::PostingIterator& postings, Xapian::docid document) {
  if (postings == Xapian::PostingIterator()) return false;
  if (*postings < document) postings.skip_to(document);
  return postings != Xapian::PostingIterator() && *postings == document;
}

// A phrase or proximity search: its places (each one term or several, e.g. a synonym's), which
// must stand within `window` positions, in order or not.
struct Phrase {
  std::vector<std::vector<std::string>> places;
  Xapian::termcount window = 0;
  bool ordered = true;
  std::vector<std::string> wanted;  // every term of the places, sorted

  Phrase(std::vector<std::vector<std::string>> places_, Xapian::termcount window_, bool ordered_)
      : places(std::move(places_)), window(window_), ordered(ordered_) {
    for (const auto& terms : places) wanted.insert(wanted.end(), terms.begin(), terms.end());
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  }
};

// Whether articles of one database hold a phrase, read from the positions newsdex keeps: an
// article's positions value (schema 4, or an article replaced in place) if it has one, else the
// position blocks (schema 5). Articles are best asked in ascending order, as a match visits
// them; asking an earlier one restarts the streams.
class PhraseMatcher {
 public:
  // Opens nothing yet: a check in place that no article reaches costs no reads.
  PhraseMatcher(std::shared_ptr<const Phrase> phrase, const Xapian::Database& database)
      : phrase_(std::move(phrase)), database_(database) {}

  bool matches(Xapian::docid document) {
    if (document < last_asked_ || !opened_) restart();
    last_asked_ = document;
    std::vector<Positions> of_terms;
    if (!has_positions_value(document)) {
      for (schema::PositionBlockReader& blocks : blocks_) of_terms.push_back(blocks.positions(document));
      return within_window(places_of(of_terms), phrase_->window, phrase_->ordered);
    }
    const std::string encoded = *positions_;
    const std::vector<std::string>& wanted = phrase_->wanted;
    if (schema::reads_term_list(encoded)) {
      of_terms =
          schema::positions_of(encoded, database_.termlist_begin(document), database_.termlist_end(document), wanted);
    } else {
      // Hashed positions: a term the article lacks could take another's; its postings say.
      of_terms = schema::positions_of(encoded, Xapian::TermIterator(), Xapian::TermIterator(), wanted);
      for (size_t i = 0; i < wanted.size(); ++i) {
        if (!of_terms[i].empty() && !has_term(i, document)) of_terms[i].clear();
      }
    }
    return within_window(places_of(of_terms), phrase_->window, phrase_->ordered);
  }

 private:
  void restart() {
    positions_ = database_.valuestream_begin(schema::kPositionsSlot);
    postings_.clear();
    if (!opened_) {
      for (const std::string& term : phrase_->wanted) blocks_.emplace_back(database_, term);
      opened_ = true;
    }
  }

  // The positions value of `document`, if it has one.
  bool has_positions_value(Xapian::docid document) { return at_document(positions_, document); }

  // Whether `document` has wanted[index].
  bool has_term(size_t index, Xapian::docid document) {
    if (postings_.empty()) {
      for (const std::string& term : phrase_->wanted) postings_.push_back(database_.postlist_begin(term));
    }
    return at_document(postings_[index], document);
  }

  // The positions of each place, from those of each wanted term.
  std::vector<Positions> places_of(const std::vector<Positions>& of_terms) const {
    std::vector<Positions> places;
    places.reserve(phrase_->places.size());
    for (const auto& terms : phrase_->places) {
      Positions merged;
      for (const std::string& term : terms) {
        const size_t index =
            std::lower_bound(phrase_->wanted.begin(), phrase_->wanted.end(), term) - phrase_->wanted.begin();
        merged.insert(merged.end(), of_terms[index].begin(), of_terms[index].end());
      }
      if (terms.size() > 1) std::sort(merged.begin(), merged.end());
      places.push_back(std::move(merged));
    }
    return places;
  }

  std::shared_ptr<const Phrase> phrase_;
  Xapian::Database database_;
  Xapian::ValueIterator positions_;
  std::vector<schema::PositionBlockReader> blocks_;  // of the wanted terms (schema 5)
  std::vector<Xapian::PostingIterator> postings_;    // of the wanted terms, opened when first needed
  bool opened_ = false;
  Xapian::docid last_asked_ = 0;
};

// The articles that hold a phrase. Used as a filter on the AND of the phrase's words, it is
// asked about the candidates that AND finds (check()); when the matcher drives from it instead,
// it walks the postings of its rarest single term.
class PhraseCheck : public Xapian::PostingSource {
 public:
  explicit PhraseCheck(std::shared_ptr<const Phrase> phrase) : phrase_(std::move(phrase)) {}

  void init(const Xapian::Database& database) override {
    database_ = database;
    matcher_.emplace(phrase_, database);
    articles_ = database.get_doccount();
    driving_ = false;
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
    return matcher_->matches(document);
  }

  void next(double) override { advance_past(current_); }

  void skip_to(Xapian::docid document, double) override {
    if (at_end_ || document <= current_) return;
    if (matcher_->matches(document)) {
      current_ = document;
      return;
    }
    advance_past(document);
  }

  bool at_end() const override { return at_end_; }
  Xapian::docid get_docid() const override { return current_; }
  PhraseCheck* clone() const override { return new PhraseCheck(phrase_); }
  std::string get_description() const override {
    return std::string("PhraseCheck(") + (phrase_->ordered ? "phrase " : "near ") + std::to_string(phrase_->window) +
           ")";
  }

 private:
  // Opens the postings a walk of the articles reads (a check asked about AND's candidates
  // needs none of them).
  void start_driving() {
    driving_ = true;
    every_article_ = database_.postlist_begin("");
    Xapian::doccount fewest = articles_;
    std::string rarest;
    single_words_.clear();
    for (const auto& terms : phrase_->places) {
      Xapian::doccount frequency = 0;
      for (const std::string& term : terms) frequency += database_.get_termfreq(term);
      if (frequency <= fewest) {
        fewest = frequency;
        if (terms.size() == 1) rarest = terms.front();
      }
      if (terms.size() == 1) single_words_.push_back(database_.postlist_begin(terms.front()));
    }
    driver_ = rarest.empty() ? Xapian::PostingIterator() : database_.postlist_begin(rarest);
    drives_by_term_ = !rarest.empty();
  }

  // Moves to the first matching article after `document`.
  void advance_past(Xapian::docid document) {
    if (!driving_) start_driving();
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
      if (matcher_->matches(candidate)) {
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
      for (Xapian::PostingIterator& postings : single_words_) {
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

  std::shared_ptr<const Phrase> phrase_;
  Xapian::Database database_;
  std::optional<PhraseMatcher> matcher_;
  bool driving_ = false;
  Xapian::PostingIterator every_article_;              // candidates when no single word drives
  Xapian::PostingIterator driver_;                     // the postings of the rarest single word
  std::vector<Xapian::PostingIterator> single_words_;  // of the places of one term
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

// A phrase or proximity query: the AND of its words, and the phrase their positions must form.
struct PhraseParts {
  Xapian::Query words;
  std::shared_ptr<const Phrase> phrase;
};

PhraseParts parts_of(const Xapian::Query& query) {
  const bool ordered = query.get_type() == Xapian::Query::OP_PHRASE;
  std::vector<Xapian::Query> words;
  std::vector<std::vector<std::string>> places;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    words.push_back(query.get_subquery(i));
    places.emplace_back(words.back().get_unique_terms_begin(), words.back().get_unique_terms_end());
  }
  const Xapian::termcount window = window_of(query, ordered ? "PHRASE" : "NEAR");
  return {Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
          std::make_shared<const Phrase>(std::move(places), window, ordered)};
}

// A phrase or proximity query as the AND of its words, filtered by the check of their positions.
Xapian::Query phrase_checked(const Xapian::Query& query) {
  PhraseParts parts = parts_of(query);
  return Xapian::Query(Xapian::Query::OP_FILTER, parts.words,
                       Xapian::Query((new PhraseCheck(std::move(parts.phrase)))->release()));
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

// Whether every match of a query must match its subquery `index`: its operands for AND and
// FILTER, the left one for AND_NOT and AND_MAYBE.
bool requires_subquery(const Xapian::Query& query, size_t index) {
  switch (query.get_type()) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER: return true;
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE: return index == 0;
    default: return false;
  }
}

// `query` with each phrase rewritten: the required ones (every match must hold them, when
// `required` is given) as the AND of their words, listed in `required`; the others checked in
// place (phrase_checked).
Xapian::Query rewritten(const Xapian::Query& query, std::vector<std::shared_ptr<const Phrase>>* required) {
  // Walked with a stack of its own, not by recursion: a query of 10,000 nested parentheses is
  // a valid query, and recursing that deep overflows the thread's stack.
  struct Pending {
    Xapian::Query query;
    bool required;                     // whether every match of the whole query matches this one
    std::vector<Xapian::Query> parts;  // its subqueries done so far, phrases rewritten
    bool changed = false;              // whether any of them holds a phrase
  };
  std::vector<Pending> stack;
  stack.push_back({query, required != nullptr, {}, false});
  for (;;) {
    Pending& top = stack.back();
    const bool phrase = is_phrase_or_near(top.query);
    const size_t count = phrase ? 0 : top.query.get_num_subqueries();
    if (top.parts.size() < count) {
      const size_t index = top.parts.size();
      stack.push_back({top.query.get_subquery(index), top.required && requires_subquery(top.query, index), {}, false});
      continue;
    }
    Xapian::Query done = top.query;
    if (phrase && top.required) {
      PhraseParts parts = parts_of(top.query);
      required->push_back(std::move(parts.phrase));
      done = std::move(parts.words);
    } else if (phrase) {
      done = phrase_checked(top.query);
    } else if (top.changed) {
      done = rebuilt(top.query, top.parts);
    }
    const bool changed = phrase || top.changed;
    stack.pop_back();
    if (stack.empty()) return done;
    stack.back().parts.push_back(std::move(done));
    stack.back().changed = stack.back().changed || changed;
  }
}

}  // namespace

// The phrases every match of a ranking's main part must hold, and the terms of the articles that
// only parts checked in place can match (ranking_query).
struct RequiredPhrases {
  std::vector<std::shared_ptr<const Phrase>> phrases;
  std::vector<std::string> exempt;
};

namespace {

// A decider's view of one shard: its required phrases and exempt terms, opened when the match
// first asks about one of its articles.
class ShardPhrases {
 public:
  ShardPhrases(std::shared_ptr<const RequiredPhrases> required, const Xapian::Database& shard)
      : required_(std::move(required)), shard_(shard) {}

  // Whether article `document` of the shard holds every required phrase (or has an exempt term).
  bool holds(Xapian::docid document) {
    if (document < last_asked_) opened_ = false;  // a new match: the streams start over
    last_asked_ = document;
    if (!opened_) {
      opened_ = true;
      matchers_.clear();
      postings_.clear();
      for (const auto& phrase : required_->phrases) matchers_.emplace_back(phrase, shard_);
      for (const std::string& term : required_->exempt) postings_.push_back(shard_.postlist_begin(term));
    }
    for (Xapian::PostingIterator& of_term : postings_) {
      if (at_document(of_term, document)) return true;
    }
    return std::all_of(matchers_.begin(), matchers_.end(),
                       [&](PhraseMatcher& matcher) { return matcher.matches(document); });
  }

  // The indexing sequence number of article `document` of the shard ("" when it has none).
  std::string sequence(Xapian::docid document) {
    if (document < sequence_at_) sequences_ = Xapian::ValueIterator();
    sequence_at_ = document;
    if (sequences_ == Xapian::ValueIterator()) sequences_ = shard_.valuestream_begin(schema::kSequenceSlot);
    return at_document(sequences_, document) ? *sequences_ : std::string();
  }

 private:
  std::shared_ptr<const RequiredPhrases> required_;
  Xapian::Database shard_;
  bool opened_ = false;
  Xapian::docid last_asked_ = 0;
  std::vector<PhraseMatcher> matchers_;
  std::vector<Xapian::PostingIterator> postings_;
  Xapian::ValueIterator sequences_;
  Xapian::docid sequence_at_ = 0;
};

// Accepts the articles that hold every required phrase (or that only the parts checked in place
// can have matched). Xapian hands a decider each article by its number within its shard, and
// not the shard: the article's indexing sequence number, which every article newsdex writes
// has and no other article shares, tells which shard's article of that number it is. The match
// reads the shards one after another, so the shard of the last article is nearly always right.
class PhraseDecider : public Xapian::MatchDecider {
 public:
  PhraseDecider(const std::shared_ptr<const RequiredPhrases>& required, const std::vector<Xapian::Database>& shards) {
    for (const Xapian::Database& shard : shards) shards_.emplace_back(required, shard);
  }

  bool operator()(const Xapian::Document& document) const override {
    const Xapian::docid docid = document.get_docid();
    if (shards_.size() == 1) return shards_.front().holds(docid);
    const std::string sequence = document.get_value(schema::kSequenceSlot);
    for (size_t tried = 0; tried < shards_.size(); ++tried) {
      const size_t shard = (current_ + tried) % shards_.size();
      if (!sequence.empty() && shards_[shard].sequence(docid) == sequence) {
        current_ = shard;
        return shards_[shard].holds(docid);
      }
    }
    // phrase_decider made sure every article of every shard has its sequence number.
    throw RuntimeFailure("the phrase check found no shard holding article " + std::to_string(docid) +
                         (sequence.empty()
                              ? std::string(" (it has no sequence number)")
                              : " of sequence number " + std::to_string(schema::decode_sequence(sequence))));
  }

 private:
  // Xapian asks a const decider; the shards' streams move forward as it asks.
  mutable std::vector<ShardPhrases> shards_;
  mutable size_t current_ = 0;
};

}  // namespace

Xapian::Query with_phrases_checked(const Xapian::Query& query) { return rewritten(query, nullptr); }

RankingQuery ranking_query(const Xapian::Query& main, const std::vector<FilteredBranch>& branches) {
  auto required = std::make_shared<RequiredPhrases>();
  Xapian::Query ranked = rewritten(main, &required->phrases);
  if (required->phrases.empty()) return {};
  // The main part's phrases are left to the decider on the articles no branch can match; on
  // those a branch can, the main part is checked in place beside the branches: the same matches
  // and weights as the OR of the main part and each branch. (Inside one OR with the branches, a
  // check in place would be skipped to each branch article, walking every candidate between.)
  if (!branches.empty()) {
    std::vector<Xapian::Query> parts = {Xapian::Query(), Xapian::Query()};
    for (const FilteredBranch& branch : branches) {
      required->exempt.insert(required->exempt.end(), branch.terms.begin(), branch.terms.end());
      parts.emplace_back(Xapian::Query::OP_FILTER, with_phrases_checked(branch.query),
                         Xapian::Query(Xapian::Query::OP_OR, branch.terms.begin(), branch.terms.end()));
    }
    const Xapian::Query any_branch(Xapian::Query::OP_OR, required->exempt.begin(), required->exempt.end());
    parts[0] = Xapian::Query(Xapian::Query::OP_AND_NOT, ranked, any_branch);
    parts[1] = Xapian::Query(Xapian::Query::OP_FILTER, with_phrases_checked(main), any_branch);
    ranked = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }
  return {std::move(ranked), std::move(required)};
}

std::unique_ptr<Xapian::MatchDecider> phrase_decider(const std::shared_ptr<const RequiredPhrases>& required,
                                                     const std::vector<Xapian::Database>& shards) {
  // Several shards: each article must have its sequence number, which tells its shard.
  for (size_t i = 0; shards.size() > 1 && i < shards.size(); ++i) {
    if (shards[i].get_value_freq(schema::kSequenceSlot) != shards[i].get_doccount()) return nullptr;
  }
  return std::make_unique<PhraseDecider>(required, shards);
}

}  // namespace newsdex::search
