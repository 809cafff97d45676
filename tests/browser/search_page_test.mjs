// The search page in a real browser: Debian's Chromium, headless, driven by playwright-core.
//   node search_page_test.mjs BASE_URL SCREENSHOT_DIR
// Started by tests/end_to_end/browser_test.cc against `newsdex-search serve` over a test index
// holding the seed article. Types the seed query, clicks the AZ country facet, and checks the
// hits and counts against the JSON API; exits 1 with one line per failed check.
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

  await page.goto(`${base}/`);
  await page.fill("#q", "space cooperation");
  await page.press("#q", "Enter");
  await page.waitForSelector("ol#hits li.hit", { timeout: 10000 });

  const expected = await api("q=space+cooperation&limit=10&facet_limit=12");
  const titles = await page.locator("ol#hits li.hit h2").allTextContents();
  check(titles[0] === seedTitle, `first hit is the seed article (got ${JSON.stringify(titles[0])})`);
  check(titles.length === expected.hits.length, `hits shown ${titles.length} = hits answered ${expected.hits.length}`);
  const summary = await page.textContent("#summary");
  check(summary.includes(`${expected.total.toLocaleString("en-US")} article`), `summary shows the total ${expected.total}: ${summary}`);
  const marked = await page.locator("ol#hits li.hit .snippet b").count();
  check(marked > 0, "matched words are highlighted in the snippets");
  const link = await page.getAttribute("ol#hits li.hit h2 a", "href");
  check(link === expected.hits[0].url, `the hit links to its article (${link})`);

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
  const stats = await (await fetch(`${base}/stats`)).json();
  const surging = await (await fetch(`${base}/trends?q=space+cooperation&by=country&limit=5&until=${stats.last_published}`)).json();
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
  check(metas.every((meta) => /\bAZ\b/.test(meta)), `every hit is about AZ: ${JSON.stringify(metas)}`);
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

  check(elsewhere.length === 0, `the page fetched only from newsdex: ${elsewhere.join(" ")}`);
  check(pageErrors.length === 0, `no script errors: ${pageErrors.join(" | ")}`);
} finally {
  await browser.close();
}

for (const failure of failures) console.error(`FAILED: ${failure}`);
if (failures.length === 0) console.log("search page: every check passed");
process.exit(failures.length === 0 ? 0 : 1);
