// Tests of {{id}}, run natively: npm test (node --test)
import assert from "node:assert/strict";
import { test } from "node:test";
import { OUTCOMES, probability, seriesOf, testInput } from "../forecast-model.js";
import { PARAMS, forecast, info, yearlySurvival } from "../model.js";

const run = (set = {}, horizon = 20, explain = true) => forecast(testInput(PARAMS, { horizon, set, explain }));
const total = (out) => OUTCOMES.reduce((s, o) => s + probability(out, o), 0);

test("keeps the contract: seven outcomes summing to 1, one series value per year", () => {
  assert.equal(info().parameters.length, PARAMS.length);
  for (const h of [0.005, 0.01, 0.02]) {
    const out = run({ "dprk.base_hazard": h });
    assert.ok(Math.abs(total(out) - 1) <= 1e-9);
    assert.equal(seriesOf(out, "collapse_by").length, 20);
  }
});

test("a higher hazard brings collapse sooner", () => {
  const collapse = (h) => seriesOf(run({ "dprk.base_hazard": h }), "collapse_by").at(-1);
  assert.ok(Math.abs(collapse(0.005) - (1 - 0.995 ** 20)) < 1e-12);
  assert.ok(collapse(0.02) > collapse(0.01));
  assert.ok(Math.abs(collapse(0.01) - (1 - 0.99 ** 20)) < 1e-12);
  assert.equal(yearlySurvival(0.25), 0.75);
});

test("explains itself only when asked; refuses what it cannot handle, naming it", () => {
  assert.deepEqual(run({}, 20, true).explanation, ["Collapse by 2026: 18.2% at a hazard of 1.0%/yr in 2007"]);
  assert.deepEqual(run({}, 20, false).explanation, []);
  assert.throws(() => run({ "dprk.base_hazard": 0.7 }), /`dprk.base_hazard` = 0.7 is outside its range/);
  assert.throws(() => run({}, 0), /at least one year/);
});
