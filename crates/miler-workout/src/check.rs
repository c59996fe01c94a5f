//! A resolved workout as the compliance checker's prescription: what a watch records of the
//! session, step by step, with the band each rep is held to. The checking itself is
//! [`miler_activity::compliance::check`]; the CLI's `miler compliance`, plan adaptation and the
//! web app's activity page all build their prescription here.

use miler_activity::compliance::{PrescribedStep, Prescription, StepRole};

use crate::resolve::{ResolvedStep, ResolvedTarget, StepKind};
use crate::{MoveKind, PaceExpr, PaceTarget, Role, Target, Workout, text};

/// The resolved steps a watch would record, as the checker's prescription. Strength and
/// mobility steps are left out: no watch laps a stretch, so they can't be held to anything.
pub fn prescription(steps: &[ResolvedStep]) -> Prescription {
    let steps = steps
        .iter()
        .filter_map(|s| {
            let StepKind::Move { kind, .. } = &s.kind else {
                return None;
            };
            let role = match (kind, s.role) {
                (MoveKind::WarmUp, _) => StepRole::WarmUp,
                (MoveKind::CoolDown, _) => StepRole::CoolDown,
                (_, Role::Between) => StepRole::Recovery,
                (MoveKind::Jog | MoveKind::Walk | MoveKind::Rest | MoveKind::Drills, _) => {
                    StepRole::Recovery
                }
                (MoveKind::Run | MoveKind::Stride | MoveKind::TimeTrial, _) => StepRole::Work,
            };
            // Only a pace target is a band to hold a rep to; an effort's pace is an estimate.
            let pace_band = match &s.target {
                Some(ResolvedTarget::Pace { fast, slow, .. }) => Some((*fast, *slow)),
                _ => None,
            };
            Some(PrescribedStep {
                label: label(*kind, s),
                role,
                distance: s.distance,
                time: s.time,
                time_band: pace_band.and(s.rep_time),
                pace_band,
                workout_step_index: None,
            })
        })
        .collect();
    Prescription { steps }
}

/// `warm-up 15min`, `400m`, `jog 2min`.
fn label(kind: MoveKind, s: &ResolvedStep) -> String {
    let length = match (s.distance, s.time) {
        (Some(d), _) => text::format_distance(d),
        (None, Some(t)) => text::format_time(t),
        (None, None) => "open".to_owned(),
    };
    let kind = match kind {
        MoveKind::WarmUp => "warm-up ",
        MoveKind::CoolDown => "cool-down ",
        MoveKind::Jog => "jog ",
        MoveKind::Walk => "walk ",
        MoveKind::Rest => "rest ",
        MoveKind::Stride => "stride ",
        MoveKind::Drills => "drills ",
        MoveKind::TimeTrial => "time trial ",
        MoveKind::Run => "",
    };
    format!("{kind}{length}")
}

/// Whether any target depends on the athlete (goal pace, race paces, Daniels' paces or an
/// effort): such a workout means nothing until it is resolved for someone.
pub fn is_relative(workout: &Workout) -> bool {
    let relative = |e: &PaceExpr| matches!(e, PaceExpr::Relative(_));
    workout.any_move(|m| match &m.target {
        Some(Target::Effort(_)) => true,
        Some(Target::Pace(PaceTarget::At(e))) => relative(e),
        Some(Target::Pace(PaceTarget::Band(a, b))) => relative(a) || relative(b),
        Some(Target::Pace(PaceTarget::Faster { than, .. } | PaceTarget::Slower { than, .. })) => {
            relative(than)
        }
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use miler_core::Duration;

    use super::*;
    use crate::catalog;
    use crate::resolve::{AthletePaces, resolve};

    #[test]
    fn goal_pace_400s_become_work_reps_in_their_band_between_recoveries() {
        let workout = catalog::get("goal-pace-400s").unwrap().workout();
        assert!(is_relative(&workout));
        // A 6:00 mile is 90 s a lap.
        let paces = AthletePaces::from_goal(Duration::from_secs(360.0).unwrap());
        let resolved = resolve(&workout, &paces).unwrap();
        let p = prescription(&resolved.steps);
        let work: Vec<_> = p
            .steps
            .iter()
            .filter(|s| s.role == StepRole::Work)
            .collect();
        assert!(!work.is_empty());
        for rep in &work {
            assert_eq!(rep.label, "400m");
            let (fast, slow) = rep
                .time_band
                .expect("a 400 m rep at a pace has a time band");
            assert!(
                fast.secs() <= 90.0 && 90.0 <= slow.secs(),
                "{fast:?}..{slow:?}"
            );
        }
        assert_eq!(p.steps.first().unwrap().role, StepRole::WarmUp);
        assert_eq!(p.steps.last().unwrap().role, StepRole::CoolDown);
    }

    #[test]
    fn absolute_paces_are_not_relative() {
        let workout = text::parse("run 400m @ 1:30/400m\n").into_result().unwrap();
        assert!(!is_relative(&workout));
    }
}
