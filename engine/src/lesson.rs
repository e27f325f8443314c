//! Guided lessons, as data: a starting point, a story, goals checked against the engine
//! state, hints and a stored solution. A lesson file is a script's scenario plus what a
//! lesson needs (see `docs/protocol.md`); the lessons the app offers are the files of
//! `lessons/`, embedded in order by [`builtin`].
//!
//! **Invariant:** a built-in lesson's goals do not all hold at its start and all hold
//! after its solution, and its story and hints name (in backticks) only maps, tables and
//! columns that exist. [`Lesson::check`] says which of these fails; `cargo xtask lessons`
//! runs it on every file in CI.

use serde::Serialize;
use serde_json::Value as Json;

use crate::format::{self, FormatError};
use crate::history::Session;
use crate::script::{self, Check, Expect, RowExpect};
use crate::sim::{Command, Simulator};
use crate::value::Value;
use crate::world::Side;

/// Name written in every lesson file.
pub const LESSON_FORMAT: &str = "dualwrite-lesson";

/// Version written in every lesson file, the only one this version reads.
pub const LESSON_VERSION: u32 = 1;

/// A lesson as written in JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LessonFile {
    /// Always [`LESSON_FORMAT`].
    pub format: String,
    /// Always 1.
    pub version: u32,
    /// Stable identifier (`run-a-map`), used by progress and share links.
    pub id: String,
    /// Title shown in the list.
    pub title: String,
    /// The situation and what to do, in a few sentences.
    pub story: String,
    /// `"demo"`, or a whole scenario file inline.
    pub scenario: Json,
    /// Commands applied to the scenario before the lesson starts (they are not part of
    /// the trainee's history: the state after them is where the lesson begins).
    pub setup: Vec<Json>,
    /// What the trainee must reach; each is ticked off the moment it holds.
    pub goals: Vec<Goal>,
    /// Hints, in the order they are offered.
    pub hints: Vec<String>,
    /// Wrong turns the lesson notices and says how to come back from (optional).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pitfalls: Vec<Pitfall>,
    /// A list of commands that reaches every goal from the start.
    pub solution: Vec<Json>,
}

/// A wrong turn a lesson notices: while `when` holds (and the lesson is not solved), the
/// lesson says `text`, what happened and how to come back from it. `example` is a list of
/// commands that takes the lesson's start there, so that [`Lesson::check`] proves the
/// pitfall can be met (and that neither the start nor the solution meets it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pitfall {
    /// What went wrong and what to do, in words.
    pub text: String,
    /// The state that shows it (the script `expect` keys).
    pub when: Expect,
    /// Commands from the lesson's start that lead to it.
    pub example: Vec<Json>,
}

impl Pitfall {
    /// A wrong turn taken in `session`, a session started at the lesson's start (a
    /// lesson being tried): its steps up to now are the example.
    pub fn from_session(session: &Session, text: &str, when: Expect) -> Pitfall {
        Pitfall {
            text: text.into(),
            when,
            example: applied(session),
        }
    }
}

/// The commands of `session` up to its cursor, as a lesson file writes them.
fn applied(session: &Session) -> Vec<Json> {
    session.commands()[..session.cursor()]
        .iter()
        .map(crate::format::json_value)
        .collect()
}

/// One goal: what it says, and what the engine checks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Goal {
    /// The goal in words.
    pub text: String,
    /// What must hold (the script `expect` keys).
    pub expect: Expect,
    /// Ticked only once every goal before it is (a goal that holds at the start, such as
    /// "the switch is back", then counts only after what comes first).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub after_previous: bool,
}

/// A lesson read, with its starting state built.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Stable identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// The story.
    pub story: String,
    /// Goals, in order.
    pub goals: Vec<Goal>,
    /// Hints, in order.
    pub hints: Vec<String>,
    /// Wrong turns noticed, in order (see [`Lesson::pitfall`]).
    pub pitfalls: Vec<Pitfall>,
    /// The stored solution.
    pub solution: Vec<Command>,
    /// The state the lesson starts from.
    pub start: Simulator,
    /// Whether each goal holds already at the start (one that asks that something stays
    /// as it is): a view says it holds rather than that the trainee did it.
    pub held_at_start: Vec<bool>,
}

/// What checking a lesson found (see [`Lesson::check`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonCheck {
    /// Goals (by index) that already hold at the start, when they all do.
    pub solved_at_start: bool,
    /// Solution commands the engine refused: (index, message).
    pub refused: Vec<(usize, String)>,
    /// Goal checks that fail after the solution.
    pub unmet: Vec<Check>,
    /// Names in backticks in the story or hints that are no map, table or column.
    pub unknown_names: Vec<String>,
    /// Pitfalls (by index) that are wrong: (index, what is wrong).
    pub pitfalls: Vec<(usize, PitfallProblem)>,
}

/// What is wrong with a pitfall (see [`Lesson::check`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PitfallProblem {
    /// Its `when` holds before any step.
    #[error("it holds at the start")]
    HoldsAtStart,
    /// The solution passes through it (Show me would say it): after the step at this
    /// index.
    #[error("it holds after solution[{0}] (step {step} of the solution)", step = .0 + 1)]
    OnTheSolutionsWay(usize),
    /// It has no example.
    #[error("it has no example")]
    NoExample,
    /// A command of its example does not read.
    #[error("{0}")]
    ExampleUnreadable(FormatError),
    /// The engine refused the command of its example at this index.
    #[error("example[{0}] was refused: {1}")]
    ExampleRefused(usize, String),
    /// Its example does not lead to it: the checks of `when` that fail there.
    #[error("its example does not lead to it: {0}")]
    ExampleMissesIt(String),
    /// Its example solves the lesson: another way to solve it, never said.
    #[error("its example solves the lesson: it is a way to solve it, not a wrong turn")]
    ExampleSolves,
    /// After its example the earlier pitfall at this index holds too, and is said
    /// instead.
    #[error("after its example, wrong turn {place} holds too and is said instead", place = .0 + 1)]
    Hidden(usize),
}

impl LessonCheck {
    /// Whether the lesson is sound: it starts unsolved, its solution is accepted and
    /// solves it, and its texts name only what exists.
    pub fn ok(&self) -> bool {
        !self.solved_at_start
            && self.refused.is_empty()
            && self.unmet.is_empty()
            && self.unknown_names.is_empty()
            && self.pitfalls.is_empty()
    }
}

impl Lesson {
    /// Reads a lesson file and builds its starting state; a malformed file is a
    /// [`FormatError`] naming the place.
    pub fn load(text: &str) -> Result<Lesson, FormatError> {
        let file = LessonFile::read(text)?;
        if file.goals.is_empty() {
            return Err(FormatError::Invalid {
                path: "goals".into(),
                message: "a lesson needs at least one goal".into(),
            });
        }
        let mut start = script::scenario_session(&file.scenario)?.state().clone();
        for (i, step) in file.setup.iter().enumerate() {
            let command = read_command(step, &format!("setup[{i}]"))?;
            if let Err(e) = start.apply(&command) {
                if !e.is_recorded() {
                    return Err(FormatError::Invalid {
                        path: format!("setup[{i}]"),
                        message: format!("the engine refused it: {e}"),
                    });
                }
            }
        }
        let solution = file
            .solution
            .iter()
            .enumerate()
            .map(|(i, step)| read_command(step, &format!("solution[{i}]")))
            .collect::<Result<_, _>>()?;
        let mut lesson = Lesson {
            id: file.id,
            title: file.title,
            story: file.story,
            goals: file.goals,
            hints: file.hints,
            pitfalls: file.pitfalls,
            solution,
            start,
            held_at_start: Vec::new(),
        };
        lesson.held_at_start = lesson.goals_met(&lesson.session());
        Ok(lesson)
    }

    /// A session at the lesson's start, with an empty history.
    pub fn session(&self) -> Session {
        Session::new(self.start.clone())
    }

    /// Whether each goal holds in `session`, in order.
    /// A goal marked `after_previous` counts only once every goal before it does.
    pub fn goals_met(&self, session: &Session) -> Vec<bool> {
        let mut all_before = true;
        self.goals
            .iter()
            .map(|g| {
                let mut checks = Vec::new();
                script::check(session, &g.expect, "goal", &mut checks);
                let met = checks.iter().all(|c| c.ok) && (all_before || !g.after_previous);
                all_before &= met;
                met
            })
            .collect()
    }

    /// Whether each goal's own `expect` holds in `session`, whether or not the goals
    /// before it do (a goal marked `after_previous` may hold alone and still wait).
    pub fn goals_holding(&self, session: &Session) -> Vec<bool> {
        self.goals
            .iter()
            .map(|g| holds(session, &g.expect))
            .collect()
    }

    /// Whether every goal holds in `session`.
    pub fn solved(&self, session: &Session) -> bool {
        self.goals_met(session).iter().all(|&met| met)
    }

    /// Whether every step taken in `session` (a session at the lesson's start) so far is
    /// the solution's, in its order: a session Show me played, or one that followed it
    /// step by step. Nothing of the trainee's own is in it then.
    pub fn follows_solution(&self, session: &Session) -> bool {
        let done = &session.commands()[..session.cursor()];
        self.solution.starts_with(done)
    }

    /// The facts the lesson builder offers to tick for a wrong turn taken in `session`
    /// (a session at the lesson's start): what changed since the start (as
    /// [`goal_candidates`] names it), then each of the lesson's goals that does not hold
    /// now, as "Not yet: ..." (a `not` block), since a wrong turn is often the right
    /// move's look without its result.
    pub fn wrong_turn_facts(&self, session: &Session) -> Vec<Goal> {
        let mut facts = goal_candidates(session.base(), session.state());
        facts.extend(
            self.goals
                .iter()
                .filter(|g| !holds(session, &g.expect))
                .map(|g| Goal {
                    text: format!("Not yet: {}", g.text),
                    expect: Expect {
                        not: vec![g.expect.clone()],
                        ..Expect::default()
                    },
                    after_previous: false,
                }),
        );
        facts
    }

    /// The first pitfall that `session` has fallen into (its place among the lesson's
    /// pitfalls, and itself), while the lesson is not solved. Only the first that holds
    /// is said.
    pub fn pitfall(&self, session: &Session) -> Option<(usize, &Pitfall)> {
        if self.solved(session) {
            return None;
        }
        self.pitfalls
            .iter()
            .enumerate()
            .find(|(_, p)| holds(session, &p.when))
    }

    /// Checks the lesson: its goals must not all hold at the start and must all hold
    /// after the stored solution (every command accepted, or a write rolled back by
    /// dual-write, which a lesson may ask for); each pitfall must hold neither at the
    /// start nor after any step of the solution, and must hold after its example; the
    /// story, hints and pitfalls must name in backticks only maps, tables (by name or
    /// label) and columns that exist.
    pub fn check(&self) -> LessonCheck {
        let mut session = self.session();
        let mut out = LessonCheck {
            solved_at_start: self.solved(&session),
            ..LessonCheck::default()
        };
        // A pitfall met on the way (Show me plays the solution step by step) is as wrong
        // as one met at its end.
        let mut met_on_the_way: Vec<Option<usize>> = vec![None; self.pitfalls.len()];
        for (i, command) in self.solution.iter().enumerate() {
            if let Err(e) = session.dispatch(command.clone()) {
                if !e.is_recorded() {
                    out.refused.push((i, e.to_string()));
                }
            }
            for (met, pitfall) in met_on_the_way.iter_mut().zip(&self.pitfalls) {
                if met.is_none() && holds(&session, &pitfall.when) {
                    *met = Some(i);
                }
            }
        }
        for (i, goal) in self.goals.iter().enumerate() {
            let mut checks = Vec::new();
            script::check(&session, &goal.expect, &format!("goals[{i}]"), &mut checks);
            out.unmet.extend(checks.into_iter().filter(|c| !c.ok));
        }
        let start = self.session();
        for (i, pitfall) in self.pitfalls.iter().enumerate() {
            let problem = match met_on_the_way[i] {
                _ if holds(&start, &pitfall.when) => Some(PitfallProblem::HoldsAtStart),
                Some(step) => Some(PitfallProblem::OnTheSolutionsWay(step)),
                None => self.check_pitfall(i, pitfall),
            };
            out.pitfalls.extend(problem.map(|e| (i, e)));
        }
        out.unknown_names = self
            .named()
            .into_iter()
            .filter(|name| !self.names_something(name))
            .collect();
        out
    }

    /// What is wrong with pitfall `at` besides holding at the start or on the
    /// solution's way: its example is refused, does not lead to it, solves the lesson
    /// (then it is never said: it is another way to solve it), or leads to an earlier
    /// pitfall too (said instead of it).
    fn check_pitfall(&self, at: usize, pitfall: &Pitfall) -> Option<PitfallProblem> {
        if pitfall.example.is_empty() {
            return Some(PitfallProblem::NoExample);
        }
        let mut session = self.session();
        for (i, step) in pitfall.example.iter().enumerate() {
            let command = match read_command(step, &format!("example[{i}]")) {
                Ok(command) => command,
                Err(e) => return Some(PitfallProblem::ExampleUnreadable(e)),
            };
            if let Err(e) = session.dispatch(command) {
                if !e.is_recorded() {
                    return Some(PitfallProblem::ExampleRefused(i, e.to_string()));
                }
            }
        }
        let mut checks = Vec::new();
        script::check(&session, &pitfall.when, "when", &mut checks);
        let unmet: Vec<String> = checks
            .into_iter()
            .filter(|c| !c.ok)
            .map(|c| format!("{}: {}", c.name, c.detail))
            .collect();
        if !unmet.is_empty() {
            return Some(PitfallProblem::ExampleMissesIt(unmet.join("; ")));
        }
        if self.solved(&session) {
            return Some(PitfallProblem::ExampleSolves);
        }
        match self.pitfall(&session) {
            Some((first, _)) if first != at => Some(PitfallProblem::Hidden(first)),
            _ => None,
        }
    }

    /// The names the story, hints and pitfalls write in backticks, in order, without
    /// repeats.
    pub fn named(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let pitfalls = self.pitfalls.iter().map(|p| &p.text);
        for text in std::iter::once(&self.story)
            .chain(&self.hints)
            .chain(pitfalls)
        {
            for (i, part) in text.split('`').enumerate() {
                if i % 2 == 1 && !names.iter().any(|n| n == part) {
                    names.push(part.to_string());
                }
            }
        }
        names
    }

    /// Whether `name` is a map, a table (name or label) or a column (`column` or
    /// `table.column`) at the lesson's start.
    fn names_something(&self, name: &str) -> bool {
        let sim = &self.start;
        let tables = || {
            crate::world::Side::BOTH
                .into_iter()
                .flat_map(|side| sim.world.tables(side).values())
        };
        let column_of = |t: &crate::world::Table, c: &str| t.columns.iter().any(|x| x.name == c);
        sim.maps.iter().any(|m| m.name == name)
            || tables().any(|t| t.name == name || t.label == name || column_of(t, name))
            || name.split_once('.').is_some_and(|(table, column)| {
                tables().any(|t| t.name == table && column_of(t, column))
            })
    }
}

impl LessonFile {
    /// Reads a lesson file, saying first what it is when it is no lesson this version
    /// reads: an empty file, a scenario file, a file of no format at all and a lesson of
    /// a newer version are named as such (not by the first field they lack); otherwise a
    /// malformed file is a [`FormatError`] naming the place.
    pub fn read(text: &str) -> Result<LessonFile, FormatError> {
        // A byte-order mark, as some editors save a file, is not part of the JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.len() <= format::MAX_SCENARIO_BYTES && text.trim().is_empty() {
            return Err(FormatError::Empty);
        }
        let tree: Json = format::from_json(text)?;
        let Some(top) = tree.as_object() else {
            return Err(FormatError::NotALesson);
        };
        let version = top.get("version").and_then(Json::as_u64).unwrap_or(0);
        match top.get("format").and_then(Json::as_str) {
            Some(format::FORMAT_NAME) => return Err(FormatError::ScenarioNotLesson),
            Some(LESSON_FORMAT) if version > u64::from(LESSON_VERSION) => {
                return Err(FormatError::NewerLesson {
                    version: u32::try_from(version).unwrap_or(u32::MAX),
                })
            }
            Some(LESSON_FORMAT) => {}
            // No format, or another one: no lesson (a file of another kind, or a typo).
            _ => return Err(FormatError::NotALesson),
        }
        let file: LessonFile = format::from_json_value(tree, "")?;
        if file.format != LESSON_FORMAT || file.version != LESSON_VERSION {
            return Err(FormatError::Invalid {
                path: "format".into(),
                message: format!(
                    "expected \"format\": \"{LESSON_FORMAT}\" and \"version\": {LESSON_VERSION}, found '{}' version {}",
                    file.format, file.version
                ),
            });
        }
        Ok(file)
    }

    /// A lesson made from a session (the lesson builder): it starts where the session
    /// started (`start` names it: `demo` or `lesson:<id>`, used when the session's base
    /// is that start's state; otherwise the base goes in whole), its solution is the
    /// session's applied commands, and its goals, texts and id are the author's.
    pub fn from_session(
        session: &Session,
        start: Option<&str>,
        id: &str,
        title: &str,
        story: &str,
        hints: Vec<String>,
        goals: Vec<Goal>,
    ) -> LessonFile {
        let named = match start {
            Some("demo") if session.base() == &crate::demo::demo() => {
                Some((Json::String("demo".into()), Vec::new()))
            }
            Some(name) => name.strip_prefix("lesson:").and_then(|lesson_id| {
                builtin()
                    .iter()
                    .filter_map(|(_, text)| {
                        let file: LessonFile = format::from_json(text).ok()?;
                        (file.id == lesson_id).then_some(file)
                    })
                    .next()
                    .filter(|file| {
                        Lesson::load(&serde_json::to_string(file).unwrap_or_default())
                            .is_ok_and(|l| &l.start == session.base())
                    })
                    .map(|file| (file.scenario, file.setup))
            }),
            None => None,
        };
        let (scenario, setup) = named.unwrap_or_else(|| {
            let base = format::export(&Session::new(session.base().clone()), title);
            (crate::read::parse(&base).unwrap_or(Json::Null), Vec::new())
        });
        LessonFile {
            format: LESSON_FORMAT.into(),
            version: LESSON_VERSION,
            id: id.into(),
            title: title.into(),
            story: story.into(),
            scenario,
            setup,
            goals,
            hints,
            pitfalls: Vec::new(),
            solution: applied(session),
        }
    }

    /// Whether `other` plays the same: the same start (scenario and setup) and the same
    /// solution, whatever its texts, goals and wrong turns. A session of one is a
    /// session of the other.
    pub fn plays_as(&self, other: &LessonFile) -> bool {
        self.scenario == other.scenario
            && self.setup == other.setup
            && self.solution == other.solution
    }

    /// The file as text (what "Download lesson file" saves).
    pub fn to_json(&self) -> String {
        crate::format::indented(&serde_json::to_string(self).unwrap_or_default())
    }
}

/// Goals the lesson builder offers, read from `now` where it differs from `start`: each
/// map's status, each table's row count, each map's last initial sync (conflicts, failed
/// rows), queue and pending catch-up errors, and the rows written (at most 20), each
/// with its text. The author ticks the ones the lesson asks for.
pub fn goal_candidates(start: &Simulator, now: &Simulator) -> Vec<Goal> {
    let mut goals = Vec::new();
    let mut goal = |text: String, expect: Expect| {
        goals.push(Goal {
            text,
            expect,
            after_previous: false,
        })
    };
    for m in &now.maps {
        let before = start.map(&m.name).ok();
        let kind = m.status.kind();
        if before.is_none_or(|b| b.status.kind() != kind) {
            goal(
                format!("{} is {kind}", m.name),
                Expect {
                    status: [(m.name.clone(), kind.to_string())].into(),
                    ..Expect::default()
                },
            );
        }
        if let Some(exec) = m.executions.last() {
            if before.is_none_or(|b| b.executions.last().map(|e| &e.id) != Some(&exec.id)) {
                goal(
                    format!(
                        "The last initial sync of {} settled {} conflict(s) and failed {} row(s)",
                        m.name,
                        exec.conflicts.len(),
                        exec.errors.len()
                    ),
                    Expect {
                        conflicts: [(m.name.clone(), exec.conflicts.len())].into(),
                        initial_sync_errors: [(m.name.clone(), exec.errors.len())].into(),
                        ..Expect::default()
                    },
                );
            }
        }
        let queued = m.status.queue().map(|q| q.changes.len());
        if let Some(queue) = m
            .status
            .queue()
            .filter(|_| before.is_none_or(|b| b.status.queue().map(|q| q.changes.len()) != queued))
        {
            goal(
                format!("{} holds {} queued change(s)", m.name, queue.changes.len()),
                Expect {
                    queued: [(m.name.clone(), queue.changes.len())].into(),
                    ..Expect::default()
                },
            );
        }
        let pending = m.pending_catch_up_errors();
        if pending > 0 || before.is_some_and(|b| b.pending_catch_up_errors() > 0) {
            goal(
                format!("{} has {pending} catch-up error(s) pending", m.name),
                Expect {
                    catch_up_errors: [(m.name.clone(), pending)].into(),
                    ..Expect::default()
                },
            );
        }
    }
    let mut rows = 0;
    for side in Side::BOTH {
        let side_name = match side {
            Side::FinOps => "FinOps",
            Side::Dataverse => "Dataverse",
        };
        for t in now.world.tables(side).values() {
            let before = start.world.tables(side).get(&t.name);
            if before.is_none_or(|b| b.rows.len() != t.rows.len()) {
                goal(
                    format!("{side} has {} row(s) in {}", t.rows.len(), t.label),
                    Expect {
                        row_counts: [(format!("{side_name}/{}", t.name), t.rows.len())].into(),
                        ..Expect::default()
                    },
                );
            }
            for (id, row) in t.rows.iter() {
                if rows >= 20 || t.key.is_empty() {
                    break;
                }
                let old = before.and_then(|b| b.rows.get(id));
                if old == Some(row) {
                    continue;
                }
                let key: Vec<Value> = t
                    .key
                    .iter()
                    .filter_map(|k| t.position(k).map(|p| row[p].clone()))
                    .collect();
                // (Extended, not collected: collecting a map compiles one more sort,
                // `crate::order`.)
                let mut cells = std::collections::BTreeMap::<String, Value>::new();
                cells.extend(
                    t.columns
                        .iter()
                        .zip(row)
                        .enumerate()
                        .filter(|(p, (c, v))| {
                            !t.key.contains(&c.name)
                                && !v.is_empty()
                                && old.is_none_or(|o| o.get(*p) != Some(*v))
                        })
                        .map(|(_, (c, v))| (c.name.clone(), v.clone())),
                );
                if cells.is_empty() && old.is_some() {
                    // Only emptied cells changed: a goal naming no cell would hold at
                    // the start already.
                    continue;
                }
                rows += 1;
                goal(
                    format!(
                        "{side} {} has row ({}){}",
                        t.label,
                        crate::value::describe_key(&key),
                        cells
                            .iter()
                            .map(|(c, v)| format!(" {c} = {v}"))
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                    Expect {
                        rows: vec![RowExpect {
                            side,
                            table: t.name.clone(),
                            key,
                            cells,
                        }],
                        ..Expect::default()
                    },
                );
            }
        }
    }
    goals
}

/// Whether everything `expect` asks holds in `session`.
fn holds(session: &Session, expect: &Expect) -> bool {
    let mut checks = Vec::new();
    script::check(session, expect, "", &mut checks);
    checks.iter().all(|c| c.ok)
}

/// A command of a lesson's setup or solution.
fn read_command(step: &Json, path: &str) -> Result<Command, FormatError> {
    format::from_json_value(step.clone(), path)
}

/// The lessons the app offers, in order: `(file name, text)` of each file of `lessons/`.
pub fn builtin() -> &'static [(&'static str, &'static str)] {
    macro_rules! lessons {
        ($($file:literal),* $(,)?) => {
            &[$(($file, include_str!(concat!("../../lessons/", $file)))),*]
        };
    }
    lessons![
        "01-run-a-map.json",
        "02-stop-and-the-refusals.json",
        "03-related-maps.json",
        "04-merge-conflicts.json",
        "05-one-way-columns.json",
        "06-fix-and-rerun.json",
        "07-skip-initial-sync.json",
        "08-linked-by-key.json",
        "09-pause-and-catch-up.json",
        "10-skip-and-discard.json",
        "11-catch-up-errors-and-retry.json",
        "12-rollback-under-a-fault.json",
        "13-alerts.json",
        "14-filters-and-value-maps.json",
        "15-skip-preserving.json",
    ]
}
