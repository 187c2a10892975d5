// The mechanism of the status-quo model, tested natively: node --test tests/
import assert from "node:assert/strict";
import { test } from "node:test";
import { OUTCOMES, probability, seriesOf, testInput } from "../../sdk/js/forecast-model.js";
import { model } from "../component.js";
import {
  COLLAPSE,
  ID,
  PARAMS,
  START,
  STATES,
  SURVIVAL,
  TRANSITIONS,
  absorbingDenuclearization,
  forecast,
  info,
  matrixPower,
  point,
  rateName,
  runChain,
  step,
  transitionMatrix,
  yearlyMatrices,
} from "../model.js";
import { params } from "../../sdk/js/forecast-model.js";

const ABSORBING = STATES.filter((s) => !SURVIVAL.includes(s));
const byDefault = (from, to) => PARAMS.find((d) => d.name === rateName(from, to)).default;
const zeroRates = Object.fromEntries(PARAMS.map((d) => [d.name, 0]));
const maxRates = Object.fromEntries(PARAMS.map((d) => [d.name, d.max]));
const run = (set = {}, horizon = 20, explain = true) => forecast(testInput(PARAMS, { horizon, set, explain }));
const outcomesOf = (out) => OUTCOMES.map((o) => probability(out, o));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

// A small deterministic generator for "any input" tests (no Math.random: the
// tests are reproducible).
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function randomRates(rand) {
  return Object.fromEntries(PARAMS.map((d) => [d.name, d.min + rand() * (d.max - d.min)]));
}

test("the chain has the seven outcomes as states and starts in nuclear-status-quo", () => {
  assert.deepEqual(STATES, OUTCOMES);
  assert.equal(START, "nuclear-status-quo");
  assert.deepEqual(point(START), [0, 0, 0, 0, 1, 0, 0]);
});

test("only survival states move: to each other (but denuclearization -> freeze) and to the four collapse/war outcomes", () => {
  const allowed = new Set(TRANSITIONS.map(([f, t]) => `${f}>${t}`));
  for (const from of STATES) {
    for (const to of STATES) {
      if (from === to) continue;
      const expected = SURVIVAL.includes(from) && !(from === "denuclearization" && to === "freeze");
      assert.equal(allowed.has(`${from}>${to}`), expected, `${from} -> ${to}`);
    }
  }
  assert.equal(PARAMS.length, TRANSITIONS.length);
  assert.equal(PARAMS.length, 17);
  TRANSITIONS.forEach(([f, t], k) => assert.equal(PARAMS[k].name, rateName(f, t)));
});

test("declarations: prefixed with the id, ranges from 0 holding the default, each sourced, none twice", () => {
  const names = new Set();
  for (const d of PARAMS) {
    assert.ok(d.name.startsWith(`${ID}.`), d.name);
    assert.ok(!names.has(d.name), `${d.name} twice`);
    names.add(d.name);
    assert.equal(d.min, 0, d.name);
    assert.ok(d.default > 0 && d.default < d.max && d.max < 1, d.name);
    assert.match(d.source, /\d/, `${d.name}: its source gives the record's numbers`);
  }
  // The assumptions are marked.
  assert.ok(PARAMS.every((d) => d.source.includes("[A]")));
});

test("defaults are the record's counts read with Jeffreys' prior (k events in T years -> median of Gamma(k + 1/2, T))", () => {
  // Medians of Gamma(1/2, 1) and Gamma(3/2, 1), checked against a numeric CDF.
  const median = { 0: 0.22747, 1: 1.18299 };
  const cdf = (a, x) => {
    // Regularised lower incomplete gamma by its series; Gamma(1/2) = sqrt(pi), Gamma(3/2) = sqrt(pi)/2.
    let term = 1 / a;
    let s = term;
    for (let n = 1; n < 200; n++) s += (term *= x / (a + n));
    const g = a === 0.5 ? Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
    return (s * Math.exp(-x) * x ** a) / g;
  };
  assert.ok(Math.abs(cdf(0.5, median[0]) - 0.5) < 1e-5);
  assert.ok(Math.abs(cdf(1.5, median[1]) - 0.5) < 1e-5);
  const record = [
    // [from, to, events, years at risk]
    ["nuclear-status-quo", "freeze", 1, 12.81],
    ["freeze", "nuclear-status-quo", 1, 8.14],
    ["nuclear-status-quo", "war", 0, 53.38],
    ["freeze", "denuclearization", 0, 20.95],
    ["nuclear-status-quo", "denuclearization", 0, 303.2],
    ["denuclearization", "nuclear-status-quo", 0, 50.63],
  ];
  for (const [from, to, k, T] of record) {
    const expected = median[k] / T;
    const got = byDefault(from, to);
    assert.ok(Math.abs(got / expected - 1) < 0.02, `${from} -> ${to}: ${got} vs ${expected}`);
  }
  // Collapse: none in 58.3 years, split 50/40/10 over the three collapse outcomes.
  for (const from of SURVIVAL) {
    const total = sum(COLLAPSE.map((to) => byDefault(from, to)));
    assert.ok(Math.abs(total / (median[0] / 58.26) - 1) < 0.01, `collapse from ${from}: ${total}`);
    assert.ok(Math.abs(byDefault(from, "successor-state") / total - 0.5) < 1e-9);
    assert.ok(Math.abs(byDefault(from, "aligned-unification") / total - 0.4) < 1e-9);
    assert.ok(Math.abs(byDefault(from, "neutral-unification") / total - 0.1) < 1e-9);
  }
});

test("every row of the transition matrix sums to 1 and holds probabilities (defaults, any rates in range, all at their maximum)", () => {
  const rand = lcg(1);
  const cases = [{}, maxRates, zeroRates];
  for (let i = 0; i < 200; i++) cases.push(randomRates(rand));
  for (const set of cases) {
    const p = params(testInput(PARAMS, { horizon: 1, set }), PARAMS);
    const [P] = yearlyMatrices(p);
    P.forEach((row, i) => {
      assert.ok(Math.abs(sum(row) - 1) <= 1e-15, `row ${STATES[i]} sums to ${sum(row)}`);
      for (const x of row) assert.ok(x >= 0 && x <= 1);
    });
    for (const s of ABSORBING) assert.deepEqual(P[STATES.indexOf(s)], point(s), `${s} absorbs`);
  }
});

test("rates whose row sums above 1 are refused, naming the state", () => {
  assert.throws(() => transitionMatrix((from) => (from === "freeze" ? 0.2 : 0)), /out of freeze sum to 1\.2/);
  assert.throws(() => transitionMatrix(() => -0.1), /not a probability/);
  assert.throws(() => transitionMatrix(() => NaN), /not a probability/);
});

test("zero rates keep everything in nuclear-status-quo", () => {
  const out = run(zeroRates, 20);
  assert.deepEqual(outcomesOf(out), point("nuclear-status-quo"));
  assert.deepEqual(seriesOf(out, "collapse_by"), new Array(20).fill(0));
  assert.deepEqual(seriesOf(out, "denuclearization_by"), new Array(20).fill(0));
});

test("absorbing states only grow, year by year, and so do collapse_by and denuclearization_by", () => {
  const rand = lcg(2);
  for (const set of [{}, maxRates, randomRates(rand), randomRates(rand)]) {
    const p = params(testInput(PARAMS, { horizon: 30, set }), PARAMS);
    const { years, collapseBy, denuclearizationBy } = runChain(yearlyMatrices(p));
    for (let t = 1; t < years.length; t++) {
      for (const s of ABSORBING) {
        const i = STATES.indexOf(s);
        assert.ok(years[t][i] >= years[t - 1][i], `${s} shrank in year ${t}`);
      }
      assert.ok(collapseBy[t] >= collapseBy[t - 1]);
      assert.ok(denuclearizationBy[t] >= denuclearizationBy[t - 1]);
    }
    // Reaching denuclearization at some point is at least being in it at the end.
    const d = STATES.indexOf("denuclearization");
    years.forEach((v, t) => assert.ok(denuclearizationBy[t] >= v[d] - 1e-15));
  }
});

test("outcomes sum to 1 within 1e-9 for any rates in range, scalars or yearly paths, and any horizon", () => {
  const rand = lcg(3);
  for (let i = 0; i < 100; i++) {
    const horizon = 1 + Math.floor(rand() * 60);
    const set = randomRates(rand);
    // Some parameters as yearly paths.
    for (const d of PARAMS) {
      if (rand() < 0.3) set[d.name] = Array.from({ length: horizon }, () => d.min + rand() * (d.max - d.min));
    }
    const out = run(set, horizon);
    const ps = outcomesOf(out);
    assert.ok(Math.abs(sum(ps) - 1) <= 1e-9, `sum ${sum(ps)}`);
    for (const x of ps) assert.ok(x >= 0 && x <= 1);
    assert.equal(seriesOf(out, "collapse_by").length, horizon);
    assert.equal(seriesOf(out, "denuclearization_by").length, horizon);
  }
});

test("with constant rates the forecast is the start row of the matrix power P^T, exactly as computed year by year", () => {
  const rand = lcg(4);
  for (const set of [{}, randomRates(rand)]) {
    const p = params(testInput(PARAMS, { horizon: 20, set }), PARAMS);
    const matrices = yearlyMatrices(p);
    const byPower = matrixPower(matrices[0], 20)[STATES.indexOf(START)];
    const { final } = runChain(matrices);
    final.forEach((x, i) => assert.ok(Math.abs(x - byPower[i]) < 1e-15, `${STATES[i]}: ${x} vs ${byPower[i]}`));
  }
  const P = transitionMatrix(() => 0.01);
  assert.deepEqual(matrixPower(P, 0)[0], point("war"));
  assert.deepEqual(matrixPower(P, 1), P);
  assert.deepEqual(step(point(START), P), P[STATES.indexOf(START)]);
});

test("the chain written out equals the generic step, and denuclearization_by the chain with denuclearization absorbing", () => {
  const rand = lcg(5);
  for (const set of [{}, maxRates, randomRates(rand), randomRates(rand)]) {
    const p = params(testInput(PARAMS, { horizon: 25, set }), PARAMS);
    const matrices = yearlyMatrices(p);
    const run = runChain(matrices);
    let v = point(START);
    let r = point(START);
    matrices.forEach((P, t) => {
      v = step(v, P);
      r = step(r, absorbingDenuclearization(P));
      v.forEach((x, i) => assert.ok(Math.abs(x - run.years[t][i]) < 1e-15, `${STATES[i]} in year ${t}`));
      assert.ok(Math.abs(r[STATES.indexOf("denuclearization")] - run.denuclearizationBy[t]) < 1e-15);
    });
  }
});

test("a yearly path: rates that drop to 0 after the first year freeze the absorbed mass of year one", () => {
  const name = rateName("nuclear-status-quo", "war");
  const path = [0.04, ...new Array(9).fill(0)];
  const set = { ...zeroRates, [name]: path };
  const out = run(set, 10);
  assert.equal(probability(out, "war"), 0.04);
  assert.equal(probability(out, "nuclear-status-quo"), 0.96);
});

test("the mechanism: each rate raises the outcome it leads to", () => {
  const base = run({}, 20);
  const up = (from, to, outcome) => {
    const d = PARAMS.find((x) => x.name === rateName(from, to));
    const out = run({ [d.name]: d.max }, 20);
    assert.ok(probability(out, outcome) > probability(base, outcome), `${from} -> ${to} raises ${outcome}`);
  };
  up("nuclear-status-quo", "freeze", "freeze");
  up("nuclear-status-quo", "war", "war");
  up("freeze", "denuclearization", "denuclearization");
  up("nuclear-status-quo", "successor-state", "successor-state");
  // A freeze that breaks down more often leaves more of the programme running.
  up("freeze", "nuclear-status-quo", "nuclear-status-quo");
  // A lasting denuclearisation (no reversal) keeps more in it.
  const reversal = rateName("denuclearization", "nuclear-status-quo");
  assert.ok(probability(run({ [reversal]: 0 }), "denuclearization") > probability(base, "denuclearization"));
});

test("the default forecast: persistence dominates, the record's freeze cycle is the main change", () => {
  const out = run({}, 20);
  const p = (o) => probability(out, o);
  assert.ok(p("nuclear-status-quo") > 0.4 && p("nuclear-status-quo") < 0.6);
  assert.ok(p("freeze") > 0.2 && p("freeze") < 0.4);
  assert.ok(p("war") > 0.05 && p("war") < 0.1);
  const collapse = seriesOf(out, "collapse_by").at(-1);
  assert.ok(Math.abs(collapse - sum(COLLAPSE.map(p))) < 1e-15);
  assert.ok(collapse > 0.05 && collapse < 0.1);
  assert.ok(p("successor-state") > p("aligned-unification") && p("aligned-unification") > p("neutral-unification"));
});

test("it explains itself with numbers, only when asked", () => {
  const out = run({}, 20, true);
  assert.equal(out.explanation.length, 4);
  assert.match(out.explanation[0], /2007-2026 \(20 years\)/);
  assert.match(out.explanation[2], /^By 2026: nuclear-status-quo \d+\.\d%/);
  assert.match(out.explanation[3], /war \d+\.\d%; collapse \d+\.\d%/);
  assert.deepEqual(run({}, 20, false).explanation, []);
  const withPath = run({ [PARAMS[0].name]: new Array(20).fill(0.01) }, 20, true);
  assert.match(withPath.explanation[0], /1 rates vary by year/);
});

test("deterministic: the same input gives the same bits", () => {
  const a = run({}, 50);
  const b = run({}, 50);
  assert.deepEqual(a, b);
  const bits = (x) => Buffer.from(new Float64Array(outcomesOf(x)).buffer).toString("hex");
  assert.equal(bits(a), bits(b));
});

test("a horizon of 0 years: everything still in nuclear-status-quo, empty series", () => {
  const out = run({}, 0);
  assert.deepEqual(outcomesOf(out), point("nuclear-status-quo"));
  assert.deepEqual(seriesOf(out, "collapse_by"), []);
});

test("no values means every default; values are read by name whatever the order of reading", () => {
  const empty = forecast({ scenario: "x", startYear: 2007, horizon: 20, seed: 0, params: [], explain: false });
  assert.deepEqual(outcomesOf(empty), outcomesOf(run({}, 20, false)));
});

test("info: the contract's model-info with all seven outcomes, the four shared indicators and every parameter", () => {
  const i = info();
  assert.equal(i.id, "status-quo");
  assert.deepEqual(i.outcomes, OUTCOMES);
  assert.deepEqual(
    i.indicators.map((x) => x.name),
    [
      "collapse_by",
      "denuclearization_by",
      "unification_by",
      "concession_by",
      "collapse_in_year",
      "war_in_year",
      "concession_in_year",
    ],
  );
  assert.ok(!i.indicators.some((x) => x.name === "leader_change_by"), "no leader in this chain");
  assert.match(i.summary, /0\.4\.0/);
  assert.equal(i.version, "0.4.0");
  assert.deepEqual(
    i.parameters.map((x) => x.name),
    PARAMS.map((d) => d.name),
  );
  for (const key of ["name", "description", "default", "min", "max", "unit", "source"]) {
    assert.ok(key in i.parameters[0], key);
  }
  assert.ok(i.references.length >= 3);
});

test("the component entry: errors cross the boundary as strings naming the parameter", () => {
  const input = testInput(PARAMS, { horizon: 3 });
  input.params[2] = { tag: "scalar", val: 0.5 };
  assert.throws(
    () => model.forecast(input),
    (e) => typeof e === "string" && e.includes(`\`${PARAMS[2].name}\` = 0.5 is outside its range`),
  );
  input.params[2] = { tag: "path", val: [0.001, 0.001] };
  assert.throws(() => model.forecast(input), (e) => typeof e === "string" && e.includes("path of 2 values for a horizon of 3"));
  // componentize-js passes paths as Float64Array.
  input.params[2] = { tag: "path", val: new Float64Array([0.001, 0.001, 0.001]) };
  const out = model.forecast(input);
  assert.ok(out.outcomes.alignedUnification > 0);
  assert.equal(model.info().id, ID);
});

// --- unification_by and concession_by (0.3.0) ----------------------------------

const NEW = ["unification_by", "concession_by"];
const NSQ = STATES.indexOf("nuclear-status-quo");
const FRZ = STATES.indexOf("freeze");
const DEN = STATES.indexOf("denuclearization");
const CONCESSIONS = [
  rateName("nuclear-status-quo", "freeze"),
  rateName("nuclear-status-quo", "denuclearization"),
  rateName("freeze", "denuclearization"),
];

/**
 * P(a freeze or denuclearization reached at least once) by the end of each
 * year, by brute force: the generic chain over (state, conceded yet?) pairs,
 * 14 states, stepped with each year's whole matrix.
 */
function flagCopyConcession(matrices) {
  const n = STATES.length;
  const conceded = (j) => j === FRZ || j === DEN;
  let v = new Array(2 * n).fill(0); // [never conceded: 0..n-1, conceded: n..2n-1]
  v[NSQ] = 1;
  return matrices.map((P) => {
    const w = new Array(2 * n).fill(0);
    for (let i = 0; i < 2 * n; i++) {
      const flag = i >= n;
      for (let j = 0; j < n; j++) w[(flag || conceded(j) ? n : 0) + j] += v[i] * P[i % n][j];
    }
    v = w;
    return sum(v.slice(n));
  });
}

function withPaths(rand, horizon) {
  const set = randomRates(rand);
  for (const d of PARAMS) {
    if (rand() < 0.3) set[d.name] = Array.from({ length: horizon }, () => d.min + rand() * (d.max - d.min));
  }
  return set;
}

test("unification_by and concession_by: one value a year, non-decreasing, in [0, 1], for any rates", () => {
  const rand = lcg(6);
  const cases = [[{}, 20], [maxRates, 30], [zeroRates, 5]];
  for (let i = 0; i < 100; i++) {
    const horizon = 1 + Math.floor(rand() * 60);
    cases.push([withPaths(rand, horizon), horizon]);
  }
  for (const [set, horizon] of cases) {
    const out = run(set, horizon, false);
    for (const name of NEW) {
      const v = seriesOf(out, name);
      assert.equal(v.length, horizon, name);
      v.forEach((x, t) => {
        assert.ok(x >= 0 && x <= 1, `${name}[${t}] = ${x}`);
        if (t > 0) assert.ok(x >= v[t - 1], `${name} fell in year ${t}: ${v[t - 1]} -> ${x}`);
      });
    }
  }
});

test("the in-year events: collapse and war are the year's increments, agreements include the first ones", () => {
  const rand = lcg(9);
  for (let i = 0; i < 100; i++) {
    const horizon = 1 + Math.floor(rand() * 40);
    const out = run(withPaths(rand, horizon), horizon, false);
    const [collapseBy, concessionBy] = [seriesOf(out, "collapse_by"), seriesOf(out, "concession_by")];
    const [collapse, war, agreed] = ["collapse_in_year", "war_in_year", "concession_in_year"].map((n) =>
      seriesOf(out, n),
    );
    let warBy = 0;
    collapse.forEach((c, t) => {
      const before = t > 0 ? collapseBy[t - 1] : 0;
      assert.ok(Math.abs(c - (collapseBy[t] - before)) < 1e-12, `collapse ${t}`);
      assert.ok(agreed[t] >= concessionBy[t] - (t > 0 ? concessionBy[t - 1] : 0) - 1e-12, `agreed ${t}`);
      for (const x of [c, war[t], agreed[t]]) assert.ok(x >= 0 && x <= 1);
      warBy += war[t];
    });
    assert.ok(Math.abs(warBy - probability(out, "war")) < 1e-9);
  }
});

test("unification_by at the horizon is exactly neutral- plus aligned-unification, and year by year their mass", () => {
  const rand = lcg(7);
  const cases = [{}, maxRates];
  for (let i = 0; i < 50; i++) cases.push(withPaths(rand, 25));
  for (const set of cases) {
    const out = run(set, 25, false);
    assert.equal(
      seriesOf(out, "unification_by").at(-1),
      probability(out, "neutral-unification") + probability(out, "aligned-unification"),
    );
    const p = params(testInput(PARAMS, { horizon: 25, set }), PARAMS);
    const { years, unificationBy } = runChain(yearlyMatrices(p));
    const nu = STATES.indexOf("neutral-unification");
    const au = STATES.indexOf("aligned-unification");
    years.forEach((v, t) => assert.equal(unificationBy[t], v[nu] + v[au]));
  }
});

test("concession_by is the chain's never-conceded flag copy: at least the freeze and denuclearization mass every year", () => {
  const rand = lcg(8);
  const cases = [{}, maxRates, { ...zeroRates, [CONCESSIONS[0]]: 0.3, [rateName("freeze", "nuclear-status-quo")]: 0.58 }];
  for (let i = 0; i < 50; i++) cases.push(withPaths(rand, 30));
  for (const set of cases) {
    const p = params(testInput(PARAMS, { horizon: 30, set }), PARAMS);
    const matrices = yearlyMatrices(p);
    const { years, concessionBy } = runChain(matrices);
    const exact = flagCopyConcession(matrices);
    concessionBy.forEach((x, t) => {
      assert.ok(Math.abs(x - exact[t]) < 1e-14, `year ${t}: ${x} vs ${exact[t]}`);
      assert.ok(x + 1e-12 >= years[t][FRZ] + years[t][DEN], `year ${t}`);
    });
    const out = run(set, 30, false);
    assert.ok(seriesOf(out, "concession_by").at(-1) + 1e-12 >= probability(out, "freeze") + probability(out, "denuclearization"));
    // A denuclearisation reached is a concession.
    seriesOf(out, "denuclearization_by").forEach((d, t) => assert.ok(seriesOf(out, "concession_by")[t] + 1e-12 >= d));
  }
});

test("concession_by stays 0 when every concession rate is 0, while the chain still moves", () => {
  const set = Object.fromEntries(CONCESSIONS.map((n) => [n, 0]));
  const out = run(set, 20, false);
  assert.deepEqual(seriesOf(out, "concession_by"), new Array(20).fill(0));
  assert.ok(probability(out, "war") > 0.05);
  assert.ok(seriesOf(out, "unification_by").at(-1) > 0.02);
  // A chain that starts conceded has conceded in every year.
  const p = params(testInput(PARAMS, { horizon: 5, set }), PARAMS);
  assert.deepEqual(runChain(yearlyMatrices(p), point("freeze")).concessionBy, new Array(5).fill(1));
});

test("concession_by counts a freeze that later broke down, and a denuclearisation that was reversed", () => {
  const breakdown = rateName("freeze", "nuclear-status-quo");
  const reversal = rateName("denuclearization", "nuclear-status-quo");
  const brittle = run({ [breakdown]: 0.58, [reversal]: 0.05 }, 20, false);
  const lasting = run({ [breakdown]: 0, [reversal]: 0 }, 20, false);
  const conceded = seriesOf(brittle, "concession_by").at(-1);
  const now = probability(brittle, "freeze") + probability(brittle, "denuclearization");
  assert.ok(conceded > 0.75, `concession_by ${conceded}`);
  assert.ok(conceded > 0.5 + now && conceded > 4 * now, `concession_by ${conceded} vs freeze + denuclearization now ${now}`);
  // A first concession does not depend on what came after it.
  assert.deepEqual(seriesOf(brittle, "concession_by"), seriesOf(lasting, "concession_by"));
  assert.ok(probability(brittle, "freeze") < probability(lasting, "freeze"));
});

test("concession_by in closed form: from nuclear-status-quo at rate c, 1 - (1 - c)^t, whatever the breakdown rate", () => {
  const c = 0.092;
  for (const b of [0, 0.145, 0.58]) {
    const out = run({ ...zeroRates, [CONCESSIONS[0]]: c, [rateName("freeze", "nuclear-status-quo")]: b }, 30, false);
    seriesOf(out, "concession_by").forEach((x, t) => assert.ok(Math.abs(x - (1 - (1 - c) ** (t + 1))) < 1e-14, `year ${t}`));
  }
  // With freezes ruled out, a concession is reaching denuclearization.
  const out = run({ [CONCESSIONS[0]]: 0, [CONCESSIONS[1]]: 0.008 }, 20, false);
  seriesOf(out, "concession_by").forEach((x, t) => assert.ok(Math.abs(x - seriesOf(out, "denuclearization_by")[t]) < 1e-15));
});
