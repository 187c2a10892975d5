// The shared JavaScript helper (plugins/sdk/js/forecast-model.js), tested here
// because this model is its first user: node --test tests/
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ForecastError,
  OUTCOMES,
  OUTCOME_KEYS,
  exportModel,
  modelInfo,
  output,
  param,
  params,
  probability,
  seriesOf,
  specs,
  testInput,
} from "../../sdk/js/forecast-model.js";

const DECLS = [
  param({ name: "a.x", description: "x", default: 1, min: 0, max: 2, unit: "", source: "[A]" }),
  param({ name: "a.y", description: "y", default: 5, min: 0, max: 9, unit: "per year", source: "[A]" }),
];

test("outcome keys are the camelCase names both toolchains give the record's kebab-case fields", () => {
  assert.deepEqual(Object.values(OUTCOME_KEYS), [
    "war",
    "neutralUnification",
    "alignedUnification",
    "successorState",
    "nuclearStatusQuo",
    "freeze",
    "denuclearization",
  ]);
});

test("param checks the declaration and specs gives the contract's param-spec list", () => {
  assert.deepEqual(specs(DECLS)[1], {
    name: "a.y",
    description: "y",
    default: 5,
    min: 0,
    max: 9,
    unit: "per year",
    source: "[A]",
  });
  const bad = (d, re) => assert.throws(() => param({ name: "a.z", description: "z", default: 1, min: 0, max: 2, source: "[A]", ...d }), re);
  bad({ default: 3 }, /`a.z`: default 3 is outside its range \[0, 2\]/);
  bad({ min: 2, max: 2, default: 2 }, /min < max/);
  bad({ max: Infinity }, /finite/);
  bad({ source: "" }, /source/);
  bad({ name: "nodot" }, /group.name/);
  assert.equal(param({ name: "a.z", description: "z", default: 1, min: 0, max: 2, source: "[A]" }).unit, "");
});

test("values are read by name, in any order, with paths and defaults", () => {
  const input = testInput(DECLS, { horizon: 3, set: { "a.y": [1, 2, 3] } });
  const p = params(input, DECLS);
  assert.equal(p.horizon, 3);
  assert.equal(p.startYear, 2007);
  assert.equal(p.get("a.y"), 1);
  assert.equal(p["a.y"], 1);
  assert.equal(p["a.x"], 1);
  assert.equal(p.at("a.y", 1), 2);
  assert.equal(p.at("a.y", 9), 3, "past its end a path holds its last value");
  assert.deepEqual(p.path("a.y"), [1, 2, 3]);
  assert.deepEqual(p.path("a.x"), [1, 1, 1]);
  assert.equal(p.isPath("a.y"), true);
  assert.equal(p.isPath("a.x"), false);
  assert.throws(() => p.get("a.z"), /reads `a.z` but does not declare it/);
  const empty = params({ ...input, params: [] }, DECLS);
  assert.equal(empty.get("a.y"), 5, "no values: every default");
  assert.deepEqual(empty.path("a.y"), [5, 5, 5]);
  // componentize-js passes a path as a Float64Array.
  const typed = params({ ...input, params: [{ tag: "scalar", val: 2 }, { tag: "path", val: new Float64Array([4, 5, 6]) }] }, DECLS);
  assert.equal(typed.at("a.y", 2), 6);
  assert.equal(typed.get("a.x"), 2);
});

test("bad inputs are refused with the parameter named", () => {
  const input = testInput(DECLS, { horizon: 2 });
  const refuse = (values, re) => assert.throws(() => params({ ...input, params: values }, DECLS), re);
  refuse([{ tag: "scalar", val: 3 }, input.params[1]], /`a.x` = 3 is outside its range \[0, 2\]/);
  refuse([{ tag: "scalar", val: NaN }, input.params[1]], /`a.x` = NaN is outside/);
  refuse([{ tag: "path", val: [1] }, input.params[1]], /`a.x` has a path of 1 values for a horizon of 2 years/);
  refuse([input.params[0], { tag: "path", val: [1, 10] }], /`a.y` = 10 in year index 1 is outside its range \[0, 9\]/);
  refuse([input.params[0]], /1 parameter values for the 2 parameters/);
  refuse([{ tag: "vector", val: 1 }, input.params[1]], /`a.x`: a value is/);
  assert.throws(() => testInput(DECLS, { set: { "b.q": 1 } }), /`b.q` is not declared/);
});

test("output builds the outcomes record, series and explanation, and checks them", () => {
  const out = output(2)
    .outcome("freeze", 0.25)
    .outcome("war", 0.5)
    .outcome("war", 0.25)
    .series("collapse_by", new Float64Array([0.1, 0.2]))
    .explainIf(false, () => ["not this"])
    .explainIf(true, () => ["why"])
    .build();
  assert.deepEqual(Object.keys(out.outcomes), Object.values(OUTCOME_KEYS));
  assert.equal(probability(out, "war"), 0.75);
  assert.equal(out.outcomes.freeze, 0.25);
  assert.equal(out.outcomes.nuclearStatusQuo, 0);
  assert.deepEqual(seriesOf(out, "collapse_by"), [0.1, 0.2]);
  assert.ok(Array.isArray(seriesOf(out, "collapse_by")));
  assert.deepEqual(out.explanation, ["why"]);
  assert.equal(OUTCOMES.length, 7);
});

test("output refuses what breaks the contract, saying what", () => {
  const err = (b, re) => assert.throws(() => b.build(), (e) => e instanceof ForecastError && re.test(e.message));
  err(output(1).outcome("war", 0.5), /probabilities sum to 0.5, not 1/);
  err(output(1).outcome("war", 1.5).outcome("freeze", -0.5), /P\(war\) = 1.5 is not a probability/);
  err(output(1).outcome("war", NaN), /P\(war\) = NaN/);
  err(output(1).outcome("peace", 1), /unknown outcome id `peace`/);
  err(output(2).outcome("war", 1).series("x", [1]), /`x` has 1 values for a horizon of 2 years/);
  err(output(1).outcome("war", 1).series("x", [Infinity]), /`x` holds Infinity in year index 0/);
  err(output(1).outcome("war", 1).series("x", [1]).series("x", [1]), /`x` is given twice/);
  // Within 1e-9 of 1 is accepted.
  output(0).outcome("war", 0.5).outcome("freeze", 0.5 + 5e-10).build();
});

test("modelInfo checks the id, outcomes and indicators and lists the parameter specs", () => {
  const base = { id: "m", name: "M", version: "0.1.0", summary: "s", references: ["r"], parameters: DECLS };
  const i = modelInfo({ ...base, indicators: [{ name: "collapse_by", description: "d" }, { name: "m.own", description: "d", unit: "u" }] });
  assert.deepEqual(i.outcomes, OUTCOMES);
  assert.deepEqual(i.parameters, specs(DECLS));
  assert.equal(i.indicators[0].unit, "");
  assert.throws(() => modelInfo({ ...base, id: "M M" }), /lowercase/);
  assert.throws(() => modelInfo({ ...base, outcomes: ["war", "war"] }), /listed twice/);
  assert.throws(() => modelInfo({ ...base, indicators: [{ name: "other.x", description: "" }] }), /neither shared nor prefixed `m.`/);
  assert.throws(() => modelInfo({ ...base, references: [] }), /reference/);
  assert.throws(() => modelInfo({ ...base, parameters: [DECLS[0], DECLS[0]] }), /declared twice/);
});

test("exportModel sends every exception as a string (componentize-js traps on a thrown Error)", () => {
  const m = exportModel({
    info: () => ({ id: "m" }),
    forecast: (input) => {
      if (input === 1) throw new ForecastError("named problem");
      if (input === 2) throw new TypeError("a bug");
      if (input === 3) throw "already a string";
      return "ok";
    },
  });
  assert.equal(m.info().id, "m");
  assert.equal(m.forecast(0), "ok");
  for (const [input, message] of [
    [1, "named problem"],
    [2, "a bug"],
    [3, "already a string"],
  ]) {
    assert.throws(() => m.forecast(input), (e) => e === message);
  }
});
