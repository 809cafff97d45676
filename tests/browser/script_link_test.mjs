// A feed's script link never runs on the search page: Debian's Chromium, headless, driven by
// playwright-core.
//   node script_link_test.mjs BASE_URL QUERY
// Started by tests/end_to_end/browser_test.cc against `newsdex-search serve` over an index one
// of whose articles holds a javascript: link written past every filter (as indexes written
// before the filters hold them). Checks the page's headers, every link it renders, clicks each
// hit, and also feeds the page a javascript: link the way an older server would answer; exits
// 1 with one line per failed check.
import { chromium } from "playwright-core";

const [base, query] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await (await browser.newContext()).newPage();
  const dialogs = [];
  page.on("dialog", async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });

  const loaded = await page.goto(`${base}/?q=${encodeURIComponent(query)}`);
  const policy = loaded.headers()["content-security-policy"] || "";
  check(policy.includes("script-src 'self'") && !policy.includes("unsafe-inline"), `a strict policy: ${policy}`);
  check(policy.includes("frame-ancestors 'none'"), `the page cannot be framed: ${policy}`);
  await page.waitForSelector("ol#hits li.hit", { timeout: 10000 });

  // The policy holds: script added inline does not run.
  const inlineRan = await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.inlineRan = true";
    document.body.append(script);
    return window.inlineRan === true;
  });
  check(!inlineRan, "inline script is blocked by the page's policy");

  const hrefs = async () => page.locator("a[href]").evaluateAll((links) => links.map((link) => link.href));
  const notWeb = (await hrefs()).filter((href) => !/^https?:/i.test(href));
  check(notWeb.length === 0, `every link is http(s): ${notWeb.join(" ")}`);

  // Click every hit's title: none may run script.
  const hits = await page.locator("ol#hits li.hit h2 a").count();
  check(hits > 0, "the search shows hits");
  for (let i = 0; i < hits; ++i) {
    const link = page.locator("ol#hits li.hit h2 a").nth(i);
    const href = await link.evaluate((a) => a.href);
    if (!href.startsWith(base)) continue;  // an article elsewhere: not reachable from the test
    await link.click();
    await page.waitForLoadState();
    await page.goBack();
    await page.waitForSelector("ol#hits li.hit", { timeout: 10000 });
  }

  // An older server would have answered with the link itself: the page must not render it.
  await page.route("**/search?*", async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const hit of body.hits || []) hit.url = "JaVaScRiPt:alert(document.domain)";
    await route.fulfill({ response, json: body });
  });
  await page.goto(`${base}/?q=${encodeURIComponent(query)}&sort=date`);
  await page.waitForSelector("ol#hits li.hit", { timeout: 10000 });
  const served = (await hrefs()).filter((href) => !/^https?:/i.test(href));
  check(served.length === 0, `a javascript: link in an answer is not rendered: ${served.join(" ")}`);
  await page.locator("ol#hits li.hit h2 a").first().click();
  await page.waitForLoadState();

  check(dialogs.length === 0, `no script ran: dialogs ${JSON.stringify(dialogs)}`);
} finally {
  await browser.close();
}

for (const failure of failures) console.error(`FAILED: ${failure}`);
if (failures.length === 0) console.log("script links: every check passed");
process.exit(failures.length === 0 ? 0 : 1);
