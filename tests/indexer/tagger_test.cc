#include "newsdex/tagger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "newsdex/error.h"
#include "newsdex/text.h"
#include "test_paths.h"

namespace newsdex::index {
namespace {

std::vector<std::string> codes(const std::vector<ScoredCode>& scored) {
  std::vector<std::string> out;
  for (const auto& code : scored) out.push_back(code.code);
  return out;
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// The countries named in `text`, an article in `language`, in code order.
std::vector<std::string> countries_named(const Tagger& tagger, const std::string& language, const std::string& text) {
  std::vector<std::string> found = tagger.tag("", text, {language, {}, {}, {}}).mentioned;
  std::sort(found.begin(), found.end());
  return found;
}

const Tagger& tagger() {
  static const Tagger instance;
  return instance;
}

// The countries named in `text`, an article in `language`, in code order, by the shared tagger.
std::vector<std::string> named(const std::string& language, const std::string& text) {
  return countries_named(tagger(), language, text);
}
using Codes = std::vector<std::string>;

TEST(Tagger, SeparatesCountriesAnArticleIsAboutFromPassingMentions) {
  const Tags tags = tagger().tag(
      "Azerbaijan, Turkiye sign MoU on cooperation in space sector",
      "Azerbaijan and Turkiye signed a memorandum on space cooperation. The document was signed in Paris, "
      "France. The Azerbaijani operator and the Turkish Space Agency will work on satellites. Azerbaijan and "
      "Turkiye trade a lot; Turkiye is Azerbaijan's second-largest investor followed by the UK.");
  EXPECT_EQ(codes(tags.countries), (std::vector<std::string>{"AZ", "TR"}));
  EXPECT_DOUBLE_EQ(tags.countries[0].score, 1.0);
  for (const char* code : {"AZ", "TR", "FR", "GB"}) EXPECT_TRUE(contains(tags.mentioned, code)) << code;
  EXPECT_TRUE(contains(codes(tags.topics), "science-technology")) << tags.topics.size();
}

TEST(Tagger, ReadsCountriesFromCapitalsDemonymsAndShortForms) {
  EXPECT_EQ(named("en", "Whitehall and Capitol Hill disagree; the Duma stayed silent."), (Codes{"GB", "RU", "US"}));
  EXPECT_EQ(named("en", "Militants attacked a pipeline in the Niger Delta."), Codes{"NG"});
  EXPECT_TRUE(contains(tagger().tag("", "Talks in Baku ended.").mentioned, "AZ"));
  EXPECT_TRUE(contains(tagger().tag("", "Japanese exporters gained.").mentioned, "JP"));
  EXPECT_TRUE(contains(tagger().tag("", "The U.S. economy grew.").mentioned, "US"));
  EXPECT_TRUE(contains(tagger().tag("", "TÜRKİYE'DE seçim").mentioned, "TR"));
}

TEST(Tagger, IgnoresCommonWordsThatLookLikeCountries) {
  EXPECT_TRUE(tagger().tag("", "We roasted a turkey and served it on fine china. Let us eat.").mentioned.empty());
  EXPECT_TRUE(tagger().tag("", "Prices across Latin America rose.").mentioned.empty());
  // The continent's parts as Spanish and Portuguese write them: "América" alone is the US.
  EXPECT_TRUE(
      tagger().tag("", "Estudiantes de América Latina serán los más afectados.", {"es", {}, {}, {}}).mentioned.empty());
  EXPECT_TRUE(
      tagger().tag("", "Os países da América do Sul assinaram o acordo.", {"pt", {}, {}, {}}).mentioned.empty());
  EXPECT_TRUE(contains(tagger().tag("", "Papua New Guinea held elections.").mentioned, "PG"));
  EXPECT_FALSE(contains(tagger().tag("", "Papua New Guinea held elections.").mentioned, "GN"));
}

TEST(Tagger, AddsConfiguredCountriesAndTopicsAsPriors) {
  const Tags tags =
      tagger().tag("Local council meets", "The council met on Monday.", {"az-latn", {"AZ"}, {"politics"}, {}});
  EXPECT_EQ(codes(tags.countries), std::vector<std::string>{"AZ"});
  EXPECT_TRUE(contains(tags.mentioned, "AZ"));
  EXPECT_TRUE(contains(codes(tags.topics), "politics"));
  EXPECT_EQ(tags.language, "az");
}

TEST(Tagger, LeadsWithTopicsBeyondTheBroadFiveWhenTheTextIsPlainlyAboutThem) {
  // The first model knew only BBC News's five topics; this one knows all seventeen.
  EXPECT_EQ(tagger()
                .tag("Heavy snow and freezing temperatures forecast",
                     "Forecasters warned of heavy snow, icy roads and temperatures below freezing on Saturday "
                     "as a cold front moves in, with strong wind on the coast.")
                .topics.at(0)
                .code,
            "weather");
  EXPECT_EQ(tagger()
                .tag("Hospital waiting lists grow as flu cases rise",
                     "Hospitals reported a rise in flu admissions and doctors said patients waited longer for "
                     "treatment. Health officials urged older people to get vaccinated against the virus.")
                .topics.at(0)
                .code,
            "health");
  EXPECT_EQ(tagger()
                .tag("Schools to get more teachers",
                     "Pupils in primary schools will have smaller classes after the education department "
                     "funded more teachers; head teachers welcomed the plan.")
                .topics.at(0)
                .code,
            "education");
}

TEST(Tagger, FindsTopicsFromWords) {
  EXPECT_EQ(tagger()
                .tag("Striker scores twice as champions win the cup", "The football club won the final.")
                .topics.at(0)
                .code,
            "sport");
  EXPECT_EQ(
      tagger()
          .tag("Election called", "Parliament voted and the prime minister resigned; the opposition party campaigns.")
          .topics.at(0)
          .code,
      "politics");
}

}  // namespace
}  // namespace newsdex::index

namespace newsdex::index {
namespace {

bool mentions(const std::string& text, const std::string& code) {
  static const Tagger tagger;
  const Tags tags = tagger.tag("", text);
  return std::find(tags.mentioned.begin(), tags.mentioned.end(), code) != tags.mentioned.end();
}

TEST(TaggerAmbiguity, GeorgiaIsTheUsStateWhenTheTextSaysSo) {
  EXPECT_TRUE(mentions("Voters in Georgia queued for hours in Atlanta on Tuesday.", "US"));
  EXPECT_FALSE(mentions("Voters in Georgia queued for hours in Atlanta on Tuesday.", "GE"));
  EXPECT_TRUE(mentions("Protesters in Georgia gathered outside parliament in Tbilisi.", "GE"));
  // A dateline says so too: its region, or a place of another country before the name.
  EXPECT_EQ(named("en", "ATHENS, Ga. (AP) - The University of Georgia will raise tuition."), Codes{"US"});
  EXPECT_EQ(named("en", "ROME, Georgia - Floyd County schools will close on Friday."), Codes{"US"});
  EXPECT_EQ(named("en", "TBILISI, Georgia (Reuters) - The government resigned on Monday."), Codes{"GE"});
  EXPECT_EQ(named("en", "Protests spread from Russia, Georgia."), (Codes{"GE", "RU"}));
  EXPECT_EQ(named("en", "Athens, Georgia, police arrested two suspects."), Codes{"US"}) << "no dateline";
  EXPECT_EQ(
      tagger().tag("Athens, Georgia, named best college town", "The University of Georgia topped the list.").mentioned,
      Codes{"US"})
      << "one Georgia throughout an article";
  EXPECT_EQ(named("en", "Leaders from Moscow, Georgia and Ukraine met."), (Codes{"GE", "RU", "UA"}));
  EXPECT_EQ(named("en", "Unlike Moscow, Georgia has no gas of its own."), (Codes{"GE", "RU"})) << "no clause ends";
  EXPECT_EQ(named("en", "LOUISVILLE, Ky. (AP) - Georgia's parliament met in Tbilisi."), (Codes{"GE", "US"}))
      << "a US dateline alone makes no Georgia the state";
}

// Congo alone is the Republic of the Congo, but the Democratic Republic's where the text names
// its places or people.
TEST(TaggerAmbiguity, CongoIsTheDemocraticRepublicWhenTheTextSaysSo) {
  EXPECT_EQ(named("en", "Congo's army battles rebels near Goma as fighting spreads in North Kivu."), Codes{"CD"});
  EXPECT_EQ(named("en", "Congo votes in Brazzaville as the president seeks a new term."), Codes{"CG"});
}

// A headline's capital makes the bird of Thanksgiving's dinner "Turkey".
TEST(TaggerAmbiguity, TurkeyIsTheBirdWhenTheTextIsAboutThanksgiving) {
  EXPECT_EQ(named("en", "Brussels fines a tech giant. The European Commission said it abused its dominance."), Codes{})
      << "Brussels, the EU's institutions";
  EXPECT_EQ(named("en", "Flights were cancelled at Brussels airport, the Belgian operator said."), Codes{"BE"});
  EXPECT_EQ(named("en", "BRUSSELS, March 3 - EU ministers agreed on a fuel tax."), Codes{"BE"}) << "a dateline's place";
  EXPECT_FALSE(mentions("Turkey prices rise ahead of Thanksgiving as shoppers stock up.", "TR"));
  EXPECT_FALSE(mentions("Turkey Sandwich Recipes for Your Leftovers. Add gravy and stuffing.", "TR"));
  EXPECT_TRUE(mentions("Turkey and Greece agreed to resume talks on maritime borders.", "TR"));
}

TEST(TaggerAmbiguity, PeoplesNamesAreNotCountries) {
  EXPECT_FALSE(mentions("The documentary follows Michael Jordan through his last season.", "JO"));
  EXPECT_TRUE(mentions("Officials in Jordan said the border would reopen.", "JO"));
  EXPECT_TRUE(mentions("Jordan said on Monday that the border would reopen.", "JO"));
  EXPECT_FALSE(mentions("The drummer Chad Smith joined the band on stage.", "TD"));
  EXPECT_TRUE(mentions("Aid reached refugees in eastern Chad this week.", "TD"));
  EXPECT_FALSE(mentions("Paris Hilton opened a new hotel.", "FR"));
  // At a sentence's start, before the name, a word that looks like a person's name.
  EXPECT_FALSE(mentions("Tom Holland will star in the new film, the studio said.", "NL"));
  EXPECT_FALSE(mentions("Michael Jordan bought a stake in the team.", "JO"));
  EXPECT_TRUE(mentions("Visit Jordan this spring, the tourism ministry says.", "JO"));
  EXPECT_TRUE(
      contains(tagger().tag("", "Depuis Paris, le président a annoncé un plan.", {"fr", {}, {}, {}}).mentioned, "FR"))
      << "in another language any word starts a sentence";
  // Headlines in languages that write them as sentences are no title case for having names.
  EXPECT_TRUE(
      tagger().tag("La vicepresidenta Francia Márquez visitó el Cauca", "", {"es", {}, {}, {}}).mentioned.empty());
  EXPECT_TRUE(contains(tagger().tag("Francia y Alemania firman un acuerdo", "", {"es", {}, {}, {}}).mentioned, "FR"));
  EXPECT_TRUE(
      contains(tagger().tag("Scheidsrechter bij FC Twente - FC Utrecht", "", {"nl", {}, {}, {}}).mentioned, "NL"))
      << "a club's city";
  EXPECT_FALSE(contains(tagger().tag("", "Reserves: B Reihana (New Zealand), B Lima (Samoa).").mentioned, "PE"))
      << "an initial before a surname";
  EXPECT_FALSE(contains(tagger().tag("Drummer Chad Smith announces solo tour", "").mentioned, "TD"))
      << "a surname that is an English word, in a headline";
  EXPECT_TRUE(contains(tagger().tag("Chad Sudan border clashes leave dozens dead", "").mentioned, "TD"));
}

// GeoNames' cities name their country where a news text opens with one, as wire copy does.
TEST(TaggerCities, ADatelineNamesItsCountry) {
  static const Tagger tagger;
  const Tags wire = tagger.tag("LOUISVILLE GAS TO ASK PROTECTIVE MEASURES",
                               "LOUISVILLE, Ky., March 3 - Louisville Gas and Electric Co said it will ask state "
                               "regulators for protection against rising fuel costs.");
  EXPECT_EQ(codes(wire.countries), (std::vector<std::string>{"US"}));
  EXPECT_TRUE(contains(tagger.tag("", "OSAKA (Reuters) - Shares of the retailer rose.").mentioned, "JP"));
  EXPECT_TRUE(contains(tagger.tag("", "JACKSON, Miss. - The governor signed the bill.").mentioned, "US"));
  // A city named after a saint, however the dateline writes "Saint".
  EXPECT_EQ(codes(tagger.tag("", "ST PAUL, March 4 - The insurer said profit rose.").countries),
            (std::vector<std::string>{"US"}));
  EXPECT_EQ(codes(tagger.tag("", "ST. PETERSBURG (Reuters) - The port reopened.").countries),
            (std::vector<std::string>{"RU"}));
  // The same names elsewhere are a person's or nothing.
  EXPECT_FALSE(mentions("Jackson said the plan would work, and the crowd cheered.", "US"));
  EXPECT_FALSE(mentions("Shares of Louisville Gas rose after the ruling.", "US"));
}

// A place, a comma and a state or province is a town of that country wherever it stands: US
// local news names Lebanon, Ohio and Dublin, Ohio; a list of places is no such pair.
TEST(TaggerCities, APlaceBeforeAStateIsATownOfItsCountry) {
  static const Tagger tagger;
  auto named = [&](const std::string& text) {
    std::vector<std::string> codes = tagger.tag("", text).mentioned;
    std::sort(codes.begin(), codes.end());
    return codes;
  };
  EXPECT_EQ(named("Voters in Lebanon, Ohio, approved the school levy."), Codes{"US"});
  EXPECT_EQ(named("The circus festival in Peru, Ind., drew record crowds."), Codes{"US"});
  EXPECT_EQ(named("Dublin, Ohio, hosts the golf tournament every June."), Codes{"US"});
  EXPECT_EQ(named("The team flew from London, Ontario, to Paris."), (Codes{"CA", "FR"}));
  EXPECT_EQ(named("Talks in Paris, London, Berlin and Rome ended."), (Codes{"DE", "FR", "GB", "IT"}));
  EXPECT_EQ(named("Leaders of Armenia, Georgia and Azerbaijan met."), (Codes{"AM", "AZ", "GE"}));
  EXPECT_EQ(named("Surveys in London, Frankfurt, New York and San Francisco found the same."),
            (Codes{"DE", "GB", "US"}));
  EXPECT_EQ(named("Hurricane Beryl brought flooding to Mexico, Texas and Louisiana."), (Codes{"MX", "US"}));
  EXPECT_EQ(named("The company has factories in Canada, Ohio and Michigan."), (Codes{"CA", "US"}));
  EXPECT_EQ(named("The Crown Princess of Sweden, Victoria, opened the summit."), Codes{"SE"});
  // So is a city before another country's name: "Perth, Scotland"; not in a list.
  EXPECT_EQ(named("Perth, Scotland, bids to be the city of culture."), Codes{"GB"});
  EXPECT_EQ(named("A heatwave hit Hyderabad, Pakistan, on Monday."), Codes{"PK"});
  EXPECT_EQ(named("Talks in Paris, Germany and Italy were planned."), (Codes{"DE", "FR", "IT"}));
  EXPECT_EQ(named("Unlike Paris, Germany has no such law."), (Codes{"DE", "FR"}));
  EXPECT_EQ(named("Flights from Tokyo, Seoul, Beijing were cancelled."), (Codes{"CN", "JP", "KR"}));
}

// A city of GeoNames' list names its country in a dateline, and in English after "in", "near",
// "outside", "from" or "around" when it is no English word.
TEST(TaggerCities, ACityAfterAPlacePrepositionNamesItsCountry) {
  EXPECT_EQ(named("en", "The helicopter plant in Kazan will build 40 more."), Codes{"RU"});
  EXPECT_EQ(named("en", "Farmers around Nagpur lost half the crop."), Codes{"IN"});
  EXPECT_EQ(named("en", "He moved to Reading and now lives in Mobile."), Codes{}) << "English words";
  EXPECT_EQ(named("en", "Kazan said the deal was done."), Codes{}) << "no preposition: a surname";
}

// A dateline's region names the country where its place alone says nothing, or something else:
// AP and Reuters write the state's abbreviation, Canadian and Australian wires their province's.
TEST(TaggerCities, ADatelinesRegionNamesItsCountry) {
  static const Tagger tagger;
  auto about = [&](const std::string& text) { return codes(tagger.tag("QUARTERLY RESULTS", text).countries); };
  EXPECT_EQ(about("ROCHESTER, N.Y., Feb 26 - The sportswear maker said its board approved a split."), Codes{"US"});
  EXPECT_EQ(about("SACRAMENTO, Calif. (KTXL) -- Agents arrested a bartender on Friday."), Codes{"US"});
  EXPECT_EQ(about("Fairview Heights, Ill. - The council voted to close the pool."), Codes{"US"});
  EXPECT_EQ(about("AUSTIN, TX - The startup raised money from investors."), Codes{"US"});
  EXPECT_EQ(about("KINGSTON, Ont., March 3 - The brewer said sales rose."), Codes{"CA"});
  EXPECT_EQ(about("WOLLONGONG, N.S.W., March 3 - The steelmaker cut jobs."), Codes{"AU"});
  // The region decides where its place names another country, or none.
  EXPECT_EQ(about("MELBOURNE, Fla., March 3 - The electronics maker said profit rose."), Codes{"US"});
  EXPECT_EQ(about("LONDON, Ontario, March 3 - The insurer said premiums rose."), Codes{"CA"});
  EXPECT_EQ(about("PARIS, Texas (AP) - A fire destroyed a barn on the edge of town."), Codes{"US"});
  EXPECT_EQ(about("TBILISI, Georgia, March 3 - The government said it would hold talks."), Codes{"GE"});
  // Not a dateline: a list of countries, an abbreviation elsewhere, a place without a region.
  EXPECT_EQ(about("Germany, France, Italy and Spain agreed on the plan."), (Codes{"DE", "ES", "FR", "IT"}));
  EXPECT_TRUE(about("Sales rose in the Calif. and N.Y. stores, the retailer said.").empty());
  EXPECT_EQ(about("WASHINGTON, March 3 - The Treasury said it would sell bills."), Codes{"US"});
  // A headline of two countries is no dateline.
  EXPECT_EQ(codes(tagger.tag("Russia, Ukraine - live updates", "Talks resumed on Monday.").countries),
            (Codes{"RU", "UA"}));
  // A title that repeats the dateline, as some feeds' items do, reads it the same way.
  for (const std::string item : {"LEBANON, Pa. (AP) - A fire destroyed a dairy barn overnight.",
                                 "MOSCOW, Idaho (AP) - Police said they had made an arrest."}) {
    EXPECT_EQ(codes(tagger.tag(item, item).countries), Codes{"US"}) << item;
  }
}

TEST(TaggerCities, PeopleAndCompaniesNamedLikePlacesAreNotThePlace) {
  EXPECT_FALSE(mentions("The suspect, Esteban Santiago, was charged on Saturday.", "CL"));
  EXPECT_TRUE(mentions("Protesters marched through Santiago on Monday.", "CL"));
  EXPECT_FALSE(mentions("Halifax Engineering won the contract for the new bridge.", "CA"));
  EXPECT_TRUE(mentions("The ferry from Halifax was delayed by the storm.", "CA"));
  EXPECT_FALSE(mentions("The actor Tom Holland spent six weeks filming in Berlin.", "NL"));
  EXPECT_TRUE(mentions("The team flew to Holland on Monday.", "NL"));
  // A street named after a country, and phrases that only hold a country's adjective.
  EXPECT_FALSE(mentions("A fire broke out on Jamaica Avenue in Queens overnight.", "JM"));
  EXPECT_FALSE(mentions("Traffic was diverted from Portugal Street in central London.", "PT"));
  EXPECT_TRUE(mentions("Portugal beat Spain in Lisbon on Sunday.", "PT"));
  for (const char* phrase :
       {"Cook it in a Dutch oven with Brussels sprouts.", "An Indian summer lingered into October.",
        "The outbreak of German measles closed two schools.", "The new rules were all Greek to him.",
        "Guinea pigs escaped from the school's science lab.", "Japanese knotweed is spreading along the river.",
        "Greek life on campus faces new hazing rules.", "The bar sold 500 Moscow Mules on Friday."}) {
    EXPECT_TRUE(tagger().tag("", phrase).countries.empty()) << phrase;
  }
}

// A place's name beside a word that is no English word and no place's is part of a person's
// name; beside an English word it is still the place.
TEST(TaggerCities, FirstAndLastNamesThatArePlacesAreNotThePlace) {
  EXPECT_FALSE(mentions("Sydney Sweeney has signed on to star in a thriller.", "AU"));
  EXPECT_FALSE(mentions("Kenya Moore will return to the show next season.", "KE"));
  EXPECT_FALSE(mentions("A book of letters by Milan Kundera will be published.", "IT"));
  EXPECT_FALSE(mentions("Adriana Lima walked the runway at the charity show.", "PE")) << "after a first name";
  EXPECT_FALSE(mentions("Berlin Packaging agreed to buy a smaller rival.", "DE"));
  EXPECT_TRUE(mentions("Crowds gathered at Sydney Harbour for the fireworks.", "AU"));
  EXPECT_TRUE(mentions("Israel Defense Forces said the strike hit a depot.", "IL"));
  EXPECT_TRUE(mentions("Kenya Airways cancelled flights after the strike.", "KE"));
  EXPECT_TRUE(mentions("The Tokyo Olympics were postponed by a year.", "JP"));
  EXPECT_TRUE(mentions("In Lima, protesters marched on the congress building.", "PE"));
  EXPECT_TRUE(mentions("Sydney Morning Herald reporters covered the vote.", "AU"));
  EXPECT_TRUE(mentions("Russian drones struck Ukraine Tuesday, officials said.", "UA")) << "a day is nobody's name";
}

// A headline strings names together ("Israel Hamas war"), but where the text reads the same
// words as a person's name, so does the headline.
TEST(TaggerCities, AHeadlineReadsANameAsItsTextDoes) {
  const auto mentioned = [](std::string_view title, std::string_view text) {
    return tagger().tag(std::string(title), std::string(text)).mentioned;
  };
  EXPECT_FALSE(contains(
      mentioned("Sydney Sweeney joins heist thriller", "Sydney Sweeney will star opposite two veterans in the film."),
      "AU"));
  EXPECT_FALSE(contains(mentioned("Israel Adesanya eyes comeback",
                                  "The former champion Israel Adesanya said he would "
                                  "fight again in the spring."),
                        "IL"));
  EXPECT_FALSE(
      contains(mentioned("Israel Adesanya eyes comeback", "The former champion said he would fight again."), "IL"))
      << "a given name before a name, and a text that names no Israel";
  EXPECT_TRUE(contains(mentioned("Israel Hamas truce talks resume", "Israel and Hamas sent envoys to Cairo."), "IL"))
      << "a headline strings names together";
  EXPECT_TRUE(
      contains(mentioned("Sydney Harbour fireworks draw crowds", "Crowds lined Sydney Harbour at midnight."), "AU"));
  // A city's name before a person's in the headline counts only where the text names the
  // country too: a text about the actress names her by her surname.
  EXPECT_FALSE(contains(mentioned("Florence Pugh joins space thriller", "The actress will play an astronaut."), "IT"));
  EXPECT_TRUE(
      contains(mentioned("Florence Nightingale statue restored", "The statue stands in Florence, Italy."), "IT"));
  EXPECT_TRUE(contains(mentioned("Pittsburgh Steelers sign cornerback", "The team said on Monday."), "US"))
      << "a team's name is no person's";
}

TEST(TaggerAmbiguity, PlacesThatShareANameAreToldApart) {
  EXPECT_TRUE(mentions("The film was shot in Paris, Texas, a small town.", "US"));
  EXPECT_FALSE(mentions("The film was shot in Paris, Texas, a small town.", "FR"));
  EXPECT_TRUE(mentions("Floods hit Niger and Nigeria.", "NE"));
  EXPECT_TRUE(mentions("Floods hit Nigeria.", "NG"));
  EXPECT_FALSE(mentions("Floods hit Nigeria.", "NE"));
  EXPECT_FALSE(mentions("We ate turkey from china plates.", "TR"));
  EXPECT_FALSE(mentions("We ate turkey from china plates.", "CN"));
  EXPECT_TRUE(mentions("Tourists flock to New Mexico every autumn.", "US"));
  EXPECT_FALSE(mentions("Tourists flock to New Mexico every autumn.", "MX"));
}

}  // namespace
}  // namespace newsdex::index

namespace newsdex::index {
namespace {

TEST(TopicModel, LeadsWithTheTopicTheTextIsAbout) {
  static const Tagger tagger;
  auto best = [](const char* title, const char* text) { return tagger.tag(title, text).topics.at(0).code; };
  EXPECT_EQ(best("Shares slide as profits fall",
                 "Shares in the retailer fell after it reported lower quarterly profits "
                 "and warned investors about weak sales."),
            "economy-business-finance");
  EXPECT_EQ(best("Album tops the charts",
                 "The band's new album went straight to number one, and the singer "
                 "announced a world tour."),
            "arts-culture-entertainment-media");
  EXPECT_EQ(best("Storm brings heavy rain",
                 "Forecasters warned of heavy rain, strong wind and snow on high ground "
                 "as temperatures fall below freezing."),
            "weather");
}

TEST(TopicModel, GivesNoTopicOnlyWhenNoWordPointsAnywhere) {
  static const Tagger tagger;
  EXPECT_TRUE(tagger.tag("", "").topics.empty());
  EXPECT_TRUE(tagger.tag("1234", "5678 90").topics.empty());
  EXPECT_FALSE(tagger.tag("Rangers", "").topics.empty()) << "one known word is enough for a guess";
}

// Written in the styles of US, Asian and African publishers, never trained on: a model that
// knows only British news (the first one did) files US sports under entertainment, shootings
// under anything but crime and "X says ..." under economy, and gets about half of these wrong.
TEST(TopicModel, ShortItemsFromPublishersBeyondBritainGetTheirTopic) {
  static const Tagger tagger;
  std::ifstream file(std::string(testing::kFixturesDir) + "/topics/short_items.tsv");
  ASSERT_TRUE(file) << "tests/fixtures/topics/short_items.tsv is missing";
  std::string line;
  size_t items = 0;
  size_t right = 0;
  std::ostringstream wrong;
  while (std::getline(file, line)) {
    if (line.empty() || line.front() == '#') continue;
    const size_t first_tab = line.find('\t');
    const size_t second_tab = line.find('\t', first_tab + 1);
    ASSERT_NE(second_tab, std::string::npos) << line;
    const std::string expected = line.substr(0, first_tab);
    const std::string title = line.substr(first_tab + 1, second_tab - first_tab - 1);
    const Tags tags = tagger.tag(title, line.substr(second_tab + 1), {"en", {}, {}, {}});
    ++items;
    const std::string best = tags.topics.empty() ? "(none)" : tags.topics.front().code;
    if (best == expected) {
      ++right;
    } else {
      wrong << "  " << expected << " read as " << best << ": " << title << '\n';
    }
  }
  ASSERT_GE(items, 50u);
  // 0.85: a few items may stay debatable; the first, British-only model scored far below.
  EXPECT_GE(static_cast<double>(right) / static_cast<double>(items), 0.85)
      << right << " of " << items << " right; wrong:\n"
      << wrong.str();
}

// Reuters-21578, an economic wire, is among the training data: its name had become a word of
// economy, which pulled every "(Reuters) -" dateline's war or election story there.
TEST(TopicModel, NewsAgenciesInDatelinesCarryNoTopic) {
  static const Tagger tagger;
  for (const char* agency : {"Reuters", "AP", "AFP"}) {
    const std::string text = std::string("TBILISI (") + agency +
                             ") - The president told the leaders of the breakaway region that their time was running "
                             "out and troops would stay near the boundary.";
    const Tags tags = tagger.tag("President warns separatist leaders", text, {"en", {}, {}, {}}, true);
    ASSERT_FALSE(tags.topics.empty()) << agency;
    EXPECT_NE(tags.topics.front().code, "economy-business-finance") << agency;
    for (const TopicReason& reason : tags.reasons) {
      for (const auto& [word, weight] : reason.words) EXPECT_NE(word, fold_for_matching(agency)) << reason.slug;
    }
  }
}

TEST(TopicModel, ExplainsItsTopicsWithTheWordsThatDecided) {
  static const Tagger tagger;
  const Tags tags = tagger.tag("Quarterback throws three touchdowns as Chiefs beat Raiders",
                               "The quarterback threw for 300 yards.", {"en", {}, {}, {}}, true);
  ASSERT_FALSE(tags.topics.empty());
  ASSERT_EQ(tags.reasons.size(), tags.topics.size());
  EXPECT_EQ(tags.reasons[0].slug, "sport");
  EXPECT_EQ(tags.reasons[0].source, "words");
  ASSERT_FALSE(tags.reasons[0].words.empty());
  const auto& words = tags.reasons[0].words;
  EXPECT_TRUE(std::any_of(words.begin(), words.end(), [](const auto& w) { return w.first == "quarterback"; }));
  for (size_t i = 1; i < words.size(); ++i) EXPECT_GE(words[i - 1].second, words[i].second);
  EXPECT_TRUE(tagger.tag("Quarterback throws three touchdowns", "").reasons.empty()) << "only when asked";

  const Tags filed = tagger.tag("Budget", "Parliament voted on the budget.", {"en", {}, {}, {"Économie"}}, true);
  ASSERT_FALSE(filed.reasons.empty());
  EXPECT_EQ(filed.reasons[0].slug, "economy-business-finance");
  EXPECT_EQ(filed.reasons[0].source, "section");
}

TEST(TopicModel, RejectsAMalformedModel) {
  EXPECT_THROW(Tagger(":classes\tpolitics\tsport\n:prior\t-1\n"), InputError);
  EXPECT_THROW(Tagger(":classes\tgossip\n"), InputError);
  EXPECT_THROW(Tagger(":classes\tpolitics\tsport\n:bias\t0\n"), InputError) << "one bias per class";
  EXPECT_THROW(Tagger(":classes\tpolitics\tsport\n:bias\t0\t0\nvote\t1\t7:1.5\n"), InputError) << "no class 7";
  EXPECT_THROW(Tagger(":classes\tpolitics\tsport\n:bias\t0\t0\nthree word pair\t1\t0:1\n"), InputError);
  EXPECT_THROW(Tagger(":classes\tpolitics\tsport\nvote\t1\t0:1\n"), InputError) << "no bias";
  EXPECT_THROW(Tagger(":classes\tpolitics\tsport\n:bias\t0\t0\nvote\t0:1.5\n"), InputError) << "no scale";
  EXPECT_THROW(Tagger(":classes\tpolitics\tsport\n:bias\t0\t0\nvote\t-2\t0:1.5\n"), InputError) << "negative scale";
  EXPECT_NO_THROW(Tagger(":classes\tpolitics\tsport\n:bias\t0\t0\nvote\t2.5\t0:1.5\nvote count\t4\t0:0.5 1:-0.1\n"));
}

}  // namespace
}  // namespace newsdex::index

namespace newsdex::index {
namespace {

TEST(Language, DetectedFromTheTextWhenTheFeedIsSilentOrWrong) {
  static const Tagger tagger;
  const std::string turkish =
      "Türkiye'de seçimler yapıldı ve yeni hükümet kuruldu. Ekonomi bakanı bugün bir açıklama "
      "yaptı ve enflasyonun düştüğünü söyledi.";
  EXPECT_EQ(tagger.tag("Seçim sonuçları", turkish).language, "tr");
  const std::string english =
      "The government announced new measures on Tuesday to support families facing higher "
      "energy bills this winter, the minister said.";
  EXPECT_EQ(tagger.tag("Energy support", english, {"fr", {}, {}, {}}).language, "en") << "a feed's wrong declaration";
  EXPECT_EQ(tagger.tag("", "Merci", {"fr-ca", {}, {}, {}}).language, "fr") << "too short to detect: the declaration";
}

// One sentence with nothing declared, as a feed item's summary or an imported line may be: its
// language, and so the country names of that language (inflected as the language does).
TEST(Language, ASentenceAloneTellsItsLanguageAndItsCountries) {
  static const Tagger tagger;
  const struct {
    std::string_view text, language, country;
  } sentences[] = {
      {"Il presidente è arrivato ieri in Germania.", "it", "DE"},
      {"Presidentti matkusti eilen Ranskaan.", "fi", "FR"},
      {"Premier poleciał wczoraj do Hiszpanii.", "pl", "ES"},
      {"Bakan dün Yunanistan'a gitti.", "tr", "GR"},
      {"A miniszter tegnap Olaszországba utazott.", "hu", "IT"},
      {"Der Kanzler reiste nach Frankreich.", "de", "FR"},
      {"Ministern reste i går till Polen.", "sv", "PL"},
      {"Azerbaycan'ın tarım bakanı Katar'la buğday ticaretini görüştü.", "tr", "QA"},  // CLD2 says Azerbaijani
      {"Azərbaycanın xarici işlər naziri dünən Qətərə gedib.", "az", "QA"},
  };
  for (const auto& sentence : sentences) {
    const Tags tags = tagger.tag("", std::string(sentence.text));
    EXPECT_EQ(tags.language, sentence.language) << sentence.text;
    EXPECT_TRUE(contains(tags.mentioned, std::string(sentence.country))) << sentence.text;
  }
  EXPECT_EQ(tagger.tag("", "Kanye West").language, "") << "a name alone is no language";
  EXPECT_EQ(tagger.tag("Storm knocks out power across the state", "").language, "en");
}

// A headline CLD2 is unsure of keeps no language, but names countries as its likely one does.
TEST(Language, AHeadlineTooShortToBeSureOfStillNamesItsCountries) {
  static const Tagger tagger;
  for (const auto& [title, code] : {std::pair{"Wizyta w Rosji.", "RU"}, std::pair{"Rusya'ya ziyaret.", "RU"}}) {
    const Tags tags = tagger.tag(title, "");
    EXPECT_EQ(tags.language, "") << title;
    EXPECT_TRUE(contains(tags.mentioned, std::string(code))) << title;
  }
}

// CLD2 reads these short Swedish sentences as Norwegian: Swedish writes ä and ö, Norwegian and
// Danish æ and ø.
TEST(Language, ShortSwedishIsNotNorwegian) {
  static const Tagger tagger;
  for (const char* swedish :
       {"Den norska kronan har försvagats mot euron.", "Antalet konkurser ökade under det andra kvartalet.",
        "Antalet turister ökade kraftigt under sommaren."}) {
    EXPECT_EQ(tagger.tag("", swedish).language, "sv") << swedish;
  }
  EXPECT_EQ(tagger.tag("", "Statsministeren møtte den svenske statsministeren i Oslo i går.").language, "no");
}

// CLD2 reads Russian that names Moldova as Romanian, which is no longer written in Cyrillic.
TEST(Language, CyrillicTextIsNoRomanian) {
  static const Tagger tagger;
  const Tags tags = tagger.tag("В Молдове прошёл референдум", "Граждане проголосовали.", {"ru", {}, {}, {}});
  EXPECT_EQ(tags.language, "ru");
  EXPECT_EQ(tags.mentioned, Codes{"MD"});
  EXPECT_EQ(tagger.tag("", "Cetățenii Republicii Moldova au votat duminică la referendum.").language, "ro");
}

// CLD2 reads some short Dutch as Afrikaans: Dutch writes ij where Afrikaans writes y, and its
// articles de and een where Afrikaans writes die and 'n.
TEST(Language, ShortDutchIsNotAfrikaans) {
  static const Tagger tagger;
  EXPECT_EQ(tagger.tag("", "De spoorwegstaking legde het treinverkeer in het hele land plat.").language, "nl");
  EXPECT_EQ(tagger.tag("", "Die regering het nie die begroting vir volgende jaar aanvaar nie.").language, "af");
}

TEST(Language, AShortTextInAScriptOfOneLanguageIsThatLanguage) {
  static const Tagger tagger;
  EXPECT_EQ(tagger.tag("", "首相はフランスを訪問した。").language, "ja") << "kana";
  EXPECT_EQ(tagger.tag("", "정부가 새 정책을 발표했다.").language, "ko");
  EXPECT_EQ(tagger.tag("", "Sabah Gəncədə hava küləkli olacaq.").language, "az") << "ə";
  EXPECT_EQ(tagger.tag("", "Η κυβέρνηση ανακοίνωσε μέτρα.").language, "el");
  EXPECT_EQ(tagger.tag("", "北京今天下雨。").language, "") << "Han alone: Chinese or Japanese";
  EXPECT_EQ(tagger.tag("", "Rain today.").language, "");
}

// CLD2 reads Russian that names Central Asia's countries as Uzbek, or as nothing; a Cyrillic
// alphabet's own letters say which language it is not.
TEST(Language, RussianIsToldFromTheOtherCyrillicLanguagesByItsLetters) {
  static const Tagger tagger;
  const Tags uzbek_to_cld2 =
      tagger.tag("", "Президент Казахстана провел переговоры с лидерами Узбекистана и Киргизии.");
  EXPECT_EQ(uzbek_to_cld2.language, "ru") << "ы: no Uzbek";
  EXPECT_EQ(uzbek_to_cld2.mentioned, (std::vector<std::string>{"KG", "KZ", "UZ"}));
  EXPECT_EQ(tagger.tag("", "Глава МИД Таджикистана встретился с послом Туркменистана в Душанбе.").language, "ru")
      << "a sentence without ъ or another alphabet's letters";
  EXPECT_EQ(tagger.tag("", "Президент України провів переговори з лідерами Польщі та Литви у Києві.").language, "uk");
  EXPECT_EQ(tagger.tag("", "Президентът на България се срещна с премиера на Сърбия в София.").language, "bg");
  EXPECT_EQ(tagger.tag("", "Прэзідэнт Беларусі сустрэўся з кіраўніком Расіі ў Мінску.").language, "be");
  EXPECT_EQ(tagger.tag("", "Қазақстан Президенті Өзбекстан мен Қырғызстан басшыларымен кездесті.").language, "kk");
  EXPECT_NE(tagger.tag("", "Мяжа з Польшчай зачыненая.").language, "ru") << "Belarusian writes no и";
  EXPECT_NE(tagger.tag("", "Монгол Улс Японтой шинэ гэрээ байгууллаа.").language, "ru")
      << "Mongolian writes ы and э, but none of Russian's commonest short words";
  // A Russian phrase quoted in Bulgarian or Ukrainian leaves the text's own language.
  EXPECT_EQ(tagger
                .tag("",
                     "Президентът Радев цитира думите на Путин: «Мы не отступим», каза той пред журналисти в "
                     "София в понеделник.")
                .language,
            "bg");
  EXPECT_EQ(tagger.tag("", "Зеленський процитував слова: «Мы не отступим», заявив він журналістам у Києві в понеділок.")
                .language,
            "uk");
  // A declared language stands against a guess from letters: an initial is no preposition.
  EXPECT_EQ(tagger.tag("", "С.Амарсайхан шинэ сайдыг томиллоо", {"mn", {}, {}, {}}).language, "mn");
  EXPECT_EQ(tagger.tag("", "Ħamrun Spartans beat Valletta in cup final", {"en", {}, {}, {}}).language, "en");
}

TEST(Language, TheDeclaredLanguageDecidesBetweenCloseRelatives) {
  static const Tagger tagger;
  // CLD2 reads this short Russian sentence as Serbian, which has no я.
  const std::string russian = "Индия и Пакистан договорились о перемирии на границе.";
  EXPECT_EQ(tagger.tag("", russian, {"ru", {}, {}, {}}).language, "ru");
  EXPECT_NE(tagger.tag("", russian).language, "sr");
  const Tags tags = tagger.tag("", russian, {"ru", {}, {}, {}});
  EXPECT_TRUE(contains(tags.mentioned, "IN") && contains(tags.mentioned, "PK"));
  const std::string english =
      "The government announced new measures on Tuesday to support families facing higher "
      "energy bills this winter, the minister said.";
  EXPECT_EQ(tagger.tag("", english, {"ru", {}, {}, {}}).language, "en") << "not a relative: the text decides";
}

TEST(Language, CodesAreIso639OneNotCld2sWithdrawnOnes) {
  static const Tagger tagger;
  const std::string hebrew =
      "הממשלה אישרה את תקציב המדינה לשנה הבאה, וההצבעה בכנסת צפויה להתקיים בשבוע הבא לאחר דיונים ארוכים.";
  EXPECT_EQ(tagger.tag("", hebrew).language, "he") << "CLD2 says iw";
  EXPECT_EQ(tagger.tag("", hebrew, {"he", {}, {}, {}}).language, "he");
}

}  // namespace
}  // namespace newsdex::index

namespace newsdex::index {
namespace {

TEST(TopicCategories, APublishersSectionNamesTheTopicFirst) {
  static const Tagger tagger;
  const Tags tags = tagger.tag("Local team celebrates", "Fans gathered in the square to celebrate with the players.",
                               {"en", {}, {}, {"Spor"}});
  ASSERT_FALSE(tags.topics.empty());
  EXPECT_EQ(tags.topics[0].code, "sport");
  EXPECT_EQ(tagger.tag("Budget", "Parliament voted on the budget.", {"en", {}, {}, {"Économie"}}).topics.at(0).code,
            "economy-business-finance");
  const Tags unknown = tagger.tag("Budget", "Parliament voted on the budget.", {"en", {}, {}, {"Misc"}});
  EXPECT_NE(unknown.topics.at(0).code, "sport");
}

}  // namespace
}  // namespace newsdex::index

namespace newsdex::index {
namespace {

TEST(CountriesInOtherLanguages, NamesInflectedAsTheLanguageDoes) {
  static const Tagger tagger;
  const Tags turkish = tagger.tag("Almanya'da seçim",
                                  "Almanya'nın başkentinde yapılan seçimlerde Alman seçmenler sandık başına gitti. "
                                  "Azerbaycan'dan gelen gözlemciler de oradaydı.",
                                  {"tr", {}, {}, {}});
  EXPECT_EQ(turkish.language, "tr");
  EXPECT_EQ(codes(turkish.countries), (std::vector<std::string>{"DE"}));
  EXPECT_TRUE(contains(turkish.mentioned, "AZ"));
  const Tags russian = tagger.tag("Выборы в Германии",
                                  "В Германии прошли выборы. Немецкие избиратели пришли на участки. Наблюдатели из "
                                  "Турции также присутствовали.",
                                  {"ru", {}, {}, {}});
  EXPECT_EQ(codes(russian.countries), (std::vector<std::string>{"DE"})) << "Германии is Германия, inflected";
  EXPECT_TRUE(contains(russian.mentioned, "TR")) << "Турции is Турция";
  const Tags german = tagger.tag("Wahl in Deutschland", "Die deutschen Wähler gingen zur Urne.", {"de", {}, {}, {}});
  EXPECT_EQ(codes(german.countries), (std::vector<std::string>{"DE"}));
}

TEST(CountriesInOtherLanguages, EveryCaseOfANameCounts) {
  static const Tagger tagger;
  // Snowball stems the genitive Китая shorter than Китай itself.
  for (const char* text : {"Делегация Китая прибыла в столицу.", "Переговоры с Китаем продолжились.",
                           "Экспорт в Китай вырос на треть.", "В Китае открылась выставка."}) {
    EXPECT_TRUE(contains(tagger.tag("", text, {"ru", {}, {}, {}}).mentioned, "CN")) << text;
  }
  EXPECT_TRUE(tagger.tag("", "Киты выбросились на берег, и кит погиб.", {"ru", {}, {}, {}}).mentioned.empty())
      << "a whale (кит) is not China";
  EXPECT_TRUE(contains(tagger.tag("", "Делегация прибыла в Токио в понедельник.", {"ru", {}, {}, {}}).mentioned, "JP"))
      << "Токио, Tokyo in Russian";
}

TEST(CountriesInOtherLanguages, RussianCaseEndingsOfNamesSnowballStemsOtherwise) {
  static const Tagger tagger;
  // Snowball stems Казахстан to "казахста" but Казахстане to "казахстан"; Канадой loses its й
  // to folding; Египет drops its e in every other case.
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"Выборы прошли в Казахстане, сообщили власти.", "KZ"},
      {"Переговоры с Ираном продолжаются.", "IR"},
      {"Торговля с Канадой выросла за год.", "CA"},
      {"Во Вьетнаме прошли выборы.", "VN"},
      {"Туристы отдыхают в Египте.", "EG"},
      {"Сделка с Аргентиной подписана.", "AR"}};
  for (const auto& [text, code] : cases) {
    EXPECT_TRUE(contains(tagger.tag("", text, {"ru", {}, {}, {}}).mentioned, code)) << text;
  }
  EXPECT_TRUE(tagger.tag("", "Перед выборами партия провела съезд.", {"ru", {}, {}, {}}).mentioned.empty())
      << "перед (before) less an ending is not Перу";
}

// Short names, abbreviations and demonyms that iso-codes' formal names do not give.
TEST(CountriesInOtherLanguages, ShortNamesAbbreviationsAndDemonyms) {
  static const Tagger tagger;
  const std::vector<std::tuple<const char*, const char*, Codes>> cases = {
      {"et", "Venemaal tõusis inflatsioon üle üheksa protsendi.", {"RU"}},
      {"fi", "Yhdysvaltojen ja Kiinan kauppasota kiristyy.", {"CN", "US"}},
      {"de", "Kakaopreise: Elfenbeinküste erhöht den Erzeugerpreis.", {"CI"}},
      {"de", "Weißrussland verlegt Truppen an die Grenze.", {"BY"}},
      {"sv", "Den svenska regeringen kritiserar den norska laxskatten.", {"NO", "SE"}},
      {"da", "Den danske regering vil hæve afgiften på tyske biler.", {"DE", "DK"}},
      {"ru", "Авиакомпании ОАЭ возобновили рейсы в Бейрут.", {"AE", "LB"}},
      // No language detected in so short a text: the Spanish abbreviation is read in any.
      {"", "EE.UU. impone aranceles al acero europeo.", {"US"}}};
  for (const auto& [language, text, codes] : cases) {
    EXPECT_EQ(countries_named(tagger, language, text), codes) << language << ": " << text;
  }
}

// CLD2 is unsure of Turkish that names Azerbaijan: its dotless ı without ə makes it Turkish, and
// its names Turkish names.
TEST(CountriesInOtherLanguages, TurkishThatNamesAzerbaijanIsTurkish) {
  static const Tagger tagger;
  const Tags tags = tagger.tag("Azerbaycan ve Gürcistan demiryolu hattını yeniledi",
                               "Bakü-Tiflis-Kars hattında yük taşımacılığı artacak.");
  EXPECT_EQ(tags.language, "tr");
  EXPECT_TRUE(contains(tags.mentioned, "GE")) << "Gürcistan";
}

// Snowball's Finnish stemmer stems "Japani" and "Japanin", "Suomi" and "Suomesta" apart: the
// name is read under its case ending, its i written e before it.
TEST(CountriesInOtherLanguages, FinnishNamesInTheirCases) {
  static const Tagger tagger;
  auto named = [](const std::string& text) { return countries_named(tagger, "fi", text); };
  EXPECT_EQ(named("Sähkön vienti Suomesta Norjaan kasvoi viime vuonna."), (Codes{"FI", "NO"}));
  EXPECT_EQ(named("Japanin ja Intian pääministerit tapasivat Tokiossa."), (Codes{"IN", "JP"}));
  EXPECT_EQ(named("Ruotsissa ja Saksassa järjestetään vaalit, Kiinassa protestoitiin."), (Codes{"CN", "DE", "SE"}));
  EXPECT_EQ(named("Hän osti uuden auton ja söi leipää kotona."), Codes{});
}

TEST(CountriesInOtherLanguages, ArabicNamesAfterAJoinedConjunctionOrPreposition) {
  static const Tagger tagger;
  auto named = [](const std::string& text) { return countries_named(tagger, "ar", text); };
  EXPECT_EQ(named("أعلنت إيران عن اتفاق تجاري جديد مع جيرانها."), Codes{"IR"}) << "the short name";
  EXPECT_EQ(named("جولة أوروبية تشمل فرنسا وألمانيا هذا الشهر."), (Codes{"DE", "FR"})) << "و, and";
  EXPECT_EQ(named("قدمت الحكومة دعما لفرنسا في مجلس الأمن."), Codes{"FR"}) << "ل, to";
  EXPECT_EQ(named("زار الرئيس مصر والأردن هذا الأسبوع."), (Codes{"EG", "JO"}));
  // Bahrain, not the sea nor the navy, which Snowball's Arabic stemmer gives the same stem.
  EXPECT_EQ(named("وصل وزير الخارجية إلى البحرين أمس."), Codes{"BH"});
  EXPECT_EQ(named("وفد بحريني يزور الفلبين."), (Codes{"BH", "PH"})) << "the demonym";
  EXPECT_EQ(named("القوات البحرية تنفذ تدريبات في البحر الأحمر."), Codes{});
}

TEST(CountriesInOtherLanguages, ShortNamesWhereIsoCodesHasFormalOnesOrNone) {
  static const Tagger tagger;
  const std::vector<std::tuple<const char*, const char*, const char*>> cases = {
      {"sv", "Ryssland har meddelat nya åtgärder mot grannländerna, säger regeringen.", "RU"},
      {"da", "Tyrkiet og Rusland har indgået en ny aftale om handel, siger regeringen.", "TR"},
      {"no", "Russland har varslet nye tiltak mot nabolandene, sier regjeringen.", "RU"},
      {"fi", "Venäjä ilmoitti uusista toimista naapurimaita vastaan, kertoi hallitus.", "RU"},
      {"el", "Η Ρωσία ανακοίνωσε νέα μέτρα κατά των γειτονικών χωρών, δήλωσε η κυβέρνηση.", "RU"},
      {"nl", "Groot-Brittannië heeft nieuwe maatregelen aangekondigd, zegt de regering.", "GB"},
      {"it", "Il ministro è volato a Lisbona per un incontro con il suo omologo.", "PT"}};
  for (const auto& [language, text, code] : cases) {
    EXPECT_TRUE(contains(tagger.tag("", text, {language, {}, {}, {}}).mentioned, code)) << language << ": " << text;
  }
}

TEST(CountriesInOtherLanguages, SlavicNamesInTheirCases) {
  EXPECT_EQ(named("pl", "Premier Hiszpanii rozmawiał z prezydentem Francji o handlu z Japonią."),
            (Codes{"ES", "FR", "JP"}));
  EXPECT_EQ(named("pl", "W Polsce i na Ukrainie wzrosły ceny energii."), (Codes{"PL", "UA"}))
      << "Polsce, a stem of its own; Ukrainie, a case ending";
  EXPECT_EQ(named("pl", "Minister spotkał się w Moskwie z ambasadorem Izraela."), (Codes{"IL", "RU"}));
  EXPECT_EQ(named("uk", "Міністр провів переговори з колегами з Франції та Японії."), (Codes{"FR", "JP"}));
  EXPECT_EQ(named("uk", "Угоду з Польщею підписали у Варшаві."), Codes{"PL"});
  EXPECT_EQ(named("uk", "Ракетний удар по Харкову засудили в Києві."), Codes{"UA"});
  EXPECT_EQ(named("pl", "Żołnierze stacjonują w Estonii."), (Codes{"EE"}))
      << "iso-codes' Polish name is written as in English: its cases count too";
  EXPECT_EQ(named("de", "Die Exporte Chinas und Kenias sind gesunken."), (Codes{"CN", "KE"})) << "genitive -s";
  // Languages no stemmer reads: their names' case endings.
  EXPECT_EQ(named("lv", "Valdība parakstīja līgumu ar Lietuvu un Igauniju."), (Codes{"EE", "LT"}));
  EXPECT_EQ(named("et", "Peaminister sõitis Soomest Rootsi."), (Codes{"FI", "SE"}));
  EXPECT_EQ(named("sq", "Kryeministri vizitoi Greqinë dhe Italinë."), (Codes{"GR", "IT"}));
  EXPECT_EQ(named("is", "Ráðherrann heimsótti Noreg og Danmörku."), (Codes{"DK", "NO"}));
  EXPECT_EQ(named("sl", "Premier je obiskal Hrvaško, vsak dan pa sprejme goste."), Codes{"HR"})
      << "not Danska's stem \"dan\", the word for day";
  EXPECT_EQ(named("sr", "Споразум са Немачком потписан је у Београду."), (Codes{"DE", "RS"}));
  EXPECT_EQ(named("sr", "Sporazum sa Nemačkom potpisan je u Beogradu."), (Codes{"DE", "RS"}))
      << "Serbian in Latin letters";
  EXPECT_EQ(named("cs", "Česko a Německo podepsaly dohodu."), (Codes{"CZ", "DE"}));
  // Czech and Slovak names in their cases, after a light stemmer of case endings.
  EXPECT_EQ(named("cs", "Ministr jednal ve Francii a v Rakousku, pak odletěl do Maďarska."), (Codes{"AT", "FR", "HU"}));
  EXPECT_EQ(named("cs", "Vláda se dohodla s Polskem a s Itálií."), (Codes{"IT", "PL"}));
  EXPECT_EQ(named("sk", "Premiér rokoval v Nemecku a so Švédskom."), (Codes{"DE", "SE"}));
  // A name that ends as a case ending does ("Vietnam": -am) meets its cases ("Vietnamu").
  EXPECT_EQ(named("cs", "Prezident odcestoval do Japonska, odkud zamíří do Vietnamu."), (Codes{"JP", "VN"}));
}

// Where iso-codes has only the formal name ("Ruská federace", "Руска Федерација"), the short
// name news writes, in its cases; and the abbreviations of the United States.
TEST(CountriesInOtherLanguages, RussiaAndTheUnitedStatesAsCentralEuropeanNewsNamesThem) {
  EXPECT_EQ(named("cs", "Dodávky plynu z Ruska klesly a vláda jedná se Spojenými státy."), (Codes{"RU", "US"}));
  EXPECT_EQ(named("cs", "Obchod s Ruskem a Jižní Koreou vzrostl."), (Codes{"KR", "RU"}));
  EXPECT_EQ(named("sk", "Export do Ruska sa znížil, uviedol úrad v Bratislave."), (Codes{"RU", "SK"}));
  EXPECT_EQ(named("hr", "Zagreb je protjerao diplomata iz Rusije nakon odluke u SAD-u."), (Codes{"HR", "RU", "US"}));
  EXPECT_EQ(named("bs", "Delegacija iz Rusije stigla je u Sarajevo."), (Codes{"BA", "RU"}))
      << "short Croatian is read as Bosnian";
  EXPECT_EQ(named("sr", "Београд је потписао споразум са Русијом и САД."), (Codes{"RS", "RU", "US"}));
  EXPECT_EQ(named("sr", "Predsednik je razgovarao o Rusiji i Japanu."), (Codes{"JP", "RU"}))
      << "Snowball stems Rusija and Rusiji, Japan and Japanu otherwise";
  EXPECT_EQ(named("sl", "Izvoz v Rusijo in ZDA je lani upadel."), (Codes{"RU", "US"}));
  EXPECT_EQ(named("bg", "Износът за Русия и САЩ намаля миналата година."), (Codes{"RU", "US"}));
  EXPECT_EQ(named("lv", "Krievijas armija atkāpās, ziņo ASV izlūkdienesti."), (Codes{"RU", "US"}));
  EXPECT_EQ(named("is", "Viðskipti við Rússland og Bandaríkin jukust."), (Codes{"RU", "US"}));
  EXPECT_EQ(named("et", "Eksport Hiinasse ja Jaapanisse kasvas."), (Codes{"CN", "JP"}))
      << "Estonian cases after the name's own last vowel or a linking i";
}

// iso-codes translates the formal name only ("Federación Rusa", "Federação Russa"); CLDR's
// everyday names, read from ICU at build time, are the names news writes.
TEST(CountriesInOtherLanguages, EverydayNamesWhereIsoCodesTranslatesTheFormalOne) {
  EXPECT_EQ(named("es", "El gobierno anunció nuevas sanciones contra Rusia."), Codes{"RU"});
  EXPECT_EQ(named("pt", "O ministro viajou à Rússia e ao Irão."), (Codes{"IR", "RU"}));
  EXPECT_EQ(named("ca", "El ministre va viatjar a Rússia dilluns."), Codes{"RU"});
  EXPECT_EQ(named("eu", "Errusiak zigor berriak ezarri ditu."), Codes{"RU"});
  EXPECT_EQ(named("sq", "Ministri udhëtoi në Rusi të hënën."), Codes{"RU"});
  EXPECT_EQ(named("mk", "Министерот отпатува во Русија."), Codes{"RU"});
  EXPECT_EQ(named("es", "Declararon Flavio Arce San Martín y Jorge Terceros."), Codes{})
      << "a saint's name alone is no island's (Saint-Martin)";
  EXPECT_EQ(named("es", "La ministra Carmen Martín habló con Siri."), Codes{})
      << "Romance names are matched as written: not Martinica's or Siria's stems";
  EXPECT_EQ(named("es", "El presidente de Guinea Ecuatorial llegó ayer."), Codes{"GQ"})
      << "not the English Guinea before a capitalised word (a person's name)";
}

// Romanian declines names: Snowball stems "Germaniei" as "Germania" but not "Franței" as
// "Franța"; names written as in English take their cases too ("Canadei", "Israelului").
TEST(CountriesInOtherLanguages, RomanianGenitivesAndDatives) {
  EXPECT_EQ(named("ro", "Ambasadorul Franței s-a întâlnit cu ministrul Canadei."), (Codes{"CA", "FR"}));
  EXPECT_EQ(named("ro", "Relațiile Israelului cu vecinii s-au înrăutățit."), Codes{"IL"});
  EXPECT_EQ(named("ro", "Investițiile Chinei și ale Indiei au crescut."), (Codes{"CN", "IN"}));
}

// News names a country by its adjective as often as by its name.
TEST(CountriesInOtherLanguages, AdjectivesOfCountries) {
  EXPECT_EQ(named("hu", "A német kancellár és az amerikai elnök tárgyalt."), (Codes{"DE", "US"}));
  EXPECT_EQ(named("hu", "Az orosz hadsereg visszavonult, közölte a brit minisztérium."), (Codes{"GB", "RU"}));
  EXPECT_EQ(named("ro", "Președintele american s-a întâlnit cu omologul său francez."), (Codes{"FR", "US"}));
  EXPECT_EQ(named("it", "I ministri austriaci e svizzeri si sono incontrati."), (Codes{"AT", "CH"}));
  EXPECT_EQ(named("ca", "Els ministres italià i alemany es van reunir ahir."), (Codes{"DE", "IT"}));
  EXPECT_EQ(named("pt", "O conglomerado japonês comprou a empresa holandesa."), (Codes{"JP", "NL"}));
}

// What a country's name, or a word like it, means in a language's own news.
TEST(CountriesInOtherLanguages, WordsThatOnlyLookLikeCountries) {
  EXPECT_EQ(named("es", "España Marruecos: horario y dónde ver el partido."), (Codes{"ES", "MA"}))
      << "a country before another is no person's first name, names as written too";
  EXPECT_EQ(named("pt", "Chuva forte atinge Salvador nesta segunda."), Codes{}) << "Bahia's capital";
  EXPECT_EQ(named("pt", "Reunião do Copom termina nesta quarta."), Codes{}) << "a meeting, not Réunion";
  EXPECT_EQ(named("pt", "Ele foi internado no Hospital Israelita Albert Einstein."), Codes{});
  EXPECT_EQ(named("no", "Man vet ennå ikke hvor mange som er skadet."), Codes{}) << "\"one\", not the Isle of Man";
  EXPECT_EQ(named("cs", "Ministr navštívil Latinskou Ameriku a Jižní Ameriku."), Codes{});
  EXPECT_EQ(named("hu", "A latin-amerikai országok vezetői találkoztak."), Codes{});
  EXPECT_EQ(named("ja", "中国の内モンゴル自治区で大雪が降った。"), Codes{"CN"}) << "Inner Mongolia";
}

// Danish, Norwegian and Swedish write a country's genitive with an -s that iso-codes' names,
// written as in English, lack; a person's name is not a country whose stem it shares.
TEST(CountriesInOtherLanguages, ScandinavianGenitivesOfNamesWrittenAsInEnglish) {
  EXPECT_EQ(named("sv", "Finlands president besökte Kenyas huvudstad."), (Codes{"FI"}))
      << "Kenya's stem is too short to read its cases";
  EXPECT_EQ(named("da", "Israels regering godkendte aftalen."), (Codes{"IL"}));
  EXPECT_EQ(named("no", "Pakistans statsminister talte i går."), (Codes{"PK"}));
  EXPECT_EQ(named("sv", "Dominic Larsson vann loppet på söndagen."), Codes{});
  // A genitive is no first name before a capitalised word.
  EXPECT_EQ(named("sv", "Sveriges Natoansökan godkändes i går."), Codes{"SE"});
}

// Snowball's Hungarian stemmer knows -ból, -ről, -től only with their accents, which folding
// takes off; Finnish's stems "Ruotsi" shorter than its cases, and keeps consonant gradation.
TEST(CountriesInOtherLanguages, EndingsThatFoldingWouldHide) {
  EXPECT_EQ(named("hu", "A küldöttség Franciaországból és Olaszországból érkezett."), (Codes{"FR", "IT"}));
  EXPECT_EQ(named("hu", "Sok hír jött Lengyelországról és Görögországtól."), (Codes{"GR", "PL"}));
  // Snowball's Hungarian stemmer read "Ankara" as "an", "Nigériában" as Niger, "szlovén" as
  // "szlovák": names are read under case endings instead.
  EXPECT_EQ(named("hu", "A nigériai elnök Ankarában tárgyalt."), (Codes{"NG", "TR"}));
  EXPECT_EQ(named("hu", "A szlovén és a szlovák miniszter Kenyában járt."), (Codes{"KE", "SI", "SK"}));
  EXPECT_EQ(named("hu", "Irakban és Iránban tüntetések voltak."), (Codes{"IQ", "IR"}));
  EXPECT_EQ(named("fi", "Ruotsista ja Norjasta saapui lisää turisteja."), (Codes{"NO", "SE"}));
  // Finnish names change a consonant in some cases (Islanti, Islannissa), which Snowball keeps.
  EXPECT_EQ(named("fi", "Vaalit pidettiin Islannissa ja Irlannissa samana päivänä."), (Codes{"IE", "IS"}));
}

// iso-codes' formal Greek names hold the genitive ("Δημοκρατία της Βουλγαρίας"), whose stem is
// then a word of a longer name: alone it is still the short name's genitive.
TEST(CountriesInOtherLanguages, AGenitiveThatAFormalNameHoldsIsTheShortNames) {
  EXPECT_EQ(named("el", "Ο υπουργός της Σερβίας συναντήθηκε με τον ομόλογό του της Ισπανίας."), (Codes{"ES", "RS"}));
  EXPECT_EQ(named("el", "Η Δημοκρατία της Αλβανίας υπέγραψε τη συμφωνία."), Codes{"AL"});
}

// Where Niger's and Nigeria's names stem alike, the word as written tells them apart: Slavic,
// Baltic, Greek and Romanian change Nigeria's last vowel, Finnish writes its cases after it.
TEST(CountriesInOtherLanguages, NamesThatStemAlikeAreToldApartByTheirForms) {
  EXPECT_EQ(named("ru", "Президент Нигерии прилетел в Лагос."), Codes{"NG"});
  EXPECT_EQ(named("ru", "В Нигере прошли выборы."), Codes{"NE"});
  EXPECT_EQ(named("uk", "У Нігерії відбулися вибори, а президент Нігеру мовчить."), (Codes{"NE", "NG"}));
  EXPECT_EQ(named("pl", "W Nigerii odbyły się wybory."), Codes{"NG"});
  EXPECT_EQ(named("cs", "Prezident Nigérie navštívil Prahu."), (Codes{"CZ", "NG"}));
  EXPECT_EQ(named("sk", "V Nigeri sa konajú voľby."), Codes{"NE"}) << "Niger's locative, no \"Nigéria\"";
  EXPECT_EQ(named("sl", "V Nigeriji so bile volitve."), Codes{"NG"});
  EXPECT_EQ(named("lv", "Nigērijā notiek vēlēšanas, Nigērā ne."), (Codes{"NE", "NG"}));
  EXPECT_EQ(named("ro", "Președintele Nigeriei a vizitat capitala Nigerului."), (Codes{"NE", "NG"}));
  EXPECT_EQ(named("el", "Ο πρόεδρος της Νιγηρίας επισκέφθηκε το Λάγος."), Codes{"NG"});
  EXPECT_EQ(named("fi", "Nigeriassa järjestettiin vaalit."), Codes{"NG"});
  EXPECT_EQ(named("fi", "Nigerissä järjestettiin vaalit."), Codes{"NE"});
}

// A name that is also a common word of the language may be the word at a sentence's start.
TEST(CountriesInOtherLanguages, ANameThatIsACommonWordStartingASentence) {
  EXPECT_EQ(named("pl", "Mali przedsiębiorcy protestują przed Sejmem."), Codes{}) << "mali, small";
  EXPECT_EQ(named("tr", "Mali tablolar açıklandı."), Codes{}) << "mali, financial";
  EXPECT_EQ(named("pl", "Mali: wojsko przejęło władzę. W Mali doszło do zamachu stanu."), Codes{"ML"});
  EXPECT_EQ(named("cs", "Mali je stát v západní Africe."), Codes{"ML"}) << "Czech writes small \"malí\"";
}

// A language's own country by its people and its adjective, as its news writes them daily.
TEST(CountriesInOtherLanguages, ALanguagesOwnCountryByItsPeople) {
  EXPECT_EQ(named("es", "Los españoles votan el domingo."), Codes{"ES"});
  EXPECT_EQ(named("it", "Gli italiani votano domenica."), Codes{"IT"});
  EXPECT_EQ(named("pl", "Polacy wybrali nowy parlament."), Codes{"PL"});
  EXPECT_EQ(named("el", "Η ελληνική κυβέρνηση ενέκρινε τον προϋπολογισμό."), Codes{"GR"});
  // German writes a country's region as one word with a compass point.
  EXPECT_EQ(named("de", "Die Lage in der Ostukraine und im Südlibanon bleibt angespannt."), (Codes{"LB", "UA"}));
  EXPECT_EQ(named("de", "In Nordirland und in Südamerika wird gewählt."), Codes{"GB"});
  EXPECT_EQ(named("de", "Die nordirische Regierung plant eine Westindien-Reise."), Codes{})
      << "an adjective, the Indies";
  // A longer name wins over a country's inside it: Munich's club, New York's island.
  EXPECT_EQ(named("it", "Il Bayern Monaco ha vinto la Bundesliga."), Codes{"DE"});
  EXPECT_EQ(named("sv", "Stormen drabbade Long Island under natten."), Codes{"US"}) << "no Island, Iceland";
}

TEST(CountriesInOtherLanguages, IndonesianShortNamesAlsoInMalay) {
  EXPECT_EQ(named("id", "Ekspor batu bara ke Tiongkok naik tajam."), Codes{"CN"});
  EXPECT_EQ(named("ms", "Delegasi dari Belanda dan Jerman tiba pagi tadi."), (Codes{"DE", "NL"}));
}

// Vietnamese writes a person's given name last and a country before a person's name; some
// one-syllable country names are also given names, and some of Vietnam's places hold them.
TEST(CountriesInOtherLanguages, VietnameseNamesBesideGivenNamesThatLookLikeThem) {
  EXPECT_EQ(named("vi", "Bộ trưởng Ngoại giao Nhật Bản sẽ thăm Campuchia vào tuần tới."), (Codes{"JP", "KH"}));
  EXPECT_EQ(named("vi", "Tổng thống Pháp Emmanuel Macron gặp Thủ tướng Ấn Độ tại Paris."), (Codes{"FR", "IN"}));
  EXPECT_EQ(named("vi", "Nga và Đức nối lại đàm phán về khí đốt qua Lào."), (Codes{"DE", "LA", "RU"}));
  EXPECT_EQ(named("vi", "Kỹ sư Trần Minh Đức cho biết ông Đức sẽ về hưu vào năm sau."), Codes{});
  EXPECT_EQ(named("vi", "Du khách đổ về Lào Cai và Mỹ Tho trong dịp lễ."), Codes{});
}

// Thai and Khmer write no spaces between words: a name is one of the words ICU's dictionary reads
// in the run, and a longer word that merely holds its letters is no name.
TEST(CountriesInOtherLanguages, ThaiAndKhmerNamesInsideRunsWithoutSpaces) {
  EXPECT_EQ(named("th", "นายกรัฐมนตรีเดินทางเยือนญี่ปุ่นและจีนเพื่อหารือเรื่องการค้า"), (Codes{"CN", "JP"}));
  EXPECT_EQ(named("th", "รัฐบาลสหรัฐฯประกาศมาตรการใหม่ต่อรัสเซีย"), (Codes{"RU", "US"}));
  EXPECT_EQ(named("th", "น้ำท่วมหนักในกรุงเทพมหานครเมื่อคืนนี้"), Codes{"TH"});
  EXPECT_EQ(named("km", "នាយករដ្ឋមន្ត្រីកម្ពុជាបានជួបជាមួយប្រធានាធិបតីចិន"), (Codes{"CN", "KH"}));
  EXPECT_EQ(named("th", "นักเรียนจีนีเรียนภาษาอังกฤษทุกวัน").size(), 1U) << "England's language, and no China in จีนี";
  EXPECT_EQ(named("th", "คุณมาลีเป็นครูสอนดนตรีที่เชียงใหม่"), Codes{"TH"}) << "มาลี is a given name, not Mali";
  EXPECT_EQ(named("lo", "ລັດຖະບານ ສປປ ລາວ ໄດ້ພົບກັບຄະນະຜູ້ແທນຈາກປະເທດຈີນ"), (Codes{"CN", "LA"}));
  EXPECT_EQ(named("my", "မြန်မာနိုင်ငံနှင့် ထိုင်းနိုင်ငံ ကုန်သွယ်ရေး"), (Codes{"MM", "TH"}));
}

// Georgian writes cases and postpositions on to the name, and the nominative's vowel goes.
TEST(CountriesInOtherLanguages, GeorgianNamesInTheirCases) {
  EXPECT_EQ(named("ka", "საქართველოს მთავრობამ იაპონიასთან ახალი შეთანხმება გააფორმა."), (Codes{"GE", "JP"}));
  EXPECT_EQ(named("ka", "პრემიერ-მინისტრი ჩინეთში და თურქეთში გაემგზავრა."), (Codes{"CN", "TR"}));
  EXPECT_EQ(named("ka", "აშშ-ის სახელმწიფო მდივანი თბილისს ეწვია."), (Codes{"GE", "US"}));
  EXPECT_EQ(named("ka", "ჩინეთმა და იაპონიამ ხელშეკრულება მალე მოაწერეს."), (Codes{"CN", "JP"}))
      << "the ergative; მალე (soon) is no Mali";
  EXPECT_EQ(named("ka", "ბანგლადეშის და პანამის დელეგაციები ბათუმში შეხვდნენ."), (Codes{"BD", "GE", "PA"}))
      << "names that end as an ending does (ბანგლადეში, პანამა)";
}

// Armenian writes cases and an article on to the name, with յ after a final vowel; Snowball's
// Armenian stemmer read Iran (Իրան) as Iraq (Իրաք).
TEST(CountriesInOtherLanguages, ArmenianNamesInTheirCases) {
  EXPECT_EQ(named("hy", "Հայաստանի և Ֆրանսիայի նախագահները հանդիպեցին։"), (Codes{"AM", "FR"}));
  EXPECT_EQ(named("hy", "Նախարարը Իրանում հանդիպեց Իտալիայի դեսպանին։"), (Codes{"IR", "IT"}));
  EXPECT_EQ(named("hy", "Իրաքից և Ճապոնիայից պատվիրակություններ են ժամանել։"), (Codes{"IQ", "JP"}));
  EXPECT_EQ(named("hy", "Ֆրանսիան և Ռուսաստանը ստորագրեցին համաձայնագիր։"), (Codes{"FR", "RU"})) << "the article";
  EXPECT_EQ(named("hy", "Մալիի կառավարությունը հայտարարություն տարածեց։"), (Codes{"ML"})) << "ի doubled";
  EXPECT_EQ(named("hy", "Մալիից, Պարագվայում և Բենինում նոր դեսպաններ են նշանակվել։"), (Codes{"BJ", "ML", "PY"}))
      << "a name's own last ի, յ or ին goes as its cases' do";
}

// Kyrgyz writes its case endings on to a name; Welsh and Maltese write an article before it
// ("yr Almaen", "l-Italja"), Welsh mutates its first letter after some words ("yng Nghymru");
// Maltese is told by its letters ħ, ċ and ġ in a text too short for CLD2.
TEST(CountriesInOtherLanguages, KyrgyzWelshMalteseAndTagalogNames) {
  EXPECT_EQ(named("ky", "Президент Орусияга жана Казакстанга иш сапар менен барды."), (Codes{"KZ", "RU"}));
  EXPECT_EQ(named("ky", "Кыргызстандын өкмөтү Кытайдын инвесторлору менен жолукту."), (Codes{"CN", "KG"}));
  EXPECT_EQ(named("ky", "АКШнын мамлекеттик катчысы Бишкекке келди."), (Codes{"KG", "US"})) << "АКШ in a case";
  EXPECT_EQ(named("cy", "Bydd yr Almaen a'r Eidal yn cyfarfod yfory."), (Codes{"DE", "IT"}));
  EXPECT_EQ(named("cy", "Mae'r cwmni yn gweithio yng Nghymru ac yn Iwerddon."), (Codes{"GB", "IE"}));
  EXPECT_EQ(named("mt", "Malta u l-Italja ffirmaw ftehim ġdid."), (Codes{"IT", "MT"}));
  EXPECT_EQ(named("tl", "Bumisita ang kalihim sa Rusya at sa Hapon noong nakaraang linggo."), (Codes{"JP", "RU"}));
  static const Tagger tagger;
  const Tags maltese = tagger.tag("", "Ir-Russja u ċ-Ċina ltaqgħu f'Beijing.");
  EXPECT_EQ(maltese.language, "mt");
  EXPECT_EQ(maltese.mentioned, (std::vector<std::string>{"CN", "RU"}));
}

// Kazakh, Uzbek and Bengali write endings on to a name that keeps its form; Belarusian changes
// its last vowel as Russian does; Urdu and Macedonian write names apart from their postpositions.
// A Turkic country's name before its office ("Қазақстан Президенті") is no person's first name.
TEST(CountriesInOtherLanguages, KazakhUzbekBengaliBelarusianUrduMacedonianSwahili) {
  EXPECT_EQ(named("kk", "Қазақстан Президенті Ресейге және Қытайға сапармен барды."), (Codes{"CN", "KZ", "RU"}));
  EXPECT_EQ(named("kk", "Жапонияның сыртқы істер министрі Астанада болды."), (Codes{"JP", "KZ"}));
  EXPECT_EQ(named("uz", "Oʻzbekiston Prezidenti Rossiyaga va Xitoyga tashrif buyurdi."), (Codes{"CN", "RU", "UZ"}));
  EXPECT_EQ(named("bn", "ভারতের প্রধানমন্ত্রী আজ বাংলাদেশে পৌঁছেছেন এবং চীনের সঙ্গে আলোচনা করবেন।"),
            (Codes{"BD", "CN", "IN"}));
  EXPECT_EQ(named("bn", "রাশিয়ার প্রেসিডেন্ট যুক্তরাষ্ট্রে গেছেন।"), (Codes{"RU", "US"}));
  EXPECT_EQ(named("be", "Прэзідэнт Беларусі сустрэўся з кіраўніком Расіі і абмеркаваў сітуацыю ва Украіне."),
            (Codes{"BY", "RU", "UA"}));
  EXPECT_EQ(named("be", "Дэлегацыя Кітая прыбыла ў Мінск."), (Codes{"BY", "CN"}));
  EXPECT_EQ(named("ur", "پاکستان کے وزیر اعظم نے آج بھارت اور چین کے ساتھ تجارت پر بات چیت کی۔"),
            (Codes{"CN", "IN", "PK"}));
  EXPECT_EQ(named("mk", "Претседателот на Македонија се сретна со министерот од Германија во Скопје."),
            (Codes{"DE", "MK"}));
  EXPECT_EQ(named("sw", "Wakenya wengi wanafanya kazi Uturuki, na Rais wa Marekani atazuru Msumbiji."),
            (Codes{"KE", "MZ", "TR", "US"}));
  // مالی is Mali and, far more often, "financial" in Persian and Urdu.
  EXPECT_EQ(named("ur", "پاکستان کی مالی امداد معطل کر دی گئی۔"), Codes{"PK"});
  EXPECT_EQ(named("fa", "دولت کمک مالی به شرکت‌ها داد."), Codes{});
}

TEST(CountriesInOtherLanguages, NamesOfSeveralWordsInflectedAndShortForms) {
  // Every word of the name is inflected: Южная Корея, Южной Кореи, Южную Корею.
  EXPECT_EQ(named("ru", "Делегация Южной Кореи прибыла в Саудовскую Аравию."), (Codes{"KR", "SA"}));
  EXPECT_EQ(named("ru", "Выборы в Южной Корее прошли спокойно."), Codes{"KR"});
  // Where iso-codes has only the formal name ("Corea, República de") or another spelling.
  EXPECT_EQ(named("es", "El Gobierno de Perú firmó un acuerdo comercial con Corea del Sur."), (Codes{"KR", "PE"}));
  EXPECT_EQ(named("es", "Arabia Saudita y Corea del Norte firmaron un memorando."), (Codes{"KP", "SA"}));
  EXPECT_EQ(named("he", "נשיא ארה\"ב נפגש עם ראש ממשלת יפן בבית הלבן."), (Codes{"JP", "US"}));
  EXPECT_EQ(named("he", "שר החוץ של ארה״ב יבקר בקרוב בדרום קוריאה."), (Codes{"KR", "US"}));
  EXPECT_EQ(named("hi", "सऊदी अरब और दक्षिण कोरिया के बीच ऊर्जा समझौता हुआ।"), (Codes{"KR", "SA"}));
  EXPECT_EQ(named("gl", "O Reino Unido pechará a fronteira durante unha semana."), Codes{"GB"});
  // The aliases' cities in other languages, from GeoNames' alternate names.
  EXPECT_EQ(named("de", "Tausende demonstrierten in München und Köln."), Codes{"DE"});
  EXPECT_EQ(named("ru", "Переговоры прошли в Мюнхене."), Codes{"DE"}) << "inflected as the language does";
  EXPECT_EQ(named("pl", "Konferencja odbyła się w Mediolanie."), Codes{"IT"});
  EXPECT_EQ(named("es", "Miles de personas marcharon en Sevilla."), Codes{"ES"});
  EXPECT_EQ(named("es", "Florencia Peña presentó su nuevo programa."), Codes{}) << "a first name";
  // Short Spanish or Portuguese that language detection reads as Galician keeps their names.
  EXPECT_EQ(named("gl", "Los Países Bajos y Suecia firmaron el tratado."), (Codes{"NL", "SE"}));
  // A place's name as a first name, in languages that capitalise names only; not in German,
  // which capitalises every noun ("Kuba Urlaub" is no one).
  EXPECT_EQ(named("es", "La cantante Francia Velasco presentó su disco en Lima."), Codes{"PE"});
  EXPECT_EQ(named("pl", "Bramkę zdobył Kuba Nowakowski po podaniu z prawej strony."), Codes{});
  EXPECT_EQ(named("pl", "Kuba i Wenezuela podpisały porozumienie."), (Codes{"CU", "VE"}));
  EXPECT_EQ(
      tagger()
          .tag("India Martínez llenó el auditorio", "La cantante actuó en Madrid durante su gira.", {"es", {}, {}, {}})
          .mentioned,
      std::vector<std::string>{"ES"})
      << "a headline in sentence case outside English names people as running text does";
  EXPECT_EQ(named("es", "La India Gate de Nueva Delhi reabrió al público."), Codes{"IN"}) << "an English word";
  EXPECT_EQ(named("de", "Viele Familien machen auf Kuba Urlaub."), Codes{"CU"});
  EXPECT_EQ(named("he", "שר החוץ של ירדן נפגש עם עמיתו."), Codes{"JO"}) << "Hebrew has no capitals to read";
  // The sunset prayer is not Morocco.
  EXPECT_EQ(named("ar", "أدى المصلون صلاة المغرب في المسجد الكبير."), Codes{});
  EXPECT_EQ(named("ar", "وقع المغرب اتفاقا جديدا مع إسبانيا."), (Codes{"ES", "MA"}));
  EXPECT_EQ(named("ar", "احتلت الجزائر المركز الثاني بعد المغرب."), (Codes{"DZ", "MA"})) << "after Morocco";
}

// A headline in sentence case, as most languages and many English publishers write them, names
// people as running text does; in title case its capitals say nothing.
TEST(TaggerAmbiguity, PeoplesNamesInSentenceCaseHeadlines) {
  static const Tagger tagger;
  auto in_title = [](const std::string& title, const char* language) {
    return tagger.tag(title, "", {language, {}, {}, {}}).mentioned;
  };
  EXPECT_EQ(in_title("O ex-jogador Michael Jordan lança nova linha de tênis", "pt"), Codes{});
  EXPECT_EQ(in_title("Jordan Bardella a tenu un meeting devant ses partisans", "fr"), Codes{});
  EXPECT_EQ(in_title("Jordan Peterson criticises new rules", "en"), Codes{});
  // Beside another place or an event, the name is the place.
  EXPECT_EQ(in_title("Paris Olympics opening ceremony draws record crowd", "en"), Codes{"FR"});
  EXPECT_EQ(in_title("Chad Sudan border clashes kill dozens", "en"), (Codes{"SD", "TD"}));
  EXPECT_EQ(in_title("Paris Hilton presentó su nueva fragancia", "es"), Codes{});
  EXPECT_EQ(in_title("Jordan Says Border Talks With Israel Will Resume", "en"), (Codes{"IL", "JO"}));
  EXPECT_EQ(in_title("Jordan reopens its border with Syria", "en"), (Codes{"JO", "SY"}));
}

TEST(CountriesInOtherLanguages, GreekNamesInTheGenitive) {
  static const Tagger tagger;
  // Snowball makes "Γαλλία" "γαλλ" but "Γαλλίας" "γαλλι".
  EXPECT_EQ(countries_named(tagger, "el", "Ο πρόεδρος της Γαλλίας συναντήθηκε με τον πρωθυπουργό της Ιταλίας."),
            (std::vector<std::string>{"FR", "IT"}));
}

TEST(CountriesInOtherLanguages, HebrewPersianAndHindiNames) {
  EXPECT_EQ(named("he", "שר החוץ טס לגרמניה ומשם לפולין."), (Codes{"DE", "PL"})) << "after ל and ו";
  EXPECT_EQ(named("he", "המשלחת נפגשה בקהיר עם נציגי ירדן."), (Codes{"EG", "JO"}));
  EXPECT_EQ(named("fa", "رئیس جمهور برای دیدار با همتای روس خود به مسکو رفت."), Codes{"RU"});
  EXPECT_EQ(named("fa", "صادرات ایران به ترکیه افزایش یافت."), (Codes{"IR", "TR"}));
  EXPECT_EQ(named("hi", "विदेश मंत्री अगले सप्ताह जापान और रूस की यात्रा पर जाएंगे।"), (Codes{"JP", "RU"}));
  EXPECT_EQ(named("hi", "वह कल दिल्ली से मुंबई गया था।"), Codes{"IN"}) << "गया (went) is not Guyana";
  EXPECT_EQ(named("az", "Səudiyyə Ərəbistanının və Niderlandın nümayəndələri Bakıya gəlib."), (Codes{"AZ", "NL", "SA"}))
      << "a possessive and a case ending";
  EXPECT_EQ(named("hi", "पाकिस्तानी और नेपाली छात्रों ने भारतीयों के साथ भाग लिया।"), (Codes{"IN", "NP", "PK"}))
      << "demonyms";
}

TEST(CountriesInOtherLanguages, AzerbaijaniNamesWithTheirCaseEndings) {
  static const Tagger tagger;
  const Tags tags = tagger.tag(
      "Kosmik sahədə yeni əməkdaşlıq memorandumu imzalanıb",
      "Azərbaycanın kosmik agentliyi ilə qardaş ölkənin agentliyi arasında anlaşma memorandumu imzalanıb. Sənəd "
      "Türkiyəyə və Azərbaycana peyk texnologiyaları sahəsində yeni imkanlar açır. Türkiyənin nümayəndə heyəti "
      "sənədin əhəmiyyətini vurğulayıb. Tədbirdə Rusiyanın səfiri də iştirak edib.");
  EXPECT_EQ(tags.language, "az");
  EXPECT_EQ(codes(tags.countries).at(0), "AZ");
  EXPECT_TRUE(contains(codes(tags.countries), "TR")) << "Türkiyəyə and Türkiyənin are Türkiyə";
  EXPECT_TRUE(contains(tags.mentioned, "RU")) << "Rusiyanın is Rusiya";
  // Countries iso-codes names in English only, as Azerbaijani writes them, with their endings.
  const Tags neighbours = tagger.tag("",
                                     "Xarici işlər naziri Serbiyaya və Belarusa səfər edəcək, sonra Suriyadan "
                                     "qayıdacaq.",
                                     {"az", {}, {}, {}});
  for (const std::string code : {"BY", "RS", "SY"}) EXPECT_TRUE(contains(neighbours.mentioned, code)) << code;
}

TEST(CountriesInOtherLanguages, ChineseJapaneseAndKoreanNamesInsideRunsOfText) {
  static const Tagger tagger;
  auto named = [](const std::string& text) {
    std::vector<std::string> found = tagger.tag("", text).mentioned;
    std::sort(found.begin(), found.end());
    return found;
  };
  EXPECT_EQ(named("日本和中国的外交部长周五在北京举行会谈。"), (Codes{"CN", "JP"}));
  EXPECT_EQ(named("巴西總統本週訪問中國。"), (Codes{"BR", "CN"})) << "traditional characters";
  EXPECT_EQ(named("外長隨後前往俄羅斯和秘魯訪問。"), (Codes{"PE", "RU"})) << "where iso-codes' are formal";
  EXPECT_EQ(named("首相はオーストラリアとチェコを訪問した。"), (Codes{"AU", "CZ"}));
  EXPECT_EQ(named("韓国の大統領は来週日本を訪問する予定だ。"), (Codes{"JP", "KR"}));
  EXPECT_EQ(named("한국의 수출이 미국과 중국에서 크게 늘었다."), (Codes{"CN", "KR", "US"}));
  EXPECT_EQ(named("인도적 지원이 계속되었다."), Codes{}) << "인도적 (humanitarian) holds 인도 (India)";
  EXPECT_EQ(named("인도에서 선거가 열렸다."), Codes{"IN"}) << "인도 with the particle 에서";
  EXPECT_EQ(named("マリンスポーツの大会が開かれた。"), Codes{}) << "マリン (marine) holds マリ (Mali)";
  EXPECT_EQ(named("首相はドイツを訪問した。"), Codes{"DE"}) << "after the particle は";
  EXPECT_EQ(named("ブラジルとアルゼンチンが試合をした。"), (Codes{"AR", "BR"})) << "both sides of と";
  EXPECT_EQ(named("澳洲政府宣布新的移民政策。"), Codes{"AU"}) << "the short name 澳洲";
  EXPECT_EQ(named("호주 정부가 새 이민 정책을 발표했다."), Codes{"AU"});
  // Cities as CLDR names them in each language, from the time zones.
  EXPECT_EQ(named("首尔市政府周一宣布了新的住房计划。"), Codes{"KR"});
  EXPECT_EQ(named("ソウルで新しい展示会が始まった。"), Codes{"KR"});
  EXPECT_EQ(named("도쿄에서 회의가 열렸다."), Codes{"JP"});
}

TEST(CountriesInOtherLanguages, HanNamesAcrossTwoWordsAreNotNamed) {
  static const Tagger tagger;
  auto named = [](const std::string& text) { return countries_named(tagger, "", text); };
  EXPECT_EQ(named("许多发展中国家的经济正在增长。"), Codes{}) << "发展中国家, developing countries";
  EXPECT_EQ(named("許多發展中國家的經濟正在增長。"), Codes{}) << "traditional characters";
  EXPECT_EQ(named("这所精英国际学校今年扩招。"), Codes{}) << "精英|国际 holds 英国";
  EXPECT_EQ(named("今日本地新闻：地铁延误。"), Codes{}) << "今日|本地 holds 日本";
  EXPECT_EQ(named("日本人游客增加了，中国的出口也增加了。"), (Codes{"CN", "JP"})) << "whole at a word's start";
  EXPECT_EQ(named("中国政府和英国大使馆举行会谈。"), (Codes{"CN", "GB"}));
}

// Headlines abbreviate a country to one character: joined, they name every country they join.
TEST(CountriesInOtherLanguages, JoinedOneCharacterAbbreviationsNameEachCountry) {
  static const Tagger tagger;
  auto named = [](const std::string& text) { return countries_named(tagger, "", text); };
  EXPECT_EQ(named("日米首脳会談は来月開かれる予定だ。"), (Codes{"JP", "US"}));
  EXPECT_EQ(named("中美关系出现缓和迹象。"), (Codes{"CN", "US"}));
  EXPECT_EQ(named("日韩关系持续回暖。"), (Codes{"JP", "KR"}));
  EXPECT_EQ(named("한미 정상회담이 다음 주에 열린다."), (Codes{"KR", "US"}));
  EXPECT_EQ(named("俄乌双方同意继续谈判。"), (Codes{"RU", "UA"}));
  EXPECT_EQ(named("台美貿易協定正式生效，印尼也表示關注。"), (Codes{"ID", "TW", "US"}));
  EXPECT_EQ(named("주한미군 병력이 감축될 수 있다."), (Codes{"KR", "US"}));
  EXPECT_EQ(named("日米韓の外相が電話で協議した。"), (Codes{"JP", "KR", "US"}));
  EXPECT_EQ(named("沖縄の米軍基地の移設が議論された。"), (Codes{"JP", "US"})) << "米 before 軍, forces";
  EXPECT_EQ(named("外相が訪中し、会談した。"), Codes{"CN"}) << "訪 (visit) before 中";
  // Characters that join into other words, or stand apart.
  EXPECT_EQ(named("中美洲五国举行峰会。"), Codes{}) << "中美洲, Central America";
  EXPECT_EQ(named("美中不足的是天气太热。"), Codes{}) << "美中不足, a fly in the ointment";
  EXPECT_EQ(named("日中の最高気温は三十度を超えた。"), Codes{}) << "日中, daytime";
  EXPECT_EQ(named("这一点英，美那一点。"), Codes{}) << "not across punctuation";
  EXPECT_EQ(named("한·미 정상회담이 열렸다."), (Codes{"KR", "US"})) << "across a middle dot";
  EXPECT_EQ(named("ボスニア・ヘルツェゴビナの首都で会議が開かれた。"), Codes{"BA"}) << "a name joined by ・";
  EXPECT_EQ(named("한미약품이 신약을 발표했다."), Codes{}) << "a company's name, one word";
  EXPECT_EQ(named("대중교통 수단을 이용하는 시민이 늘었다."), Codes{}) << "수단, a means";
  EXPECT_EQ(named("수단에서 내전이 계속되고 있다."), Codes{"SD"}) << "수단, Sudan";
  EXPECT_EQ(named("外长对华盛顿进行正式访问。"), Codes{"US"}) << "对 (toward) before Washington, no 对华";
  EXPECT_EQ(named("中非合作论坛在北京召开。"), Codes{"CN"}) << "China and Africa, no Central African Republic";
  EXPECT_EQ(named("超级马里奥兄弟电影上映。"), Codes{}) << "马里奥, Mario, holds 马里 (Mali)";
}

TEST(CountriesInOtherLanguages, AreNotReadInEnglishText) {
  static const Tagger tagger;
  // "Island" is Iceland in Danish and Swedish, "Alemania" Germany in Spanish.
  const Tags tags = tagger.tag("Island Life Returns",
                               "The island reopened its harbour this week. Alemania, the ferry company, said crossings "
                               "would resume on Monday for every passenger.");
  EXPECT_TRUE(tags.mentioned.empty()) << tags.mentioned.front();
}

TEST(CountriesInOtherLanguages, TopicsOfTheEnglishClassifierAreNotGuessedFromOtherLanguages) {
  static const Tagger tagger;
  const Tags tags = tagger.tag("Almanya'da seçim", "Alman seçmenler bugün sandık başına gitti ve oylarını kullandı.",
                               {"tr", {}, {}, {"Siyaset"}});
  ASSERT_FALSE(tags.topics.empty());
  EXPECT_EQ(tags.topics[0].code, "politics") << "the publisher's section still names the topic";
  EXPECT_TRUE(
      tagger.tag("Almanya'da seçim", "Alman seçmenler bugün sandık başına gitti.", {"tr", {}, {}, {}}).topics.empty());
}

}  // namespace
}  // namespace newsdex::index
