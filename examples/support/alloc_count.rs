//! A global allocator that counts the allocations and reallocations each
//! thread makes: thread-local counters, so measuring many threads at once
//! adds no lock and no shared cache line to what is measured. Used by the
//! benchmarks (`cargo bench --bench sdk`, `small_objects_bench`), each of
//! which installs it with `#[global_allocator]`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::thread::LocalKey;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    static REALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

/// The system allocator, counting.
pub struct Counting;

/// Allocations and reallocations made on this thread so far.
pub fn counts() -> (u64, u64) {
    (ALLOCATIONS.with(Cell::get), REALLOCATIONS.with(Cell::get))
}

fn bump(counter: &'static LocalKey<Cell<u64>>) {
    // Counters without destructors: no allocation, usable at any time.
    let _ = counter.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: forwards every call unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the counters have no effect on the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCATIONS);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCATIONS);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump(&REALLOCATIONS);
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
