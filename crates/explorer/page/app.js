// The explorer's page: builds a control per lever and parameter from the
// server's declarations, and on each change asks the server to rerun the
// comparison; a newer change aborts the request before it, so the latest
// wins. Everything drawn comes from the server (SVG and tables); the page
// only places it.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const client = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2);
const $ = (id) => document.getElementById(id);

const page = {
  state: null,        // /api/state
  scenario: null,     // /api/scenario of the scenario shown
  overrides: new Map(), // name -> VALUE of NAME=VALUE, in the order set
  models: new Set(),
  pending: null,      // the AbortController of the request in flight
  seq: 0,
  loads: 0,
};

// A call to the server with the token and this tab's id.
function call(method, path, body, signal) {
  const headers = { "x-forecast-token": token, "x-forecast-client": client };
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(path, {
    method, headers, signal,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// The settings as the server (and `forecast compare --set`) reads them.
function asked() {
  const all = page.state.models.map((m) => m.id);
  const models = all.filter((id) => page.models.has(id));
  const text = (id) => {
    const v = $(id).value.trim();
    return v === "" ? null : v;
  };
  const samples = text("samples");
  return {
    scenario: page.scenario.name,
    models: models.length === all.length ? [] : models,
    set: [...page.overrides].map(([name, value]) => `${name}=${value}`),
    samples: samples === null ? null : Number(samples),
    // As text: a seed may pass 2^53, beyond what a page's numbers hold.
    seed: text("seed"),
  };
}

function problem(text) {
  const box = $("problem");
  box.hidden = !text;
  box.textContent = text || "";
}

async function explain(response) {
  try {
    const body = await response.json();
    return body.hint ? `${body.error}\n${body.hint}` : body.error;
  } catch (_) {
    return `the server answered ${response.status}`;
  }
}

// Reruns the comparison with the current settings; `started` is when the
// change that asked it happened.
async function update(started) {
  if (!page.scenario) return; // nothing to run until a scenario is shown
  if (page.pending) page.pending.abort();
  const controller = new AbortController();
  page.pending = controller;
  const seq = ++page.seq;
  const body = asked();
  document.body.dataset.state = "running";
  $("status").textContent = "running…";
  let response;
  try {
    response = await call("POST", "/api/run", body, controller.signal);
  } catch (e) {
    if (e.name !== "AbortError") showFailure(`the server did not answer: ${e.message}`);
    return;
  }
  if (seq !== page.seq) return;
  if (response.status === 409) return; // overtaken: the newer request draws
  let result;
  try {
    if (!response.ok) {
      const text = await explain(response);
      if (seq === page.seq) showFailure(text, body);
      return;
    }
    result = await response.json();
  } catch (e) {
    if (e.name !== "AbortError" && seq === page.seq) showFailure(`the answer was cut: ${e.message}`);
    return;
  }
  if (seq !== page.seq) return;
  draw(result);
  page.pending = null;
  requestAnimationFrame(() => {
    if (seq !== page.seq) return; // a newer change is already running
    const ms = performance.now() - started;
    window.forecastShown = { seq, asked: body, ms, server_ms: result.seconds * 1000 };
    $("status").textContent = `updated in ${ms.toFixed(0)} ms (the run: ${(result.seconds * 1000).toFixed(0)} ms)`;
    document.body.dataset.seq = String(seq);
    document.body.dataset.state = "shown";
  });
}

function showFailure(text, body) {
  problem(text);
  document.body.dataset.state = "refused";
  $("status").textContent = "not run";
  for (const el of document.querySelectorAll(".control")) {
    el.classList.toggle("invalid", !!body && text.includes(el.dataset.name));
  }
  window.forecastRefused = { text, asked: body };
}

function draw(result) {
  problem("");
  for (const el of document.querySelectorAll(".control.invalid")) el.classList.remove("invalid");
  const scenario = result.report.scenarios[0];
  $("title").textContent = `${scenario.title} (${scenario.id}, ${scenario.start_year}-${scenario.start_year + scenario.horizon})`;
  $("sampling").textContent = result.sampling;
  $("bars").innerHTML = result.bars;
  $("table").innerHTML = result.table;
  $("disagreement").innerHTML = result.disagreement;
  $("fans").innerHTML = result.fans;
  $("failures").textContent = result.failures.join("\n");
  fit(document.getElementById("results"));
}

// Charts are drawn at a fixed size: give each a viewBox, so that it
// scales to the column instead of being cut.
function fit(root) {
  for (const svg of root.querySelectorAll("svg:not([viewBox])")) {
    const w = parseFloat(svg.getAttribute("width"));
    const h = parseFloat(svg.getAttribute("height"));
    if (w > 0 && h > 0) svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  }
}

// One control: a slider and a number for a value every year, and the
// setting as the scenario writes it (a yearly path or a distribution), to
// edit as text.
function control(c) {
  const box = document.createElement("div");
  box.className = "control";
  box.dataset.name = c.name;
  box.title = `${c.description}\nunit: ${c.unit || "-"}; range ${c.min} to ${c.max}; default ${c.default}\nsource: ${c.source}\nread by: ${c.readers.join(", ")}`;
  const head = document.createElement("div");
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = c.name;
  const unit = document.createElement("span");
  unit.className = "unit";
  unit.textContent = ` ${c.unit ? `(${c.unit}) ` : ""}${c.kind === "default" ? "model default" : "as written: " + c.setting}`;
  head.append(name, unit);
  const row = document.createElement("div");
  row.className = "row";
  const step = c.levels ? 1 : (c.max - c.min) / 100;
  const slider = Object.assign(document.createElement("input"), {
    type: "range", min: c.min, max: c.max, step, value: c.value,
  });
  slider.setAttribute("aria-label", c.name);
  const number = Object.assign(document.createElement("input"), {
    type: "number", min: c.min, max: c.max, step: "any", value: c.value,
  });
  const reset = Object.assign(document.createElement("button"), {
    type: "button", className: "reset", textContent: "↺", title: "as written",
  });
  row.append(slider, number, reset);
  const raw = Object.assign(document.createElement("input"), {
    type: "text", className: "raw", value: c.setting || String(c.default),
    title: "the setting as the scenario file writes it: a number, a yearly path [a, b, ...] or { 2008 = 1 }, or a distribution; Enter to run",
  });
  const set = (value, from) => {
    page.overrides.delete(c.name);
    page.overrides.set(c.name, value);
    box.classList.add("changed");
    if (from !== slider) slider.value = value;
    if (from !== number) number.value = value;
    if (from !== raw) raw.value = value;
    update(performance.now());
  };
  slider.addEventListener("input", () => set(slider.value, slider));
  number.addEventListener("change", () => set(number.value, number));
  raw.addEventListener("change", () => set(raw.value.trim(), raw));
  reset.addEventListener("click", () => {
    page.overrides.delete(c.name);
    box.classList.remove("changed", "invalid");
    slider.value = c.value;
    number.value = c.value;
    raw.value = c.setting || String(c.default);
    update(performance.now());
  });
  box.append(head, row, raw);
  return box;
}

function buildControls(groups) {
  const aside = $("controls");
  aside.replaceChildren();
  groups.forEach((g, k) => {
    const details = document.createElement("details");
    details.className = "group";
    details.open = k === 0;
    const summary = document.createElement("summary");
    summary.textContent = `${g.title} (${g.controls.length})`;
    details.append(summary, ...g.controls.map(control));
    aside.append(details);
  });
}

async function loadScenario(name) {
  const mine = ++page.loads; // the latest pick wins
  const response = await call("GET", `/api/scenario?name=${encodeURIComponent(name)}`);
  const answer = response.ok ? await response.json() : await explain(response);
  if (mine !== page.loads) return;
  if (!response.ok) {
    showFailure(answer);
    return;
  }
  page.scenario = answer;
  page.overrides.clear();
  $("samples").value = page.scenario.samples;
  $("samples").max = page.state.most_samples;
  $("seed").value = page.scenario.seed;
  buildControls(page.scenario.controls);
  await update(performance.now());
}

function buildModels() {
  const box = $("models");
  box.replaceChildren();
  for (const m of page.state.models) {
    page.models.add(m.id);
    const label = document.createElement("label");
    label.title = `${m.name} ${m.version} (${m.origin})`;
    const tick = Object.assign(document.createElement("input"), { type: "checkbox", checked: true });
    tick.dataset.model = m.id;
    tick.addEventListener("change", () => {
      if (tick.checked) page.models.add(m.id); else page.models.delete(m.id);
      if (page.models.size === 0) { // at least one model runs
        tick.checked = true;
        page.models.add(m.id);
        return;
      }
      update(performance.now());
    });
    label.append(tick, ` ${m.id}`);
    box.append(label);
  }
}

async function save() {
  const name = $("save-name").value.trim();
  const response = await call("POST", "/api/save", { name, settings: asked() });
  if (!response.ok) {
    problem(await explain(response));
    return;
  }
  const saved = await response.json();
  problem("");
  $("status").textContent = saved.every_model
    ? `saved ${saved.path}: forecast compare ${saved.path} gives these numbers`
    : `saved ${saved.path}: forecast compare runs every model on it; the ticked ones give these numbers`;
  const option = Object.assign(document.createElement("option"), { value: saved.saved, textContent: saved.saved });
  $("scenario").append(option);
}

async function report() {
  $("status").textContent = "writing the report…";
  const response = await call("POST", "/api/report", asked());
  if (!response.ok) {
    if (response.status !== 409) problem(await explain(response));
    return;
  }
  const blob = await response.blob();
  const link = Object.assign(document.createElement("a"), {
    href: URL.createObjectURL(blob),
    download: `${page.scenario.name.replace(/\.toml$/, "")}-report.html`,
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  $("status").textContent = "report written";
}

async function decide() {
  $("status").textContent = "weighing the policies…";
  const response = await call("POST", "/api/decide", asked());
  if (!response.ok) {
    if (response.status !== 409) problem(await explain(response));
    return;
  }
  const d = await response.json();
  $("decision").hidden = false;
  $("decision-note").textContent = `The policies of ${d.policies}, each on every model over the same samples, under the settings on the left (forecast decide --policies ${d.policies}).`;
  $("decision-table").textContent = d.table;
  $("decision-svg").innerHTML = d.svg;
  fit($("decision"));
  $("status").textContent = "policies weighed";
}

async function start() {
  const response = await call("GET", "/api/state");
  if (!response.ok) {
    showFailure(await explain(response));
    return;
  }
  page.state = await response.json();
  const select = $("scenario");
  for (const name of page.state.scenarios) {
    select.append(Object.assign(document.createElement("option"), { value: name, textContent: name }));
  }
  select.value = page.state.first;
  select.addEventListener("change", () => loadScenario(select.value));
  buildModels();
  if (page.state.failures.length) $("failures").textContent = page.state.failures.join("\n");
  for (const id of ["samples", "seed"]) $(id).addEventListener("change", () => update(performance.now()));
  $("reset").addEventListener("click", () => loadScenario(select.value));
  $("save").addEventListener("click", save);
  $("report").addEventListener("click", report);
  $("decide").hidden = !page.state.policies;
  $("decide").addEventListener("click", decide);
  await loadScenario(page.state.first);
}

start();
