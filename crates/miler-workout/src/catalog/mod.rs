//! The catalog: every workout the product names, each with a stable id.
//!
//! Ids are kebab-case and never change once published, because URLs, saved plans and tests
//! refer to them. Each entry's session is written in the workout language (one `.txt` file per
//! entry beside this module, compiled in), so the catalog itself proves the language can say
//! every session, and a test parses every entry and checks its numbers against the product
//! description.
//!
//! Where the source gives a range ("6-10 reps", "15-30 s"), the entry writes it as a ramp that
//! starts at the easy end and builds, because the sources also say to start with fewer, shorter
//! reps and build. Where the source gives no number at all (how many negative-split 400s, how
//! long to jog between threshold reps), the entry either leaves it open (a recovery jog "until
//! ready", ended with the lap button) or picks a conventional number and says so in
//! [`Entry::notes`].

use crate::model::Workout;
use crate::text;

/// The part of a training cycle a workout belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Easy to moderate running that comes first (at least 12 weeks before intensive mile
    /// work).
    Base,
    /// Hills and strength.
    Strength,
    /// Intervals, threshold and speed work.
    Quality,
    /// Goal-pace work close to the race.
    RaceSpecific,
    /// Sharpening in the last weeks.
    Taper,
    /// Useful in every phase.
    Any,
}

/// One catalog workout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Stable id, kebab-case: `goal-pace-400s`.
    pub id: &'static str,
    pub title: &'static str,
    /// What the session is for, in a sentence.
    pub purpose: &'static str,
    /// Where the session comes from.
    pub source: &'static str,
    /// How the session builds across the cycle, in words; the ramps in the text are the data.
    pub progression: &'static str,
    pub cautions: &'static [&'static str],
    /// Numbers miler chose where the source gives none, and other remarks.
    pub notes: &'static [&'static str],
    pub phase: Phase,
    /// Whether it counts as a hard day when mixing hard and easy days.
    pub hard: bool,
    /// The session in the workout language.
    pub text: &'static str,
}

impl Entry {
    /// The session as a workout.
    ///
    /// # Panics
    /// Never for the compiled-in catalog: a test parses every entry and checks it has no
    /// diagnostics.
    pub fn workout(&self) -> Workout {
        text::parse(self.text)
            .into_result()
            .unwrap_or_else(|errors| {
                panic!("catalog entry `{}` does not parse: {errors:?}", self.id)
            })
    }
}

/// Every catalog entry, in the order the product description lists them.
pub fn entries() -> &'static [Entry] {
    &ENTRIES
}

/// The entry with this id.
pub fn get(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|entry| entry.id == id)
}

const SOURCE: &str = "Mile-training articles in the running press, as collected for this catalog.";
const BUILD: &str = "Quality work raises injury risk: start with fewer, shorter reps and build.";
const BACKWARD: &str = "Run backward on a track or beside a partner who runs forward, and glance \
     over your shoulder.";
const HILLS: &str = "Stay in control on hills, above all downhill; pick a safe slope.";
const BASE: &str =
    "Build at least 12 weeks of easy to moderate running before intensive mile work.";
const STRETCH: &str = "Never force a stretch.";
const WARM: &str = "Warm up first (15 min easy jog, stretch, 5 min jog) and cool down and stretch \
     after.";

static ENTRIES: [Entry; 32] = [
    Entry {
        id: "backwards-mile",
        title: "Backwards mile",
        purpose: "Variety and quad strength: a continuous mile alternating quarter miles backward \
                  and forward.",
        source: "Mile-training articles: \"Run A Mile Faster by Running \
                 BACKWARDS\" (Mile Run, Mod. 3), HubPages.",
        progression: "None given; the interval distances may be changed, for example eighths \
                      instead of quarters.",
        cautions: &[
            BACKWARD,
            "Start facing away from the line.",
            "Backward running costs about 30 % more energy than forward running at the same speed.",
        ],
        notes: &[
            "Every quarter is run at goal-pace effort. The same effort backward costs \
                  about 35 % more per metre (Wright & Weyand 2001), so the backward quarters' \
                  target splits are that much slower than the forward ones.",
        ],
        phase: Phase::Strength,
        hard: true,
        text: include_str!("backwards-mile.txt"),
    },
    Entry {
        id: "backward-easy-run",
        title: "Backward running in an easy run",
        purpose: "Less load on the front of the knee and more work for the same time: a few \
                  minutes backward at a time inside an easy run.",
        source: "Mile-training articles: \"Running in Reverse\", Gretchen \
                 Reynolds, The New York Times Magazine, 9 December 2012; the energy cost from \
                 Wright & Weyand 2001, J Exp Biol 204:1805.",
        progression: "Backward segments grow from 2 to 4 minutes as they feel comfortable.",
        cautions: &[
            BACKWARD,
            "Backward running costs about 30 % more energy (35 ± 6 % measured) than forward \
             running at the same speed.",
        ],
        notes: &[
            "Three backward segments with 5 min easy running between are miler's \
                  choice; the source says \"a few minutes at a time\".",
        ],
        phase: Phase::Base,
        hard: false,
        text: include_str!("backward-easy-run.txt"),
    },
    Entry {
        id: "repeats-200m",
        title: "200 m repeats",
        purpose: "Speed: 200 m slightly faster than your current 400 m pace (80 s per 400 m \
                  gives 38 s per 200 m).",
        source: SOURCE,
        progression: "6 building to 10 reps; the 2 min recovery jog shrinks to 30 s as you adapt.",
        cautions: &[BUILD, WARM],
        notes: &[
            "The 400 m pace the articles mean is the pace of your 400 m repeats, that is \
                  your goal pace: the target is goal pace minus 2 s per 200 m (a 6:00 goal \
                  gives 43 s).",
        ],
        phase: Phase::Quality,
        hard: true,
        text: include_str!("repeats-200m.txt"),
    },
    Entry {
        id: "goal-pace-400s",
        title: "400 m repeats at goal pace",
        purpose: "Learn goal mile pace: 400 m at goal pace (90 s for a 6:00 goal) with recovery \
                  shrinking until the reps join into a mile.",
        source: SOURCE,
        progression: "Recovery from 2:00 down to 0:30.",
        cautions: &[BUILD, WARM],
        notes: &[
            "Four reps (one mile of running) is miler's choice; the source gives no \
                  count.",
            "The target band runs from 2 s per 400 m under goal pace to goal pace: 88-90 s \
                  for a 6:00 goal.",
        ],
        phase: Phase::RaceSpecific,
        hard: true,
        text: include_str!("goal-pace-400s.txt"),
    },
    Entry {
        id: "negative-split-400s",
        title: "Negative-split 400s",
        purpose: "Practise finishing fast: each 400 m run as two 200 m halves, the second 5 s \
                  faster than the first and faster than goal pace.",
        source: SOURCE,
        progression: "None given.",
        cautions: &[BUILD, WARM],
        notes: &[
            "The halves are written 2.5 s per 200 m either side of goal pace, which keeps the \
             whole 400 m at goal pace while the second half is 5 s faster than the first.",
            "Six reps with 2 min recovery jog are miler's choice; the source gives no count.",
        ],
        phase: Phase::RaceSpecific,
        hard: true,
        text: include_str!("negative-split-400s.txt"),
    },
    Entry {
        id: "repeats-400m",
        title: "Early-cycle 400 m repeats",
        purpose: "Build fitness early in the cycle: many 400 m somewhat slower than goal pace.",
        source: SOURCE,
        progression: "8 building to 12 reps; near the race, switch to sharpening-400s.",
        cautions: &[BUILD, WARM],
        notes: &["The source gives no recovery: jog until ready and press the lap button."],
        phase: Phase::Quality,
        hard: true,
        text: include_str!("repeats-400m.txt"),
    },
    Entry {
        id: "sharpening-400s",
        title: "400 m sharpening near the race",
        purpose: "Sharpen for the race: 4 x 400 m at or faster than goal pace.",
        source: SOURCE,
        progression: "None; it replaces the early-cycle 400s near the race.",
        cautions: &[WARM],
        notes: &["The source gives no recovery: jog until ready and press the lap button."],
        phase: Phase::Taper,
        hard: true,
        text: include_str!("sharpening-400s.txt"),
    },
    Entry {
        id: "race-sharpener",
        title: "Race-week sharpener",
        purpose: "Stay sharp while the volume drops: 4 to 6 short reps at race pace three or four \
                  days before the race.",
        source: "Mile-training articles: Fast Talk Labs, \"The Tuesday taper run\"; Men's Running UK, \"Taper time\": \
                 4-6 x 200-400 m at race pace three or four days before the race.",
        progression: "None; it comes once, in race week.",
        cautions: &["Race pace, not faster: the point is rhythm, not fitness."],
        notes: &[
            "4 x 200 m with a 200 m jog is the short end of the sources' range; plans for \
             runners past the beginner stage use 6 reps, and a race week too small for 4 \
             (someone who started from walking) gets 2 with walks between.",
        ],
        phase: Phase::Taper,
        hard: true,
        text: include_str!("race-sharpener.txt"),
    },
    Entry {
        id: "repeats-800m",
        title: "800 m repeats",
        purpose: "Speed endurance: 800 m faster than goal pace, each rep faster than the last, \
                  with the times recorded.",
        source: SOURCE,
        progression: "4 building to 6 reps.",
        cautions: &[BUILD, WARM],
        notes: &[],
        phase: Phase::Quality,
        hard: true,
        text: include_str!("repeats-800m.txt"),
    },
    Entry {
        id: "bends-and-straights",
        title: "Bends and straights",
        purpose: "Speed changes on the track: jog the bends and sprint the straights until a \
                  mile is covered, rest 3 minutes, and repeat.",
        source: SOURCE,
        progression: "None given.",
        cautions: &[BUILD, WARM],
        notes: &[
            "On a 400 m track \"until a mile\" is four laps of bend, straight, bend, straight.",
            "Two sets is the smallest reading of \"repeat\"; the source gives no count.",
        ],
        phase: Phase::Quality,
        hard: true,
        text: include_str!("bends-and-straights.txt"),
    },
    Entry {
        id: "jo-pavey",
        title: "Jo Pavey session",
        purpose: "Intervals and threshold in one session: 3 x 800 m, 3 x 400 m, 10 min tempo and \
                  4 x 200 m.",
        source: "Mile-training articles: Jo Pavey's session in Runner's \
                 World (UK), as quoted in \"Jo Pavey 10k Training\", JM Performance, 16 January \
                 2015.",
        progression: "None given.",
        cautions: &[BUILD, WARM],
        notes: &[
            "The reps are at 5 km pace (\"or even slightly quicker\") as the quoted source \
                  says; the tempo is comfortably hard.",
        ],
        phase: Phase::Quality,
        hard: true,
        text: include_str!("jo-pavey.txt"),
    },
    Entry {
        id: "hill-repeats",
        title: "Hill repeats",
        purpose: "Strength and power: about 100 m up a steep hill at race-pace effort after 30 \
                  minutes of jogging, jogging back down.",
        source: SOURCE,
        progression: "6 building to 10 reps.",
        cautions: &[HILLS, BUILD],
        notes: &[],
        phase: Phase::Strength,
        hard: true,
        text: include_str!("hill-repeats.txt"),
    },
    Entry {
        id: "hill-repeats-timed",
        title: "Timed hill repeats",
        purpose: "Strength and power on any hill: 30 to 60 seconds uphill, jogging back down.",
        source: SOURCE,
        progression: "6 building to 8 reps of 30 building to 60 seconds.",
        cautions: &[HILLS, BUILD],
        notes: &["The source gives no effort for this variant."],
        phase: Phase::Strength,
        hard: true,
        text: include_str!("hill-repeats-timed.txt"),
    },
    Entry {
        id: "downhill-strides",
        title: "Downhill strides",
        purpose: "Leg speed: quick, relaxed strides down a gentle slope, in control.",
        source: SOURCE,
        progression: "6 building to 10 strides.",
        cautions: &[
            HILLS,
            "Only a gentle slope; stay in control and stop if you brake hard.",
        ],
        notes: &[
            "The count and length follow the hill repeats; the source gives none for the \
                  downhill variant.",
        ],
        phase: Phase::Strength,
        hard: false,
        text: include_str!("downhill-strides.txt"),
    },
    Entry {
        id: "hill-pyramid",
        title: "Hill pyramid",
        purpose: "Strength and pacing: 20, 30, 40, 60, 40, 30 and 20 seconds uphill at 80 % \
                  effort, keeping the effort even as the time grows.",
        source: SOURCE,
        progression: "None given.",
        cautions: &[
            HILLS,
            "On a treadmill, raise the incline for the uphill reps (`uphill on treadmill`).",
        ],
        notes: &[],
        phase: Phase::Strength,
        hard: true,
        text: include_str!("hill-pyramid.txt"),
    },
    Entry {
        id: "cruise-intervals",
        title: "Cruise intervals",
        purpose: "Threshold, comfortably hard: 6 x 4 min with 1 min rest, building over the cycle \
                  to 3 x 10 min or 2 x 15 min.",
        source: "Mile-training articles; cruise intervals are Jack \
                 Daniels' threshold session (Daniels' Running Formula).",
        progression: "6 x 4 min, then 3 x 10 min, then 2 x 15 min.",
        cautions: &[BUILD, WARM],
        notes: &[],
        phase: Phase::Quality,
        hard: true,
        text: include_str!("cruise-intervals.txt"),
    },
    Entry {
        id: "threshold-10min",
        title: "Threshold 10 minute reps",
        purpose: "Threshold: 3 to 4 x 10 minutes at 40 to 50 seconds per mile slower than mile \
                  race pace.",
        source: SOURCE,
        progression: "3 building to 4 reps.",
        cautions: &[BUILD, WARM],
        notes: &["The source gives no recovery: jog until ready and press the lap button."],
        phase: Phase::Quality,
        hard: true,
        text: include_str!("threshold-10min.txt"),
    },
    Entry {
        id: "vo2max-miles",
        title: "VO2max mile repeats",
        purpose: "VO2max: repeats of one mile at 5 km race pace, 30 to 40 seconds slower than \
                  your best mile.",
        source: SOURCE,
        progression: "None given.",
        cautions: &[BUILD, WARM],
        notes: &[
            "Three reps is miler's choice; the source gives no count.",
            "The source gives no recovery: jog until ready and press the lap button.",
        ],
        phase: Phase::Quality,
        hard: true,
        text: include_str!("vo2max-miles.txt"),
    },
    Entry {
        id: "strides",
        title: "Strides",
        purpose: "Leg speed after easy runs: 6 to 10 strides of 15 to 20 seconds with very quick \
                  turnover.",
        source: "Mile-training articles (strides at the end of most easy runs), with Daniels' \
                 dose: strides of 15-20 s (V.O2, \"What are running strides?\"; 20 s at most, \
                 Runsharper), 6-10 of them.",
        progression: "6 building to 10 strides of 15 building to 20 seconds.",
        cautions: &["Quick and relaxed, not a sprint."],
        notes: &[
            "Add them to the end of most easy runs; walk back between them.",
            "The articles' 8-12 x 15-30 s is the leg-speed session, a workout of its own \
             (leg-speed); strides after an easy run stay short.",
        ],
        phase: Phase::Any,
        hard: false,
        text: include_str!("strides.txt"),
    },
    Entry {
        id: "leg-speed",
        title: "Leg speed session",
        purpose: "Leg speed: 8 to 12 quick strides of 15 to 30 seconds with 4 to 6 minutes of \
                  easy running between.",
        source: SOURCE,
        progression: "8 building to 12 strides of 15 building to 30 seconds; the easy running \
                      between shrinks from 6 to 4 minutes.",
        cautions: &["Quick and relaxed, not a sprint."],
        notes: &[],
        phase: Phase::Any,
        hard: false,
        text: include_str!("leg-speed.txt"),
    },
    Entry {
        id: "walk-run",
        title: "Walk-run",
        purpose: "The first weeks for someone who does not run yet: runs with walks between, \
                  the runs growing every week until you run continuously.",
        source: "Mile-training articles (\"build mileage safely\"; start with fewer, shorter \
                 efforts and build), in the shape of the NHS Couch to 5K programme: 60 s running \
                 and 90 s walking to start, 5-minute runs by week 4, 20 minutes continuous at the \
                 end of week 5.",
        progression: "8 x 1 min running with 90 s walks, then 5 x 2 min, 4 x 3 min, 3 x 4:30 \
                      and 2 x 7 min, a step a week; then 20 minutes of continuous easy running. \
                      A lighter week repeats its step; nothing goes back to the start.",
        cautions: &[
            "Run slowly enough to talk; walk before you have to.",
            "Repeat a step rather than move on if a session felt hard.",
        ],
        notes: &[
            "Five steps of about 30 minutes each, three days a week with a rest day between, \
             in Couch to 5K's shape (60 s runs to start, 20 minutes continuous after five \
             weeks). The walks shrink as the runs grow so that each step adds at most about 6 % \
             to the session's load, within a beginner's weekly cap; the exact counts are \
             miler's choice.",
        ],
        phase: Phase::Base,
        hard: false,
        text: include_str!("walk-run.txt"),
    },
    Entry {
        id: "easy-run",
        title: "Easy run",
        purpose: "The bulk of the week: 30 to 45 minutes, conversational.",
        source: SOURCE,
        progression: "30 building to 45 minutes; build mileage safely.",
        cautions: &[BASE, "Keep it conversational."],
        notes: &[],
        phase: Phase::Any,
        hard: false,
        text: include_str!("easy-run.txt"),
    },
    Entry {
        id: "long-run",
        title: "Long run",
        purpose: "Endurance: 60 to 90 minutes easy.",
        source: SOURCE,
        progression: "60 building to 90 minutes.",
        cautions: &[BASE, "Keep it conversational."],
        notes: &[],
        phase: Phase::Any,
        hard: false,
        text: include_str!("long-run.txt"),
    },
    Entry {
        id: "warm-up",
        title: "Warm-up for speed sessions",
        purpose: "Ready for fast running: 15 minutes easy jogging, stretches, 5 minutes jogging.",
        source: SOURCE,
        progression: "None.",
        cautions: &[STRETCH],
        notes: &["Stretches held 30 s each, as in the flexibility routine."],
        phase: Phase::Any,
        hard: false,
        text: include_str!("warm-up.txt"),
    },
    Entry {
        id: "strength-bodyweight",
        title: "Bodyweight strength",
        purpose: "Strength for calves, quads, glutes and hamstrings, bodyweight first, then \
                  plyometrics; at least twice a week.",
        source: SOURCE,
        progression: "Bodyweight first, then the weight room (strength-gym).",
        cautions: &["Good form before more reps."],
        notes: &[
            "Sets and reps are miler's starting point; the source names the exercises \
                  only.",
        ],
        phase: Phase::Base,
        hard: false,
        text: include_str!("strength-bodyweight.txt"),
    },
    Entry {
        id: "strength-gym",
        title: "Weight-room strength",
        purpose: "Strength in the weight room: squats, cleans, deadlifts and single-leg \
                  deadlifts; at least twice a week.",
        source: SOURCE,
        progression: "After the bodyweight routine.",
        cautions: &["Learn the lifts with light loads and good form first."],
        notes: &[
            "Sets, reps and loads are miler's starting point; the source names the \
                  exercises only.",
        ],
        phase: Phase::Strength,
        hard: true,
        text: include_str!("strength-gym.txt"),
    },
    Entry {
        id: "glute-activation",
        title: "Glute activation",
        purpose: "Wake up the glutes with a band before runs.",
        source: SOURCE,
        progression: "None.",
        cautions: &[],
        notes: &[
            "The exercises, sets and reps are miler's choice; the source says \"glute \
                  activation with a band before runs\".",
        ],
        phase: Phase::Any,
        hard: false,
        text: include_str!("glute-activation.txt"),
    },
    Entry {
        id: "mobility",
        title: "Flexibility",
        purpose: "Flexibility after a 15 minute warm-up: hamstrings, glutes, calves, groin, hips \
                  and quads, each held 30 seconds.",
        source: SOURCE,
        progression: "None.",
        cautions: &[STRETCH],
        notes: &[],
        phase: Phase::Any,
        hard: false,
        text: include_str!("mobility.txt"),
    },
    Entry {
        id: "foam-rolling",
        title: "Foam rolling",
        purpose: "Foam rolling a few times a week.",
        source: SOURCE,
        progression: "None.",
        cautions: &["Roll slowly; skip anything that hurts sharply."],
        notes: &[
            "The source gives neither areas nor times; the areas follow the stretches and \
                  the time is left to the runner.",
        ],
        phase: Phase::Any,
        hard: false,
        text: include_str!("foam-rolling.txt"),
    },
    Entry {
        id: "mile-time-trial",
        title: "Mile time trial",
        purpose: "Measure the mile: four laps of a 400 m track plus 9.344 m, even or slightly \
                  negative splits.",
        source: SOURCE,
        progression: "None; repeat every few weeks to see progress.",
        cautions: &[WARM, "Going out too fast costs you at the end."],
        notes: &[],
        phase: Phase::Any,
        hard: true,
        text: include_str!("mile-time-trial.txt"),
    },
    Entry {
        id: "time-trial-400m",
        title: "400 m time trial",
        purpose: "Measure the 400 m, which sets the pace of 200 m repeats and helps predict the \
                  mile.",
        source: SOURCE,
        progression: "None; repeat every few weeks to see progress.",
        cautions: &[WARM],
        notes: &[],
        phase: Phase::Any,
        hard: true,
        text: include_str!("time-trial-400m.txt"),
    },
    Entry {
        id: "mile-race",
        title: "Race day: the mile",
        purpose: "Race (or the test) on its date: the speed-session warm-up with a few strides, \
                  then even or slightly negative splits.",
        source: SOURCE,
        progression: "None.",
        cautions: &[
            "Going out too fast costs you at the end, too slow leaves you chasing: run even \
             splits.",
        ],
        notes: &[
            "The four strides after the warm-up are miler's choice; the articles' warm-up for \
             speed sessions is 15 min easy jog, stretch, 5 min jog.",
        ],
        phase: Phase::Any,
        hard: true,
        text: include_str!("mile-race.txt"),
    },
];
