//! Alerts: errors counted per map and type within a time window, and the action taken
//! when a threshold is reached.

use super::*;

impl Simulator {
    /// Counts an error towards the map's alerts and applies an alert whose threshold is
    /// reached.
    pub(super) fn count_error(&mut self, i: usize, error_type: ErrorType, events: &mut Vec<Event>) {
        let now = self.clock;
        let map = self.map_mut(i);
        map.error_times.push_back((now, error_type));
        let hit = map.active_alerts.iter().find(|a| {
            a.error_type == error_type
                && map
                    .error_times
                    .iter()
                    .filter(|(t, ty)| {
                        *ty == error_type && now.saturating_sub(*t) < a.window_minutes
                    })
                    .count()
                    >= a.count as usize
        });
        let Some(alert) = hit.cloned() else {
            return;
        };
        map.error_times.retain(|(_, ty)| *ty != error_type);
        // (Model choice) Only a Running map is paused or stopped: an Initializing one
        // offers no action and a Resuming one only Skip to live sync, so the alert is
        // logged and said, and the map goes on.
        let status = map.status.kind();
        let applied = status == StatusKind::Running;
        let mut message = format!(
            "Alert: {} error(s) of type {} within {} minutes; action: {:?}",
            alert.count, alert.error_type, alert.window_minutes, alert.action
        );
        if !applied && alert.action != AlertAction::None {
            message.push_str(&format!(" ({NOT_TAKEN}; it was {status})"));
        }
        let told = alert.recipient_list();
        if !told.is_empty() {
            message.push_str(&format!("; notified: {}", told.join(", ")));
        }
        self.log_now(i, message);
        events.push(Event::AlertTriggered {
            map: self.maps[i].name.clone(),
            error_type,
            action: alert.action,
            applied,
        });
        if !applied {
            return;
        }
        match alert.action {
            AlertAction::None => {}
            AlertAction::Stop => self.set_status(i, MapStatus::NotRunning, events),
            AlertAction::Pause => {
                let since = self.clock;
                self.set_status(
                    i,
                    MapStatus::Paused {
                        queue: Queue::new(since),
                    },
                    events,
                )
            }
        }
    }
}
