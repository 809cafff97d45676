// End to end: timelines and trends over a generated archive whose counts the test knows.
#include <gtest/gtest.h>

#include <httplib.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "newsdex/text.h"
#include "newsdex/time.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_seconds;

// The end of the trends window: the archive's last 24 hours end here.
const sys_seconds kUntil = std::chrono::sys_days(std::chrono::year(2026) / 3 / 1);

std::string rfc3339(sys_seconds time) { return format_rfc3339(time); }

std::string day_of(sys_seconds time) { return format_day(time); }

// One generated article, as the test knows it.
struct Generated {
  std::string country;
  std::string source;
  sys_seconds published;
  bool harbour;  // whether its text has the word "harbour"
};

// 28 days of baseline and one day of window, for ten countries, each covered three times a day
// by the same five sources. In the window, "NO" gets 9 articles from those five sources; "SE"
// its usual 3 and 60 more from one extra source.
std::vector<Generated> generate_archive(sys_seconds until = kUntil) {
  const std::vector<std::string> countries = {"NO", "SE", "FI", "DK", "IS", "EE", "LV", "LT", "PL", "DE"};
  const std::vector<std::string> sources = {"North Wire", "Baltic Daily", "Fjord Post", "Lake Herald", "Coast Times"};
  std::mt19937 random(20260301);
  std::vector<Generated> articles;
  size_t next_source = 0;
  auto add = [&](const std::string& country, const std::string& source, sys_seconds day_start) {
    const sys_seconds published = day_start + minutes(std::uniform_int_distribution<int>(1, 24 * 60 - 1)(random));
    articles.push_back({country, source, published, random() % 4 == 0});
  };
  for (int day = 28; day >= 0; --day) {
    const sys_seconds day_start = until - days(day + 1);
    for (const std::string& country : countries) {
      const int normal = 3;
      const int today = day == 0 && country == "NO" ? 9 : normal;
      for (int i = 0; i < today; ++i) add(country, sources[next_source++ % sources.size()], day_start);
      if (day == 0 && country == "SE") {
        for (int i = 0; i < 60; ++i) add(country, "Flood Wire", day_start);
      }
    }
  }
  return articles;
}

std::string as_json_lines(const std::vector<Generated>& articles) {
  std::string lines;
  for (size_t i = 0; i < articles.size(); ++i) {
    const Generated& article = articles[i];
    const std::string n = std::to_string(i);
    nlohmann::json record = {{"id", "https://archive.example/" + n},
                             {"title", "Dispatch " + n + " from the regional desk"},
                             {"text", "Dispatch number " + n + " covers council meetings, road works " + n +
                                          " and the weather" + (article.harbour ? " at the harbour." : ".")},
                             {"source", article.source},
                             {"published", rfc3339(article.published)},
                             {"language", "en"},
                             {"countries", {article.country}},
                             {"topics", {"society"}}};
    lines += record.dump() + "\n";
  }
  return lines;
}

class Coverage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    archive_ = new std::vector<Generated>(generate_archive());
    programs_ = new Programs();
    const std::string path = programs_->dir().file("archive.jsonl");
    std::ofstream(path) << as_json_lines(*archive_);
    const ProcessResult imported = programs_->index({"import", path});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  static void TearDownTestSuite() {
    delete programs_;
    delete archive_;
  }
  static inline std::vector<Generated>* archive_ = nullptr;
  static inline Programs* programs_ = nullptr;
};

nlohmann::json json_of(const ProcessResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

TEST_F(Coverage, ACountryCoveredMoreByItsUsualSourcesOutranksOneFloodedByASingleSource) {
  const auto trends = json_of(programs_->search({"trends", "--by", "country", "--until", rfc3339(kUntil), "--json"}));
  EXPECT_EQ(trends["by"], "country");
  EXPECT_EQ(trends["window"], "24h");
  EXPECT_EQ(trends["baseline"], "28d");
  const auto& rows = trends["trends"];
  ASSERT_FALSE(rows.empty()) << trends.dump();
  EXPECT_EQ(rows[0]["value"], "NO") << trends.dump();
  EXPECT_EQ(rows[0]["count"], 9);
  EXPECT_EQ(rows[0]["sources"], 5);
  EXPECT_NEAR(rows[0]["baseline_rate"].get<double>(), 3.0, 0.01);
  ASSERT_EQ(rows[0]["series"].size(), 29u) << "one count a day over baseline and window";
  EXPECT_EQ(rows[0]["series"].back()["period"], "2026-02-28");
  EXPECT_EQ(rows[0]["series"].back()["count"], 9);
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_LT(rows[i]["score"].get<double>(), rows[0]["score"].get<double>());
    if (rows[i]["value"] == "SE") {
      EXPECT_EQ(rows[i]["count"], 63) << "every article counts; the flood is capped in the score";
    }
  }
  // Countries at their usual rate are not trends.
  for (const auto& row : rows) EXPECT_TRUE(row["value"] == "NO" || row["value"] == "SE") << row.dump();

  // On a terminal-less stdout the layout is a table with a sparkline per row.
  const ProcessResult table = programs_->search({"trends", "--until", rfc3339(kUntil)});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find(" 1 NO"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("█"), std::string::npos) << table.out;
}

// Without --until, the window ends when the index last took articles in, not at its newest
// article: a stray dated years ahead does not empty the window.
TEST(TrendsWindow, EndsAtTheLastImportWhateverAStrayIsDated) {
  Programs programs;
  const sys_seconds until = std::chrono::floor<minutes>(now_utc()) - minutes(1);
  std::string lines = as_json_lines(generate_archive(until));
  lines += nlohmann::json({{"id", "https://archive.example/stray"},
                           {"title", "A post dated by a broken clock"},
                           {"text", "Council notes."},
                           {"source", "North Wire"},
                           {"published", "2099-01-01T00:00:00Z"},
                           {"countries", {"DE"}}})
               .dump() +
           "\n";
  const std::string path = programs.dir().file("archive.jsonl");
  std::ofstream(path) << lines;
  const ProcessResult imported = programs.index({"import", path});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto trends = json_of(programs.search({"trends", "--by", "country", "--json"}));
  ASSERT_FALSE(trends["trends"].empty()) << trends.dump();
  EXPECT_EQ(trends["trends"][0]["value"], "NO") << trends.dump();
  EXPECT_EQ(trends["trends"][0]["count"], 9);
  EXPECT_EQ(programs.search_json({"show", "https://archive.example/stray"})["published_source"], "seen");
}

TEST_F(Coverage, TrendsBySourceAndFiltersCountOnlyWhatMatches) {
  // The flooding source is new: it trends as a source (one source, so min-sources 1).
  const auto sources = json_of(
      programs_->search({"trends", "--by", "source", "--until", rfc3339(kUntil), "--min-sources", "1", "--json"}));
  ASSERT_FALSE(sources["trends"].empty());
  EXPECT_EQ(sources["trends"][0]["value"], "Flood Wire");
  // Restricted to Norway, nothing but Norway can trend.
  const auto norway = json_of(programs_->search({"trends", "--country", "NO", "--until", rfc3339(kUntil), "--json"}));
  ASSERT_EQ(norway["trends"].size(), 1u);
  EXPECT_EQ(norway["trends"][0]["value"], "NO");
  // Bad spans and dimensions are refused in one line.
  const ProcessResult bad = programs_->search({"trends", "--window", "soon"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("soon"), std::string::npos) << bad.err;
}

// An archive in several languages, generated by each test, and the words trends by term ranks for
// the day before kUntil.
class TrendingTerms : public ::testing::Test {
 protected:
  // Adds an article of `language` with `text`, from one of `sources` desks.
  void add(const std::string& language, const std::string& text, sys_seconds published, int sources = 5) {
    const std::string id = std::to_string(next_id_++);
    lines_ += nlohmann::json({{"id", "https://archive.example/" + id},
                              {"title", "Dispatch " + id},
                              {"text", text + " (" + id + ")"},
                              {"source", "Desk " + std::to_string(next_id_ % sources)},
                              {"published", rfc3339(published)},
                              {"language", language}})
                  .dump() +
              "\n";
  }

  // Imports the articles and returns the trends by term, as JSON.
  nlohmann::json trends_by_term() {
    const std::string path = programs_.dir().file("archive.jsonl");
    std::ofstream(path) << lines_;
    EXPECT_EQ(programs_.index({"import", path}).exit_code, 0);
    return json_of(programs_.search(
        {"trends", "--by", "term", "--until", rfc3339(kUntil), "--min-sources", "1", "--limit", "100", "--json"}));
  }

  // Imports the articles and returns the terms that trend.
  std::set<std::string> trending() {
    const auto trends = trends_by_term();
    std::set<std::string> terms;
    for (const auto& trend : trends["trends"]) terms.insert(trend["value"].get<std::string>());
    return terms;
  }

  Programs programs_;
  std::string lines_;
  int next_id_ = 0;
};

// A day of Spanish, Italian, French and German news about floods, and English news about a war,
// after four weeks of routine English news. (The French list of Lingua::StopWords lacks "les", so
// it is not asked for.)
TEST_F(TrendingTerms, EachArticlesOwnLanguagesGrammarIsLeftOut) {
  struct Sample {
    const char* language;
    const char* text;
    int copies;
  };
  const std::vector<Sample> window = {
      {"es", "Las inundaciones del sábado dejaron una ciudad con miles de evacuados por el agua", 8},
      {"it", "Le inondazioni della settimana: per la città che ha perso una strada, con molti evacuati", 8},
      {"fr", "Samedi, les inondations ont coupé une route et des milliers de personnes ont été évacuées", 8},
      {"de", "Die Überschwemmung war am Samstag so stark, dass die Straße gesperrt war", 6},
      {"en", "The war in the mountains escalated as the army shelled the valley overnight", 10}};
  for (int day = 28; day >= 1; --day) {
    for (int i = 0; i < 20; ++i) {
      add("en", "The council met on road works and the weather report for the coming week",
          kUntil - days(day) - hours(i));
    }
  }
  for (const Sample& sample : window) {
    for (int i = 0; i < sample.copies; ++i) add(sample.language, sample.text, kUntil - hours(1 + i));
  }
  const std::set<std::string> terms = trending();
  for (const char* grammar : {"las", "del", "una", "con", "per", "che", "della", "une", "des", "die", "dass", "samedi",
                              "sabado", "samstag"}) {
    EXPECT_FALSE(terms.contains(grammar)) << grammar << " is grammar or a day's name";
  }
  EXPECT_TRUE(terms.contains("war")) << "German 'war' (was) is grammar; most articles with it are English, about war";
  EXPECT_TRUE(terms.contains("inundaciones"));
  EXPECT_TRUE(terms.contains("evacuados"));
}

// "que" is grammar in Spanish, French and Portuguese, and none of them holds most of the articles
// that have it; "durante" is grammar in Spanish, Portuguese and Italian, though only the Spanish
// list has it; "volcán" and "volcan" are one word in two languages' stems.
TEST_F(TrendingTerms, GrammarSharedByLanguagesIsLeftOutAndAWordIsShownOnce) {
  for (int day = 28; day >= 1; --day) {
    for (int i = 0; i < 20; ++i) {
      add("en", "The council met on road works and the weather report for the coming week",
          kUntil - days(day) - hours(i));
    }
  }
  for (int i = 0; i < 6; ++i) {
    add("es", "El volcán entró en erupción y dicen que la ceniza llegó para quedarse durante días",
        kUntil - hours(1 + i));
    add("fr", "Le volcan est entré en éruption et on dit que la cendre est partout", kUntil - hours(2 + i));
    add("pt", "O vulcão entrou em erupção e dizem que a cinza chegou para ficar durante semanas",
        kUntil - hours(3 + i));
    add("it", "Il vulcano è in eruzione e la cenere resterà durante settimane", kUntil - hours(4 + i));
  }
  const auto trends = trends_by_term();
  std::map<std::string, int> rows;
  for (const auto& trend : trends["trends"]) ++rows[fold_for_matching(trend["value"].get<std::string>())];
  for (const char* grammar : {"que", "para", "durante"}) EXPECT_FALSE(rows.contains(grammar)) << grammar;
  EXPECT_TRUE(rows.contains("erupcion") || rows.contains("eruption") || rows.contains("erupcao"));
  for (const auto& [word, count] : rows) EXPECT_EQ(count, 1) << word << " is shown " << count << " times";
}

// A language no stop-word list covers: its grammar is what is in most of its articles every day.
// Turkish is a small part of this archive, under the 5 % of all articles that marks boilerplate.
TEST_F(TrendingTerms, TheGrammarOfALanguageWithoutAListIsLeftOutToo) {
  const std::vector<std::string> subjects = {"yol", "park", "okul", "otobüs", "köprü", "pazar", "hastane"};
  for (int day = 28; day >= 1; --day) {
    for (int i = 0; i < 50; ++i) {
      add("en", "Dispatch on council meetings and the weather", kUntil - days(day) - hours(i % 20), 4);
    }
    for (int i = 0; i < 2; ++i) {
      const std::string& subject = subjects[(day + i) % subjects.size()];
      add("tr",
          "Belediye " + subject + " için bir plan açıkladı ve vatandaşlar " + subject + " hakkında görüş bildirdi",
          kUntil - days(day) - hours(i), 4);
    }
  }
  for (int i = 0; i < 8; ++i) {
    add("tr", "Deprem bölgesinde arama kurtarma için bir ekip daha yola çıktı ve enkaz kaldırıldı",
        kUntil - hours(1 + i), 4);
  }
  const std::set<std::string> terms = trending();
  EXPECT_TRUE(terms.contains("deprem"));
  EXPECT_TRUE(terms.contains("enkaz"));
  for (const char* grammar : {"icin", "bir"}) EXPECT_FALSE(terms.contains(grammar)) << grammar;
}

TEST_F(Coverage, TimelineCountsEqualABruteForceCount) {
  std::map<std::string, uint64_t> per_day, per_month, per_week;
  std::map<std::string, std::map<std::string, uint64_t>> per_country_day;
  uint64_t total = 0;
  for (const Generated& article : *archive_) {
    if (!article.harbour) continue;
    ++total;
    ++per_day[day_of(article.published)];
    ++per_month[format_month(article.published)];
    const auto day = std::chrono::floor<days>(article.published);
    const auto monday = day - days((std::chrono::weekday(day).c_encoding() + 6) % 7);
    ++per_week[format_day(monday)];
    ++per_country_day[article.country][day_of(article.published)];
  }
  auto counts_of = [](const nlohmann::json& periods) {
    std::map<std::string, uint64_t> counts;
    for (const auto& period : periods) {
      if (period["count"] > 0) counts[period["period"]] = period["count"];
    }
    return counts;
  };
  const auto by_day = json_of(programs_->search({"timeline", "harbour", "--json"}));
  EXPECT_EQ(by_day["total"], total);
  EXPECT_EQ(by_day["by"], "day");
  EXPECT_EQ(counts_of(by_day["periods"]), per_day);
  EXPECT_EQ(by_day["periods"].size(), 29u) << "every day from the first to the last, empty ones too";
  EXPECT_TRUE(by_day["split"].is_null());
  EXPECT_EQ(counts_of(json_of(programs_->search({"timeline", "harbour", "--by", "week", "--json"}))["periods"]),
            per_week);
  EXPECT_EQ(counts_of(json_of(programs_->search({"timeline", "harbour", "--by", "month", "--json"}))["periods"]),
            per_month);

  const auto split = json_of(programs_->search({"timeline", "harbour", "--split", "country", "--json"}));
  ASSERT_EQ(split["split"].size(), 10u);
  for (const auto& [country, periods] : split["split"].items()) {
    EXPECT_EQ(counts_of(periods), per_country_day[country]) << country;
  }
  // --since and --until bound the periods listed.
  const auto bounded =
      json_of(programs_->search({"timeline", "harbour", "--since", "2026-02-20", "--until", "2026-02-22", "--json"}));
  ASSERT_EQ(bounded["periods"].size(), 3u);
  EXPECT_EQ(bounded["periods"][0]["period"], "2026-02-20");
  uint64_t expected = 0;
  for (const char* day : {"2026-02-20", "2026-02-21", "2026-02-22"}) expected += per_day[day];
  EXPECT_EQ(bounded["total"], expected);
  // `search timeline` searches for the word.
  EXPECT_EQ(programs_->search({"search", "timeline"}).exit_code, 1);
}

TEST_F(Coverage, HttpAnswersTheSameAsTheCommandLine) {
  ServedIndex served(*programs_);
  httplib::Client client("127.0.0.1", served.port());
  auto get_json = [&](const std::string& path) {
    const auto answer = client.Get(path);
    EXPECT_TRUE(answer);
    EXPECT_EQ(answer->status, 200) << path << ": " << answer->body;
    return nlohmann::json::parse(answer->body);
  };
  const std::string until = "2026-03-01T00:00:00Z";
  EXPECT_EQ(get_json("/trends?by=country&until=" + until),
            json_of(programs_->search({"trends", "--by", "country", "--until", until, "--json"})));
  EXPECT_EQ(get_json("/timeline?q=harbour&by=week&split=country&country=NO&country=SE"),
            json_of(programs_->search({"timeline", "harbour", "--by", "week", "--split", "country", "--country", "NO",
                                       "--country", "SE", "--json"})));
  for (const char* bad : {"/trends?window=soon", "/trends?by=planet", "/timeline?q=harbour&split=source",
                          "/timeline?q=harbour&by=hour", "/trends?colour=red"}) {
    const auto answer = client.Get(bad);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400) << bad << ": " << answer->body;
  }
}

}  // namespace
}  // namespace newsdex::testing
