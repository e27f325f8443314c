//! The fault switches: how a side refuses writes, to show rollbacks and alerts.

use serde::Serialize;

use crate::error::WriteError;
use crate::map::ErrorType;
use crate::world::Side;

/// How a side fails while its fault switch is on: each of the service errors that alert
/// settings count (model choice: fault switches stand for real outages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// 503 Service Unavailable.
    Unavailable,
    /// 429 Too Many Requests.
    Throttled,
    /// 502 Bad Gateway.
    BadGateway,
    /// 401 Unauthorized / 403 Forbidden.
    Unauthorized,
}

impl Fault {
    /// Every fault, in the order the switches offer them.
    pub const ALL: [Fault; 4] = [
        Fault::Unavailable,
        Fault::Throttled,
        Fault::BadGateway,
        Fault::Unauthorized,
    ];

    /// The alert error type a write refused this way counts as.
    pub fn error_type(self) -> ErrorType {
        match self {
            Fault::Unavailable => ErrorType::ServiceUnavailable,
            Fault::Throttled => ErrorType::TooManyRequests,
            Fault::BadGateway => ErrorType::BadGateway,
            Fault::Unauthorized => ErrorType::Unauthorized,
        }
    }

    /// The switch's label: `Unavailable (503)`.
    pub fn label(self) -> &'static str {
        match self {
            Fault::Unavailable => "Unavailable (503)",
            Fault::Throttled => "Throttled (429)",
            Fault::BadGateway => "Bad gateway (502)",
            Fault::Unauthorized => "Unauthorized (401/403)",
        }
    }

    /// The side and fault a refusal's message (a [`Fault::message`]) comes from, when it
    /// is one: a row's error kept as text names its cause so.
    pub fn of_message(message: &str) -> Option<(Side, Fault)> {
        Side::BOTH.into_iter().find_map(|side| {
            Fault::ALL
                .into_iter()
                .find(|f| f.message(side) == message)
                .map(|f| (side, f))
        })
    }

    /// The fault whose [`Fault::label`] this is.
    pub fn from_label(label: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.label() == label)
    }

    /// The message of a write refused by `side` this way.
    pub fn message(self, side: Side) -> String {
        match self {
            Fault::Unavailable => format!("503 Service Unavailable: {side} is unavailable."),
            Fault::Throttled => {
                format!("429 Too Many Requests: {side} is throttling requests; try again later.")
            }
            Fault::BadGateway => {
                format!("502 Bad Gateway: the gateway to {side} returned an invalid response.")
            }
            Fault::Unauthorized => format!(
                "401 Unauthorized: {side} refused the credentials of the dual-write connection."
            ),
        }
    }
}

/// The fault switches a demo uses to show rollbacks and alerts: per side, no fault or one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Faults {
    /// How FinOps refuses every write, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finops: Option<Fault>,
    /// How Dataverse refuses every write, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataverse: Option<Fault>,
}

impl Faults {
    /// The fault of a side, if its switch is on.
    pub fn of(self, side: Side) -> Option<Fault> {
        match side {
            Side::FinOps => self.finops,
            Side::Dataverse => self.dataverse,
        }
    }

    /// Sets or clears the fault of a side.
    pub fn set(&mut self, side: Side, fault: Option<Fault>) {
        match side {
            Side::FinOps => self.finops = fault,
            Side::Dataverse => self.dataverse = fault,
        }
    }

    /// Fails with the side's fault when its switch is on.
    pub fn check(self, side: Side) -> Result<(), WriteError> {
        match self.of(side) {
            Some(fault) => Err(WriteError::Refused { side, fault }),
            None => Ok(()),
        }
    }
}
