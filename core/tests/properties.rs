//! Property tests of the lifecycle: replay reproduces a case, JSON round-trips losslessly, a
//! refused event changes nothing, and the state agrees with the transition table.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use proptest::prelude::*;
use tousu::lifecycle::{transition, Stage};
use tousu::{
    Action, Case, Channel, CloseOut, Complaint, ContactMethod, DecisionBody, DisputeOutcome, DisputeRoute, Event,
    Forwarding, Kind, Level, Money, Satisfaction, Severity,
};

const STAFF: &[&str] = &["S001", "S010", "S011", "S002", "S099"];

fn complaint(kind: Kind, severity: Severity, regulator: bool, offset_hours: i32) -> Complaint {
    let tz = FixedOffset::east_opt(offset_hours * 3600).unwrap();
    let mut c = Complaint::from_json(
        r#"{"id": "P-1", "channel": "phone", "complainant": {"name": "赵六", "contact": {"phone": "13800138000"}},
            "respondent": {"person": "S099"}, "receiver": "S001", "branch": "杭州营业部",
            "received_at": "2024-01-02T09:00:00+08:00", "matter": "m", "facts": {"account": "f"},
            "demand": "d", "category": "service.attitude"}"#,
    )
    .unwrap();
    c.kind = kind;
    c.severity = severity;
    c.received_at = c.received_at.with_timezone(&tz);
    if regulator {
        c.channel = Channel::RegulatorForwarded(Forwarding {
            body: "中国证监会浙江监管局".into(),
            reference: "浙证监〔2024〕1号".into(),
            forwarded_on: c.received_at.date_naive() - Duration::days(1),
            report_back_required: true,
        });
    }
    c.validate().unwrap();
    c
}

fn staff() -> impl Strategy<Value = String> {
    prop::sample::select(STAFF).prop_map(str::to_owned)
}

fn money() -> impl Strategy<Value = Option<Money>> {
    prop::option::of((0i64..10_000_000).prop_map(Money::cny))
}

/// Any action, with data drawn from small pools so that rules (owners, forms, volumes) are met
/// often enough to reach every stage.
fn action() -> impl Strategy<Value = Action> {
    let method = prop::sample::select(vec![
        ContactMethod::Phone,
        ContactMethod::Letter,
        ContactMethod::Email,
        ContactMethod::InPerson,
    ]);
    prop_oneof![
        1 => Just(Action::Registered {}),
        2 => prop::option::of(method.clone()).prop_map(|via| Action::Acknowledged { via }),
        2 => (0i64..5000).prop_map(|m| Action::AnswerTimePromised { answer_by: base_time() + Duration::minutes(m) }),
        2 => (0i64..20000).prop_map(|m| Action::AnswerTimeRepromised {
            answer_by: base_time() + Duration::minutes(m),
            reason: "需调取录音".into()
        }),
        5 => staff().prop_map(|handler| Action::Assigned { handler }),
        2 => staff().prop_map(|to| Action::HandedOver { to, reason: "调岗".into() }),
        2 => (prop::sample::select(vec![Level::BranchGeneralManager, Level::GeneralManager]), prop::option::of(staff()))
            .prop_map(|(level, to)| Action::Escalated { level, to, reason: "涉及赔偿".into() }),
        2 => prop::sample::select(vec!["LF-1", "LF-2"]).prop_map(|f| Action::LiaisonFormOpened {
            form: f.into(),
            departments: vec!["运营部".into(), "信息技术部".into()],
            signed_off_by: "S005".into()
        }),
        2 => (prop::sample::select(vec!["LF-1", "LF-2", "LF-9"]), prop::sample::select(vec!["运营部", "信息技术部", "合规部"]))
            .prop_map(|(f, d)| Action::LiaisonAnswered { form: f.into(), department: d.into(), answer: "无异常".into() }),
        2 => Just(Action::InvestigationReported { summary: "调查完毕".into() }),
        2 => (1u32..5).prop_map(|d| Action::ExtensionGranted {
            reason: "需外部数据".into(),
            approved_by: "S002".into(),
            working_days: d
        }),
        5 => money().prop_map(|compensation| Action::ResolutionProposed { plan: "方案".into(), compensation }),
        5 => prop::sample::select(vec![
            DecisionBody::Handler,
            DecisionBody::BranchGeneralManager,
            DecisionBody::ManagementMeeting
        ])
        .prop_map(|by| Action::ResolutionDecided { decision: "决定".into(), by, notify_authorities: false }),
        2 => method.clone().prop_map(|via| Action::ProgressUpdateSent { via }),
        5 => method.clone().prop_map(|via| Action::ResultFedBack { via, summary: "已答复".into() }),
        4 => Just(Action::ReportedToRegulator { summary: "已处理".into() }),
        2 => (method, prop::sample::select(vec![Satisfaction::Satisfied, Satisfaction::Dissatisfied]))
            .prop_map(|(via, satisfaction)| Action::CallbackVisited { via, satisfaction }),
        2 => Just(Action::Reopened { reason: "客户不满意".into() }),
        2 => prop::sample::select(vec![DisputeRoute::Mediation, DisputeRoute::Arbitration]).prop_map(|route| {
            Action::DisputeOpened { route, body: "调解中心".into(), reference: None }
        }),
        2 => (prop::sample::select(vec![DisputeOutcome::Settled, DisputeOutcome::Dismissed]), money())
            .prop_map(|(outcome, award)| Action::DisputeConcluded { outcome, summary: "结束".into(), award }),
        1 => Just(Action::Withdrawn { reason: "撤回".into() }),
        5 => Just(Action::Closed(CloseOut {
            cause: "原因".into(),
            result: "结果".into(),
            department: "运营部".into(),
            preventive_measures: "措施".into()
        })),
        4 => (2023i32..2026).prop_map(|volume| Action::Archived { volume }),
    ]
}

fn base_time() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2024, 1, 2, 9, 0, 0)
        .unwrap()
}

/// A history: actions at mostly increasing times (one step in eight goes back in time).
fn history() -> impl Strategy<Value = Vec<(Action, String, i64)>> {
    prop::collection::vec((action(), staff(), -60i64..600), 0..40)
}

fn arb_case_inputs() -> impl Strategy<Value = (Complaint, Vec<Event>)> {
    (
        prop::sample::select(vec![Kind::Complaint, Kind::Feedback]),
        prop::sample::select(vec![
            Severity::Ordinary,
            Severity::Compensation,
            Severity::MatterOfPrinciple,
        ]),
        any::<bool>(),
        prop::sample::select(vec![8, 0, -5]),
        history(),
    )
        .prop_map(|(kind, severity, regulator, offset, steps)| {
            let c = complaint(kind, severity, regulator, offset);
            let tz = *c.received_at.offset();
            let mut at = base_time().with_timezone(&tz) + Duration::minutes(5);
            let mut events = vec![Event::new(at, "S001", Action::Registered {})];
            for (action, actor, step) in steps {
                at += Duration::minutes(step);
                events.push(Event::new(at, actor, action));
            }
            (c, events)
        })
}

/// Applies every event, keeping the accepted ones; checks that refusals change nothing.
fn apply_all(complaint: Complaint, events: Vec<Event>) -> (Case, Vec<Event>) {
    let mut iter = events.into_iter();
    let first = iter.next().unwrap();
    let mut case = Case::register(complaint, first.clone()).unwrap();
    let mut accepted = vec![first];
    for event in iter {
        let before = case.clone();
        match case.apply(event.clone()) {
            Ok(_) => accepted.push(event),
            Err(err) => {
                assert_eq!(case, before, "refused event {event:?} ({err}) changed the case");
                assert!(
                    err.rule().is_some() || err.code() == tousu::ErrorCode::InvalidEvent,
                    "{err}"
                );
            }
        }
    }
    (case, accepted)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn replay_reproduces_the_case((complaint, events) in arb_case_inputs()) {
        let (case, accepted) = apply_all(complaint.clone(), events);
        prop_assert_eq!(case.events(), &accepted[..]);
        let replayed = Case::replay(complaint, accepted).unwrap();
        prop_assert_eq!(replayed, case);
    }

    #[test]
    fn case_json_round_trips((complaint, events) in arb_case_inputs()) {
        let (case, _) = apply_all(complaint, events);
        let json = case.to_json();
        let back = Case::from_json(&json).unwrap();
        prop_assert_eq!(&back, &case);
        prop_assert_eq!(back.to_json(), json);
        for event in case.events() {
            prop_assert_eq!(&Event::from_json(&event.to_json()).unwrap(), event);
        }
    }

    #[test]
    fn every_accepted_event_follows_a_row_of_the_table((complaint, events) in arb_case_inputs()) {
        let kind = complaint.kind;
        let (case, _) = apply_all(complaint.clone(), events);
        // Walk the accepted history again and check each step against the table by hand.
        let mut walk = Case::register(complaint, case.events()[0].clone()).unwrap();
        for event in &case.events()[1..] {
            let stage = walk.state().stage;
            let row = transition(kind, stage, event.action.kind());
            prop_assert!(row.is_some(), "{:?} accepted at {:?}", event.action.kind(), stage);
            walk.apply(event.clone()).unwrap();
            prop_assert_eq!(walk.state().stage, row.unwrap().to.unwrap_or(stage));
        }
        // Timestamps never go backwards in an accepted history.
        prop_assert!(case.events().windows(2).all(|w| w[0].at <= w[1].at));
        // Nothing follows the archive.
        if let Some(i) = case.events().iter().position(|e| e.action.kind() == tousu::ActionKind::Archived) {
            prop_assert_eq!(i, case.events().len() - 1);
            prop_assert_eq!(case.state().stage, Stage::Archived);
        }
        // The person complained about never handles the case.
        prop_assert_ne!(case.state().handler.as_deref(), Some("S099"));
        prop_assert_ne!(case.state().owner.as_str(), "S099");
    }
}

#[test]
fn an_unknown_schema_version_is_named() {
    let (case, _) = apply_all(
        complaint(Kind::Complaint, Severity::Ordinary, false, 8),
        vec![Event::new(base_time(), "S001", Action::Registered {})],
    );
    let json = case
        .to_json()
        .replacen("\"schema_version\":1", "\"schema_version\":2", 1);
    let err = Case::from_json(&json).unwrap_err();
    assert_eq!(err.code(), tousu::ErrorCode::UnsupportedSchemaVersion);
    assert!(err.to_string().contains("unsupported schema_version 2"), "{err}");
}

#[test]
fn an_unknown_field_in_a_case_file_is_named_with_its_path() {
    let (case, _) = apply_all(
        complaint(Kind::Complaint, Severity::Ordinary, false, 8),
        vec![Event::new(base_time(), "S001", Action::Registered {})],
    );
    let json = case
        .to_json()
        .replacen("\"actor\":\"S001\"", "\"actor\":\"S001\",\"mood\":\"calm\"", 1);
    let err = Case::from_json(&json).unwrap_err();
    assert_eq!(err.code(), tousu::ErrorCode::UnknownField);
    let text = err.to_string();
    assert!(text.contains("events[0]") && text.contains("mood"), "{text}");
}

#[test]
fn a_case_file_whose_history_breaks_a_rule_is_refused() {
    let c = complaint(Kind::Complaint, Severity::Ordinary, false, 8);
    let events = [
        Event::new(base_time(), "S001", Action::Registered {}),
        Event::new(base_time(), "S001", Action::Assigned { handler: "S099".into() }),
    ];
    let json = format!(
        r#"{{"schema_version":1,"complaint":{},"events":[{},{}]}}"#,
        c.to_json(),
        events[0].to_json(),
        events[1].to_json()
    );
    let err = Case::from_json(&json).unwrap_err();
    assert_eq!(err.code(), tousu::ErrorCode::RecusalRequired);
    assert_eq!(err.event_index(), Some(1));
}

/// Complaints with every optional part present or absent and free text of any script.
fn arb_complaint() -> impl Strategy<Value = Complaint> {
    let text = "[\\p{Han}a-zA-Z0-9][\\p{Han}a-zA-Z0-9，。、 ]{0,39}";
    let optional_text = prop::option::of(text);
    (
        (text, text, text, text, prop::option::of(0i64..i64::MAX)),
        (
            optional_text.clone(),
            optional_text.clone(),
            optional_text,
            any::<bool>(),
        ),
        (
            prop::sample::select(vec![Kind::Complaint, Kind::Feedback]),
            prop::sample::select(vec![Severity::Ordinary, Severity::Major, Severity::SeriousIncident]),
            -12i32..=14,
            0u32..86_400,
            prop::collection::vec("[a-z][a-z0-9_]{0,10}", 0..3),
        ),
    )
        .prop_map(
            |(
                (name, matter, account, demand, amount),
                (address, place, person, regulator),
                (kind, severity, offset, secs, tags),
            )| {
                let mut c = complaint(kind, severity, regulator, 8);
                c.complainant.name = name;
                c.matter = matter;
                c.facts.account = account;
                c.facts.place = place;
                c.demand = demand;
                c.complainant.contact.address = address;
                c.respondent.person = person.map(|p| p.chars().take(20).collect());
                c.claimed_amount = amount.map(Money::cny);
                let tz = FixedOffset::east_opt(offset * 3600).unwrap();
                c.received_at = (base_time() + Duration::seconds(i64::from(secs))).with_timezone(&tz);
                if let Some(f) = match &mut c.channel {
                    Channel::RegulatorForwarded(f) => Some(f),
                    _ => None,
                } {
                    f.forwarded_on = c.received_at.date_naive();
                }
                let mut seen = Vec::new();
                c.tags = tags
                    .into_iter()
                    .filter(|t| {
                        if seen.contains(t) {
                            false
                        } else {
                            seen.push(t.clone());
                            true
                        }
                    })
                    .collect();
                c
            },
        )
}

proptest! {
    #[test]
    fn complaint_json_round_trips_with_its_offset(c in arb_complaint()) {
        c.validate().unwrap();
        let json = c.to_json();
        let back = Complaint::from_json(&json).unwrap();
        prop_assert_eq!(&back, &c);
        // Equality compares instants; the offset must survive too.
        prop_assert_eq!(back.received_at.offset(), c.received_at.offset());
        prop_assert_eq!(back.to_json(), json);
    }

    #[test]
    fn any_other_schema_version_is_refused_by_name(version in any::<u64>().prop_filter("not 1", |v| *v != 1)) {
        let c = complaint(Kind::Complaint, Severity::Ordinary, false, 8);
        let case = Case::register(c, Event::new(base_time(), "S001", Action::Registered {})).unwrap();
        let json = case.to_json().replacen("\"schema_version\":1", &format!("\"schema_version\":{version}"), 1);
        let err = Case::from_json(&json).unwrap_err();
        prop_assert_eq!(err.code(), tousu::ErrorCode::UnsupportedSchemaVersion);
        prop_assert!(err.to_string().contains(&version.to_string()));
    }

    #[test]
    fn any_unknown_field_is_refused_by_name(field in "[a-z_]{1,12}", at in 0usize..4) {
        const KNOWN: &[&str] = &["id", "kind", "channel", "complainant", "respondent", "receiver", "branch",
            "received_at", "matter", "facts", "demand", "claimed_amount", "severity", "category", "evidence", "tags",
            "schema_version", "complaint", "events", "at", "actor", "action", "name", "contact", "phone"];
        prop_assume!(!KNOWN.contains(&field.as_str()));
        let c = complaint(Kind::Complaint, Severity::Ordinary, false, 8);
        let case = Case::register(c, Event::new(base_time(), "S001", Action::Registered {})).unwrap();
        let anchor = ["{\"schema_version\"", "{\"id\"", "{\"at\"", "{\"name\""][at];
        let json = case.to_json().replacen(anchor, &format!("{{\"{field}\":0,{}", &anchor[1..]), 1);
        let err = Case::from_json(&json).unwrap_err();
        prop_assert_eq!(err.code(), tousu::ErrorCode::UnknownField, "{}", err);
        prop_assert!(err.to_string().contains(&field));
    }
}
