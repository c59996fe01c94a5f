// Browser tests of miler's web app: the `miler serve` binary on a fresh database and a
// free port, driven in Debian's Chromium by playwright-core. Each test asserts what a
// runner sees; screenshots go to target/browser-artifacts/ and no page may log a console
// error.
//
//   node tests/browser/miler.test.mjs            # finds target/{debug,release}/miler
//   MILER_BIN=path/to/miler node tests/browser/miler.test.mjs
//
// The binary is found through MILER_BIN, else CARGO_TARGET_DIR or ./target, the most
// recently built of release and debug.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const artifacts = join(root, "target", "browser-artifacts");
mkdirSync(artifacts, { recursive: true });

function findBinary() {
  if (process.env.MILER_BIN) return process.env.MILER_BIN;
  const targetDir = process.env.CARGO_TARGET_DIR
    ? resolve(root, process.env.CARGO_TARGET_DIR)
    : join(root, "target");
  const built = ["release", "debug"]
    .map((profile) => join(targetDir, profile, "miler"))
    .filter((path) => existsSync(path))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (built.length === 0) {
    throw new Error(`no miler binary under ${targetDir}: run \`cargo build --bin miler\` first, or set MILER_BIN`);
  }
  return built[0];
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The day the server takes for today (`MILER_TODAY`): a Wednesday, so that week 1 of a
 * plan starts on an earlier day than today, and the tests give the same answers on any day
 * they run. */
const TODAY = "2026-12-09";

/** Starts `miler serve` and resolves with its base URL once it prints it. */
function startServer(binary, port, database) {
  const child = spawn(binary, ["serve", "--addr", `127.0.0.1:${port}`, "--db", database], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MILER_TODAY: TODAY },
  });
  let output = "";
  const url = new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`miler did not start in 20 s:\n${output}`)), 20_000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = output.match(/miler is running at (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        done(match[1].replace(/\/$/, ""));
      }
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => fail(new Error(`miler exited with ${code}:\n${output}`)));
  });
  return { child, url, log: () => output };
}

let server;
let base;
let browser;
let context;
let page;
let scratch;
const consoleErrors = [];

/** Drops the browser's "Failed to load resource" message for a response a test provoked
 * on purpose (a form sent back with its mistakes, a missing page); any other stays. */
function expectFailedLoad(path, status) {
  const index = consoleErrors.findIndex(
    (e) => e.includes(`${path}: Failed to load resource`) && e.includes(`status of ${status}`),
  );
  assert.ok(index >= 0, `expected the browser to report ${status} for ${path}: ${consoleErrors}`);
  consoleErrors.splice(index, 1);
}

/** `YYYY-MM-DD`, `days` from the server's today. */
function dateIn(days) {
  const d = new Date(`${TODAY}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the server's week, as `YYYY-MM-DD`. */
function mondayOfToday() {
  const weekday = new Date(`${TODAY}T12:00:00Z`).getUTCDay(); // 0 is Sunday
  return dateIn(-((weekday + 6) % 7));
}

async function shot(name, options = {}) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true, ...options });
}

/** Seconds in `M:SS.s` or `SS`. */
function seconds(text) {
  return text.split(":").reduce((total, part) => total * 60 + Number(part), 0);
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), "miler-browser-"));
  const binary = findBinary();
  const port = await freePort();
  server = startServer(binary, port, join(scratch, "miler.db"));
  base = await server.url;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
});

after(async () => {
  await browser?.close();
  if (server) {
    server.child.kill("SIGTERM");
    await new Promise((done) => {
      if (server.child.exitCode !== null) return done();
      server.child.on("exit", done);
      setTimeout(done, 5000);
    });
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("first run: the profile with 5k 24:00 and a 6:00 goal in 12 weeks leads to the dashboard", async () => {
  await page.goto(base + "/");
  assert.equal(new URL(page.url()).pathname, "/welcome");
  await page.getByRole("heading", { name: "Welcome to miler" }).waitFor();

  await page.getByLabel("Name").fill("Ada");
  await page.getByLabel("Age").fill("34");
  await page.getByLabel("Sex").selectOption("F");
  await page.getByLabel("Height (cm)").fill("168");
  await page.getByLabel("Weight (kg)").fill("58");
  await page.getByLabel("Distance").selectOption("5k");
  await page.getByLabel("Time", { exact: true }).fill("24:00");
  await page.getByLabel("Goal mile").fill("6:00");
  await page.getByLabel("By when").fill(dateIn(84));
  await shot("01-welcome");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await page.waitForURL(base + "/");
  await page.getByRole("heading", { name: "Hello, Ada" }).waitFor();
  const predicted = await page.locator("[data-predicted-mile]").textContent();
  assert.equal(predicted.trim(), "7:05", "a 24:00 5 km predicts a 7:05 mile by VDOT");
  assert.match(await page.locator("#predicted").textContent(), /predicted from 5k=24:00 by VDOT/);
  assert.equal((await page.locator("[data-goal]").textContent()).trim(), "6:00");
  assert.equal((await page.locator("[data-countdown]").textContent()).trim(), "12 weeks");
  assert.match(await page.locator("#goal").textContent(), /90 s per 400 m/);
  await shot("02-dashboard");
});

test("the profile form shows each mistake beside its field and keeps the input", async () => {
  await page.goto(base + "/welcome?new=1");
  await page.getByLabel("Name").fill("");
  await page.getByLabel("Distance").selectOption("5k");
  await page.getByLabel("Time", { exact: true }).fill("4:00");
  await page.getByLabel("Goal mile").fill("six");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("alert").waitFor();
  assert.match(await page.locator('[data-error-for="name"]').textContent(), /give a name/);
  assert.match(await page.locator('[data-error-for="current"]').textContent(), /faster than any runner/);
  assert.match(await page.locator('[data-error-for="goal_mile"]').textContent(), /`six` is not a time/);
  assert.equal(await page.getByLabel("Goal mile").inputValue(), "six");
  assert.equal(await page.getByLabel("Time", { exact: true }).inputValue(), "4:00");
  await shot("03-profile-errors");
  expectFailedLoad("/welcome", 422);
});

test("pace calculator: a 6:00 mile is 90 s per 400 m", async () => {
  await page.goto(base + "/tools");
  await page.getByRole("link", { name: /Pace calculator/ }).click();
  await page.getByLabel("Distance").fill("mile");
  await page.getByLabel("Time").fill("6:00");
  await page.getByRole("button", { name: "Calculate" }).click();
  await page.locator("#pace-result").waitFor();
  assert.equal((await page.locator("[data-per-400]").textContent()).trim(), "90 s");
  assert.match(new URL(page.url()).search, /distance=mile&time=6%3A00/, "the result is a link");
  await shot("04-pace-calculator");
});

test("race predictor and treadmill converter answer from the forms", async () => {
  await page.goto(base + "/tools/predict");
  // The page opens with the athlete's own result.
  assert.equal(await page.getByLabel("Your results").inputValue(), "5k=24:00");
  assert.match(await page.locator("[data-mile-line]").textContent(), /Mile: .* across the 5 valid models/);
  await page.getByLabel("Your results").fill("400m=80");
  await page.getByRole("button", { name: "Predict" }).click();
  await page.locator("[data-mile-line]").waitFor();
  assert.match(await page.locator("#predictions").textContent(), /Horwill/);
  await shot("05-predictor");

  await page.goto(base + "/tools/treadmill");
  await page.getByLabel("Pace").fill("4:00");
  await page.locator("form", { has: page.getByLabel("Pace") }).getByRole("button", { name: "Convert" }).click();
  await page.locator("#treadmill-result").waitFor();
  assert.match(await page.locator("#treadmill-result").textContent(), /15\.0 km\/h/);
});

test("a workout's splits: goal-pace 400s at 6:00 are 88-90 s", async () => {
  await page.goto(base + "/workouts");
  await page.getByRole("link", { name: "400 m repeats at goal pace" }).click();
  await page.locator("#splits").waitFor();
  const targets = await page.locator("#splits tr.work [data-target]").allTextContents();
  const reps = targets.filter((t) => t.startsWith("in "));
  assert.equal(reps.length, 4, `four 400s: ${targets.join(" | ")}`);
  for (const rep of reps) {
    const [fast, slow] = rep.match(/in ([\d:.]+)-([\d:.]+)/).slice(1).map(seconds);
    assert.ok(fast >= 88 && slow <= 90 && fast < slow, `rep band ${rep}`);
  }
  await shot("06-workout");

  await page.getByRole("link", { name: "Printable splits card" }).click();
  await page.getByRole("heading", { name: "400 m track" }).waitFor();
  assert.match(await page.locator(".print-card").textContent(), /409\.344 m/);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("header.top").isVisible(), false, "print hides the site header");
  await shot("07-splits-card-print");
  await page.emulateMedia({ media: "screen" });
});

test("the workout editor shows mistakes as you type", async () => {
  await page.goto(base + "/workouts/editor");
  await page.locator("[data-status]").waitFor();
  assert.equal((await page.locator("[data-status]").textContent()).trim(), "No problems found.");
  await page.getByLabel("Workout").fill("warm-up 15min easy\n4 x 400q @ goal\n");
  await page.getByText("The workout has mistakes:").waitFor();
  assert.match(await page.locator("#diagnostics").textContent(), /line 2, column/);
  await shot("08-editor");
  await page.getByLabel("Workout").fill("# Mine\n6 x 400m @ goal, recovery 90s jog\n");
  await page.getByText("No problems found.").waitFor();
  await page.getByRole("button", { name: "Check and show splits" }).click();
  await page.getByRole("heading", { name: "Your splits" }).waitFor();
  assert.match(await page.locator("#splits").textContent(), /in 1:30/);
});

test("a second athlete is added and the switcher changes whose pages are shown", async () => {
  await page.goto(base + "/athletes");
  await page.getByRole("link", { name: "Add an athlete" }).click();
  await page.getByLabel("Name").fill("Bo");
  await page.getByLabel("Distance").selectOption("mile");
  await page.getByLabel("Time", { exact: true }).fill("8:00");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("heading", { name: "Hello, Bo" }).waitFor();

  await page.getByLabel("Athlete").selectOption({ label: "Ada" });
  await page.getByRole("heading", { name: "Hello, Ada" }).waitFor();
  // Switching on another page comes back to that page.
  await page.goto(base + "/tools/pace");
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/athletes/switch")),
    page.getByLabel("Athlete").selectOption({ label: "Bo" }),
  ]);
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, "/tools/pace");
  assert.equal(await page.locator("#athlete-switch option:checked").textContent(), "Bo");
  await page.goto(base + "/");
  await page.getByRole("heading", { name: "Hello, Bo" }).waitFor();
  await page.goto(base + "/athletes");
  await shot("09-athletes");
});

test("uploading a FIT file shows it with its laps, best efforts and a chart", async () => {
  const fit = resolve(root, "..", "shared", "data", "activities", "fit", "activity-small-fenix2-run.fit");
  await page.goto(base + "/");
  await page.getByRole("link", { name: "Activities" }).click();
  await page.getByText("No activities yet").waitFor();
  await page.getByLabel("Activity files").setInputFiles(fit);
  await page.getByRole("button", { name: "Upload" }).click();
  const report = page.locator('[data-file="activity-small-fenix2-run.fit"]');
  await report.waitFor();
  assert.match(await report.textContent(), /1 imported/);
  await shot("12-upload");
  await page.getByRole("link", { name: "Show the updated list" }).click();
  await page.locator("#activity-list a").first().click();
  await page.locator("#best-efforts").waitFor();
  assert.match(await page.locator("#best-efforts").textContent(), /400m/);
  assert.equal((await page.locator("#splits td").first().textContent()).trim(), "1");
  await page.locator("#chart canvas").waitFor();
  await shot("13-activity");

  // The dashboard charts the mile month by month from the runs uploaded.
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.locator('#progress [data-chart="mile"] canvas').waitFor();
  await shot("14-dashboard-progress");
});

test("pages fit a phone screen", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + "/");
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/athletes/switch")),
    page.getByLabel("Athlete").selectOption({ label: "Ada" }),
  ]);
  await page.getByRole("heading", { name: "Hello, Ada" }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the dashboard scrolls sideways by ${overflow}px`);
  await shot("10-dashboard-phone");
  await page.goto(base + "/workouts/goal-pace-400s");
  await shot("11-workout-phone");
  await page.setViewportSize({ width: 1200, height: 900 });
});

test("an unknown page is a friendly error page", async () => {
  const response = await page.goto(base + "/no/such/page");
  assert.equal(response.status(), 404);
  await page.getByRole("heading", { name: "That didn't work" }).waitFor();
  assert.match(await page.locator("[data-error-message]").textContent(), /there is no page at \/no\/such\/page/);
  expectFailedLoad("/no/such/page", 404);
});

test("no page logged a console error", () => {
  assert.deepEqual(consoleErrors, []);
});

// ----- results, leaderboards and challenges -----
//
// Ada (34, F, from the first test) logs a 6:00 mile. Its age grade on the WMA 2023 track
// table (testdata/agegrade/track_mile_1500_wma2023.csv: F, MILE, 34, factor 0.9819,
// open standard 252.33 s) is 100 × 252.33 / (0.9819 × 360) = 71.38 %.

test("results: a logged mile shows as a record with its age grade", async () => {
  await page.goto(base + "/");
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/athletes/switch")),
    page.getByLabel("Athlete").selectOption({ label: "Ada" }),
  ]);
  await page.getByRole("link", { name: "Results" }).click();
  await page.getByRole("heading", { name: "Log a result" }).waitFor();
  await page.getByText("No results yet").waitFor();

  // A mistake comes back beside its field, with what was typed.
  await page.getByLabel("Time", { exact: true }).fill("6:0O");
  await page.getByRole("button", { name: "Save result" }).click();
  await page.getByRole("alert").waitFor();
  assert.match(await page.locator('[data-error-for="time"]').textContent(), /`6:0O` is not a time/);
  assert.equal(await page.getByLabel("Time", { exact: true }).inputValue(), "6:0O");
  expectFailedLoad("/results", 422);

  await page.getByLabel("Event").selectOption("mile");
  await page.getByLabel("Date").fill(dateIn(-3));
  await page.getByLabel("Time", { exact: true }).fill("6:00");
  await page.getByLabel("How it felt").selectOption("4");
  await page.getByLabel("Would you do it again?").selectOption("yes");
  await page.getByLabel("Notes").fill("even laps");
  await page.getByRole("button", { name: "Save result" }).click();
  await page.locator("[data-added]").waitFor();
  assert.match(new URL(page.url()).search, /added=\d+/, "saved, then shown again (POST-redirect-GET)");
  const pr = page.locator('[data-pr="Mile"]');
  assert.equal((await pr.locator("[data-time]").textContent()).trim(), "6:00");
  assert.equal((await pr.locator("[data-grade]").textContent()).trim(), "71.38 %");
  assert.match(await page.locator("#result-list").textContent(), /even laps/);
  assert.match(await page.locator("#result-list").textContent(), /4 · good/);
  await shot("19-results");
});

test("leaderboards: the mile is there, ranked by age grade", async () => {
  await page.getByRole("link", { name: "Leaderboards" }).click();
  await page.getByRole("heading", { name: "Leaderboards", exact: true }).waitFor();
  await page.getByLabel("Rank by").selectOption("age-grade");
  await page.getByRole("button", { name: "Show" }).click();
  await page.locator("#leaderboard").waitFor();
  assert.match(new URL(page.url()).search, /by=age-grade/, "the board is a link");
  assert.match(await page.locator("[data-ranked-by]").textContent(), /Ranked by age grade/);
  const ada = page.locator('#leaderboard tr[data-athlete="Ada"]');
  assert.equal((await ada.locator("[data-rank]").textContent()).trim(), "1");
  assert.equal((await ada.locator("[data-time]").textContent()).trim(), "6:00");
  assert.equal((await ada.locator("[data-grade]").textContent()).trim(), "71.38 %");
  await shot("20-leaderboard");

  // The men's board has nobody yet.
  await page.getByLabel("Sex").selectOption("M");
  await page.getByRole("button", { name: "Show" }).click();
  await page.locator("#leaderboard [data-empty]").waitFor();
});

test("challenges: a backwards-mile entry is posted and ranked by time", async () => {
  await page.goto(base + "/challenges");
  await page.getByRole("link", { name: /The backwards mile/ }).click();
  await page.getByRole("heading", { name: "The backwards mile" }).waitFor();
  assert.match(await page.locator("#ranking").textContent(), /by time only/);
  await page.getByLabel("Time", { exact: true }).fill("8:40");
  await page.getByLabel("How it felt").selectOption("5");
  await page.getByRole("button", { name: "Post entry" }).click();
  await page.locator("[data-posted]").waitFor();
  const ada = page.locator('#ranking tr[data-athlete="Ada"]');
  assert.equal((await ada.locator("[data-rank]").textContent()).trim(), "1");
  assert.equal((await ada.locator("[data-time]").textContent()).trim(), "8:40");
  assert.equal((await ada.locator("[data-grade]").textContent()).trim(), "—", "no table for running backwards");
  await shot("21-challenge");

  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the challenge page scrolls sideways by ${overflow}px`);
  await page.setViewportSize({ width: 1200, height: 900 });
});

test("the results pages logged no console error", () => {
  assert.deepEqual(consoleErrors, []);
});

// ----- The training plan: made from the form, a session's splits, marks, the calendar -----

test("plan: 5k=24:00, goal 6:00, race in 12 weeks gives a verdict and week 1 on screen", async () => {
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(base + "/");
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/athletes/switch")),
    page.getByLabel("Athlete").selectOption({ label: "Ada" }),
  ]);
  await page.getByRole("link", { name: "Plan", exact: true }).click();
  await page.locator("#new-plan").waitFor();
  // The form starts from the profile: Ada is 34 and female.
  assert.equal(await page.getByLabel("Age").inputValue(), "34");
  assert.equal(await page.getByLabel("Sex").inputValue(), "F");
  await page.getByLabel("What you can run now").fill("5k=24:00");
  await page.getByLabel("Goal mile").fill("6:00");
  await page.getByLabel("Race or test day").fill("");
  await page.getByLabel("or weeks from today").fill("12");
  await shot("15-plan-new");
  await page.getByRole("button", { name: "Make my plan" }).click();
  await page.waitForURL(base + "/plan");

  // The mile today is what 24:00 for 5 km predicts by VDOT (as on the dashboard), and the
  // race-day range is for the day twelve weeks on.
  assert.equal((await page.locator("[data-now]").textContent()).trim(), "7:05");
  assert.match(await page.locator("#feasibility").textContent(), new RegExp(`On race day, ${dateIn(84)}`));
  const verdict = (await page.locator("#feasibility [data-verdict]").textContent()).trim();
  assert.ok(["likely", "stretch", "unlikely"].includes(verdict), verdict);
  assert.match(await page.locator("[data-reason]").textContent(), /6:00/);
  const [low, high] = (await page.locator("[data-race-day]").textContent()).split("–").map((t) => seconds(t.trim()));
  assert.ok(low <= high && high < seconds("7:05"), `race-day range ${low}-${high}`);
  // Week 1 comes first, marked as this week: the calendar week (Monday to Sunday) that
  // holds today.
  const week1 = page.locator("#week-1");
  assert.match(await week1.locator("h2").textContent(), /Week 1 · this week/);
  assert.match(await week1.locator("h2").textContent(), new RegExp(`from ${mondayOfToday()}`));
  assert.ok((await week1.locator(".session").count()) >= 3);
  await shot("16-plan", { fullPage: false });
});

test("plan: a session shows its splits and is marked done", async () => {
  await page.goto(base + "/plan");
  const trainedFor = (await page.locator("#feasibility .stat").nth(2).locator(".mid").textContent()).trim();
  // Race day: the mile on a 400 m track, whose first lap is 409.344 m, at the pace trained for.
  await page.locator('[data-kind="race"] a').click();
  await page.locator("[data-card]").waitFor();
  const race = await page.locator("#session").textContent();
  assert.match(race, /lap 1 \(409 m\)/);
  assert.ok(race.includes(`Target ${trainedFor}`), `${trainedFor} in ${race}`);
  await page.goBack();

  // 400 m reps on the track: each with its clock at 200 m.
  await page.locator('.session.hard a[href*="400s"]').first().click();
  await page.locator("[data-card]").waitFor();
  assert.match(await page.locator("[data-workout]").textContent(), /x 400m/);
  assert.match(await page.locator("[data-card]").textContent(), /splits: 200 m /);
  assert.ok(await page.locator("[data-fit]").isVisible());
  await shot("17-plan-session");

  // Week 1's first run, marked done with a note.
  await page.goto(base + "/plan");
  await page.locator('#week-1 [data-kind="run"] a').first().click();
  await page.locator("[data-card]").waitFor();
  await page.getByLabel("done").check();
  await page.getByLabel("Note (optional)").fill("windy");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("[data-marked]").waitFor();
  assert.equal((await page.locator("[data-status]").textContent()).trim(), "done");
  await page.getByRole("link", { name: "Plan", exact: true }).first().click();
  await page.waitForURL(base + "/plan");
  assert.equal((await page.locator("#week-1 .status-done").count()), 1);
});

test("plan: the calendar downloads as iCalendar, and the dashboard shows this week", async () => {
  await page.goto(base + "/plan");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator("[data-ics]").click(),
  ]);
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  const text = readFileSync(path, "utf8");
  assert.ok(text.startsWith("BEGIN:VCALENDAR"), text.slice(0, 40));
  assert.ok(text.includes("BEGIN:VEVENT"));
  assert.match(await page.locator("#plan-actions").textContent(), /webcal:\/\/127\.0\.0\.1:\d+\/plans\/\d+\/calendar\.ics/);

  await page.getByRole("button", { name: "Adapt the plan to what I did" }).click();
  await page.locator("#adapted").waitFor();

  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.locator("#plan-week").waitFor();
  assert.equal((await page.locator("[data-plan-now]").textContent()).trim(), "7:05");
  assert.ok((await page.locator("#plan-week .session").count()) >= 3);
  // Ada has uploaded no runs (the FIT file went to Bo), so the fitness chart says so.
  await page.locator('[data-chart="fitness"] p').waitFor();
  assert.match(await page.locator('[data-chart="fitness"]').textContent(), /No runs in the last 120 days/);
  await shot("18-dashboard-plan");
});

test("no plan page logged a console error", () => {
  assert.deepEqual(consoleErrors, []);
});

// ----- The runner's own workouts: written in the editor, saved, listed, opened -----

test("my workouts: one written in the editor is saved, listed and opened with its splits", async () => {
  await page.goto(base + "/workouts/editor");
  await page.getByLabel("Workout").fill(
    "# Saturday 400s\nwarm-up 15min easy\n5 x 400m @ goal, recovery 90s jog\ncool-down 10min easy\n",
  );
  await page.getByText("No problems found.").waitFor();
  await page.locator("#name").fill("Saturday 400s");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.waitForURL(/\/workouts\/mine\/\d+$/);
  const mine = page.url();

  await page.goto(base + "/workouts");
  await page.locator("#mine").getByRole("link", { name: "Saturday 400s" }).click();
  await page.waitForURL(mine);
  await page.locator("#splits").waitFor();
  assert.equal((await page.locator("[data-saved-name]").textContent()).trim(), "Saturday 400s");
  const targets = await page.locator("#splits tr.work [data-target]").allTextContents();
  const reps = targets.filter((t) => t.startsWith("in "));
  assert.equal(reps.length, 5, `five 400s: ${targets.join(" | ")}`);
  // `@ goal` with no band: a 6:00 mile's 90 s per 400 m.
  for (const rep of reps) assert.match(rep, /^in 1:30\b/, `rep ${rep}`);
  assert.ok(await page.getByRole("link", { name: "your watch (FIT)" }).isVisible());
  await shot("22-my-workout");
  assert.deepEqual(consoleErrors, []);
});
