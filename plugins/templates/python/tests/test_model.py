"""Tests of {{id}}: check the mechanism, not just a number.

Run from the plugin folder: python3 -m unittest discover -s tests
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import model  # noqa: E402
from forecast_model import ModelError, make_input  # noqa: E402

HAZARD = "dprk.base_hazard"


def run(horizon=20, **values):
    return model.forecast(make_input(model.PARAMS, horizon, values))


class Mechanism(unittest.TestCase):
    def test_a_default_forecast_keeps_the_contract(self):
        out = run()
        out.check(model.INFO)
        self.assertAlmostEqual(sum(out.outcomes.values()), 1.0, delta=1e-12)
        self.assertTrue(out.explanation[0].startswith("Collapse by 2026: "), out.explanation)

    def test_a_higher_hazard_raises_collapse_every_year(self):
        low = run(**{HAZARD: 0.01}).values("collapse_by")
        high = run(**{HAZARD: 0.02}).values("collapse_by")
        self.assertTrue(all(h > l for h, l in zip(high, low)))

    def test_survival_is_the_product_of_the_yearly_survivals(self):
        out = run(**{HAZARD: 0.005})
        self.assertAlmostEqual(out.probability("nuclear-status-quo"), 0.995**20, delta=1e-12)

    def test_a_yearly_path_applies_year_by_year(self):
        out = run(3, **{HAZARD: [0.02, 0.005, 0.005]})
        first, second, third = out.values("collapse_by")
        self.assertAlmostEqual(first, 0.02, delta=1e-15)
        self.assertAlmostEqual(1 - second, 0.98 * 0.995, delta=1e-15)
        self.assertGreater(third, second)

    def test_bad_inputs_are_refused(self):
        with self.assertRaisesRegex(ModelError, HAZARD):
            run(**{HAZARD: 0.7})
        with self.assertRaises(ModelError):
            run(0)


if __name__ == "__main__":
    unittest.main()
