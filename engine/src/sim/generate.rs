//! "Generate N customers": demo data at any size, as a command, so that undo, replay and
//! share links keep working (the command is two numbers; the rows follow from them).
//!
//! The generated customers keep the demo's planted situations, in proportion:
//! - every 20th FinOps customer also exists on Dataverse with another name and credit
//!   limit: two merge conflicts for the Master for initial sync to settle;
//! - Dataverse-only accounts (a tenth of the count), every 5th of them in customer group
//!   90, which FinOps lacks until `Customer groups` brings it: a failed row;
//! - every 25th FinOps customer invoices another customer created after it (a
//!   self-referencing lookup: it fails on the first pass and a rerun resolves it);
//! - every 10th FinOps customer is a person, outside the map's filter;
//! - FinOps customer groups 20 to 60 are missing on Dataverse until `Customer groups`
//!   runs, as in the demo.
//!
//! The choice of groups, terms, currencies and names comes from a SplitMix64 generator
//! seeded by the command: no clock, no entropy, the same rows on every platform.

use std::collections::BTreeMap;

use super::{Outcome, Simulator};
use crate::error::{CommandError, Setting};
use crate::map::StatusKind;
use crate::value::Value;
use crate::world::{Journal, RowId, Side};

/// Fewest customers a command generates.
pub const MIN_CUSTOMERS: u32 = 10;
/// Most customers a command generates.
pub const MAX_CUSTOMERS: u32 = 100_000;

const FINOPS_TABLE: &str = "CustomersV3";
const DATAVERSE_TABLE: &str = "accounts";
const COMPANY: &str = "usmf";

/// SplitMix64: a small, well-known generator, enough to vary demo data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Adventure",
    "Alpine",
    "Coho",
    "Litware",
    "Tailspin",
    "Wingtip",
    "Proseware",
    "Lucerne",
    "Margie's",
    "Trey",
    "Woodgrove",
    "Humongous",
    "Blue Yonder",
];
const SECOND: &[&str] = &[
    "Retail",
    "Traders",
    "Wholesales",
    "Winery",
    "Toys",
    "Travel",
    "Research",
    "Bank",
    "Insurance",
    "Health",
    "Coffee",
    "Outfitters",
    "Electronics",
    "Foods",
];
const PEOPLE: &[&str] = &[
    "Ana Silva",
    "Victor Alves",
    "Nadia Rossi",
    "Kenji Sato",
    "Maria Garcia",
    "Omar Haddad",
    "Lena Fischer",
    "Tom Baker",
];
const FINOPS_GROUPS: &[&str] = &["10", "20", "30", "40", "50", "60"];
const TERMS: &[&str] = &["Net30", "Net10", "Net45", "COD"];

impl Simulator {
    /// Why Generate of `count` customers would be refused (a count out of range, no
    /// customers tables, a map on them that is not Not running); `None` when it would run.
    pub fn why_not_generate(&self, count: u32) -> Option<CommandError> {
        if !(MIN_CUSTOMERS..=MAX_CUSTOMERS).contains(&count) {
            return Some(CommandError::BadSetting {
                setting: Setting::CustomerCount,
                // (Counts as the app writes them, and its fields read them.)
                reason: format!(
                    "Generate customers: between {} and {} customers, not {}",
                    crate::value::thousands(MIN_CUSTOMERS.into()),
                    crate::value::thousands(MAX_CUSTOMERS.into()),
                    crate::value::thousands(count.into())
                ),
            });
        }
        for (side, table) in [
            (Side::FinOps, FINOPS_TABLE),
            (Side::Dataverse, DATAVERSE_TABLE),
        ] {
            if self.world.table(side, table).is_err() {
                return Some(CommandError::Generate(format!(
                    "this scenario has no {side} table '{table}' (the demo's customers)"
                )));
            }
        }
        if let Some(m) = self.maps.iter().find(|m| {
            (m.finops_table == FINOPS_TABLE || m.dataverse_table == DATAVERSE_TABLE)
                && m.status.kind() != StatusKind::NotRunning
        }) {
            return Some(CommandError::Generate(format!(
                "'{}' is {}; stop it first, as the new rows would bypass it",
                m.name,
                m.status.kind()
            )));
        }
        None
    }

    /// See [`crate::Command::GenerateCustomers`].
    pub(super) fn generate_customers(&mut self, count: u32, seed: u64) -> Outcome {
        if let Some(refused) = self.why_not_generate(count) {
            return Err(refused);
        }
        let mut rng = Rng(seed);
        let n = count as usize;
        let finops: Vec<BTreeMap<&str, Value>> =
            (1..=n).map(|i| finops_row(&mut rng, i, n)).collect();
        let mut dataverse: Vec<BTreeMap<&str, Value>> = (1..=n)
            .filter(|i| i % 20 == 1)
            .map(|i| paired_account(&mut rng, i))
            .collect();
        dataverse.extend((1..=n / 10).map(|j| dataverse_only(&mut rng, j)));
        // Both sides are built and checked before anything is written, so that a
        // schema that differs from the demo's refuses the command and changes nothing.
        let mut writes = Vec::with_capacity(2);
        for (side, table, rows) in [
            (Side::FinOps, FINOPS_TABLE, finops),
            (Side::Dataverse, DATAVERSE_TABLE, dataverse),
        ] {
            let t = self.world.table(side, table)?;
            let old: Vec<RowId> = t.rows.keys().copied().collect();
            let mut built = Vec::with_capacity(rows.len());
            for (id, cells) in (t.next_id..).zip(rows) {
                let mut row = vec![Value::Null; t.columns.len()];
                for (column, value) in cells {
                    let p = t.position(column).ok_or_else(|| {
                        CommandError::Generate(format!(
                            "{side} table '{table}' has no column '{column}' (the demo's customers)"
                        ))
                    })?;
                    row[p] = value;
                }
                let id = RowId(id);
                // Lookups are checked by construction (every generated value names a row
                // of the demo, or a customer generated here), not one by one.
                // Their keys replace the table's (generated customers of an earlier
                // command included): they are unique among themselves by construction.
                built.push((id, self.world.check_replacing_row(side, table, id, row)?));
            }
            writes.push((side, table, old, built));
        }
        let mut journal = Journal::default();
        for (side, table, old, built) in writes {
            for id in old {
                self.world.put(side, table, id, None, &mut journal);
            }
            self.world.reserve(side, table, built.len());
            for (id, row) in built {
                self.world.put(side, table, id, Some(row), &mut journal);
            }
        }
        journal.commit();
        Ok(Vec::new())
    }
}

fn account(i: usize) -> String {
    format!("US-{i:06}")
}

fn finops_row(rng: &mut Rng, i: usize, n: usize) -> BTreeMap<&'static str, Value> {
    let person = i.is_multiple_of(10);
    let name = if person {
        rng.pick(PEOPLE).to_string()
    } else {
        format!("{} {}", rng.pick(FIRST), rng.pick(SECOND))
    };
    // A customer Dataverse has too differs in its name and credit limit only (two
    // conflicts): its other lookups are those of the paired account.
    let paired = i % 20 == 1;
    let currency = if !paired && rng.next().is_multiple_of(8) {
        "CAD"
    } else {
        "USD"
    };
    let group = if paired {
        "10"
    } else {
        rng.pick(FINOPS_GROUPS)
    };
    let terms = if paired { "Net30" } else { rng.pick(TERMS) };
    let on_hold = if !paired && i % 15 == 7 {
        "Invoice"
    } else {
        "No"
    };
    // i + 6 is never a person (those are multiples of 10), who would stay on FinOps.
    let invoice = (i % 25 == 3 && i + 6 <= n).then(|| Value::text(account(i + 6)));
    BTreeMap::from([
        ("CUSTOMERACCOUNT", Value::text(account(i))),
        ("dataAreaId", Value::text(COMPANY)),
        ("ORGANIZATIONNAME", Value::text(name)),
        (
            "PARTYTYPE",
            Value::text(if person { "Person" } else { "Organization" }),
        ),
        ("CUSTOMERGROUPID", Value::text(group)),
        ("SALESCURRENCYCODE", Value::text(currency)),
        ("PAYMENTTERMS", Value::text(terms)),
        ("INVOICEACCOUNT", invoice.unwrap_or(Value::Null)),
        (
            "CREDITLIMIT",
            Value::decimal(((1 + rng.next() % 20) * 1000) as i64, 0),
        ),
        ("ONHOLDSTATUS", Value::text(on_hold)),
        (
            "PRIMARYCONTACTEMAIL",
            Value::text(format!("contact{i}@example.com")),
        ),
    ])
}

/// A Dataverse account paired with FinOps customer `i`, with another name and credit
/// limit: two conflicts.
fn paired_account(rng: &mut Rng, i: usize) -> BTreeMap<&'static str, Value> {
    BTreeMap::from([
        ("accountnumber", Value::text(account(i))),
        ("msdyn_company", Value::text(COMPANY)),
        (
            "name",
            Value::text(format!(
                "{} {} (Dataverse)",
                rng.pick(FIRST),
                rng.pick(SECOND)
            )),
        ),
        ("customertypecode", Value::Int(3)),
        ("msdyn_customergroupid", Value::text("10")),
        ("transactioncurrencyid", Value::text("USD")),
        ("msdyn_paymentterm", Value::text("Net30")),
        ("creditlimit", Value::decimal(99_000, 0)),
        ("msdyn_onholdstatus", Value::Int(192_350_000)),
    ])
}

/// An account only Dataverse has; every 5th is in customer group 90.
fn dataverse_only(rng: &mut Rng, j: usize) -> BTreeMap<&'static str, Value> {
    BTreeMap::from([
        ("accountnumber", Value::text(format!("C{j:06}"))),
        ("msdyn_company", Value::text(COMPANY)),
        (
            "name",
            Value::text(format!("{} {}", rng.pick(FIRST), rng.pick(SECOND))),
        ),
        ("customertypecode", Value::Int(3)),
        (
            "msdyn_customergroupid",
            Value::text(if j.is_multiple_of(5) { "90" } else { "10" }),
        ),
        ("transactioncurrencyid", Value::text("USD")),
        ("msdyn_paymentterm", Value::text("Net30")),
        (
            "creditlimit",
            Value::decimal(((1 + rng.next() % 20) * 500) as i64, 0),
        ),
        ("msdyn_onholdstatus", Value::Int(192_350_000)),
    ])
}
