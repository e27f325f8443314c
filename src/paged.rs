//! A long list in pages: the details' lists (failed rows, conflicts, queued records,
//! catch-up errors, the activity log) can hold as many entries as a table has rows, so
//! every entry is reachable a page at a time, or through a find box on its key, and only
//! a page is in the document.

use yew::prelude::*;

use crate::widgets::{thousands, Said, LIST_SHOWN};

/// Properties of [`Paged`].
#[derive(Properties, PartialEq)]
pub(crate) struct PagedProps {
    /// One entry, as "failed row" ("failed rows" for many).
    pub(crate) noun: AttrValue,
    /// How many entries the list has.
    pub(crate) total: usize,
    /// The text the find box looks in, of the entry at an index (its key).
    pub(crate) text_of: Callback<usize, String>,
    /// What that text is, for the find box's words: "key" (or "text").
    #[prop_or(AttrValue::Static("key"))]
    pub(crate) find_in: AttrValue,
    /// The list itself, drawn by the caller from the indexes of the entries to show, in
    /// order.
    pub(crate) list: Callback<Vec<usize>, Html>,
    /// The newest entry first (the activity log): index `total - 1` is shown first.
    #[prop_or_default]
    pub(crate) newest_first: bool,
    /// Changes whenever the entries may have changed (the app state's revision, moved by
    /// every change of the session), so that a find is worked out again then only: a
    /// queue that played one record and took another keeps its count.
    pub(crate) version: u64,
}

/// The find box's texts of a list's entries: `text` of the entry at an index of `of`
/// (a list shared, not copied: the engine's lists are persistent vectors).
pub(crate) fn texts<T: 'static>(
    of: T,
    text: impl Fn(&T, usize) -> Option<String> + 'static,
) -> Callback<usize, String> {
    Callback::from(move |i: usize| text(&of, i).unwrap_or_default())
}

/// "failed row" or "failed rows".
fn plural(noun: &str, n: usize) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

/// The entries of `order` (indexes in the order shown) whose text contains `query`, as the
/// grids' find box matches ([`dualwrite_engine::value::find_needle`]); `None` for an
/// empty query.
fn matching(
    total: usize,
    order: impl Fn(usize) -> usize,
    text_of: impl Fn(usize) -> String,
    query: &str,
) -> Option<Vec<usize>> {
    let needle = dualwrite_engine::value::find_needle(query)?;
    Some(
        (0..total)
            .map(order)
            .filter(|&i| dualwrite_engine::value::lowered_contains(&mut text_of(i), &needle))
            .collect(),
    )
}

/// What a page of the list shows, in words: "failed rows 51–100 of 1,234", or, with a
/// find, "3 of 1,234 failed rows have a key containing “K1”" ("… log lines contain
/// “x”" for a find in the text).
fn range_in_words(
    noun: &str,
    find_in: &str,
    total: usize,
    query: &str,
    found: Option<usize>,
    shown: std::ops::Range<usize>,
) -> String {
    let query = query.trim();
    let page = |count: usize| {
        if count > LIST_SHOWN {
            format!(
                "; {}–{} shown",
                thousands(shown.start + 1),
                thousands(shown.end)
            )
        } else {
            String::new()
        }
    };
    let has = |n: usize| match (find_in, n) {
        ("key", 1) => format!("has a key containing “{query}”"),
        ("key", _) => format!("have a key containing “{query}”"),
        (_, 1) => format!("contains “{query}”"),
        (_, _) => format!("contain “{query}”"),
    };
    match found {
        None if total == 0 => format!("No {noun}"),
        None => format!(
            "{} {}–{} of {}",
            plural(noun, 2),
            thousands(shown.start + 1),
            thousands(shown.end),
            thousands(total)
        ),
        Some(0) if find_in == "key" => format!("No {noun} has a key containing “{query}”"),
        Some(0) => format!("No {noun} contains “{query}”"),
        Some(n) => format!(
            "{} of {} {} {}{}",
            thousands(n),
            thousands(total),
            plural(noun, total),
            has(n),
            page(n)
        ),
    }
}

/// A list of `total` entries drawn a page of [`LIST_SHOWN`] at a time, with First,
/// Previous, Next and Last, and a find box on the entries' keys; a short list is drawn
/// whole, without them. Once shown, the pager stays while the component lives (a list
/// that shrinks, a find box cleared), so that nothing with the focus is taken away. Key
/// it by what it lists (a map, an execution), so that another list starts at its first
/// page with an empty find box.
#[function_component(Paged)]
pub(crate) fn paged(props: &PagedProps) -> Html {
    let page = use_state(|| 0usize);
    let query = use_state(String::new);
    let pager_shown = use_mut_ref(|| false);
    let said: Said<(usize, String)> = use_mut_ref(|| (None, String::new()));
    let (total, newest_first) = (props.total, props.newest_first);
    let order = move |i: usize| if newest_first { total - 1 - i } else { i };
    let found = {
        let text_of = props.text_of.clone();
        use_memo(
            ((*query).clone(), total, newest_first, props.version),
            move |(query, total, _, _)| matching(*total, order, |i| text_of.emit(i), query),
        )
    };
    let found: Option<&Vec<usize>> = (*found).as_ref();
    let count = found.map_or(total, Vec::len);
    let last = count.saturating_sub(1) / LIST_SHOWN;
    let at = (*page).min(last);
    // A list that shrank under a later page keeps the page it shows (it does not jump
    // back there when it grows again).
    {
        let page = page.clone();
        use_effect_with(at, move |at| {
            if *page != *at {
                page.set(*at);
            }
        });
    }
    let shown = (at * LIST_SHOWN).min(count)..((at + 1) * LIST_SHOWN).min(count);
    let entries: Vec<usize> = match found {
        Some(found) => found[shown.clone()].to_vec(),
        None => shown.clone().map(order).collect(),
    };
    if total > LIST_SHOWN || !query.is_empty() {
        *pager_shown.borrow_mut() = true;
    }
    let pager = *pager_shown.borrow();
    let words = range_in_words(
        &props.noun,
        &props.find_in,
        total,
        &query,
        found.map(Vec::len),
        shown,
    );
    // Said to a screen reader when the user turns a page or types a find (not as the
    // list grows at every clock beat, which the words on screen follow).
    let spoken = crate::widgets::said_when_changed(&said, (at, (*query).clone()), || words.clone());
    let many = plural(&props.noun, 2);
    // A button at the end of the list stays a button (aria-disabled, not disabled), so
    // that the focus stays on it when it reaches the last page.
    let go = |label: &'static str, to: usize, off: bool| {
        let page = page.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if !off {
                page.set(to);
            }
        });
        html! {
            <button type="button" aria-disabled={off.then_some("true")}
                aria-label={format!("{label} page of {many}")} {onclick}>{ label }</button>
        }
    };
    let onfind = {
        let (page, query) = (page.clone(), query.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(text) = crate::widgets::field_value(&e) {
                page.set(0);
                query.set(text);
            }
        })
    };
    html! {
        <>
            if pager {
                <div class="pager" role="group" aria-label={format!("Pages of {many}")}>
                    <label>{ format!("Find {} ", props.find_in) }
                        <input type="search" value={(*query).clone()} oninput={onfind} size="12"
                            aria-label={format!("Find {} in {many}", props.find_in)} />
                    </label>
                    { " " }
                    { go("First", 0, at == 0) }
                    { go("Previous", at.saturating_sub(1), at == 0) }
                    <span class="pager-range" aria-hidden="true">{ words }</span>
                    { go("Next", (at + 1).min(last), at >= last) }
                    { go("Last", last, at >= last) }
                    <span class="sr-only" role="status">{ spoken }</span>
                </div>
            }
            { props.list.emit(entries) }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_find_matches_keys_whatever_their_case_in_the_order_shown() {
        let keys = ["USD", "EUR", "usd2", "GBP"];
        let text = |i: usize| keys[i].to_string();
        assert_eq!(matching(4, |i| i, text, "  "), None);
        assert_eq!(matching(4, |i| i, text, " Us "), Some(vec![0, 2]));
        assert_eq!(matching(4, |i| 3 - i, text, "us"), Some(vec![2, 0]));
        assert_eq!(matching(4, |i| i, text, "JPY"), Some(vec![]));
    }

    #[test]
    fn the_range_says_what_is_shown_of_how_many() {
        assert_eq!(
            range_in_words("failed row", "key", 1234, "", None, 50..100),
            "failed rows 51–100 of 1,234"
        );
        assert_eq!(
            range_in_words("failed row", "key", 1234, " K1 ", Some(3), 0..3),
            "3 of 1,234 failed rows have a key containing “K1”"
        );
        assert_eq!(
            range_in_words("conflict", "key", 1234, "K1", Some(1), 0..1),
            "1 of 1,234 conflicts has a key containing “K1”"
        );
        assert_eq!(
            range_in_words("conflict", "key", 1234, "K1", Some(120), 50..100),
            "120 of 1,234 conflicts have a key containing “K1”; 51–100 shown"
        );
        assert_eq!(
            range_in_words("queued record", "key", 60, "x", Some(0), 0..0),
            "No queued record has a key containing “x”"
        );
        assert_eq!(
            range_in_words("log line", "text", 65, "Catch-up", Some(12), 0..12),
            "12 of 65 log lines contain “Catch-up”"
        );
        assert_eq!(
            range_in_words("log line", "text", 65, "zzz", Some(0), 0..0),
            "No log line contains “zzz”"
        );
        assert_eq!(
            range_in_words("queued record", "key", 0, "", None, 0..0),
            "No queued record"
        );
    }
}
