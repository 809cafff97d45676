// Running newsdex-index and newsdex-search against one temporary index.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "process.h"
#include "test_paths.h"

namespace newsdex::testing {

// A temporary index and the two programs pointed at it with --db.
class Programs {
 public:
  ProcessResult index(std::vector<std::string> args, const std::string& input = "") const {
    return run(kIndexProgram, std::move(args), input);
  }
  ProcessResult search(std::vector<std::string> args, const std::string& input = "") const {
    return run(kSearchProgram, std::move(args), input);
  }
  // Runs a search with --json and parses the output.
  nlohmann::json search_json(std::vector<std::string> args) const {
    args.push_back("--json");
    const ProcessResult result = search(std::move(args));
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err;
    return nlohmann::json::parse(result.out);
  }
  uint64_t article_count() const {
    const ProcessResult result = search({"stats", "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out).at("articles").get<uint64_t>();
  }
  const std::string& database() const { return database_; }
  const TempDir& dir() const { return dir_; }

 private:
  ProcessResult run(const char* program, std::vector<std::string> args, const std::string& input) const {
    args.insert(args.begin(), {program, "--db", database_});
    return run_process(args, input);
  }

  TempDir dir_;
  std::string database_ = dir_.file("index");
};

// The seed article's feed in ../shared; empty when the shared folder is absent.
inline std::string seed_feed() {
  const std::string path = std::string(kSharedDir) + "/fixtures/seed/azernews-space-mou.rss";
  return std::filesystem::exists(path) ? path : std::string();
}

// Number of lines of a text.
inline size_t line_count(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace newsdex::testing
