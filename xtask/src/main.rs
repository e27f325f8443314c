//! The project's own commands: `cargo xtask setup|serve|test|bench|scenario`.
//!
//! Everything the project needs is installed here, at pinned versions, from the package
//! registries only (crates.io, npm, Debian). Nothing is downloaded from anywhere else,
//! and trunk always runs offline.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

mod soak;

/// trunk release used to build and serve; `cargo install` pins it exactly.
const TRUNK_VERSION: &str = "0.22.1";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

type Result<T = ()> = std::result::Result<T, String>;
/// One stage of `cargo xtask test`.
type Stage = fn() -> Result;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    let result = match cmd {
        "setup" => setup(rest.iter().any(|a| a == "--browser")),
        "serve" => serve(rest),
        "test" => test(),
        "bench" => bench(),
        "js" => js(rest.iter().any(|a| a == "--release")),
        "scenario" => scenario(rest),
        "lessons" => lessons(),
        "soak" => soak::soak(rest),
        "help" | "--help" | "-h" => {
            println!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
cargo xtask <command>

  setup [--browser]        install what is missing (wasm target, wasm-bindgen-cli, trunk,
                           npm tools; with --browser Debian's chromium + chromium-driver)
  serve [--port N] [--release] [--no-open]
                           build and serve the app on 127.0.0.1 (default port 8080)
  test                     fmt, clippy, native tests, browser tests, end-to-end smoke test,
                           example scenarios (stops at the first failure)
  bench                    engine benchmarks, each with a baseline measured in the same run
  js [--release]           build the JavaScript API (DualWriteSim) into pkg/node and pkg/web
                           (--release: the `js` profile, built for speed)
  scenario FILE...         run scenario scripts and report each expectation
  lessons                  check every lesson of lessons/: unsolved at the start, solved by
                           its stored solution, naming only what exists
  soak [--seed N] [--commands M] [--replay FILE]
                           random steps on the demo and random worlds, every invariant
                           checked after each; a failure is shrunk to a script";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn step(message: &str) {
    println!("\n==> {message}");
}

/// PATH with the npm tools and cargo's bin folder first.
fn tool_path() -> OsString {
    let mut paths = vec![root().join("node_modules/.bin"), cargo_bin()];
    if let Some(p) = env::var_os("PATH") {
        paths.extend(env::split_paths(&p));
    }
    env::join_paths(paths).unwrap_or_default()
}

fn cargo_bin() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

fn command(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root())
        .env("PATH", tool_path())
        .env("TRUNK_SKIP_VERSION_CHECK", "true");
    c
}

fn run(c: &mut Command) -> Result {
    let shown = format!("{c:?}");
    let status = c
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Output of a command, or `None` when it cannot run or fails.
fn output(c: &mut Command) -> Option<String> {
    let out = c.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The wasm-bindgen version pinned in Cargo.lock: the CLI and test runner must match.
fn wasm_bindgen_version() -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock does not pin wasm-bindgen".into())
}

fn setup(browser: bool) -> Result {
    step("Checking the toolchain and tools (first run installs them; it can take 20 minutes)");
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if targets.lines().any(|t| t.trim() == WASM_TARGET) {
        println!("ok: Rust target {WASM_TARGET}");
    } else {
        step(&format!("Installing the Rust target {WASM_TARGET}"));
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }

    let wb = wasm_bindgen_version()?;
    let found = output(command("wasm-bindgen").arg("--version"));
    let runner = output(command("wasm-bindgen-test-runner").arg("--version"));
    let want = format!("wasm-bindgen {wb}");
    if found.as_deref() == Some(want.as_str()) && runner.is_some() {
        println!("ok: {want}");
    } else {
        step(&format!(
            "Installing wasm-bindgen-cli {wb} (found: {}); about 4 minutes",
            found.as_deref().unwrap_or("none")
        ));
        // Not --locked: its lock file wants a crate version the registry does not serve.
        run(command("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={wb}"),
            "--force",
        ]))?;
    }

    let trunk = output(command("trunk").arg("--version"));
    let want = format!("trunk {TRUNK_VERSION}");
    if trunk.as_deref() == Some(want.as_str()) {
        println!("ok: {want}");
    } else {
        step(&format!(
            "Installing trunk {TRUNK_VERSION} (found: {}); about 15 minutes on 2 cores",
            trunk.as_deref().unwrap_or("none")
        ));
        run(command("cargo")
            .args([
                "install",
                "trunk",
                "--version",
                &format!("={TRUNK_VERSION}"),
                "--ignore-rust-version",
                "--force",
            ])
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"))?;
    }

    let opt = output(command("wasm-opt").arg("--version"));
    let pw = root().join("node_modules/playwright-core/package.json");
    let axe = root().join("node_modules/axe-core/axe.min.js");
    if opt
        .as_deref()
        .is_some_and(|v| v.starts_with("wasm-opt version 132"))
        && pw.exists()
        && axe.exists()
    {
        println!(
            "ok: {}, playwright-core and axe-core",
            opt.unwrap_or_default()
        );
    } else {
        step("Installing the npm tools pinned in package-lock.json (binaryen, playwright-core, axe-core)");
        run(command("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }

    if browser {
        if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
            println!("ok: Debian chromium and chromium-driver");
        } else {
            step("Installing Debian's chromium and chromium-driver");
            run(Command::new("apt-get").arg("update"))?;
            run(Command::new("apt-get")
                .args([
                    "install",
                    "-y",
                    "--no-install-recommends",
                    "chromium",
                    "chromium-driver",
                ])
                .env("DEBIAN_FRONTEND", "noninteractive"))?;
        }
    }
    Ok(())
}

fn serve(args: &[String]) -> Result {
    let mut port = "8080".to_string();
    let mut release = false;
    let mut open = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => port = it.next().ok_or("--port needs a number")?.clone(),
            "--release" => release = true,
            "--no-open" => open = false,
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    port.parse::<u16>()
        .map_err(|_| format!("'{port}' is not a port number"))?;
    setup(false)?;
    step(&format!(
        "Serving the app on http://127.0.0.1:{port}/ (Ctrl+C stops it)"
    ));
    let mut c = command("trunk");
    c.args([
        "serve",
        "--offline",
        "--address",
        "127.0.0.1",
        "--port",
        &port,
    ]);
    if release {
        c.arg("--release");
    }
    // Open a browser only where there is a display to show it on.
    if open && (env::var_os("DISPLAY").is_some() || env::var_os("WAYLAND_DISPLAY").is_some()) {
        c.arg("--open");
    }
    run(&mut c)
}

fn test() -> Result {
    let started = Instant::now();
    setup(true)?;
    let mut passed = 0;
    let stages: [(&str, Stage); 9] = [
        ("Format (cargo fmt --check)", || {
            run(command("cargo").args(["fmt", "--all", "--", "--check"]))
        }),
        ("Lints (cargo clippy -D warnings)", || {
            run(command("cargo").args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))?;
            // The app's browser-only code (its wasm tests included) and the JS API's
            // browser example suite are compiled only for the wasm target, so they are
            // linted there too.
            run(command("cargo").args([
                "clippy",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "dualwrite-sim",
                "-p",
                "dualwrite-js",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        }),
        ("Native tests (cargo test --workspace)", || {
            run(command("cargo").args(["test", "--workspace"]))
        }),
        (
            "Browser tests in headless Chromium (wasm-bindgen-test)",
            browser_tests,
        ),
        (
            "End-to-end smoke test of the release build, and the app bench once",
            e2e,
        ),
        (
            "JavaScript API in Node (node --test examples/node)",
            node_tests,
        ),
        ("Example scenarios", || scenario(&example_scenarios()?)),
        ("Lessons (each solved by its stored solution)", lessons),
        ("Deterministic soak (seed 1, 4,000 steps)", || {
            soak::soak(&[
                "--seed".into(),
                "1".into(),
                "--commands".into(),
                "4000".into(),
            ])
        }),
    ];
    for (name, stage) in stages {
        step(name);
        stage().map_err(|e| format!("{name}: {e}"))?;
        passed += 1;
    }
    println!(
        "\nAll stages green in {:.0} s.\nxtask: {passed} passed, 0 failed",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn browser_tests() -> Result {
    // Headless Chromium leaves its profile (about 60 MB) in the temporary directory for
    // each test program it runs, some 3.5 GB a run that filled this machine's disk: they
    // go to one directory of the build, removed after the stage.
    let tmp = root().join("target/browser-tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)
        .map_err(|e| format!("could not create {}: {e}", tmp.display()))?;
    let tests = run(command("cargo")
        .args([
            "test",
            "--target",
            WASM_TARGET,
            "-p",
            "dualwrite-sim",
            "-p",
            "dualwrite-js",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("TMPDIR", &tmp));
    let _ = std::fs::remove_dir_all(&tmp);
    tests?;
    // The engine must build for the browser as it is (no web crates, no clock).
    run(command("cargo").args(["build", "--target", WASM_TARGET, "-p", "dualwrite-engine"]))
}

fn e2e() -> Result {
    run(command("trunk").args(["build", "--release", "--offline"]))?;
    run(command("node").args(["e2e/smoke.mjs", "dist"]))?;
    // The app bench once, on 500 rows a side, its figures not judged: that `cargo xtask
    // bench` still measures every figure (a change to the page can break it unseen).
    run(command("node")
        .args(["e2e/bench.mjs", "dist", "e2e/bench-smoke.json"])
        .env("BENCH_SMOKE", "1")
        .env("BENCH_RUNS", "1"))
}

/// Builds the `dualwrite-js` crate to wasm and generates the Node and web packages.
fn js(release: bool) -> Result {
    let mut build = command("cargo");
    build.args(["build", "--target", WASM_TARGET, "-p", "dualwrite-js"]);
    // Released, the API is built for speed (the `js` profile: the release profile at
    // opt-level 3); the app's bundle keeps the release profile's size optimisation.
    if release {
        build.args(["--profile", "js"]);
    }
    run(&mut build)?;
    let profile = if release { "js" } else { "debug" };
    let wasm = root().join(format!("target/{WASM_TARGET}/{profile}/dualwrite_js.wasm"));
    for (target, dir) in [("nodejs", "pkg/node"), ("web", "pkg/web")] {
        run(command("wasm-bindgen")
            .args(["--target", target, "--out-dir", dir])
            .arg(&wasm))?;
    }
    println!("JavaScript API: pkg/node/dualwrite_js.js (CommonJS) and pkg/web/dualwrite_js.js (ES module)");
    Ok(())
}

fn node_tests() -> Result {
    js(false)?;
    run(command("node").args(["--test", "examples/node/"]))
}

fn example_scenarios() -> Result<Vec<String>> {
    let dir = root().join("examples/scenarios");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no scenario files in {}", dir.display()));
    }
    Ok(files)
}

/// Checks every lesson file of `lessons/` (see `dualwrite_engine::lesson`), and that the
/// app offers exactly those files.
fn lessons() -> Result {
    let dir = root().join("lessons");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let builtin: Vec<&str> = dualwrite_engine::lesson::builtin()
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let (mut solved, mut failed) = (0, 0);
    if files != builtin {
        println!(
            "FAIL lessons/ holds {files:?} but the app offers {builtin:?}: list each file in lesson::builtin"
        );
        failed += 1;
    }
    let mut ids = std::collections::BTreeSet::new();
    for f in &files {
        let path = dir.join(f);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let lesson = match dualwrite_engine::lesson::Lesson::load(&text) {
            Ok(lesson) => lesson,
            Err(e) => {
                println!("FAIL {f}: not a valid lesson: {e}");
                failed += 1;
                continue;
            }
        };
        let check = lesson.check();
        let duplicate = !ids.insert(lesson.id.clone());
        if check.ok() && !duplicate {
            println!(
                "ok   {f}: {} ({} goals, {} hints, {} pitfalls, solved in {} commands)",
                lesson.title,
                lesson.goals.len(),
                lesson.hints.len(),
                lesson.pitfalls.len(),
                lesson.solution.len()
            );
            solved += 1;
            continue;
        }
        println!("FAIL {f}: {}", lesson.title);
        if duplicate {
            println!("       the id '{}' is used by another lesson", lesson.id);
        }
        if check.solved_at_start {
            println!("       every goal already holds at the start");
        }
        for (i, e) in &check.refused {
            println!("       solution[{i}] refused: {e}");
        }
        for c in &check.unmet {
            println!("       after the solution, {}: {}", c.name, c.detail);
        }
        for n in &check.unknown_names {
            println!("       `{n}` is named but is no map, table or column");
        }
        for (i, e) in &check.pitfalls {
            println!("       pitfalls[{i}]: {e}");
        }
        failed += 1;
    }
    println!("lessons: {solved} solved, {failed} failed");
    if failed > 0 {
        Err(format!("{failed} lesson(s) failed"))
    } else {
        Ok(())
    }
}

fn scenario(files: &[String]) -> Result {
    if files.is_empty() {
        return Err("name at least one scenario file".into());
    }
    let mut failed = 0;
    let mut passed = 0;
    for f in files {
        let text = fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
        match dualwrite_engine::script::run(&text) {
            Err(e) => {
                println!("FAIL {f}: the script is not valid: {e}");
                failed += 1;
            }
            Ok(report) => {
                let bad: Vec<_> = report.failures().collect();
                let verdict = if bad.is_empty() { "ok  " } else { "FAIL" };
                println!(
                    "{verdict} {f}: {} ({} steps, {} checks)",
                    report.title,
                    report.steps,
                    report.checks.len()
                );
                for c in &bad {
                    println!("       {}: {}", c.name, c.detail);
                }
                if bad.is_empty() {
                    passed += 1;
                } else {
                    failed += 1;
                }
            }
        }
    }
    println!("scenarios: {passed} passed, {failed} failed");
    if failed > 0 {
        Err(format!("{failed} scenario file(s) failed"))
    } else {
        Ok(())
    }
}

fn bench() -> Result {
    step("Engine benchmarks (release build)");
    let scenario = root().join("target/bench-100k.json");
    let out = command("cargo")
        .args(["bench", "-p", "dualwrite-engine", "--bench", "engine"])
        .env("BENCH_SCENARIO_OUT", &scenario)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run the engine bench: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    print!("{text}");
    if !out.status.success() {
        return Err("the engine bench failed".into());
    }
    // The native figures are the wasm run's baselines.
    let figure = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("bench {name}: ")))
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_string)
            .ok_or(format!("the engine bench printed no {name} line"))
    };
    let (import, sync, export) = (
        figure("import_100k")?,
        figure("initial_sync_100k")?,
        figure("export_100k")?,
    );
    step("The same in wasm through the JavaScript API in Node (its js profile: release at opt-level 3)");
    js(true)?;
    run(command("node")
        .arg("examples/node/bench.mjs")
        .arg(&scenario)
        .args([import, sync, export]))?;
    step("The app in headless Chromium (release build): bundle, first render, load, edit, scroll, undo");
    run(command("trunk").args(["build", "--release", "--offline"]))?;
    // The bundle's baseline: the engine alone (the JS API), built and optimised like the
    // app (the release profile, for size; the API's own packages are built for speed).
    run(command("cargo").args([
        "build",
        "--release",
        "--target",
        WASM_TARGET,
        "-p",
        "dualwrite-js",
    ]))?;
    let alone = root().join("target/engine-alone");
    run(command("wasm-bindgen")
        .args(["--target", "web", "--out-dir"])
        .arg(&alone)
        .arg(root().join(format!("target/{WASM_TARGET}/release/dualwrite_js.wasm"))))?;
    let engine = root().join("target/engine-alone.wasm");
    run(command("wasm-opt")
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
        ])
        .args([
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
        ])
        .arg("--enable-multivalue")
        .arg(alone.join("dualwrite_js_bg.wasm"))
        .arg("-o")
        .arg(&engine))?;
    run(command("node")
        .args(["e2e/bench.mjs", "dist"])
        .arg(&scenario)
        .arg(&engine))
}
