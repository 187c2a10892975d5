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
        for shared in ("collapse_hazard", "collapse_by", "denuclearization_by",
                       "leader_change_by", "unification_by", "concession_by"):
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
        self.assertEqual(set(t.collapse_by + t.denuclearization_by + t.war_by + t.in_freeze
                             + t.leader_change_by + t.unification_by + t.concession_by), {0.0})

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


NEW = ("leader_change_by", "unification_by", "concession_by")


def flag_copy_concession(years):
    """P(a freeze or dismantlement agreed at least once) by the end of each
    year, by brute force: the generic chain over (state, conceded?) pairs,
    14 states, stepped with each year's whole matrix."""
    v = {(s, False): 0.0 for s in range(7)}
    v.update({(s, True): 0.0 for s in range(7)})
    v[(N, False)] = 1.0
    out = []
    for y in years:
        p = b.transition_matrix(y)
        nxt = dict.fromkeys(v, 0.0)
        for (x, flag), mass in v.items():
            for z in range(7):
                nxt[(z, flag or z in (F, D))] += mass * p[x][z]
        v = nxt
        out.append(sum(m for (_, flag), m in v.items() if flag))
    return out


class NewIndicators(unittest.TestCase):
    """leader_change_by, unification_by and concession_by (0.3.0)."""

    def test_non_decreasing_and_in_the_unit_interval_for_any_input(self):
        rng = random.Random(2011)
        for _ in range(300):
            horizon = rng.randint(1, 60)
            out = b.forecast(random_input(rng, horizon))
            for name in NEW:
                v = out.values(name)
                self.assertEqual(len(v), horizon, name)
                self.assertTrue(all(0.0 <= x <= 1.0 for x in v), (name, v))
                self.assertTrue(all(x <= y for x, y in zip(v, v[1:])), (name, v))

    def test_unification_by_at_the_horizon_is_the_two_unification_outcomes(self):
        rng = random.Random(1990)
        inputs = [make_input(b.PARAMS, 20)] + [random_input(rng, rng.randint(1, 60))
                                                for _ in range(100)]
        for inp in inputs:
            out = b.forecast(inp)
            self.assertEqual(out.values("unification_by")[-1],
                             outcome(out, "neutral-unification") + outcome(out, "aligned-unification"))
        # Year by year it is the unification share of the collapses so far.
        y = year()
        t = b.run([y] * 20)
        split = b.collapse_split(y.collapse_war_share, y.unification_share, y.neutral_share)
        for u, c in zip(t.unification_by, t.collapse_by):
            self.assertAlmostEqual(u, c * (split[1] + split[2]), delta=1e-15)

    def test_concession_by_holds_the_freeze_and_denuclearization_mass(self):
        rng = random.Random(1994)
        for _ in range(200):
            out = b.forecast(random_input(rng, rng.randint(1, 60)))
            self.assertGreaterEqual(
                out.values("concession_by")[-1] + 1e-12,
                outcome(out, "freeze") + outcome(out, "denuclearization"))
            for c, f, d in zip(out.values("concession_by"), out.values("base-rates.in_freeze"),
                               out.values("denuclearization_by")):
                self.assertGreaterEqual(c + 1e-12, f)
                self.assertGreaterEqual(c + 1e-12, d)

    def test_concession_by_is_the_never_conceded_flag_copy_of_the_chain(self):
        rng = random.Random(2002)
        cases = [[year()] * 20, [year(freeze_breakdown=1.0, sanctions_success=0.34)] * 30]
        for _ in range(30):
            cases.append([b.Year(**{f: rng.uniform(p.min, p.max)
                                    for (f, n), p in zip(b._FIELDS, b.PARAMS)})
                          for _ in range(rng.randint(1, 40))])
        for years in cases:
            exact = flag_copy_concession(years)
            for got, want in zip(b.run(years).concession_by, exact):
                self.assertAlmostEqual(got, want, delta=1e-13)

    def test_concession_by_stays_zero_without_concession_rates(self):
        out = run(base_rates__sanctions_success=0.0, base_rates__rollback_rate=0.0)
        self.assertEqual(out.values("concession_by"), [0.0] * 20)
        # The chain still moves: collapse, war and the leader's death.
        self.assertGreater(out.values("collapse_by")[-1], 0.2)
        self.assertGreater(out.values("leader_change_by")[-1], 0.8)

    def test_concession_by_counts_a_freeze_that_broke_down(self):
        # Every freeze breaks down the next year: the freeze mass at any time is
        # one year's inflow, while concession_by keeps every freeze ever agreed.
        brittle = run(base_rates__sanctions_success=0.34, base_rates__freeze_breakdown=1.0)
        lasting = run(base_rates__sanctions_success=0.34, base_rates__freeze_breakdown=0.0)
        conceded = brittle.values("concession_by")[-1]
        now = outcome(brittle, "freeze") + outcome(brittle, "denuclearization")
        self.assertGreater(conceded, 0.3)
        self.assertGreater(conceded, 5 * now)
        self.assertGreater(conceded, 5 * max(brittle.values("base-rates.in_freeze")))
        # A first concession does not depend on what came after.
        self.assertEqual(brittle.values("concession_by"), lasting.values("concession_by"))
        self.assertLess(outcome(brittle, "freeze"), outcome(lasting, "freeze"))

    def test_concession_by_closed_form_without_war_collapse_or_rollback(self):
        y = year(**{**ZERO, "sanctions_success": 0.34, "freeze_breakdown": 0.5})
        c = b.annual_rate(0.34, y.episode_years)
        for t, x in enumerate(b.run([y] * 30).concession_by):
            self.assertAlmostEqual(x, 1 - (1 - c) ** (t + 1), delta=1e-14)
        # Without freezes, a concession is a dismantlement: denuclearization_by.
        t = b.run([year(sanctions_success=0.0, rollback_rate=0.02)] * 20)
        for x, d in zip(t.concession_by, t.denuclearization_by):
            self.assertAlmostEqual(x, d, delta=1e-15)

    def test_leader_change_by_at_least_collapse_and_the_leaders_mortality(self):
        rng = random.Random(2008)
        for _ in range(200):
            years = [b.Year(**{f: rng.uniform(p.min, p.max) for (f, n), p in zip(b._FIELDS, b.PARAMS)})
                     for _ in range(rng.randint(1, 40))]
            t = b.run(years)
            alive = 1.0
            for k, y in enumerate(years):
                alive *= 1.0 - y.leader_mortality
                self.assertGreaterEqual(t.leader_change_by[k], t.collapse_by[k])
                self.assertGreaterEqual(t.leader_change_by[k] + 1e-15, 1.0 - alive)
        out = run()
        for lc, c in zip(out.values("leader_change_by"), out.values("collapse_by")):
            self.assertGreater(lc, c)

    def test_leader_change_by_is_the_leaders_own_survival_with_the_regimes(self):
        # No war, no base hazard: the leader goes only by his death, whether the
        # succession holds or not.
        for q in (0.0, 0.13, 1.0):
            t = b.run([year(war_hazard=0.0, base_hazard=0.0, succession_failure=q)] * 20)
            for k, x in enumerate(t.leader_change_by):
                self.assertAlmostEqual(x, 1 - (1 - 0.08) ** (k + 1), delta=1e-15)
        # A failed succession moves collapse, not the leader's end.
        self.assertEqual(run(dprk__succession_failure=0.25).values("leader_change_by"),
                         run().values("leader_change_by"))
        # An immortal leader goes only with his regime: 1 - P(standing).
        years = [year(leader_mortality=0.0)] * 20
        t = b.run(years)
        for k, x in enumerate(t.leader_change_by):
            d = b.run(years[:k + 1]).distribution
            self.assertAlmostEqual(x, 1 - (d[N] + d[F] + d[D]), delta=1e-14)
        # A leader certain to die goes in the first year.
        self.assertEqual(b.run([year(leader_mortality=1.0)] * 3).leader_change_by, [1.0] * 3)

    def test_yearly_mortality_path_applies_year_by_year(self):
        path = [0.15] * 5 + [0.01] * 15
        lc = run(dprk__leader_mortality=path).values("leader_change_by")
        y = year()
        remaining = 1.0
        for k, m in enumerate(path):
            remaining *= (1 - y.war_hazard) * (1 - y.base_hazard) * (1 - m)
            self.assertAlmostEqual(lc[k], 1 - remaining, delta=1e-15)


class InYear(unittest.TestCase):
    """The yearly events a record scores (0.4.0)."""

    def test_first_events_are_increments_and_agreements_recur(self):
        rng = random.Random(2007)
        for _ in range(200):
            horizon = rng.randint(1, 40)
            out = b.forecast(random_input(rng, horizon))
            collapse, conceded = out.values("collapse_by"), out.values("concession_by")
            war_by = out.values("base-rates.war_by")
            prev = (0.0, 0.0, 0.0)
            for t in range(horizon):
                c, k, w = prev
                self.assertAlmostEqual(out.values("collapse_in_year")[t], collapse[t] - c, delta=1e-12)
                self.assertAlmostEqual(out.values("war_in_year")[t], war_by[t] - w, delta=1e-12)
                # The year's agreements include its first ones.
                self.assertGreaterEqual(out.values("concession_in_year")[t], conceded[t] - k - 1e-12)
                for name in ("collapse_in_year", "war_in_year", "leader_change_in_year",
                             "concession_in_year"):
                    self.assertTrue(0.0 <= out.values(name)[t] <= 1.0, name)
                self.assertGreaterEqual(out.values("missiles_in_year")[t], 0.0)
                prev = (collapse[t], conceded[t], war_by[t])

    def test_missiles_follow_the_standing_regime_at_the_record_rate(self):
        out = run(horizon=3, **{"base-rates.missile_rate": 2.0})
        standing = 1.0
        for t, h in enumerate(out.values("collapse_hazard")):
            w = next(p.default for p in b.PARAMS if p.name == "base-rates.war_hazard")
            self.assertAlmostEqual(out.values("missiles_in_year")[t], 2.0 * standing, delta=1e-12)
            standing *= (1.0 - w) * (1.0 - h / (1.0 - w))


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
        with self.assertRaisesRegex(ModelError, r"11 parameter values for the 12"):
            b.forecast(short)
        with self.assertRaisesRegex(ModelError, "horizon of at least one year"):
            b.forecast(make_input(b.PARAMS, 0))
        nan = make_input(b.PARAMS, 5)
        nan.params[0] = Scalar(math.nan)
        with self.assertRaisesRegex(ModelError, "dprk.base_hazard"):
            b.forecast(nan)


if __name__ == "__main__":
    unittest.main()
