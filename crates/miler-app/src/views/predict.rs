//! A forecast as `miler predict --json` and `GET /api/v1/predict` describe it: the results it
//! came from, the VDOT, every model's prediction at every target (invalid ones with their
//! reason, never a number), and the critical-speed fit.

use miler_core::Vdot;
use miler_core::predict::{self, CriticalSpeed, Forecast, Prediction};
use serde::Serialize;

use super::round;

#[derive(Debug, Serialize)]
pub struct ForecastView {
    pub inputs: Vec<InputView>,
    /// The VDOT used for every VDOT prediction; null when no result is valid for VDOT.
    pub vdot: Option<f64>,
    pub vdot_from: Option<String>,
    pub combination: String,
    pub sex: &'static str,
    pub horwill_step_s_per_400m: f64,
    pub critical_speed: Option<CriticalSpeedView>,
    pub models: Vec<ModelView>,
    pub predictions: Vec<PredictionView>,
}

#[derive(Debug, Serialize)]
pub struct InputView {
    pub result: String,
    pub distance_m: f64,
    pub time_s: f64,
    pub pace_s_per_km: f64,
    /// This result's VDOT, when VDOT is valid for it.
    pub vdot: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct CriticalSpeedView {
    pub speed_m_s: f64,
    pub d_prime_m: f64,
    pub from: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ModelView {
    pub id: &'static str,
    pub name: &'static str,
    pub scope: &'static str,
}

#[derive(Debug, Serialize)]
pub struct PredictionView {
    pub name: String,
    pub distance_m: f64,
    pub model: &'static str,
    pub valid: bool,
    /// Null when the prediction is not valid: no number is offered as if it were.
    pub time_s: Option<f64>,
    pub pace_s_per_km: Option<f64>,
    pub from: Vec<String>,
    /// The caveat of a valid prediction, or why an invalid one is not valid.
    pub note: Option<String>,
}

impl From<&Forecast> for ForecastView {
    fn from(f: &Forecast) -> ForecastView {
        ForecastView {
            inputs: f
                .results
                .iter()
                .map(|&p| InputView {
                    result: p.to_string(),
                    distance_m: p.distance().metres(),
                    time_s: round(p.time().secs(), 3),
                    pace_s_per_km: round(p.pace().secs_per_km(), 2),
                    vdot: predict::daniels::valid_input(p)
                        .then(|| round(Vdot::from_performance(p).value(), 2)),
                })
                .collect(),
            vdot: f.vdot.map(|best| round(best.vdot.value(), 2)),
            vdot_from: f.vdot.map(|best| best.from.to_string()),
            combination: f.combination(),
            sex: f.sex.code(),
            horwill_step_s_per_400m: predict::horwill::step(f.sex).secs(),
            critical_speed: f.critical_speed.as_ref().ok().map(cs_view),
            models: f
                .models
                .iter()
                .map(|&m| ModelView {
                    id: m.id(),
                    name: m.name(),
                    scope: m.scope(),
                })
                .collect(),
            predictions: f.predictions.iter().map(prediction_view).collect(),
        }
    }
}

fn cs_view(cs: &CriticalSpeed) -> CriticalSpeedView {
    CriticalSpeedView {
        speed_m_s: round(cs.speed().m_per_s(), 4),
        d_prime_m: round(cs.d_prime().metres(), 1),
        from: cs.fitted_to().iter().map(ToString::to_string).collect(),
    }
}

fn prediction_view(p: &Prediction) -> PredictionView {
    let estimate = p.outcome.as_ref().ok();
    PredictionView {
        name: p.target.to_string(),
        distance_m: p.target.metres(),
        model: p.model.id(),
        valid: estimate.is_some(),
        time_s: estimate.map(|e| round(e.time.secs(), 2)),
        pace_s_per_km: estimate.map(|e| round(e.time.secs() / p.target.km(), 2)),
        from: estimate
            .map(|e| e.from.iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
        note: p.note(),
    }
}
