// The search page in a real browser: Debian's Chromium, headless, driven by playwright-core.
//   node search_page_test.mjs BASE_URL SCREENSHOT_DIR
// Started by tests/end_to_end/browser_test.cc against `newsdex-search serve` over a test index
// holding the seed article. Types the seed query, clicks the AZ country facet, and checks the
// hits and counts against the JSON API; then the landing page, filter chips, the article view
// with its similar articles, and dark mode. Screenshots of each at 390 and 1280 px, light and
// dark. Exits 1 with one line per failed check.
import { chromium } from "playwright-core";

const [base, screenshots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const seedTitle = "Azerbaijan, Turkiye sign MoU on cooperation in space sector";

const api = async (query) => (await fetch(`${base}/search?${query}`)).json();

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  // Phone-sized first: the page must work there.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const elsewhere = [];
  page.on("request", (request) => { if (!request.url().startsWith(base)) elsewhere.push(request.url()); });
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));

  // The landing page lists the latest headlines first: wait for them, as a user would see them,
  // then for the search's own answer (the heading "Latest" gone, the summary no longer
  // "Searching…"), since the landing page's hits already match "ol#hits li.hit".
  await page.goto(`${base}/`);
  await page.waitForSelector("#hits-heading:not([hidden])", { timeout: 10000 });
  await page.fill("#q", "space cooperation");
  await page.press("#q", "Enter");
  await page.waitForFunction(() => document.querySelector("#hits-heading").hidden &&
                                   !document.querySelector("#summary").textContent.startsWith("Searching") &&
                                   document.querySelector("ol#hits li.hit") !== null, null, { timeout: 10000 });

  const expected = await api("q=space+cooperation&limit=10&facet_limit=12");
  const titles = await page.locator("ol#hits li.hit h2").allTextContents();
  check(titles[0] === seedTitle, `first hit is the seed article (got ${JSON.stringify(titles[0])})`);
  check(titles.length === expected.hits.length, `hits shown ${titles.length} = hits answered ${expected.hits.length}`);
  const summary = await page.textContent("#summary");
  check(summary.includes(`${expected.total.toLocaleString("en-US")} article`), `summary shows the total ${expected.total}: ${summary}`);
  const marked = await page.locator("ol#hits li.hit .snippet b").count();
  check(marked > 0, "matched words are highlighted in the snippets");
  const link = await page.getAttribute("ol#hits li.hit h2 a", "href");
  check(link === "/view/" + encodeURIComponent(expected.hits[0].id), `the hit links to its article view (${link})`);
  const original = await page.getAttribute("ol#hits li.hit .meta a.original", "href");
  check(original === expected.hits[0].url, `the hit links to the original too (${original})`);

  const az = page.locator('section[data-facet=country] button[data-value="AZ"]');
  const azCountShown = Number((await az.locator(".count").textContent()).replace(/\D/g, ""));
  const azCountAnswered = expected.facets.country.find((c) => c.value === "AZ")?.count;
  check(azCountShown === azCountAnswered && azCountShown > 0, `AZ facet shows ${azCountShown}, API says ${azCountAnswered}`);
  // The coverage chart: one bar per period of the API's timeline for the same search.
  await page.waitForSelector("#coverage[data-by]", { state: "attached", timeout: 10000 });
  const unit = await page.getAttribute("#coverage", "data-by");
  const timeline = await (await fetch(`${base}/timeline?q=space+cooperation&by=${unit}`)).json();
  const bars = await page.locator("#coverage rect").count();
  check(bars === (timeline.periods.length >= 2 ? timeline.periods.length : 0),
        `coverage chart: ${bars} bars for ${timeline.periods.length} periods of a ${unit}`);
  // The trends panel: the API's surging countries for the same search, over the archive's last day.
  await page.waitForSelector("#trends[data-ready]", { state: "attached", timeout: 10000 });
  const surging = await (await fetch(`${base}/trends?q=space+cooperation&by=country&limit=5`)).json();
  const shown = await page.locator("#trends ul[data-by=country] button").count();
  check(shown === surging.trends.length, `trends panel shows ${shown} countries, the API ${surging.trends.length}`);
  const months = await page.locator("#timeline div").count();
  check(months === expected.facets.month.length || expected.facets.month.length < 2, "one timeline bar a month");
  await page.screenshot({ path: `${screenshots}/search-page-phone.png`, fullPage: true });

  await az.click();
  await page.waitForSelector('section[data-facet=country] button[data-value="AZ"][aria-pressed="true"]', { timeout: 10000 });
  await page.waitForFunction(() => !document.querySelector("#summary").textContent.startsWith("Searching"));
  const filtered = await api("q=space+cooperation&country=AZ&limit=10&facet_limit=12");
  const filteredTitles = await page.locator("ol#hits li.hit h2").allTextContents();
  check(filteredTitles[0] === seedTitle, "the seed article is still first with AZ chosen");
  check(filteredTitles.length === filtered.hits.length, `filtered hits ${filteredTitles.length} = API ${filtered.hits.length}`);
  check(filtered.total === azCountShown, `total with AZ (${filtered.total}) is the count the facet promised (${azCountShown})`);
  const filteredSummary = await page.textContent("#summary");
  check(filteredSummary.includes(`${filtered.total.toLocaleString("en-US")} article`), `summary shows ${filtered.total}: ${filteredSummary}`);
  const metas = await page.locator("ol#hits li.hit .meta").allTextContents();
  check(metas.every((meta) => /\bAzerbaijan\b/.test(meta)), `every hit is about Azerbaijan: ${JSON.stringify(metas)}`);
  const azLabel = await az.locator(".value").textContent();
  check(azLabel.startsWith("Azerbaijan") && azLabel.endsWith("AZ"), `the facet shows the name with the code: ${azLabel}`);
  check(new URL(page.url()).searchParams.getAll("country").includes("AZ"), "the filter is in the address, for bookmarks");
  // Multi-select: the country facet still offers the other countries with their own counts.
  const countryValues = await page.locator("section[data-facet=country] button").count();
  check(countryValues === filtered.facets.country.length, "the country facet still lists the alternatives");

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `nothing wider than a phone screen (page is ${width}px wide)`);
  await page.screenshot({ path: `${screenshots}/search-page-phone-AZ.png`, fullPage: true });

  // Clicking again clears the filter.
  await page.locator('section[data-facet=country] button[data-value="AZ"]').click();
  await page.waitForSelector('section[data-facet=country] button[data-value="AZ"][aria-pressed="false"]', { timeout: 10000 });

  // A desktop-sized window for the record.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${screenshots}/search-page-desktop.png`, fullPage: true });

  // Each view at a phone's and a desktop's width, in light and dark.
  const shoot = async (name) => {
    for (const [device, width, height] of [["phone", 390, 844], ["desktop", 1280, 900]]) {
      await page.setViewportSize({ width, height });
      for (const colorScheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme });
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        check(scroll <= width, `${name} fits a ${width}px screen (${scroll}px wide)`);
        await page.screenshot({ path: `${screenshots}/${name}-${device}-${colorScheme}.png`, fullPage: true });
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
  };

  // The landing page starts with the news: the archive's size and span, the latest headlines.
  await page.goto(`${base}/`);
  await page.waitForSelector("ol#hits li.hit", { timeout: 10000 });
  const landing = await page.textContent("#summary");
  const archive = await (await fetch(`${base}/stats`)).json();
  check(landing.includes(`${archive.articles} articles from ${archive.sources} sources`), `landing summary: ${landing}`);
  check((await page.textContent("#hits-heading")) === "Latest", "the landing page lists the latest headlines");
  const latest = await (await fetch(`${base}/search?since=${archive.first_published}&sort=date&limit=10&facets=`)).json();
  const latestTitles = await page.locator("ol#hits li.hit h2").allTextContents();
  check(JSON.stringify(latestTitles) === JSON.stringify(latest.hits.map((hit) => hit.title)),
        `latest headlines newest first, one a story: ${JSON.stringify(latestTitles)}`);
  await page.waitForSelector("#trends[data-ready]", { state: "attached", timeout: 10000 });
  check(await page.locator("section[data-facet=country] button").count() > 0, "the landing page offers countries to browse");
  await shoot("landing");

  // Two filters as chips; removing one keeps the other; "Clear all" keeps the query.
  await page.goto(`${base}/?q=space+cooperation&country=AZ&topic=science-technology`);
  await page.waitForSelector("#chips .chip", { timeout: 10000 });
  const chips = await page.locator("#chips .chip").allTextContents();
  check(chips.length === 2 && chips[0].startsWith("Azerbaijan") && chips[1].startsWith("Science and technology"),
        `two chips with names: ${JSON.stringify(chips)}`);
  check(await page.locator("#chips .clear").count() === 1, "a Clear all beside the chips");
  await shoot("chips");
  await page.locator("#chips .chip").first().click();
  await page.waitForFunction(() => document.querySelectorAll("#chips .chip").length === 1);
  const params = new URL(page.url()).searchParams;
  check(params.getAll("country").length === 0 && params.get("topic") === "science-technology", `one chip removed: ${page.url()}`);
  await page.locator("#chips .clear").click();
  await page.waitForFunction(() => document.querySelectorAll("#chips .chip").length === 0);
  check(new URL(page.url()).searchParams.get("q") === "space cooperation", "Clear all keeps the query");

  // A story's other copies open under its hit.
  await page.goto(`${base}/?q=gas+export`);
  await page.waitForSelector("ol#hits li.hit .copies .toggle", { timeout: 10000 });
  const story = await api("q=gas+export&limit=10");
  await page.locator("ol#hits li.hit .copies .toggle").first().click();
  await page.waitForSelector("ol#hits li.hit .copies li a", { timeout: 10000 });
  const copyLinks = await page.locator("ol#hits li.hit .copies li a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  const copyIds = (await (await fetch(`${base}/articles/${encodeURIComponent(story.hits[0].id)}`)).json()).copies;
  check(JSON.stringify(copyLinks) === JSON.stringify(copyIds.map((id) => "/view/" + encodeURIComponent(id))),
        `the copies listed are the story's (${JSON.stringify(copyLinks)} vs ${JSON.stringify(copyIds)})`);

  // An error is said once, not again by the side panels.
  await page.goto(`${base}/?q=space&country=Atlantis`);
  await page.waitForSelector("#summary .error", { timeout: 10000 });
  await page.waitForSelector("#trends[data-ready]", { state: "attached", timeout: 10000 });
  check(await page.locator(".error").count() === 1, `one error shown: ${await page.locator(".error").allTextContents()}`);

  // The article view: the stored text and facts, the original link and similar articles.
  await page.goto(`${base}/?q=space+cooperation`);
  await page.waitForSelector("ol#hits li.hit", { timeout: 10000 });
  await page.locator("ol#hits li.hit h2 a").first().click();
  await page.waitForSelector("#article[data-ready]", { timeout: 10000 });
  check(new URL(page.url()).pathname.startsWith("/view/"), `the article view has its own address: ${page.url()}`);
  check((await page.textContent("#article h1")) === seedTitle, "the article view shows the seed article");
  const seed = await (await fetch(`${base}/articles/${encodeURIComponent(expected.hits[0].id)}`)).json();
  const facts = await page.textContent("#article dl");
  check(facts.includes("Azerbaijan (AZ)") && facts.includes(seed.source), `the article's facts: ${facts}`);
  const paragraphs = await page.locator("#article .text p").count();
  check(paragraphs >= 1, `the article's text in paragraphs (${paragraphs})`);
  check(await page.getAttribute("#article a.original", "href") === seed.url, "the article links to the original");
  const similar = await (await fetch(`${base}/similar/${encodeURIComponent(seed.id)}?limit=5`)).json();
  const similarShown = await page.locator("#similar li a").allTextContents();
  check(similarShown.length === similar.hits.length && similarShown.length > 0,
        `similar articles: ${similarShown.length} shown, ${similar.hits.length} answered`);
  await shoot("article");
  const missing = await page.goto(`${base}/view/no-such-article`);
  check(missing.status() === 404, `an unknown article's view is a 404 (${missing.status()})`);

  // Dark mode: a corrected query's links are in the page's colours, not the browser's blue.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`${base}/?q=cooperaton`);
  await page.waitForSelector("#summary a", { timeout: 10000 });
  const summaryText = await page.textContent("#summary");
  check(summaryText.includes("Showing results for cooperation"), `a query that finds nothing shows its correction's: ${summaryText}`);
  const colours = await page.evaluate(() => [getComputedStyle(document.querySelector("#summary a")).color,
                                               getComputedStyle(document.body).getPropertyValue("--accent").trim()]);
  check(colours[0] === "rgb(140, 184, 255)", `links are readable on the dark background (${colours[0]}, accent ${colours[1]})`);
  await page.emulateMedia({ colorScheme: "light" });

  check(elsewhere.length === 0, `the page fetched only from newsdex: ${elsewhere.join(" ")}`);
  check(pageErrors.length === 0, `no script errors: ${pageErrors.join(" | ")}`);
} finally {
  await browser.close();
}

for (const failure of failures) console.error(`FAILED: ${failure}`);
if (failures.length === 0) console.log("search page: every check passed");
process.exit(failures.length === 0 ? 0 : 1);
