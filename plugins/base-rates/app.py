"""The componentize-py entry module of the `base-rates` plugin.

componentize-py generates `wit_world` from ../../wit/model.wit (world
`plugin`) and exports the class `Model` below as the interface
`forecast:model/model@0.2.0`. The model itself is in `base_rates.py`; the
conversion to the generated types in `forecast_model.py` (../sdk/python).
"""

from wit_world import exports
from wit_world.exports import model

import base_rates
import forecast_model


class Model(exports.Model):
    def info(self) -> model.ModelInfo:
        return forecast_model.wit_info(base_rates.INFO)

    def forecast(self, input: model.ForecastInput) -> model.ForecastOutput:
        return forecast_model.wit_forecast(base_rates.INFO, base_rates.forecast, input)
