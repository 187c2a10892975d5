// The `status-quo` model: the persistence forecast.
//
// The world stays as it is: the DPRK's own record up to December 2006, read as
// yearly transition probabilities between the seven outcomes, drives a Markov
// chain that starts in nuclear-status-quo (December 2006, two months after the
// first nuclear test). The three survival states (nuclear-status-quo, freeze,
// denuclearization) move between each other and into the four absorbing
// outcomes (war, neutral-unification, aligned-unification, successor-state).
// Computed exactly, year by year (the matrix power P^T when the rates are
// constant; the product of each year's matrix when a scenario gives paths); no
// sampling, no randomness, no policy levers.
//
// Plain JavaScript: tested natively (`node --test`), compiled into the
// component by `component.js`.

import { modelInfo, output, param, params } from "../sdk/js/forecast-model.js";

export const ID = "status-quo";
export const VERSION = "0.4.0";

/** The states of the chain: the seven outcomes, in the contract's order. */
export const STATES = Object.freeze([
  "war",
  "neutral-unification",
  "aligned-unification",
  "successor-state",
  "nuclear-status-quo",
  "freeze",
  "denuclearization",
]);
/** The states in which the regime survives; all others absorb. */
export const SURVIVAL = Object.freeze(["nuclear-status-quo", "freeze", "denuclearization"]);
/** The four outcomes in which the regime collapsed (war is not counted as one). */
export const COLLAPSE = Object.freeze(["neutral-unification", "aligned-unification", "successor-state"]);
/** The state of December 2006. */
export const START = "nuclear-status-quo";

const index = Object.fromEntries(STATES.map((s, i) => [s, i]));
const N = index["nuclear-status-quo"];
const F = index.freeze;
const D = index.denuclearization;
/** Whether each state absorbs; the indices of the survival and collapse states. */
const ABSORBS = STATES.map((s) => !SURVIVAL.includes(s));
const MOVING = SURVIVAL.map((s) => index[s]);
const COLLAPSE_INDEX = COLLAPSE.map((s) => index[s]);
const NU = index["neutral-unification"];
const AU = index["aligned-unification"];

/** The parameter name of the transition `from` -> `to`. */
export function rateName(from, to) {
  const u = (s) => s.replace(/-/g, "_");
  return `${ID}.${u(from)}_to_${u(to)}`;
}

// --- The record up to 13 December 2006 ----------------------------------------
// Every default is the median of the yearly rate given the record's count k of
// such transitions in T years at risk, under Jeffreys' prior for a Poisson
// rate (posterior Gamma(k + 1/2, T)): 0.2275/T for none, 1.183/T for one; the
// range is 0 to the 97.5% quantile (2.512/T for none, 4.674/T for one),
// rounded up. The estimator, the windows and the splits are modelling
// assumptions [A]; the counts and dates are the record.
const ESTIMATOR = "median of the rate under Jeffreys' prior, (k, T) -> Gamma(k + 1/2, T) [A]";

const WAR =
  "no interstate war with >= 1,000 battle deaths since the armistice of 27 Jul 1953: 0 in 53.4 years -> 0.2275/53.4; max = 97.5% quantile; [A] the same from every survival state";
const collapse = (share, what) =>
  `no collapse since 9 Sep 1948, through Kim Il-sung's death (Jul 1994) and the famine of the 1990s: 0 in 58.3 years -> 0.0039 a year in all; [A] ${share} of it ${what}; max = the total's 97.5% quantile; [A] the same from every survival state`;
const TO_SUCCESSOR = collapse("50%", "to a successor or foreign-stabilised northern state (China would move to hold its buffer: Pei & Mastro 2006)");
const TO_ALIGNED = collapse("40%", "to unification in the ROK-US alliance (German precedent, 1990)");
const TO_NEUTRAL = collapse("10%", "to neutral unification (no US-China understanding on the endgame existed in 2006: Pei & Mastro 2006)");

/** Each transition's default, range and source, by (from, to). */
const RECORD = [
  // From nuclear-status-quo: the programme continues or grows.
  ["nuclear-status-quo", "war", 0.0043, 0.048, WAR],
  ["nuclear-status-quo", "neutral-unification", 0.00039, 0.044, TO_NEUTRAL],
  ["nuclear-status-quo", "aligned-unification", 0.00156, 0.044, TO_ALIGNED],
  ["nuclear-status-quo", "successor-state", 0.00195, 0.044, TO_SUCCESSOR],
  [
    "nuclear-status-quo",
    "freeze",
    0.092,
    0.37,
    "one freeze (the Agreed Framework of 21 Oct 1994 froze Yongbyon under IAEA monitoring) in 12.8 years with an active programme (the 5 MWe Yongbyon reactor from 1986 to Oct 1994; from the restart of Dec 2002 to Dec 2006) -> 1.183/12.8",
  ],
  [
    "nuclear-status-quo",
    "denuclearization",
    0.00075,
    0.0083,
    "[A] reference class: no state that had tested a nuclear weapon had given its arsenal up by Dec 2006 (US 1945, USSR 1949, UK 1952, France 1960, China 1964, India 1974, Pakistan 1998, DPRK Oct 2006): 0 in 303 state-years -> 0.2275/303",
  ],
  // From freeze: verified freeze or partial rollback.
  ["freeze", "war", 0.0043, 0.048, WAR],
  ["freeze", "neutral-unification", 0.00039, 0.044, TO_NEUTRAL],
  ["freeze", "aligned-unification", 0.00156, 0.044, TO_ALIGNED],
  ["freeze", "successor-state", 0.00195, 0.044, TO_SUCCESSOR],
  [
    "freeze",
    "nuclear-status-quo",
    0.145,
    0.58,
    "one breakdown (the Agreed Framework, Oct 2002: the enrichment dispute, the reactor restarted and the inspectors expelled in Dec 2002) in 8.1 years of freeze (Oct 1994 to Dec 2002) -> 1.183/8.14",
  ],
  [
    "freeze",
    "denuclearization",
    0.011,
    0.12,
    "no verified complete denuclearisation in the programme's 20.9 years (1986-2006, active or frozen) -> 0.2275/20.9; [A] all of it from a freeze, none straight from an active tested programme",
  ],
  // From denuclearization: verified complete denuclearisation.
  ["denuclearization", "war", 0.0043, 0.048, WAR],
  ["denuclearization", "neutral-unification", 0.00039, 0.044, TO_NEUTRAL],
  ["denuclearization", "aligned-unification", 0.00156, 0.044, TO_ALIGNED],
  ["denuclearization", "successor-state", 0.00195, 0.044, TO_SUCCESSOR],
  [
    "denuclearization",
    "nuclear-status-quo",
    0.0045,
    0.05,
    "[A] reference class: no state that verifiably gave up nuclear weapons or a weapons programme had restarted one by Dec 2006 (South Africa 1991, Kazakhstan 1995, Ukraine 1996, Belarus 1996, Libya 2003): 0 in 50.6 state-years -> 0.2275/50.6",
  ],
];

/** The transitions the chain allows, as [from, to] pairs, in declaration order. */
export const TRANSITIONS = Object.freeze(RECORD.map(([from, to]) => Object.freeze([from, to])));

/** The matrix cell [row, column] of each transition. */
const CELLS = TRANSITIONS.map(([from, to]) => [index[from], index[to]]);

/** Every number that drives the model: one yearly probability per allowed transition. */
export const PARAMS = Object.freeze(
  RECORD.map(([from, to, def, max, source]) =>
    param({
      name: rateName(from, to),
      description: `yearly probability that a year which starts in ${from} ends in ${to}`,
      default: def,
      min: 0,
      max,
      unit: "per year",
      source: `${source}; estimator: ${ESTIMATOR}`,
    }),
  ),
);

/** The parameter name of each transition, in declaration order. */
const NAMES = PARAMS.map((d) => d.name);

export const REFERENCES = Object.freeze([
  "Armistice Agreement (Korean War), Panmunjom, 27 July 1953.",
  "Agreed Framework between the United States of America and the Democratic People's Republic of Korea, Geneva, 21 October 1994.",
  "UN Security Council resolution 1718 (14 October 2006), after the DPRK's nuclear test of 9 October 2006.",
  "Jeffreys, H. (1946). An invariant form for the prior probability in estimation problems. Proceedings of the Royal Society of London A 186, 453-461.",
  "Tetlock, P. E. (2005). Expert Political Judgment: How Good Is It? How Can We Know? Princeton University Press (experts scored against base-rate and no-change baselines).",
  "Pei, M. & Mastro, O. S. (2006). Op-ed on the six-party talks and the US-China endgame in North Korea. Financial Times, 13 December 2006.",
]);

export const INDICATORS = Object.freeze([
  {
    name: "collapse_by",
    description: "P(the regime has collapsed by the end of year t): mass in neutral-unification, aligned-unification and successor-state (war is counted apart)",
    unit: "",
  },
  {
    name: "denuclearization_by",
    description: "P(verified complete denuclearisation reached at least once by the end of year t), whether or not it lasts",
    unit: "",
  },
  {
    name: "unification_by",
    description: "cumulative P(Korea unified, neutral or in the alliance, by the end of year t): the mass in neutral-unification and aligned-unification, both absorbing",
    unit: "",
  },
  {
    name: "concession_by",
    description: "cumulative P(the regime has agreed to a verified freeze or to denuclearisation by the end of year t, whatever came after): the never-conceded mass, which stays in nuclear-status-quo, is tracked exactly, and its moves to freeze or denuclearization are counted once, so a freeze or denuclearisation that later broke down back to nuclear-status-quo still counts",
    unit: "",
  },
  {
    name: "collapse_in_year",
    description: "P(the regime collapses in year t): the year's flow into neutral-unification, aligned-unification and successor-state",
    unit: "",
  },
  {
    name: "war_in_year",
    description: "P(war breaks out in year t): the year's flow into war",
    unit: "",
  },
  {
    name: "concession_in_year",
    description: "P(an agreement in year t: nuclear-status-quo moves to freeze or denuclearization, or a freeze to denuclearization); a freeze that broke down can be agreed again",
    unit: "",
  },
]);

export function info() {
  return modelInfo({
    id: ID,
    name: "Persistence (status quo)",
    version: VERSION,
    summary:
      "The persistence forecast: the world stays as it is. The DPRK's own record up to December 2006 (one freeze in 12.8 years of an active programme, broken after 8.1 years; no war since 1953; no collapse since 1948, through the famine of the 1990s) is read as yearly transition probabilities between the seven outcomes, and a Markov chain starting in nuclear-status-quo (December 2006) is computed exactly over the horizon. War, unification and a successor state absorb. It reads no policy levers: it is the baseline the strategic models have to beat. Added in 0.3.0: two shared yearly indicators computed exactly from the chain, unification_by (neutral or aligned) and concession_by (a freeze or denuclearisation agreed at least once, whatever came after, from the never-conceded copy of nuclear-status-quo); the outcomes are unchanged. Added in 0.4.0: the yearly events a record scores, collapse, war and agreement in year t, from the chain's flows of the year (an agreement recurs after a breakdown); the outcomes are unchanged.",
    references: REFERENCES,
    parameters: PARAMS,
    outcomes: STATES,
    indicators: INDICATORS,
  });
}

// --- The chain ----------------------------------------------------------------

/**
 * The 7x7 yearly transition matrix (rows: from, columns: to, in STATES order)
 * for the rates `rate(from, to)`: the allowed transitions get their rate,
 * each survival state keeps the rest of its row, and the absorbing states keep
 * all of theirs (`rate` also gets the transition's index k in TRANSITIONS).
 * Throws if a rate is negative or not a number, or a row's rates sum above 1.
 */
export function transitionMatrix(rate) {
  // Plain index loops: a call runs in an interpreter (QuickJS), where
  // closures, iterators and destructuring cost more than the arithmetic.
  const n = STATES.length;
  const P = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array(n);
    for (let j = 0; j < n; j++) row[j] = i === j ? 1 : 0;
    P[i] = row;
  }
  for (let k = 0; k < TRANSITIONS.length; k++) {
    const t = TRANSITIONS[k];
    const r = rate(t[0], t[1], k);
    if (!(r >= 0)) throw new Error(`the rate ${t[0]} -> ${t[1]} is ${r}, not a probability`);
    P[CELLS[k][0]][CELLS[k][1]] = r;
  }
  for (let m = 0; m < MOVING.length; m++) {
    const i = MOVING[m];
    const row = P[i];
    let out = 0;
    for (let j = 0; j < n; j++) if (j !== i) out += row[j];
    if (out > 1) {
      throw new Error(`the yearly rates out of ${STATES[i]} sum to ${out}, above 1`);
    }
    row[i] = 1 - out;
  }
  return P;
}

/** The row vector `v` times the matrix `P`. */
export function step(v, P) {
  const n = v.length;
  const w = new Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const row = P[i];
    for (let j = 0; j < n; j++) w[j] += vi * row[j];
  }
  return w;
}

/** The matrix product A B. */
export function multiply(A, B) {
  return A.map((row) => step(row, B));
}

/** P^n by repeated squaring (n >= 0). */
export function matrixPower(P, n) {
  let result = P.map((_, i) => P.map((_, j) => (i === j ? 1 : 0)));
  let base = P;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = multiply(result, base);
    if (k > 1) base = multiply(base, base);
  }
  return result;
}

/** The distribution that puts everything in `state`. */
export function point(state) {
  return STATES.map((s) => (s === state ? 1 : 0));
}

/** The matrix `P` with denuclearization made absorbing: for P(reached by t). */
export function absorbingDenuclearization(P) {
  const Q = P.map((row) => row.slice());
  Q[D] = point("denuclearization");
  return Q;
}

/**
 * Runs the chain from `start` through the yearly matrices `matrices` (one per
 * year, as `transitionMatrix` makes them). Returns the distribution at the end
 * of every year (`years[t]`), the distribution at the horizon (`final`, =
 * start for no years) and the yearly `collapseBy`, `denuclearizationBy`,
 * `unificationBy` and `concessionBy`.
 *
 * This is `v = step(v, P)` year by year (the tests check it against the
 * matrix power and `absorbingDenuclearization`), written out for the chain's
 * shape, since a call runs in an interpreter: only the three survival rows
 * move mass (the absorbing rows are the identity), and P(denuclearization
 * reached by t) needs only the mass in nuclear-status-quo or freeze that has
 * never been denuclearised. P(a concession by t), a freeze or denuclearization
 * reached at least once, is the same with both made absorbing: the
 * never-conceded mass stays in nuclear-status-quo (`u`; mass that starts in
 * freeze or denuclearization has conceded), and what it sends to freeze or
 * denuclearization is counted once, whatever comes after (a breakdown back to
 * nuclear-status-quo included).
 */
export function runChain(matrices, start = point(START)) {
  const n = STATES.length;
  let v = start;
  // The chain with denuclearization absorbing: never-denuclearised mass in
  // nuclear-status-quo (a) and freeze (b), and the mass that has reached it.
  let a = start[N];
  let b = start[F];
  let reached = start[D];
  // The never-conceded mass, in nuclear-status-quo, and the mass that has conceded.
  let u = start[N];
  let conceded = start[F] + start[D];
  const years = [];
  const collapseBy = [];
  const denuclearizationBy = [];
  const unificationBy = [];
  const concessionBy = [];
  const collapseInYear = [];
  const warInYear = [];
  const concessionInYear = [];
  const W = index.war;
  for (let t = 0; t < matrices.length; t++) {
    const P = matrices[t];
    const pn = P[N];
    const pf = P[F];
    const pd = P[D];
    const vn = v[N];
    const vf = v[F];
    const vd = v[D];
    // w = v P: the absorbing states keep their mass, the survival rows move theirs.
    concessionInYear.push(vn * (pn[F] + pn[D]) + vf * pf[D]);
    const collapsedBefore = v[COLLAPSE_INDEX[0]] + v[COLLAPSE_INDEX[1]] + v[COLLAPSE_INDEX[2]];
    const warBefore = v[W];
    const w = new Array(n);
    for (let j = 0; j < n; j++) w[j] = (ABSORBS[j] ? v[j] : 0) + vn * pn[j] + vf * pf[j] + vd * pd[j];
    v = w;
    reached += a * pn[D] + b * pf[D];
    const a1 = a * pn[N] + b * pf[N];
    b = a * pn[F] + b * pf[F];
    a = a1;
    conceded += u * (pn[F] + pn[D]);
    u *= pn[N];
    years.push(v);
    collapseBy.push(v[COLLAPSE_INDEX[0]] + v[COLLAPSE_INDEX[1]] + v[COLLAPSE_INDEX[2]]);
    denuclearizationBy.push(reached);
    unificationBy.push(v[NU] + v[AU]);
    concessionBy.push(conceded);
    collapseInYear.push(collapseBy[t] - collapsedBefore);
    warInYear.push(v[W] - warBefore);
  }
  return {
    years,
    final: v,
    collapseBy,
    denuclearizationBy,
    unificationBy,
    concessionBy,
    collapseInYear,
    warInYear,
    concessionInYear,
  };
}

/**
 * The yearly matrices of one call: the rates of year index t for each year.
 * Without yearly paths every year shares one matrix (the chain is then the
 * matrix power), built once: a call costs a tenth as much.
 */
export function yearlyMatrices(p) {
  const constant = !p.hasPaths();
  const matrices = [];
  for (let t = 0; t < p.horizon; t++) {
    matrices.push(
      constant && t > 0 ? matrices[0] : transitionMatrix((_from, _to, k) => p.at(NAMES[k], t)),
    );
  }
  return matrices;
}

// --- One forecast -------------------------------------------------------------

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const num = (x) => String(Number(x.toPrecision(3)));

/** One forecast: the chain's distribution at the horizon, with the indicators. */
export function forecast(input) {
  const p = params(input, PARAMS);
  const matrices = yearlyMatrices(p);
  const run = runChain(matrices);
  const out = output(p.horizon);
  STATES.forEach((s, i) => out.outcome(s, run.final[i]));
  return out
    .series("collapse_by", run.collapseBy)
    .series("denuclearization_by", run.denuclearizationBy)
    .series("unification_by", run.unificationBy)
    .series("concession_by", run.concessionBy)
    .series("collapse_in_year", run.collapseInYear)
    .series("war_in_year", run.warInYear)
    .series("concession_in_year", run.concessionInYear)
    .explainIf(p.explain, () => explain(p, matrices, run))
    .build();
}

function explain(p, matrices, run) {
  const H = p.horizon;
  const last = p.startYear + H - 1;
  const at = (s) => run.final[index[s]];
  const P0 = matrices[0] ?? transitionMatrix((_from, _to, k) => p.get(NAMES[k]));
  const paths = NAMES.filter((name) => p.isPath(name)).length;
  const collapse = COLLAPSE.reduce((a, s) => a + at(s), 0);
  const lines = [
    `Persistence: the DPRK's record to December 2006 as yearly transition probabilities, a Markov chain from nuclear-status-quo over ${p.startYear}-${last} (${H} years)${paths ? `; ${paths} rates vary by year` : ""}.`,
    `In ${p.startYear} the programme stays as it is with probability ${num(P0[N][N])} (to freeze ${num(P0[N][F])}, to denuclearization ${num(P0[N][D])}, to war or collapse ${num(1 - P0[N][N] - P0[N][F] - P0[N][D])}); a freeze breaks down with ${num(P0[F][N])} a year, as the Agreed Framework did in 2002 after 8 years.`,
    `By ${last}: nuclear-status-quo ${pct(at("nuclear-status-quo"))}, freeze ${pct(at("freeze"))}, denuclearization ${pct(at("denuclearization"))} (reached at some point: ${pct(run.denuclearizationBy[H - 1] ?? 0)}).`,
    `Absorbed by ${last}: war ${pct(at("war"))}; collapse ${pct(collapse)} (successor-state ${pct(at("successor-state"))}, aligned-unification ${pct(at("aligned-unification"))}, neutral-unification ${pct(at("neutral-unification"))}).`,
  ];
  return lines;
}
