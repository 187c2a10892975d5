"""Tests of the base-rates model: the mechanism of the chain, not just numbers."""

import math
import os
import random
import re
import unittest

import _paths  # noqa: F401  (sys.path: the plugin and ../sdk/python)
import base_rates as b
from forecast_priors import SHARED
from base_rates import AU, D, F, N, NU, SS, W
from forecast_model import OUTCOME_KEYWORDS, ModelError, Path, Scalar, make_input


def run(horizon=20, **values):
    """A forecast with the given values, by parameter name with `__` for `.`
    and `_` for `-` in the model prefix (base_rates__war_hazard)."""
    named = {k.replace("base_rates__", "base-rates.").replace("dprk__", "dprk."): v
             for k, v in values.items()}
    return b.forecast(make_input(b.PARAMS, horizon, named))


def outcome(out, name):
    return out.probability(name)


def year(**kw):
    """A Year with the declared defaults, some fields replaced."""
    defaults = {f: next(p.default for p in b.PARAMS if p.name == n) for f, n in b._FIELDS}
    defaults.update(kw)
    return b.Year(**defaults)


ZERO = dict(base_hazard=0.0, leader_mortality=0.0, succession_failure=0.0,
            sanctions_success=0.0, freeze_breakdown=0.0, rollback_rate=0.0, war_hazard=0.0)


def random_input(rng, horizon):
    """Every parameter a scalar or a yearly path, uniform in its declared range."""
    params = []
    for p in b.PARAMS:
        if rng.random() < 0.5:
            params.append(Scalar(rng.uniform(p.min, p.max)))
        else:
            params.append(Path([rng.uniform(p.min, p.max) for _ in range(horizon)]))
    inp = make_input(b.PARAMS, horizon)
    inp.params = params
    return inp


class Declarations(unittest.TestCase):
    def test_names_are_shared_or_prefixed_and_no_lever_is_read(self):
        for p in b.PARAMS:
            self.assertTrue(p.name.startswith(("dprk.", "base-rates.")), p.name)
            self.assertFalse(p.name.startswith("levers."), "the outside view reads no lever")
            self.assertTrue(p.source, p.name)

    def test_info_lists_all_seven_outcomes_and_shared_indicators(self):
        self.assertEqual(list(b.INFO.outcomes), list(b.STATES))
        names = [i.name for i in b.INFO.indicators]
        for shared in ("collapse_hazard", "collapse_by", "denuclearization_by"):
            self.assertIn(shared, names)

    def test_shared_parameters_are_declared_as_the_table_of_shared_priors_has_them(self):
        for p in b.PARAMS:
            if "." in p.name and not p.name.startswith("base-rates."):
                description, default, lo, hi, unit, source = SHARED[p.name]
                self.assertEqual(
                    (p.description, p.default, p.min, p.max, p.unit, p.source),
                    (description, default, lo, hi, unit, source),
                    p.name,
                )

    def test_every_declared_parameter_is_read(self):
        base = run(10)
        for p in b.PARAMS:
            other = p.min if p.default != p.min else p.max
            changed = b.forecast(make_input(b.PARAMS, 10, {p.name: other}))
            self.assertNotEqual(
                (changed.outcomes, changed.indicators), (base.outcomes, base.indicators),
                f"{p.name} is declared but changes nothing")


class TheChain(unittest.TestCase):
    def test_rows_of_every_yearly_matrix_sum_to_one_and_absorbing_states_stay(self):
        rng = random.Random(7)
        for _ in range(200):
            y = b.Year(**{f: rng.uniform(p.min, p.max)
                          for (f, n), p in zip(b._FIELDS, b.PARAMS)})
            m = b.transition_matrix(y)
            for i, row in enumerate(m):
                self.assertAlmostEqual(sum(row), 1.0, delta=1e-14)
                self.assertTrue(all(0.0 <= x <= 1.0 for x in row), row)
            for s in (W, NU, AU, SS):
                self.assertEqual(m[s], [1.0 if j == s else 0.0 for j in range(7)])
            self.assertEqual(m[D][N], 0.0, "a verified dismantlement is not reversed")

    def test_zero_rates_give_the_pure_status_quo(self):
        t = b.run([year(**ZERO)] * 30)
        self.assertEqual(t.distribution, [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0])
        self.assertEqual(set(t.collapse_by + t.denuclearization_by + t.war_by + t.in_freeze), {0.0})

    def test_standing_mass_decays_by_the_closed_form(self):
        y = year()
        h = b.collapse_hazard(y.base_hazard, y.leader_mortality, y.succession_failure)
        absorbed = y.war_hazard + (1 - y.war_hazard) * h
        for horizon in (1, 5, 20, 60):
            d = b.run([y] * horizon).distribution
            self.assertAlmostEqual(d[N] + d[F] + d[D], (1 - absorbed) ** horizon, delta=1e-12)

    def test_collapse_mass_splits_by_the_divided_nation_shares(self):
        y = year()
        t = b.run([y] * 20)
        d = t.distribution
        split = b.collapse_split(y.collapse_war_share, y.unification_share, y.neutral_share)
        collapse = t.collapse_by[-1]
        self.assertAlmostEqual(d[NU], collapse * split[1], delta=1e-12)
        self.assertAlmostEqual(d[AU], collapse * split[2], delta=1e-12)
        self.assertAlmostEqual(d[SS], collapse * split[3], delta=1e-12)
        self.assertAlmostEqual(t.war_after_collapse, collapse * split[0], delta=1e-12)
        self.assertAlmostEqual(sum(split), 1.0, delta=1e-15)

    def test_long_horizons_converge_to_the_absorbing_limit(self):
        y = year()
        limit = b.limit(y)
        far = b.run([y] * 2000).distribution
        further = b.run([y] * 4000).distribution
        for a, c, l in zip(far, further, limit):
            self.assertAlmostEqual(a, l, delta=1e-9)
            self.assertAlmostEqual(a, c, delta=1e-9)
        self.assertAlmostEqual(sum(limit), 1.0, delta=1e-12)

    def test_without_collapse_or_war_the_programme_reaches_its_stationary_split(self):
        # Only N <-> F with no rollback: the stationary freeze share is c / (c + b).
        y = year(**{**ZERO, "sanctions_success": 0.2, "freeze_breakdown": 0.1})
        c = b.annual_rate(0.2, y.episode_years)
        d = b.run([y] * 3000).distribution
        self.assertAlmostEqual(d[F], c / (c + 0.1), delta=1e-9)
        self.assertAlmostEqual(d[N] + d[F], 1.0, delta=1e-12)

    def test_annual_rate_spreads_the_episode_probability(self):
        for p, years in ((0.34, 5.0), (0.04, 2.0), (0.12, 10.0)):
            c = b.annual_rate(p, years)
            self.assertAlmostEqual(1 - (1 - c) ** years, p, delta=1e-12)
            self.assertLess(c, p)
        self.assertAlmostEqual(b.annual_rate(0.12, 5.0), 0.0252, delta=1e-4)


class Mechanism(unittest.TestCase):
    def test_outcomes_sum_to_one_and_series_have_the_horizon_for_any_input(self):
        rng = random.Random(2006)
        for _ in range(300):
            horizon = rng.randint(1, 60)
            out = b.forecast(random_input(rng, horizon))
            out.check(b.INFO)
            self.assertAlmostEqual(sum(out.outcomes.values()), 1.0, delta=1e-12)
            self.assertEqual(set(OUTCOME_KEYWORDS), set(out.outcomes))
            for name, values in out.indicators:
                self.assertEqual(len(values), horizon, name)
            for name in ("collapse_by", "denuclearization_by", "base-rates.war_by"):
                v = out.values(name)
                self.assertTrue(all(x <= y + 1e-15 for x, y in zip(v, v[1:])), name)

    def test_higher_leader_mortality_raises_collapse_by(self):
        low = run(dprk__leader_mortality=0.02).values("collapse_by")
        high = run(dprk__leader_mortality=0.15).values("collapse_by")
        self.assertTrue(all(h > l for h, l in zip(high, low)))

    def test_succession_failure_and_base_hazard_raise_collapse(self):
        base = run().values("collapse_by")[-1]
        self.assertGreater(run(dprk__succession_failure=0.25).values("collapse_by")[-1], base)
        self.assertGreater(run(dprk__base_hazard=0.02).values("collapse_by")[-1], base)

    def test_sanctions_success_raises_freeze_and_breakdown_undoes_it(self):
        base = run()
        more = run(base_rates__sanctions_success=0.34)
        self.assertGreater(outcome(more, "freeze"), outcome(base, "freeze"))
        self.assertLess(outcome(more, "nuclear-status-quo"), outcome(base, "nuclear-status-quo"))
        brittle = run(base_rates__freeze_breakdown=0.5)
        self.assertLess(outcome(brittle, "freeze"), outcome(base, "freeze"))
        self.assertGreater(outcome(brittle, "nuclear-status-quo"), outcome(base, "nuclear-status-quo"))
        # Neither touches the regime's survival.
        for other in (more, brittle):
            self.assertEqual(other.values("collapse_by"), base.values("collapse_by"))

    def test_rollback_rate_drives_denuclearization(self):
        base = run()
        more = run(base_rates__rollback_rate=0.02)
        self.assertGreater(outcome(more, "denuclearization"), 3 * outcome(base, "denuclearization"))
        self.assertGreaterEqual(more.values("denuclearization_by")[-1], outcome(more, "denuclearization"))

    def test_war_share_and_war_hazard_move_mass_into_war_only(self):
        base = run()
        peace = run(base_rates__war_hazard=0.0, base_rates__collapse_war_share=0.05)
        self.assertLess(outcome(peace, "war"), outcome(base, "war"))
        self.assertLess(outcome(peace, "war"), 0.05)
        neutral = run(base_rates__neutral_share=0.9)
        self.assertGreater(outcome(neutral, "neutral-unification"),
                           outcome(base, "neutral-unification"))
        self.assertAlmostEqual(
            outcome(neutral, "neutral-unification") + outcome(neutral, "aligned-unification"),
            outcome(base, "neutral-unification") + outcome(base, "aligned-unification"),
            delta=1e-12)

    def test_yearly_paths_apply_year_by_year(self):
        path = [0.15] * 5 + [0.01] * 15
        out = run(dprk__leader_mortality=path)
        hazard = out.values("collapse_hazard")
        for t, m in enumerate(path):
            y = year(leader_mortality=m)
            expected = (1 - y.war_hazard) * b.collapse_hazard(y.base_hazard, m, y.succession_failure)
            self.assertEqual(hazard[t], expected)
        self.assertGreater(hazard[0], hazard[10])
        # Only the path's years matter: a path equal to a scalar gives the same bits.
        self.assertEqual(run(dprk__leader_mortality=[0.08] * 20).outcomes, run().outcomes)

    def test_same_input_same_bits(self):
        a, c = run(), run()
        self.assertEqual([x.hex() for x in a.outcomes.values()], [x.hex() for x in c.outcomes.values()])
        self.assertEqual(a.explanation, c.explanation)


class Contract(unittest.TestCase):
    def test_explains_only_when_asked_with_the_reference_classes(self):
        out = run()
        self.assertEqual(len(out.explanation), 4)
        text = "\n".join(out.explanation)
        for ref in ("Goldstone", "Kendall-Taylor", "1953", "Vietnam 1975", "Two-Plus-Four",
                    "HSE 34%", "Agreed Framework", "South Africa"):
            self.assertIn(ref, text)
        self.assertTrue(out.explanation[0].startswith("Collapse by 2026: "), out.explanation[0])
        quiet = b.forecast(make_input(b.PARAMS, 20, explain=False))
        self.assertEqual(quiet.explanation, [])
        self.assertEqual(quiet.outcomes, out.outcomes)

    def test_an_empty_parameter_list_means_the_defaults(self):
        inp = make_input(b.PARAMS, 20)
        inp.params = []
        self.assertEqual(b.forecast(inp).outcomes, run().outcomes)

    def test_bad_inputs_are_refused_naming_the_parameter(self):
        with self.assertRaisesRegex(ModelError, r"`base-rates.war_hazard` = 0.7 is outside"):
            run(base_rates__war_hazard=0.7)
        with self.assertRaisesRegex(ModelError, r"`dprk.base_hazard` has a path of 3 values"):
            run(dprk__base_hazard=[0.01, 0.01, 0.01])
        short = make_input(b.PARAMS, 20)
        short.params.pop()
        with self.assertRaisesRegex(ModelError, r"10 parameter values for the 11"):
            b.forecast(short)
        with self.assertRaisesRegex(ModelError, "horizon of at least one year"):
            b.forecast(make_input(b.PARAMS, 0))
        nan = make_input(b.PARAMS, 5)
        nan.params[0] = Scalar(math.nan)
        with self.assertRaisesRegex(ModelError, "dprk.base_hazard"):
            b.forecast(nan)


if __name__ == "__main__":
    unittest.main()
