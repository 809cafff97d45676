// The one error hierarchy of newsdex. Every library function reports failure by throwing one of
// these; the programs map the kind to their exit code (CONTRACT.md): bad input 2, runtime 3.
#pragma once

#include <stdexcept>
#include <string>

namespace newsdex {

// Exit codes shared by newsdex-index and newsdex-search.
enum ExitCode : int {
  kExitOk = 0,
  kExitNoMatch = 1,    // a search matched nothing
  kExitBadInput = 2,   // bad usage, unreadable input, a document that is not a feed
  kExitRuntime = 3,    // network, database or disk failure
};

// Base of every newsdex error. what() is one line that names the input at fault.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // The process exit code this error maps to.
  virtual ExitCode exit_code() const noexcept = 0;
};

// The caller gave something unusable: a bad option value, a missing file, a non-feed document,
// an unparsable query. Retrying the same input fails the same way.
class InputError : public Error {
 public:
  using Error::Error;
  ExitCode exit_code() const noexcept override { return kExitBadInput; }
};

// The environment failed: network, database, disk. Retrying later may succeed.
class RuntimeFailure : public Error {
 public:
  using Error::Error;
  ExitCode exit_code() const noexcept override { return kExitRuntime; }
};

}  // namespace newsdex
