// Running the newsdex programs from tests as real child processes.
#pragma once

#include <string>
#include <vector>

namespace newsdex::testing {

// What a finished process left behind.
struct ProcessResult {
  int exit_code = -1;  // the exit status, or 128 + signal number
  std::string out;     // everything it wrote to stdout
  std::string err;     // everything it wrote to stderr
};

// Runs `argv` (argv[0] is a path), feeding `input` to its stdin, and waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = "");

// A process started in the background, its output discarded (or its stdout and stderr written to
// `stdout_path` and `stderr_path`); killed (SIGKILL) and reaped on destruction if still running.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv, const std::string& stdout_path = "/dev/null",
                             const std::string& stderr_path = "/dev/null");
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Sends `signal` (SIGKILL by default).
  void kill(int signal = 9);
  // Waits for the process to end; returns its exit code, or 128 + signal number.
  int wait();

 private:
  int pid_ = -1;
};

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Reads a whole file; throws std::runtime_error when it cannot.
std::string read_file(const std::string& path);
// Writes a whole file; throws std::runtime_error when it cannot.
void write_file(const std::string& path, const std::string& content);

}  // namespace newsdex::testing
