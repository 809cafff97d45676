// The endpoints of the HTTP API, apart from the connections that carry them: a request target
// in, an answer out. Internal to the server (http_server.cc puts the answers on the wire).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http_server.h"

namespace newsdex::search::server {

// One answer of the API, before it is put on the wire.
struct Reply {
  unsigned status = 200;
  std::string content_type;
  std::string body;
  std::string allow;  // the Allow header of a 405; empty otherwise
};

// The JSON error answer of docs/json.md: {"error": {"status": …, "message": …}}.
Reply error_reply(unsigned status, const std::string& message);

// The search page and its script and style sheet, or nullptr for another path.
const Reply* page_file(std::string_view path);

// The endpoints over one index. answer() may be called from several threads at once; at most
// `workers` searches run together, each on a Searcher no other thread is using.
class Api {
 public:
  Api(std::string database_path, const ServerOptions& options, unsigned workers);
  ~Api();

  // The answer to a GET of `target` ("/search?q=…"); `origin` ("http://host:port", empty when
  // unknown) makes the self link of Atom feeds. Errors become JSON error answers, never exceptions.
  Reply answer(std::string_view target, std::string_view origin);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdex::search::server
