//! The dependency graph in the real app: maps in layers from the engine, statuses in
//! words, the cycle marked, and a node that selects its map by click or Enter.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

fn node(root: &Element, map: &str) -> Element {
    let nodes = root.query_selector_all(".graph g.node").unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|n| {
            n.query_selector(".name")
                .unwrap()
                .and_then(|t| t.text_content())
                .as_deref()
                == Some(map)
        })
        .unwrap_or_else(|| panic!("no node for {map}"))
}

/// The node's x, from its `translate(x y)`.
fn x(n: &Element) -> u32 {
    let t = n.get_attribute("transform").unwrap();
    t["translate(".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The node's box: x, y, width, height.
fn bounds(n: &Element) -> [f32; 4] {
    let t = n.get_attribute("transform").unwrap();
    let at: Vec<f32> = t["translate(".len()..t.len() - 1]
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let rect = n.query_selector("rect").unwrap().unwrap();
    let size = |a: &str| rect.get_attribute(a).unwrap().parse::<f32>().unwrap();
    [at[0], at[1], size("width"), size("height")]
}

#[wasm_bindgen_test]
async fn no_arrow_passes_behind_a_node_it_does_not_join() {
    let root = mount().await;
    let nodes = root.query_selector_all(".graph g.node").unwrap();
    let nodes: Vec<(String, [f32; 4])> = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|n| (text(&n, ".name"), bounds(&n)))
        .collect();
    let edges = root
        .query_selector_all(".graph path.edge:not(.self)")
        .unwrap();
    assert_eq!(edges.length(), 13);
    for i in 0..edges.length() {
        let path: web_sys::SvgGeometryElement = edges.item(i).unwrap().dyn_into().unwrap();
        let (from, to) = (
            path.get_attribute("data-from").unwrap(),
            path.get_attribute("data-to").unwrap(),
        );
        let length = path.get_total_length();
        for step in 0..=200 {
            let p = path
                .get_point_at_length(length * step as f32 / 200.0)
                .unwrap();
            for (name, [x, y, w, h]) in &nodes {
                if *name == from || *name == to {
                    continue;
                }
                let inside = p.x() > x + 1.0
                    && p.x() < x + w - 1.0
                    && p.y() > y + 1.0
                    && p.y() < y + h - 1.0;
                assert!(
                    !inside,
                    "the arrow {from} -> {to} passes behind {name} at ({}, {})",
                    p.x(),
                    p.y()
                );
            }
        }
    }
}

#[wasm_bindgen_test]
async fn arrows_that_skip_layers_run_between_the_nodes_not_under_the_graph() {
    let root = mount().await;
    let nodes = root.query_selector_all(".graph g.node").unwrap();
    let bottom = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|n| {
            let [_, y, _, h] = bounds(&n);
            y + h
        })
        .fold(0.0f32, f32::max);
    let long = root.query_selector_all(".graph path.edge.long").unwrap();
    // Customers V3 and Vendors V2 reach Legal entities and Currencies over the layers
    // between, and Customers V3 and Customer groups more.
    assert!(long.length() >= 5, "{} long arrows", long.length());
    for i in 0..long.length() {
        let path: web_sys::SvgGeometryElement = long.item(i).unwrap().dyn_into().unwrap();
        let length = path.get_total_length();
        let lowest = (0..=100)
            .map(|step| {
                path.get_point_at_length(length * step as f32 / 100.0)
                    .unwrap()
                    .y()
            })
            .fold(0.0f32, f32::max);
        assert!(
            lowest <= bottom,
            "the arrow {} -> {} runs at {lowest}, under the lowest node (its bottom at {bottom})",
            path.get_attribute("data-from").unwrap(),
            path.get_attribute("data-to").unwrap(),
        );
    }
    // The drawing ends under its lowest node: no room kept for arrows below.
    let svg = find(&root, ".graph svg");
    let height: f32 = svg.get_attribute("height").unwrap().parse().unwrap();
    assert!(
        height <= bottom + 12.0,
        "{height} for nodes down to {bottom}"
    );
}

#[wasm_bindgen_test]
async fn the_graph_draws_layers_marks_the_cycle_and_selects_a_map_from_the_keyboard() {
    let root = mount().await;
    assert_eq!(
        root.query_selector_all(".graph g.node").unwrap().length(),
        8
    );
    let chain = [
        "Legal entities",
        "Terms of payment",
        "Customer groups",
        "Customers V3",
    ]
    .map(|m| x(&node(&root, m)));
    assert!(
        chain.windows(2).all(|w| w[0] < w[1]),
        "prerequisites on the left: {chain:?}"
    );
    // Its name as a button is its visible words: the map, its status, its cycle.
    let customers = node(&root, "Customers V3");
    let words = texts(&customers, "text").concat();
    assert_eq!(words, "Customers V3○ Not running · in a cycle");
    // Its arrows in words, as its description for a screen reader.
    assert_eq!(
        text(&customers, "desc"),
        "Customers V3 depends on: Currencies, Customer groups, Legal entities, Terms of payment, itself. Depending on it: itself."
    );
    // Arrows: one per dependency, the self lookup included.
    assert_eq!(
        root.query_selector_all(".graph path.edge")
            .unwrap()
            .length(),
        14
    );
    assert_eq!(
        root.query_selector_all(".graph path.edge.self")
            .unwrap()
            .length(),
        1
    );

    let currencies = node(&root, "Currencies");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    currencies
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    yew::scheduler::flush().await;
    let currencies = node(&root, "Currencies");
    assert_eq!(
        currencies.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(currencies
        .get_attribute("class")
        .unwrap()
        .split(' ')
        .any(|c| c == "selected"));
    find(&root, r#"section[aria-label="Details of Currencies"]"#);
    // The selected map's arrows stand out, and its dependencies are said in words.
    let related = |root: &Element| -> Vec<(String, String)> {
        let all = root.query_selector_all(".graph path.edge.related").unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .map(|e| {
                let end = |a| e.get_attribute(a).unwrap_or_default();
                (end("data-from"), end("data-to"))
            })
            .collect()
    };
    let mut arrows = related(&root);
    arrows.sort();
    assert_eq!(
        arrows,
        [
            ("Customers V3".to_string(), "Currencies".to_string()),
            ("Vendors V2".into(), "Currencies".into()),
        ],
        "the arrows from and to Currencies"
    );
    assert_eq!(
        text(&root, ".graph-focus"),
        "Currencies depends on: none. Depending on it: Customers V3, Vendors V2."
    );

    // A map that looks itself up says so in words.
    let v3: web_sys::SvgElement = node(&root, "Customers V3").dyn_into().unwrap();
    v3.dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(
        text(&root, ".graph-focus"),
        "Customers V3 depends on: Currencies, Customer groups, Legal entities, Terms of payment, itself. Depending on it: itself."
    );
    currencies_again(&root).await;

    // The graph follows the engine: run the map, and its node says Running.
    click(&root, "Skip initial sync").await;
    assert!(node(&root, "Currencies")
        .text_content()
        .unwrap()
        .contains("● Running"));
    // A click on another node selects it alone.
    let legal: web_sys::SvgElement = node(&root, "Legal entities").dyn_into().unwrap();
    legal
        .dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    find(&root, r#"section[aria-label="Details of Legal entities"]"#);
    assert_eq!(
        node(&root, "Currencies")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
}

/// Selects Currencies alone again, from its node.
async fn currencies_again(root: &Element) {
    let node: web_sys::SvgElement = node(root, "Currencies").dyn_into().unwrap();
    node.dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn arrows_that_share_a_map_reach_it_at_points_of_their_own() {
    let root = mount().await;
    let edges = root
        .query_selector_all(".graph path.edge:not(.self)")
        .unwrap();
    let mut ends: Vec<(String, f32, f32)> = Vec::new();
    let mut starts: Vec<(String, f32, f32)> = Vec::new();
    for i in 0..edges.length() {
        let path: web_sys::SvgGeometryElement = edges.item(i).unwrap().dyn_into().unwrap();
        let (start, end) = (
            path.get_point_at_length(0.0).unwrap(),
            path.get_point_at_length(path.get_total_length()).unwrap(),
        );
        ends.push((path.get_attribute("data-to").unwrap(), end.x(), end.y()));
        starts.push((
            path.get_attribute("data-from").unwrap(),
            start.x(),
            start.y(),
        ));
    }
    // Legal entities is depended on by several maps: their arrowheads are apart.
    let into_legal = ends
        .iter()
        .filter(|(to, ..)| to == "Legal entities")
        .count();
    assert!(into_legal >= 3, "{ends:?}");
    for points in [&ends, &starts] {
        for (i, (node, x, y)) in points.iter().enumerate() {
            for (other, ox, oy) in &points[i + 1..] {
                if node == other {
                    // (At least an arrowhead's height apart: 6 px.)
                    assert!(
                        (x - ox).abs() + (y - oy).abs() >= 6.0,
                        "two arrows meet {node} at one point: {points:?}"
                    );
                }
            }
        }
    }
}

#[wasm_bindgen_test]
async fn a_long_name_of_wide_letters_stays_inside_its_node() {
    use dualwrite_engine::{format, Session};
    // Currencies renamed with wide letters, loaded as a file would be.
    let mut sim = dualwrite_engine::demo();
    let long = "WWMMWWMMWWMMWWMMWWMMWWMM WWMM";
    std::sync::Arc::make_mut(&mut sim.maps[1]).name = long.into();
    let text = format::export(&Session::new(sim), "wide names");
    let root = mount().await;
    let import: web_sys::HtmlTextAreaElement = find(&root, "#import-text").dyn_into().unwrap();
    import.set_value(&text);
    click(&root, "Load").await;
    let names = root.query_selector_all(".graph g.node .name").unwrap();
    let mut measured = Vec::new();
    for i in 0..names.length() {
        let name = names.item(i).unwrap();
        let length: js_sys::Function = js_sys::Reflect::get(&name, &"getComputedTextLength".into())
            .unwrap()
            .dyn_into()
            .unwrap();
        let width = length.call0(&name).unwrap().as_f64().unwrap();
        measured.push((name.text_content().unwrap(), width));
    }
    let cut = measured
        .iter()
        .find(|(shown, _)| shown.starts_with("WW"))
        .expect("the renamed map's node");
    assert!(cut.0.ends_with('…'), "{measured:?}");
    // Its box is 196 px wide and the name starts 8 px in.
    for (shown, width) in &measured {
        assert!(*width <= 182.0, "{shown}: {width} px");
    }
}
