//! Throughput of the lifecycle hot paths, each next to a baseline measured in the same run.
//!
//! `cargo bench -p tousu --bench lifecycle`; figures go to BENCHMARKS.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use tousu::{Case, Complaint, Event};

/// A typical complaint as a platform would send it: every R2 field filled in.
pub const COMPLAINT_JSON: &str = r#"{"id":"SZ-2024-000123","kind":"complaint","channel":"phone",
"complainant":{"name":"王建国","contact":{"phone":"13800138000","address":"深圳市福田区深南大道1000号","email":"wjg@example.cn"},
"id_document":{"kind":"resident_id_card","number":"11010519491231002X"},"securities_account":"0123456789"},
"respondent":{"person":"S099","branch":"深圳福田营业部","department":"运营部"},
"receiver":"S001","branch":"深圳福田营业部","received_at":"2024-03-01T09:30:00+08:00",
"matter":"委托买入未成交","facts":{"account":"3月1日开盘前通过手机委托买入某股票1000股，行情到价仍未成交，客户认为系统延迟。","occurred_at":"2024-03-01T09:25:00+08:00","place":"手机交易软件"},
"demand":"说明未成交原因并赔偿差价","claimed_amount":{"minor_units":1250000,"currency":"CNY"},"severity":"compensation",
"category":"trading.execution","evidence":[{"description":"委托记录截图","reference":"EV-2024-0001"}],"tags":["elderly_investor"]}"#;

/// Ten events of an ordinary case from registration to archive.
pub const EVENTS_JSON: [&str; 10] = [
    r#"{"at":"2024-03-01T09:35:00+08:00","actor":"S001","action":{"registered":{}}}"#,
    r#"{"at":"2024-03-01T09:40:00+08:00","actor":"S001","action":{"acknowledged":{"via":"phone"}}}"#,
    r#"{"at":"2024-03-01T10:00:00+08:00","actor":"S001","action":{"assigned":{"handler":"S010"}}}"#,
    r#"{"at":"2024-03-01T10:30:00+08:00","actor":"S010","action":{"escalated":{"level":"branch_general_manager","to":"S002","reason":"涉及赔偿"}}}"#,
    r#"{"at":"2024-03-04T16:00:00+08:00","actor":"S002","action":{"investigation_reported":{"summary":"报单延迟0.8秒"}}}"#,
    r#"{"at":"2024-03-05T10:00:00+08:00","actor":"S002","action":{"resolution_proposed":{"plan":"赔偿差价","compensation":{"minor_units":1250000,"currency":"CNY"}}}}"#,
    r#"{"at":"2024-03-05T11:00:00+08:00","actor":"S002","action":{"resolution_decided":{"decision":"赔偿","by":"branch_general_manager"}}}"#,
    r#"{"at":"2024-03-05T14:00:00+08:00","actor":"S002","action":{"result_fed_back":{"via":"letter","summary":"已书面答复"}}}"#,
    r#"{"at":"2024-03-05T15:00:00+08:00","actor":"S002","action":{"closed":{"cause":"系统延迟","result":"已赔偿","department":"信息技术部","preventive_measures":"扩容报单通道"}}}"#,
    r#"{"at":"2024-04-16T10:00:00+08:00","actor":"S020","action":{"archived":{"volume":2024}}}"#,
];

fn inputs() -> (Complaint, Vec<Event>) {
    let complaint = Complaint::from_json(COMPLAINT_JSON).unwrap();
    let events = EVENTS_JSON.iter().map(|e| Event::from_json(e).unwrap()).collect();
    (complaint, events)
}

fn replay(c: &mut Criterion) {
    let (complaint, events) = inputs();
    assert!(Case::replay(complaint.clone(), events.clone()).is_ok());
    let mut group = c.benchmark_group("replay_10_event_case");
    group.throughput(Throughput::Elements(1));
    // Baseline: the cheapest possible "replay" — walk the events checking only their order.
    group.bench_function("baseline_order_check_only", |b| {
        b.iter_batched(
            || (complaint.clone(), events.clone()),
            |(complaint, events)| {
                let ok = events.windows(2).all(|w| w[0].at <= w[1].at);
                black_box((complaint, events, ok))
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("tousu_case_replay", |b| {
        b.iter_batched(
            || (complaint.clone(), events.clone()),
            |(complaint, events)| black_box(Case::replay(complaint, events).unwrap()),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_complaint_json");
    group.throughput(Throughput::Elements(1));
    // Baseline: serde_json into an untyped Value — a generic parse with no schema or checks.
    group.bench_function("baseline_serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(black_box(COMPLAINT_JSON)).unwrap()))
    });
    group.bench_function("tousu_complaint_from_json", |b| {
        b.iter(|| black_box(Complaint::from_json(black_box(COMPLAINT_JSON)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, replay, parse);
criterion_main!(benches);
