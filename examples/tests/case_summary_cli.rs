//! The `case_summary` program: it summarizes the sample, and it names every line that fails to
//! load and exits non-zero.

use std::path::PathBuf;
use std::process::{Command, Output};

fn case_summary(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_case_summary"))
        .args(args)
        .current_dir(env!("CARGO_TARGET_TMPDIR")) // the default path must not depend on the cwd
        .output()
        .expect("run case_summary")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{}.{name}", std::process::id()));
    std::fs::write(&path, text).expect("write temp file");
    path
}

fn sample_lines() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sample_cases.jsonl");
    std::fs::read_to_string(path)
        .expect("sample file")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn summarizes_the_sample_by_default() {
    let lines = sample_lines().len();
    let output = case_summary(&[]);
    let text = stdout(&output);
    assert!(
        output.status.success(),
        "{}\n{}",
        text,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains(&format!("cases 案件: {lines} loaded of {lines} lines")),
        "{text}"
    );
    for heading in [
        "By kind",
        "By stage",
        "By branch",
        "By channel",
        "By severity",
        "By category, top 10",
        "Open cases by stage and age",
        "owing a report back",
        "satisfaction",
        "Reopened and disputed",
        "Routing by the default procedure",
        "Deadlines as of the as-of time",
        "Load throughput",
    ] {
        assert!(text.contains(heading), "no `{heading}` section:\n{text}");
    }
    assert!(text.contains("cases/s"), "{text}");
    assert!(text.contains("as of 截至: 2024-12-31"), "{text}");
    assert!(!text.contains("failed to load\n="), "{text}");
}

#[test]
fn routes_every_sample_complaint_and_explains_some() {
    let lines = sample_lines().len();
    let output = case_summary(&[]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    let routing = &text[text
        .find("Routing by the default procedure")
        .expect("a routing section")..];
    assert!(
        routing.contains(&format!(
            "rule set cn.seed v1 (collect_all, 10 rules); {lines} complaints routed, 0 matched no rule, 0 could not be routed"
        )),
        "{routing}"
    );
    // The handler × level table: its rows add up to every complaint.
    let table =
        &routing[routing.find("handler role").expect("handler table")..routing.find("deadline policy").unwrap()];
    let rows: usize = table
        .lines()
        .skip(2)
        .filter(|row| !row.trim().is_empty())
        .map(|row| row.split_whitespace().nth(2).unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(rows, lines, "{table}");
    assert!(table.contains("head_office_brokerage   head_office"), "{table}");
    for (heading, row) in [
        ("deadline policy", "cn.feedback"),
        ("obligation", "regulator_report_back"),
    ] {
        assert!(routing.contains(heading) && routing.contains(row), "{routing}");
    }
    assert_eq!(routing.matches("why (the first complaint").count(), 3, "{routing}");
    assert!(routing.contains("matched regulator_forwarded (line"), "{routing}");
}

#[test]
fn reports_each_failing_line_and_exits_non_zero() {
    let lines = sample_lines();
    let good = &lines[0];
    // Malformed JSON on line 2, a blank line 3 (skipped), an unknown schema version on line 4.
    let broken_json = r#"{"schema_version":1,"complaint":{"#;
    let unknown_version = good.replacen(r#"{"schema_version":1,"#, r#"{"schema_version":7,"#, 1);
    let text = format!("{good}\n{broken_json}\n\n{unknown_version}\n{}\n", lines[1]);
    let path = temp_file("failing.jsonl", &text);
    let output = case_summary(&[path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("cases 案件: 2 loaded of 4 lines"), "{out}");
    assert!(out.contains("line 2:"), "{out}");
    let id = {
        let start = good.find(r#""id":""#).unwrap() + 6;
        &good[start..start + good[start..].find('"').unwrap()]
    };
    assert!(out.contains(&format!("line 4 ({id}):")), "{out}");
    assert!(out.contains("schema"), "the error is named: {out}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("2 of 4 lines failed"));
}

#[test]
fn a_rule_breaking_history_is_named_with_its_rule() {
    let lines = sample_lines();
    // Drop the registration event of the first case: the history no longer starts with it.
    let line = &lines[0];
    let start = line.find(r#""events":["#).unwrap() + r#""events":["#.len();
    let end = start + line[start..].find("},{").unwrap() + 2;
    let tampered = format!("{}{}", &line[..start], &line[end..]);
    let path = temp_file("rule.jsonl", &format!("{tampered}\n"));
    let output = case_summary(&[path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("line 1 ("), "{out}");
    assert!(out.contains("registration_out_of_place"), "{out}");
}

#[test]
fn as_of_sets_the_age_reference() {
    let output = case_summary(&["--as-of", "2025-03-31"]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("as of 截至: 2025-03-31 (--as-of)"), "{out}");

    let output = case_summary(&["--as-of", "2025-02-30"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a date"));
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let output = case_summary(&["/nonexistent/cases.jsonl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
}

/// The rows of one policy's deadline table: (milestone, counts in the table's column order).
fn deadline_rows(text: &str, preset: &str) -> Vec<(String, Vec<usize>)> {
    let from = text
        .find(&format!("policy {preset}: "))
        .unwrap_or_else(|| panic!("no deadline table for {preset}:\n{text}"));
    text[from..]
        .lines()
        .skip(3)
        .take_while(|row| !row.trim().is_empty() && !row.starts_with("  policy ") && !row.starts_with('='))
        .filter(|row| !row.trim_start().starts_with("not answered"))
        .map(|row| {
            let cells: Vec<&str> = row.split_whitespace().collect();
            let counts = cells[1..8].iter().map(|c| c.parse().unwrap()).collect();
            (cells[0].to_owned(), counts)
        })
        .collect()
}

#[test]
fn every_routed_case_stands_somewhere_against_each_milestone() {
    let output = case_summary(&[]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    let lines = sample_lines().len();
    assert!(
        text.contains(&format!("  {lines} cases' deadlines in ")),
        "every sample case is answered:\n{text}"
    );
    assert!(text.contains("0 could not be answered"), "{text}");
    let routing = &text[text.find("deadline policy").unwrap()..text.find("obligation").unwrap()];
    for preset in ["cn.branch", "cn.firm", "cn.feedback"] {
        // The routing table's count of complaints under this policy.
        let routed: usize = routing
            .lines()
            .find(|row| row.split_whitespace().next() == Some(preset))
            .and_then(|row| row.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or_else(|| panic!("{preset} not in the routing table:\n{routing}"));
        assert!(text.contains(&format!("policy {preset}: {routed} cases")), "{text}");
        let rows = deadline_rows(&text, preset);
        assert!(!rows.is_empty());
        for (milestone, counts) in rows {
            // Each case has exactly one status for each milestone.
            assert_eq!(counts.iter().sum::<usize>(), routed, "{preset} {milestone}: {counts:?}");
        }
    }
}

#[test]
fn a_case_received_before_national_day_is_late_on_the_ninth() {
    // Received Monday 2024-09-30 at 16:00, after the branch's 15:30 cut-off, registered and
    // nothing else. 10-01..10-07 are the National Day holiday, so under cn.branch (the seed's
    // procedure for an ordinary branch complaint): the acknowledgement (1 working day, R4) was
    // due at the end of 10-08 and the answer time (R6, by 15:30 of the next working day) at
    // 10-08 15:30; as of the end of 10-09 both are breached. Resolution in 5 working days
    // (10-08..10-12, Saturday 10-12 a make-up working day) is still running.
    let case = r#"{"schema_version":1,"complaint":{"id":"SZ-2024-0930","channel":"phone","complainant":{"name":"李四","contact":{"phone":"13800138000"}},"receiver":"S001","branch":"深圳福田营业部","received_at":"2024-09-30T16:00:00+08:00","matter":"佣金收取异常","facts":{"account":"九月佣金高于约定费率"},"demand":"退还多收佣金","category":"fees.commission"},"events":[{"at":"2024-09-30T16:05:00+08:00","actor":"S001","action":{"registered":{}}}]}"#;
    let path = temp_file("national_day.jsonl", &format!("{case}\n"));
    let output = case_summary(&[path.to_str().unwrap(), "--as-of", "2024-10-09"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    let rows = deadline_rows(&text, "cn.branch");
    let status = |milestone: &str| -> usize {
        let (_, counts) = rows.iter().find(|(m, _)| m == milestone).expect(milestone);
        // Columns: met, met_late, breached, at_risk, paused, pending, not_applicable.
        counts.iter().position(|&n| n == 1).expect("one case")
    };
    assert_eq!(status("acknowledge"), 2, "{text}");
    assert_eq!(status("answer_time"), 2, "{text}");
    assert!([3, 5].contains(&status("resolve")), "at risk or pending:\n{text}");
    // The day before, the acknowledgement is still running.
    let output = case_summary(&[path.to_str().unwrap(), "--as-of", "2024-10-07"]);
    let rows = deadline_rows(&stdout(&output), "cn.branch");
    let (_, acknowledge) = rows.iter().find(|(m, _)| m == "acknowledge").unwrap();
    assert_eq!(acknowledge[2], 0, "not breached before 10-08 ends: {acknowledge:?}");
}
