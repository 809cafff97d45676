// The search page's script, served as /search-page.js: a file of its own so that the page's
// Content-Security-Policy allows no inline script.
"use strict";
// State lives in the address (so a search can be bookmarked and the back button works):
// "/?q=…&country=AZ" is a search, "/" with nothing the landing page, "/view/ID" one article.
const PAGE = 10;
const FACETS = [["country", "Countries", "country"], ["topic", "Topics", "topic"], ["source", "Sources", "source"],
                ["language", "Languages", "lang"]];
const $ = (id) => document.getElementById(id);

// The link itself when it is an http(s) URL, else "": a feed's link is a stranger's text, and a
// javascript: or data: link would run script on this page's origin. The server drops such links
// already; this guards against an index written before it did.
function webLink(url) {
  if (!url) return "";
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : "";
  } catch {
    return "";
  }
}

const viewLink = (id) => "/view/" + encodeURIComponent(id);

function state() {
  const p = new URLSearchParams(location.search);
  return { q: p.get("q") || "", sort: p.get("sort") || "relevance", offset: Number(p.get("offset") || 0),
           filters: Object.fromEntries(FACETS.map(([, , param]) => [param, p.getAll(param)])),
           month: p.get("month") || "" };
}

function go(next) {
  const p = new URLSearchParams();
  if (next.q) p.set("q", next.q);
  if (next.sort !== "relevance") p.set("sort", next.sort);
  if (next.offset) p.set("offset", next.offset);
  for (const [param, values] of Object.entries(next.filters)) values.forEach((v) => p.append(param, v));
  if (next.month) p.set("month", next.month);
  history.pushState(null, "", "/?" + p.toString());
  render();
}

function text(tag, content, className) {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
}

function link(content, href, className) {
  const node = text("a", content, className);
  node.href = href;
  return node;
}

function monthBounds(month) {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, "0")}`];
}

// The query and filters of the address, as API parameters.
function filterParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const [param, values] of Object.entries(s.filters)) values.forEach((v) => p.append(param, v));
  return p;
}

async function getJson(path) {
  const response = await fetch(path);
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error ? answer.error.message : response.statusText);
  return answer;
}

// Names of countries, topics and languages by code (GET /values/FACET), fetched once a page
// load: hits and articles carry codes, people read names.
const labels = {};
async function loadLabels() {
  if (labels.ready) return labels.ready;
  labels.ready = Promise.all(["country", "topic", "language"].map(async (facet) => {
    labels[facet] = {};
    try {
      for (const { value, label } of (await getJson("/values/" + facet)).values) labels[facet][value] = label || value;
    } catch { /* codes stand in for names */ }
  }));
  return labels.ready;
}
const nameOf = (facet, value) => (labels[facet] && labels[facet][value]) || value;

// The filter a facet's parameter holds, for chips: "country" → "country" facet names.
const FACET_OF_PARAM = { country: "country", topic: "topic", source: "source", lang: "language" };

// What rose most in the window before the index last took articles in, for the current query and
// filters. Its errors are the search's own (the same filters), shown once, there.
async function showTrends(s, mine) {
  const panel = $("trends");
  delete panel.dataset.ready;
  panel.replaceChildren(text("h3", "Surging · last 24 h"));
  try {
    for (const [by, param] of [["country", "country"], ["topic", "topic"]]) {
      const p = filterParams(s);
      p.set("by", by); p.set("limit", 5);
      const answer = await getJson("/trends?" + p.toString());
      if (stale(mine)) return;
      if (!answer.trends.length) continue;
      const list = document.createElement("ul");
      list.dataset.by = by;
      for (const row of answer.trends) {
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.value = row.value;
        button.title = `${row.count} articles from ${row.sources} sources; ${row.baseline_rate} expected`;
        button.append(text("span", nameOf(by, row.value), "value"), text("span", `${row.count} ↑`, "lift"));
        button.onclick = () => go({ ...s, offset: 0, filters: { ...s.filters, [param]: [...new Set([...s.filters[param], row.value])] } });
        const item = document.createElement("li");
        item.append(button);
        list.append(item);
      }
      panel.append(list);
    }
    if (!panel.querySelector("ul")) panel.append(text("p", "Nothing is surging against the 28 days before."));
  } catch {
    if (stale(mine)) return;
    panel.replaceChildren();
  }
  panel.dataset.ready = "1";
}

// Articles per day, week or month for the current search, as bars.
// `months`: the month facet, in date order; its span picks bars of a day, a week or a month.
function coverageUnit(months) {
  if (!months.length) return "day";
  const index = (month) => { const [y, m] = month.split("-").map(Number); return 12 * y + m; };
  const span = index(months[months.length - 1].value) - index(months[0].value) + 1;
  return span <= 3 ? "day" : span <= 24 ? "week" : "month";
}

async function showCoverage(s, months, mine) {
  const figure = $("coverage");
  figure.replaceChildren();
  figure.hidden = true;
  delete figure.dataset.by;
  const by = coverageUnit(months);
  const p = filterParams(s);
  p.set("by", by);
  if (s.month) { const [since, until] = monthBounds(s.month); p.set("since", since); p.set("until", until); }
  let answer;
  try { answer = await getJson("/timeline?" + p.toString()); } catch { answer = { periods: [] }; }
  if (stale(mine)) return;
  const periods = answer.periods;
  figure.dataset.by = by;  // drawn (or left hidden): for tests and styles
  if (periods.length < 2) return;
  const svgNs = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", `0 0 ${periods.length} 100`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Articles per ${by}`);
  const most = Math.max(...periods.map((period) => period.count));
  periods.forEach((period, i) => {
    const height = period.count ? Math.max(2, (100 * period.count) / most) : 0;
    const rect = document.createElementNS(svgNs, "rect");
    rect.setAttribute("x", i + 0.1); rect.setAttribute("width", 0.8);
    rect.setAttribute("y", 100 - height); rect.setAttribute("height", height);
    rect.dataset.period = period.period;
    const title = document.createElementNS(svgNs, "title");
    title.textContent = `${period.period}: ${period.count.toLocaleString()}`;
    rect.append(title);
    svg.append(rect);
  });
  const caption = document.createElement("figcaption");
  caption.append(text("span", periods[0].period), text("span", `articles per ${by}`),
                 text("span", periods[periods.length - 1].period));
  figure.append(svg, caption);
  figure.hidden = false;
}

// Each render is a generation: an answer that arrives after the user has moved on (a landing
// page still loading when a search is typed) must not draw over the newer view.
let generation = 0;
const stale = (mine) => mine !== generation;

function clearResults() {
  for (const id of ["hits", "facets", "pages", "chips"]) $(id).replaceChildren();
  $("hits-heading").hidden = true;
  $("coverage").hidden = true;
}

async function render() {
  const mine = ++generation;
  const id = location.pathname.startsWith("/view/") ? decodeURIComponent(location.pathname.slice(6)) : null;
  document.body.classList.toggle("article-view", id !== null);
  $("article").hidden = id === null;
  const s = state();
  // The form shows the address's search before anything waits: set later, it would wipe what
  // the user typed meanwhile.
  $("q").value = s.q;
  $("sort").value = s.sort;
  await loadLabels();
  if (stale(mine)) return;
  if (id !== null) return showArticle(id, mine);
  document.title = "newsdex";
  showTrends(s, mine);
  showChips(s);
  const hasFilter = Object.values(s.filters).some((v) => v.length) || s.month;
  if (!s.q && !hasFilter) return showLanding(mine);
  const p = new URLSearchParams({ limit: PAGE, offset: s.offset, sort: s.sort, facet_limit: 12 });
  if (s.q) p.set("q", s.q);
  for (const [param, values] of Object.entries(s.filters)) values.forEach((v) => p.append(param, v));
  if (s.month) { const [since, until] = monthBounds(s.month); p.set("since", since); p.set("until", until); }
  $("summary").textContent = "Searching…";
  let answer;
  try {
    answer = await getJson("/search?" + p.toString());
  } catch (error) {
    if (stale(mine)) return;
    $("summary").replaceChildren(text("span", error.message, "error"));
    clearResults();
    showChips(s);
    return;
  }
  if (stale(mine)) return;
  $("hits-heading").hidden = true;
  showSummary(answer, s);
  showCoverage(s, answer.facets.month || [], mine);
  showHits(answer);
  showFacets(answer, s);
  showPages(answer, s);
}

// Before anything is typed: the archive's size and span, its latest headlines (one a story), and
// (in the side panel) what is surging and the archive's own facets to browse by.
async function showLanding(mine) {
  clearResults();
  const summary = $("summary");
  summary.textContent = "";
  let stats;
  try { stats = await getJson("/stats"); } catch (error) { summary.replaceChildren(text("span", error.message, "error")); return; }
  if (stale(mine)) return;
  if (!stats.articles || !stats.first_published) {
    summary.textContent = stats.articles ? "Type words to search the archive." : "The archive is empty: crawl or import some news first.";
    return;
  }
  const day = (time) => time.slice(0, 10);
  summary.replaceChildren(text("span", `${stats.articles.toLocaleString()} articles from ${stats.sources.toLocaleString()} sources, ` +
                                       `${day(stats.first_published)} to ${day(stats.last_published)}`, "archive"));
  if (stats.last_indexed) summary.append(text("span", ` · updated ${stats.last_indexed.replace("T", " ").slice(0, 16)} UTC`, "updated"));
  const p = new URLSearchParams({ since: stats.first_published, sort: "date", limit: PAGE, facet_limit: 12 });
  let latest;
  try { latest = await getJson("/search?" + p.toString()); } catch { return; }
  if (stale(mine)) return;
  $("hits-heading").textContent = "Latest";
  $("hits-heading").hidden = false;
  showHits(latest);
  showFacets(latest, state());
}

// Active filters as chips that remove themselves, and "Clear all".
function showChips(s) {
  const chips = $("chips");
  chips.replaceChildren();
  const chip = (label, remove) => {
    const button = text("button", "", "chip");
    button.type = "button";
    button.append(text("span", label), text("span", "×", "remove"));
    button.setAttribute("aria-label", `Remove filter ${label}`);
    button.onclick = remove;
    chips.append(button);
  };
  for (const [param, values] of Object.entries(s.filters)) {
    for (const value of values) {
      chip(nameOf(FACET_OF_PARAM[param], value),
           () => go({ ...s, offset: 0, filters: { ...s.filters, [param]: values.filter((v) => v !== value) } }));
    }
  }
  if (s.month) chip(s.month, () => go({ ...s, offset: 0, month: "" }));
  if (chips.children.length) {
    const clear = text("button", "Clear all", "clear");
    clear.type = "button";
    clear.onclick = () => go({ ...s, offset: 0, month: "", filters: Object.fromEntries(Object.keys(s.filters).map((k) => [k, []])) });
    chips.append(clear);
  }
}

function showSummary(answer, s) {
  const summary = $("summary");
  summary.replaceChildren(text("span", `${answer.total.toLocaleString()} article${answer.total === 1 ? "" : "s"}`));
  if (answer.relaxed) summary.append(text("span", " · no article has every word; showing those with any", "notice"));
  if (answer.showing_corrected) {
    summary.append(" · Showing results for ", text("b", answer.corrected_query), ". Search instead for ");
    const typed = link(answer.query, "#");
    typed.onclick = (event) => { event.preventDefault(); searchAsTyped(s); };
    summary.append(typed);
  } else if (answer.corrected_query) {
    summary.append(" · Did you mean ");
    const suggestion = link(answer.corrected_query, "#");
    suggestion.onclick = (event) => { event.preventDefault(); go({ ...s, q: answer.corrected_query, offset: 0 }); };
    summary.append(suggestion, "?");
  }
}

// The query exactly as typed, even though it finds nothing.
async function searchAsTyped(s) {
  const p = filterParams(s);
  p.set("as_typed", 1); p.set("limit", PAGE); p.set("facet_limit", 12);
  const answer = await getJson("/search?" + p.toString());
  showSummary(answer, s);
  showHits(answer);
  showFacets(answer, s);
  showPages(answer, s);
}

// "Source · 2022-09-20 · Azerbaijan, Türkiye · Science and technology"
function metaLine(hit) {
  return [hit.source, hit.published ? hit.published.slice(0, 10) : null,
          hit.countries.map((c) => nameOf("country", c)).join(", "),
          hit.topics.map((t) => nameOf("topic", t)).join(", ")].filter(Boolean).join(" · ");
}

function showHits(answer) {
  const list = $("hits");
  list.replaceChildren();
  for (const hit of answer.hits) {
    const item = document.createElement("li");
    item.className = "hit";
    item.dataset.id = hit.id;
    const title = document.createElement("h2");
    title.append(link(hit.title || hit.id, viewLink(hit.id)));
    const meta = text("div", metaLine(hit), "meta");
    const original = webLink(hit.url);
    if (original) {
      const out = link("original ↗", original, "original");
      out.rel = "noopener noreferrer";
      meta.append(" · ", out);
    }
    const snippet = document.createElement("p");
    snippet.className = "snippet";
    snippet.innerHTML = hit.snippet;  // HTML-safe from the API: text escaped, matches in <b>
    item.append(title, meta, snippet);
    if (hit.duplicates) item.append(copiesToggle(hit));
    list.append(item);
  }
}

// "+ 2 other copies": opens the list of the story's other copies (other sources, reprints).
function copiesToggle(hit) {
  const box = document.createElement("div");
  box.className = "copies";
  const button = text("button", `+ ${hit.duplicates} other cop${hit.duplicates === 1 ? "y" : "ies"} of this story`, "toggle");
  button.type = "button";
  button.setAttribute("aria-expanded", "false");
  const list = document.createElement("ul");
  list.hidden = true;
  button.onclick = async () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    list.hidden = !open;
    if (!open || list.dataset.loaded) return;
    list.dataset.loaded = "1";
    try {
      const article = await getJson("/articles/" + encodeURIComponent(hit.id));
      await fillCopies(list, article.copies);
    } catch (error) {
      list.append(text("li", error.message, "error"));
    }
  };
  box.append(button, list);
  return box;
}

async function fillCopies(list, ids) {
  const copies = await Promise.all(ids.map((id) => getJson("/articles/" + encodeURIComponent(id)).catch(() => null)));
  for (const copy of copies.filter(Boolean)) {
    const item = document.createElement("li");
    item.append(link(copy.title || copy.id, viewLink(copy.id)),
                text("span", ` · ${[copy.source, copy.published && copy.published.slice(0, 10)].filter(Boolean).join(" · ")}`, "meta"));
    list.append(item);
  }
}

function showFacets(answer, s) {
  const aside = $("facets");
  aside.replaceChildren();
  for (const [name, heading, param] of FACETS) {
    const counts = answer.facets[name] || [];
    const chosen = s.filters[param];
    if (!counts.length && !chosen.length) continue;
    const section = document.createElement("section");
    section.dataset.facet = name;
    const list = document.createElement("ul");
    for (const { value, count, label } of counts) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.value = value;
      button.title = label ? `${label} (${value})` : value;
      button.setAttribute("aria-pressed", chosen.includes(value));
      const shown = text("span", label || value, "value");
      if (label && name !== "topic") shown.append(text("small", value, "code"));
      button.append(shown, text("span", count.toLocaleString(), "count"));
      button.onclick = () => {
        const values = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
        go({ ...s, offset: 0, filters: { ...s.filters, [param]: values } });
      };
      const item = document.createElement("li");
      item.append(button);
      list.append(item);
    }
    section.append(text("h3", heading), list);
    aside.append(section);
  }
  const months = answer.facets.month || [];
  if (months.length > 1 || s.month) {
    const section = document.createElement("section");
    section.dataset.facet = "month";
    const bars = document.createElement("div");
    bars.id = "timeline";
    const most = Math.max(...months.map((m) => m.count));
    for (const { value, count } of months) {
      const bar = document.createElement("div");
      bar.style.height = `${Math.max(2, (100 * count) / most)}%`;
      bar.title = `${value}: ${count.toLocaleString()}`;
      bar.style.cursor = "pointer";
      bar.onclick = () => go({ ...s, offset: 0, month: s.month === value ? "" : value });
      bars.append(bar);
    }
    const range = document.createElement("div");
    range.id = "timeline-range";
    if (months.length) range.append(text("span", months[0].value), text("span", months[months.length - 1].value));
    section.append(text("h3", s.month ? `Timeline · ${s.month} (click again to clear)` : "Timeline"), bars, range);
    aside.append(section);
  }
}

function showPages(answer, s) {
  const nav = $("pages");
  nav.replaceChildren();
  const add = (label, offset) => {
    const button = text("button", label);
    button.type = "button";
    button.onclick = () => { go({ ...s, offset }); window.scrollTo(0, 0); };
    nav.append(button);
  };
  if (s.offset > 0) add("← Previous", Math.max(0, s.offset - PAGE));
  if (s.offset + PAGE < answer.total && answer.hits.length === PAGE) add("Next →", s.offset + PAGE);
}

// /view/ID: one article whole, with its facts, its story's other copies and similar articles.
async function showArticle(id, mine) {
  const view = $("article");
  view.replaceChildren(text("p", "Loading…", "meta"));
  let article;
  try {
    article = await getJson("/articles/" + encodeURIComponent(id));
  } catch (error) {
    if (stale(mine)) return;
    view.replaceChildren(text("h1", "No such article"), text("p", error.message, "error"), link("← Search the archive", "/", "back"));
    return;
  }
  if (stale(mine)) return;
  document.title = `${article.title || article.id} · newsdex`;
  const back = link("← Back", "/", "back");
  back.onclick = (event) => { if (history.length > 1) { event.preventDefault(); history.back(); } };
  const facts = document.createElement("dl");
  const fact = (term, value) => { if (value) facts.append(text("dt", term), text("dd", value)); };
  fact("Source", article.source);
  fact("Published", article.published ? article.published.replace("T", " ").replace("Z", " UTC") +
       (article.published_source === "seen" ? " (first seen)" : "") : "");
  fact("By", (article.authors && article.authors.length ? article.authors : [article.author]).filter(Boolean).join(", "));
  fact("Countries", article.countries.map((c) => `${nameOf("country", c)} (${c})`).join(", "));
  fact("Topics", article.topics.map((t) => nameOf("topic", t)).join(", "));
  fact("Language", article.language ? nameOf("language", article.language) : "");
  const body = document.createElement("div");
  body.className = "text";
  const paragraphs = (article.text || article.summary || "").split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  for (const paragraph of paragraphs) body.append(text("p", paragraph));
  view.replaceChildren(back, text("h1", article.title || article.id), facts);
  const original = webLink(article.url);
  if (original) {
    const out = link("Read the original ↗", original, "original");
    out.rel = "noopener noreferrer";
    view.append(out);
  }
  view.append(body);
  if (article.text_source === "feed") view.append(text("p", "newsdex holds only what the feed gave of this article.", "meta"));
  if (article.copies.length) {
    const copies = document.createElement("ul");
    copies.id = "copies";
    view.append(text("h2", `Other copies of this story (${article.copies.length})`), copies);
    fillCopies(copies, article.copies);
  }
  const similar = document.createElement("ol");
  similar.id = "similar";
  view.append(text("h2", "Similar articles"), similar);
  try {
    const answer = await getJson(`/similar/${encodeURIComponent(id)}?limit=5&facets=`);
    if (stale(mine)) return;
    for (const hit of answer.hits) {
      const item = document.createElement("li");
      item.append(link(hit.title || hit.id, viewLink(hit.id)), text("div", metaLine(hit), "meta"));
      similar.append(item);
    }
    if (!answer.hits.length) similar.append(text("li", "None found.", "meta"));
  } catch (error) {
    similar.append(text("li", error.message, "error"));
  }
  view.dataset.ready = "1";
}

$("search").onsubmit = (event) => {
  event.preventDefault();
  go({ ...state(), q: $("q").value.trim(), sort: $("sort").value, offset: 0 });
};
$("sort").onchange = () => go({ ...state(), sort: $("sort").value, offset: 0 });
window.onpopstate = render;
render();
