//! Behaviour that a deliberately broken engine once got past the tests: each test here
//! names what it pins.

use crate::common;

use common::*;
use dualwrite_engine::map::{ColumnMapping as M, ExecutionStatus};
use dualwrite_engine::world::{Column, Table};
use dualwrite_engine::*;

fn col(name: &str, ty: ColumnType) -> Column {
    Column {
        name: name.into(),
        ty,
    }
}

/// A map `name` between FinOps `NAME(CODE, REF)` and Dataverse `name(code, ref)`, where
/// `ref` (when `refers_to` is given) looks up that map's Dataverse table.
fn linked(world: &mut World, name: &str, refers_to: Option<&str>) -> TableMap {
    let upper = name.to_uppercase();
    let mut fin = vec![col("CODE", ColumnType::Text)];
    let mut dv = vec![col("code", ColumnType::Text)];
    let mut mappings = vec![M::both("CODE", "code")];
    if let Some(target) = refers_to {
        fin.push(col("REF", ColumnType::Text));
        dv.push(col(
            "ref",
            ColumnType::Lookup {
                table: target.into(),
                column: "code".into(),
            },
        ));
        mappings.push(M::both("REF", "ref.code"));
    }
    world.add_table(
        Side::FinOps,
        Table::new(&upper, &upper, fin, vec!["CODE".into()], None).unwrap(),
    );
    world.add_table(
        Side::Dataverse,
        Table::new(name, name, dv, vec!["code".into()], None).unwrap(),
    );
    let mut map = TableMap::new(name, &upper, name);
    map.mappings = mappings;
    map
}

#[test]
fn related_maps_include_prerequisites_of_prerequisites() {
    // a looks up b, b looks up c: running a needs c although a does not look c up.
    let mut w = World::default();
    let maps = vec![
        linked(&mut w, "a", Some("b")),
        linked(&mut w, "b", Some("c")),
        linked(&mut w, "c", None),
    ];
    let sim = Simulator::new(w, maps);
    assert_eq!(sim.depends_on("a"), ["b"]);
    let rel = sim.related("a").unwrap();
    assert_eq!(rel.order, ["c", "b", "a"], "prerequisites first, through b");
    assert!(rel.cycles.is_empty());
    assert_eq!(
        sim.related("c").unwrap().dependents,
        ["b", "a"],
        "dependents prerequisites first too: a depends on b"
    );
}

#[test]
fn two_maps_that_look_each_other_up_are_one_cycle() {
    let mut w = World::default();
    let maps = vec![
        linked(&mut w, "x", Some("y")),
        linked(&mut w, "y", Some("x")),
    ];
    let sim = Simulator::new(w, maps);
    let rel = sim.related("x").unwrap();
    assert_eq!(rel.cycles, vec![vec!["x".to_string(), "y".to_string()]]);
    assert_eq!(rel.order.len(), 2);
    assert!(
        rel.dependents.is_empty(),
        "y is listed once, as a prerequisite"
    );
    // In the drawn graph both are one cycle, in one layer.
    let g = sim.layered();
    let both = vec!["x".to_string(), "y".to_string()];
    assert!(
        g.nodes.iter().all(|n| n.cycle == both && n.layer == 0),
        "{g:?}"
    );
}

#[test]
fn a_pair_that_fails_on_one_side_of_an_initial_sync_is_rolled_back_on_both() {
    // FinOps T(K, A, N int) and Dataverse t(k, a, n text): A = a both ways, N < n one way.
    // With FinOps as master, `a` is written on Dataverse first; then `n` ("many") cannot
    // be written into the integer N, so the pair fails and `a` must be rolled back too.
    let mut w = World::default();
    w.add_table(
        Side::FinOps,
        Table::new(
            "T",
            "T",
            vec![
                col("K", ColumnType::Text),
                col("A", ColumnType::Text),
                col("N", ColumnType::Integer),
            ],
            vec!["K".into()],
            None,
        )
        .unwrap(),
    );
    w.add_table(
        Side::Dataverse,
        Table::new(
            "t",
            "t",
            vec![
                col("k", ColumnType::Text),
                col("a", ColumnType::Text),
                col("n", ColumnType::Text),
            ],
            vec!["k".into()],
            None,
        )
        .unwrap(),
    );
    let mut map = TableMap::new("T", "T", "t");
    map.mappings = vec![
        M::both("K", "k"),
        M::both("A", "a"),
        M::new("N", Direction::ToFinOps, "n"),
    ];
    map.master = Side::FinOps;
    let mut s = Session::new(Simulator::new(w, vec![map]));
    ok(
        &mut s,
        create(Side::FinOps, "T", &[("K", t("k1")), ("A", t("fin"))]),
    );
    ok(
        &mut s,
        create(
            Side::Dataverse,
            "t",
            &[("k", t("k1")), ("a", t("dv")), ("n", t("many"))],
        ),
    );
    ok(
        &mut s,
        create(Side::FinOps, "T", &[("K", t("k2")), ("A", t("fin"))]),
    );
    ok(
        &mut s,
        create(Side::Dataverse, "t", &[("k", t("k2")), ("a", t("dv"))]),
    );
    run_all(&mut s, &["T"]);
    let sim = s.state();
    let exec = sim.map("T").unwrap().executions.last().unwrap();
    assert_eq!(exec.status, ExecutionStatus::Error);
    assert_eq!(exec.errors.len(), 1, "{:#?}", exec.errors);
    assert_eq!(exec.errors[0].key, "k1");
    assert_eq!(
        cell(sim, Side::Dataverse, "t", &["k1"], "a"),
        Some(t("dv")),
        "the Dataverse half of the failed pair is rolled back"
    );
    assert_eq!(
        cell(sim, Side::FinOps, "T", &["k1"], "N"),
        Some(Value::Null)
    );
    // The other pair went through.
    assert_eq!(
        cell(sim, Side::Dataverse, "t", &["k2"], "a"),
        Some(t("fin"))
    );
}

#[test]
fn mappings_are_editable_exactly_while_not_running() {
    let mut s = Session::new(demo());
    assert!(s.state().can_edit("Currencies"));
    ok(&mut s, run_cmd(&["Currencies"]));
    assert!(!s.state().can_edit("Currencies"), "Initializing");
    ok(&mut s, Command::RunUntilIdle);
    assert!(!s.state().can_edit("Currencies"), "Running");
    ok(&mut s, pause_cmd(&["Currencies"]));
    assert!(!s.state().can_edit("Currencies"), "Paused");
    ok(
        &mut s,
        resume_cmd(&["Currencies"], ResumeOption::SkipDiscarding),
    );
    ok(&mut s, stop_cmd(&["Currencies"]));
    assert!(s.state().can_edit("Currencies"), "Not running again");
    assert!(!s.state().can_edit("Nope"), "no such map");
}

#[test]
fn skip_initial_sync_is_offered_while_not_running_and_run_resumes_a_paused_map() {
    let offers = |s: &Session| {
        let sim = s.state();
        (
            sim.can_skip_initial_sync("Currencies"),
            sim.run_resumes("Currencies"),
        )
    };
    let mut s = Session::new(demo());
    assert_eq!(offers(&s), (true, false), "Not running");
    ok(&mut s, run_cmd(&["Currencies"]));
    assert_eq!(offers(&s), (false, false), "Initializing");
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(offers(&s), (false, false), "Running");
    ok(&mut s, pause_cmd(&["Currencies"]));
    assert_eq!(offers(&s), (false, true), "Paused");
    ok(
        &mut s,
        resume_cmd(&["Currencies"], ResumeOption::SkipDiscarding),
    );
    ok(&mut s, stop_cmd(&["Currencies"]));
    assert_eq!(offers(&s), (true, false), "Not running again");
    let sim = s.state();
    assert!(!sim.can_skip_initial_sync("Nope") && !sim.run_resumes("Nope"));
}

#[test]
fn a_direction_flows_from_its_source_side_only() {
    use Side::{Dataverse, FinOps};
    assert!(Direction::Both.flows_from(FinOps) && Direction::Both.flows_from(Dataverse));
    assert!(Direction::ToDataverse.flows_from(FinOps));
    assert!(!Direction::ToDataverse.flows_from(Dataverse));
    assert!(Direction::ToFinOps.flows_from(Dataverse));
    assert!(!Direction::ToFinOps.flows_from(FinOps));
}

#[test]
fn the_layered_graph_puts_prerequisites_first_and_marks_cycles() {
    let sim = dualwrite_engine::demo();
    let g = sim.layered();
    let layer = |m: &str| g.nodes.iter().find(|n| n.map == m).unwrap().layer;
    assert_eq!(
        [
            "Legal entities",
            "Currencies",
            "Terms of payment",
            "Vendor groups",
            "CDS Contacts V2",
            "Customer groups",
            "Vendors V2",
            "Customers V3"
        ]
        .map(layer),
        [0, 0, 1, 1, 1, 2, 2, 3]
    );
    let cycles: Vec<(&str, &[String])> = g
        .nodes
        .iter()
        .filter(|n| !n.cycle.is_empty())
        .map(|n| (n.map.as_str(), n.cycle.as_slice()))
        .collect();
    assert_eq!(
        cycles,
        [("Customers V3", &["Customers V3".to_string()][..])]
    );
    let at = |m: &str| g.nodes.iter().position(|n| n.map == m).unwrap();
    assert!(g
        .edges
        .contains(&(at("Customer groups"), at("Terms of payment"))));
    assert!(
        g.edges.contains(&(at("Customers V3"), at("Customers V3"))),
        "the self lookup"
    );
    assert!(!g
        .edges
        .contains(&(at("Terms of payment"), at("Customer groups"))));
    // Every edge goes to a lower layer, or stays in a cycle.
    for &(a, b) in &g.edges {
        assert!(g.nodes[a].layer > g.nodes[b].layer || g.nodes[a].cycle.contains(&g.nodes[b].map));
    }
}

#[test]
fn a_lookup_mapping_must_name_the_column_its_lookup_points_at() {
    let mut s = Session::new(demo());
    let mut mappings = s.state().map("Customers V3").unwrap().mappings.clone();
    let lookup = mappings
        .iter_mut()
        .find(|m| m.dataverse.contains('.'))
        .expect("Customers V3 has lookups");
    let relationship = lookup.dataverse_column().to_string();
    lookup.dataverse = format!("{relationship}.nosuchcolumn");
    let err = refused(
        &mut s,
        Command::SetMappings {
            map: "Customers V3".into(),
            mappings,
        },
    );
    assert!(
        err.contains(&format!(
            "'{relationship}.nosuchcolumn' is not a lookup to a 'nosuchcolumn' column"
        )),
        "{err}"
    );
}

#[test]
fn a_dataverse_lookup_is_offered_to_a_mapping_as_relationship_dot_column() {
    let sim = demo();
    let accounts = sim.world.tables(Side::Dataverse).get("accounts").unwrap();
    let fields = accounts.mapping_fields(Side::Dataverse);
    assert!(
        fields.contains(&"msdyn_customergroupid.msdyn_groupid".to_string()),
        "{fields:?}"
    );
    assert!(!fields.contains(&"msdyn_customergroupid".to_string()));
    assert_eq!(fields.len(), accounts.columns.len(), "one field per column");
}

#[test]
fn recorded_writes_say_whether_anything_was_written_and_revert_it() {
    let mut sim = demo();
    sim.world.record();
    let nothing = sim.world.recorded();
    assert!(nothing.is_empty());
    let before = sim.world.clone();
    sim.world.record();
    sim.apply(&update(
        Side::FinOps,
        "Currencies",
        &["USD"],
        &[("NAME", t("Dollar"))],
    ))
    .unwrap();
    let writes = sim.world.recorded();
    assert!(!writes.is_empty());
    assert_eq!(writes.len(), 1, "one row written (the map is not running)");
    assert_ne!(sim.world, before);
    sim.world.revert(writes);
    assert_eq!(sim.world, before);
    // Two rows written: two writes.
    sim.world.record();
    for code in ["USD", "EUR"] {
        sim.apply(&update(
            Side::FinOps,
            "Currencies",
            &[code],
            &[("NAME", t("x"))],
        ))
        .unwrap();
    }
    assert_eq!(sim.world.recorded().len(), 2);
}

#[test]
fn an_initial_sync_counts_each_leg_of_the_join() {
    // Dataverse is the master: the conflicting pair is updated on FinOps (the
    // Dataverse-to-FinOps leg) and the FinOps-only rows are created on Dataverse.
    let mut s = Session::new(demo());
    ok(&mut s, run_cmd(&CUSTOMER_CHAIN));
    ok(&mut s, Command::RunUntilIdle);
    let e = last_execution(&s, "Customers V3");
    let legs = |l: &dualwrite_engine::map::LegCounts| (l.read, l.created, l.updated, l.failed);
    assert_eq!(legs(&e.to_dataverse), (19, 17, 1, 1));
    assert_eq!(legs(&e.to_finops), (5, 4, 1, 0));
}

#[test]
fn a_write_to_a_column_not_mapped_from_its_side_is_not_queued() {
    // SYMBOL made one-way, Dataverse to FinOps: a FinOps change to it goes nowhere.
    let mut s = Session::new(demo());
    let mut mappings = s.state().map("Currencies").unwrap().mappings.clone();
    let symbol = mappings.iter_mut().find(|m| m.finops == "SYMBOL").unwrap();
    symbol.direction = Direction::ToFinOps;
    ok(
        &mut s,
        Command::SetMappings {
            map: "Currencies".into(),
            mappings,
        },
    );
    run_all(&mut s, &["Currencies"]);
    ok(&mut s, pause_cmd(&["Currencies"]));
    let queued = |s: &Session| {
        let m = s.state().map("Currencies").unwrap();
        m.status.queue().unwrap().changes.len()
    };
    ok(&mut s, usd_on_finops("SYMBOL", "US$"));
    assert_eq!(queued(&s), 0, "nothing to play back");
    // A column mapped from FinOps is queued.
    ok(&mut s, usd_on_finops("NAME", "Dollar"));
    assert_eq!(queued(&s), 1);
}

#[test]
fn a_filter_saved_empty_reads_as_removed_in_the_history() {
    let set = |filter: &str| Command::SetFilter {
        map: "Currencies".into(),
        side: Side::FinOps,
        filter: filter.into(),
    };
    assert_eq!(
        set("  ").to_string(),
        "Finance and operations apps filter of Currencies removed"
    );
    assert_eq!(
        set("NAME == 'x'").to_string(),
        "Finance and operations apps filter of Currencies saved"
    );
}

/// Starts the initial sync of Currencies with FinOps as master, `rows` rows a tick, and
/// reads its first batch.
fn currencies_initializing(rows: u64) -> Session {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows });
    ok(&mut s, run_with_master("Currencies", Side::FinOps));
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(status(&s, "Currencies"), StatusKind::Initializing);
    s
}

/// The keys of the first `n` FinOps currencies (those a first batch reads).
fn first_currencies(s: &Session, n: usize) -> Vec<String> {
    s.state().world.finops["Currencies"]
        .rows
        .values()
        .take(n)
        .map(|r| r[0].to_string())
        .collect()
}

#[test]
fn every_row_written_during_an_initial_sync_is_noted_once_and_synced_at_its_end() {
    // Pins `InitialWork::note_written`: a row is noted once per side and key, and
    // every row noted is synced.
    let mut s = currencies_initializing(2);
    let codes = first_currencies(&s, 2);
    // Rows the sync has read already: two rows of one side, the first of them twice.
    for (code, name) in [
        (&codes[0], "First"),
        (&codes[1], "Second"),
        (&codes[0], "First again"),
    ] {
        ok(
            &mut s,
            update(Side::FinOps, "Currencies", &[code], &[("NAME", t(name))]),
        );
    }
    let noted = match &s.state().map("Currencies").unwrap().status {
        dualwrite_engine::map::MapStatus::Initializing { work: Some(w), .. } => w.written.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(noted, 2, "two rows noted, the first once");
    ok(&mut s, Command::RunUntilIdle);
    let dv_name = |code: &str| {
        cell(
            s.state(),
            Side::Dataverse,
            "transactioncurrencies",
            &[code],
            "currencyname",
        )
    };
    assert_eq!(dv_name(&codes[0]), Some(t("First again")));
    assert_eq!(dv_name(&codes[1]), Some(t("Second")));
}

#[test]
fn a_row_written_during_an_initial_sync_that_fails_is_listed_once() {
    // The same row written twice meanwhile, then Dataverse fails its writes: the row
    // fails once in the execution, not once per write.
    let mut s = currencies_initializing(2);
    let code = first_currencies(&s, 1).remove(0);
    for name in ["Once", "Twice"] {
        ok(
            &mut s,
            update(Side::FinOps, "Currencies", &[&code], &[("NAME", t(name))]),
        );
    }
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: Some(Fault::BadGateway),
        },
    );
    ok(&mut s, Command::RunUntilIdle);
    let exec = last_execution(&s, "Currencies");
    let listed = exec.errors.iter().filter(|e| e.key.contains(&code)).count();
    assert_eq!(listed, 1, "{:?}", exec.errors);
}

#[test]
fn a_map_that_finishes_without_reading_a_row_still_takes_its_tick() {
    // Currencies reads all its FinOps rows in the first tick; Dataverse has none,
    // so the tick after finishes it without reading anything. That tick is its own: the
    // next map waits for the tick after (an empty map takes a tick alike). Pins the
    // tick budget's `total == 0 || read == 0` in `catch_up.rs`.
    let mut s = Session::new(demo());
    let rows = s.state().world.finops["Currencies"].rows.len() as u64;
    let dataverse: Vec<String> = s.state().world.dataverse["transactioncurrencies"]
        .rows
        .values()
        .map(|r| r[0].to_string())
        .collect();
    for code in &dataverse {
        ok(
            &mut s,
            delete(Side::Dataverse, "transactioncurrencies", &[code]),
        );
    }
    ok(&mut s, Command::SetRowsPerTick { rows });
    ok(&mut s, run_cmd(&["Currencies", "Legal entities"]));
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(status(&s, "Currencies"), StatusKind::Initializing);
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(status(&s, "Currencies"), StatusKind::Running);
    let next = s.state().map("Legal entities").unwrap();
    assert!(
        matches!(
            next.status,
            dualwrite_engine::map::MapStatus::Initializing { done: 0, .. }
        ),
        "{:?}",
        next.status
    );
    ok(&mut s, Command::Tick { ticks: 1 });
    assert!(
        !matches!(
            s.state().map("Legal entities").unwrap().status,
            dualwrite_engine::map::MapStatus::Initializing { done: 0, .. }
        ),
        "the next tick is Legal entities'"
    );
}

#[test]
fn a_lookup_to_one_column_of_a_two_column_key_finds_its_row() {
    // Pins `World::resolve_lookup`'s fast path, which serves lookups naming the whole key
    // (with the company where there is one): a lookup to one column of a longer key is
    // found by that column's value.
    let mut w = World::default();
    w.add_table(
        Side::FinOps,
        Table::new(
            "T",
            "T",
            vec![col("A", ColumnType::Text), col("B", ColumnType::Text)],
            vec!["A".into(), "B".into()],
            None,
        )
        .unwrap(),
    );
    w.add_table(
        Side::FinOps,
        Table::new(
            "R",
            "R",
            vec![
                col("ID", ColumnType::Text),
                col(
                    "TA",
                    ColumnType::Lookup {
                        table: "T".into(),
                        column: "A".into(),
                    },
                ),
            ],
            vec!["ID".into()],
            None,
        )
        .unwrap(),
    );
    let mut s = Session::new(Simulator::new(w, vec![]));
    ok(
        &mut s,
        create(Side::FinOps, "T", &[("A", t("a1")), ("B", t("b1"))]),
    );
    ok(
        &mut s,
        create(Side::FinOps, "R", &[("ID", t("r1")), ("TA", t("a1"))]),
    );
    let err = refused(
        &mut s,
        create(Side::FinOps, "R", &[("ID", t("r2")), ("TA", t("zz"))]),
    );
    assert!(err.contains("zz"), "{err}");
}

#[test]
fn a_lookup_between_company_tables_matches_the_company_and_the_column_it_names() {
    // Pins `World::resolve_lookup` with companies: R (a company table) looks up T's
    // non-key column N, T's company column CO, and P of S, a table keyed by its company
    // alone. Each lookup finds a row of the referring row's company with the value in the
    // column named, except the lookup of the company column, which names a company.
    let text = |n: &str| col(n, ColumnType::Text);
    let lookup = |n: &str, table: &str, column: &str| {
        col(
            n,
            ColumnType::Lookup {
                table: table.into(),
                column: column.into(),
            },
        )
    };
    let mut w = World::default();
    let company = Some("CO".to_string());
    let tables = [
        Table::new(
            "T",
            "T",
            vec![text("A"), text("CO"), text("N")],
            vec!["A".into(), "CO".into()],
            company.clone(),
        ),
        Table::new(
            "S",
            "S",
            vec![text("CO"), text("P")],
            vec!["CO".into()],
            company.clone(),
        ),
        Table::new(
            "R",
            "R",
            vec![
                text("ID"),
                text("CO"),
                lookup("TN", "T", "N"),
                lookup("TCO", "T", "CO"),
                lookup("SP", "S", "P"),
            ],
            vec!["ID".into(), "CO".into()],
            company,
        ),
    ];
    for table in tables {
        w.add_table(Side::FinOps, table.unwrap());
    }
    let mut s = Session::new(Simulator::new(w, vec![]));
    ok(
        &mut s,
        create(
            Side::FinOps,
            "T",
            &[("A", t("a1")), ("CO", t("c1")), ("N", t("n1"))],
        ),
    );
    ok(
        &mut s,
        create(Side::FinOps, "S", &[("CO", t("c1")), ("P", t("p1"))]),
    );
    let r = |id: &str, co: &str, cells: &[(&str, &str)]| {
        let mut all = vec![("ID", t(id)), ("CO", t(co))];
        all.extend(cells.iter().map(|(c, v)| (*c, t(v))));
        create(Side::FinOps, "R", &all)
    };
    ok(&mut s, r("r1", "c1", &[("TN", "n1"), ("SP", "p1")]));
    // T has no row of company c2 with N = n1.
    let err = refused(&mut s, r("r2", "c2", &[("TN", "n1")]));
    assert!(err.contains("n1"), "{err}");
    // The company column names a company, whichever the referring row's.
    ok(&mut s, r("r3", "c2", &[("TCO", "c1")]));
    // S has a row of c1, but not with P = zz.
    let err = refused(&mut s, r("r4", "c1", &[("SP", "zz")]));
    assert!(err.contains("zz"), "{err}");
}

// Found by the fourth mutation shard (3/10): each test below failed to notice a change.

#[test]
fn a_command_the_engine_refuses_without_consequence_has_no_events_in_the_json_api() {
    // Only a refusal that caused something (a rolled-back write reaching an alert) carries
    // events; a plain refusal carries none, not an empty list.
    let mut api = api::JsonApi::demo();
    let err = api
        .dispatch(r#"{"command":"pause","maps":["Currencies"]}"#)
        .unwrap_err();
    assert!(matches!(err, api::ApiError::Command(_)), "{err:?}");
    assert_eq!(err.events_json(), None);
}

#[test]
fn a_file_cut_short_inside_a_value_is_refused_with_its_path() {
    // The error is at the very end of the text, inside a number, a name and a string.
    for (cut, path) in [
        (
            r#"{"format": "dualwrite-scenario", "version": 12"#,
            "version",
        ),
        (
            r#"{"format": "dualwrite-scenario", "version": tr"#,
            "version",
        ),
        (r#"{"format": "dualwrite-scenar"#, "format"),
    ] {
        let err = format::import(cut).unwrap_err().to_string();
        assert!(err.contains("was it cut short?"), "{cut}: {err}");
        assert!(err.starts_with(&format!("{path}:")), "{cut}: {err}");
    }
}

#[test]
fn a_queue_with_two_changes_of_one_number_is_out_of_order() {
    let mut s = paused_currencies();
    ok(&mut s, usd_on_finops("NAME", "One"));
    ok(&mut s, usd_on_finops("NAME", "Two"));
    let mut m = s.state().map("Currencies").unwrap().clone();
    assert_eq!(invariants::queue_accounting(&m), Ok(()));
    let MapStatus::Paused { queue } = &mut m.status else {
        panic!("paused")
    };
    let mut changes: Vec<_> = queue.changes.iter().cloned().collect();
    changes[1].seq = changes[0].seq;
    let mut again = dualwrite_engine::map::Queue::new(queue.since);
    for c in changes {
        again.push(c);
    }
    *queue = again;
    let err = invariants::queue_accounting(&m).unwrap_err();
    assert!(err.contains("out of order"), "{err}");
}

#[test]
fn goal_candidates_name_at_most_twenty_rows() {
    use dualwrite_engine::lesson::goal_candidates;
    let mut s = Session::new(demo());
    for i in 0..25 {
        ok(
            &mut s,
            create(
                Side::FinOps,
                "Currencies",
                &[("CURRENCYCODE", t(&format!("Z{i:02}")))],
            ),
        );
    }
    let goals = goal_candidates(s.base(), s.state());
    let rows = goals
        .iter()
        .filter(|g| {
            g.text
                .starts_with("Finance and operations apps Currencies has row")
        })
        .count();
    assert_eq!(
        rows,
        20,
        "{:#?}",
        goals.iter().map(|g| &g.text).collect::<Vec<_>>()
    );
    assert!(goals.iter().any(|g| g.text.contains("has 30 row(s) in")));
}

#[test]
fn a_lookup_offers_its_targets_up_to_the_limit_then_is_typed() {
    use dualwrite_engine::locate::{Choices, MAX_CHOICES};
    let mut s = Session::new(demo());
    let currencies = s.state().world.finops["Currencies"].rows.len();
    for i in currencies..MAX_CHOICES {
        ok(
            &mut s,
            create(
                Side::FinOps,
                "Currencies",
                &[("CURRENCYCODE", t(&format!("Z{i:03}")))],
            ),
        );
    }
    let w = &s.state().world;
    let at = w.finops["CustomersV3"]
        .columns
        .iter()
        .position(|c| c.name == "SALESCURRENCYCODE")
        .unwrap();
    let Choices::OneOf(all) = w.choices(Side::FinOps, "CustomersV3", at) else {
        panic!("{MAX_CHOICES} targets are still a list")
    };
    assert_eq!(all.len(), MAX_CHOICES);
    ok(
        &mut s,
        create(Side::FinOps, "Currencies", &[("CURRENCYCODE", t("ZZZZ"))]),
    );
    assert_eq!(
        s.state().world.choices(Side::FinOps, "CustomersV3", at),
        Choices::Text,
        "one more is typed"
    );
}

#[test]
fn a_mapping_names_its_column_on_each_side() {
    let plain = M::both("NAME", "currencyname");
    assert_eq!(plain.column(Side::FinOps), "NAME");
    assert_eq!(plain.column(Side::Dataverse), "currencyname");
    let lookup = M::both("CURRENCY", "transactioncurrencyid.isocurrencycode");
    assert_eq!(lookup.column(Side::Dataverse), "transactioncurrencyid");
}

#[test]
fn a_row_created_on_both_sides_while_paused_ends_as_the_later_create() {
    let mut s = paused_currencies();
    ok(
        &mut s,
        create(
            Side::FinOps,
            "Currencies",
            &[("CURRENCYCODE", t("NEW")), ("NAME", t("From FinOps"))],
        ),
    );
    ok(
        &mut s,
        create(
            Side::Dataverse,
            "transactioncurrencies",
            &[
                ("isocurrencycode", t("NEW")),
                ("currencyname", t("From Dataverse")),
            ],
        ),
    );
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    ok(&mut s, Command::RunUntilIdle);
    let sim = s.state();
    assert_eq!(
        cell(sim, Side::FinOps, "Currencies", &["NEW"], "NAME"),
        Some(t("From Dataverse"))
    );
    assert_eq!(
        cell(
            sim,
            Side::Dataverse,
            "transactioncurrencies",
            &["NEW"],
            "currencyname"
        ),
        Some(t("From Dataverse"))
    );
    assert!(sim.map("Currencies").unwrap().catch_up_errors.is_empty());
}

#[test]
fn an_unknown_field_where_one_is_allowed_names_that_one() {
    let err = format::command_from_json(r#"{"command":"run_until_idle","x":1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown field `x`, expected `command`"),
        "{err}"
    );
}

#[test]
fn an_initial_sync_reads_its_rows_per_tick_across_the_switch_of_legs() {
    // Each tick reads rows_per_tick rows, the last fewer: when FinOps' rows run out in
    // the middle of a tick, Dataverse's fill the rest of it, and no more.
    for per_tick in [2, 3, 4] {
        let mut s = Session::new(demo());
        ok(&mut s, Command::SetRowsPerTick { rows: per_tick });
        ok(&mut s, run_cmd(&["Currencies"]));
        let done = |s: &Session| s.state().map("Currencies").unwrap().status.progress();
        let mut steps = Vec::new();
        let mut last = done(&s).unwrap().0;
        while let Some((_, total)) = done(&s) {
            ok(&mut s, Command::Tick { ticks: 1 });
            let now = done(&s).map_or(total, |p| p.0);
            steps.push(now - last);
            last = now;
        }
        let (end, full) = steps.split_last().unwrap();
        assert!(
            full.iter().all(|&n| n == per_tick) && *end <= per_tick,
            "{per_tick} a tick: {steps:?}"
        );
    }
}

#[test]
fn values_read_from_owned_strings_are_text() {
    let v: Value = serde_json::from_value(serde_json::json!("owned")).unwrap();
    assert_eq!(v, t("owned"));
}

#[test]
fn a_row_id_reads_with_a_hash_and_resume_options_with_the_products_words() {
    assert_eq!(RowId(7).to_string(), "#7");
    assert_eq!(
        ResumeOption::SkipPreservingErrors.label(),
        "Skip to live synchronization preserving queued records to catch-up errors for retry"
    );
    assert_eq!(
        ResumeOption::SkipDiscarding.label(),
        "Skip to live synchronization and discard queued records"
    );
    assert_eq!(
        ResumeOption::CatchUp.label(),
        "Catch up synchronization of queued records"
    );
}

#[test]
fn every_fifth_generated_dataverse_only_account_is_in_group_90() {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        Command::GenerateCustomers {
            count: 1_000,
            seed: 3,
        },
    );
    let group = |n: &str| {
        cell(
            s.state(),
            Side::Dataverse,
            "accounts",
            &[n, "usmf"],
            "msdyn_customergroupid",
        )
    };
    assert_eq!(group("C000005"), Some(t("90")));
    assert_eq!(group("C000010"), Some(t("90")));
    assert_eq!(group("C000001"), Some(t("10")));
    assert_eq!(group("C000006"), Some(t("10")));
    // Their credit limits: whole multiples of 500, from 500 to 10,000, not all alike.
    let limits: Vec<Value> = (1..=100)
        .map(|j| {
            cell(
                s.state(),
                Side::Dataverse,
                "accounts",
                &[&format!("C{j:06}"), "usmf"],
                "creditlimit",
            )
            .unwrap()
        })
        .collect();
    for v in &limits {
        assert!((1..=20).any(|k| *v == Value::decimal(k * 500, 0)), "{v:?}");
    }
    assert!(limits.iter().any(|v| *v != limits[0]));
}

#[test]
fn a_syntax_error_names_a_key_written_with_escapes_as_read() {
    // `a\u0062c` is the key `abc`: the path says so, not the escapes.
    let err = format::import(r#"{"format": "dualwrite-scenario", "a\u0062c": nope}"#)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("abc:"), "{err}");
}

#[test]
fn a_number_too_large_for_a_cell_and_a_transform_of_two_kinds_are_refused() {
    let err = format::command_from_json(
        r#"{"command":"create_row","side":"FinOps","table":"Currencies","cells":{"EXCHANGERATE":18446744073709551615}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("integer too large"), "{err}");
    let err = format::from_json::<M>(
        r#"{"finops":"A","dataverse":"a","direction":"=","transform":{"value_map":[],"default":"x"}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("expected enum Transform"), "{err}");
}

#[test]
fn a_script_of_another_format_or_version_is_refused() {
    let script = |format: &str, version: u32| {
        format!(
            r#"{{"format": "{format}", "version": {version}, "title": "t", "scenario": "demo", "steps": []}}"#
        )
    };
    assert!(script::load(&script(script::SCRIPT_FORMAT, 1)).is_ok());
    for (format, version) in [(script::SCRIPT_FORMAT, 2), ("dualwrite-scenario", 1)] {
        let err = script::load(&script(format, version))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("format: expected"),
            "{format} {version}: {err}"
        );
    }
}

#[test]
fn rows_debug_as_a_map_of_id_to_cells() {
    let s = Session::new(demo());
    let text = format!("{:?}", s.state().world.finops["LegalEntities"].rows);
    assert!(
        text.starts_with("{RowId(1): [Text(\"usmf\"), Text(\"Contoso"),
        "{text}"
    );
}

#[test]
fn the_json_api_lists_related_maps_for_a_selection() {
    let api = api::JsonApi::demo();
    let related: serde_json::Value =
        serde_json::from_str(&api.related(r#"["Customers V3"]"#).unwrap()).unwrap();
    let order: Vec<&str> = related["order"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    assert_eq!(order.last(), Some(&"Customers V3"), "{related}");
    assert!(order.contains(&"Currencies"), "{related}");
    assert!(related["pause_offers"].is_array(), "{related}");
    assert!(api.related("[]").is_err());
}

#[test]
fn a_row_that_is_neither_a_list_nor_an_object_is_refused_saying_what_a_row_is() {
    let mut file: serde_json::Value =
        serde_json::from_str(&format::export(&Session::new(demo()), "x")).unwrap();
    file["state"]["world"]["finops"][0]["rows"][0] = serde_json::json!("usmf");
    let err = format::import(&file.to_string()).unwrap_err().to_string();
    assert!(
        err.contains("expected a row: an array of its id and its cells in column order"),
        "{err}"
    );
}

#[test]
fn queues_with_different_changes_differ() {
    let s = paused_currencies();
    let before = s.state().map("Currencies").unwrap().status.clone();
    let mut s = s;
    ok(&mut s, usd_on_finops("NAME", "Queued"));
    let after = s.state().map("Currencies").unwrap().status.clone();
    assert_ne!(after, before, "one change more in the queue");
    s.undo();
    assert_eq!(s.state().map("Currencies").unwrap().status, before);
    // One change each, of different values.
    ok(&mut s, usd_on_finops("NAME", "Other"));
    assert_ne!(s.state().map("Currencies").unwrap().status, after);
}

#[test]
fn a_row_named_by_its_id_is_updated() {
    let mut s = Session::new(demo());
    let id = s.state().world.finops["LegalEntities"]
        .rows
        .iter()
        .next()
        .map(|(id, _)| *id)
        .unwrap();
    ok(
        &mut s,
        Command::UpdateRow {
            side: Side::FinOps,
            table: "LegalEntities".into(),
            row: RowRef::Id(id),
            cells: cells(&[("NAME", t("Renamed"))]),
        },
    );
    assert_eq!(
        s.state().world.finops["LegalEntities"].rows[&id][1],
        t("Renamed")
    );
}

#[test]
fn a_row_created_through_a_column_of_another_type_is_checked() {
    // NAME (text) mapped onto exchangerate (a decimal): a currency created on Dataverse by
    // the initial sync gets its name checked there, and fails, instead of a text landing
    // in a decimal column.
    let mut s = Session::new(demo());
    ok(
        &mut s,
        create(
            Side::FinOps,
            "Currencies",
            &[("CURRENCYCODE", t("NEW")), ("NAME", t("not a number"))],
        ),
    );
    ok(
        &mut s,
        Command::SetMappings {
            map: "Currencies".into(),
            mappings: vec![
                M::both("CURRENCYCODE", "isocurrencycode"),
                M::both("NAME", "exchangerate"),
            ],
        },
    );
    run_all(&mut s, &["Currencies"]);
    let exec = last_execution(&s, "Currencies");
    assert!(
        exec.errors
            .iter()
            .any(|e| e.key == "NEW" && e.field == "exchangerate"),
        "{:?}",
        exec.errors
    );
    assert_eq!(
        cell(
            s.state(),
            Side::Dataverse,
            "transactioncurrencies",
            &["NEW"],
            "exchangerate"
        ),
        None,
        "not created"
    );
}

#[test]
fn a_lookup_into_a_company_table_whose_key_leaves_the_company_out_matches_both() {
    // T is keyed (A, N) and has a company column outside its key. R looks up T's A: the
    // row found has that A and the referring row's company, whatever its N.
    let text = |n: &str| col(n, ColumnType::Text);
    let mut w = World::default();
    let company = Some("CO".to_string());
    w.add_table(
        Side::FinOps,
        Table::new(
            "T",
            "T",
            vec![text("A"), text("N"), text("CO")],
            vec!["A".into(), "N".into()],
            company.clone(),
        )
        .unwrap(),
    );
    w.add_table(
        Side::FinOps,
        Table::new(
            "R",
            "R",
            vec![
                text("ID"),
                text("CO"),
                col(
                    "TA",
                    ColumnType::Lookup {
                        table: "T".into(),
                        column: "A".into(),
                    },
                ),
            ],
            vec!["ID".into(), "CO".into()],
            company,
        )
        .unwrap(),
    );
    let mut s = Session::new(Simulator::new(w, vec![]));
    ok(
        &mut s,
        create(
            Side::FinOps,
            "T",
            &[("A", t("a1")), ("N", t("n1")), ("CO", t("c1"))],
        ),
    );
    ok(
        &mut s,
        create(
            Side::FinOps,
            "R",
            &[("ID", t("r1")), ("CO", t("c1")), ("TA", t("a1"))],
        ),
    );
    let err = refused(
        &mut s,
        create(
            Side::FinOps,
            "R",
            &[("ID", t("r2")), ("CO", t("c2")), ("TA", t("a1"))],
        ),
    );
    assert!(err.contains("a1"), "{err}");
}

#[test]
fn rerun_is_offered_only_after_a_failed_initial_sync() {
    let mut s = Session::new(demo());
    assert!(!s.state().can_rerun("Currencies"), "never run");
    run_all(&mut s, &["Currencies"]);
    ok(&mut s, stop_cmd(&["Currencies"]));
    assert_eq!(status(&s, "Currencies"), StatusKind::NotRunning);
    assert!(
        !s.state().can_rerun("Currencies"),
        "its initial sync succeeded"
    );
}

#[test]
fn a_whole_number_of_the_wrong_type_is_called_an_integer() {
    let err = format::command_from_json(r#"{"command":"set_rows_per_tick","rows":"5"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid type: string \"5\""), "{err}");
    let err = format::command_from_json(r#"{"command":"set_fault","side":5,"fault":null}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid type: integer `5`"), "{err}");
    let err = format::command_from_json(r#"{"command":"set_fault","side":5.5,"fault":null}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid type: floating point `5.5`"), "{err}");
}

#[test]
fn a_lesson_made_from_a_changed_demo_keeps_its_own_start() {
    use dualwrite_engine::lesson::{Lesson, LessonFile};
    // Started from "demo", but the world is not the demo's: the lesson carries its world.
    let mut start = demo();
    start.clock = 42;
    let s = Session::new(start.clone());
    let goal =
        format::from_json(r#"{"text": "Run it", "expect": {"status": {"Currencies": "Running"}}}"#)
            .unwrap();
    let file = LessonFile::from_session(&s, Some("demo"), "l", "L", "", vec![], vec![goal]);
    assert_ne!(file.scenario, serde_json::json!("demo"));
    let lesson = Lesson::load(&file.to_json()).unwrap();
    assert_eq!(lesson.session().state(), &start);
}

#[test]
fn a_filter_takes_an_empty_text_for_null() {
    let f = Filter::parse("NAME == \"\"").unwrap();
    assert!(f.matches(|_| &Value::Null), "an empty cell equals \"\"");
    let f = Filter::parse("NAME == null").unwrap();
    let (empty, x) = (t(""), t("x"));
    assert!(f.matches(|_| &empty));
    assert!(!f.matches(|_| &x));
}

#[test]
fn each_direction_is_described_in_words() {
    use dualwrite_engine::map::Direction;
    let words: Vec<&str> = Direction::ALL.iter().map(|d| d.describe()).collect();
    assert_eq!(
        words,
        [
            "two-way",
            "one-way, finance and operations apps to Dataverse",
            "one-way, Dataverse to finance and operations apps"
        ]
    );
}

#[test]
fn a_tick_whose_rows_are_used_up_starts_no_other_initial_sync() {
    // Legal entities takes the whole tick: Currencies, next in line, is not started (its
    // execution is numbered when its first batch is read, on the next tick).
    let mut s = Session::new(demo());
    ok(&mut s, run_cmd(&["Legal entities", "Currencies"]));
    let work = |s: &Session, map: &str| match &s.state().map(map).unwrap().status {
        MapStatus::Initializing { work, .. } => Some(work.is_some()),
        _ => None,
    };
    let (_, total) = s
        .state()
        .map("Legal entities")
        .unwrap()
        .status
        .progress()
        .unwrap();
    ok(&mut s, Command::SetRowsPerTick { rows: total });
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(status(&s, "Legal entities"), StatusKind::Running);
    assert_eq!(work(&s, "Currencies"), Some(false), "not started");
    ok(&mut s, Command::Tick { ticks: 1 });
    assert!(
        work(&s, "Currencies") == Some(true) || status(&s, "Currencies") == StatusKind::Running,
        "started"
    );
}

#[test]
fn an_initial_sync_counts_the_rows_of_both_sides_of_a_company_table() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    ok(&mut s, run_cmd(&["Customer groups"]));
    let w = &s.state().world;
    let both =
        w.finops["CustomerGroups"].rows.len() + w.dataverse["msdyn_customergroups"].rows.len();
    assert_eq!(
        s.state().map("Customer groups").unwrap().status.progress(),
        Some((0, both as u64))
    );
}

#[test]
fn a_typed_yes_or_no_takes_its_usual_words_in_any_case() {
    let b = ColumnType::Bool;
    for yes in ["Yes", "true", "1"] {
        assert_eq!(b.parse_input(yes), Ok(Value::Bool(true)), "{yes}");
    }
    for no in ["No", "FALSE", "0"] {
        assert_eq!(b.parse_input(no), Ok(Value::Bool(false)), "{no}");
    }
    assert_eq!(
        b.parse_input("maybe"),
        Err("'maybe' is not Yes or No".into())
    );
}

#[test]
fn a_typed_decimal_takes_digits_only_on_each_side_of_the_point() {
    let d = ColumnType::Decimal;
    assert_eq!(d.parse_input("1.5"), Ok(Value::decimal(1, 5000)));
    for bad in ["+1.5", "1.+5", "1.-5", "x.5", "1.x", ".", "-."] {
        assert!(d.parse_input(bad).is_err(), "{bad}");
    }
    // A missing unit or fraction is a zero, as people write them.
    assert_eq!(d.parse_input(".5"), Ok(Value::decimal(0, 5000)));
    assert_eq!(d.parse_input("12."), Ok(Value::decimal(12, 0)));
}

#[test]
fn a_script_on_a_scenario_that_is_not_the_demo_nor_a_file_is_refused() {
    let text = r#"{"format": "dualwrite-script", "version": 1, "title": "t", "scenario": "nope", "steps": []}"#;
    let err = script::load(text).unwrap_err().to_string();
    assert!(
        err.contains("expected \"demo\" or a scenario object"),
        "{err}"
    );
}

#[test]
fn negative_whole_numbers_and_nulls_read_as_themselves() {
    // serde_json hands a negative number to `visit_i64` and a positive one to `visit_u64`.
    let v: Value = serde_json::from_str("-42").unwrap();
    assert_eq!(v, Value::Int(-42));
    let v: Value = serde_json::from_str("null").unwrap();
    assert_eq!(v, Value::Null);
    // The same through a file: a streamed world keeps a negative whole number.
    let mut file: serde_json::Value =
        serde_json::from_str(&format::export(&Session::new(demo()), "x")).unwrap();
    let currencies = file["state"]["world"]["finops"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["name"] == "Currencies")
        .unwrap();
    currencies["columns"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "ROUNDING", "type": "integer"}));
    // A row is its id, then its cells in column order: the new column's cell comes last.
    let width = 1 + currencies["columns"].as_array().unwrap().len();
    let usd = currencies["rows"][0].as_array_mut().unwrap();
    usd.resize(width - 1, serde_json::Value::Null);
    usd.push(serde_json::json!(-2));
    let (s, _) = format::import(&file.to_string()).unwrap();
    assert_eq!(
        cell(s.state(), Side::FinOps, "Currencies", &["USD"], "ROUNDING"),
        Some(Value::Int(-2))
    );
}

#[test]
fn an_option_set_takes_all_of_another_only_when_it_has_each_of_its_options() {
    let small = ColumnType::OptionSet {
        options: vec![1, 2],
        labels: Vec::new(),
    };
    let large = ColumnType::OptionSet {
        options: vec![1, 2, 3],
        labels: Vec::new(),
    };
    assert!(large.accepts_all_of(&small));
    assert!(small.accepts_all_of(&small));
    assert!(!small.accepts_all_of(&large));
}

#[test]
fn changed_cells_are_told_apart_from_unchanged_ones() {
    use dualwrite_engine::world::Changed;
    let mut c = Changed::default();
    c.insert(3);
    assert!(c.contains(3));
    assert!(!c.contains(2) && !c.contains(4) && !c.contains(200));
    c.insert(500);
    assert!(
        c.contains(200),
        "past 128 positions every one may have changed"
    );
}

#[test]
fn a_live_write_that_gives_a_row_the_key_of_another_on_the_target_is_rolled_back() {
    // CHF is on Dataverse only (created while the map was not running, then no initial
    // sync); renaming USD to CHF on FinOps would give Dataverse two CHF rows.
    let mut s = Session::new(demo());
    ok(
        &mut s,
        create(
            Side::Dataverse,
            "transactioncurrencies",
            &[("isocurrencycode", t("CHF")), ("currencyname", t("Franc"))],
        ),
    );
    ok(&mut s, skip_cmd(&["Currencies"]));
    let before = s.state().clone();
    let e = s
        .dispatch(usd_on_finops("CURRENCYCODE", "CHF"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "The change was rolled back on both sides: table map 'Currencies' could not write it \
         to Dataverse: Dataverse table 'transactioncurrencies' already has a row with the key \
         (CHF)"
    );
    assert_eq!(s.state().world, before.world, "rolled back on both sides");
    // Only the map's activity log and error times remember the failed write.
    let (now, then) = (
        s.state().map("Currencies").unwrap(),
        before.map("Currencies").unwrap(),
    );
    assert_eq!(now.status, then.status);
    assert_eq!(s.state().maps.len(), before.maps.len());
}

#[test]
fn generate_is_refused_while_a_map_of_either_customers_table_runs() {
    for side in Side::BOTH {
        let mut sim = demo();
        let m = sim
            .maps
            .iter_mut()
            .find(|m| m.name == "Customers V3")
            .unwrap();
        let m = std::sync::Arc::make_mut(m);
        // Only one of its tables is a customers table now.
        match side {
            Side::FinOps => m.dataverse_table = "contacts".into(),
            Side::Dataverse => m.finops_table = "ContactsV2".into(),
        }
        m.status = map::MapStatus::Running;
        let mut s = Session::new(sim);
        let e = refused(&mut s, Command::GenerateCustomers { count: 10, seed: 1 });
        assert!(e.contains("'Customers V3' is Running"), "{side}: {e}");
    }
}

#[test]
fn an_initial_sync_whose_map_no_longer_fits_its_tables_stops_and_says_why() {
    let s = currencies_initializing(1);
    // A map changed under a running initial sync (no command does this; a broken state
    // must not leave the map Initializing for ever).
    let mut sim = s.state().clone();
    let m = sim
        .maps
        .iter_mut()
        .find(|m| m.name == "Currencies")
        .unwrap();
    std::sync::Arc::make_mut(m).mappings[1].finops = "GONE".into();
    let mut s = Session::new(sim);
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(status(&s, "Currencies"), StatusKind::NotRunning);
    let log = &s.state().map("Currencies").unwrap().log;
    assert!(
        log.iter()
            .any(|l| l.message.starts_with("Initial sync could not go on: ")
                && l.message.contains("GONE")),
        "{log:?}"
    );
}

/// A key mapped one way only (here to Dataverse): a key changed on Dataverse stays there,
/// and the row loses its pair; FinOps keeps its row under the old key.
#[test]
fn a_key_changed_on_the_side_a_one_way_key_does_not_flow_from_orphans_the_row() {
    let mut s = Session::new(demo());
    let mut mappings = s.state().map("Currencies").unwrap().mappings.clone();
    mappings[0].direction = Direction::ToDataverse;
    ok(
        &mut s,
        Command::SetMappings {
            map: "Currencies".into(),
            mappings,
        },
    );
    run_all(&mut s, &["Legal entities", "Currencies"]);
    assert_eq!(status(&s, "Currencies"), StatusKind::Running);
    assert!(
        invariants::sides_agree(s.state(), "Currencies", invariants::Agreement::Paired).is_ok()
    );
    ok(
        &mut s,
        update(
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            &[("isocurrencycode", t("USX"))],
        ),
    );
    let sim = s.state();
    assert_eq!(status(&s, "Currencies"), StatusKind::Running);
    let fin = &sim.world.finops["Currencies"];
    assert!(fin.find_by_key(&[t("USD")]).is_some(), "FinOps keeps USD");
    assert!(
        fin.find_by_key(&[t("USX")]).is_none(),
        "the new key did not flow"
    );
    assert!(
        invariants::sides_agree(sim, "Currencies", invariants::Agreement::Paired).is_err(),
        "USX has no pair on FinOps"
    );
}

/// Sets the value map of Customers V3's ONHOLDSTATUS, as typed into the transform pane;
/// the refusal's message when it is refused.
fn set_on_hold_value_map(
    s: &mut Session,
    direction: Direction,
    pairs: Vec<(Value, Value)>,
) -> Result<(), String> {
    let mut mappings = s.state().map("Customers V3").unwrap().mappings.clone();
    let on_hold = mappings
        .iter_mut()
        .find(|m| m.finops == "ONHOLDSTATUS")
        .unwrap();
    on_hold.direction = direction;
    on_hold.transform = Some(dualwrite_engine::map::Transform::ValueMap(pairs));
    s.dispatch(Command::SetMappings {
        map: "Customers V3".into(),
        mappings,
    })
    .map(|_| ())
    .map_err(|e| e.to_string())
}

#[test]
fn a_value_map_holds_only_values_its_columns_hold_and_translates_each_value_one_way() {
    let mut s = Session::new(demo());
    let pair = |f: &str, d: i64| (Value::text(f), Value::Int(d));
    // A label the enum does not have, and an option the option set does not have.
    let err = set_on_hold_value_map(
        &mut s,
        Direction::Both,
        vec![pair("No", 192350000), pair("Blocked", 192350001)],
    )
    .unwrap_err();
    assert!(
        err.contains("the value map of 'ONHOLDSTATUS': pair 2, the Finance and operations apps value: 'Blocked' is not one of the labels"),
        "{err}"
    );
    let err = set_on_hold_value_map(&mut s, Direction::Both, vec![pair("No", 99)]).unwrap_err();
    assert!(
        err.contains("pair 1, the Dataverse value: 99 is not one of the options"),
        "{err}"
    );
    // An empty pair (a JSON `[null, null]`) is refused where a mapping is typed (the
    // pane), not by the command: logs written before that rule hold some, and replay.
    let mut old = Session::new(demo());
    set_on_hold_value_map(
        &mut old,
        Direction::Both,
        vec![pair("No", 192350000), (Value::Null, Value::Null)],
    )
    .unwrap();
    let replayed =
        Session::replay(old.base().clone(), old.commands().to_vec(), old.cursor()).unwrap();
    assert_eq!(replayed.state(), old.state());
    // A value paired twice on a side values flow from: which one would it become?
    let err = set_on_hold_value_map(
        &mut s,
        Direction::Both,
        vec![pair("No", 192350000), pair("No", 192350004)],
    )
    .unwrap_err();
    assert!(
        err.contains("the Finance and operations apps value No is paired twice, with 192350000 and with 192350004"),
        "{err}"
    );
    let twice_on_dataverse = vec![pair("No", 192350000), pair("Never", 192350000)];
    let err =
        set_on_hold_value_map(&mut s, Direction::Both, twice_on_dataverse.clone()).unwrap_err();
    assert!(
        err.contains("the Dataverse value 192350000 is paired twice, with No and with Never"),
        "{err}"
    );
    assert!(s.commands().is_empty(), "each refusal changed nothing");
    // One-way to Dataverse, two labels may become one option: nothing flows back.
    set_on_hold_value_map(&mut s, Direction::ToDataverse, twice_on_dataverse).unwrap();
    assert_eq!(s.commands().len(), 1);
    // A file that holds such a value map two-way (written before the check) still loads.
    let mut file: serde_json::Value =
        serde_json::from_str(&format::export(&Session::new(demo()), "old")).unwrap();
    let maps = file["state"]["maps"].as_array_mut().unwrap();
    let customers = maps
        .iter_mut()
        .find(|m| m["name"] == "Customers V3")
        .unwrap();
    let on_hold = customers["mappings"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["finops"] == "ONHOLDSTATUS")
        .unwrap();
    on_hold["transform"]["value_map"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(["Never", 192350000]));
    assert!(format::import(&file.to_string()).is_ok());
}

#[test]
fn a_value_map_value_is_written_as_its_column_holds_it() {
    let mut s = Session::new(demo());
    let mut mappings = s.state().map("Currencies").unwrap().mappings.clone();
    let rate = mappings
        .iter_mut()
        .find(|m| m.finops == "EXCHANGERATE")
        .unwrap();
    // A whole number in a decimal column would never match a decimal cell.
    rate.transform = Some(dualwrite_engine::map::Transform::ValueMap(vec![(
        Value::Int(1),
        Value::decimal(1, 0),
    )]));
    let err = refused(
        &mut s,
        Command::SetMappings {
            map: "Currencies".into(),
            mappings,
        },
    );
    assert!(
        err.contains("pair 1, the Finance and operations apps value 1 is held as"),
        "{err}"
    );
}
