//! Sorting through one compiled sort.
//!
//! Every `sort`, `sort_by` or `sort_by_key` on a new element type or with a new closure
//! compiles the standard library's stable sort once more: about 3.7 KB of wasm each,
//! twelve of them in the app's bundle (docs/performance.md, "The bundle"). The sorts
//! here order positions instead, through one sort compiled once, then move the items into
//! that order. They are stable, like [`slice::sort_by`], and cost an extra vector of
//! positions: use them where a list is short or sorted rarely (names, a screen's rows
//! on a click), not on a hot path over a whole table.

use std::cmp::Ordering;

/// The positions `0..len` in the order `cmp` puts them, ties in position order: the one
/// compiled sort.
#[inline(never)]
fn positions(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Moves `items` so that position `k` holds what was at `order[k]`, cycle by cycle.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut k = start;
        loop {
            let from = std::mem::replace(&mut order[k], DONE);
            if from == start || from == DONE {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// Sorts `items` stably by `cmp`, as [`slice::sort_by`] does.
pub fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = positions(items.len(), &mut |a, b| cmp(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` stably by the key `key` gives each, as [`slice::sort_by_key`] does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their own order, as [`slice::sort`] does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::{sort, sort_by, sort_by_key};

    /// A small deterministic generator (no randomness in the engine): a linear
    /// congruential sequence.
    fn numbers(seed: u64, len: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 33) % modulo
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_library_does_ties_included() {
        for (seed, len, modulo) in [
            (1, 0, 5),
            (2, 1, 5),
            (3, 2, 2),
            (4, 17, 4),
            (5, 300, 7),
            (6, 1000, 1000),
        ] {
            // Each item remembers where it was, so a tie out of order shows.
            let items: Vec<(u64, usize)> =
                numbers(seed, len, modulo).into_iter().zip(0..).collect();
            let mut ours = items.clone();
            let mut std = items.clone();
            sort_by_key(&mut ours, |&(v, _)| v);
            std.sort_by_key(|&(v, _)| v);
            assert_eq!(ours, std, "seed {seed}, {len} items");
            let mut ours = items.clone();
            let mut std = items.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std.sort_by_key(|b| std::cmp::Reverse(b.0));
            assert_eq!(ours, std, "seed {seed}, {len} items, reversed");
            let mut ours = items.clone();
            let mut std = items;
            sort(&mut ours);
            std.sort();
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn moves_items_that_own_their_data() {
        let mut names: Vec<String> = ["Vendors V2", "Currencies", "Customers V3", "Currencies"]
            .map(String::from)
            .to_vec();
        sort(&mut names);
        assert_eq!(
            names,
            ["Currencies", "Currencies", "Customers V3", "Vendors V2"]
        );
    }
}
