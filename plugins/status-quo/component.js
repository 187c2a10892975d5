// The component entry module of the `status-quo` model: the export of the
// interface `forecast:model/model@0.2.0` (wit/model.wit, world `plugin`).
// The mathematics is in model.js; this file only adapts it to the contract.
import { exportModel } from "../sdk/js/forecast-model.js";
import { forecast, info } from "./model.js";

export const model = exportModel({ info, forecast });
