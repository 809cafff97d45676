// Faults newsdex must survive without losing what it committed: a disk that fills during a
// commit, an index on a read-only file system, and a compaction killed at any moment. (Killed
// crawls and imports are in crash_test.cc and import_test.cc.)
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "programs.h"

namespace newsdex::testing {
namespace {

// `count` JSON Lines articles with ids PREFIX0..., half about Rotterdam and half about Singapore,
// each text its own draw of words (so that none is taken for a copy of another's story).
std::string records(const std::string& prefix, int count) {
  static const char* const kWords[] = {"cranes",  "berth",    "cargo",   "tanker", "quay",    "freight",
                                       "tariff",  "pilot",    "harbour", "ferry",  "dredger", "barge",
                                       "customs", "manifest", "ballast", "tug"};
  std::mt19937 random(std::hash<std::string>{}(prefix));
  std::string lines;
  for (int n = 0; n < count; ++n) {
    std::string text = n % 2 ? "Rotterdam" : "Singapore";
    for (int word = 0; word < 120; ++word) text += std::string(" ") + kWords[random() % 16];
    lines += "{\"id\": \"" + prefix + std::to_string(n) + "\", \"title\": \"Harbour report " + prefix +
             std::to_string(n) + "\", \"text\": \"" + text + ".\"}\n";
  }
  return lines;
}

// Runs `argv` through /bin/sh with `setup` (shell commands) before it.
ProcessResult run_in_shell(const std::string& setup, std::vector<std::string> argv) {
  argv.insert(argv.begin(), {"/bin/sh", "-c", setup + " && exec \"$0\" \"$@\""});
  return run_process(argv);
}

TEST(Faults, ADiskThatFillsDuringACommitLosesNothingCommitted) {
  Programs programs;
  write_file(programs.dir().file("first.jsonl"), records("first-", 200));
  ASSERT_EQ(programs.index({"import", programs.dir().file("first.jsonl")}).exit_code, 0);
  write_file(programs.dir().file("second.jsonl"), records("second-", 3000));
  // A file-size limit (RLIMIT_FSIZE) stands for the full disk: writes past 2 MB (the 3,000
  // articles take ~4 MB) fail with EFBIG (SIGXFSZ ignored, as a full disk sends no signal either).
  const ProcessResult full =
      run_in_shell("trap '' XFSZ && ulimit -f 4096",
                   {kIndexProgram, "--db", programs.database(), "import", programs.dir().file("second.jsonl")});
  EXPECT_EQ(full.exit_code, 3) << full.err;
  EXPECT_EQ(line_count(full.err), 1u) << full.err;
  EXPECT_NE(full.err.find("too large"), std::string::npos) << full.err;
  // What was committed before is all there and searchable.
  EXPECT_GE(programs.article_count(), 200u);
  EXPECT_EQ(programs.search_json({"\"harbour report first-199\""})["total"], 1);
  // With room again, the same import finishes, and every article is there once.
  const ProcessResult again = programs.index({"import", programs.dir().file("second.jsonl")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(programs.article_count(), 3200u);
  EXPECT_EQ(programs.search_json({"rotterdam", "--limit", "0"})["total"], 1600);
}

TEST(Faults, AReadOnlyIndexIsRefusedForWritingAndStillSearched) {
  Programs programs;
  write_file(programs.dir().file("first.jsonl"), records("first-", 50));
  ASSERT_EQ(programs.index({"import", programs.dir().file("first.jsonl")}).exit_code, 0);
  write_file(programs.dir().file("second.jsonl"), records("second-", 50));
  // Root ignores permission bits, so the index is made read-only by a read-only bind mount in a
  // mount namespace of the program's own (unshare -rm works for root and, with user
  // namespaces, for anybody).
  const std::string read_only = "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\"";
  const ProcessResult probe = run_process(
      {"/usr/bin/unshare", "-rm", "/bin/sh", "-c", read_only + " && ! touch \"$0/probe\"", programs.database()});
  if (probe.exit_code != 0) GTEST_SKIP() << "this machine cannot mount read-only here (unshare -rm): " << probe.err;
  auto in_read_only_mount = [&](std::vector<std::string> argv) {
    argv.insert(argv.begin(),
                {"/usr/bin/unshare", "-rm", "/bin/sh", "-c", read_only + " && exec \"$@\"", programs.database()});
    return run_process(argv);
  };
  const ProcessResult refused =
      in_read_only_mount({kIndexProgram, "--db", programs.database(), "import", programs.dir().file("second.jsonl")});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_EQ(line_count(refused.err), 1u) << refused.err;
  EXPECT_NE(refused.err.find(programs.database()), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("Read-only file system"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("being written by another"), std::string::npos) << refused.err;
  const ProcessResult searched =
      in_read_only_mount({kSearchProgram, "--db", programs.database(), "search", "rotterdam", "--json"});
  EXPECT_EQ(searched.exit_code, 0) << searched.err;
  EXPECT_EQ(nlohmann::json::parse(searched.out)["total"], 25);
  EXPECT_EQ(programs.article_count(), 50u);
  EXPECT_EQ(programs.index({"import", programs.dir().file("second.jsonl")}).exit_code, 0);
  EXPECT_EQ(programs.article_count(), 100u);
}

TEST(Faults, ACompactionKilledAtAnyMomentLeavesTheArchiveWhole) {
  Programs programs;
  write_file(programs.dir().file("a.jsonl"), records("a-", 4000));
  ASSERT_EQ(programs.index({"import", programs.dir().file("a.jsonl"), "--commit-every", "500"}).exit_code, 0);
  const nlohmann::json before = programs.search_json({"singapore", "--limit", "20"});
  int killed_midway = 0;
  for (const int after_ms : {5, 30, 80, 150, 300}) {
    BackgroundProcess compaction({kIndexProgram, "--db", programs.database(), "compact"});
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
    compaction.kill(9);
    killed_midway += compaction.wait() == 128 + 9;
    EXPECT_EQ(programs.article_count(), 4000u) << "killed after " << after_ms << " ms";
    EXPECT_EQ(programs.search_json({"singapore", "--limit", "20"}), before) << "killed after " << after_ms << " ms";
  }
  EXPECT_GT(killed_midway, 0) << "every compaction ended before its kill: nothing was tested";
  // The next compaction clears what the killed ones left and succeeds; so does the next writer.
  const ProcessResult compacted = programs.index({"compact"});
  EXPECT_EQ(compacted.exit_code, 0) << compacted.err;
  EXPECT_FALSE(std::filesystem::exists(programs.database() + ".compacting"));
  write_file(programs.dir().file("b.jsonl"), records("b-", 10));
  EXPECT_EQ(programs.index({"import", programs.dir().file("b.jsonl")}).exit_code, 0);
  EXPECT_EQ(programs.article_count(), 4010u);
  EXPECT_EQ(programs.search_json({"singapore", "--limit", "20"})["total"], 2005);
}

TEST(Faults, AnImportKilledWhileItCompactsClosedShardsLosesNothing) {
  Programs programs;
  write_file(programs.dir().file("a.jsonl"), records("a-", 3000));
  const std::vector<std::string> import = {
      kIndexProgram, "--db", programs.database(), "import", programs.dir().file("a.jsonl"), "--commit-every", "250",
      "--shards",    "2",    "--shard-size",      "250"};
  write_file(programs.dir().file("empty.jsonl"), "");
  ASSERT_EQ(
      programs.index({"import", programs.dir().file("empty.jsonl"), "--shards", "2", "--shard-size", "250"}).exit_code,
      0);
  for (const int after_ms : {100, 250, 500, 900}) {
    BackgroundProcess importing(import);
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
    importing.kill(9);
    importing.wait();
    // Whatever was committed is searchable, at any moment of a shard's compaction: every article
    // names one of the two ports. (Not half of them each: the lanes commit their shares of the
    // file apart, so what a kill leaves of each is a different number of lines.)
    const auto total = [&](const char* word) {
      return programs.search_json({word, "--limit", "0", "--no-collapse"})["total"].get<uint64_t>();
    };
    EXPECT_EQ(total("rotterdam") + total("singapore"), programs.article_count())
        << "killed after " << after_ms << " ms";
  }
  const ProcessResult finished = run_process(import);
  ASSERT_EQ(finished.exit_code, 0) << finished.err;
  EXPECT_EQ(programs.article_count(), 3000u);
  EXPECT_EQ(programs.search_json({"rotterdam", "--limit", "0", "--no-collapse"})["total"], 1500);
  // Compactions the kills cut short left nothing behind once their shards were compacted again.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(programs.database())) {
    EXPECT_EQ(entry.path().string().find(".compacting"), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace newsdex::testing
