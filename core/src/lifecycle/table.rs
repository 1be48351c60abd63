//! The transition table: which action may happen at which stage, for which kind of case, and
//! where it leads. The code and the state diagram in the docs both come from [`TRANSITIONS`].

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::event::ActionKind;
use crate::complaint::Kind;

/// Where a case stands in the procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stage {
    /// Registered, nobody assigned yet; the receiver owns it (R5).
    Registered,
    /// A handler is working on it.
    InHandling,
    /// A resolution was decided; not yet fed back.
    Resolved,
    /// The result was fed back to the complainant (R20).
    ResultFedBack,
    /// The customer took it beyond the firm: appeal, mediation, arbitration, litigation (R22).
    Disputed,
    /// Closed with the close-out record (R23).
    Closed,
    /// The complainant withdrew it.
    Withdrawn,
    /// In the yearly archive volume (R24); nothing more may be recorded.
    Archived,
}

impl Stage {
    /// Every stage, in procedure order.
    pub const ALL: [Stage; 8] = [
        Stage::Registered,
        Stage::InHandling,
        Stage::Resolved,
        Stage::ResultFedBack,
        Stage::Disputed,
        Stage::Closed,
        Stage::Withdrawn,
        Stage::Archived,
    ];

    /// The snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Registered => "registered",
            Stage::InHandling => "in_handling",
            Stage::Resolved => "resolved",
            Stage::ResultFedBack => "result_fed_back",
            Stage::Disputed => "disputed",
            Stage::Closed => "closed",
            Stage::Withdrawn => "withdrawn",
            Stage::Archived => "archived",
        }
    }

    /// Whether the case is still being worked on (not closed, withdrawn or archived).
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Closed | Stage::Withdrawn | Stage::Archived)
    }
}

/// Which kinds of case a transition applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// Complaints and feedback.
    Both,
    /// Complaints only: feedback follows the shorter R3 flow.
    ComplaintOnly,
    /// Feedback only.
    FeedbackOnly,
}

impl Applies {
    /// Whether a case of `kind` follows this row.
    #[allow(dead_code)]
    pub fn includes(self, kind: Kind) -> bool {
        match self {
            Applies::Both => true,
            Applies::ComplaintOnly => kind == Kind::Complaint,
            Applies::FeedbackOnly => kind == Kind::Feedback,
        }
    }
}

/// One row of the table: `action` is allowed at each stage of `from` for `applies`, and moves
/// the case to `to` (or leaves the stage as it is when `to` is `None`).
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    /// The action.
    pub action: ActionKind,
    /// The kinds of case.
    pub applies: Applies,
    /// The stages it may happen at.
    pub from: &'static [Stage],
    /// The stage it leads to; `None` keeps the stage.
    pub to: Option<Stage>,
}

use ActionKind as A;
use Stage as S;

const WORKING: &[Stage] = &[S::Registered, S::InHandling];
const BEFORE_FEEDBACK: &[Stage] = &[S::Registered, S::InHandling, S::Resolved];
const AFTER_FEEDBACK: &[Stage] = &[S::ResultFedBack, S::Closed];

/// The procedure. `Registered` has no row: it is the first event of every case and only that.
pub const TRANSITIONS: &[Transition] = &[
    Transition {
        action: A::Acknowledged,
        applies: Applies::Both,
        from: WORKING,
        to: None,
    },
    Transition {
        action: A::AnswerTimePromised,
        applies: Applies::Both,
        from: BEFORE_FEEDBACK,
        to: None,
    },
    Transition {
        action: A::AnswerTimeRepromised,
        applies: Applies::Both,
        from: BEFORE_FEEDBACK,
        to: None,
    },
    Transition {
        action: A::Assigned,
        applies: Applies::Both,
        from: &[S::Registered],
        to: Some(S::InHandling),
    },
    Transition {
        action: A::HandedOver,
        applies: Applies::Both,
        from: &[S::Registered, S::InHandling, S::Resolved, S::ResultFedBack, S::Disputed],
        to: None,
    },
    Transition {
        action: A::Escalated,
        applies: Applies::ComplaintOnly,
        from: WORKING,
        to: Some(S::InHandling),
    },
    Transition {
        action: A::LiaisonFormOpened,
        applies: Applies::ComplaintOnly,
        from: &[S::InHandling],
        to: None,
    },
    Transition {
        action: A::LiaisonAnswered,
        applies: Applies::ComplaintOnly,
        from: &[S::InHandling],
        to: None,
    },
    Transition {
        action: A::InvestigationReported,
        applies: Applies::ComplaintOnly,
        from: &[S::InHandling],
        to: None,
    },
    // Waiting for the customer stops the deadline clock while the firm still owes an answer;
    // the stage stays as it is.
    Transition {
        action: A::ClockPaused,
        applies: Applies::Both,
        from: BEFORE_FEEDBACK,
        to: None,
    },
    Transition {
        action: A::ClockResumed,
        applies: Applies::Both,
        from: BEFORE_FEEDBACK,
        to: None,
    },
    Transition {
        action: A::ExtensionGranted,
        applies: Applies::Both,
        from: WORKING,
        to: None,
    },
    Transition {
        action: A::ResolutionProposed,
        applies: Applies::ComplaintOnly,
        from: &[S::InHandling],
        to: None,
    },
    Transition {
        action: A::ResolutionDecided,
        applies: Applies::ComplaintOnly,
        from: &[S::InHandling],
        to: Some(S::Resolved),
    },
    Transition {
        action: A::ProgressUpdateSent,
        applies: Applies::Both,
        from: &[S::Registered, S::InHandling, S::Resolved, S::Disputed],
        to: None,
    },
    Transition {
        action: A::ResultFedBack,
        applies: Applies::ComplaintOnly,
        from: &[S::Resolved],
        to: Some(S::ResultFedBack),
    },
    // R3: feedback is classified, acted on and answered without an investigation or decision.
    Transition {
        action: A::ResultFedBack,
        applies: Applies::FeedbackOnly,
        from: &[S::InHandling],
        to: Some(S::ResultFedBack),
    },
    // A regulator can forward feedback too (R1); it is told the outcome all the same (R17).
    Transition {
        action: A::ReportedToRegulator,
        applies: Applies::Both,
        from: &[S::Resolved, S::ResultFedBack, S::Withdrawn],
        to: None,
    },
    Transition {
        action: A::CallbackVisited,
        applies: Applies::Both,
        from: AFTER_FEEDBACK,
        to: None,
    },
    Transition {
        action: A::Reopened,
        applies: Applies::Both,
        from: AFTER_FEEDBACK,
        to: Some(S::InHandling),
    },
    Transition {
        action: A::DisputeOpened,
        applies: Applies::ComplaintOnly,
        from: AFTER_FEEDBACK,
        to: Some(S::Disputed),
    },
    Transition {
        action: A::DisputeConcluded,
        applies: Applies::ComplaintOnly,
        from: &[S::Disputed],
        to: Some(S::ResultFedBack),
    },
    Transition {
        action: A::Withdrawn,
        applies: Applies::Both,
        from: &[S::Registered, S::InHandling, S::Resolved, S::Disputed],
        to: Some(S::Withdrawn),
    },
    Transition {
        action: A::Closed,
        applies: Applies::Both,
        from: &[S::ResultFedBack],
        to: Some(S::Closed),
    },
    Transition {
        action: A::Archived,
        applies: Applies::Both,
        from: &[S::Closed, S::Withdrawn],
        to: Some(S::Archived),
    },
];

/// The row allowing `action` at `stage` for a case of `kind`, if any.
pub fn transition(kind: Kind, stage: Stage, action: ActionKind) -> Option<&'static Transition> {
    match LOOKUP[kind as usize][action as usize][stage as usize] {
        0 => None,
        row => Some(&TRANSITIONS[usize::from(row) - 1]),
    }
}

/// [`TRANSITIONS`] indexed by kind, action and stage: the row number plus one, or 0 for none.
/// Built at compile time from the table itself, so the two cannot disagree; replay looks up
/// every event here instead of scanning the rows.
static LOOKUP: [[[u8; Stage::ALL.len()]; ActionKind::ALL.len()]; 2] = build_lookup();

const fn build_lookup() -> [[[u8; Stage::ALL.len()]; ActionKind::ALL.len()]; 2] {
    let mut lookup = [[[0u8; Stage::ALL.len()]; ActionKind::ALL.len()]; 2];
    let kinds = [Kind::Complaint, Kind::Feedback];
    let mut k = 0;
    while k < kinds.len() {
        // Rows are searched in order, so the first matching row wins, as a linear scan would.
        let mut row = TRANSITIONS.len();
        while row > 0 {
            row -= 1;
            let t = &TRANSITIONS[row];
            let applies = match t.applies {
                Applies::Both => true,
                Applies::ComplaintOnly => k == Kind::Complaint as usize,
                Applies::FeedbackOnly => k == Kind::Feedback as usize,
            };
            if applies {
                let mut f = 0;
                while f < t.from.len() {
                    lookup[kinds[k] as usize][t.action as usize][t.from[f] as usize] = (row + 1) as u8;
                    f += 1;
                }
            }
        }
        k += 1;
    }
    lookup
}

/// The state diagram of one kind of case as a mermaid `stateDiagram-v2`, drawn from
/// [`TRANSITIONS`]. Actions that keep the stage are listed as self-loops on each stage.
pub fn state_diagram(kind: Kind) -> String {
    let mut out = String::from("stateDiagram-v2\n");
    let _ = writeln!(out, "    [*] --> registered: registered");
    for t in TRANSITIONS.iter().filter(|t| t.applies.includes(kind)) {
        for from in t.from {
            let to = t.to.unwrap_or(*from);
            let _ = writeln!(out, "    {} --> {}: {}", from.name(), to.name(), t.action.name());
        }
    }
    let _ = writeln!(out, "    archived --> [*]");
    out
}
