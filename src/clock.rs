//! The clock: Play runs the simulated clock by itself (a gloo interval dispatching
//! ticks), at 1 to 100 ticks a second; Tick steps one; Run until idle finishes what is
//! under way. Each beat is one `tick` command of the history, as time always is.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// Speeds offered, in ticks a second.
pub const SPEEDS: [u32; 7] = [1, 2, 5, 10, 20, 50, 100];

/// Shortest time between two beats, in milliseconds: faster speeds tick several times a
/// beat, so that the history gets at most ten commands a second.
pub const MIN_BEAT_MS: u32 = 100;

/// Whether the clock plays, and how fast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// Playing.
    pub playing: bool,
    /// Ticks a second, one of [`SPEEDS`].
    pub speed: u32,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock {
            playing: false,
            speed: 1,
        }
    }
}

impl Clock {
    /// Milliseconds between beats, and ticks a beat.
    pub fn cadence(self) -> (u32, u32) {
        let speed = self.speed.clamp(1, 1_000);
        let beat = (1_000 / speed).max(MIN_BEAT_MS);
        (beat, (speed * beat / 1_000).max(1))
    }
}

/// Runs the interval while the clock plays; a change of speed restarts it, pausing drops
/// it.
#[hook]
pub fn use_clock(state: &UseReducerHandle<AppState>) {
    let handle = state.clone();
    use_effect_with(state.clock, move |clock| {
        let interval = clock.playing.then(|| {
            let (beat, _) = clock.cadence();
            Interval::new(beat, move || handle.dispatch(Action::ClockBeat))
        });
        move || drop(interval)
    });
}

/// The clock's speed, and whether it plays (Play itself is in the action table).
pub fn controls(state: &UseReducerHandle<AppState>) -> Html {
    let clock = state.clock;
    let speed = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Ok(speed) = select.value().parse() {
                    state.dispatch(Action::ClockSpeed(speed));
                }
            }
        })
    };
    html! {
        <span class="clock-controls">
            // (The word is kept for screen readers where the top bar is narrow.)
            <label><span class="speed-word">{ "Speed " }</span>
                <select onchange={speed} data-value={clock.speed.to_string()}>
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={s == clock.speed}>
                            { format!("{s} tick(s)/s") }
                        </option>
                    }) }
                </select>
            </label>
            // Always there, so that a screen reader hears it change both ways (a region
            // inserted with its words in it is often not read).
            <span class="clock-state sr-only" role="status">{
                if clock.playing {
                    format!(" Clock running, {} tick(s) a second", clock.speed)
                } else {
                    " Clock paused".to_string()
                }
            }</span>
        </span>
    }
}

/// The simulated time in words: `50 min`, `2 h 5 min`, `1 d 1 h 50 min`.
pub fn duration(minutes: u64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins} min"),
        _ => format!("{days} d {hours} h {mins} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_reads_in_days_hours_and_minutes() {
        assert_eq!(duration(0), "0 min");
        assert_eq!(duration(59), "59 min");
        assert_eq!(duration(60), "1 h 0 min");
        assert_eq!(duration(125), "2 h 5 min");
        assert_eq!(duration(1550), "1 d 1 h 50 min");
        assert_eq!(duration(2 * 1440), "2 d 0 h 0 min");
    }

    #[test]
    fn fast_speeds_tick_several_times_a_beat_and_never_beat_faster_than_ten_a_second() {
        let at = |speed| {
            Clock {
                playing: true,
                speed,
            }
            .cadence()
        };
        assert_eq!(at(1), (1_000, 1));
        assert_eq!(at(5), (200, 1));
        assert_eq!(at(10), (100, 1));
        assert_eq!(at(50), (100, 5));
        assert_eq!(at(100), (100, 10));
    }
}
