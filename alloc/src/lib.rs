//! The global allocator of the wasm builds (the app and the JavaScript API).
//!
//! It is dlmalloc, as in `std` for `wasm32-unknown-unknown`, with one change: when it
//! needs more memory it grows the wasm memory by at least a quarter of its current size
//! instead of by exactly what it asked for. `std`'s allocator grows 64 KiB at a time, and
//! each `memory.grow` is slow in V8 (about half a millisecond here): an import and initial
//! sync at 100k rows a side spent 30% of their time in it (measured with `node
//! --cpu-prof`; see docs/performance.md), and the same sync ran twice as fast in memory
//! already grown. Growing geometrically takes a few
//! dozen grows to reach the same size. Memory grown ahead and not yet used is address
//! space the engine will use next; the browser commits its pages only when written.
//!
//! On other targets this crate is empty: native builds keep the system allocator. A crate
//! that links it names it with `extern crate dualwrite_alloc;` (an unused dependency is
//! not linked).
#![no_std]

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod wasm {
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32;
    use core::cell::UnsafeCell;
    use core::ptr;

    use dlmalloc::{Allocator, Dlmalloc};

    /// A wasm page.
    const PAGE: usize = 64 * 1024;

    /// How much memory grows at least, as a fraction of what it is: a quarter.
    const AHEAD_DIVISOR: usize = 4;

    /// The pages to add for a request of `size` bytes when memory holds `pages` pages:
    /// what the request needs, and at least a quarter of what is there.
    fn pages_to_grow(size: usize, pages: usize) -> usize {
        size.div_ceil(PAGE).max(pages / AHEAD_DIVISOR)
    }

    /// The memory dlmalloc draws from: `memory.grow`, ahead of need.
    pub struct Growing;

    fn grow(pages: usize) -> Option<*mut u8> {
        let previous = wasm32::memory_grow(0, pages);
        (previous != usize::MAX).then_some((previous * PAGE) as *mut u8)
    }

    // SAFETY: every region returned is fresh memory from `memory.grow`, owned by the
    // caller, zeroed, and never handed out twice.
    unsafe impl Allocator for Growing {
        fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
            let needed = size.div_ceil(PAGE);
            let ahead = pages_to_grow(size, wasm32::memory_size(0));
            // Ahead when the memory allows it, exactly what is needed otherwise.
            for pages in [ahead, needed] {
                if let Some(base) = grow(pages) {
                    let mut len = pages * PAGE;
                    // The last bytes of the address space cannot be handed out (a pointer
                    // must not wrap around to 0), as in dlmalloc's own wasm allocator.
                    if (base as usize).wrapping_add(len) == 0 {
                        len -= 16;
                    }
                    return (base, len, 0);
                }
            }
            (ptr::null_mut(), 0, 0)
        }

        fn remap(&self, _: *mut u8, _: usize, _: usize, _: bool) -> *mut u8 {
            ptr::null_mut()
        }

        fn free_part(&self, _: *mut u8, _: usize, _: usize) -> bool {
            false
        }

        fn free(&self, _: *mut u8, _: usize) -> bool {
            false
        }

        fn can_release_part(&self, _: u32) -> bool {
            false
        }

        fn allocates_zeros(&self) -> bool {
            true
        }

        fn page_size(&self) -> usize {
            PAGE
        }
    }

    /// dlmalloc over [`Growing`], as a global allocator.
    pub struct GrowingAlloc(UnsafeCell<Dlmalloc<Growing>>);

    // SAFETY: wasm32 without the `atomics` feature has one thread, so the allocator is
    // never entered twice at once.
    unsafe impl Sync for GrowingAlloc {}

    impl GrowingAlloc {
        /// The allocator, for `#[global_allocator]`.
        pub const fn new() -> GrowingAlloc {
            GrowingAlloc(UnsafeCell::new(Dlmalloc::new_with_allocator(Growing)))
        }
    }

    // SAFETY: delegates to dlmalloc, which upholds `GlobalAlloc`'s contract; one thread
    // (see `Sync` above) means no two calls overlap.
    unsafe impl GlobalAlloc for GrowingAlloc {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).malloc(layout.size(), layout.align())
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).calloc(layout.size(), layout.align())
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            (*self.0.get()).free(ptr, layout.size(), layout.align())
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
        }
    }
}

/// The allocator of every wasm build that links this crate: the app and the JavaScript
/// API each name it (`extern crate dualwrite_alloc;`), and a build holds one.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: wasm::GrowingAlloc = wasm::GrowingAlloc::new();
