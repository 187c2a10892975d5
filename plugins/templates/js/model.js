// {{id}}: a `forecast` model plugin in JavaScript.
//
// The skeleton: the regime falls with a constant yearly hazard h (the one
// declared parameter); a collapse ends in a successor state, survival keeps
// the nuclear status quo. Replace the mechanism, keep the shape:
//
//   1. declare every number the model reads in PARAMS, with a default, a range
//      and a source ("[A]" marks a modelling assumption);
//   2. describe the model in `info` (summary, references, outcomes,
//      indicators);
//   3. in `forecast`, read the values by name (`p.at(name, t)`), compute the
//      seven outcome probabilities (summing to 1), the yearly series and, when
//      asked, a few explanation lines.
//
// forecast-model.js (copied from the project) documents the helper. Keep the
// mathematics in functions of plain numbers (like `yearlySurvival`), so that
// tests/ checks them natively: `npm test`. component.js turns this module
// into the component (`npm run build`).

import { fail, modelInfo, output, params, shared } from "./forecast-model.js";

export const ID = "{{id}}";

// --- Parameters: everything the model reads ---------------------------------------

export const PARAMS = [
  // A shared parameter, as the one table of shared priors declares it
  // (forecast-priors.js). A parameter of this model's own is prefixed with
  // its id: param({ name: `${ID}.my_coefficient`, description, default, min,
  // max, unit, source }).
  shared("dprk.base_hazard"),
];

// --- The model -----------------------------------------------------------------------

export function info() {
  return modelInfo({
    id: ID,
    name: `${ID}: a constant collapse hazard`,
    version: "0.1.0",
    summary:
      "The regime falls with a constant yearly hazard h; a collapse leaves a successor state, survival the nuclear status quo.",
    references: [
      "[A] a placeholder: the literature the mechanism and its numbers rest on, one reference each",
    ],
    parameters: PARAMS,
    // The outcomes the model distinguishes (the others are always 0).
    outcomes: ["successor-state", "nuclear-status-quo"],
    indicators: [{ name: "collapse_by", description: "cumulative P(collapse by the end of year t)", unit: "" }],
  });
}

// --- The mathematics -------------------------------------------------------------------

/** P(the regime survives a year with collapse hazard h). */
export function yearlySurvival(h) {
  return 1 - h;
}

// --- The forecast ------------------------------------------------------------------------

/** One forecast for one sample of a scenario. */
export function forecast(input) {
  const p = params(input, PARAMS); // checks the values; throws naming a bad one
  if (p.horizon < 1) fail(`${ID} needs a horizon of at least one year`);
  let alive = 1;
  const collapseBy = [];
  for (let t = 0; t < p.horizon; t++) {
    alive *= yearlySurvival(p.at("dprk.base_hazard", t)); // a path may vary by year
    collapseBy.push(1 - alive);
  }
  const end = p.startYear + p.horizon - 1;
  return (
    output(p.horizon)
      .outcome("successor-state", 1 - alive)
      .outcome("nuclear-status-quo", alive)
      .series("collapse_by", collapseBy)
      // Formatted only when the host asks (the central case).
      .explainIf(p.explain, () => [
        `Collapse by ${end}: ${(100 * (1 - alive)).toFixed(1)}% at a hazard of ${(100 * p.get("dprk.base_hazard")).toFixed(1)}%/yr in ${p.startYear}`,
      ])
      .build()
  );
}
