//! Heap memory of a typical case: counts the bytes a 10-event case holds after replay.
//!
//! `cargo bench -p tousu --bench memory`; the figure goes to BENCHMARKS.md.

#[path = "lifecycle.rs"]
#[allow(dead_code)]
mod lifecycle;

#[path = "../tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::live_bytes;

fn main() {
    let before = live_bytes();
    let complaint = tousu::Complaint::from_json(lifecycle::COMPLAINT_JSON).unwrap();
    let events: Vec<tousu::Event> = lifecycle::EVENTS_JSON
        .iter()
        .map(|e| tousu::Event::from_json(e).unwrap())
        .collect();
    let case = tousu::Case::replay(complaint, events).unwrap();
    let heap = live_bytes() - before;
    let inline = std::mem::size_of::<tousu::Case>();
    let json = case.to_json().len();
    println!("typical 10-event case: {inline} bytes inline + {heap} bytes heap = {} bytes; its case-file JSON is {json} bytes", inline as isize + heap);
}
