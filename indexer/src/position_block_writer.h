// Gathers the positions of the articles a lane adds to its shard, term by term, and writes them
// as position blocks (schema 5; the format: newsdex/term_positions.h) before the commit that
// makes the articles visible.
#pragma once

#include <xapian.h>

#include <memory>

namespace newsdex::index {

// The positions of the articles one lane adds to a shard, until they are written.
class PositionBlockWriter {
 public:
  PositionBlockWriter();
  ~PositionBlockWriter();
  PositionBlockWriter(PositionBlockWriter&&) noexcept;
  PositionBlockWriter& operator=(PositionBlockWriter&&) noexcept;

  // Takes the positions of `document`, to be added as article `docid`, above every article
  // taken since the last write_to(), and removes them from it (its terms keep their
  // within-document frequencies). False, taking none, when a term is too long to key
  // (schema::fits_position_block).
  bool take(Xapian::docid docid, Xapian::Document& document);

  // Articles taken since the last write_to().
  size_t articles() const { return articles_; }

  // Writes the gathered positions into `database` as user metadata, one entry a term, in key
  // order, and forgets them. The articles' commit must follow, or include, this.
  void write_to(Xapian::WritableDatabase& database);

 private:
  struct Gathered;  // the positions taken, in one arena (position_block_writer.cc)
  std::unique_ptr<Gathered> gathered_;
  Xapian::docid first_ = 0;
  size_t articles_ = 0;
};

}  // namespace newsdex::index
