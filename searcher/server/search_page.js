// The search page's script, served as /search-page.js: a file of its own so that the page's
// Content-Security-Policy allows no inline script.
"use strict";
// State lives in the address (so a search can be bookmarked and the back button works).
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
  history.pushState(null, "", "?" + p.toString());
  render();
}

function text(tag, content, className) {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
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

// What rose most in the archive's last 24 hours (ending at its newest article, so that an archive
// that stopped growing shows its own last day), for the current query and filters.
async function showTrends(s) {
  const panel = $("trends");
  delete panel.dataset.ready;
  panel.replaceChildren(text("h3", "Surging · last 24 h"));
  try {
    const stats = await getJson("/stats");
    if (!stats.last_published) { panel.append(text("p", "No dated articles yet.")); return; }
    for (const [by, param] of [["country", "country"], ["topic", "topic"]]) {
      const p = filterParams(s);
      p.set("by", by); p.set("until", stats.last_published); p.set("limit", 5);
      const answer = await getJson("/trends?" + p.toString());
      if (!answer.trends.length) continue;
      const list = document.createElement("ul");
      list.dataset.by = by;
      for (const row of answer.trends) {
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.value = row.value;
        button.title = `${row.count} articles from ${row.sources} sources; ${row.baseline_rate} expected`;
        button.append(text("span", row.value, "value"), text("span", `${row.count} ↑`, "lift"));
        button.onclick = () => go({ ...s, offset: 0, filters: { ...s.filters, [param]: [...new Set([...s.filters[param], row.value])] } });
        const item = document.createElement("li");
        item.append(button);
        list.append(item);
      }
      panel.append(list);
    }
    if (!panel.querySelector("ul")) panel.append(text("p", "Nothing is surging against the 28 days before."));
  } catch (error) {
    panel.append(text("p", error.message, "error"));
  }
  panel.dataset.ready = "1";
}

// Articles per day, week or month for the current search, as bars; a click on one searches it.
// `months`: the month facet, in date order; its span picks bars of a day, a week or a month.
function coverageUnit(months) {
  if (!months.length) return "day";
  const index = (month) => { const [y, m] = month.split("-").map(Number); return 12 * y + m; };
  const span = index(months[months.length - 1].value) - index(months[0].value) + 1;
  return span <= 3 ? "day" : span <= 24 ? "week" : "month";
}

async function showCoverage(s, months) {
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

async function render() {
  const s = state();
  $("q").value = s.q;
  $("sort").value = s.sort;
  showTrends(s);
  const hasFilter = Object.values(s.filters).some((v) => v.length) || s.month;
  if (!s.q && !hasFilter) {
    $("summary").textContent = "Type words to search the archive.";
    $("hits").replaceChildren(); $("facets").replaceChildren(); $("pages").replaceChildren();
    $("coverage").hidden = true;
    return;
  }
  const p = new URLSearchParams({ limit: PAGE, offset: s.offset, sort: s.sort, facet_limit: 12 });
  if (s.q) p.set("q", s.q);
  for (const [param, values] of Object.entries(s.filters)) values.forEach((v) => p.append(param, v));
  if (s.month) { const [since, until] = monthBounds(s.month); p.set("since", since); p.set("until", until); }
  $("summary").textContent = "Searching…";
  let answer;
  try {
    const response = await fetch("/search?" + p.toString());
    answer = await response.json();
    if (!response.ok) throw new Error(answer.error ? answer.error.message : response.statusText);
  } catch (error) {
    $("summary").replaceChildren(text("span", error.message, "error"));
    $("hits").replaceChildren(); $("facets").replaceChildren(); $("pages").replaceChildren();
    return;
  }
  showSummary(answer, s);
  showCoverage(s, answer.facets.month || []);
  showHits(answer);
  showFacets(answer, s);
  showPages(answer, s);
}

function showSummary(answer, s) {
  const summary = $("summary");
  summary.replaceChildren(text("span", `${answer.total.toLocaleString()} article${answer.total === 1 ? "" : "s"}`));
  if (answer.relaxed) summary.append(text("span", " · no article has every word; showing those with any", "notice"));
  if (answer.corrected_query) {
    summary.append(" · Did you mean ");
    const link = text("a", answer.corrected_query);
    link.href = "#";
    link.onclick = (event) => { event.preventDefault(); go({ ...s, q: answer.corrected_query, offset: 0 }); };
    summary.append(link, "?");
  }
}

function showHits(answer) {
  const list = $("hits");
  list.replaceChildren();
  for (const hit of answer.hits) {
    const item = document.createElement("li");
    item.className = "hit";
    const title = document.createElement("h2");
    const link = text("a", hit.title || hit.id);
    link.href = webLink(hit.url) || "/articles/" + encodeURIComponent(hit.id);
    link.rel = "noopener";
    title.append(link);
    const meta = [hit.source, hit.published ? hit.published.slice(0, 10) : null, hit.countries.join(" "),
                  hit.topics.join(", ")].filter(Boolean).join(" · ");
    const snippet = document.createElement("p");
    snippet.className = "snippet";
    snippet.innerHTML = hit.snippet;  // HTML-safe from the API: text escaped, matches in <b>
    item.append(title, text("div", meta, "meta"), snippet);
    if (hit.duplicates) item.append(text("div", `+ ${hit.duplicates} other cop${hit.duplicates === 1 ? "y" : "ies"} of this story`, "copies"));
    list.append(item);
  }
}

function showFacets(answer, s) {
  const aside = $("facets");
  aside.replaceChildren();
  for (const [name, label, param] of FACETS) {
    const counts = answer.facets[name] || [];
    const chosen = s.filters[param];
    if (!counts.length && !chosen.length) continue;
    const section = document.createElement("section");
    section.dataset.facet = name;
    const list = document.createElement("ul");
    for (const { value, count } of counts) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.value = value;
      button.setAttribute("aria-pressed", chosen.includes(value));
      button.append(text("span", value, "value"), text("span", count.toLocaleString(), "count"));
      button.onclick = () => {
        const values = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
        go({ ...s, offset: 0, filters: { ...s.filters, [param]: values } });
      };
      const item = document.createElement("li");
      item.append(button);
      list.append(item);
    }
    section.append(text("h3", label), list);
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

$("search").onsubmit = (event) => {
  event.preventDefault();
  go({ ...state(), q: $("q").value.trim(), sort: $("sort").value, offset: 0 });
};
$("sort").onchange = () => go({ ...state(), sort: $("sort").value, offset: 0 });
window.onpopstate = render;
render();
