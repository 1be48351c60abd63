//! Heap memory of a typical case: counts the bytes a 10-event case holds after replay.
//!
//! `cargo bench -p tousu --bench memory`; the figure goes to BENCHMARKS.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

#[path = "lifecycle.rs"]
#[allow(dead_code)]
mod lifecycle;

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let before = LIVE.load(Ordering::Relaxed);
    let complaint = tousu::Complaint::from_json(lifecycle::COMPLAINT_JSON).unwrap();
    let events: Vec<tousu::Event> = lifecycle::EVENTS_JSON
        .iter()
        .map(|e| tousu::Event::from_json(e).unwrap())
        .collect();
    let case = tousu::Case::replay(complaint, events).unwrap();
    let heap = LIVE.load(Ordering::Relaxed) - before;
    let inline = std::mem::size_of::<tousu::Case>();
    let json = case.to_json().len();
    println!("typical 10-event case: {inline} bytes inline + {heap} bytes heap = {} bytes; its case-file JSON is {json} bytes", inline as isize + heap);
}
