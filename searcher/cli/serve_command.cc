// newsdex-search serve [--listen 127.0.0.1:8080]: the HTTP JSON API and the search page.
#include <signal.h>

#include <atomic>
#include <charconv>
#include <ctime>
#include <iostream>
#include <thread>

#include "cli_support.h"
#include "commands.h"
#include "http_server.h"
#include "newsdex/error.h"

namespace newsdex::search::cli {
namespace {

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0" (port 0: any free port).
void parse_listen(const std::string& listen, server::ServerOptions& options) {
  const size_t colon = listen.rfind(':');
  auto bad = [&] { return InputError("--listen '" + listen + "' is not HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080)"); };
  if (colon == std::string::npos || colon == 0) throw bad();
  std::string host = listen.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']') throw bad();
    host = host.substr(1, host.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  int number = -1;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (error != std::errc() || end != port.data() + port.size() || number < 0 || number > 65535) throw bad();
  options.host = host;
  options.port = number;
}

int run_serve(const std::string& database, const std::string& listen, server::ServerOptions options) {
  parse_listen(listen, options);
  // SIGTERM and SIGINT are taken by one thread, which stops the server cleanly; every other
  // thread (the server's workers too) inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::HttpServer http(database, options);
  std::cout << "newsdex-search: serving http://"
            << (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host) << ':'
            << http.port() << "/ from " << database << std::endl;
  std::atomic<bool> finished{false};
  std::thread signal_watcher([&] {
    const timespec tick{0, 200'000'000};
    while (!finished) {
      if (sigtimedwait(&stop_signals, nullptr, &tick) > 0) {
        http.stop();
        return;
      }
    }
  });
  http.run();
  finished = true;
  signal_watcher.join();
  std::cerr << "newsdex-search: stopped" << std::endl;
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, GlobalOptions& global, Action& action) {
  struct ServeOptions {
    std::string listen = "127.0.0.1:8080";
    server::ServerOptions server;
  };
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command = app.add_subcommand("serve", "Serve the HTTP JSON API and the search page");
  command->add_option("--listen", options->listen,
                      "HOST:PORT to listen on (default 127.0.0.1:8080, loopback only; port 0 picks a free one)");
  command->add_flag("--cors", options->server.cors,
                    "Let web pages from any origin call the API (Access-Control-Allow-Origin: *)");
  command
      ->add_option("--threads", options->server.threads,
                   "Searches answered at once (default: one a core); connections wait for a worker without holding one")
      ->check(CLI::Range(1u, 1024u));
  command
      ->add_option("--time-limit", options->server.time_limit_seconds,
                   "Seconds a search may take before it is answered with 503 (default 10)")
      ->check(CLI::Range(0.01, 3600.0));
  command->add_option("--max-limit", options->server.max_limit, "Largest 'limit' a request may ask for (default 100)")
      ->check(CLI::Range(1u, 10000u));
  command->callback([&action, &global, options] {
    action = [&global, options] { return run_serve(global.database, options->listen, options->server); };
  });
}

}  // namespace newsdex::search::cli
