//! Share links: a session as text for a URL fragment, reopened exactly; bad links are
//! refused with a clear message.

use crate::common;

use base64::Engine as _;
use common::*;
use dualwrite_engine::lesson::{builtin, Lesson};
use dualwrite_engine::share::{
    decode, encode, ShareError, Start, MAX_JSON, MAX_LINK, SHARE_VERSION,
};
use dualwrite_engine::*;

fn demo_session() -> Session {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        Command::Run {
            maps: vec![RunEntry::map("Currencies")],
            initial_sync: InitialSync::Run,
            resume: ResumeOption::CatchUp,
        },
    );
    ok(&mut s, Command::RunUntilIdle);
    ok(
        &mut s,
        Command::Pause {
            maps: vec!["Currencies".into()],
        },
    );
    ok(&mut s, usd_on_finops("NAME", "Greenback"));
    s
}

fn pack(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
}

#[test]
fn a_demo_session_round_trips_with_its_history_and_cursor() {
    let mut s = demo_session();
    s.undo();
    let link = encode(&s, Some("demo")).unwrap();
    assert!(
        link.len() < 1_000,
        "a demo session is a short link: {} bytes",
        link.len()
    );
    assert!(
        link.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "URL-safe"
    );
    let shared = decode(&link).unwrap();
    assert_eq!(shared.start, Start::Demo);
    assert_eq!(shared.start.name().as_deref(), Some("demo"));
    assert_eq!(shared.session.state(), s.state());
    assert_eq!(shared.session.commands(), s.commands());
    assert_eq!(shared.session.cursor(), 3, "the undone step stays to redo");
    let mut back = shared.session;
    back.redo();
    assert_eq!(
        back.state()
            .map("Currencies")
            .unwrap()
            .status
            .queue()
            .map(|q| q.changes.len()),
        Some(1)
    );
}

#[test]
fn a_lesson_start_is_named_and_any_other_start_goes_in_whole() {
    let lesson = Lesson::load(builtin()[9].1).unwrap();
    let mut s = lesson.session();
    ok(&mut s, lesson.solution[0].clone());
    let name = format!("lesson:{}", lesson.id);
    let link = encode(&s, Some(&name)).unwrap();
    let shared = decode(&link).unwrap();
    assert_eq!(shared.start, Start::Lesson(lesson.id.clone()));
    assert_eq!(shared.start.name(), Some(format!("lesson:{}", lesson.id)));
    assert_eq!(shared.session.state(), s.state());

    // No name: the lesson's start goes in whole, and still reproduces the session.
    let whole = encode(&s, None).unwrap();
    assert!(whole.len() > link.len());
    assert_eq!(decode(&whole).unwrap().session.state(), s.state());

    // Claimed as the demo but started elsewhere: the start is carried whole.
    let mut other = demo();
    other.clock = 42;
    let s = Session::new(other.clone());
    let link = encode(&s, Some("demo")).unwrap();
    let shared = decode(&link).unwrap();
    assert!(
        matches!(shared.start, Start::Scenario(_)),
        "{:?}",
        shared.start
    );
    assert_eq!(
        shared.start.name(),
        None,
        "a start carried whole has no name"
    );
    assert_eq!(shared.session.state(), &other);
}

#[test]
fn bad_links_are_refused_with_what_is_wrong() {
    assert!(matches!(decode("not a link!"), Err(ShareError::Corrupt(_))));
    assert!(matches!(decode("AAAA"), Err(ShareError::Corrupt(_))));
    let link = encode(&demo_session(), Some("demo")).unwrap();
    let cut = &link[..link.len() / 2];
    assert!(
        matches!(decode(cut), Err(ShareError::Corrupt(_))),
        "a link cut in half"
    );

    let newer = pack(&format!(
        r#"{{"v": {}, "start": "demo", "log": [], "cursor": 0, "new": true}}"#,
        SHARE_VERSION + 1
    ));
    let e = decode(&newer).unwrap_err();
    assert_eq!(e, ShareError::Newer(SHARE_VERSION + 1));
    assert!(e.to_string().contains("newer version"), "{e}");

    let e = decode(&pack(
        r#"{"v": 1, "start": "lesson:nope", "log": [], "cursor": 0}"#,
    ))
    .unwrap_err();
    assert_eq!(e, ShareError::UnknownStart("lesson:nope".into()));

    let refused = pack(
        r#"{"v": 1, "start": "demo", "log": [{"command": "pause", "maps": ["Currencies"]}], "cursor": 1}"#,
    );
    let e = decode(&refused).unwrap_err();
    assert!(matches!(e, ShareError::Refused { step: 1, .. }), "{e}");

    // A damaged link says how, in words (not the decoder's).
    let good = encode(&Session::new(demo()), Some("demo")).unwrap();
    let said = |text: &str| decode(text).unwrap_err().to_string();
    assert_eq!(
        said(""),
        "the link is damaged (it is empty); ask for it again"
    );
    let mut changed = good.clone();
    changed.replace_range(4..5, "!");
    assert_eq!(
        said(&changed),
        "the link is damaged (its character 5 is not one a link holds: was it changed, or cut by a line break?); ask for it again"
    );
    for cut in [1, 2, 3] {
        let short = &good[..good.len() - cut];
        let e = said(short);
        assert!(e.contains("cut short"), "{cut}: {e}");
    }

    // Over the limit, the error names the link's size in KB; at the limit, the link is
    // read (and this one is not base64).
    let huge = "A".repeat(MAX_LINK + 2048);
    assert_eq!(
        decode(&huge).unwrap_err(),
        ShareError::TooLarge(MAX_LINK / 1024 + 2)
    );
    assert!(matches!(
        decode(&"A".repeat(MAX_LINK)),
        Err(ShareError::Corrupt(_))
    ));
    // A small link that would inflate past the limit (a zip bomb) is refused too.
    let bomb = pack(&format!(
        r#"{{"v": 1, "start": "{}"}}"#,
        "x".repeat(5 * 1024 * 1024)
    ));
    assert!(bomb.len() < MAX_LINK);
    let e = decode(&bomb).unwrap_err();
    assert_eq!(e, ShareError::TooLarge(MAX_JSON / 1024), "the limit, in KB");
    assert!(
        e.to_string().contains(&format!("({} KB,", MAX_JSON / 1024)),
        "{e}"
    );
}

#[test]
fn a_session_too_large_for_a_link_is_refused_when_made() {
    let mut s = Session::new(demo());
    for i in 0..20_000 {
        ok(
            &mut s,
            Command::CreateRow {
                side: Side::FinOps,
                table: "Currencies".into(),
                cells: [(
                    "CURRENCYCODE".to_string(),
                    Value::text(format!("Z{i:05}-{}", i * 7919 % 10007)),
                )]
                .into(),
            },
        );
    }
    // The error names the link's size in KB: over the limit, and not wildly so.
    let Err(ShareError::TooLarge(kb)) = encode(&s, Some("demo")) else {
        panic!("too large for a link")
    };
    assert!(
        (MAX_LINK / 1024..4 * MAX_LINK / 1024).contains(&kb),
        "{kb} KB"
    );
}

#[test]
fn a_link_asking_for_too_much_work_or_made_on_another_start_is_refused() {
    let gen = r#"{"command":"generate_customers","count":100000}"#;
    let log = vec![gen; 30].join(",");
    let heavy = pack(&format!(
        r#"{{"v": 1, "start": "demo", "log": [{log}], "cursor": 30}}"#
    ));
    assert!(heavy.len() < 1_000, "a short link");
    let e = decode(&heavy).unwrap_err();
    assert!(matches!(e, ShareError::TooMuchWork(_)), "{e}");
    assert!(e.to_string().contains("3000000 customers generated"), "{e}");
    let ticks = pack(
        r#"{"v": 1, "start": "demo", "log": [{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000},{"command":"tick","ticks":100000}], "cursor": 0}"#,
    );
    assert!(matches!(decode(&ticks), Err(ShareError::TooMuchWork(_))));
    // The limit itself is allowed: ten ticks of 100,000 (a million) replay.
    let tick = r#"{"command":"tick","ticks":100000}"#;
    let at_limit = pack(&format!(
        r#"{{"v": 1, "start": "demo", "log": [{}], "cursor": 10}}"#,
        [tick; 10].join(",")
    ));
    let shared = decode(&at_limit).unwrap();
    assert_eq!(shared.session.state().clock, 1_000_000);

    // A demo link made when the demo was different: its fingerprint does not match.
    let other = pack(r#"{"v": 1, "start": "demo", "h": 12345, "log": [], "cursor": 0}"#);
    assert_eq!(
        decode(&other).unwrap_err(),
        ShareError::StartChanged("demo".into())
    );
    // The links this version makes carry the right fingerprint.
    let link = encode(&demo_session(), Some("demo")).unwrap();
    assert!(decode(&link).is_ok());
    // A fingerprint is the state's: a lesson's start has another, so a demo link that
    // carries it is refused as made on another demo.
    let lesson = builtin()
        .iter()
        .map(|(_, text)| Lesson::load(text).unwrap())
        .find(|l| l.start != demo())
        .expect("a lesson that does not start from the demo");
    let lesson_link = encode(
        &Session::new(lesson.start.clone()),
        Some(&format!("lesson:{}", lesson.id)),
    )
    .unwrap();
    let inflated = miniz_oxide::inflate::decompress_to_vec(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&lesson_link)
            .unwrap(),
    )
    .unwrap();
    let payload: serde_json::Value = serde_json::from_slice(&inflated).unwrap();
    let h = payload["h"]
        .as_u64()
        .expect("a named start carries its fingerprint");
    let moved = pack(&format!(
        r#"{{"v": 1, "start": "demo", "h": {h}, "log": [], "cursor": 0}}"#
    ));
    assert_eq!(
        decode(&moved).unwrap_err(),
        ShareError::StartChanged("demo".into())
    );
}

#[test]
fn a_link_inflating_to_under_four_mebibytes_is_read() {
    // 3 MiB of JSON (spaces between its fields): under the limit, so the link opens.
    let big = pack(&format!(
        r#"{{"v": 1, "start": "demo", "log": [],{} "cursor": 0}}"#,
        " ".repeat(3 * 1024 * 1024)
    ));
    let shared = decode(&big).unwrap();
    assert_eq!(shared.session.state(), &demo());
}

#[test]
fn a_session_whose_scenario_no_link_can_carry_is_refused_before_compressing() {
    // 60,000 customers: a scenario of several MB, more than a link opens.
    let mut s = Session::new(demo());
    ok(
        &mut s,
        Command::GenerateCustomers {
            count: 60_000,
            seed: 1,
        },
    );
    let base = Session::new(s.state().clone());
    let e = encode(&base, None).unwrap_err();
    let ShareError::ScenarioTooLarge(kb) = e else {
        panic!("{e:?}")
    };
    assert!(kb > MAX_JSON / 1024, "{kb} KB");
    assert!(
        e.to_string()
            .contains("before compression; a link holds at most 4096 KB before compression and 64 KB after): a scenario file carries it instead (Export, then Load a scenario file)"),
        "{e}"
    );
}

#[test]
fn a_link_with_a_field_this_app_does_not_write_or_a_cursor_past_its_steps_is_refused() {
    let extra = pack(r#"{"v": 1, "start": "demo", "log": [], "cursor": 0, "evil": 1}"#);
    let err = decode(&extra).unwrap_err().to_string();
    assert!(err.contains("unknown field `evil`"), "{err}");
    let past =
        pack(r#"{"v": 1, "start": "demo", "log": [{"command": "tick", "ticks": 1}], "cursor": 9}"#);
    let err = decode(&past).unwrap_err().to_string();
    assert!(err.contains("it stands at step 9 of 1"), "{err}");
}
