//! Initial sync, live sync, rollback and alerts on the demo scenario.

use crate::common;

use common::*;
use dualwrite_engine::map::ExecutionStatus;
use dualwrite_engine::*;

fn customers_running() -> Session {
    let mut s = Session::new(demo());
    run_all(&mut s, &CUSTOMER_CHAIN);
    // The first pass fails US-003 (invoice account created later); the rerun fixes it.
    ok(
        &mut s,
        Command::RerunExecution {
            maps: vec!["Customers V3".into()],
        },
    );
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(status(&s, "Customers V3"), StatusKind::Running);
    s
}

#[test]
fn related_maps_list_prerequisites_first_and_report_the_self_cycle() {
    let s = Session::new(demo());
    let rel = s.state().related("Customers V3").unwrap();
    assert_eq!(rel.order, CUSTOMER_CHAIN);
    assert_eq!(rel.cycles, vec![vec!["Customers V3".to_string()]]);
    assert!(rel.dependents.is_empty());
    assert!(
        rel.listed_dependents.is_empty(),
        "looking itself up is no dependent"
    );
    // Dependents already in the list: Customers V3 on Customer groups, and what depends
    // on Legal entities among the prerequisites of the others.
    let both = s
        .state()
        .related_to(&["Customer groups", "Customers V3"])
        .unwrap();
    assert_eq!(
        (both.dependents, both.listed_dependents),
        (vec![], vec!["Customers V3".to_string()])
    );
    let four = s
        .state()
        .related_to(&[
            "Legal entities",
            "Customers V3",
            "Vendors V2",
            "CDS Contacts V2",
        ])
        .unwrap();
    assert!(four.dependents.is_empty(), "{:?}", four.dependents);
    assert_eq!(
        four.listed_dependents,
        [
            "CDS Contacts V2",
            "Customer groups",
            "Customers V3",
            "Terms of payment",
            "Vendor groups",
            "Vendors V2"
        ]
    );
    let rel = s.state().related("Legal entities").unwrap();
    assert_eq!(rel.order, ["Legal entities"]);
    // In a sync order, prerequisites first (a layer by name): Customer groups looks up
    // Terms of payment, Vendors V2 Vendor groups, Customers V3 Customer groups (a layer
    // above); so the Run pane's rows, ticked and run as listed, run each map after the
    // ones it needs.
    assert_eq!(
        rel.dependents,
        [
            "CDS Contacts V2",
            "Terms of payment",
            "Vendor groups",
            "Customer groups",
            "Vendors V2",
            "Customers V3"
        ]
    );
    assert_eq!(
        s.state().depends_on("Customers V3"),
        [
            "Currencies",
            "Customer groups",
            "Legal entities",
            "Terms of payment"
        ]
    );
    // The other way: who depends on a map, and whether it looks itself up.
    assert_eq!(
        s.state().dependents_of("Currencies"),
        (
            vec!["Customers V3".to_string(), "Vendors V2".to_string()],
            false
        )
    );
    assert_eq!(
        s.state().dependents_of("Customers V3"),
        (Vec::<String>::new(), true)
    );
}

#[test]
fn initial_sync_copies_both_ways_and_the_master_settles_conflicts() {
    for master in [Side::Dataverse, Side::FinOps] {
        let mut s = Session::new(demo());
        ok(
            &mut s,
            Command::SetMaster {
                map: "Customers V3".into(),
                master,
            },
        );
        run_all(&mut s, &CUSTOMER_CHAIN);
        let sim = s.state();
        let exec = sim
            .map("Customers V3")
            .unwrap()
            .executions
            .last()
            .unwrap()
            .clone();
        assert_eq!(exec.conflicts.len(), 2, "name and credit limit of US-001");
        assert!(exec.conflicts.iter().all(|c| c.winner == master));
        let (fin_name, dv_name) = (
            cell(
                sim,
                Side::FinOps,
                "CustomersV3",
                &["US-001", "usmf"],
                "ORGANIZATIONNAME",
            ),
            cell(
                sim,
                Side::Dataverse,
                "accounts",
                &["US-001", "usmf"],
                "name",
            ),
        );
        assert_eq!(fin_name, dv_name, "both sides agree after the sync");
        let expected = match master {
            Side::Dataverse => "Contoso Retail - San Diego",
            Side::FinOps => "Contoso Retail San Diego",
        };
        assert_eq!(fin_name, Some(t(expected)));
        // Dataverse-only accounts were created on FinOps, FinOps-only customers on Dataverse.
        assert!(cell(
            sim,
            Side::FinOps,
            "CustomersV3",
            &["C0001", "usmf"],
            "ORGANIZATIONNAME"
        )
        .is_some());
        assert!(cell(
            sim,
            Side::Dataverse,
            "accounts",
            &["US-005", "usmf"],
            "name"
        )
        .is_some());
        // Persons are outside the filter.
        assert!(cell(
            sim,
            Side::Dataverse,
            "accounts",
            &["US-018", "usmf"],
            "name"
        )
        .is_none());
        // One-way columns come from their source whatever the master.
        assert_eq!(
            cell(
                sim,
                Side::Dataverse,
                "accounts",
                &["US-001", "usmf"],
                "emailaddress1"
            ),
            Some(t("contact1@example.com"))
        );
        assert_eq!(exec.to_dataverse.read, 19);
        assert_eq!(exec.to_finops.read, 5);
    }
}

#[test]
fn a_row_whose_lookup_is_created_later_fails_and_a_rerun_resolves_it() {
    let mut s = Session::new(demo());
    run_all(&mut s, &CUSTOMER_CHAIN);
    let m = s.state().map("Customers V3").unwrap();
    assert_eq!(
        m.status.kind(),
        StatusKind::NotRunning,
        "errors send it back"
    );
    let exec = m.executions.last().unwrap();
    assert_eq!(exec.status, ExecutionStatus::Error);
    assert_eq!(exec.errors.len(), 1);
    assert_eq!(
        exec.errors[0].message,
        "Couldn't resolve the guid for the field: msdyn_billingaccount.accountnumber. The lookup wasn't found: US-010."
    );
    assert_eq!(exec.to_dataverse.failed, 1);
    assert!(cell(
        s.state(),
        Side::Dataverse,
        "accounts",
        &["US-003", "usmf"],
        "name"
    )
    .is_none());
    let accounts_before = s.state().world.dataverse["accounts"].rows.len();

    // With a map that has nothing to rerun in the list: refused as a whole.
    let before = s.state().clone();
    assert_eq!(
        s.dispatch(Command::RerunExecution {
            maps: vec!["Customers V3".into(), "Currencies".into()]
        })
        .unwrap_err(),
        CommandError::NothingToRerun("Currencies".into())
    );
    assert_eq!(s.state(), &before);
    ok(
        &mut s,
        Command::RerunExecution {
            maps: vec!["Customers V3".into()],
        },
    );
    ok(&mut s, Command::RunUntilIdle);
    let m = s.state().map("Customers V3").unwrap();
    assert_eq!(m.status.kind(), StatusKind::Running);
    let exec = m.executions.last().unwrap();
    assert_eq!(exec.status, ExecutionStatus::Completed);
    assert_eq!(
        exec.to_dataverse.created, 1,
        "only US-003 is new; nothing is doubled"
    );
    assert_eq!(
        s.state().world.dataverse["accounts"].rows.len(),
        accounts_before + 1
    );
    assert_eq!(
        s.dispatch(Command::RerunExecution {
            maps: vec!["Customers V3".into()]
        })
        .unwrap_err()
        .to_string(),
        "'Customers V3' has no failed initial sync to rerun: Rerun execution needs a map that is Not running after an initial sync with errors"
    );
}

#[test]
fn running_customers_without_its_prerequisites_fails_the_missing_group() {
    let mut s = Session::new(demo());
    run_all(
        &mut s,
        &[
            "Legal entities",
            "Currencies",
            "Terms of payment",
            "Customers V3",
        ],
    );
    let exec = last_execution(&s, "Customers V3");
    let c0004 = exec
        .errors
        .iter()
        .find(|e| e.key == "C0004, usmf")
        .expect("C0004 fails");
    assert_eq!(
        c0004.message,
        "The value '90' in field 'CUSTOMERGROUPID' was not found in the related table 'CustomerGroups'."
    );
    assert_eq!(c0004.source, Side::Dataverse);
    // The fix: run the customer groups map, then rerun.
    run_all(&mut s, &["Customer groups"]);
    ok(
        &mut s,
        Command::RerunExecution {
            maps: vec!["Customers V3".into()],
        },
    );
    ok(&mut s, Command::RunUntilIdle);
    let exec = last_execution(&s, "Customers V3");
    assert!(
        exec.errors.iter().all(|e| e.key != "C0004, usmf"),
        "{:?}",
        exec.errors
    );
    assert_eq!(
        cell(
            s.state(),
            Side::FinOps,
            "CustomersV3",
            &["C0004", "usmf"],
            "CUSTOMERGROUPID"
        ),
        Some(t("90"))
    );
}

#[test]
fn skip_initial_sync_turns_a_failed_map_on_for_live_writes_only() {
    let mut s = Session::new(demo());
    run_all(&mut s, &CUSTOMER_CHAIN);
    assert_eq!(status(&s, "Customers V3"), StatusKind::NotRunning);
    ok(&mut s, skip_cmd(&["Customers V3"]));
    assert_eq!(status(&s, "Customers V3"), StatusKind::Running);
    assert!(cell(
        s.state(),
        Side::Dataverse,
        "accounts",
        &["US-003", "usmf"],
        "name"
    )
    .is_none());
}

#[test]
fn a_second_clean_initial_sync_changes_nothing() {
    let mut s = customers_running();
    let before = s.state().world.clone();
    ok(&mut s, stop_cmd(&["Customers V3"]));
    run_all(&mut s, &["Customers V3"]);
    let exec = last_execution(&s, "Customers V3");
    assert_eq!(exec.status, ExecutionStatus::Completed);
    assert_eq!(
        (exec.to_dataverse.created, exec.to_dataverse.updated),
        (0, 0)
    );
    assert_eq!((exec.to_finops.created, exec.to_finops.updated), (0, 0));
    assert!(exec.conflicts.is_empty());
    assert_eq!(s.state().world, before);
}

#[test]
fn a_live_update_is_written_to_the_other_side_in_the_same_command() {
    let mut s = customers_running();
    let events = ok(
        &mut s,
        update(
            Side::FinOps,
            "CustomersV3",
            &["US-005", "usmf"],
            &[("CREDITLIMIT", Value::Int(7))],
        ),
    );
    assert_eq!(
        cell(
            s.state(),
            Side::Dataverse,
            "accounts",
            &["US-005", "usmf"],
            "creditlimit"
        ),
        Some(Value::decimal(7, 0))
    );
    let by_dual_write: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, Event::RowWritten { map: Some(_), .. }))
        .collect();
    assert_eq!(
        by_dual_write.len(),
        1,
        "one write on the other side, no echo: {events:?}"
    );
}

#[test]
fn changes_to_columns_not_mapped_from_that_side_do_not_trigger() {
    // PRIMARYCONTACTEMAIL flows FinOps -> Dataverse only.
    let mut s = customers_running();
    let events = ok(
        &mut s,
        update(
            Side::Dataverse,
            "accounts",
            &["US-005", "usmf"],
            &[("emailaddress1", t("x@y.z"))],
        ),
    );
    // The Dataverse write itself, and why the map had nothing to sync: no write by
    // dual-write.
    assert!(
        matches!(
            &events[..],
            [
                Event::RowWritten { map: None, .. },
                Event::NotSynced {
                    reason: NotSyncedReason::NoMappedChange,
                    ..
                }
            ]
        ),
        "{events:?}"
    );
    assert_eq!(
        cell(
            s.state(),
            Side::FinOps,
            "CustomersV3",
            &["US-005", "usmf"],
            "PRIMARYCONTACTEMAIL"
        ),
        Some(t("contact5@example.com"))
    );
}

#[test]
fn an_initial_sync_against_a_side_with_a_fault_fails_every_row_it_reads_even_those_needing_no_write(
) {
    // A fault on the side written to, or on the side read from.
    for (side, fault) in [
        (Side::Dataverse, Fault::Unavailable),
        (Side::Dataverse, Fault::Throttled),
        (Side::FinOps, Fault::Unavailable),
    ] {
        let mut s = Session::new(demo());
        ok(
            &mut s,
            Command::SetFault {
                side,
                fault: Some(fault),
            },
        );
        let before = s.state().world.clone();
        run_all(&mut s, &["Currencies"]);
        let exec = s
            .state()
            .map("Currencies")
            .unwrap()
            .executions
            .last()
            .unwrap()
            .clone();
        // Every FinOps row failed, the pairs already on Dataverse (USD, EUR) among them:
        // an outage cannot be read either; nothing came the other way.
        assert!(exec.to_dataverse.read > 0);
        assert_eq!(exec.to_dataverse.failed, exec.to_dataverse.read, "{exec:?}");
        assert_eq!(
            exec.to_finops.created + exec.to_finops.updated,
            0,
            "{exec:?}"
        );
        for paired in ["USD", "EUR"] {
            assert!(exec.errors.iter().any(|e| e.key == paired), "{exec:?}");
        }
        assert!(exec.conflicts.is_empty(), "nothing settled: {exec:?}");
        assert!(
            exec.errors
                .iter()
                .all(|e| e.message.contains(&fault.message(side))),
            "{exec:?}"
        );
        assert_eq!(exec.status, ExecutionStatus::Error);
        assert_eq!(s.state().world, before, "nothing written");
    }
}

#[test]
fn a_write_of_a_cell_as_it_was_is_said_to_change_nothing_not_to_miss_the_mappings() {
    // NAME maps both ways; written as it is, there is nothing to sync, and that is why.
    let mut s = customers_running();
    let name = cell(
        s.state(),
        Side::FinOps,
        "CustomersV3",
        &["US-005", "usmf"],
        "ORGANIZATIONNAME",
    )
    .unwrap();
    let events = ok(
        &mut s,
        update(
            Side::FinOps,
            "CustomersV3",
            &["US-005", "usmf"],
            &[("ORGANIZATIONNAME", name)],
        ),
    );
    assert!(
        matches!(
            &events[..],
            [
                Event::RowWritten { map: None, .. },
                Event::NotSynced {
                    reason: NotSyncedReason::NothingChanged,
                    ..
                }
            ]
        ),
        "{events:?}"
    );
    assert_eq!(
        NotSyncedReason::NothingChanged.words(),
        "changed no value: nothing to sync"
    );
}

#[test]
fn live_creates_and_deletes_follow_to_the_other_side() {
    let mut s = customers_running();
    ok(
        &mut s,
        create(
            Side::Dataverse,
            "accounts",
            &[
                ("accountnumber", t("C0100")),
                ("msdyn_company", t("usmf")),
                ("name", t("New Co")),
                ("customertypecode", Value::Int(3)),
                ("msdyn_customergroupid", t("10")),
            ],
        ),
    );
    assert_eq!(
        cell(
            s.state(),
            Side::FinOps,
            "CustomersV3",
            &["C0100", "usmf"],
            "PARTYTYPE"
        ),
        Some(t("Organization"))
    );
    ok(
        &mut s,
        delete(Side::FinOps, "CustomersV3", &["C0100", "usmf"]),
    );
    assert!(cell(
        s.state(),
        Side::Dataverse,
        "accounts",
        &["C0100", "usmf"],
        "name"
    )
    .is_none());
}

#[test]
fn rows_outside_the_filter_are_not_synced_live() {
    let mut s = customers_running();
    ok(
        &mut s,
        update(
            Side::FinOps,
            "CustomersV3",
            &["US-018", "usmf"],
            &[("ORGANIZATIONNAME", t("Nadia R."))],
        ),
    );
    assert!(cell(
        s.state(),
        Side::Dataverse,
        "accounts",
        &["US-018", "usmf"],
        "name"
    )
    .is_none());
}

/// The filters say which rows an initial sync reads; a row read finds its pair by the
/// integration key alone, as a live write does (an upsert by alternate key). A synced row
/// that left one side's filter is updated one way from the other side's row by the next
/// initial sync, not refused as a duplicate key by every rerun.
#[test]
fn an_initial_sync_updates_a_pair_outside_its_own_sides_filter_as_a_live_write_would() {
    let key = ["US-004", "usmf"];
    for (out_side, read_side) in [
        (Side::FinOps, Side::Dataverse),
        (Side::Dataverse, Side::FinOps),
    ] {
        let mut s = customers_running();
        let table = |side| {
            if side == Side::FinOps {
                "CustomersV3"
            } else {
                "accounts"
            }
        };
        let credit = |side| {
            if side == Side::FinOps {
                "CREDITLIMIT"
            } else {
                "creditlimit"
            }
        };
        // US-004 leaves `out_side`'s filter (the other side keeps its copy) ...
        let leave = match out_side {
            Side::FinOps => ("PARTYTYPE", t("Person")),
            Side::Dataverse => ("customertypecode", Value::Int(11)),
        };
        let events = ok(&mut s, update(out_side, table(out_side), &key, &[leave]));
        assert!(
            events.iter().any(|e| matches!(e, Event::LeftFilter { .. })),
            "{events:?}"
        );
        // ... and, the map stopped, its pair changes on the side still in the filter.
        ok(&mut s, stop_cmd(&["Customers V3"]));
        ok(
            &mut s,
            update(
                read_side,
                table(read_side),
                &key,
                &[(credit(read_side), Value::Int(4242))],
            ),
        );
        ok(&mut s, run_cmd(&["Customers V3"]));
        ok(&mut s, Command::RunUntilIdle);
        let exec = last_execution(&s, "Customers V3");
        assert!(exec.errors.is_empty(), "{out_side:?}: {:?}", exec.errors);
        assert_eq!(
            status(&s, "Customers V3"),
            StatusKind::Running,
            "{out_side:?}"
        );
        // The row outside its filter took the new value, and no conflict was made of it
        // (its own side's row was not read).
        let credit_limit = |side| cell(s.state(), side, table(side), &key, credit(side));
        assert_eq!(credit_limit(read_side), Some(Value::Decimal(42_420_000)));
        assert_eq!(
            credit_limit(out_side),
            credit_limit(read_side),
            "{out_side:?}"
        );
        assert!(
            exec.conflicts.iter().all(|c| c.key != "US-004, usmf"),
            "{:?}",
            exec.conflicts
        );
        // The row read wrote the filter's column too (mapped both ways): the row outside
        // its filter is back in it, as a live write of that row would have put it.
        let kind = |side| {
            let (table, column) = match side {
                Side::FinOps => ("CustomersV3", "PARTYTYPE"),
                Side::Dataverse => ("accounts", "customertypecode"),
            };
            cell(s.state(), side, table, &key, column)
        };
        assert_eq!(kind(Side::FinOps), Some(t("Organization")), "{out_side:?}");
        assert_eq!(kind(Side::Dataverse), Some(Value::Int(3)), "{out_side:?}");
        let written = match out_side {
            Side::FinOps => exec.to_finops.updated,
            Side::Dataverse => exec.to_dataverse.updated,
        };
        assert_eq!(written, 1, "{out_side:?}: the pair counts as updated");
        // Nothing was created: one row a side with that key.
        for side in [Side::FinOps, Side::Dataverse] {
            let t = s.state().world.tables(side).get(table(side)).unwrap();
            let with_key = t
                .rows
                .iter()
                .filter(|(_, r)| r.iter().any(|v| *v == self::t("US-004")))
                .count();
            assert_eq!(with_key, 1, "{side:?}");
        }
    }
}

/// The one-way update of a pair outside its side's filter fails as any write of an initial
/// sync does: the row is named by its key and side, counted failed, and nothing of it is
/// written (here a Dataverse on-hold status with no value-map entry).
#[test]
fn a_pair_outside_its_filter_that_cannot_take_the_row_read_fails_it_and_keeps_it() {
    let key = ["US-004", "usmf"];
    let mut s = customers_running();
    ok(
        &mut s,
        update(
            Side::FinOps,
            "CustomersV3",
            &key,
            &[("PARTYTYPE", t("Person"))],
        ),
    );
    ok(&mut s, stop_cmd(&["Customers V3"]));
    ok(
        &mut s,
        update(
            Side::Dataverse,
            "accounts",
            &key,
            &[
                ("msdyn_onholdstatus", Value::Int(192_350_004)),
                ("creditlimit", Value::Int(4242)),
            ],
        ),
    );
    ok(&mut s, run_cmd(&["Customers V3"]));
    ok(&mut s, Command::RunUntilIdle);
    let exec = last_execution(&s, "Customers V3");
    assert_eq!(exec.to_finops.failed, 1);
    let [e] = exec.errors.iter().collect::<Vec<_>>()[..] else {
        panic!("{:?}", exec.errors)
    };
    assert_eq!(
        (e.source, e.key.as_str()),
        (Side::Dataverse, "US-004, usmf")
    );
    assert!(
        e.message.contains("no entry in the value map"),
        "{}",
        e.message
    );
    // Rolled back: the FinOps row is as it was, outside its filter, its credit limit kept.
    assert_eq!(
        cell(s.state(), Side::FinOps, "CustomersV3", &key, "PARTYTYPE"),
        Some(t("Person"))
    );
    assert_ne!(
        cell(s.state(), Side::FinOps, "CustomersV3", &key, "CREDITLIMIT"),
        Some(Value::Decimal(42_420_000))
    );
    assert_eq!(status(&s, "Customers V3"), StatusKind::NotRunning);
}

/// A row written while the initial sync runs is synced again at its end, its pair found by
/// key whatever its filter, as the rows read in turn: here FinOps US-004 taken out of the
/// FinOps filter after the Dataverse leg read its pair, which is then written to it.
#[test]
fn a_row_written_during_an_initial_sync_is_synced_with_its_pair_outside_the_filter() {
    let key = ["US-004", "usmf"];
    let mut s = customers_running();
    ok(&mut s, stop_cmd(&["Customers V3"]));
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    ok(&mut s, run_cmd(&["Customers V3"]));
    let dv_id = s
        .state()
        .world
        .tables(Side::Dataverse)
        .get("accounts")
        .and_then(|table| table.find_by_key(&[t("US-004"), t("usmf")]))
        .unwrap();
    // Ticked until the Dataverse leg has read US-004's row.
    let past_it = |s: &Session| match &s.state().map("Customers V3").unwrap().status {
        dualwrite_engine::map::MapStatus::Initializing {
            work: Some(work), ..
        } => work.leg == Side::Dataverse && work.after >= dv_id.0,
        _ => false,
    };
    for _ in 0..100 {
        if past_it(&s) {
            break;
        }
        ok(&mut s, Command::Tick { ticks: 1 });
    }
    assert!(
        past_it(&s),
        "still initializing, past US-004's Dataverse row"
    );
    ok(
        &mut s,
        update(
            Side::FinOps,
            "CustomersV3",
            &key,
            &[("PARTYTYPE", t("Person"))],
        ),
    );
    ok(&mut s, Command::RunUntilIdle);
    let exec = last_execution(&s, "Customers V3");
    assert!(exec.errors.is_empty(), "{:?}", exec.errors);
    // As an initial sync syncs it: the Dataverse row read, written to its pair.
    assert_eq!(
        cell(s.state(), Side::FinOps, "CustomersV3", &key, "PARTYTYPE"),
        Some(t("Organization"))
    );
}

/// A row that fails is not written, on either side: so neither its conflicts (never
/// settled) nor an update of one side count, whatever was compared before the failure.
#[test]
fn a_failed_rows_conflicts_are_not_listed_as_settled() {
    let mut s = Session::new(demo());
    // US-001 differs in its name (a conflict), and holds on Dataverse an on-hold status
    // the value map has no entry for: the row fails as it is written.
    ok(
        &mut s,
        update(
            Side::Dataverse,
            "accounts",
            &["US-001", "usmf"],
            &[("msdyn_onholdstatus", Value::Int(192_350_004))],
        ),
    );
    run_all(&mut s, &CUSTOMER_CHAIN);
    let exec = last_execution(&s, "Customers V3");
    assert!(
        exec.errors.iter().any(|e| e.key == "US-001, usmf"),
        "{:?}",
        exec.errors
    );
    assert!(
        exec.conflicts.iter().all(|c| c.key != "US-001, usmf"),
        "a failed row's conflicts listed as settled: {:?}",
        exec.conflicts
    );
    // Its FinOps name is as it was: nothing of the row was written.
    assert_eq!(
        cell(
            s.state(),
            Side::FinOps,
            "CustomersV3",
            &["US-001", "usmf"],
            "ORGANIZATIONNAME"
        ),
        Some(t("Contoso Retail San Diego"))
    );
}

/// The Currencies mappings with `transform` on the exchange rate (FinOps to Dataverse).
fn currencies_with_rate_transform(transform: map::Transform) -> Command {
    use map::{ColumnMapping, Direction};
    let mut rate = ColumnMapping::new("EXCHANGERATE", Direction::ToDataverse, "exchangerate");
    rate.transform = Some(transform);
    Command::SetMappings {
        map: "Currencies".into(),
        mappings: vec![
            ColumnMapping::both("CURRENCYCODE", "isocurrencycode"),
            ColumnMapping::both("NAME", "currencyname"),
            ColumnMapping::both("SYMBOL", "currencysymbol"),
            rate,
        ],
    }
}

/// A default given as a whole number (JavaScript hands `1.0` over as `1`) for a decimal
/// column is written, and compared, as the decimal the column holds: a rerun with nothing
/// changed updates nothing (it updated the rows it had defaulted, every time). A default
/// the column cannot hold is refused when set.
#[test]
fn a_default_is_compared_as_its_column_holds_it_and_one_it_cannot_hold_is_refused() {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        currencies_with_rate_transform(map::Transform::Default(Value::Int(1))),
    );
    run_all(&mut s, &["Currencies"]);
    let first = last_execution(&s, "Currencies");
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    ok(&mut s, stop_cmd(&["Currencies"]));
    run_all(&mut s, &["Currencies"]);
    let again = last_execution(&s, "Currencies");
    assert_eq!(
        (again.to_dataverse.updated, again.to_finops.updated),
        (0, 0),
        "nothing changed since the last run"
    );
    assert!(again.conflicts.is_empty(), "{:?}", again.conflicts);
    ok(&mut s, stop_cmd(&["Currencies"]));
    let refused = refused(
        &mut s,
        currencies_with_rate_transform(map::Transform::Default(t("one"))),
    );
    assert!(
        refused.contains("the default of 'EXCHANGERATE': 'one' cannot be written to exchangerate"),
        "{refused}"
    );
}

#[test]
fn a_failed_live_write_rolls_back_both_sides() {
    let mut s = customers_running();
    let before = s.state().world.clone();
    let err = s
        .dispatch(update(
            Side::FinOps,
            "CustomersV3",
            &["US-005", "usmf"],
            &[("ONHOLDSTATUS", t("Requisition"))],
        ))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The change was rolled back on both sides: table map 'Customers V3' could not write it to Dataverse: The value 'Requisition' of field ONHOLDSTATUS has no entry in the value map."
    );
    assert_eq!(s.state().world, before);

    ok(
        &mut s,
        Command::SetAvailability {
            side: Side::Dataverse,
            available: false,
        },
    );
    let err = s
        .dispatch(update(
            Side::FinOps,
            "CustomersV3",
            &["US-005", "usmf"],
            &[("ORGANIZATIONNAME", t("X"))],
        ))
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("503 Service Unavailable: Dataverse is unavailable."),
        "{err}"
    );
    assert_eq!(s.state().world, before);
    let log = &s.state().map("Customers V3").unwrap().log;
    assert!(log
        .last()
        .unwrap()
        .message
        .starts_with("Live write rolled back"));
}

#[test]
fn a_live_write_with_an_unresolved_lookup_rolls_back() {
    let mut s = customers_running();
    // Group 30 exists on FinOps; remove it from Dataverse first (groups map stopped).
    ok(&mut s, stop_cmd(&["Customer groups"]));
    ok(
        &mut s,
        delete(Side::Dataverse, "msdyn_customergroups", &["30", "usmf"]),
    );
    let before = s.state().world.clone();
    let err = s
        .dispatch(update(
            Side::FinOps,
            "CustomersV3",
            &["US-001", "usmf"],
            &[("CUSTOMERGROUPID", t("30"))],
        ))
        .unwrap_err();
    assert!(
        err.to_string().ends_with(
            "Couldn't resolve the guid for the field: msdyn_customergroupid.msdyn_groupid. The lookup wasn't found: 30."
        ),
        "{err}"
    );
    assert_eq!(s.state().world, before);
}

#[test]
fn an_update_fails_when_a_lookup_it_did_not_change_no_longer_resolves() {
    // Dual-write pushes the whole row: a lookup whose target was deleted since fails the
    // write even when the user changed another column.
    let mut s = customers_running();
    let key = ["US-001", "usmf"];
    let Some(Value::Text(group)) = cell(
        s.state(),
        Side::FinOps,
        "CustomersV3",
        &key,
        "CUSTOMERGROUPID",
    ) else {
        panic!("US-001 has a customer group");
    };
    ok(&mut s, stop_cmd(&["Customer groups"]));
    ok(
        &mut s,
        delete(Side::Dataverse, "msdyn_customergroups", &[&group, "usmf"]),
    );
    let before = s.state().world.clone();
    let err = s
        .dispatch(update(
            Side::FinOps,
            "CustomersV3",
            &key,
            &[("CREDITLIMIT", Value::Int(123))],
        ))
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with(&format!("The lookup wasn't found: {group}.")),
        "{err}"
    );
    assert_eq!(s.state().world, before);
}

#[test]
fn bad_writes_are_refused_with_a_clear_message() {
    let mut s = Session::new(demo());
    let cases = [
        (
            create(Side::FinOps, "Currencies", &[("CURRENCYCODE", t("USD"))]),
            "Finance and operations apps table 'Currencies' already has a row with the key (USD)",
        ),
        (
            create(Side::FinOps, "Currencies", &[("NAME", t("No code"))]),
            "Currencies.CURRENCYCODE is part of the key and cannot be empty",
        ),
        (
            create(
                Side::FinOps,
                "Currencies",
                &[("CURRENCYCODE", Value::Int(5))],
            ),
            "Currencies.CURRENCYCODE: expected text, found an integer",
        ),
        (
            create(Side::FinOps, "Currencies", &[("NOPE", t("x"))]),
            "table 'Currencies' has no column 'NOPE'",
        ),
        (
            delete(Side::FinOps, "Currencies", &["XXX"]),
            "table 'Currencies' has no row with key (XXX)",
        ),
        (
            create(Side::Dataverse, "nope", &[]),
            "Dataverse has no table 'nope'",
        ),
    ];
    for (command, message) in cases {
        assert_eq!(refused(&mut s, command), message);
    }
}

#[test]
fn alerts_pause_the_map_after_the_threshold_within_the_window() {
    let mut s2 = Session::new(demo());
    ok(
        &mut s2,
        alert(
            "Customers V3",
            ErrorType::ApplicationError,
            2,
            15,
            AlertAction::Pause,
        ),
    );
    // Alerts take effect at the next run.
    run_all(&mut s2, &CUSTOMER_CHAIN);
    ok(
        &mut s2,
        Command::RerunExecution {
            maps: vec!["Customers V3".into()],
        },
    );
    ok(&mut s2, Command::RunUntilIdle);
    let bad = || {
        update(
            Side::FinOps,
            "CustomersV3",
            &["US-005", "usmf"],
            &[("ONHOLDSTATUS", t("Requisition"))],
        )
    };
    assert!(s2.dispatch(bad()).is_err());
    assert_eq!(status(&s2, "Customers V3"), StatusKind::Running);
    ok(&mut s2, Command::Tick { ticks: 20 });
    assert!(s2.dispatch(bad()).is_err());
    assert_eq!(
        status(&s2, "Customers V3"),
        StatusKind::Running,
        "outside the window"
    );
    assert!(s2.dispatch(bad()).is_err());
    assert_eq!(status(&s2, "Customers V3"), StatusKind::Paused);
    let log = &s2.state().map("Customers V3").unwrap().log;
    assert!(log.iter().any(|l| l
        .message
        .starts_with("Alert: 2 error(s) of type Application error within 15 minutes")));
}

#[test]
fn two_maps_on_one_entity_split_rows_by_their_filters() {
    let mut sim = demo();
    // A second map of Customers V3, for persons, to a copy of the accounts table.
    let mut persons_table = sim.world.dataverse["accounts"].clone();
    persons_table.name = "persons".into();
    persons_table.rows.clear();
    persons_table.reindex().unwrap();
    sim.world.add_table(Side::Dataverse, persons_table);
    let mut persons = sim.map("Customers V3").unwrap().clone();
    persons.name = "Customers V3 persons".into();
    persons.dataverse_table = "persons".into();
    persons
        .mappings
        .retain(|m| m.finops != "PARTYTYPE" && m.finops != "INVOICEACCOUNT");
    persons.finops_filter = Filter::parse("PARTYTYPE == 'Person'").unwrap();
    persons.dataverse_filter = Filter::default();
    sim.maps.push(std::sync::Arc::new(persons));
    let mut s = Session::new(sim);
    run_all(&mut s, &CUSTOMER_CHAIN);
    run_all(&mut s, &["Customers V3 persons"]);
    let sim = s.state();
    assert!(cell(sim, Side::Dataverse, "persons", &["US-018", "usmf"], "name").is_some());
    assert!(cell(sim, Side::Dataverse, "persons", &["US-005", "usmf"], "name").is_none());
    assert!(cell(
        sim,
        Side::Dataverse,
        "accounts",
        &["US-018", "usmf"],
        "name"
    )
    .is_none());
}

#[test]
fn a_key_change_moves_the_key_on_the_other_side() {
    let mut s = customers_running();
    ok(
        &mut s,
        update(
            Side::FinOps,
            "CustomersV3",
            &["US-005", "usmf"],
            &[("CUSTOMERACCOUNT", t("US-105"))],
        ),
    );
    let sim = s.state();
    assert!(cell(
        sim,
        Side::Dataverse,
        "accounts",
        &["US-005", "usmf"],
        "name"
    )
    .is_none());
    assert_eq!(
        cell(
            sim,
            Side::Dataverse,
            "accounts",
            &["US-105", "usmf"],
            "name"
        ),
        Some(t("Owl Wholesales"))
    );
}

#[test]
fn settings_and_selections_are_checked() {
    let mut s = Session::new(demo());

    let cases = [
        (
            Command::Stop {
                maps: vec!["Currencies".into(), "Currencies".into()],
            },
            "'Currencies' is selected twice",
        ),
        (
            Command::SetRowsPerTick { rows: 0 },
            "rows per tick must be at least 1",
        ),
        (
            Command::SetQueueCapacity {
                map: "Currencies".into(),
                capacity: 0,
            },
            "the queue capacity must be at least 1",
        ),
        (
            alert("Currencies", ErrorType::BadRequest, 0, 5, AlertAction::Stop),
            "alert for 400 Bad Request: the count and the time window must be at least 1",
        ),
        (
            Command::Tick { ticks: 0 },
            "tick between 1 and 100,000 times at once",
        ),
        (
            Command::Tick { ticks: 100_001 },
            "tick between 1 and 100,000 times at once",
        ),
        (
            Command::Pause { maps: vec![] },
            "select at least one table map",
        ),
    ];
    for (command, message) in cases {
        assert_eq!(refused(&mut s, command), message);
    }
}

#[test]
fn a_refused_setting_names_the_setting_so_that_a_form_can_mark_its_field() {
    use dualwrite_engine::{CommandError, Setting};
    let mut s = Session::new(demo());
    let mut with_recipients = alert("Currencies", ErrorType::BadRequest, 5, 5, AlertAction::Stop);
    if let Command::SetAlerts { alerts, .. } = &mut with_recipients {
        alerts[0].recipients = "ops@contoso.com, lead".into();
    }
    let cases = [
        (Command::SetRowsPerTick { rows: 0 }, Setting::RowsPerTick),
        (
            Command::SetQueueCapacity {
                map: "Currencies".into(),
                capacity: 0,
            },
            Setting::QueueCapacity,
        ),
        (
            alert("Currencies", ErrorType::BadRequest, 0, 5, AlertAction::Stop),
            Setting::AlertCount,
        ),
        (
            alert("Currencies", ErrorType::BadRequest, 5, 0, AlertAction::Stop),
            Setting::AlertWindow,
        ),
        (
            alert("Currencies", ErrorType::BadRequest, 0, 0, AlertAction::Stop),
            Setting::AlertCountAndWindow,
        ),
        (with_recipients, Setting::AlertRecipients),
        (Command::Tick { ticks: 0 }, Setting::Ticks),
        (
            Command::GenerateCustomers { count: 9, seed: 1 },
            Setting::CustomerCount,
        ),
    ];
    for (command, expected) in cases {
        match s.dispatch(command.clone()) {
            Err(CommandError::BadSetting { setting, .. }) => {
                assert_eq!(setting, expected, "{command:?}")
            }
            other => panic!("{command:?}: {other:?}"),
        }
    }
}

#[test]
fn an_alert_can_stop_the_map() {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        alert(
            "Currencies",
            ErrorType::ServiceUnavailable,
            1,
            60,
            AlertAction::Stop,
        ),
    );
    run_all(&mut s, &["Currencies"]);
    ok(
        &mut s,
        Command::SetAvailability {
            side: Side::Dataverse,
            available: false,
        },
    );
    let err = s
        .dispatch(update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("x"))],
        ))
        .unwrap_err();
    assert!(
        err.is_recorded(),
        "the rolled-back write is kept in the history"
    );
    assert_eq!(status(&s, "Currencies"), StatusKind::NotRunning);
    // Replaying the log reproduces the alert.
    let replay = Session::replay(s.base().clone(), s.commands().to_vec(), s.cursor()).unwrap();
    assert_eq!(replay.state(), s.state());
}

#[test]
fn rerun_is_refused_once_the_failed_map_runs_live() {
    let mut s = Session::new(demo());
    run_all(&mut s, &CUSTOMER_CHAIN);
    assert!(s.state().can_rerun("Customers V3"));
    ok(&mut s, skip_cmd(&["Customers V3"]));
    ok(&mut s, pause_cmd(&["Customers V3"]));
    assert!(!s.state().can_rerun("Customers V3"));
    let message = refused(
        &mut s,
        Command::RerunExecution {
            maps: vec!["Customers V3".into()],
        },
    );
    assert!(
        message.starts_with("'Customers V3' has no failed initial sync to rerun"),
        "{message}"
    );
}

/// Sets Currencies' FinOps filter to the currencies whose `SYMBOL` is not `-`.
fn filter_out_dash_symbols(s: &mut Session) {
    ok(
        s,
        Command::SetFilter {
            map: "Currencies".into(),
            side: Side::FinOps,
            filter: "SYMBOL != \"-\"".into(),
        },
    );
}

/// Currencies with `SYMBOL` unmapped and a FinOps filter on it, running.
fn currencies_filtered_on_an_unmapped_column() -> Session {
    let mut s = Session::new(demo());
    let mut mappings = s.state().map("Currencies").unwrap().mappings.clone();
    mappings.retain(|m| m.finops != "SYMBOL");
    ok(
        &mut s,
        Command::SetMappings {
            map: "Currencies".into(),
            mappings,
        },
    );
    filter_out_dash_symbols(&mut s);
    run_all(&mut s, &["Currencies"]);
    // USD leaves the filter, and is renamed while outside it: nothing reaches Dataverse.
    ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["USD"], &[("SYMBOL", t("-"))]),
    );
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Greenback"))],
        ),
    );
    assert_eq!(
        cell(
            s.state(),
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            "currencyname"
        ),
        Some(t("US Dollar"))
    );
    s
}

#[test]
fn a_row_entering_the_filter_through_an_unmapped_column_is_copied_whole() {
    let dv_name = |s: &Session| {
        cell(
            s.state(),
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            "currencyname",
        )
    };
    // Live: the change of the unmapped SYMBOL brings USD back in scope.
    let mut s = currencies_filtered_on_an_unmapped_column();
    ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["USD"], &[("SYMBOL", t("$"))]),
    );
    assert_eq!(dv_name(&s), Some(t("Greenback")));
    // Paused: the same change is queued and played back whole.
    let mut s = currencies_filtered_on_an_unmapped_column();
    ok(&mut s, pause_cmd(&["Currencies"]));
    ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["USD"], &[("SYMBOL", t("$"))]),
    );
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(dv_name(&s), Some(t("Greenback")));
}

#[test]
fn a_row_that_enters_the_filter_after_the_other_side_deleted_it_is_created_there_again() {
    // Paused: Dataverse deletes USD, then FinOps brings USD (out of its filter) back in
    // scope through the unmapped SYMBOL. The later change wins: USD is on both sides, as
    // FinOps has it.
    let mut s = currencies_filtered_on_an_unmapped_column();
    ok(&mut s, pause_cmd(&["Currencies"]));
    ok(
        &mut s,
        delete(Side::Dataverse, "transactioncurrencies", &["USD"]),
    );
    ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["USD"], &[("SYMBOL", t("$"))]),
    );
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(status(&s, "Currencies"), StatusKind::Running);
    assert_eq!(
        usd_names(&s),
        (Some(t("Greenback")), Some(t("Greenback"))),
        "the FinOps change came last"
    );
}

#[test]
fn a_queued_change_does_not_carry_changes_made_after_its_row_left_the_filter() {
    let mut s = currencies_filtered_on_an_unmapped_column();
    let dv_name = |s: &Session| {
        cell(
            s.state(),
            Side::Dataverse,
            "transactioncurrencies",
            &["EUR"],
            "currencyname",
        )
    };
    ok(&mut s, pause_cmd(&["Currencies"]));
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["EUR"],
            &[("NAME", t("Queued"))],
        ),
    );
    // EUR leaves the filter and changes again: that change is not synced.
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["EUR"],
            &[("SYMBOL", t("-")), ("NAME", t("Outside"))],
        ),
    );
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(
        dv_name(&s),
        Some(t("Queued")),
        "the value the change carried, not the later one"
    );
}

/// The rows of a Dataverse table.
fn dv_rows(s: &Session, table: &str) -> usize {
    s.state().world.dataverse[table].rows.len()
}

#[test]
fn initializing_writes_rows_as_it_goes() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    let mut counts = vec![dv_rows(&s, "transactioncurrencies")];
    ok(&mut s, run_cmd(&["Currencies"]));
    while status(&s, "Currencies") == StatusKind::Initializing {
        ok(&mut s, Command::Tick { ticks: 1 });
        counts.push(dv_rows(&s, "transactioncurrencies"));
    }
    assert_eq!(status(&s, "Currencies"), StatusKind::Running);
    let (first, last) = (counts[0], *counts.last().unwrap());
    assert!(last > first, "{counts:?}");
    // The other side fills up a row at a time, not all at the end.
    assert!(
        counts.windows(2).all(|w| w[1] <= w[0] + 1),
        "at most rows_per_tick rows a tick: {counts:?}"
    );
    assert!(
        counts.iter().any(|&c| c > first && c < last),
        "some rows appear before the sync ends: {counts:?}"
    );
}

#[test]
fn writes_made_while_initializing_are_picked_up_even_behind_the_sync() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 2 });
    // FinOps is the master: its rename made meanwhile wins the conflict it makes.
    ok(&mut s, run_with_master("Currencies", Side::FinOps));
    ok(&mut s, Command::Tick { ticks: 2 });
    assert_eq!(status(&s, "Currencies"), StatusKind::Initializing);
    // Rows the sync has read already (the first FinOps rows), and a new one.
    let first = s.state().world.finops["Currencies"]
        .rows
        .values()
        .next()
        .unwrap()[0]
        .clone();
    let Value::Text(code) = first else { panic!() };
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &[&code],
            &[("NAME", t("Renamed meanwhile"))],
        ),
    );
    ok(
        &mut s,
        create(
            Side::Dataverse,
            "transactioncurrencies",
            &[("isocurrencycode", t("NOK")), ("currencyname", t("Krone"))],
        ),
    );
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(status(&s, "Currencies"), StatusKind::Running);
    let sim = s.state();
    assert_eq!(
        cell(
            sim,
            Side::Dataverse,
            "transactioncurrencies",
            &[&code],
            "currencyname"
        ),
        Some(t("Renamed meanwhile"))
    );
    assert_eq!(
        cell(sim, Side::FinOps, "Currencies", &["NOK"], "NAME"),
        Some(t("Krone"))
    );
}

#[test]
fn an_initial_sync_read_a_row_a_tick_ends_as_one_read_at_once() {
    let run = |rows: u64| {
        let mut s = Session::new(demo());
        ok(&mut s, Command::SetRowsPerTick { rows });
        ok(
            &mut s,
            Command::Run {
                maps: CUSTOMER_CHAIN
                    .iter()
                    .map(|m| RunEntry {
                        map: m.to_string(),
                        master: Some(Side::FinOps),
                    })
                    .collect(),
                initial_sync: InitialSync::Run,
                resume: ResumeOption::CatchUp,
            },
        );
        ok(&mut s, Command::RunUntilIdle);
        s
    };
    let (slow, fast) = (run(1), run(1_000_000));
    assert_eq!(slow.state().world, fast.state().world);
    for m in CUSTOMER_CHAIN {
        let strip = |s: &Session| {
            let mut e = s.state().map(m).unwrap().executions.last().unwrap().clone();
            e.time = 0;
            e
        };
        let (a, b) = (strip(&slow), strip(&fast));
        assert_eq!(a, b, "{m}: the same counts, conflicts and errors");
    }
    let customers = fast
        .state()
        .map("Customers V3")
        .unwrap()
        .executions
        .last()
        .unwrap()
        .clone();
    assert!(
        !customers.conflicts.is_empty() && !customers.errors.is_empty(),
        "a case with both"
    );
}

#[test]
fn rerun_execution_reruns_every_listed_map_that_failed() {
    const MAPS: [&str; 2] = ["Currencies", "Terms of payment"];
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities"]);
    // Dataverse refuses every write: both initial syncs fail.
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: Some(Fault::Unavailable),
        },
    );
    ok(&mut s, run_cmd(&MAPS));
    ok(&mut s, Command::RunUntilIdle);
    for map in MAPS {
        assert_eq!(status(&s, map), StatusKind::NotRunning, "{map}");
        assert!(s.state().can_rerun(map), "{map}");
    }
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: None,
        },
    );
    ok(
        &mut s,
        Command::RerunExecution {
            maps: MAPS.iter().map(|m| m.to_string()).collect(),
        },
    );
    ok(&mut s, Command::RunUntilIdle);
    for map in MAPS {
        let m = s.state().map(map).unwrap();
        assert_eq!(m.status.kind(), StatusKind::Running, "{map}");
        assert_eq!(m.executions.len(), 2, "{map} ran a second execution");
        assert_eq!(
            m.executions.last().unwrap().status,
            ExecutionStatus::Completed,
            "{map}"
        );
    }
}

#[test]
fn a_row_leaving_the_filter_is_said_running_or_paused_and_nothing_is_queued() {
    let mut s = Session::new(demo());
    filter_out_dash_symbols(&mut s);
    run_all(&mut s, &["Currencies"]);
    let said = "Currencies: row USD of Finance and operations apps Currencies left the map's filter: dual-write no longer syncs its changes, and the other side keeps its copy (a change to that copy still reaches this row: pairs are found by key)";
    // Running: said, and Dataverse keeps its row.
    let events = ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["USD"], &[("SYMBOL", t("-"))]),
    );
    let left: Vec<String> = events
        .iter()
        .filter(|e| matches!(e, Event::LeftFilter { .. }))
        .map(|e| s.event_in_words(e))
        .collect();
    assert_eq!(left, [said]);
    assert!(!events.iter().any(|e| e.needs_attention()));
    // A change outside the filter says nothing more.
    let events = ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Greenback"))],
        ),
    );
    assert!(!events.iter().any(|e| matches!(e, Event::LeftFilter { .. })));
    // Paused: EUR leaves the filter; said, and not queued.
    ok(&mut s, pause_cmd(&["Currencies"]));
    let events = ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["EUR"], &[("SYMBOL", t("-"))]),
    );
    assert!(
        events
            .iter()
            .any(|e| s.event_in_words(e) == said.replace("USD", "EUR")),
        "{events:?}"
    );
    assert!(!events.iter().any(|e| matches!(e, Event::Queued { .. })));
    assert_eq!(
        s.state()
            .map("Currencies")
            .unwrap()
            .status
            .queue()
            .map(|q| q.changes.len()),
        Some(0)
    );
}

#[test]
fn a_write_that_gives_a_map_nothing_to_sync_says_why() {
    let not_synced = |s: &Session, events: &[Event]| -> Vec<String> {
        events
            .iter()
            .filter(|e| matches!(e, Event::NotSynced { .. }))
            .map(|e| s.event_in_words(e))
            .collect()
    };
    let mut s = Session::new(demo());
    run_all(&mut s, &["Currencies"]);
    // exchangerate is mapped one way, from finance and operations apps.
    let events = ok(
        &mut s,
        update(
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            &[("exchangerate", Value::decimal(2, 0))],
        ),
    );
    assert_eq!(
        not_synced(&s, &events),
        ["Currencies: row USD of Dataverse Currencies changed no column the map writes to the other side (columns mapped one way from the other side, or not mapped, stay where they are): nothing to sync"]
    );
    assert!(!events.iter().any(|e| e.needs_attention()));
    // A change that syncs says nothing of the kind.
    let events = ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar"))],
        ),
    );
    assert!(not_synced(&s, &events).is_empty());
    // Outside the filter: a row changed there, and one created there.
    let mut s = Session::new(demo());
    filter_out_dash_symbols(&mut s);
    run_all(&mut s, &["Currencies"]);
    ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["USD"], &[("SYMBOL", t("-"))]),
    );
    let events = ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Greenback"))],
        ),
    );
    let outside = "Currencies: row USD of Finance and operations apps Currencies is outside the map's filter: dual-write does not sync it";
    assert_eq!(not_synced(&s, &events), [outside]);
    let events = ok(
        &mut s,
        create(
            Side::FinOps,
            "Currencies",
            &[
                ("CURRENCYCODE", t("CHF")),
                ("NAME", t("Franc")),
                ("SYMBOL", t("-")),
            ],
        ),
    );
    assert_eq!(not_synced(&s, &events), [outside.replace("USD", "CHF")]);
    // Paused, it is said too, and nothing is queued.
    ok(&mut s, pause_cmd(&["Currencies"]));
    let events = ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["USD"], &[("NAME", t("Buck"))]),
    );
    assert_eq!(not_synced(&s, &events), [outside]);
    assert!(!events.iter().any(|e| matches!(e, Event::Queued { .. })));
    // A row deleted outside the filter is named by the key it had.
    let events = ok(&mut s, delete(Side::FinOps, "Currencies", &["USD"]));
    assert_eq!(not_synced(&s, &events), [outside]);
}
