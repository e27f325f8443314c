//! The built-in demo: the eight table maps of `domain.md` section 6 over two companies,
//! with planted situations for lessons and demos:
//! - `US-001` is on both sides with a different name and credit limit (a conflict);
//! - `C0004` on Dataverse is in customer group `90`, which FinOps does not have;
//! - `US-003` is invoiced to `US-010`, a customer created later in the same pass (a cycle
//!   that fails on the first pass and succeeds on a rerun);
//! - `US-018` and `US-019` are persons, outside the Customers V3 filter.
//!
//! Every map starts Not running.

use crate::map::{ColumnMapping as M, Direction, TableMap, Transform};
use crate::sim::Simulator;
use crate::value::{ColumnType, Value};
use crate::world::{Column, RowId, Side, Table, World};

/// The demo scenario.
pub fn demo() -> Simulator {
    let mut world = World::default();
    for (side, table, rows) in tables() {
        let mut t = table;
        for (i, r) in rows.into_iter().enumerate() {
            let mut row = vec![Value::Null; t.columns.len()];
            for (c, v) in r {
                if let Some(p) = t.position(c) {
                    row[p] = v;
                }
            }
            t.rows.insert(RowId(i as u32 + 1), row);
        }
        t.next_id = t.rows.len() as u32 + 1;
        // The demo's own data is consistent by construction; a failure here is a bug
        // caught by the demo's tests.
        let _ = t.reindex();
        world.add_table(side, t);
    }
    Simulator::new(world, maps())
}

fn col(name: &str, ty: ColumnType) -> Column {
    Column {
        name: name.into(),
        ty,
    }
}

fn text(name: &str) -> Column {
    col(name, ColumnType::Text)
}

fn lookup(name: &str, table: &str, column: &str) -> Column {
    col(
        name,
        ColumnType::Lookup {
            table: table.into(),
            column: column.into(),
        },
    )
}

fn labels(l: &[&str]) -> ColumnType {
    ColumnType::Enum {
        labels: l.iter().map(|s| s.to_string()).collect(),
    }
}

fn table(
    name: &str,
    label: &str,
    columns: Vec<Column>,
    key: &[&str],
    company: Option<&str>,
) -> Table {
    Table::new(
        name,
        label,
        columns,
        key.iter().map(|s| s.to_string()).collect(),
        company.map(str::to_string),
    )
    // The demo's schemas are constants checked by its tests; not user data.
    .unwrap_or_else(|e| panic!("demo table '{name}': {e}"))
}

type Row = Vec<(&'static str, Value)>;

fn t(s: &str) -> Value {
    Value::text(s)
}

const ON_HOLD: [&str; 6] = ["No", "Invoice", "All", "Payment", "Requisition", "Never"];

fn tables() -> Vec<(Side, Table, Vec<Row>)> {
    use Side::{Dataverse as D, FinOps as F};
    let company = Some("dataAreaId");
    let dv_company = Some("msdyn_company");
    let dv_co = || lookup("msdyn_company", "cdm_companies", "cdm_companycode");
    vec![
        (
            F,
            table(
                "LegalEntities",
                "Legal entities",
                vec![text("LEGALENTITYID"), text("NAME")],
                &["LEGALENTITYID"],
                None,
            ),
            vec![
                vec![
                    ("LEGALENTITYID", t("usmf")),
                    ("NAME", t("Contoso Entertainment System USA")),
                ],
                vec![
                    ("LEGALENTITYID", t("demf")),
                    ("NAME", t("Contoso Entertainment System Germany")),
                ],
            ],
        ),
        (
            D,
            table(
                "cdm_companies",
                "Companies",
                vec![text("cdm_companycode"), text("cdm_name")],
                &["cdm_companycode"],
                None,
            ),
            vec![vec![
                ("cdm_companycode", t("usmf")),
                ("cdm_name", t("Contoso Entertainment System USA")),
            ]],
        ),
        (
            F,
            table(
                "Currencies",
                "Currencies",
                vec![
                    text("CURRENCYCODE"),
                    text("NAME"),
                    text("SYMBOL"),
                    col("EXCHANGERATE", ColumnType::Decimal),
                ],
                &["CURRENCYCODE"],
                None,
            ),
            [
                ("USD", "US Dollar", "$"),
                ("EUR", "Euro", "€"),
                ("GBP", "Pound Sterling", "£"),
                ("CAD", "Canadian Dollar", "$"),
                ("JPY", "Japanese Yen", "¥"),
            ]
            .iter()
            .map(|(c, n, s)| vec![("CURRENCYCODE", t(c)), ("NAME", t(n)), ("SYMBOL", t(s))])
            .collect(),
        ),
        (
            D,
            table(
                "transactioncurrencies",
                "Currencies",
                vec![
                    text("isocurrencycode"),
                    text("currencyname"),
                    text("currencysymbol"),
                    col("exchangerate", ColumnType::Decimal),
                ],
                &["isocurrencycode"],
                None,
            ),
            vec![
                vec![
                    ("isocurrencycode", t("USD")),
                    ("currencyname", t("US Dollar")),
                    ("currencysymbol", t("$")),
                    ("exchangerate", Value::decimal(1, 0)),
                ],
                vec![
                    ("isocurrencycode", t("EUR")),
                    ("currencyname", t("Euro")),
                    ("currencysymbol", t("€")),
                    ("exchangerate", Value::decimal(1, 0)),
                ],
            ],
        ),
        (
            F,
            table(
                "PaymentTerms",
                "Terms of payment",
                vec![
                    text("NAME"),
                    lookup("dataAreaId", "LegalEntities", "LEGALENTITYID"),
                    text("DESCRIPTION"),
                    col("NUMBEROFDAYS", ColumnType::Integer),
                ],
                &["NAME", "dataAreaId"],
                company,
            ),
            [
                ("Net10", "usmf", "Net 10 days", 10),
                ("Net30", "usmf", "Net 30 days", 30),
                ("Net45", "usmf", "Net 45 days", 45),
                ("COD", "usmf", "Cash on delivery", 0),
                ("Net30", "demf", "Netto 30 Tage", 30),
            ]
            .iter()
            .map(|(n, c, d, days)| {
                vec![
                    ("NAME", t(n)),
                    ("dataAreaId", t(c)),
                    ("DESCRIPTION", t(d)),
                    ("NUMBEROFDAYS", Value::Int(*days)),
                ]
            })
            .collect(),
        ),
        (
            D,
            table(
                "msdyn_paymentterms",
                "Payment terms",
                vec![
                    text("msdyn_name"),
                    dv_co(),
                    text("msdyn_description"),
                    col("msdyn_days", ColumnType::Integer),
                ],
                &["msdyn_name", "msdyn_company"],
                dv_company,
            ),
            vec![vec![
                ("msdyn_name", t("Net30")),
                ("msdyn_company", t("usmf")),
                ("msdyn_description", t("Net 30 days")),
                ("msdyn_days", Value::Int(30)),
            ]],
        ),
        (
            F,
            table(
                "CustomerGroups",
                "Customer groups",
                vec![
                    text("CUSTOMERGROUPID"),
                    lookup("dataAreaId", "LegalEntities", "LEGALENTITYID"),
                    text("DESCRIPTION"),
                    lookup("PAYMENTTERMID", "PaymentTerms", "NAME"),
                ],
                &["CUSTOMERGROUPID", "dataAreaId"],
                company,
            ),
            [
                ("10", "usmf", "Wholesale customers", "Net30"),
                ("20", "usmf", "Major customers", "Net45"),
                ("30", "usmf", "Retail customers", "Net10"),
                ("40", "usmf", "Internet customers", "COD"),
                ("50", "usmf", "Intercompany customers", "Net30"),
                ("60", "usmf", "Other customers", "Net30"),
                ("10", "demf", "Großhandelskunden", "Net30"),
            ]
            .iter()
            .map(|(g, c, d, p)| {
                vec![
                    ("CUSTOMERGROUPID", t(g)),
                    ("dataAreaId", t(c)),
                    ("DESCRIPTION", t(d)),
                    ("PAYMENTTERMID", t(p)),
                ]
            })
            .collect(),
        ),
        (
            D,
            table(
                "msdyn_customergroups",
                "Customer groups",
                vec![
                    text("msdyn_groupid"),
                    dv_co(),
                    text("msdyn_description"),
                    lookup("msdyn_paymentterm", "msdyn_paymentterms", "msdyn_name"),
                ],
                &["msdyn_groupid", "msdyn_company"],
                dv_company,
            ),
            vec![
                vec![
                    ("msdyn_groupid", t("10")),
                    ("msdyn_company", t("usmf")),
                    ("msdyn_description", t("Wholesale customers")),
                    ("msdyn_paymentterm", t("Net30")),
                ],
                vec![
                    ("msdyn_groupid", t("90")),
                    ("msdyn_company", t("usmf")),
                    ("msdyn_description", t("Dataverse-only group")),
                    ("msdyn_paymentterm", t("Net30")),
                ],
            ],
        ),
        (
            F,
            table(
                "VendorGroups",
                "Vendor groups",
                vec![
                    text("VENDORGROUPID"),
                    lookup("dataAreaId", "LegalEntities", "LEGALENTITYID"),
                    text("DESCRIPTION"),
                ],
                &["VENDORGROUPID", "dataAreaId"],
                company,
            ),
            [
                ("10", "Parts suppliers"),
                ("20", "Service providers"),
                ("30", "Utilities"),
            ]
            .iter()
            .map(|(g, d)| {
                vec![
                    ("VENDORGROUPID", t(g)),
                    ("dataAreaId", t("usmf")),
                    ("DESCRIPTION", t(d)),
                ]
            })
            .collect(),
        ),
        (
            D,
            table(
                "msdyn_vendorgroups",
                "Vendor groups",
                vec![
                    text("msdyn_vendorgroup"),
                    dv_co(),
                    text("msdyn_description"),
                ],
                &["msdyn_vendorgroup", "msdyn_company"],
                dv_company,
            ),
            vec![],
        ),
        (F, customers_table(), finops_customers()),
        (D, accounts_table(), dataverse_accounts()),
        (
            F,
            table(
                "VendorsV2",
                "Vendors V2",
                vec![
                    text("VENDORACCOUNTNUMBER"),
                    lookup("dataAreaId", "LegalEntities", "LEGALENTITYID"),
                    text("VENDORORGANIZATIONNAME"),
                    lookup("VENDORGROUPID", "VendorGroups", "VENDORGROUPID"),
                    lookup("CURRENCYCODE", "Currencies", "CURRENCYCODE"),
                    lookup("PAYMENTTERMS", "PaymentTerms", "NAME"),
                ],
                &["VENDORACCOUNTNUMBER", "dataAreaId"],
                company,
            ),
            [
                ("V-001", "Fabrikam Electronics", "10"),
                ("V-002", "Litware Components", "10"),
                ("V-003", "Northwind Logistics", "20"),
                ("V-004", "Adventure Works Services", "20"),
                ("V-005", "City Power & Light", "30"),
                ("V-006", "Proseware Cabling", "10"),
                ("V-007", "Wide World Freight", "20"),
                ("V-008", "Contoso Water", "30"),
            ]
            .iter()
            .map(|(a, n, g)| {
                vec![
                    ("VENDORACCOUNTNUMBER", t(a)),
                    ("dataAreaId", t("usmf")),
                    ("VENDORORGANIZATIONNAME", t(n)),
                    ("VENDORGROUPID", t(g)),
                    ("CURRENCYCODE", t("USD")),
                    ("PAYMENTTERMS", t("Net30")),
                ]
            })
            .collect(),
        ),
        (
            D,
            table(
                "msdyn_vendors",
                "Vendors",
                vec![
                    text("msdyn_vendoraccountnumber"),
                    dv_co(),
                    text("msdyn_name"),
                    lookup(
                        "msdyn_vendorgroupid",
                        "msdyn_vendorgroups",
                        "msdyn_vendorgroup",
                    ),
                    lookup(
                        "transactioncurrencyid",
                        "transactioncurrencies",
                        "isocurrencycode",
                    ),
                    lookup("msdyn_paymentterm", "msdyn_paymentterms", "msdyn_name"),
                ],
                &["msdyn_vendoraccountnumber", "msdyn_company"],
                dv_company,
            ),
            [
                ("V0001", "Trey Research"),
                ("V0002", "Blue Yonder Airlines"),
            ]
            .iter()
            .map(|(a, n)| {
                vec![
                    ("msdyn_vendoraccountnumber", t(a)),
                    ("msdyn_company", t("usmf")),
                    ("msdyn_name", t(n)),
                    ("transactioncurrencyid", t("USD")),
                    ("msdyn_paymentterm", t("Net30")),
                ]
            })
            .collect(),
        ),
        (
            F,
            table(
                "ContactsV2",
                "Contacts V2",
                vec![
                    text("CONTACTPERSONID"),
                    lookup("dataAreaId", "LegalEntities", "LEGALENTITYID"),
                    text("FIRSTNAME"),
                    text("LASTNAME"),
                    text("EMAIL"),
                ],
                &["CONTACTPERSONID", "dataAreaId"],
                company,
            ),
            [
                ("CP-001", "Ana", "Bowman"),
                ("CP-002", "Jon", "Morris"),
                ("CP-003", "Mia", "Chen"),
                ("CP-004", "Raj", "Patel"),
                ("CP-005", "Lea", "Vogel"),
                ("CP-006", "Tom", "Ortiz"),
                ("CP-007", "Ivy", "Nakamura"),
                ("CP-008", "Sam", "Okafor"),
            ]
            .iter()
            .map(|(id, f, l)| {
                vec![
                    ("CONTACTPERSONID", t(id)),
                    ("dataAreaId", t("usmf")),
                    ("FIRSTNAME", t(f)),
                    ("LASTNAME", t(l)),
                    (
                        "EMAIL",
                        t(&format!(
                            "{}.{}@contoso.com",
                            f.to_lowercase(),
                            l.to_lowercase()
                        )),
                    ),
                ]
            })
            .collect(),
        ),
        (
            D,
            table(
                "contacts",
                "Contacts",
                vec![
                    text("msdyn_contactpersonid"),
                    dv_co(),
                    text("firstname"),
                    text("lastname"),
                    text("emailaddress1"),
                ],
                &["msdyn_contactpersonid", "msdyn_company"],
                dv_company,
            ),
            [("CT0001", "Kim", "Akers"), ("CT0002", "Lou", "Reyes")]
                .iter()
                .map(|(id, f, l)| {
                    vec![
                        ("msdyn_contactpersonid", t(id)),
                        ("msdyn_company", t("usmf")),
                        ("firstname", t(f)),
                        ("lastname", t(l)),
                    ]
                })
                .collect(),
        ),
    ]
}

fn customers_table() -> Table {
    table(
        "CustomersV3",
        "Customers V3",
        vec![
            text("CUSTOMERACCOUNT"),
            lookup("dataAreaId", "LegalEntities", "LEGALENTITYID"),
            text("ORGANIZATIONNAME"),
            col("PARTYTYPE", labels(&["Organization", "Person"])),
            lookup("CUSTOMERGROUPID", "CustomerGroups", "CUSTOMERGROUPID"),
            lookup("SALESCURRENCYCODE", "Currencies", "CURRENCYCODE"),
            lookup("PAYMENTTERMS", "PaymentTerms", "NAME"),
            lookup("INVOICEACCOUNT", "CustomersV3", "CUSTOMERACCOUNT"),
            col("CREDITLIMIT", ColumnType::Decimal),
            col("ONHOLDSTATUS", labels(&ON_HOLD)),
            text("PRIMARYCONTACTEMAIL"),
        ],
        &["CUSTOMERACCOUNT", "dataAreaId"],
        Some("dataAreaId"),
    )
}

fn accounts_table() -> Table {
    table(
        "accounts",
        "Accounts",
        vec![
            text("accountnumber"),
            lookup("msdyn_company", "cdm_companies", "cdm_companycode"),
            text("name"),
            col(
                "customertypecode",
                ColumnType::OptionSet {
                    options: vec![1, 2, 3, 11],
                },
            ),
            lookup(
                "msdyn_customergroupid",
                "msdyn_customergroups",
                "msdyn_groupid",
            ),
            lookup(
                "transactioncurrencyid",
                "transactioncurrencies",
                "isocurrencycode",
            ),
            lookup("msdyn_paymentterm", "msdyn_paymentterms", "msdyn_name"),
            lookup("msdyn_billingaccount", "accounts", "accountnumber"),
            col("creditlimit", ColumnType::Decimal),
            col(
                "msdyn_onholdstatus",
                ColumnType::OptionSet {
                    options: (0..6).map(|i| 192_350_000 + i).collect(),
                },
            ),
            text("emailaddress1"),
        ],
        &["accountnumber", "msdyn_company"],
        Some("msdyn_company"),
    )
}

fn finops_customers() -> Vec<Row> {
    let names = [
        "Contoso Retail San Diego",
        "Contoso Retail Los Angeles",
        "Forest Wholesales",
        "Sparrow Retail",
        "Owl Wholesales",
        "Lamna Healthcare",
        "Alpine Ski House",
        "Coho Winery",
        "Fourth Coffee",
        "Margie's Travel",
        "Tailspin Toys",
        "Wingtip Toys",
        "Woodgrove Bank",
        "Relecloud",
        "VanArsdel Ltd",
        "Humongous Insurance",
        "Graphic Design Institute",
        "Nadia Rossi",
        "Victor Alves",
    ];
    let mut rows: Vec<Row> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let n = i + 1;
            let person = n >= 18;
            vec![
                ("CUSTOMERACCOUNT", t(&format!("US-{n:03}"))),
                ("dataAreaId", t("usmf")),
                ("ORGANIZATIONNAME", t(name)),
                (
                    "PARTYTYPE",
                    t(if person { "Person" } else { "Organization" }),
                ),
                (
                    "CUSTOMERGROUPID",
                    t(["10", "20", "30", "40", "50", "60"][i % 6]),
                ),
                (
                    "SALESCURRENCYCODE",
                    t(if i % 5 == 4 { "CAD" } else { "USD" }),
                ),
                ("PAYMENTTERMS", t(["Net30", "Net10", "Net45", "COD"][i % 4])),
                (
                    "CREDITLIMIT",
                    Value::decimal(5_000 * (1 + (i as i64 % 4)), 0),
                ),
                ("ONHOLDSTATUS", t(if n == 7 { "Invoice" } else { "No" })),
                ("PRIMARYCONTACTEMAIL", t(&format!("contact{n}@example.com"))),
            ]
        })
        .collect();
    // US-003 is invoiced to US-010, created later in the same pass.
    rows[2].push(("INVOICEACCOUNT", t("US-010")));
    for (account, name) in [("DE-001", "Fabrikam Berlin"), ("DE-002", "Litware München")] {
        rows.push(vec![
            ("CUSTOMERACCOUNT", t(account)),
            ("dataAreaId", t("demf")),
            ("ORGANIZATIONNAME", t(name)),
            ("PARTYTYPE", t("Organization")),
            ("CUSTOMERGROUPID", t("10")),
            ("SALESCURRENCYCODE", t("EUR")),
            ("PAYMENTTERMS", t("Net30")),
            ("CREDITLIMIT", Value::decimal(20_000, 0)),
            ("ONHOLDSTATUS", t("No")),
        ]);
    }
    rows
}

fn dataverse_accounts() -> Vec<Row> {
    let account = |n: &str, name: &str, group: &str, limit: i64| -> Row {
        vec![
            ("accountnumber", t(n)),
            ("msdyn_company", t("usmf")),
            ("name", t(name)),
            ("customertypecode", Value::Int(3)),
            ("msdyn_customergroupid", t(group)),
            ("transactioncurrencyid", t("USD")),
            ("msdyn_paymentterm", t("Net30")),
            ("creditlimit", Value::decimal(limit, 0)),
            ("msdyn_onholdstatus", Value::Int(192_350_000)),
        ]
    };
    vec![
        // The same customer as FinOps US-001, edited differently on each side.
        account("US-001", "Contoso Retail - San Diego", "10", 15_000),
        account("C0001", "Adatum Corporation", "10", 8_000),
        account("C0002", "Trey Research", "10", 12_000),
        account("C0003", "Bellows College", "10", 3_000),
        // Its group exists only on Dataverse.
        account("C0004", "Datum Ventures", "90", 9_000),
    ]
}

fn company_key() -> M {
    M::both("dataAreaId", "msdyn_company.cdm_companycode")
}

fn map(name: &str, finops: &str, dataverse: &str, mappings: Vec<M>) -> TableMap {
    let mut m = TableMap::new(name, finops, dataverse);
    m.mappings = mappings;
    m
}

fn maps() -> Vec<TableMap> {
    let on_hold: Vec<(Value, Value)> = ON_HOLD
        .iter()
        .enumerate()
        .filter(|(_, l)| **l != "Requisition")
        .map(|(i, l)| (t(l), Value::Int(192_350_000 + i as i64)))
        .collect();
    let mut customers = map(
        "Customers V3",
        "CustomersV3",
        "accounts",
        vec![
            M::both("CUSTOMERACCOUNT", "accountnumber"),
            company_key(),
            M::both("ORGANIZATIONNAME", "name"),
            M::both("PARTYTYPE", "customertypecode").with(Transform::ValueMap(vec![(
                t("Organization"),
                Value::Int(3),
            )])),
            M::both("CUSTOMERGROUPID", "msdyn_customergroupid.msdyn_groupid"),
            M::both("SALESCURRENCYCODE", "transactioncurrencyid.isocurrencycode"),
            M::both("PAYMENTTERMS", "msdyn_paymentterm.msdyn_name"),
            M::both("INVOICEACCOUNT", "msdyn_billingaccount.accountnumber"),
            M::both("CREDITLIMIT", "creditlimit"),
            M::both("ONHOLDSTATUS", "msdyn_onholdstatus").with(Transform::ValueMap(on_hold)),
            M::new(
                "PRIMARYCONTACTEMAIL",
                Direction::ToDataverse,
                "emailaddress1",
            ),
        ],
    );
    customers.finops_filter =
        crate::filter::Filter::parse("PARTYTYPE == \"Organization\"").expect("demo filter parses");
    customers.dataverse_filter =
        crate::filter::Filter::parse("customertypecode eq 3").expect("demo filter parses");
    vec![
        map(
            "Legal entities",
            "LegalEntities",
            "cdm_companies",
            vec![
                M::both("LEGALENTITYID", "cdm_companycode"),
                M::both("NAME", "cdm_name"),
            ],
        ),
        map(
            "Currencies",
            "Currencies",
            "transactioncurrencies",
            vec![
                M::both("CURRENCYCODE", "isocurrencycode"),
                M::both("NAME", "currencyname"),
                M::both("SYMBOL", "currencysymbol"),
                M::new("EXCHANGERATE", Direction::ToDataverse, "exchangerate")
                    .with(Transform::Default(Value::decimal(1, 0))),
            ],
        ),
        map(
            "Terms of payment",
            "PaymentTerms",
            "msdyn_paymentterms",
            vec![
                M::both("NAME", "msdyn_name"),
                company_key(),
                M::both("DESCRIPTION", "msdyn_description"),
                M::both("NUMBEROFDAYS", "msdyn_days"),
            ],
        ),
        map(
            "Customer groups",
            "CustomerGroups",
            "msdyn_customergroups",
            vec![
                M::both("CUSTOMERGROUPID", "msdyn_groupid"),
                company_key(),
                M::both("DESCRIPTION", "msdyn_description"),
                M::both("PAYMENTTERMID", "msdyn_paymentterm.msdyn_name"),
            ],
        ),
        map(
            "Vendor groups",
            "VendorGroups",
            "msdyn_vendorgroups",
            vec![
                M::both("VENDORGROUPID", "msdyn_vendorgroup"),
                company_key(),
                M::both("DESCRIPTION", "msdyn_description"),
            ],
        ),
        customers,
        map(
            "Vendors V2",
            "VendorsV2",
            "msdyn_vendors",
            vec![
                M::both("VENDORACCOUNTNUMBER", "msdyn_vendoraccountnumber"),
                company_key(),
                M::both("VENDORORGANIZATIONNAME", "msdyn_name"),
                M::both("VENDORGROUPID", "msdyn_vendorgroupid.msdyn_vendorgroup"),
                M::both("CURRENCYCODE", "transactioncurrencyid.isocurrencycode"),
                M::both("PAYMENTTERMS", "msdyn_paymentterm.msdyn_name"),
            ],
        ),
        map(
            "CDS Contacts V2",
            "ContactsV2",
            "contacts",
            vec![
                M::both("CONTACTPERSONID", "msdyn_contactpersonid"),
                company_key(),
                M::both("FIRSTNAME", "firstname"),
                M::both("LASTNAME", "lastname"),
                M::both("EMAIL", "emailaddress1"),
            ],
        ),
    ]
}
