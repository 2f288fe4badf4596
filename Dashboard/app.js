// psd dashboard: plain JavaScript against the psd serve API. The charts are SVG drawn by the
// server (PSDPlots, the same renderer as `plot-ascii out="x.svg"` and the HTML report); this
// script only asks for them and writes the numbers as words. Nothing here can change a decision.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { model: null, client: null, score: null, profile: null };
// The fields a relationship manager can try in the what-if panel, when the model uses them.
const WHATIF_FIELDS = ["AMT_CREDIT", "AMT_ANNUITY", "AMT_INCOME_TOTAL", "AMT_GOODS_PRICE", "CREDIT_INCOME",
  "ANNUITY_INCOME", "CREDIT_TERM", "DAYS_EMPLOYED", "CNT_CHILDREN"];
// A cohort of similar clients: same income type, same age decile, same contract type.
const COHORT = ["NAME_INCOME_TYPE", "DAYS_BIRTH", "NAME_CONTRACT_TYPE"];

async function api(path, options) {
  const response = await fetch(path, options);
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : response.status + " " + response.statusText;
    const fields = body && body.errors ? " (" + body.errors.map((e) => e.field + ": " + e.message).join("; ") + ")" : "";
    throw new Error(detail + fields);
  }
  return body;
}

function say(text, kind) {
  const status = $("status");
  status.textContent = text || "";
  status.className = kind || "";
}

// Numbers in business units: days before the application as years, amounts grouped.
const grouped = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
function formatValue(value, unit) {
  if (value === null || value === undefined) return "not given";
  if (typeof value !== "number") return String(value);
  if (unit && unit.startsWith("days")) {
    const years = Math.abs(value) / 365.25;
    return years.toFixed(1) + " years" + (value > 0 ? " (after the application)" : "");
  }
  if (unit === "currency") return grouped.format(value);
  if (unit === "count" || unit === "0/1") return String(Math.round(value));
  if (unit && unit.startsWith("score")) return value.toFixed(3);
  if (unit === "ratio") return value.toFixed(2);
  return Math.abs(value) >= 1000 ? grouped.format(value) : String(Math.round(value * 1000) / 1000);
}
const pct = (p) => (p * 100).toFixed(1) + " %";
const unitOf = (feature) => {
  const f = state.model && state.model.features.find((x) => x.name === feature);
  return f ? f.unit : null;
};

async function svgInto(id, path) {
  const box = $(id);
  try {
    box.innerHTML = await api(path);
  } catch (e) {
    box.textContent = "Chart not available: " + e.message;
  }
}

// ---- client view -------------------------------------------------------------------------

async function suggest() {
  const prefix = $("client-id").value.trim();
  try {
    const found = await api("/v1/clients?limit=10&prefix=" + encodeURIComponent(prefix));
    const list = $("client-ids");
    list.replaceChildren(...found.ids.map((id) => { const o = document.createElement("option"); o.value = id; return o; }));
  } catch (e) { /* a suggestion failing must not interrupt typing */ }
}

async function openClient(id) {
  id = String(id).trim();
  if (!id) { say("Type a client id."); return; }
  say("Loading client " + id + "…", "info");
  let score, profile;
  try {
    [score, profile] = await Promise.all([
      api("/v1/score", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ client_id: id }) }),
      api("/v1/clients/" + encodeURIComponent(id)),
    ]);
  } catch (e) {
    say(e.message);
    return;
  }
  state.client = id; state.score = score; state.profile = profile;
  $("client-id").value = id;
  history.replaceState(null, "", "?client=" + encodeURIComponent(id) + location.hash);
  showDecision(score);
  showReasons(score);
  showProfile(profile);
  fillWhatIf(profile);
  fillComparison(score);
  $("client-body").hidden = false;
  say("");
  $("client-footnote").textContent = "Model " + score.model_sha256.slice(0, 12) + "…, decision at the model's stored threshold. Sheet printed "
    + new Date().toISOString().slice(0, 10) + ".";
  const q = encodeURIComponent(id);
  await Promise.all([svgInto("gauge", "/v1/clients/" + q + "/charts/gauge.svg"),
    svgInto("waterfall", "/v1/clients/" + q + "/charts/waterfall.svg"), showComparison()]);
}

function showDecision(s) {
  const refused = s.decision === "refused";
  const banner = $("decision");
  banner.className = "banner " + (refused ? "refused" : "granted");
  banner.querySelector(".icon").textContent = refused ? "✕" : "✓";
  $("decision-word").textContent = (refused ? "Refused" : "Granted") + ": client " + s.client_id;
  $("pd").textContent = pct(s.probability_default);
  $("threshold").textContent = pct(s.threshold);
  const m = s.margin * 100;
  $("margin").textContent = (m >= 0 ? "+" : "−") + Math.abs(m).toFixed(1) + " points " + (m >= 0 ? "above (refuse)" : "below (grant)");
  $("band").textContent = s.band;
}

function showReasons(s) {
  const list = $("reasons");
  list.replaceChildren();
  if (!s.reasons.length) {
    const li = document.createElement("li");
    li.textContent = "No feature pushed towards this decision.";
    list.append(li);
  }
  for (const r of s.reasons.slice(0, 4)) {
    const li = document.createElement("li");
    li.dataset.feature = r.feature;
    const dir = document.createElement("span");
    dir.className = "dir";
    dir.textContent = (r.direction === "raises_risk" ? "▲ Raises the risk: " : "▼ Lowers the risk: ");
    const text = document.createElement("span");
    text.textContent = r.label + " is " + formatValue(r.value, unitOf(r.feature)) + ".";
    li.append(dir, text);
    if (r.percentile_good !== null && r.percentile_good !== undefined) {
      const p = document.createElement("span");
      p.className = "pct";
      p.textContent = typeof r.value === "string"
        ? Math.round(r.percentile_good) + " % of good clients and " + Math.round(r.percentile_bad) + " % of clients who defaulted have the same."
        : "Higher than " + Math.round(r.percentile_good) + " % of good clients and " + Math.round(r.percentile_bad) + " % of clients who defaulted.";
      li.append(p);
    }
    list.append(li);
  }
}

function showProfile(p) {
  const body = $("profile");
  body.replaceChildren(...p.features.map((f) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th"); th.scope = "row"; th.textContent = f.label;
    const td = document.createElement("td"); td.textContent = formatValue(f.value, f.unit);
    tr.append(th, td);
    return tr;
  }));
}

function fillComparison(s) {
  const select = $("cmp-feature");
  const names = s.reasons.map((r) => r.feature);
  for (const f of state.model.features) if (!names.includes(f.name) && names.length < 8) names.push(f.name);
  select.replaceChildren(...names.map((n) => {
    const o = document.createElement("option");
    o.value = n;
    o.textContent = (state.model.features.find((f) => f.name === n) || { label: n }).label;
    return o;
  }));
}

async function showComparison() {
  const feature = $("cmp-feature").value;
  const group = document.querySelector("input[name=cmp-group]:checked").value;
  const cohort = group === "cohort" ? COHORT.filter((c) => state.model.features.some((f) => f.name === c)).join(",") : "all";
  const q = "?feature=" + encodeURIComponent(feature) + "&cohort=" + encodeURIComponent(cohort || "all");
  const base = "/v1/clients/" + encodeURIComponent(state.client);
  try {
    const c = await api(base + "/comparison" + q);
    const among = c.cohort.by.length ? "similar clients (" + c.cohort.size + ": " + c.cohort.definition + ")" : "all " + c.cohort.size + " clients";
    let text = c.label + ": the client's value is " + formatValue(c.value, unitOf(c.feature)) + ", among " + among + ".";
    if (c.percentile_good !== null && c.percentile_good !== undefined && typeof c.value === "number") {
      text += " Higher than " + Math.round(c.percentile_good) + " % of the good clients and " + Math.round(c.percentile_bad) + " % of those who defaulted.";
    }
    $("cmp-text").textContent = text;
  } catch (e) {
    $("cmp-text").textContent = "Comparison not available: " + e.message;
  }
  await svgInto("cmp-chart", base + "/charts/comparison.svg" + q);
}

function fillWhatIf(p) {
  const box = $("whatif-fields");
  box.replaceChildren();
  const byName = Object.fromEntries(p.features.map((f) => [f.feature, f]));
  for (const name of WHATIF_FIELDS) {
    const f = byName[name];
    if (!f || (f.value !== null && typeof f.value !== "number")) continue;
    const label = document.createElement("label");
    label.textContent = f.label + (f.unit ? " (" + f.unit + ")" : "");
    const input = document.createElement("input");
    input.type = "number"; input.step = "any"; input.name = name;
    input.value = f.value === null ? "" : f.value;
    input.dataset.original = input.value;
    label.append(input);
    box.append(label);
  }
  $("whatif-result").textContent = "";
}

async function runWhatIf(event) {
  event.preventDefault();
  const changes = {};
  for (const input of $("whatif-fields").querySelectorAll("input")) {
    if (input.value !== input.dataset.original) changes[input.name] = input.value === "" ? null : Number(input.value);
  }
  const out = $("whatif-result");
  if (!Object.keys(changes).length) { out.textContent = "Change a value first."; return; }
  try {
    const w = await api("/v1/whatif", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: state.client, changes }) });
    const a = w.after;
    const delta = w.delta_probability * 100;
    out.textContent = "With these changes: " + (a.decision === "refused" ? "✕ Refused" : "✓ Granted")
      + ", probability of default " + pct(a.probability_default) + " (" + (delta >= 0 ? "+" : "−") + Math.abs(delta).toFixed(1)
      + " points; was " + pct(w.before.probability_default) + ")"
      + (w.decision_changed ? ". The decision would change." : ". The decision would not change.")
      + " Nothing was saved.";
  } catch (e) {
    out.textContent = "Could not recalculate: " + e.message;
  }
}

// ---- model page --------------------------------------------------------------------------

let modelShown = false;
async function showModel() {
  if (modelShown) return;
  modelShown = true;
  const m = state.model;
  $("model-summary").textContent = m.name + " (" + m.estimator + "), " + m.features.length + " features; refuses when the probability of default is at or above "
    + pct(m.threshold) + ". Bands: " + m.bands.map((b) => b.name + " " + pct(b.from) + "–" + pct(b.to)).join(", ") + ".";
  const dl = $("model-metrics");
  const add = (term, value) => { const d = document.createElement("div"); const t = document.createElement("dt"); t.textContent = term; const v = document.createElement("dd"); v.textContent = value; d.append(t, v); dl.append(d); };
  try {
    const p = await api("/v1/model/performance");
    add("AUC", p.auc === null ? "—" : p.auc.toFixed(3));
    add("Gini", p.gini === null ? "—" : p.gini.toFixed(3));
    add("KS", p.ks === null ? "—" : p.ks.toFixed(3));
    add("Threshold", pct(p.threshold));
    $("cost-text").textContent = "Measured on " + grouped.format(p.rows) + " labelled rows (" + p.source + "). A missed default costs "
      + p.cost_false_negative + ", a refused good client " + p.cost_false_positive + ". At the stored threshold the total cost is "
      + grouped.format(p.cost_at_threshold) + "; the lowest on these rows is " + grouped.format(p.lowest_cost) + " at " + pct(p.lowest_cost_threshold) + ".";
    $("calibration-text").textContent = "Clients grouped by predicted probability; expected calibration error " + pct(p.expected_calibration_error) + ".";
    $("calibration").tBodies[0].replaceChildren(...p.calibration.map((b) => {
      const tr = document.createElement("tr");
      for (const [v, num] of [[pct(b.lower), 1], [pct(b.upper), 1], [grouped.format(b.count), 1], [pct(b.mean_predicted), 1], [pct(b.observed_rate), 1]]) {
        const td = document.createElement("td"); td.textContent = v; if (num) td.className = "num"; tr.append(td);
      }
      return tr;
    }));
  } catch (e) {
    $("cost-text").textContent = "Performance not available: " + e.message;
  }
  try {
    const d = await api("/v1/drift");
    $("drift-text").textContent = d.stable + " stable, " + d.moderate + " moderate shift, " + d.major + " major shift ("
      + grouped.format(d.current_rows) + " loaded clients against " + grouped.format(d.reference_rows) + " reference rows; PSI below 0.1 stable, 0.1–0.25 moderate, above 0.25 major).";
    $("drift").tBodies[0].replaceChildren(...d.features.map((f) => {
      const tr = document.createElement("tr");
      const name = document.createElement("td"); name.textContent = (m.features.find((x) => x.name === f.feature) || { label: f.feature }).label;
      const psi = document.createElement("td"); psi.className = "num"; psi.textContent = f.psi.toFixed(3);
      const band = document.createElement("td");
      band.textContent = (f.band === "stable" ? "● " : f.band === "major shift" ? "▲▲ " : "▲ ") + f.band;
      band.className = f.band === "major shift" ? "band-major" : f.band === "moderate shift" ? "band-moderate" : "";
      tr.append(name, psi, band);
      return tr;
    }));
  } catch (e) {
    $("drift-text").textContent = "Drift not available: " + e.message;
  }
  await Promise.all([svgInto("cost-chart", "/v1/charts/cost.svg"), svgInto("calibration-chart", "/v1/charts/calibration.svg"),
    svgInto("importance-chart", "/v1/charts/importance.svg")]);
}

// ---- pages -------------------------------------------------------------------------------

async function route() {
  const model = location.hash === "#model";
  $("client-view").hidden = model;
  $("model-view").hidden = !model;
  $("nav-client").toggleAttribute("aria-current", !model);
  $("nav-model").toggleAttribute("aria-current", model);
  if (model) { $("nav-model").setAttribute("aria-current", "page"); await showModel(); }
  else $("nav-client").setAttribute("aria-current", "page");
}

async function start() {
  try {
    state.model = await api("/v1/model");
  } catch (e) {
    say("The scoring service is not answering: " + e.message);
    return;
  }
  $("search").addEventListener("submit", (e) => { e.preventDefault(); openClient($("client-id").value); });
  $("client-id").addEventListener("input", suggest);
  $("print").addEventListener("click", () => window.print());
  $("cmp-feature").addEventListener("change", showComparison);
  for (const r of document.querySelectorAll("input[name=cmp-group]")) r.addEventListener("change", showComparison);
  $("whatif-form").addEventListener("submit", runWhatIf);
  $("whatif-reset").addEventListener("click", () => fillWhatIf(state.profile));
  window.addEventListener("hashchange", route);
  await route();
  const wanted = new URLSearchParams(location.search).get("client");
  if (wanted) await openClient(wanted);
  else {
    const first = await api("/v1/clients?limit=1").catch(() => ({ ids: [] }));
    if (first.ids.length) await openClient(first.ids[0]);
    else say("No clients are loaded: start psd serve with --clients FILE.", "info");
  }
  document.body.dataset.ready = "true";
}

start();
