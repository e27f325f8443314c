//! The dependency graph: the maps as an SVG drawing in layers (prerequisites on the left,
//! from the engine's `layered` query), each node with its status in an icon and words,
//! cycles marked, arrows from a map to the maps it depends on. A node is a button:
//! clicking it or pressing Enter selects that map alone.

use std::collections::BTreeMap;

use dualwrite_engine::StatusKind;
use yew::prelude::*;

use crate::state::{Action, AppState, Place};

const NODE_W: u32 = 196;
const NODE_H: u32 = 52;
const GAP_X: u32 = 64;
/// The least room between two rows of nodes.
const GAP_Y: u32 = 18;
const MARGIN: u32 = 12;
/// The least room above the first row of nodes: a map's loop to itself rises over its
/// node.
const TOP: u32 = 22;
/// How far apart arrows run through one gap between two nodes of a layer (px).
const LANE: u32 = 6;
/// An arrowhead's size (px, whatever the arrow's width).
const ARROW: u32 = 6;
/// How far from a node's corners arrows meet its sides (px).
const PORT_INSET: u32 = 4;
// Six arrows on one side (Legal entities') keep their heads apart.
const _: () = assert!((NODE_H - 2 * PORT_INSET) / 5 >= ARROW);
/// The narrowest a graph is drawn (px) before its pane scrolls sideways, unless the graph
/// itself is narrower.
const MIN_SHOWN_WIDTH: u32 = 800;

/// The status as an icon (never the only signal: the words follow it).
fn icon(kind: StatusKind) -> &'static str {
    match kind {
        StatusKind::Running => "●",
        StatusKind::NotRunning => "○",
        StatusKind::Paused => "❚❚",
        StatusKind::Initializing | StatusKind::Resuming => "↻",
    }
}

/// A map's arrows in words: "depends on: A, B. Depending on it: none."
fn dependencies(sim: &dualwrite_engine::Simulator, map: &str) -> String {
    let list = |mut names: Vec<String>, itself: bool| {
        // A lookup to its own table (a cycle of one).
        if itself {
            names.push("itself".into());
        }
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    let (by, itself) = sim.dependents_of(map);
    let on = list(sim.depends_on(map), itself);
    format!("depends on: {on}. Depending on it: {}.", list(by, itself))
}

/// What the graph shows: the maps and their statuses, and which one is selected alone.
pub(crate) fn unchanged(a: &AppState, b: &AppState) -> bool {
    crate::widgets::same_session(a, b) && a.selected == b.selected && a.tab_stops == b.tab_stops
}

/// The node an arrow key (or Home, End) moves to from node `at`, the nodes placed at
/// `(layer, rank in the layer)` as they are drawn: Up and Down within the layer, Left and
/// Right to the nearest node of the layer beside (by rank, the upper one on a tie), Home
/// and End to the first node of the first layer and the last of the last (the drawing's
/// top left and bottom right, whatever the order of the list). `None` for other keys or
/// past an edge.
fn arrow_target(places: &[(usize, u32)], at: usize, key: &str) -> Option<usize> {
    let &(layer, rank) = places.get(at)?;
    let find = |layer: usize, rank: u32| places.iter().position(|&p| p == (layer, rank));
    let beside = |layer: usize| {
        places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.0 == layer)
            .min_by_key(|(_, p)| (p.1.abs_diff(rank), p.1))
            .map(|(i, _)| i)
    };
    match key {
        "ArrowUp" => find(layer, rank.checked_sub(1)?),
        "ArrowDown" => find(layer, rank + 1),
        "ArrowLeft" => beside(layer.checked_sub(1)?),
        "ArrowRight" => beside(layer + 1),
        "Home" => (0..places.len()).min_by_key(|&i| places[i]),
        "End" => (0..places.len()).max_by_key(|&i| places[i]),
        _ => None,
    }
}

/// The width a node's box gives its name, in thousandths of the name's font size (13 px
/// bold: 180 px of the box's 196, 8 px clear of each side).
const NAME_WIDTH: u32 = 13_840;

/// How wide each printable ASCII character (from the space on) is in DejaVu Sans Bold,
/// the widest of the fonts the page's font list falls back to (Segoe UI Bold, on
/// Windows, is narrower), in thousandths of the font size, as Chromium measures it.
const ASCII_WIDTHS: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 680, 703, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 405, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

/// About how wide `c` is in the node's bold font, in thousandths of the font size, at
/// most: wide letters count for more than narrow ones, so that "WWW…" is cut sooner than
/// "iii…". Other characters count as the widest letters.
fn char_width(c: char) -> u32 {
    let at = (c as usize).wrapping_sub(' ' as usize);
    ASCII_WIDTHS.get(at).map_or(1_100, |w| u32::from(*w))
}

/// `name` as a node shows it: whole when it fits its box, else cut short, with an
/// ellipsis, at the last character that fits with it.
fn fitted(name: &str) -> String {
    let width = |text: &str| text.chars().map(char_width).sum::<u32>();
    if width(name) <= NAME_WIDTH {
        return name.to_string();
    }
    let room = NAME_WIDTH - char_width('…');
    let mut used = 0;
    let kept: String = name
        .chars()
        .take_while(|c| {
            used += char_width(*c);
            used <= room
        })
        .collect();
    format!("{}…", kept.trim_end())
}

/// The gaps the arrows that skip layers run through.
struct Routes {
    /// Per arrow, the gap it runs through in each layer it crosses, from the layer next
    /// to its map to the one next to the map it depends on: `(layer, gap)`, gap `k` lying
    /// above the layer's node of rank `k` (the last, below its last node).
    gaps: Vec<Vec<Gap>>,
    /// Per gap of a layer, the arrows through it, from the top down.
    through: BTreeMap<Gap, Vec<usize>>,
}

/// A gap between a layer's nodes: `(layer, gap)`.
type Gap = (usize, u32);

/// Each arrow that skips layers, through the gap of each layer it crosses nearest to the
/// straight line between the middles of its ends (the upper one on a tie), the arrows in
/// a gap in the order of those lines' heights there; positions in ranks, so that the
/// gaps can grow to hold them.
fn routes(g: &dualwrite_engine::graph::Layered, rank: &[u32], height: &[u32]) -> Routes {
    let mut gaps = vec![Vec::new(); g.edges.len()];
    // Per gap, the arrows through it with their heights (in half ranks, times the
    // layers the arrow spans: whole numbers).
    // (The line's height as a fraction, its numerator and its denominator; where the
    // arrow comes from and goes to; the arrow.)
    let mut through: BTreeMap<Gap, Vec<(i64, i64, i64, usize)>> = BTreeMap::new();
    for (e, &(a, b)) in g.edges.iter().enumerate() {
        let (from, to) = (g.nodes[a].layer, g.nodes[b].layer);
        if from <= to + 1 {
            continue;
        }
        let span = (from - to) as i64;
        // A node's middle, in half ranks: rank r spans 2r to 2r + 2.
        let (ya, yb) = (2 * i64::from(rank[a]) + 1, 2 * i64::from(rank[b]) + 1);
        let mut heights = Vec::new();
        for layer in (to + 1..from).rev() {
            let line = ya * span + (yb - ya) * (from - layer) as i64;
            let gap = (0..=height[layer])
                .min_by_key(|&k| ((2 * i64::from(k) * span - line).abs(), k))
                .unwrap_or(0);
            gaps[e].push((layer, gap));
            heights.push(line);
        }
        // In a gap, the arrows go by the line's height there (`line / span` half ranks),
        // then, on a tie, by where each comes from and goes to next (half
        // ranks), so that two arrows side by side do not cross as they enter or leave.
        let at: Vec<i64> = std::iter::once(ya)
            .chain(gaps[e].iter().map(|&(_, k)| 2 * i64::from(k)))
            .chain(std::iter::once(yb))
            .collect();
        for (i, (&(layer, gap), &line)) in gaps[e].iter().zip(&heights).enumerate() {
            through
                .entry((layer, gap))
                .or_default()
                .push((line, span, at[i] + at[i + 2], e));
        }
    }
    // (Extended, not collected: collecting a map compiles one more sort.)
    let mut ordered = BTreeMap::new();
    ordered.extend(through.into_iter().map(|(k, mut v)| {
        // (Heights compared as fractions, exactly.)
        dualwrite_engine::order::sort_by(&mut v, |a, b| {
            (a.0 * b.1)
                .cmp(&(b.0 * a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        (k, v.into_iter().map(|(.., e)| e).collect())
    }));
    Routes {
        gaps,
        through: ordered,
    }
}

/// An arrow's path: from `start` (a map's left side) to `end` (the right side of the map
/// it depends on), a curve across each space between layers, straight through each layer
/// it crosses, at `through` (each layer's left edge and the height it runs at).
fn arrow_path(start: (u32, u32), through: &[(u32, u32)], end: (u32, u32)) -> String {
    // (Signed: an arrow between two maps of a cycle in the first layer bends left of the
    // drawing's edge.)
    let curve = |d: &mut String, (x1, y1): (u32, u32), (x2, y2): (u32, u32)| {
        d.push_str(&format!(
            " C {} {y1}, {} {y2}, {x2} {y2}",
            i64::from(x1) - i64::from(GAP_X / 2),
            x2 + GAP_X / 2
        ));
    };
    let mut d = format!("M {} {}", start.0, start.1);
    let mut from = start;
    for &(left, at) in through {
        curve(&mut d, from, (left + NODE_W, at));
        d.push_str(&format!(" H {left}"));
        from = (left, at);
    }
    curve(&mut d, from, end);
    d
}

/// The graph of every map.
pub(crate) fn view(state: &UseReducerHandle<AppState>) -> Html {
    let session = state.session.borrow();
    let sim = session.state();
    let g = sim.layered();
    let layers = g.nodes.iter().map(|n| n.layer).max().map_or(0, |l| l + 1);
    // Place of each node: its layer, and its rank within the layer (list order).
    let mut rank = vec![0u32; g.nodes.len()];
    let mut height = vec![0u32; layers];
    for (i, n) in g.nodes.iter().enumerate() {
        rank[i] = height[n.layer];
        height[n.layer] += 1;
    }
    let tallest = height.iter().copied().max().unwrap_or(0);
    // An arrow that skips layers runs through each layer between its ends in a gap
    // between that layer's nodes (above the first, between two, or below the last),
    // the one nearest to the straight line between its ends; the gaps grow to hold the
    // arrows that run through them.
    let routes = routes(&g, &rank, &height);
    let mut lanes = vec![0u32; tallest as usize + 1];
    for (&(_, gap), through) in &routes.through {
        lanes[gap as usize] = lanes[gap as usize].max(through.len() as u32);
    }
    // The room of each gap: gap 0 above the first row, gap k between rows k - 1 and k,
    // the last below the last row.
    let room: Vec<u32> = lanes
        .iter()
        .enumerate()
        .map(|(k, &n)| match k {
            0 => TOP + n * LANE,
            k if k == tallest as usize => {
                if n == 0 {
                    0
                } else {
                    (n + 1) * LANE
                }
            }
            _ => GAP_Y.max((n + 1) * LANE),
        })
        .collect();
    // The top of each row, and of each gap.
    let gap_top: Vec<u32> = (0..room.len())
        .map(|k| room[..k].iter().sum::<u32>() + k as u32 * NODE_H)
        .collect();
    let row_top = |r: u32| gap_top[r as usize] + room[r as usize];
    // The left edge of a layer's column, and of a node.
    let left = |layer: usize| MARGIN + layer as u32 * (NODE_W + GAP_X);
    let x = |i: usize| left(g.nodes[i].layer);
    let y = |i: usize| row_top(rank[i]);
    let width = MARGIN * 2 + layers as u32 * (NODE_W + GAP_X) - GAP_X.min(layers as u32 * GAP_X);
    let total_height = gap_top[tallest as usize] + room[tallest as usize] + MARGIN;
    // Where an arrow runs through a layer's gap: its lanes spread about the gap's middle
    // (gap 0's at its top, over any map's loop to itself).
    let slot_y = |layer: usize, gap: u32, edge: usize| {
        let through = &routes.through[&(layer, gap)];
        let at = through.iter().position(|&e| e == edge).unwrap_or(0) as u32;
        let n = through.len() as u32;
        if gap == 0 {
            LANE + at * LANE
        } else {
            gap_top[gap as usize] + (room[gap as usize] - (n - 1) * LANE) / 2 + at * LANE
        }
    };
    // Each arrow's first and last turn: where it heads for as it leaves its map, and where
    // it comes from as it reaches the one it depends on.
    let heading: Vec<(u32, u32)> = g
        .edges
        .iter()
        .enumerate()
        .map(
            |(e, &(a, b))| match (routes.gaps[e].first(), routes.gaps[e].last()) {
                (Some(&(first_layer, first)), Some(&(last_layer, last))) => {
                    (slot_y(first_layer, first, e), slot_y(last_layer, last, e))
                }
                _ => (y(b) + NODE_H / 2, y(a) + NODE_H / 2),
            },
        )
        .collect();
    // The map selected alone: its arrows stand out (the others step back), and its
    // prerequisites and dependents are listed in words under the drawing.
    let focus = (state.selected.len() == 1)
        .then(|| state.selected.first())
        .flatten()
        .and_then(|name| g.nodes.iter().position(|n| &n.map == name));
    let touches = |a: usize, b: usize| focus.is_some_and(|f| a == f || b == f);
    let edge_class = |a: usize, b: usize, kind: &'static str| {
        classes!("edge", kind, touches(a, b).then_some("related"))
    };
    let marker = |a: usize, b: usize| {
        if touches(a, b) {
            "url(#arrow-related)"
        } else {
            "url(#arrow)"
        }
    };
    // Each arrow leaves its map and reaches the one it depends on at a point of its own
    // along the node's side (ordered by where the other end is, so that arrows do not
    // cross there), spread over the side but its corners: arrows that share a node stay
    // apart, their heads ([`ARROW`] px) too.
    let port = |node: usize, at: u32, of: u32| match of {
        0 | 1 => y(node) + NODE_H / 2,
        _ => y(node) + PORT_INSET + (NODE_H - 2 * PORT_INSET) * at / (of - 1),
    };
    let ends: Vec<(u32, u32)> = {
        let others = |e: usize, node: usize, out: bool| {
            let mut list: Vec<(u32, usize)> = g
                .edges
                .iter()
                .enumerate()
                .filter(|(_, &(a, b))| a != b && if out { a == node } else { b == node })
                .map(|(i, _)| (if out { heading[i].0 } else { heading[i].1 }, i))
                .collect();
            dualwrite_engine::order::sort(&mut list);
            let at = list.iter().position(|&(_, i)| i == e).unwrap_or(0);
            (at as u32, list.len().max(1) as u32)
        };
        g.edges
            .iter()
            .enumerate()
            .map(|(e, &(a, b))| {
                let (from_at, from_of) = others(e, a, true);
                let (to_at, to_of) = others(e, b, false);
                (port(a, from_at, from_of), port(b, to_at, to_of))
            })
            .collect()
    };
    let edges = g.edges.iter().enumerate().zip(&ends).map(|((e, &(a, b)), &(y1, y2))| {
        if a == b {
            // A map that looks itself up: a loop over its top edge.
            let (x0, y0) = (x(a) + NODE_W - 40, y(a));
            let d = format!("M {x0} {y0} c 0 -14, 26 -14, 26 0");
            return html! { <path class={edge_class(a, b, "self")} d={d} marker-end={marker(a, b)} /> };
        }
        let through: Vec<(u32, u32)> = routes.gaps[e]
            .iter()
            .map(|&(layer, gap)| (left(layer), slot_y(layer, gap, e)))
            .collect();
        let d = arrow_path((x(a), y1), &through, (x(b) + NODE_W, y2));
        let kind = if routes.gaps[e].is_empty() { "short" } else { "long" };
        html! { <path class={edge_class(a, b, kind)} d={d} marker-end={marker(a, b)}
            data-from={g.nodes[a].map.clone()} data-to={g.nodes[b].map.clone()} /> }
    });
    // The graph is one Tab stop (the node that had the focus last, else the first
    // selected map's, else the first node); the arrow keys move as the nodes are drawn
    // (Up and Down within a layer, Left and Right to the layer beside), Home and End to
    // the drawing's first and last node.
    let places: std::rc::Rc<Vec<(usize, u32)>> = std::rc::Rc::new(
        g.nodes
            .iter()
            .zip(&rank)
            .map(|(n, &r)| (n.layer, r))
            .collect(),
    );
    let stop = crate::widgets::tab_stop(
        state.tab_stops.get(Place::Graph),
        g.nodes.iter().map(|n| n.map.as_str()),
        &state.selected,
    )
    .and_then(|map| g.nodes.iter().position(|n| n.map == map))
    .unwrap_or(0);
    let nodes = g.nodes.iter().enumerate().map(|(i, n)| {
        let Ok(m) = sim.map(&n.map) else {
            return html! {};
        };
        let kind = m.status.kind();
        let selected = state.selected.contains(&n.map) && state.selected.len() == 1;
        let cycle = !n.cycle.is_empty();
        let select = {
            let (state, map) = (state.clone(), n.map.clone());
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectOnly(map.clone())))
        };
        let keys = {
            let (state, map, places) = (state.clone(), n.map.clone(), places.clone());
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    state.dispatch(Action::SelectOnly(map.clone()));
                    // The map's details open above the graph and push it down: the node
                    // chosen is brought back into view once the page has painted.
                    if let Some(node) = e.target_dyn_into::<web_sys::Element>() {
                        crate::widgets::after_next_paint(move || {
                            let options = web_sys::ScrollIntoViewOptions::new();
                            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                            node.scroll_into_view_with_scroll_into_view_options(&options);
                        });
                    }
                } else if let Some(to) = arrow_target(&places, i, &e.key()) {
                    e.prevent_default();
                    let node = e
                        .target_dyn_into::<web_sys::Element>()
                        .and_then(|el| el.closest("svg").ok().flatten())
                        .and_then(|svg| svg.query_selector_all("g.node").ok())
                        .and_then(|all| all.item(to as u32));
                    if let Some(node) = node {
                        // (`focus` by name: a node is an SVG element.)
                        let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&node)
                            .focus();
                        // A graph wider than its pane scrolls: the node the focus went
                        // to is brought into view (a browser does not, for SVG).
                        let options = web_sys::ScrollIntoViewOptions::new();
                        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
                        wasm_bindgen::JsCast::unchecked_ref::<web_sys::Element>(&node)
                            .scroll_into_view_with_scroll_into_view_options(&options);
                    }
                }
            })
        };
        let state_words = format!("{kind}{}", if cycle { " · in a cycle" } else { "" });
        // A name cut short in its box: the tooltip (a `<title>`) would become the node's
        // whole name, so the name is given in full with the status, as the box reads.
        let cut = fitted(&n.map) != n.map;
        let label = cut.then(|| format!("{} {state_words}", n.map));
        html! {
            <g class={classes!("node", format!("status-{kind:?}").to_ascii_lowercase(), cycle.then_some("cycle"), selected.then_some("selected"))}
                transform={format!("translate({} {})", x(i), y(i))}
                role="button" tabindex={if i == stop { "0" } else { "-1" }} aria-pressed={selected.to_string()}
                aria-label={label}
                onclick={select} onkeydown={keys}
                onfocusin={crate::widgets::on_focus_stop(state, Place::Graph, &n.map)}>
                // What the arrows show, for a screen reader (the node's description).
                <desc>{ format!("{} {}", n.map, dependencies(sim, &n.map)) }</desc>
                <rect width={NODE_W.to_string()} height={NODE_H.to_string()} rx="6" />
                // A name longer than the box is cut short there (whole in its tooltip, and
                // in the description above for a screen reader).
                <text x="8" y="21" class="name">{ fitted(&n.map) }</text>
                if cut { <title>{ &n.map }</title> }
                // The visible words are the button's name: the icon is hidden from it.
                <text x="8" y="40" class="state">
                    <tspan aria-hidden="true">{ format!("{} ", icon(kind)) }</tspan>
                    { state_words }
                </text>
            </g>
        }
    });
    html! {
        <details class="graph" open=true>
            <summary>{ "Dependency graph" }</summary>
            <p class="hint">{ "Each arrow goes from a map to a map it depends on (its Dataverse lookups); prerequisites are on the left. Choose a map to select it." }</p>
            // Shrunk to the pane's width down to 800 px (then it scrolls, in a box of its
            // own: the heading and the words around it stay), never drawn larger than
            // its own size: a graph of one map stays a small one.
            <div class="graph-canvas">
            <svg width={width.to_string()} height={total_height.to_string()}
                style={format!("min-width: {}px", width.min(MIN_SHOWN_WIDTH))}
                viewBox={format!("0 0 {width} {total_height}")} role="group" aria-label="Dependency graph of the table maps">
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth={ARROW.to_string()} markerHeight={ARROW.to_string()} orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                    <marker id="arrow-related" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth={ARROW.to_string()} markerHeight={ARROW.to_string()} orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                { for edges }
                { for nodes }
            </svg>
            </div>
            if let Some(name) = focus.map(|f| &g.nodes[f].map) {
                <p class="graph-focus">
                    <strong>{ name.clone() }</strong>
                    { format!(" {}", dependencies(sim, name)) }
                </p>
            }
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::{arrow_path, arrow_target, char_width, fitted, routes, NAME_WIDTH};

    #[test]
    fn an_arrow_curves_across_each_space_and_runs_straight_through_each_layer() {
        // From layer 2 (x 532) through layer 1 (x 272) at 30 to layer 0's right side.
        assert_eq!(
            arrow_path((532, 40), &[(272, 30)], (208, 50)),
            "M 532 40 C 500 40, 500 30, 468 30 H 272 C 240 30, 240 50, 208 50"
        );
        // Between two maps of a cycle in the first layer: bends left of the drawing.
        assert_eq!(
            arrow_path((12, 90), &[], (208, 30)),
            "M 12 90 C -20 90, 240 30, 208 30"
        );
    }
    use dualwrite_engine::graph::{Layered, LayeredNode};

    #[test]
    fn an_arrow_that_skips_layers_runs_through_the_gap_nearest_its_line() {
        let node = |map: &str, layer| LayeredNode {
            map: map.into(),
            layer,
            cycle: Vec::new(),
        };
        // Layer 0: A, B; layer 1: C, D, E; layer 2: F; layer 3: G.
        let g = Layered {
            nodes: vec![
                node("A", 0),
                node("B", 0),
                node("C", 1),
                node("D", 1),
                node("E", 1),
                node("F", 2),
                node("G", 3),
            ],
            // F -> A, G -> B, G -> A, F -> B, G -> F (short), C -> A (short).
            edges: vec![(5, 0), (6, 1), (6, 0), (5, 1), (6, 5), (2, 0)],
        };
        let rank = [0, 1, 0, 1, 2, 0, 0];
        let height = [2, 3, 1, 1];
        let r = routes(&g, &rank, &height);
        // G (rank 0) to A (rank 0): above the first node of each layer it crosses.
        assert_eq!(r.gaps[2], [(2, 0), (1, 0)]);
        // G (rank 0) to B (rank 1): the line falls by a rank over three layers, and
        // passes below F (F's layer holds F alone), then between C and D.
        assert_eq!(r.gaps[1], [(2, 1), (1, 1)]);
        // F to B, from the middle of rank 0 to that of rank 1: halfway, level with the gap
        // between C and D.
        assert_eq!(r.gaps[3], [(1, 1)]);
        // Arrows between neighbouring layers run through no gap.
        assert!(r.gaps[4].is_empty() && r.gaps[5].is_empty());
        // In a shared gap, by the line's height there: F -> B (halfway down, level
        // with the gap) over G -> B (two thirds of the way, lower).
        assert_eq!(r.through[&(1, 1)], [3, 1]);
        // On a tie (both lines level with A's middle), by where they come from: G -> A
        // from over F, F -> A from F's middle.
        assert_eq!(r.through[&(1, 0)], [2, 0]);
        assert_eq!(r.through[&(2, 0)], [2]);
        assert_eq!(r.gaps[0], [(1, 0)]);
    }

    #[test]
    fn a_long_name_is_cut_short_in_its_box_and_a_short_one_is_whole() {
        let width = |text: &str| text.chars().map(char_width).sum::<u32>();
        // The demo's longest names are whole.
        for name in ["Customers V3", "CDS Contacts V2", "Terms of payment"] {
            assert_eq!(fitted(name), name);
        }
        // A long one is cut with an ellipsis, at the last character that fits with it.
        let long = "Sales order headers V2 with lines and charges";
        let shown = fitted(long);
        assert_eq!(shown, "Sales order headers V…");
        assert!(width(&shown) <= NAME_WIDTH);
        assert!(
            width("Sales order headers V2…") > NAME_WIDTH,
            "no more would fit"
        );
        // Wide letters are cut sooner than narrow ones: each fills the box, no more.
        let wide = fitted(&"W".repeat(30));
        let narrow = fitted(&"i".repeat(60));
        assert_eq!(wide, format!("{}…", "W".repeat(11)));
        assert_eq!(narrow, format!("{}…", "i".repeat(37)));
        for shown in [wide, narrow] {
            assert!(width(&shown) <= NAME_WIDTH, "{shown}");
        }
        // Letters of other scripts count as the widest.
        assert_eq!(char_width('Ж'), 1_100);
    }

    #[test]
    fn arrows_move_as_the_nodes_are_drawn() {
        // Layer 0: nodes 0, 1, 2 (ranks 0-2); layer 1: nodes 3, 4; layer 2: node 5.
        let places = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0)];
        let go = |at, key| arrow_target(&places, at, key);
        assert_eq!(go(1, "ArrowDown"), Some(2));
        assert_eq!(go(2, "ArrowDown"), None, "the layer's last");
        assert_eq!(go(1, "ArrowUp"), Some(0));
        assert_eq!(go(0, "ArrowUp"), None);
        // To the layer beside, at the nearest rank (the upper one on a tie).
        assert_eq!(go(2, "ArrowRight"), Some(4));
        assert_eq!(go(4, "ArrowLeft"), Some(1));
        assert_eq!(go(4, "ArrowRight"), Some(5));
        assert_eq!(go(5, "ArrowRight"), None);
        assert_eq!(go(0, "ArrowLeft"), None);
        assert_eq!(go(4, "Home"), Some(0));
        assert_eq!(go(0, "End"), Some(5));
        assert_eq!(go(0, "Enter"), None);
        // In the drawing's order, not the list's: the last of the last layer is listed
        // first here, the first of the first layer last.
        let places = [(2, 0), (1, 0), (0, 1), (0, 0)];
        assert_eq!(arrow_target(&places, 1, "End"), Some(0));
        assert_eq!(arrow_target(&places, 1, "Home"), Some(3));
    }
}
