//! Related table maps, derived from lookups.
//!
//! Map A depends on map B when a lookup column that A writes on Dataverse points at B's
//! Dataverse table. Nothing here is stored: the graph is rebuilt from the maps and the
//! schemas whenever it is asked for.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, Reversed};
use serde::Serialize;

use crate::map::TableMap;
use crate::value::ColumnType;
use crate::world::World;

/// What the Run and Pause dialogs list for a selection of maps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RelatedMaps {
    /// The maps and their prerequisites (directly or through others), prerequisites
    /// first: the default sync order.
    pub order: Vec<String>,
    /// Maps that depend on the maps (directly or through others) and are not in `order`,
    /// for "Show related table maps", prerequisites first (by layer of the dependency
    /// graph, then by name).
    pub dependents: Vec<String>,
    /// Maps of `order` that depend on one of the maps (directly or through others), a map
    /// looking itself up aside: the dependents already listed, by name.
    pub listed_dependents: Vec<String>,
    /// Groups of maps of `order` that depend on each other in a cycle (a map that looks
    /// itself up forms a group of one). Their rows may need a rerun.
    pub cycles: Vec<Vec<String>>,
    /// The running maps related to the selection (prerequisites, then dependents) that
    /// Pause offers to pause with it; filled by [`crate::Simulator::related_to`].
    pub pause_offers: Vec<String>,
}

/// Why a cycle of maps (one of [`RelatedMaps::cycles`]) matters, in words: rows that
/// point at rows created later in the same pass fail, and a rerun resolves them.
pub fn why_a_cycle(maps: &[String]) -> String {
    let who = match maps {
        [one] => format!("{one} looks up its own rows"),
        more => format!("{} look each other up", more.join(", ")),
    };
    format!(
        "{who}: rows that point at rows created later in the same pass fail; \
         rerun the execution to resolve them."
    )
}

/// The whole dependency graph as the app draws it: maps in layers, prerequisites first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Layered {
    /// Every map, in list order.
    pub nodes: Vec<LayeredNode>,
    /// `(from, to)` by place in `nodes`: `from` depends on `to` (a map that looks itself
    /// up has an edge to itself).
    pub edges: Vec<(usize, usize)>,
}

/// A map in the layered graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayeredNode {
    /// The map.
    pub map: String,
    /// 0 for maps that depend on no other; otherwise one more than the deepest map it
    /// depends on outside its own cycle.
    pub layer: usize,
    /// The maps of its cycle (itself for a map that looks itself up); empty when it is in
    /// none.
    pub cycle: Vec<String>,
}

/// The dependency graph of all maps: an edge A -> B means A depends on B.
pub struct Dependencies {
    graph: DiGraph<String, ()>,
}

impl Dependencies {
    /// Builds the graph from the maps' Dataverse lookup columns (mapped or not, since the
    /// company lookup is what makes every company-specific map depend on Legal entities).
    pub fn new<M: AsRef<TableMap>>(world: &World, maps: &[M]) -> Dependencies {
        let mut graph = DiGraph::new();
        let maps: Vec<&TableMap> = maps.iter().map(AsRef::as_ref).collect();
        let nodes: Vec<NodeIndex> = maps
            .iter()
            .map(|m| graph.add_node(m.name.clone()))
            .collect();
        for (i, m) in maps.iter().enumerate() {
            let Some(table) = world.dataverse.get(&m.dataverse_table) else {
                continue;
            };
            let mapped = |col: &str| m.mappings.iter().any(|mm| mm.dataverse_column() == col);
            for c in &table.columns {
                let ColumnType::Lookup { table: target, .. } = &c.ty else {
                    continue;
                };
                let is_company = table.company.as_deref() == Some(c.name.as_str());
                if !mapped(&c.name) && !is_company {
                    continue;
                }
                for (j, other) in maps.iter().enumerate() {
                    if other.dataverse_table == *target && !graph.contains_edge(nodes[i], nodes[j])
                    {
                        graph.add_edge(nodes[i], nodes[j], ());
                    }
                }
            }
        }
        Dependencies { graph }
    }

    fn node(&self, name: &str) -> Option<NodeIndex> {
        self.graph.node_indices().find(|&n| self.graph[n] == name)
    }

    /// Each map's layer (by node index) and the cycle it is in (empty when none): the
    /// longest chain of prerequisites below it, a cycle counting as one map.
    fn layers(&self) -> (Vec<usize>, Vec<Vec<String>>) {
        let n = self.graph.node_count();
        let mut layer = vec![0usize; n];
        let mut cycle: Vec<Vec<String>> = vec![Vec::new(); n];
        // Prerequisites first (see `related_to`), so each component's prerequisites
        // already have their layer.
        for scc in tarjan_scc(&self.graph).iter() {
            let deepest = scc
                .iter()
                .flat_map(|&m| self.graph.neighbors(m))
                .filter(|t| !scc.contains(t))
                .map(|t| layer[t.index()] + 1)
                .max()
                .unwrap_or(0);
            let self_loop = scc.len() == 1 && self.graph.contains_edge(scc[0], scc[0]);
            let mut names: Vec<String> = scc.iter().map(|&m| self.graph[m].clone()).collect();
            crate::order::sort(&mut names);
            for &m in scc {
                layer[m.index()] = deepest;
                if scc.len() > 1 || self_loop {
                    cycle[m.index()] = names.clone();
                }
            }
        }
        (layer, cycle)
    }

    /// Every map in layers (see [`Layered`]).
    pub fn layered(&self) -> Layered {
        let (layer, mut cycle) = self.layers();
        Layered {
            nodes: self
                .graph
                .node_indices()
                .map(|m| LayeredNode {
                    map: self.graph[m].clone(),
                    layer: layer[m.index()],
                    cycle: std::mem::take(&mut cycle[m.index()]),
                })
                .collect(),
            edges: self
                .graph
                .edge_indices()
                .filter_map(|e| self.graph.edge_endpoints(e))
                .map(|(a, b)| (a.index(), b.index()))
                .collect(),
        }
    }

    /// Names of the maps `name` depends on directly (itself excluded).
    pub fn direct(&self, name: &str) -> Vec<String> {
        self.neighbours(name, petgraph::Direction::Outgoing)
    }

    /// Names of the maps that depend on `name` directly (itself excluded).
    pub fn direct_dependents(&self, name: &str) -> Vec<String> {
        self.neighbours(name, petgraph::Direction::Incoming)
    }

    /// The maps an arrow joins to `name` in `direction`, sorted, each once, itself left out.
    fn neighbours(&self, name: &str, direction: petgraph::Direction) -> Vec<String> {
        let Some(n) = self.node(name) else {
            return Vec::new();
        };
        let mut out: Vec<String> = self
            .graph
            .neighbors_directed(n, direction)
            .filter(|&m| m != n)
            .map(|m| self.graph[m].clone())
            .collect();
        crate::order::sort(&mut out);
        out.dedup();
        out
    }

    /// Whether `name` looks itself up (a cycle of one: Customers V3's billing account).
    pub fn looks_itself_up(&self, name: &str) -> bool {
        self.node(name)
            .is_some_and(|n| self.graph.contains_edge(n, n))
    }

    /// The Run dialog's list for several maps: their prerequisites together, in one
    /// sync order; the dependents of any of them.
    pub fn related_to(&self, names: &[&str]) -> RelatedMaps {
        let starts: Vec<NodeIndex> = names.iter().filter_map(|n| self.node(n)).collect();
        let mut reach = vec![false; self.graph.node_count()];
        for &start in &starts {
            let mut bfs = Bfs::new(&self.graph, start);
            while let Some(n) = bfs.next(&self.graph) {
                reach[n.index()] = true;
            }
        }
        // Strongly connected components come out of Tarjan's algorithm in reverse
        // topological order: prerequisites first for edges "depends on".
        let sccs = tarjan_scc(&self.graph);
        let mut order = Vec::new();
        let mut cycles = Vec::new();
        for scc in &sccs {
            let mut names: Vec<(usize, String)> = scc
                .iter()
                .filter(|n| reach[n.index()])
                .map(|&n| (n.index(), self.graph[n].clone()))
                .collect();
            if names.is_empty() {
                continue;
            }
            crate::order::sort(&mut names);
            let self_loop = scc.len() == 1 && self.graph.contains_edge(scc[0], scc[0]);
            if scc.len() > 1 || self_loop {
                cycles.push(names.iter().map(|(_, n)| n.clone()).collect());
            }
            order.extend(names.into_iter().map(|(_, n)| n));
        }
        let reversed = Reversed(&self.graph);
        let (mut dependents, mut listed_dependents) = (Vec::new(), Vec::new());
        for &start in &starts {
            let mut bfs = Bfs::new(reversed, start);
            while let Some(n) = bfs.next(reversed) {
                let into = if !reach[n.index()] {
                    &mut dependents
                } else if n != start {
                    &mut listed_dependents
                } else {
                    continue;
                };
                if !into.contains(&self.graph[n]) {
                    into.push(self.graph[n].clone());
                }
            }
        }
        // Dependents in a sync order too, prerequisites first (by layer; a layer by name),
        // so that running the Run pane's rows as listed runs each after the ones it needs.
        let (layer, _) = self.layers();
        let layer_of = |name: &String| self.node(name).map_or(0, |n| layer[n.index()]);
        crate::order::sort_by(&mut dependents, |a, b| {
            (layer_of(a), a).cmp(&(layer_of(b), b))
        });
        crate::order::sort(&mut listed_dependents);
        RelatedMaps {
            order,
            dependents,
            listed_dependents,
            cycles,
            pause_offers: Vec::new(),
        }
    }
}

#[cfg(test)]
mod why_tests {
    use super::why_a_cycle;

    #[test]
    fn a_cycle_is_explained_by_who_looks_up_whom() {
        assert_eq!(
            why_a_cycle(&["Vendors".into()]),
            "Vendors looks up its own rows: rows that point at rows created later in the \
             same pass fail; rerun the execution to resolve them."
        );
        assert!(why_a_cycle(&["A".into(), "B".into()]).starts_with("A, B look each other up: "));
    }
}
