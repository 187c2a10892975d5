//! Runs split into shards merge to the bits of the whole run, and the
//! per-sample sink sees every sample in one order whatever the threads.

use forecast_core::{Forecast, Plan, PlanOptions, Scenario};
use forecast_host::run::{Partial, RunOptions, SampleSink, Shard, run, run_partial};
use forecast_host::{Host, HostConfig, Plugin, Source};
use std::path::PathBuf;

const SCENARIO: &str = r#"
id = "test"
title = "test"
description = "a scenario for the sharding tests"
start_year = 2007
horizon = 10
seed = 11
samples = 1000
[parameters.dprk]
base_hazard = { dist = "lognormal", low = 0.005, high = 0.02 }
[levers]
us_pledge = { dist = "uniform", low = 0, high = 3 }
"#;

fn plugins(host: &Host, trap: bool) -> Vec<Plugin> {
    let (name, bytes) = forecast_builtin::BUILTIN[0];
    let mut plugins = vec![
        host.load(&Source::Embedded {
            name: name.into(),
            bytes,
        })
        .unwrap(),
    ];
    if trap {
        let file = PathBuf::from(forecast_builtin::misbehaving("trap").unwrap());
        plugins.push(host.load(&Source::File(file)).unwrap());
    }
    plugins
}

fn plan(plugins: &[Plugin], samples: u32) -> Plan {
    let specs: Vec<_> = plugins.iter().map(|p| p.spec.clone()).collect();
    let options = PlanOptions {
        samples: Some(samples),
        ..PlanOptions::default()
    };
    Plan::new(
        Scenario::parse("test.toml", SCENARIO).unwrap(),
        &specs,
        options,
    )
    .unwrap()
}

#[test]
fn shards_merge_to_the_bits_of_the_whole_run() {
    let host = Host::new(HostConfig::default()).unwrap();
    let plugins = plugins(&host, true);
    // Five blocks with exact intervals; eleven with sketched ones.
    for samples in [1100, 2700] {
        let plan = plan(&plugins, samples);
        let whole = format!(
            "{:?}",
            run(&host, &plugins, &plan, RunOptions::with_jobs(2), &|_| {})
        );
        for count in [2, 3, 4, 7] {
            let mut parts: Vec<Vec<Partial>> = (0..count)
                .map(|index| {
                    let options = RunOptions {
                        jobs: 2,
                        shard: Shard { index, count },
                        cancel: None,
                    };
                    run_partial(&host, &plugins, &plan, options, &|_| {}, None)
                })
                .collect();
            // Merged in reverse: the order of the parts does not matter.
            let mut merged = parts.pop().unwrap();
            while let Some(part) = parts.pop() {
                for (m, p) in merged.iter_mut().zip(part) {
                    m.merge(p).unwrap();
                }
            }
            let merged: Vec<_> = merged
                .into_iter()
                .zip(&plugins)
                .map(|(m, p)| m.finish(&p.spec))
                .collect();
            assert_eq!(
                whole,
                format!("{merged:?}"),
                "{samples} samples in {count} shards"
            );
        }
    }
}

/// Records what the sink gets: per block, the plugin, the first sample and
/// every forecast's bits.
#[derive(Default)]
struct Recorder(Vec<(usize, u32, Vec<u64>)>);

impl SampleSink for Recorder {
    fn block(&mut self, plugin: usize, first: u32, forecasts: &[Forecast]) {
        let bits = forecasts
            .iter()
            .flat_map(|f| f.outcomes.iter().map(|p| p.to_bits()))
            .collect();
        self.0.push((plugin, first, bits));
    }
}

#[test]
fn the_sink_gets_every_sample_in_order_whatever_the_threads() {
    let host = Host::new(HostConfig::default()).unwrap();
    let plugins = plugins(&host, true);
    let plan = plan(&plugins, 1100);
    let record = |jobs| {
        let mut r = Recorder::default();
        run_partial(
            &host,
            &plugins,
            &plan,
            RunOptions::with_jobs(jobs),
            &|_| {},
            Some(&mut r),
        );
        r.0
    };
    let one = record(1);
    assert_eq!(one, record(3));
    assert_eq!(one, record(5));
    // The built-in model: every sample, block by block, in order.
    let firsts: Vec<u32> = one.iter().filter(|r| r.0 == 0).map(|r| r.1).collect();
    assert_eq!(firsts, [0, 256, 512, 768, 1024]);
    let rows: usize = one.iter().filter(|r| r.0 == 0).map(|r| r.2.len() / 7).sum();
    assert_eq!(rows, 1100);
    // The plugin that traps (at a pledge of 2 or more, within the first
    // block here) has no rows: they stop before its failing block.
    assert!(
        one.iter().all(|r| r.0 == 0),
        "{:?}",
        one.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>()
    );
}

#[test]
fn a_cancelled_run_stops_early_and_returns() {
    let host = Host::new(HostConfig::default()).unwrap();
    let plugins = plugins(&host, false);
    let plan = plan(&plugins, 20_000);
    for jobs in [1, 3] {
        // Cancelled once the first calls are done: with a sink (whose
        // writer waits for blocks in order) and without, it returns.
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let options = RunOptions {
            cancel: Some(&cancel),
            ..RunOptions::with_jobs(jobs)
        };
        let mut r = Recorder::default();
        let stop = |p: forecast_host::Progress| {
            if p.done > 0 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        };
        run_partial(&host, &plugins, &plan, options, &stop, Some(&mut r));
        let rows: usize = r.0.iter().map(|r| r.2.len() / 7).sum();
        assert!(
            rows < 20_000 / 2,
            "jobs {jobs}: {rows} rows after the cancel"
        );
    }
}
