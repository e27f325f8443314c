//! The built-in demo: the eight table maps of `domain.md` section 6 over two companies,
//! with planted situations for lessons and demos:
//! - `US-001` is on both sides with a different name and credit limit (a conflict);
//! - `C0004` on Dataverse is in customer group `90`, which FinOps does not have;
//! - `US-003` is invoiced to `US-010`, a customer created later in the same pass (a cycle
//!   that fails on the first pass and succeeds on a rerun);
//! - `US-018` and `US-019` are persons, outside the Customers V3 filter.
//!
//! Every map starts Not running. The demo is data: `engine/data/demo.json`, a scenario
//! file (see `docs/scenario-format.md`) embedded in the binary and loaded through the same
//! import as any file.

use crate::format;
use crate::sim::Simulator;

/// The demo's scenario file.
pub const DEMO_SCENARIO: &str = include_str!("../data/demo.json");

/// The demo scenario.
pub fn demo() -> Simulator {
    match format::import(DEMO_SCENARIO) {
        Ok((session, _)) => session.state().clone(),
        // The file is part of the build and loaded by the engine's tests; an empty world
        // would hide a broken demo, so fail loudly instead.
        Err(e) => panic!("the built-in demo (engine/data/demo.json) does not load: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_file_loads_with_eight_maps_all_not_running() {
        let sim = demo();
        assert_eq!(sim.maps.len(), 8);
        assert!(sim
            .maps
            .iter()
            .all(|m| m.status.kind() == crate::map::StatusKind::NotRunning));
        assert!(sim.world.finops["CustomersV3"].rows.len() >= 19);
    }
}
