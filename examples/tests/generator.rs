//! `data/generate_sample.py` is deterministic: run again, it writes the committed file byte for
//! byte. Skipped, with a note, where no `python3` is on the PATH.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_generator_reproduces_the_committed_file() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    let committed = std::fs::read(dir.join("sample_cases.jsonl")).expect("committed sample file");

    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("note: python3 is not on the PATH; skipping the generator determinism check");
        return;
    }
    let output = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("sample_cases.{}.jsonl", std::process::id()));
    let run = Command::new("python3")
        .arg(dir.join("generate_sample.py"))
        .arg("--output")
        .arg(&output)
        .output()
        .expect("run python3");
    assert!(
        run.status.success(),
        "generate_sample.py failed: {}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    let generated = std::fs::read(&output).expect("generated file");
    let _ = std::fs::remove_file(&output);

    if generated != committed {
        let first_difference = generated
            .split(|&b| b == b'\n')
            .zip(committed.split(|&b| b == b'\n'))
            .position(|(a, b)| a != b);
        panic!(
            "the generator's output ({} bytes) differs from the committed file ({} bytes){}; \
             regenerate with `python3 examples/data/generate_sample.py` and commit",
            generated.len(),
            committed.len(),
            match first_difference {
                Some(i) => format!(", first at line {}", i + 1),
                None => String::from(" in length"),
            }
        );
    }
}
