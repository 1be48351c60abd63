//! The heap memory of the built-in calendars CN, XSHG and XSHE, counted by the allocator
//! (issue 3: the three together take at most 64 KiB). A separate test binary: the counting allocator sees only
//! this one test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator, only counting bytes.
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

#[test]
fn the_chinese_builtin_calendars_take_at_most_64_kib_together() {
    let before = LIVE.load(Ordering::Relaxed);
    let calendars: Vec<tousu::WorkCalendar> = ["CN", "XSHG", "XSHE"]
        .iter()
        .map(|code| tousu::WorkCalendar::builtin(code).unwrap())
        .collect();
    let heap = (LIVE.load(Ordering::Relaxed) - before) as usize;
    let vec = calendars.capacity() * std::mem::size_of::<tousu::WorkCalendar>();
    let inline = calendars.len() * std::mem::size_of::<tousu::WorkCalendar>();
    let counted: usize = calendars.iter().map(tousu::WorkCalendar::heap_size).sum();
    eprintln!("CN, XSHG, XSHE: {heap} bytes on the heap ({counted} by heap_size) + {inline} inline");
    // heap_size accounts for every byte the calendars hold.
    assert_eq!(heap - vec, counted);
    assert!(heap - vec + inline <= 64 * 1024, "{heap} + {inline} bytes");
    // Every built-in calendar is accounted for the same way.
    for code in tousu::BUILTIN_CALENDARS {
        let before = LIVE.load(Ordering::Relaxed);
        let calendar = tousu::WorkCalendar::builtin(code).unwrap();
        assert_eq!(
            (LIVE.load(Ordering::Relaxed) - before) as usize,
            calendar.heap_size(),
            "{code}"
        );
    }
}
