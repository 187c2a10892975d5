//! The one table of shared priors: every shared parameter and lever with its
//! meaning, its December 2006 prior (the default), its meaningful range, its
//! unit and where the numbers come from.
//!
//! Every model that reads a shared parameter declares it exactly as this
//! table does (the host refuses a plugin that does not), so a scenario's
//! value means the same to every model, and a model's inputs depend only on
//! the scenario and this table. The range is what the quantity can mean, not
//! the prior's 90% interval: a scenario states its uncertainty as a
//! distribution, and the range only bounds it. A model adds its own
//! parameters, prefixed with its id; they are not here.
//!
//! China's utilities (`china.*`) share one scale, on which losing the buffer
//! costs B (about 0.8): their range is 0 to 2 on it.
//!
//! The texts say where each number comes from. "[A]" marks a modelling
//! assumption: a prior to be varied, not a fact. Priors rest on the
//! literature and the record up to December 2006, never on what happened
//! after (the questions `forecast score` scores against).

/// A shared parameter as every model declares it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SharedParam {
    /// `group.name`.
    pub name: &'static str,
    /// What it means, in a sentence.
    pub description: &'static str,
    /// The December 2006 prior: the value when a scenario does not set it.
    pub default: f64,
    /// The meaningful range: the host refuses values outside it.
    pub min: f64,
    pub max: f64,
    /// Unit, or "" for a dimensionless number.
    pub unit: &'static str,
    /// Where the default and range come from; "[A]" marks an assumption.
    pub source: &'static str,
}

impl SharedParam {
    /// Whether its values are the levels of a scale (a rung, a pledge
    /// level): whole numbers, each with a meaning; the models interpolate
    /// between two levels.
    pub fn has_levels(&self) -> bool {
        matches!(self.unit, "level" | "rung")
    }
}

const fn p(
    name: &'static str,
    description: &'static str,
    default: f64,
    (min, max): (f64, f64),
    unit: &'static str,
    source: &'static str,
) -> SharedParam {
    SharedParam {
        name,
        description,
        default,
        min,
        max,
        unit,
        source,
    }
}

/// The shared parameters and levers, by group.
pub const SHARED_PARAMETERS: [SharedParam; 27] = [
    // --- The regime -------------------------------------------------------------------
    p(
        "dprk.arsenal_value",
        "N: value of the arsenal to Kim relative to regime survival (= 1); above 1 he would risk the regime for it",
        0.6,
        (0.0, 2.0),
        "",
        "[A] prior 0.6 (90% interval 0.3-0.9): the arsenal as the regime's insurance, so worth less than the regime itself; Kim treats China's threats as bluffs and keeps it (Pei & Mastro 2006)",
    ),
    p(
        "dprk.china_dependence",
        "d_CN: China's share of DPRK trade and energy, the part of the economy a Chinese squeeze reaches",
        0.5,
        (0.0, 1.0),
        "",
        "about 0.5 in 2006 (KOTRA trade statistics; China supplied most of the North's oil); a share, so 0-1",
    ),
    p(
        "dprk.base_hazard",
        "h0: baseline annual collapse hazard of the regime under no pressure, with 2006 aid",
        0.01,
        (0.0, 0.5),
        "per year",
        "[A] prior 0.01 (90% interval 0.005-0.02): full autocracies fall in the PITF's low-risk class (Goldstone et al. 2010); the regime survived the 1990s famine; range up to a coin flip a year",
    ),
    p(
        "dprk.leader_mortality",
        "m_t: annual probability that the leader dies or is incapacitated",
        0.08,
        (0.0, 0.5),
        "per year",
        "[A] prior 0.08 (0.05-0.15) for Kim Jong-il, 64 in 2006 with heart disease and diabetes reported; about 0.01 for a leader under 40; range up to 0.5 for a gravely ill leader",
    ),
    p(
        "dprk.succession_failure",
        "q: probability that the regime falls within a year of the leader's death",
        0.13,
        (0.0, 1.0),
        "",
        "87% of authoritarian regimes survived the death of their dictator in office, 1946-2012 (Kendall-Taylor & Frantz 2016): q = 0.13; a probability, 0-1",
    ),
    p(
        "dprk.population",
        "Pop: population of the DPRK",
        24e6,
        (10e6, 40e6),
        "persons",
        "UN World Population Prospects: 23.4 million in 2006; range [A]",
    ),
    p(
        "dprk.freeze_breakdown",
        "b: annual probability that an agreement standing (a freeze, a pledge to give up the programme, a test moratorium) breaks down and the programme resumes",
        0.23,
        (0.0, 1.0),
        "per year",
        "4 breakdowns in 17 agreement-years up to 2006: the 1992 Joint Declaration (broken in 1993), the 1994 Agreed Framework (2002), the 1999 missile moratorium (2006), the 2005 Joint Statement (2006) (Wit, Poneman & Gallucci 2004; Niksch 2006, CRS IB91141); prior interval 0.1-0.4 [A]",
    ),
    // --- China -----------------------------------------------------------------------------
    p(
        "china.buffer_value",
        "B: value to China of the North as a buffer against US forces on the Yalu",
        0.8,
        (0.0, 2.0),
        "",
        "[A] prior 0.8 (0.6-1.0), the largest of China's stakes: the op-ed's thesis that the buffer, not refugees, keeps China propping Kim up (Pei & Mastro 2006); buffer logic of Fazal (2004); China entered the Korean War in Oct 1950 when UN forces crossed the 38th",
    ),
    p(
        "china.refugee_cost",
        "R_C: cost to China of a refugee influx after a collapse (of 1% of the North's population)",
        0.15,
        (0.0, 2.0),
        "",
        "[A] prior 0.15 (0.05-0.3), small next to B: China already absorbs ~100m internal migrants (Pei & Mastro 2006)",
    ),
    p(
        "china.instability_cost",
        "I_C: cost to China of chaos on its border after a collapse",
        0.2,
        (0.0, 2.0),
        "",
        "[A] prior 0.2 (0.1-0.4), the domain design's (docs/models.md, Layer A)",
    ),
    p(
        "china.audience_cost",
        "A_C: cost to China of backing down from a public threat; small, so even an unresolved China can threaten",
        0.1,
        (0.0, 2.0),
        "",
        "[A] prior 0.1 (0-0.3): audience costs make threats informative (Fearon 1994); a small A_C is the op-ed's bluff",
    ),
    p(
        "china.denuclearization_gain",
        "G: China's gain from a denuclearised North",
        0.3,
        (0.0, 2.0),
        "",
        "[A] prior 0.3 (0.1-0.5), the domain design's (docs/models.md, Layer A)",
    ),
    p(
        "china.proliferation_cost",
        "c_prolif: cost to China of a nuclear North (ROK and Japanese hedging, missile defence in the region)",
        0.2,
        (0.0, 2.0),
        "",
        "[A] prior 0.2 (0.1-0.4), the domain design's (docs/models.md, Layer A)",
    ),
    p(
        "china.aid_cost",
        "c_aid: cost to China of propping the regime up at 2006 aid",
        0.05,
        (0.0, 2.0),
        "",
        "[A] prior 0.05 (0.01-0.15): food and oil aid worth a few hundred million dollars a year, small for China",
    ),
    p(
        "china.intervention_cost",
        "c_int: China's cost of sending the PLA into the North after a collapse (occupation, casualties, condemnation); China intervenes iff its stake in the North, p_dep (1 - kappa) B + R_C (1 - J psi) + I_C, exceeds it",
        0.5,
        (0.0, 2.0),
        "",
        "[A] on the scale of China's utilities; China intervened in Oct 1950 at far greater cost once UN forces crossed the 38th; set so that China stays out only when a credible pledge takes most of the buffer off the table (Pei & Mastro 2006)",
    ),
    p(
        "china.intervention_sd",
        "sd_int: uncertainty (standard deviation) about China's intervention margin, besides that of B",
        0.15,
        (0.01, 1.0),
        "",
        "[A] as sd_B: incomplete information about China's stakes (Fearon 1995)",
    ),
    // --- The United States ---------------------------------------------------------------
    p(
        "us.deployment_north",
        "p_dep: probability that US forces go north of the 38th parallel after a collapse, absent a pledge",
        0.7,
        (0.0, 1.0),
        "",
        "[A] prior 0.7 (0.5-0.9): the US would not rule it out (Pei & Mastro 2006); securing nuclear weapons would need US forces in the North (Bennett & Lind 2011 make the case in detail)",
    ),
    // --- Sanctions -------------------------------------------------------------------------
    p(
        "sanctions.leakage",
        "L: share of sanctions pressure lost to evasion and black-knight trade",
        0.3,
        (0.0, 1.0),
        "",
        "[A] prior 0.3 (0.1-0.6): sanctions busting by third-country traders (Early 2015); a share, 0-1",
    ),
    p(
        "sanctions.concession_base",
        "a0: annual rate at which a nuclear-armed target concedes (a freeze or rollback) under no pressure",
        0.02,
        (0.0, 0.5),
        "per year",
        "[A] prior 0.02 (0.01-0.05): 34% of sanctions episodes at least partly succeed (Hufbauer, Schott & Elliott 1990), fewer against nondemocracies (Lektzian & Souva 2007), spread over episodes of several years",
    ),
    // --- Levers ------------------------------------------------------------------------------
    p(
        "levers.sanctions_rung",
        "UNSC sanctions rung, 0 (none) to 5 (oil cut, crude cap); its bite is forecast_vocab::rung_bite",
        1.0,
        (0.0, 5.0),
        "rung",
        "UNSC resolution 1718 (14 Oct 2006) is rung 1; the scale of the domain design (docs/models.md)",
    ),
    p(
        "levers.china_enforcement",
        "e_C: China's enforcement of sanctions, 0 (none) to 1 (full)",
        0.3,
        (0.0, 1.0),
        "",
        "[A] lax enforcement of 1718 in late 2006 (Pei & Mastro 2006)",
    ),
    p(
        "levers.china_aid",
        "A_t: Chinese aid and energy supplies, 2006 = 1 (0 = cut off)",
        1.0,
        (0.0, 2.0),
        "2006 = 1",
        "an index; 2006 = 1 by definition",
    ),
    p(
        "levers.us_pledge",
        "l: US pledge not to deploy north of the 38th: 0 none, 1 informal, 2 executive/joint statement, 3 treaty with verification",
        0.0,
        (0.0, 3.0),
        "level",
        "no pledge in 2006 (Pei & Mastro 2006); credibility by level: forecast_vocab::PLEDGE_CREDIBILITY [A]",
    ),
    p(
        "levers.joint_stabilisation_plan",
        "J: US-China-ROK plan for aid, security and reconstruction after a collapse, 0 (none) to 1 (agreed in full)",
        0.0,
        (0.0, 1.0),
        "",
        "no such plan in 2006 (Pei & Mastro 2006; Stares & Wit 2009 call for one)",
    ),
    p(
        "levers.inducements",
        "economic aid and security assurances offered at the talks, 0 (none) to 1 (the most on offer)",
        0.2,
        (0.0, 1.0),
        "",
        "[A] the six-party talks' offers of 2005-06 (the September 2005 joint statement)",
    ),
    p(
        "levers.china_veto",
        "v_CN: China's propensity to block a new UNSC step after a provocation, 0-1",
        0.05,
        (0.0, 1.0),
        "",
        "[A] China voted for 1718 a week after the first test (Oct 2006); 0.05",
    ),
    p(
        "levers.russia_veto",
        "v_RU: Russia's propensity to block a new UNSC step after a provocation, 0-1",
        0.1,
        (0.0, 1.0),
        "",
        "[A] Russia voted for 1718 (Oct 2006) but opposed its stronger drafts; 0.1",
    ),
];

/// The shared parameter `name`, if it is one.
pub fn shared_parameter(name: &str) -> Option<&'static SharedParam> {
    SHARED_PARAMETERS.iter().find(|p| p.name == name)
}

/// Whether `a` and `b` are the same string, in a `const` context.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The shared parameter `name`, at compile time: a name not in the table
/// does not compile.
pub const fn shared(name: &str) -> SharedParam {
    let mut i = 0;
    while i < SHARED_PARAMETERS.len() {
        if same(SHARED_PARAMETERS[i].name, name) {
            return SHARED_PARAMETERS[i];
        }
        i += 1;
    }
    panic!("not a shared parameter: see forecast_vocab::SHARED_PARAMETERS")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prior_lies_inside_a_finite_range_and_is_sourced() {
        for p in &SHARED_PARAMETERS {
            assert!(
                p.min < p.max && p.min.is_finite() && p.max.is_finite(),
                "{}",
                p.name
            );
            assert!((p.min..=p.max).contains(&p.default), "{}", p.name);
            assert!(
                !p.description.is_empty() && !p.source.is_empty(),
                "{}",
                p.name
            );
            let group = p.name.split('.').next().unwrap();
            assert!(
                ["dprk", "china", "us", "sanctions", "levers"].contains(&group),
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn a_shared_parameter_is_found_by_name_at_compile_time_too() {
        const H0: SharedParam = shared("dprk.base_hazard");
        assert_eq!(H0.default, 0.01);
        assert_eq!(shared_parameter("dprk.base_hazard"), Some(&H0));
        assert_eq!(shared_parameter("collapse.gamma"), None);
    }
}
