#include "delivery.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "newsdex/error.h"
#include "newsdex/fetch.h"

extern char** environ;

namespace newsdex::watch {
namespace {

using Clock = std::chrono::steady_clock;

std::string json_lines(const std::vector<std::string>& hits) {
  std::string text;
  for (const std::string& hit : hits) text += hit + '\n';
  return text;
}

std::string seconds_text(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000);
  return text;
}

// Appends the hits to FILE and flushes them to disk before the watch's cursor moves past them.
void deliver_to_file(const std::string& path, const std::string& lines) {
  if (path == "-") {
    std::cout << lines << std::flush;
    if (!std::cout) throw RuntimeFailure("cannot write to standard output");
    return;
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw RuntimeFailure(path + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < lines.size()) {
    const ssize_t n = ::write(fd, lines.data() + written, lines.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw RuntimeFailure(path + ": " + std::strerror(error));
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!synced) throw RuntimeFailure(path + ": " + std::strerror(error));
}

// Runs COMMAND with /bin/sh, the hits as JSON Lines on its standard input and the watch's name in
// NEWSDEX_WATCH; it succeeds when the command exits 0 within the timeout. (posix_spawn, by
// hand: no library in Debian runs a child with a deadline on both feeding it and waiting.)
void deliver_to_command(const std::string& command, const std::string& watch_name, const std::string& lines,
                        std::chrono::milliseconds timeout) {
  // A command that exits without reading its input must fail the delivery, not kill newsdex
  // with SIGPIPE; write() then reports EPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  int input[2];
  if (::pipe2(input, O_CLOEXEC) != 0) throw RuntimeFailure(std::string("cannot make a pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setpgroup(&attributes, 0);  // its own process group: a timeout kills all of it
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  std::vector<std::string> environment;
  for (char** variable = environ; *variable; ++variable) {
    if (std::strncmp(*variable, "NEWSDEX_WATCH=", 14) != 0) environment.emplace_back(*variable);
  }
  environment.push_back("NEWSDEX_WATCH=" + watch_name);
  std::vector<char*> envp;
  for (std::string& variable : environment) envp.push_back(variable.data());
  envp.push_back(nullptr);
  std::string shell = "/bin/sh", dash_c = "-c", text = command;
  char* argv[] = {shell.data(), dash_c.data(), text.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(input[0]);
  if (spawned != 0) {
    ::close(input[1]);
    throw RuntimeFailure("cannot run " + command + ": " + std::strerror(spawned));
  }
  const auto deadline = Clock::now() + timeout;
  auto remaining_ms = [&] {
    return static_cast<int>(
        std::max<long long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count()));
  };
  ::fcntl(input[1], F_SETFL, O_NONBLOCK);
  size_t written = 0;
  bool timed_out = false;
  while (written < lines.size()) {
    pollfd writable{input[1], POLLOUT, 0};
    const int ready = ::poll(&writable, 1, remaining_ms());
    if (ready == 0) {
      timed_out = true;
      break;
    }
    if (ready < 0 && errno == EINTR) continue;
    const ssize_t n = ::write(input[1], lines.data() + written, lines.size() - written);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0) break;  // EPIPE: it stopped reading; its exit status tells the rest
    written += static_cast<size_t>(n);
  }
  ::close(input[1]);
  int status = 0;
  while (!timed_out) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw RuntimeFailure("cannot wait for " + command + ": " + std::strerror(errno));
    if (remaining_ms() == 0) {
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (timed_out) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    throw RuntimeFailure(command + ": still running after " + seconds_text(timeout) + ", stopped");
  }
  if (WIFSIGNALED(status)) throw RuntimeFailure(command + ": killed by signal " + std::to_string(WTERMSIG(status)));
  if (WEXITSTATUS(status) != 0)
    throw RuntimeFailure(command + ": exited with status " + std::to_string(WEXITSTATUS(status)));
}

// POSTs {"watch": NAME, "hits": [...]}, under the crawler's rules for schemes, redirects and
// internal networks; tries again after a growing pause when the server fails or answers non-2xx.
void deliver_to_webhook(const std::string& url, const std::string& watch_name, const std::vector<std::string>& hits,
                        const RunOptions& options) {
  // {"watch": NAME, "hits": [...]}, the hits spliced in as the JSON they already are.
  std::string text =
      "{\"watch\":" + nlohmann::json(watch_name).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
      ",\"hits\":[";
  for (size_t i = 0; i < hits.size(); ++i) text += (i > 0 ? "," : "") + hits[i];
  text += "]}";
  feeds::FetchOptions fetch_options;
  const auto whole_seconds = std::chrono::ceil<std::chrono::seconds>(options.delivery_timeout);
  fetch_options.total_timeout = std::max(whole_seconds, std::chrono::seconds(1));
  fetch_options.connect_timeout = std::min(fetch_options.total_timeout, std::chrono::seconds(10));
  fetch_options.max_body_bytes = 1 << 20;  // the answer is not read; a large one is not a reason to fail
  std::string error;
  auto pause = options.webhook_backoff;
  for (int attempt = 1; attempt <= std::max(1, options.webhook_attempts); ++attempt) {
    if (attempt > 1) {
      std::this_thread::sleep_for(pause);
      pause *= 2;
    }
    try {
      const feeds::FetchResponse response = feeds::post(url, text, "application/json", fetch_options);
      if (response.status >= 200 && response.status < 300) return;
      error = url + ": HTTP " + std::to_string(response.status);
    } catch (const Error& failure) {
      error = failure.what();
    }
  }
  throw RuntimeFailure(error + " (" + std::to_string(std::max(1, options.webhook_attempts)) + " tries)");
}

}  // namespace

void check_delivery(const std::string& deliver) {
  const size_t colon = deliver.find(':');
  const std::string scheme = deliver.substr(0, colon);
  const std::string target = colon == std::string::npos ? "" : deliver.substr(colon + 1);
  if (colon == std::string::npos || (scheme != "jsonl" && scheme != "exec" && scheme != "webhook")) {
    throw InputError(deliver + ": a delivery is jsonl:FILE, exec:COMMAND or webhook:URL");
  }
  if (target.empty()) throw InputError(deliver + ": says where to deliver nothing");
  if (scheme == "webhook" && !feeds::is_http_url(target)) {
    throw InputError(deliver + ": a webhook is an http or https URL");
  }
}

void deliver(const std::string& deliver, const std::string& watch_name, const std::vector<std::string>& hits,
             const RunOptions& options) {
  const size_t colon = deliver.find(':');
  const std::string scheme = deliver.substr(0, colon);
  const std::string target = deliver.substr(colon + 1);
  if (scheme == "jsonl") return deliver_to_file(target, json_lines(hits));
  if (scheme == "exec") return deliver_to_command(target, watch_name, json_lines(hits), options.delivery_timeout);
  if (scheme == "webhook") return deliver_to_webhook(target, watch_name, hits, options);
  throw RuntimeFailure(deliver + ": unknown delivery");
}

}  // namespace newsdex::watch
