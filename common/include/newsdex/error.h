// The one error hierarchy of newsdex. Every library function reports failure by throwing one of
// these: the kind says whose fault it is (the programs map it to their exit codes, docs/json.md).
#pragma once

#include <stdexcept>
#include <string>

namespace newsdex {

// Base of every newsdex error. what() is one line that names the input at fault.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The caller gave something unusable: a bad option value, a missing file, a non-feed document,
// an unparsable query. Retrying the same input fails the same way.
class InputError : public Error {
 public:
  using Error::Error;
};

// The environment failed: network, database, disk. Retrying later may succeed.
class RuntimeFailure : public Error {
 public:
  using Error::Error;
};

}  // namespace newsdex
