// newsdex-test-server DIR: serves the files of DIR at http://127.0.0.1:PORT/ (a random free
// port), prints that base URL on the first line of stdout, and serves until stdin closes or
// the process is terminated. Used by scripts/sample-run; not installed.
#include <iostream>
#include <string>

#include "loopback_server.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: newsdex-test-server DIRECTORY\n";
    return 2;
  }
  try {
    newsdex::testing::LoopbackServer server;
    server.serve_directory("/", argv[1]);
    std::cout << server.url("") << std::endl;
    std::string ignored;
    while (std::getline(std::cin, ignored)) {
    }
  } catch (const std::exception& error) {
    std::cerr << "newsdex-test-server: error: " << error.what() << '\n';
    return 3;
  }
  return 0;
}
