"""The componentize-py entry module of {{id}}: exports `Model` as the
interface forecast:model/model@0.2.0 (world `plugin` of wit/model.wit).

`wit_world` is what componentize-py generates from wit/; forecast_model
converts to its types, checks the answer, and turns a ModelError into the
contract's error. The model itself is model.py.
"""

from wit_world import exports

import forecast_model
import model


class Model(exports.Model):
    def info(self):
        return forecast_model.wit_info(model.INFO)

    def forecast(self, input):
        return forecast_model.wit_forecast(model.INFO, model.forecast, input)
