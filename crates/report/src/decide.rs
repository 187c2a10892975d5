//! `forecast decide`'s report: the robustness of each policy across models
//! first (the worst model, the minimax regret, satisficing), then per model,
//! the rankings, where the models disagree, the Pareto fronts and which
//! levers each model reads; as tables, JSON, CSV or charts.

use super::Failure;
use super::chart::{self, FONT, colour, failed};
use forecast_decide::metrics::{Metrics, Scores};
use forecast_decide::pareto::front;
use forecast_decide::{Constraint, Direction, Objective};
use plotters::prelude::*;
use serde_json::{Value, json};
use std::io::{self, Write};

/// A policy as the report names it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PolicyInfo {
    pub id: String,
    pub name: String,
    pub rationale: String,
    /// The levers it sets.
    pub levers: Vec<String>,
}

/// What a lever search did (`forecast decide --search`).
pub struct SearchInfo {
    /// The searched variables: levers, and `lever@year` for a change year.
    pub variables: Vec<String>,
    pub generations: usize,
    pub population: usize,
    pub evaluations: usize,
    /// The point the hypervolume is measured against, on the minimised
    /// worst-model objectives (a maximised one negated).
    pub reference: Vec<f64>,
    /// The hypervolume of the front after each generation.
    pub hypervolume: Vec<f64>,
}

/// Everything `forecast decide` reports.
pub struct Decision {
    pub scenario: String,
    pub title: String,
    pub last_year: i32,
    pub samples: usize,
    pub seed: u64,
    pub tail: f64,
    pub policies: Vec<PolicyInfo>,
    /// Every model run, in order; [`Metrics::models`] indexes it.
    pub models: Vec<String>,
    /// The levers each model reads, in the same order.
    pub reads: Vec<Vec<String>>,
    pub objectives: Vec<Objective>,
    pub constraints: Vec<Constraint>,
    pub metrics: Metrics,
    /// (model, quantity) pairs a model does not give, so it is left out.
    pub abstentions: Vec<(String, String)>,
    pub failures: Vec<Failure>,
    /// The search that found some of the policies, if one ran.
    pub search: Option<SearchInfo>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn is_probability(name: &str) -> bool {
    forecast_vocab::outcome_index(name).is_some()
        || name
            .split_once('@')
            .is_some_and(|(i, _)| forecast_vocab::is_probability_indicator(i))
}

impl Decision {
    fn model(&self, i: usize) -> &str {
        &self.models[self.metrics.models[i]]
    }

    /// A value of objective `q`: a percentage for a probability.
    fn value(&self, q: usize, v: f64) -> String {
        if is_probability(&self.objectives[q].name) {
            format!("{:.1}%", v * 100.0)
        } else {
            format!("{v:.4}")
        }
    }

    /// A difference of objective `q`: percentage points for a probability.
    fn gap(&self, q: usize, v: f64) -> String {
        if is_probability(&self.objectives[q].name) {
            format!("{:.1} pts", v * 100.0)
        } else {
            format!("{v:.4}")
        }
    }

    fn direction(&self, q: usize) -> &'static str {
        match self.objectives[q].direction {
            Direction::Max => "max",
            Direction::Min => "min",
        }
    }

    /// Policy indices best first by `key` of objective `q` (`better_high`
    /// when a larger key is better).
    fn ranked(&self, key: impl Fn(usize) -> f64, better_high: bool) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.policies.len()).collect();
        order.sort_by(|a, b| {
            let (x, y) = (key(*a), key(*b));
            if better_high {
                y.total_cmp(&x)
            } else {
                x.total_cmp(&y)
            }
        });
        order
    }

    /// The non-dominated policies on the objectives' means, across models
    /// (`None`) or on one model.
    fn front(&self, model: Option<usize>) -> Vec<usize> {
        let points: Vec<Vec<f64>> = self
            .metrics
            .policies
            .iter()
            .map(|p| match model {
                None => p.across.iter().map(|s| s.mean).collect(),
                Some(m) => p.per_model[m].iter().map(|s| s.mean).collect(),
            })
            .collect();
        let dirs: Vec<Direction> = self.objectives.iter().map(|o| o.direction).collect();
        front(&points, &dirs)
    }

    fn ids(&self, policies: &[usize]) -> String {
        policies
            .iter()
            .map(|&p| self.policies[p].id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn header(&self, out: &mut dyn Write) -> io::Result<()> {
        let objectives: Vec<String> = (0..self.objectives.len())
            .map(|q| format!("{} ({})", self.objectives[q].name, self.direction(q)))
            .collect();
        let constraints: Vec<&str> = self.constraints.iter().map(|c| c.name.as_str()).collect();
        writeln!(out, "{}: {}", self.scenario, self.title)?;
        writeln!(
            out,
            "{} on {}, {} samples each, every policy on the same draws (seed {}); outcomes by {}",
            plural(self.policies.len(), "policy", "policies"),
            plural(self.metrics.models.len(), "model", "models"),
            self.samples,
            self.seed,
            self.last_year
        )?;
        writeln!(
            out,
            "objectives: {}; satisfactory: {}; the bad-side percentile is the {:.0}th of a quantity to maximise, the {:.0}th of one to minimise",
            objectives.join(", "),
            if constraints.is_empty() {
                "no constraint".into()
            } else {
                constraints.join(" and ")
            },
            self.tail * 100.0,
            (1.0 - self.tail) * 100.0
        )
    }
}

impl super::Analysis for Decision {
    fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        self.header(out)?;
        if let Some(s) = &self.search {
            let hv = &s.hypervolume;
            let shown: Vec<String> = hv
                .iter()
                .enumerate()
                .filter(|(g, _)| *g == 0 || *g + 1 == hv.len() || g % (hv.len() / 8).max(1) == 0)
                .map(|(g, v)| {
                    if *v >= 0.01 {
                        format!("{g}: {v:.4}")
                    } else {
                        format!("{g}: {v:.3e}")
                    }
                })
                .collect();
            writeln!(
                out,
                "\nSearch (NSGA-II) over {}: {} generations of {} candidates, {} evaluated on every model; each judged by its\nworst model's mean on each objective. Hypervolume of its front by generation: {}",
                s.variables.join(", "),
                s.generations,
                s.population,
                s.evaluations,
                shown.join(", ")
            )?;
            for p in self
                .policies
                .iter()
                .filter(|p| p.rationale == "found by the search")
            {
                writeln!(out, "  {}: {}", p.id, p.name)?;
            }
        }
        let w = self
            .policies
            .iter()
            .map(|p| p.id.len())
            .max()
            .unwrap_or(6)
            .max(6);
        writeln!(
            out,
            "\nRobust across models: per objective the worst model's mean (and which model), the minimax regret\n(the most the policy falls short of the best policy of any model and sample), and the share of\n(model, sample) pairs that are satisfactory:"
        )?;
        let mut head = format!("{:<w$}", "policy");
        for o in &self.objectives {
            head.push_str(&format!(
                "  {:>34}  {:>11}",
                format!("{}: worst model", o.name),
                "max regret"
            ));
        }
        head.push_str("  satisfactory");
        writeln!(out, "{head}")?;
        for (p, m) in self.metrics.policies.iter().enumerate() {
            let mut line = format!("{:<w$}", self.policies[p].id);
            for q in 0..self.objectives.len() {
                let (model, v) = m.worst_model[q];
                line.push_str(&format!(
                    "  {:>34}  {:>11}",
                    format!("{} ({})", self.value(q, v), self.model(model)),
                    self.gap(q, m.across[q].max_regret)
                ));
            }
            line.push_str(&format!(
                "  {:>12}",
                format!("{:.0}%", m.satisficing * 100.0)
            ));
            writeln!(out, "{line}")?;
        }
        writeln!(out, "\nRanked:")?;
        for (q, o) in self.objectives.iter().enumerate() {
            let high = o.direction == Direction::Max;
            let worst = self.ranked(|p| self.metrics.policies[p].worst_model[q].1, high);
            let regret = self.ranked(|p| self.metrics.policies[p].across[q].max_regret, false);
            let mean = self.ranked(|p| self.metrics.policies[p].across[q].mean, high);
            writeln!(out, "  {} by the worst model: {}", o.name, self.ids(&worst))?;
            writeln!(out, "  {} by minimax regret: {}", o.name, self.ids(&regret))?;
            writeln!(
                out,
                "  {} by the mean across models: {}",
                o.name,
                self.ids(&mean)
            )?;
        }
        let satisfied = self.ranked(|p| self.metrics.policies[p].satisficing, true);
        writeln!(out, "  by satisficing: {}", self.ids(&satisfied))?;

        writeln!(
            out,
            "\nPer model: mean [bad-side percentile], and the spread between models:"
        )?;
        for (q, o) in self.objectives.iter().enumerate() {
            let mut head = format!("{:<w$}", o.name);
            for m in 0..self.metrics.models.len() {
                head.push_str(&format!("  {:>22}", self.model(m)));
            }
            head.push_str(&format!("  {:>10}", "spread"));
            writeln!(out, "{head}")?;
            for (p, pm) in self.metrics.policies.iter().enumerate() {
                let mut line = format!("{:<w$}", self.policies[p].id);
                for s in &pm.per_model {
                    let Scores { mean, tail, .. } = s[q];
                    line.push_str(&format!(
                        "  {:>22}",
                        format!("{} [{}]", self.value(q, mean), self.value(q, tail))
                    ));
                }
                line.push_str(&format!("  {:>10}", self.gap(q, pm.spread[q])));
                writeln!(out, "{line}")?;
            }
        }

        writeln!(
            out,
            "\nWhere the models rank two policies in opposite orders (by their means):"
        )?;
        if self.metrics.flips.is_empty() {
            writeln!(out, "  nowhere: every model orders every pair the same way")?;
        }
        for f in &self.metrics.flips {
            let names = |ms: &[usize]| {
                ms.iter()
                    .map(|&m| self.model(m))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let verb = |ms: &[usize]| if ms.len() == 1 { "prefers" } else { "prefer" };
            writeln!(
                out,
                "  {}: {} {} {}, {} {} {}",
                self.objectives[f.objective].name,
                names(&f.prefer_a),
                verb(&f.prefer_a),
                self.policies[f.a].id,
                names(&f.prefer_b),
                verb(&f.prefer_b),
                self.policies[f.b].id
            )?;
        }
        writeln!(
            out,
            "\nThe Pareto front on the objectives' means (no other policy as good on all and better on one):"
        )?;
        writeln!(out, "  across models: {}", self.ids(&self.front(None)))?;
        for m in 0..self.metrics.models.len() {
            writeln!(
                out,
                "  {}: {}",
                self.model(m),
                self.ids(&self.front(Some(m)))
            )?;
        }
        writeln!(
            out,
            "\nWhich levers each model reads (a policy moves a model only through these; holding up in a model that\nreads none of its levers is not robustness):"
        )?;
        for (i, model) in self.models.iter().enumerate() {
            writeln!(out, "  {model}: {}", self.reads[i].join(", "))?;
        }
        for p in &self.policies {
            let unread: Vec<&str> = self
                .models
                .iter()
                .enumerate()
                .filter(|(i, _)| !p.levers.iter().any(|l| self.reads[*i].contains(l)))
                .map(|(_, m)| m.as_str())
                .collect();
            if !unread.is_empty() {
                writeln!(
                    out,
                    "  note: {} reads none of the levers of {}",
                    unread.join(", "),
                    p.id
                )?;
            }
        }
        for (m, q) in &self.abstentions {
            writeln!(
                out,
                "  note: {m} does not give {q}, so it is left out of the comparison"
            )?;
        }
        super::write_failures(out, &self.failures)
    }

    fn write_csv(&self, out: &mut dyn Write) -> Option<io::Result<()>> {
        Some((|| {
            writeln!(out, "policy,model,objective,metric,value")?;
            for (p, pm) in self.metrics.policies.iter().enumerate() {
                let id = super::csv::field(&self.policies[p].id);
                let mut row = |model: &str, objective: &str, metric: &str, v: f64| {
                    writeln!(
                        out,
                        "{id},{},{},{metric},{v}",
                        super::csv::field(model),
                        super::csv::field(objective)
                    )
                };
                for (q, o) in self.objectives.iter().enumerate() {
                    for (m, s) in pm.per_model.iter().enumerate() {
                        for (metric, v) in scores(&s[q]) {
                            row(self.model(m), &o.name, metric, v)?;
                        }
                    }
                    for (metric, v) in scores(&pm.across[q]) {
                        row("all", &o.name, metric, v)?;
                    }
                    row("all", &o.name, "worst_model_mean", pm.worst_model[q].1)?;
                    row("all", &o.name, "spread", pm.spread[q])?;
                }
                for (m, v) in pm.satisficing_per_model.iter().enumerate() {
                    row(self.model(m), "", "satisficing", *v)?;
                }
                row("all", "", "satisficing", pm.satisficing)?;
            }
            Ok(())
        })())
    }

    fn json(&self) -> Value {
        let models: Vec<&str> = (0..self.metrics.models.len())
            .map(|m| self.model(m))
            .collect();
        json!({
            "schema": "forecast-decide/1",
            "scenario": self.scenario,
            "samples": self.samples,
            "seed": self.seed,
            "tail": self.tail,
            "objectives": self.objectives,
            "constraints": self.constraints,
            "models": models,
            "reads": self.models.iter().zip(&self.reads).map(|(m, r)| json!({ "model": m, "levers": r })).collect::<Vec<_>>(),
            "policies": self.policies.iter().zip(&self.metrics.policies).map(|(p, m)| json!({
                "id": p.id, "name": p.name, "rationale": p.rationale, "levers": p.levers,
                "across": m.across,
                "per_model": m.per_model,
                "worst_model": m.worst_model.iter().map(|(i, v)| json!({ "model": models[*i], "mean": v })).collect::<Vec<_>>(),
                "spread": m.spread,
                "satisficing": m.satisficing,
                "satisficing_per_model": m.satisficing_per_model,
            })).collect::<Vec<_>>(),
            "flips": self.metrics.flips.iter().map(|f| json!({
                "objective": self.objectives[f.objective].name,
                "a": self.policies[f.a].id, "b": self.policies[f.b].id,
                "prefer_a": f.prefer_a.iter().map(|&m| models[m]).collect::<Vec<_>>(),
                "prefer_b": f.prefer_b.iter().map(|&m| models[m]).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "pareto": {
                "across": self.front(None).iter().map(|&p| &self.policies[p].id).collect::<Vec<_>>(),
                "per_model": (0..models.len()).map(|m| json!({
                    "model": models[m],
                    "front": self.front(Some(m)).iter().map(|&p| &self.policies[p].id).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            },
            "abstentions": self.abstentions.iter().map(|(m, q)| json!({ "model": m, "quantity": q })).collect::<Vec<_>>(),
            "failures": self.failures.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
            "search": self.search.as_ref().map(|s| json!({
                "variables": s.variables, "generations": s.generations, "population": s.population,
                "evaluations": s.evaluations, "reference": s.reference, "hypervolume": s.hypervolume,
            })),
        })
    }

    fn svg(&self) -> io::Result<String> {
        let pairs: Vec<(usize, usize)> = (0..self.objectives.len())
            .flat_map(|a| (a + 1..self.objectives.len()).map(move |b| (a, b)))
            .collect();
        // The scatters, the parallel coordinates, the regret per objective,
        // and the search's convergence.
        let regrets = pairs.len() + 1;
        let count = regrets + self.objectives.len() + usize::from(self.search.is_some());
        chart::panels(count, 2, (560, 420), |i, area| match pairs.get(i) {
            Some(&(a, b)) => self.scatter(area, a, b),
            None if i == pairs.len() => self.parallel(area),
            None if i < regrets + self.objectives.len() => self.regret(area, i - regrets),
            None => self.convergence(area),
        })
    }
}

fn scores(s: &Scores) -> [(&'static str, f64); 4] {
    [
        ("mean", s.mean),
        ("tail", s.tail),
        ("max_regret", s.max_regret),
        ("mean_regret", s.mean_regret),
    ]
}

type Area<'a> = plotters::drawing::DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Draws a chart's legend of its labelled series.
fn legend<'a, 'b: 'a>(
    chart: &mut ChartContext<
        'a,
        SVGBackend<'b>,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
) -> io::Result<()> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .label_font((FONT, 11))
        .draw()
        .map_err(failed)
}

impl Decision {
    /// The policies' means on objectives `a` and `b`, one colour per model,
    /// the mean across models in black, each point named.
    fn scatter(&self, area: &Area, a: usize, b: usize) -> io::Result<()> {
        let mut points: Vec<(f64, f64)> = Vec::new();
        for pm in &self.metrics.policies {
            points.push((pm.across[a].mean, pm.across[b].mean));
            points.extend(pm.per_model.iter().map(|s| (s[a].mean, s[b].mean)));
        }
        let span = |f: fn(&(f64, f64)) -> f64| {
            let (lo, hi) = points
                .iter()
                .map(f)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                    (l.min(v), h.max(v))
                });
            let pad = ((hi - lo) * 0.08).max(1e-3);
            (lo - pad)..(hi + pad)
        };
        let title = format!(
            "{} ({}) and {} ({})",
            self.objectives[a].name,
            self.direction(a),
            self.objectives[b].name,
            self.direction(b)
        );
        let mut chart = ChartBuilder::on(area)
            .caption(title, (FONT, 15))
            .margin(10)
            .x_label_area_size(34)
            .y_label_area_size(52)
            .build_cartesian_2d(span(|p| p.0), span(|p| p.1))
            .map_err(failed)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .x_desc(self.objectives[a].name.as_str())
            .y_desc(self.objectives[b].name.as_str())
            .label_style((FONT, 11))
            .axis_desc_style((FONT, 12))
            .draw()
            .map_err(failed)?;
        for m in 0..self.metrics.models.len() {
            let c = colour(m);
            chart
                .draw_series(self.metrics.policies.iter().map(|pm| {
                    Circle::new(
                        (pm.per_model[m][a].mean, pm.per_model[m][b].mean),
                        4,
                        c.filled(),
                    )
                }))
                .map_err(failed)?
                .label(self.model(m))
                .legend(move |(x, y)| Circle::new((x + 6, y), 4, c.filled()));
        }
        chart
            .draw_series(
                self.metrics
                    .policies
                    .iter()
                    .zip(&self.policies)
                    .map(|(pm, p)| {
                        let at = (pm.across[a].mean, pm.across[b].mean);
                        EmptyElement::at(at)
                            + Cross::new((0, 0), 5, BLACK.stroke_width(2))
                            + Text::new(p.id.clone(), (6, -12), (FONT, 11))
                    }),
            )
            .map_err(failed)?
            .label("across models")
            .legend(|(x, y)| Cross::new((x + 6, y), 4, BLACK.stroke_width(2)));
        legend(&mut chart)
    }

    /// Parallel coordinates: an axis per robustness metric (per objective
    /// the mean across models, the worst model's mean and the maximum
    /// regret; then satisficing), each scaled over the policies with the
    /// best at the top, and a line per policy.
    fn parallel(&self, area: &Area) -> io::Result<()> {
        let mut axes: Vec<(String, Vec<f64>, bool)> = Vec::new();
        for (q, o) in self.objectives.iter().enumerate() {
            let high = o.direction == Direction::Max;
            let of = |f: &dyn Fn(&forecast_decide::metrics::PolicyMetrics) -> f64| {
                self.metrics.policies.iter().map(f).collect::<Vec<f64>>()
            };
            axes.push((format!("{} mean", o.name), of(&|p| p.across[q].mean), high));
            axes.push((
                format!("{} worst", o.name),
                of(&|p| p.worst_model[q].1),
                high,
            ));
            axes.push((
                format!("{} regret", o.name),
                of(&|p| p.across[q].max_regret),
                false,
            ));
        }
        let satisficing: Vec<f64> = self
            .metrics
            .policies
            .iter()
            .map(|p| p.satisficing)
            .collect();
        axes.push(("satisfactory".into(), satisficing, true));
        let scaled = |values: &[f64], high: bool, p: usize| {
            let (lo, hi) = values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                    (l.min(*v), h.max(*v))
                });
            if hi - lo < 1e-12 {
                return 0.5;
            }
            let t = (values[p] - lo) / (hi - lo);
            if high { t } else { 1.0 - t }
        };
        let mut chart = ChartBuilder::on(area)
            .caption("the policies on every metric (best at the top)", (FONT, 15))
            .margin(10)
            .margin_top(24)
            .x_label_area_size(48)
            .y_label_area_size(10)
            .build_cartesian_2d(-0.3f64..(axes.len() as f64 - 0.7), -0.05f64..1.05f64)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_y_axis()
            .x_labels(0)
            .draw()
            .map_err(failed)?;
        for (i, (name, _, _)) in axes.iter().enumerate() {
            let x = i as f64;
            chart
                .draw_series(LineSeries::new([(x, 0.0), (x, 1.0)], BLACK.mix(0.4)))
                .map_err(failed)?;
            let style = (FONT, 9).into_font().into_text_style(area).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Top,
                ),
            );
            chart
                .draw_series(
                    [EmptyElement::at((x, -0.05)) + Text::new(name.clone(), (0, 4), style)],
                )
                .map_err(failed)?;
        }
        for (p, policy) in self.policies.iter().enumerate() {
            let c = colour(p);
            let line: Vec<(f64, f64)> = axes
                .iter()
                .enumerate()
                .map(|(i, (_, values, high))| (i as f64, scaled(values, *high, p)))
                .collect();
            chart
                .draw_series(LineSeries::new(line.clone(), c.stroke_width(2)))
                .map_err(failed)?
                .label(policy.id.as_str())
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 12, y)], c.stroke_width(2)));
            chart
                .draw_series(line.iter().map(|pt| Circle::new(*pt, 3, c.filled())))
                .map_err(failed)?;
        }
        legend(&mut chart)
    }

    /// The search's hypervolume by generation.
    fn convergence(&self, area: &Area) -> io::Result<()> {
        let Some(s) = &self.search else { return Ok(()) };
        let top = s.hypervolume.iter().copied().fold(0.0, f64::max).max(1e-12) * 1.1;
        let mut chart = ChartBuilder::on(area)
            .caption("the search's hypervolume by generation", (FONT, 15))
            .margin(10)
            .x_label_area_size(34)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..(s.hypervolume.len().max(2) - 1) as f64, 0f64..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .x_desc("generation")
            .y_desc("hypervolume")
            .label_style((FONT, 11))
            .axis_desc_style((FONT, 12))
            .draw()
            .map_err(failed)?;
        let points: Vec<(f64, f64)> = s
            .hypervolume
            .iter()
            .enumerate()
            .map(|(g, v)| (g as f64, *v))
            .collect();
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                colour(0).stroke_width(2),
            ))
            .map_err(failed)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new(*p, 2, colour(0).filled())),
            )
            .map_err(failed)?;
        Ok(())
    }

    /// Each policy's maximum regret on objective `q`, a bar per model.
    fn regret(&self, area: &Area, q: usize) -> io::Result<()> {
        let models = self.metrics.models.len().max(1);
        let top = self
            .metrics
            .policies
            .iter()
            .flat_map(|pm| pm.per_model.iter().map(|s| s[q].max_regret))
            .fold(0.0, f64::max)
            .max(1e-6)
            * 1.35;
        let n = self.policies.len();
        let mut chart = ChartBuilder::on(area)
            .caption(
                format!("maximum regret on {} by model", self.objectives[q].name),
                (FONT, 15),
            )
            .margin(10)
            .x_label_area_size(60)
            .y_label_area_size(52)
            .build_cartesian_2d(0f64..n as f64, 0f64..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .disable_x_mesh()
            .x_labels(0)
            .y_desc("regret")
            .label_style((FONT, 10))
            .axis_desc_style((FONT, 12))
            .draw()
            .map_err(failed)?;
        // Each policy's name under its group of bars.
        chart
            .draw_series(self.policies.iter().enumerate().map(|(p, info)| {
                EmptyElement::at((p as f64 + 0.5, 0.0))
                    + Text::new(
                        info.id.clone(),
                        (0, 6),
                        (FONT, 11).into_font().into_text_style(area).pos(
                            plotters::style::text_anchor::Pos::new(
                                plotters::style::text_anchor::HPos::Center,
                                plotters::style::text_anchor::VPos::Top,
                            ),
                        ),
                    )
            }))
            .map_err(failed)?;
        let width = 0.8 / models as f64;
        for m in 0..self.metrics.models.len() {
            let c = colour(m);
            chart
                .draw_series(self.metrics.policies.iter().enumerate().map(|(p, pm)| {
                    let x0 = p as f64 + 0.1 + m as f64 * width;
                    Rectangle::new(
                        [(x0, 0.0), (x0 + width * 0.9, pm.per_model[m][q].max_regret)],
                        c.filled(),
                    )
                }))
                .map_err(failed)?
                .label(self.model(m))
                .legend(move |(x, y)| Rectangle::new([(x, y - 4), (x + 10, y + 4)], c.filled()));
        }
        legend(&mut chart)
    }
}
