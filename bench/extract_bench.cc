// Article-page extraction speed: reads every page of a directory (*.html, or *.html.gz as the
// shared corpus stores them) into memory, then extracts each with read_article_page, ROUNDS
// times over, in one process, on THREADS threads (default 1) taking pages in turn, as a crawl's
// workers would. Prints one line per round:
//   pages PAGES megabytes MB seconds S pages_per_s P mb_per_s M text_bytes T
//   newsdex-extract-bench DIR [ROUNDS] [THREADS]
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "newsdex/article_page.h"
#include "newsdex/error.h"

namespace {

std::string read_page(const std::filesystem::path& path) {
  if (path.extension() != ".gz") {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
  }
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) return {};
  std::string bytes;
  char buffer[1 << 16];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof buffer)) > 0) bytes.append(buffer, static_cast<size_t>(read));
  gzclose(file);
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: newsdex-extract-bench DIR [ROUNDS]\n";
    return 2;
  }
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  const int threads = argc > 3 ? std::max(1, std::atoi(argv[3])) : 1;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".html") || name.ends_with(".html.gz")) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> pages;
  size_t bytes = 0;
  for (const auto& path : paths) {
    pages.push_back(read_page(path));
    bytes += pages.back().size();
  }
  for (int round = 0; round < rounds; ++round) {
    std::atomic<size_t> characters = 0;  // used, so that no work is optimised away
    std::atomic<size_t> next = 0;
    auto work = [&] {
      for (size_t index = next++; index < pages.size(); index = next++) {
        try {
          characters += newsdex::feeds::read_article_page(pages[index], "", "https://news.example/article").text.size();
        } catch (const newsdex::Error&) {
        }
      }
    };
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int thread = 1; thread < threads; ++thread) workers.emplace_back(work);
    work();
    for (std::thread& worker : workers) worker.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double megabytes = static_cast<double>(bytes) / 1e6;
    std::printf("pages %zu megabytes %.1f seconds %.3f pages_per_s %.1f mb_per_s %.2f text_bytes %zu\n", pages.size(),
                megabytes, seconds, static_cast<double>(pages.size()) / seconds, megabytes / seconds,
                characters.load());
  }
  return 0;
}
