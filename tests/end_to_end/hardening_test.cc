// What faces people, tried as an attacker would: feed links that would run script, text that
// would drive a terminal, and clients that are slow, idle, pipelined or malformed on purpose.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "programs.h"

namespace newsdex::testing {
namespace {

using Clock = std::chrono::steady_clock;

// ---- Links ---------------------------------------------------------------------------------

// Every link a hostile feed may carry, as written in XML (character references included).
const std::vector<std::string> kScriptLinks = {"javascript:alert(document.domain)",
                                               "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
                                               "vbscript:msgbox(1)",
                                               "JaVaScRiPt:alert(1)",
                                               "java&#9;script:alert(1)",
                                               " javascript:alert(1)",
                                               "&#10;javascript:alert(1)"};

// The schemes no output may hold, looked for the way a browser reads a link: lower case, with
// every tab, newline and space removed.
bool holds_script_link(std::string text) {
  std::erase_if(text, [](char c) { return c == '\t' || c == '\n' || c == '\r' || c == ' '; });
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* scheme : {"javascript:", "vbscript:", "data:text", "data:audio"}) {
    if (text.find(scheme) != std::string::npos) return true;
  }
  return false;
}

std::string hostile_rss() {
  std::string xml = "<rss version=\"2.0\"><channel><title>Lure desk</title><link>javascript:alert(1)</link>";
  for (size_t i = 0; i < kScriptLinks.size(); ++i) {
    xml += "<item><title>Lure story " + std::to_string(i) + "</title><link>" + kScriptLinks[i] +
           "</link><description>A lure with a hostile link, number " + std::to_string(i) + ".</description>" +
           "<enclosure url=\"" + kScriptLinks[(i + 1) % kScriptLinks.size()] + "\" type=\"audio/mpeg\"/></item>";
  }
  xml +=
      "<item><title>Lure story kept whole</title><link>https://desk.example/kept</link>"
      "<description>The lure that links to its page.</description>"
      "<enclosure url=\"data:audio/mp3;base64,AAAA\" type=\"audio/mpeg\"/>"
      "<enclosure url=\"https://desk.example/kept.mp3\" type=\"audio/mpeg\"/></item>";
  return xml + "</channel></rss>";
}

const char* const kHostileAtom =
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Lure atom</title><link href=\"VBScript:msgbox(1)\"/>"
    "<id>urn:lure</id><entry><title>Lure atom entry</title><id>urn:lure:1</id>"
    "<link rel=\"alternate\" href=\"JaVaScRiPt:alert(1)\"/><link rel=\"enclosure\" href=\"javascript:alert(2)\"/>"
    "<summary>An atom lure.</summary></entry></feed>";

const char* const kHostileJsonFeed =
    R"j({"version": "https://jsonfeed.org/version/1.1", "title": "Lure json", "home_page_url": "javascript:alert(1)",
        "items": [{"id": "1", "url": " javascript:alert(1)", "title": "Lure json item", "content_text": "A json lure."}]})j";

class HostileLinks : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(programs_.dir().file("lure.rss"), hostile_rss());
    write_file(programs_.dir().file("lure.atom"), kHostileAtom);
    write_file(programs_.dir().file("lure.json"), kHostileJsonFeed);
    write_file(
        programs_.dir().file("lure.jsonl"),
        R"j({"title": "Lure import tab", "text": "An imported lure.", "url": "java\tscript:alert(1)"})j"
        "\n"
        R"j({"title": "Lure import data", "text": "Another imported lure.", "url": "DATA:text/html,<script>alert(1)</script>"})j"
        "\n");
  }

  Programs programs_;
};

TEST_F(HostileLinks, ParsingDropsEveryNonWebLinkWithAWarning) {
  for (const char* name : {"lure.rss", "lure.atom", "lure.json"}) {
    const ProcessResult parsed = programs_.index({"parse", programs_.dir().file(name), "--json"});
    ASSERT_EQ(parsed.exit_code, 0) << name << ": " << parsed.err;
    EXPECT_FALSE(holds_script_link(parsed.out.substr(0, parsed.out.find("\"warnings\""))))
        << name << ": " << parsed.out;
    const nlohmann::json feed = nlohmann::json::parse(parsed.out);
    EXPECT_TRUE(feed.at("link").is_null()) << name;
    for (const auto& item : feed.at("items")) {
      EXPECT_TRUE(item.at("link").is_null() || item.at("link").get<std::string>().starts_with("http")) << item;
    }
    EXPECT_NE(parsed.out.find("dropped the link"), std::string::npos) << name << ": the warnings say what was dropped";
  }
  const nlohmann::json rss =
      nlohmann::json::parse(programs_.index({"parse", programs_.dir().file("lure.rss"), "--json"}).out);
  ASSERT_EQ(rss.at("items").size(), kScriptLinks.size() + 1) << "every item is kept, without its link";
  EXPECT_EQ(rss.at("items").back().at("enclosures").size(), 1u) << "the data: enclosure is dropped, the https one kept";
}

TEST_F(HostileLinks, NoOutputHoldsAScriptLink) {
  for (const char* name : {"lure.rss", "lure.atom", "lure.json"}) {
    const ProcessResult added = programs_.index({"add", programs_.dir().file(name)});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  const ProcessResult imported = programs_.index({"import", programs_.dir().file("lure.jsonl")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.err.find("lure.jsonl:1: warning: dropped the url"), std::string::npos) << imported.err;

  const ProcessResult json = programs_.search({"lure", "--json", "--no-collapse", "--limit", "100"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json found = nlohmann::json::parse(json.out);
  EXPECT_EQ(found.at("total"), kScriptLinks.size() + 1 + 1 + 1 + 2) << "every article is kept";
  EXPECT_FALSE(holds_script_link(json.out)) << json.out;
  for (const auto& hit : found.at("hits")) {
    const ProcessResult shown = programs_.search({"show", hit.at("id"), "--json"});
    EXPECT_FALSE(holds_script_link(shown.out)) << shown.out;
    EXPECT_TRUE(hit.at("url").is_null() || hit.at("url").get<std::string>().starts_with("https://")) << hit;
  }
  const ProcessResult atom = programs_.search({"lure", "--atom"});
  ASSERT_EQ(atom.exit_code, 0) << atom.err;
  EXPECT_FALSE(holds_script_link(atom.out)) << atom.out;
  EXPECT_NE(atom.out.find("href=\"https://desk.example/kept\""), std::string::npos) << "web links are still handed on";

  ServedIndex server(programs_);
  httplib::Client client("127.0.0.1", server.port());
  for (const char* target : {"/search?q=lure&collapse=0&limit=100", "/search.atom?q=lure"}) {
    const auto answer = client.Get(target);
    ASSERT_TRUE(answer) << target;
    EXPECT_EQ(answer->status, 200) << target;
    EXPECT_FALSE(holds_script_link(answer->body)) << target << ": " << answer->body;
  }
}

TEST_F(HostileLinks, AnIndexWrittenBeforeTheFilterHandsNoScriptLinkOn) {
  // A link stored as is, the way indexes written before the filter hold them.
  ASSERT_EQ(programs_.index({"add", programs_.dir().file("lure.rss")}).exit_code, 0);
  const ProcessResult planted = run_process(
      {kPlantLinkProgram, programs_.database(), "https://desk.example/kept", "javascript:alert(document.domain)"});
  ASSERT_EQ(planted.exit_code, 0) << planted.err;
  const ProcessResult shown = programs_.search({"show", "https://desk.example/kept", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_FALSE(holds_script_link(shown.out)) << shown.out;
  EXPECT_FALSE(holds_script_link(programs_.search({"lure", "--json"}).out));
  EXPECT_FALSE(holds_script_link(programs_.search({"lure", "--atom"}).out));
}

// ---- Control characters ----------------------------------------------------------------------

// Bytes a terminal obeys: ESC, BEL, and the C1 controls CSI (U+009B) and NEL (U+0085).
bool holds_terminal_controls(const std::string& bytes) {
  return bytes.find('\x1b') != std::string::npos || bytes.find('\x07') != std::string::npos ||
         bytes.find("\xc2\x9b") != std::string::npos || bytes.find("\xc2\x85") != std::string::npos;
}

TEST(TerminalControls, NeverStoredNorPrinted) {
  // JSON escapes in every text field of a JSON Feed and of an import record.
  const std::string escapes = R"j(\u001b]0;PWNED\u0007 \u001b[2J \u009b31m \u0085)j";
  Programs programs;
  write_file(programs.dir().file("controls.json"),
             R"j({"version": "https://jsonfeed.org/version/1.1", "title": "Desk )j" + escapes + R"j(",
                 "items": [{"id": "c1", "url": "https://desk.example/controls", "title": "Quake )j" +
                 escapes + R"j(",
                 "summary": "Summary )j" +
                 escapes + R"j(", "content_text": "Quake text )j" + escapes + R"j(",
                 "authors": [{"name": "Author )j" +
                 escapes + R"j("}], "tags": ["Tag )j" + escapes + R"j("]}]})j");
  write_file(programs.dir().file("controls.jsonl"),
             R"j({"title": "Tremor )j" + escapes + R"j(", "text": "Tremor text )j" + escapes +
                 R"j(", "source": "Source )j" + escapes + R"j(", "author": "Writer )j" + escapes +
                 R"j(", "summary": "Brief )j" + escapes + R"j(", "categories": ["Section )j" + escapes +
                 R"j("]})j"
                 "\n");
  // XML character references for C1 controls, which XML 1.0 allows.
  write_file(
      programs.dir().file("controls.rss"),
      "<rss version=\"2.0\"><channel><title>Wire &#x9b;2J</title><item><title>Aftershock &#x9b;31m &#x85;</title>"
      "<link>https://desk.example/aftershock</link><description>Aftershock text &#x9b;2J</description></item>"
      "</channel></rss>");
  const ProcessResult parsed = programs.index({"parse", programs.dir().file("controls.json"), "--json"});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  EXPECT_EQ(parsed.out.find("\\u001b"), std::string::npos) << parsed.out;
  EXPECT_FALSE(holds_terminal_controls(parsed.out)) << parsed.out;
  ASSERT_EQ(
      programs.index({"add", programs.dir().file("controls.json"), programs.dir().file("controls.rss")}).exit_code, 0);
  ASSERT_EQ(programs.index({"import", programs.dir().file("controls.jsonl")}).exit_code, 0);

  const ProcessResult json = programs.search({"quake OR tremor OR aftershock", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out).at("total"), 3);
  // JSON would write ESC as \u001b: neither that nor the raw bytes.
  for (const char* escaped : {"\\u001b", "\\u0007", "\\u009b", "\\u0085"}) {
    EXPECT_EQ(json.out.find(escaped), std::string::npos) << escaped << " in " << json.out;
  }
  EXPECT_FALSE(holds_terminal_controls(json.out)) << json.out;
  EXPECT_NE(json.out.find("PWNED"), std::string::npos) << "the text around the controls is kept";

  if (!std::filesystem::exists("/usr/bin/script")) GTEST_SKIP() << "script(1) is not installed (util-linux)";
  for (const std::string& command :
       {std::string(" 'quake OR tremor OR aftershock'"), std::string(" show https://desk.example/controls")}) {
    // A terminal, without colour (whose own escapes would hide the ones looked for) or pager.
    const ProcessResult terminal = run_process(
        {"/usr/bin/script", "-qec",
         "stty rows 200 cols 200; NO_COLOR=1 " + std::string(kSearchProgram) + " --db " + programs.database() + command,
         "/dev/null"});
    EXPECT_NE(terminal.out.find("PWNED"), std::string::npos) << command << ": " << terminal.out;
    EXPECT_FALSE(holds_terminal_controls(terminal.out)) << command << ": " << terminal.out;
  }
}

TEST(TerminalControls, NeverKeptFromOpmlTitles) {
  Programs programs;
  write_file(programs.dir().file("subscriptions.opml"),
             "<opml version=\"2.0\"><body><outline text=\"News &#x9b;2J\">"
             "<outline text=\"Desk &#x9b;31m &#x85;title\" xmlUrl=\"https://desk.example/feed.rss\" "
             "htmlUrl=\"javascript:alert(1)\" category=\"World&#x9b;\"/></outline></body></opml>");
  const ProcessResult imported = programs.index({"feeds", "import", programs.dir().file("subscriptions.opml")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  for (std::vector<std::string> list :
       {std::vector<std::string>{"feeds", "list"}, {"feeds", "list", "--json"}, {"feeds", "export"}}) {
    const ProcessResult listed = programs.index(list);
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    if (list.size() > 2 || list[1] == "export") {
      EXPECT_NE(listed.out.find("Desk"), std::string::npos) << listed.out;
    }
    EXPECT_FALSE(holds_terminal_controls(listed.out)) << listed.out;
    EXPECT_EQ(listed.out.find("\\u009b"), std::string::npos) << listed.out;
    EXPECT_FALSE(holds_script_link(listed.out)) << listed.out;
  }
}

// ---- Slow, idle, pipelined and malformed clients ---------------------------------------------

// A TCP connection to the server, closed when destroyed.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  bool send_text(std::string_view text) {
    return ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }

  // Everything the server sends until it closes the connection or `wait` passes.
  std::string read_until_closed(std::chrono::milliseconds wait) {
    std::string received;
    const auto deadline = Clock::now() + wait;
    while (Clock::now() < deadline) {
      pollfd ready{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (poll(&ready, 1, static_cast<int>(std::max<long>(left, 1))) <= 0) break;
      char buffer[16384];
      const ssize_t got = recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) {
        closed_ = true;
        break;
      }
      received.append(buffer, static_cast<size_t>(got));
    }
    return received;
  }
  // True once read_until_closed saw the server close the connection.
  bool closed() const { return closed_; }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

// The status of each HTTP response in `bytes`, in order.
std::vector<int> statuses_in(const std::string& bytes) {
  std::vector<int> statuses;
  for (size_t at = bytes.find("HTTP/1.1 "); at != std::string::npos; at = bytes.find("HTTP/1.1 ", at + 1)) {
    statuses.push_back(std::stoi(bytes.substr(at + 9, 3)));
  }
  return statuses;
}

class HostileClients : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(
        programs_.dir().file("desk.rss"),
        "<rss version=\"2.0\"><channel><title>Desk</title><item><title>Volcano erupts on Iceland's coast</title>"
        "<link>http://desk.example/volcano</link><description>A volcano erupted in Iceland overnight.</description>"
        "</item></channel></rss>");
    ASSERT_EQ(programs_.index({"add", programs_.dir().file("desk.rss")}).exit_code, 0);
    server_ = std::make_unique<ServedIndex>(programs_);
  }

  Programs programs_;
  std::unique_ptr<ServedIndex> server_;
};

TEST_F(HostileClients, SlowAndIdleConnectionsDoNotStopSearches) {
  std::vector<std::unique_ptr<RawConnection>> idle, trickling;
  for (int i = 0; i < 500; ++i) idle.push_back(std::make_unique<RawConnection>(server_->port()));
  for (int i = 0; i < 50; ++i) trickling.push_back(std::make_unique<RawConnection>(server_->port()));
  ASSERT_TRUE(std::all_of(idle.begin(), idle.end(), [](const auto& c) { return c->connected(); }));
  // Each trickler sends one byte of a request every 2 s, for as long as the server lets it.
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    const std::string request = "GET /search?q=volcano HTTP/1.1\r\nHost: x\r\n\r\n";
    for (size_t byte = 0; !done && byte < request.size(); ++byte) {
      for (auto& connection : trickling) connection->send_text(request.substr(byte, 1));
      for (int tick = 0; tick < 20 && !done; ++tick) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  for (int i = 0; i < 20; ++i) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(std::chrono::seconds(5));
    const auto started = Clock::now();
    const auto answer = client.Get("/search?q=volcano");
    const auto took = Clock::now() - started;
    ASSERT_TRUE(answer) << "search " << i << " got no answer";
    EXPECT_EQ(answer->status, 200);
    EXPECT_LT(took, std::chrono::seconds(2))
        << "search " << i << " took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  done = true;
  trickle.join();
}

TEST_F(HostileClients, ARequestMustArriveWholeWithinTheDeadline) {
  // One connection trickles its headers, one its body, a byte a second, for 30 s if allowed.
  RawConnection slow_headers(server_->port()), slow_body(server_->port());
  slow_body.send_text("GET /search?q=volcano HTTP/1.1\r\nHost: x\r\nContent-Length: 30\r\n\r\n");
  const auto started = Clock::now();
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    const std::string headers = "GET /search?q=volcano HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    for (size_t second = 0; second < 30 && !done; ++second) {
      slow_headers.send_text(headers.substr(second, 1));
      slow_body.send_text("b");
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  const std::string body_answer = slow_body.read_until_closed(std::chrono::seconds(25));
  const auto body_cut = Clock::now() - started;
  const std::string header_answer = slow_headers.read_until_closed(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::seconds(25) - body_cut));
  const auto headers_cut = Clock::now() - started;
  done = true;
  trickle.join();
  EXPECT_TRUE(slow_body.closed() && slow_headers.closed()) << "both connections were cut off";
  EXPECT_LT(body_cut, std::chrono::seconds(15)) << "the body's deadline is 10 s";
  EXPECT_LT(headers_cut, std::chrono::seconds(15)) << "the headers' deadline is 10 s";
  EXPECT_EQ(body_answer.find("200 OK"), std::string::npos) << body_answer;
  EXPECT_EQ(header_answer.find("200 OK"), std::string::npos) << header_answer;
}

TEST_F(HostileClients, IdleKeptAliveConnectionsAreClosed) {
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.send_text("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto started = Clock::now();
  const std::string answer = connection.read_until_closed(std::chrono::seconds(15));
  EXPECT_EQ(statuses_in(answer), std::vector<int>{200}) << answer;
  EXPECT_TRUE(connection.closed());
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(9)) << "idle connections are closed after 5 s";
}

TEST_F(HostileClients, PipelinedRequestsAreAnsweredInOrder) {
  RawConnection connection(server_->port());
  ASSERT_TRUE(
      connection.send_text("GET /search?q=volcano HTTP/1.1\r\nHost: x\r\n\r\n"
                           "GET /nothing/here HTTP/1.1\r\nHost: x\r\n\r\n"
                           "GET /search?q=volcano&limit=x HTTP/1.1\r\nHost: x\r\n\r\n"
                           "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const std::string answers = connection.read_until_closed(std::chrono::seconds(10));
  EXPECT_EQ(statuses_in(answers), (std::vector<int>{200, 404, 400, 200})) << answers;
  EXPECT_NE(answers.find("Iceland"), std::string::npos);
  EXPECT_TRUE(connection.closed()) << "closed after the request that asked for it";
}

TEST_F(HostileClients, DocumentedErrorStatuses) {
  auto status_of = [&](const std::string& request) {
    RawConnection connection(server_->port());
    connection.send_text(request);
    const std::vector<int> statuses = statuses_in(connection.read_until_closed(std::chrono::seconds(10)));
    return statuses.empty() ? 0 : statuses.front();
  };
  for (const char* method : {"OPTIONS", "TRACE", "CONNECT", "DELETE", "PUT", "PATCH", "POST"}) {
    EXPECT_EQ(status_of(std::string(method) + " /search?q=volcano HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
              405)
        << method;
  }
  EXPECT_EQ(
      status_of("GET /search?q=volcano HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n" + std::string(20000, 'x')),
      413);
  EXPECT_EQ(
      status_of("GET /search?q=volcano HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x')),
      200)
      << "a small body is read and ignored";
  std::string many_lines = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 101; ++i) many_lines += "X-Line-" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(status_of(many_lines + "\r\n"), 431);
  EXPECT_EQ(status_of("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n"), 431);
  EXPECT_EQ(status_of("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100000, 'a') + "\r\n\r\n"), 431);
  EXPECT_EQ(status_of("NOT A REQUEST\r\n\r\n"), 400);

  // HEAD: the GET's status and headers, no body.
  RawConnection head(server_->port());
  head.send_text("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string answer = head.read_until_closed(std::chrono::seconds(10));
  EXPECT_EQ(statuses_in(answer), std::vector<int>{200});
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4), "") << "no body";
}

TEST_F(HostileClients, EveryAnswerCarriesTheSecurityHeaders) {
  httplib::Client client("127.0.0.1", server_->port());
  for (const char* target : {"/", "/search-page.js", "/search?q=volcano", "/nothing/here", "/search.atom?q=volcano"}) {
    const auto answer = client.Get(target);
    ASSERT_TRUE(answer) << target;
    const std::string policy = answer->get_header_value("Content-Security-Policy");
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << target << ": " << policy;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << target;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << target;
    EXPECT_EQ(answer->get_header_value("X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(answer->get_header_value("Referrer-Policy"), "no-referrer") << target;
  }
  const auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body.find("<script>"), std::string::npos) << "no inline script for the policy to allow";
  EXPECT_EQ(page->body.find("<style>"), std::string::npos) << "no inline style either";
}

}  // namespace
}  // namespace newsdex::testing
