// The component entry module of `{{id}}`: exports the interface
// `forecast:model/model@0.2.0` (wit/model.wit, world `plugin`) from the
// functions in model.js. Errors leave as the contract's error string.
import { exportModel } from "./forecast-model.js";
import * as {{ident}} from "./model.js";

export const model = exportModel({{ident}});
