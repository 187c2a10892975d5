// forecast-model.js: the helper JavaScript model plugins of `forecast` share.
//
// WHAT IT IS FOR. A `forecast` model plugin answers the contract
// `forecast:model@0.2.0` (wit/model.wit, world `plugin`): `info()` describes the
// model, `forecast(input)` answers one sample of a scenario. This module lets a
// JavaScript model be written as plain functions:
//   - declare parameters with their default, range, unit and source
//     (`param`), and turn them into the contract's `param-spec` list
//     (`modelInfo`, `specs`);
//   - read one call's values BY NAME (`params(input, PARAMS)`: `p.get(name)`,
//     `p[name]`, `p.at(name, t)`, `p.path(name)`, `p.horizon`), after checking
//     the count, the ranges and the path lengths, with errors naming the
//     parameter. The contract passes the values positionally, in declaration
//     order; an empty list means every default;
//   - build the output (`output(horizon)`: outcomes by their shared ids, yearly
//     series, explanation lines) and check it before it leaves the plugin
//     (finite probabilities in [0, 1] summing to 1 within 1e-9, series of
//     `horizon` finite values), with a message naming what is wrong;
//   - export the model with errors as the contract's `result` error string
//     (`exportModel`).
// It is pure JavaScript (it imports only the generated table of shared priors,
// forecast-priors.js, beside it), so a model's mathematics is unit-tested
// natively (`node --test`) and the same files are compiled into a component.
//
// WHAT IT IS NOT FOR. It is not a host (the `forecast` binary loads and runs
// plugins), not a bindings generator (the toolchain maps WIT to JS), and it
// knows nothing of any model's domain: no vocabulary beyond the seven outcome
// ids and the shared indicator ids, no sampling, no randomness.
//
// How the toolchains map the contract to JavaScript (measured with
// componentize-qjs 0.4.5 and @bytecodealliance/componentize-js 0.23.0):
//   - records are objects with camelCase keys: `input.startYear`,
//     `outcomes.neutralUnification`, `outcomes.nuclearStatusQuo`;
//   - the variant `param-value` is `{ tag: "scalar", val: 0.5 }` or
//     `{ tag: "path", val: [...] }`; componentize-js passes the path as a
//     Float64Array, componentize-qjs as an Array (this module takes either);
//   - `seed: u64` is a BigInt in componentize-js and a Number in componentize-qjs,
//     exact only below 2^53 (larger seeds lose bits and may even turn negative):
//     a model that needs randomness must not rely on its exact value there;
//   - `result<forecast-output, string>`: return the output, throw the error.
//     Both take a thrown string; componentize-js (with WASI stdio disabled)
//     TRAPS on a thrown Error object, so `exportModel` turns every exception
//     into its message string at the boundary.
//
// Usage (see plugins/status-quo and plugins/templates/js):
//
//   import { param, params, modelInfo, output, exportModel } from "./forecast-model.js";
//   export const PARAMS = [param({ name: "my-model.hazard", description: "h: yearly hazard",
//       default: 0.01, min: 0, max: 0.1, unit: "per year", source: "[A] ..." })];
//   export function info() { return modelInfo({ id: "my-model", ..., parameters: PARAMS }); }
//   export function forecast(input) {
//     const p = params(input, PARAMS);
//     const h = p.get("my-model.hazard");
//     ...
//     return output(p.horizon).outcome("successor-state", c).outcome("nuclear-status-quo", 1 - c)
//       .series("collapse_by", by).explainIf(input.explain, () => [`...`]).build();
//   }
//   // the component entry module:
//   export const model = exportModel({ info, forecast });

import { SHARED, SHARED_INDICATORS } from "./forecast-priors.js"; // the shared vocabulary, generated

/** The version of the contract this helper implements. */
export const CONTRACT_VERSION = "0.2.0";

/** The seven shared outcome ids, in the contract's (classification) order. */
export const OUTCOMES = Object.freeze([
  "war",
  "neutral-unification",
  "aligned-unification",
  "successor-state",
  "nuclear-status-quo",
  "freeze",
  "denuclearization",
]);

/** The JavaScript key of each outcome in the contract's `outcomes` record. */
export const OUTCOME_KEYS = Object.freeze(
  Object.fromEntries(OUTCOMES.map((id) => [id, camel(id)])),
);

/** The shared indicator ids (VOCABULARY.md), from the generated table; a model may add `<id>.`-prefixed ones. */
export { SHARED_INDICATORS };

const OUTCOME_INDEX = new Map(OUTCOMES.map((id, i) => [id, i]));
const OUTCOME_KEY_LIST = OUTCOMES.map((id) => OUTCOME_KEYS[id]);

function camel(kebab) {
  return kebab.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/**
 * An error for the user: the contract's `result` error. Natively it is an
 * Error (with a stack, for tests); `exportModel` sends its message.
 */
export class ForecastError extends Error {
  constructor(message) {
    super(message);
    this.name = "ForecastError";
  }
}

/** Throws a ForecastError with `message`. */
export function fail(message) {
  throw new ForecastError(message);
}

const isNumber = (v) => typeof v === "number";

// ---------------------------------------------------------------------------
// Declaring parameters

/**
 * Declares one parameter: `{ name, description, default, min, max, unit, source }`
 * (`unit` "" for a dimensionless number; `source` says where the default and
 * range come from, "[A]" marking a modelling assumption). Checks the
 * declaration itself: a `group.name` name, finite min < max holding the
 * default, a description and a source. Returns a frozen declaration.
 */
export function param(decl) {
  const { name, description, min, max, unit = "", source } = decl;
  const def = decl.default;
  const where = `parameter declaration \`${name}\``;
  if (typeof name !== "string" || !/^[a-z0-9-]+\.[a-z0-9_]+$/.test(name)) {
    throw new ForecastError(`${where}: a name is \`group.name\` (e.g. \`dprk.base_hazard\`)`);
  }
  if (![def, min, max].every((v) => isNumber(v) && Number.isFinite(v)) || !(min < max)) {
    throw new ForecastError(`${where}: default, min and max must be finite numbers with min < max`);
  }
  if (!(min <= def && def <= max)) {
    throw new ForecastError(`${where}: default ${def} is outside its range [${min}, ${max}]`);
  }
  if (!description || !source || typeof unit !== "string") {
    throw new ForecastError(`${where}: needs a description, a source and a unit ("" for none)`);
  }
  return Object.freeze({ name, description, default: def, min, max, unit, source });
}

/**
 * A shared parameter, declared exactly as the one table of shared priors
 * has it (forecast-priors.js, generated from the project's vocabulary): the
 * host refuses a plugin that declares it otherwise.
 */
export function shared(name) {
  const decl = SHARED[name];
  if (!decl) {
    throw new ForecastError(
      `\`${name}\` is not a shared parameter (see forecast-priors.js); prefix a parameter of the model's own with its id`,
    );
  }
  return param(decl);
}

/** The contract's `param-spec` list for a declaration table, in its order. */
export function specs(decls) {
  return decls.map((d) => ({
    name: d.name,
    description: d.description,
    default: d.default,
    min: d.min,
    max: d.max,
    unit: d.unit,
    source: d.source,
  }));
}

/**
 * The contract's `model-info`, checked: `id` lowercase with dashes, no
 * parameter declared twice (whether a name is shared or should carry the
 * `<id>.` prefix is the host's and VOCABULARY.md's business), outcomes known
 * and distinct, indicators shared or prefixed `<id>.` and distinct, at least
 * one reference.
 * `parameters` is the declaration table (from `param`); `indicators` a list of
 * `{ name, description, unit }`.
 */
export function modelInfo({
  id,
  name,
  version,
  summary,
  references = [],
  parameters = [],
  outcomes = OUTCOMES,
  indicators = [],
}) {
  if (!/^[a-z0-9-]+$/.test(id ?? "")) {
    throw new ForecastError(`model id \`${id}\` must be lowercase letters, digits and dashes`);
  }
  const seen = new Set();
  for (const d of parameters) {
    if (seen.has(d.name)) throw new ForecastError(`parameter \`${d.name}\` is declared twice`);
    seen.add(d.name);
  }
  outcomes.forEach((o, i) => {
    if (!OUTCOMES.includes(o) || outcomes.indexOf(o) !== i) {
      throw new ForecastError(`outcome \`${o}\` is unknown or listed twice`);
    }
  });
  indicators.forEach((ind, i) => {
    if (!SHARED_INDICATORS.includes(ind.name) && !ind.name.startsWith(`${id}.`)) {
      throw new ForecastError(`indicator \`${ind.name}\` is neither shared nor prefixed \`${id}.\``);
    }
    if (indicators.findIndex((j) => j.name === ind.name) !== i) {
      throw new ForecastError(`indicator \`${ind.name}\` is declared twice`);
    }
  });
  if (references.length === 0) throw new ForecastError("a model needs at least one reference");
  return {
    id,
    name,
    version,
    summary,
    references: [...references],
    parameters: specs(parameters),
    outcomes: [...outcomes],
    indicators: indicators.map((i) => ({ name: i.name, description: i.description, unit: i.unit ?? "" })),
  };
}

// ---------------------------------------------------------------------------
// Reading one call's values by name

// Per declaration table (computed once): name -> index, and a prototype whose
// getters make `p[name]` the value in the start year.
const tables = new WeakMap();

function tableOf(decls) {
  let table = tables.get(decls);
  if (!table) {
    const index = new Map(decls.map((d, i) => [d.name, i]));
    const proto = Object.create(Params.prototype);
    for (const d of decls) {
      Object.defineProperty(proto, d.name, {
        get() {
          return this.get(d.name);
        },
      });
    }
    table = { index, proto };
    tables.set(decls, table);
  }
  return table;
}

/**
 * One call's parameter values, by name. Made by `params(input, decls)`.
 *   p.horizon, p.startYear, p.explain   from the input
 *   p.get(name) or p[name]              the value in the start year
 *   p.at(name, t)                       the value in year index t (0 = start
 *                                       year); past the end of a path its last
 *                                       value holds
 *   p.path(name)                        the `horizon` yearly values (an Array)
 *   p.isPath(name), p.hasPaths()        whether the scenario gave a yearly path
 *                                       (for that parameter, for any)
 * Reading a name the table does not declare throws.
 */
export class Params {
  index(name) {
    const i = this._index.get(name);
    if (i === undefined) throw new ForecastError(`the model reads \`${name}\` but does not declare it`);
    return i;
  }

  get(name) {
    return this.at(name, 0);
  }

  at(name, t) {
    const i = this.index(name);
    const v = this._values[i];
    if (v === undefined) return this._decls[i].default;
    if (typeof v === "number") return v;
    if (v.length === 0) return this._decls[i].default;
    return v[t < v.length ? t : v.length - 1];
  }

  path(name) {
    const out = new Array(this.horizon);
    for (let t = 0; t < this.horizon; t++) out[t] = this.at(name, t);
    return out;
  }

  isPath(name) {
    const v = this._values[this.index(name)];
    return v !== undefined && !isNumber(v);
  }

  /** Whether the scenario gave any parameter as a yearly path. */
  hasPaths() {
    return this._paths;
  }
}

/**
 * Checks `input` against the declaration table `decls` and returns its values
 * by name (a `Params`). The input has one value per declaration, in order, or
 * none at all (every default); each scalar and each path value within the
 * declared range; each path exactly `horizon` values. Errors name the
 * parameter.
 */
export function params(input, decls) {
  const { index, proto } = tableOf(decls);
  const horizon = input.horizon;
  if (!Number.isInteger(horizon) || horizon < 0) {
    throw new ForecastError(`the horizon ${horizon} is not a whole number of years`);
  }
  const raw = input.params ?? [];
  if (raw.length !== 0 && raw.length !== decls.length) {
    throw new ForecastError(
      `the input has ${raw.length} parameter values for the ${decls.length} parameters this model declares`,
    );
  }
  const values = new Array(raw.length);
  let paths = false;
  for (let i = 0; i < raw.length; i++) {
    const d = decls[i];
    const v = raw[i];
    const tag = v && v.tag;
    if (tag === "scalar") {
      if (!(v.val >= d.min && v.val <= d.max)) {
        throw new ForecastError(`parameter \`${d.name}\` = ${v.val} is outside its range [${d.min}, ${d.max}]`);
      }
      values[i] = v.val;
    } else if (tag === "path") {
      const path = v.val;
      if (!path || path.length !== horizon) {
        throw new ForecastError(
          `parameter \`${d.name}\` has a path of ${path ? path.length : 0} values for a horizon of ${horizon} years`,
        );
      }
      for (let t = 0; t < path.length; t++) {
        if (!(path[t] >= d.min && path[t] <= d.max)) {
          throw new ForecastError(
            `parameter \`${d.name}\` = ${path[t]} in year index ${t} is outside its range [${d.min}, ${d.max}]`,
          );
        }
      }
      values[i] = path;
      paths = true;
    } else {
      throw new ForecastError(`parameter \`${d.name}\`: a value is {tag: "scalar"|"path", val}, got tag ${tag}`);
    }
  }
  const p = Object.create(proto);
  p._decls = decls;
  p._index = index;
  p._values = values;
  p._paths = paths;
  p.horizon = horizon;
  p.startYear = input.startYear;
  p.explain = !!input.explain;
  return p;
}

/**
 * An input for native callers and tests: the declared defaults with the
 * values in `set` (`{ name: number }` for a scalar, `{ name: [..] }` for a
 * path), as the host would send it. Throws on a name `decls` does not declare.
 */
export function testInput(decls, { horizon = 20, startYear = 2007, set = {}, explain = true, seed = 0, scenario = "test" } = {}) {
  const { index } = tableOf(decls);
  for (const name of Object.keys(set)) {
    if (!index.has(name)) throw new ForecastError(`parameter \`${name}\` is not declared by this model`);
  }
  const paramsList = decls.map((d) => {
    const v = Object.prototype.hasOwnProperty.call(set, d.name) ? set[d.name] : d.default;
    return isNumber(v) ? { tag: "scalar", val: v } : { tag: "path", val: Array.from(v) };
  });
  return { scenario, startYear, horizon, seed, params: paramsList, explain };
}

// ---------------------------------------------------------------------------
// Building the output

/**
 * Collects outcome probabilities, yearly series and explanation lines for a
 * forecast of `horizon` years, and checks them in `build()`.
 */
export class Output {
  constructor(horizon) {
    this.horizon = horizon;
    this.probabilities = [0, 0, 0, 0, 0, 0, 0];
    this.unknown = null;
    this.indicators = [];
    this.explanation = [];
  }

  /** Adds `probability` to the outcome `id` (outcomes left out stay at 0). */
  outcome(id, probability) {
    const i = OUTCOME_INDEX.get(id);
    if (i === undefined) this.unknown = this.unknown ?? id;
    else this.probabilities[i] += probability;
    return this;
  }

  /** Adds several outcomes: `{ "war": 0.1, "freeze": 0.2, ... }`. */
  outcomes(byId) {
    for (const id of Object.keys(byId)) this.outcome(id, byId[id]);
    return this;
  }

  /** Adds a yearly series (an Array as it is; a typed array copied into one). */
  series(indicator, values) {
    this.indicators.push({ indicator, values: Array.isArray(values) ? values : Array.from(values) });
    return this;
  }

  /** Adds a line of explanation. */
  explain(line) {
    this.explanation.push(String(line));
    return this;
  }

  /**
   * Adds the lines `lines()` returns, only when `wanted` (pass `input.explain`):
   * formatting costs more than a sample's arithmetic, and the host asks for
   * explanations on the central case only.
   */
  explainIf(wanted, lines) {
    if (wanted) for (const line of lines()) this.explain(line);
    return this;
  }

  /**
   * The contract's `forecast-output`, or a ForecastError naming what breaks the
   * contract: an unknown outcome id, a probability that is not finite or not in
   * [0, 1], a sum away from 1 by more than 1e-9, a series given twice, of the
   * wrong length or holding a value that is not a finite number.
   */
  build() {
    // Plain loops: this runs once per sample, in an interpreter.
    if (this.unknown !== null) {
      throw new ForecastError(`unknown outcome id \`${this.unknown}\` (the ids are ${OUTCOMES.join(", ")})`);
    }
    let sum = 0;
    const outcomes = {};
    for (let i = 0; i < OUTCOMES.length; i++) {
      const p = this.probabilities[i];
      if (!(typeof p === "number" && p >= 0 && p <= 1)) {
        throw new ForecastError(`outcomes: P(${OUTCOMES[i]}) = ${p} is not a probability in [0, 1]`);
      }
      sum += p;
      outcomes[OUTCOME_KEY_LIST[i]] = p;
    }
    if (!(Math.abs(sum - 1) <= 1e-9)) {
      throw new ForecastError(`outcomes: probabilities sum to ${sum}, not 1 (within 1e-9)`);
    }
    const list = this.indicators;
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      for (let k = 0; k < i; k++) {
        if (list[k].indicator === s.indicator) throw new ForecastError(`series \`${s.indicator}\` is given twice`);
      }
      const values = s.values;
      if (values.length !== this.horizon) {
        throw new ForecastError(
          `series \`${s.indicator}\` has ${values.length} values for a horizon of ${this.horizon} years`,
        );
      }
      for (let t = 0; t < values.length; t++) {
        const v = values[t];
        // NaN and the infinities fail both comparisons.
        if (!(typeof v === "number" && v > -Infinity && v < Infinity)) {
          throw new ForecastError(`series \`${s.indicator}\` holds ${v} in year index ${t}`);
        }
      }
    }
    return { outcomes, indicators: list, explanation: this.explanation };
  }
}

/** A new `Output` for a forecast of `horizon` years. */
export function output(horizon) {
  return new Output(horizon);
}

/** P(outcome `id`) in a built output (for tests and explanations). */
export function probability(out, id) {
  const key = OUTCOME_KEYS[id];
  if (key === undefined) throw new ForecastError(`unknown outcome id \`${id}\``);
  return out.outcomes[key];
}

/** The values of indicator `name` in a built output. */
export function seriesOf(out, name) {
  const s = out.indicators.find((x) => x.indicator === name);
  if (!s) throw new ForecastError(`no series \`${name}\``);
  return s.values;
}

// ---------------------------------------------------------------------------
// Exporting

/** The message of anything thrown, as a string. */
export function errorMessage(e) {
  if (typeof e === "string") return e;
  if (e && typeof e.message === "string") return e.message;
  return String(e);
}

/**
 * The object the component's entry module exports as `model` (the interface
 * `forecast:model/model@0.2.0`): `info()` as given, and `forecast(input)` with
 * any exception turned into the contract's error string (componentize-js traps
 * on a thrown Error object; a string is the `result` error in both
 * toolchains).
 */
export function exportModel({ info, forecast }) {
  return {
    info() {
      return info();
    },
    forecast(input) {
      try {
        return forecast(input);
      } catch (e) {
        throw errorMessage(e);
      }
    },
  };
}
