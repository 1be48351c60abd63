//! The heap memory of the built-in calendars CN, XSHG and XSHE, counted by the allocator
//! (issue 3: the three together take at most 64 KiB). A separate test binary: the counting allocator sees only
//! this one test.

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::live_bytes;

#[test]
fn the_chinese_builtin_calendars_take_at_most_64_kib_together() {
    let before = live_bytes();
    let calendars: Vec<tousu::WorkCalendar> = ["CN", "XSHG", "XSHE"]
        .iter()
        .map(|code| tousu::WorkCalendar::builtin(code).unwrap())
        .collect();
    let heap = (live_bytes() - before) as usize;
    let vec = calendars.capacity() * std::mem::size_of::<tousu::WorkCalendar>();
    let inline = calendars.len() * std::mem::size_of::<tousu::WorkCalendar>();
    let counted: usize = calendars.iter().map(tousu::WorkCalendar::heap_size).sum();
    eprintln!("CN, XSHG, XSHE: {heap} bytes on the heap ({counted} by heap_size) + {inline} inline");
    // heap_size accounts for every byte the calendars hold.
    assert_eq!(heap - vec, counted);
    assert!(heap - vec + inline <= 64 * 1024, "{heap} + {inline} bytes");
    // Every built-in calendar is accounted for the same way.
    for code in tousu::BUILTIN_CALENDARS {
        let before = live_bytes();
        let calendar = tousu::WorkCalendar::builtin(code).unwrap();
        assert_eq!((live_bytes() - before) as usize, calendar.heap_size(), "{code}");
    }
}
