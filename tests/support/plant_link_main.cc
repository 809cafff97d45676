// newsdex-test-plant-link DATABASE ID URL: sets the stored link of article ID to URL, straight
// through Xapian and past every filter newsdex applies, so that tests can check what newsdex
// does with indexes written before a filter existed (a javascript: link, say).
#include <xapian.h>

#include <iostream>

#include "newsdex/article.h"
#include "newsdex/schema.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: newsdex-test-plant-link DATABASE ID URL\n";
    return 2;
  }
  try {
    Xapian::WritableDatabase database(argv[1], Xapian::DB_OPEN);
    const std::string term = newsdex::schema::id_term(argv[2]);
    auto posting = database.postlist_begin(term);
    if (posting == database.postlist_end(term)) {
      std::cerr << "no article with id " << argv[2] << '\n';
      return 1;
    }
    Xapian::Document document = database.get_document(*posting);
    newsdex::Article article = newsdex::schema::decode_document_data(document.get_data());
    article.url = argv[3];
    document.set_data(newsdex::schema::encode_document_data(article));
    database.replace_document(*posting, document);
    database.commit();
  } catch (const Xapian::Error& error) {
    std::cerr << error.get_description() << '\n';
    return 3;
  }
  return 0;
}
