"""Steady under load: many browser sessions saving daily check-ins at the same time.

One `streamlit run streamlit_app.py` on a free loopback port, with a new data folder, and
one headless Chromium (Debian's, through Playwright) holding one browser context per
session. Each session does what a family member does: opens Harbor, picks its family in
the sidebar, opens the Log page, and saves check-ins through the form: pastes the day into
the Day field (above the form) and waits for the page to show that day's new-entry form,
writes a note, presses Save, and waits for the exact confirmation ("Check-in for 5 Jun
2026 saved."). A warning or an error shown instead is counted as an error.

Phases, in this order, all against the same server:

1. one session alone (the yardstick; its first save is a warm-up and not recorded);
2. `--sessions` sessions at once, all in one household, about the same loved one. Each
   session logs its own past days, so no two saves are for the same day (a same-day save
   is an edit, not a new entry);
3. the lone session again (so the yardstick brackets the load);
4. `--sessions` sessions at once, each in its own household.

Every note holds a unique canary. Afterwards the database is read through the store:
a save has landed when its canary is in exactly one check-in, in its own household, on
its day. Latency runs from the Save click until the confirmation is visible, and is
reported as a multiple of the lone session's median in the same run. Each save's time is
also split where the message carrying its confirmation reaches the page: before it, the
server (and the loopback); after it, the page drawing it.

How people are modelled: each session pauses about `--think` seconds between its saves
(between half and one and a half times it, at random; and its first save starts at a
random moment within one pause), the time a person takes to pick the day and write a
line. Twenty people logging at the same time are twenty sessions open together, not
twenty robots pressing Save in the same instant. `--think 0` is that stress instead: no
pause at all. On this machine the twenty browsers themselves need most of the two cores
(Streamlit's page costs the browser about ten times the server's work on each run), so
without pauses the latency grows with the number of sessions whatever the server does;
the CPU table says where the time went.

Bounded: at most `--sessions` contexts, each making at most `--saves` saves; in each
phase no new save starts after `--max-seconds`, and whatever is still running is
abandoned a minute later. Page loads happen a few at a time, before the phase's clock.
The server listens on 127.0.0.1 only and is stopped at the end. Not a test: it prints the
figures next to the target and exits 0.

    python bench/load.py [--sessions 20] [--saves 5] [--max-seconds 300] [--think 20]
                         [--rig-nice 0] [--page-idle-gc]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench.cold import CHROMIUM, CHROMIUM_ARGS, streamlit_server, unavailable  # noqa: E402
from dashboard.config import Settings  # noqa: E402
from dashboard.records import DailyCheckin, today_in  # noqa: E402
from dashboard.store import NewFamily, Store  # noqa: E402
from dashboard.text import day_text  # noqa: E402

P95_TARGET = 3.0
THINK_SECONDS = 20.0  # a person's pause between two check-ins (see the docstring)
STEP_TIMEOUT_MS = 60_000  # one page load, one pick or one save, however busy the machine
SETTLE_SECONDS = 1.0  # after Harbor's first page is drawn, before choosing the family
OPENING_AT_ONCE = 4  # sessions loading their first page at the same time (not timed)
GRACE_SECONDS = 60  # after --max-seconds: time for the saves already started to finish
# Timed saves of the lone session, before and after the load: one save alone takes 70 to
# 200 ms, so the median of ten (5 + 5) moved the yardstick by a third from run to run.
LONE_SAVES = 10
TIMEZONE = "America/New_York"
VIEWPORT = {"width": 1280, "height": 900}  # wide enough that the sidebar stays open
# V8's memory reducer gives a page that has gone quiet a full garbage collection some 20 to
# 30 s after its last run: about 0.25 s of CPU on the Log page, as much as a third of a
# save's, landing while other sessions save (a session pauses 10 to 30 s between saves). A
# phone spends it on its own CPU; here twenty pages spend it on the two cores the measured
# saves need. Off unless --page-idle-gc; every page, the lone one too, runs the same way,
# and collects its garbage as it allocates, as ever.
QUIET_IDLE_PAGES = ["--js-flags=--no-memory-reducer"]


# -- What the bench reads and presses on Harbor's pages: the only place to adapt when the
# -- pages change. Labels are the visible ones (dashboard/ui/setup.py, home.py, log.py).
class UI:
    CRISIS_BAR = "Need help now?"  # setup.CRISIS_BAR_LABEL, on every page
    FAMILY_SELECTOR = "Family"  # the sidebar's household selector
    LOG_LINK = "Log"  # the sidebar's link to pages/05_Log.py
    SAVE = "Save check-in"  # the new-entry form's button (an entry's own form says otherwise)
    FORM = '[data-testid="stForm"]'
    NOTE = re.compile(r"^Note")  # "Note (optional, up to … characters)", inside the form
    # st.date_input("Day", key="daily_checkin_day"), above and outside the form: a changed
    # day is sent, and the page runs again to show that day's form.
    DAY = "Day"
    TAKEN = "already has a check-in"  # log._day_taken: the day's entry, opened for editing
    SAVED = "this check-in is saved"  # log._as_saved: the entry just saved, shown as saved
    # Refusals: a crash, a validation message (st.error), "busy" or "logged meanwhile"
    # (st.warning).
    PROBLEMS = (
        '[data-testid="stException"], [data-testid="stAlertContentError"], '
        '[data-testid="stAlertContentWarning"]'
    )

    @staticmethod
    def home_line(household: str, loved_one: str) -> str:
        """The line under "Today" on Home, which names the family this session shows."""
        return f"{household} · supporting {loved_one}"

    @staticmethod
    def confirmation(day: date) -> str:
        """The whole message (and toast) confirming a new check-in for `day` (log.DAILY)."""
        return f"Check-in for {day_text(day)} saved."

    @staticmethod
    def as_saved(day: date) -> str:
        """The start of the notice shown once `day`'s new check-in is saved (log._as_saved)."""
        return f"{day_text(day, weekday=True, long=True)}: {UI.SAVED}"


# Streamlit marks its root element with the state of the page's run; a quick run may
# finish before it is ever drawn as "running", so the end of a run is told by the
# server's "script finished" message instead (PAGE_WATCH counts them in the page).
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# A run of the whole page, or of one fragment of it (the Log page's body runs alone when
# its Day or its forms change).
RUN_DONE = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)
# Picking the day is a paste from the clipboard into the Day field: the field reads the
# whole date from the pasted text, in its own format (YYYY-MM-DD).
# Installed in every page before Harbor's own scripts (BrowserContext.add_init_script), so
# the bench waits inside the page, on its own changes, instead of asking Playwright to poll
# it: Playwright's waits and its text and role selectors run in the same renderer as
# Streamlit's page, and cost a tenth of it on each save (a CPU profile of one session).
# It counts the runs the server says have finished, reading the field "script_finished" of
# each ForwardMsg on Streamlit's websocket (protobuf's wire format, top-level fields only).
PAGE_WATCH = (
    """
(() => {
  const FIELD = SCRIPT_FINISHED_FIELD, DONE = new Set(RUN_DONE_STATUSES);
  const bench = window.harborBench = {runs: 0};
  const checks = new Set();
  const varint = (bytes, at) => {
    let value = 0, scale = 1, byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80 && at < bytes.length);
    return [value, at];
  };
  const runFinished = (bytes) => {
    let at = 0, tag, value;
    while (at < bytes.length) {
      [tag, at] = varint(bytes, at);
      const field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) {
        [value, at] = varint(bytes, at);
        if (field === FIELD) return DONE.has(value);
      } else if (wire === 2) {
        [value, at] = varint(bytes, at);
        at += value;
      } else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return false;
    }
    return false;
  };
  bench.runFinished = runFinished;  // for tests/browser/test_bench_clicks.py
  const decoder = new TextDecoder();
  // The moment the message carrying the awaited confirmation arrives (its text is stored
  // as UTF-8 in the protobuf): a save's time splits into the server's and the page's.
  const arrival = (bytes) => {
    const clock = window.harborSaveClock;
    if (clock && clock.clicked !== null && clock.arrived === null
        && decoder.decode(bytes).includes(clock.text)) clock.arrived = performance.now();
  };
  bench.arrival = arrival;  // for tests/browser/test_bench_clicks.py too
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        arrival(new Uint8Array(event.data));
        if (runFinished(new Uint8Array(event.data))) {
          bench.runs += 1;
          for (const check of [...checks]) check();
        }
      });
    }
  };
  // True once ready() holds, checked at each change of the page (and every 100 ms, for
  // what a change does not signal); false after ms.
  bench.until = (ready, ms) => new Promise((resolve) => {
    if (ready()) return resolve(true);
    const observer = new MutationObserver(() => check());
    const tick = setInterval(() => check(), 100);
    const timer = setTimeout(() => finish(false), ms);
    function finish(ok) {
      observer.disconnect();
      checks.delete(check);
      clearInterval(tick);
      clearTimeout(timer);
      resolve(ok);
    }
    function check() { if (ready()) finish(true); }
    checks.add(check);
    observer.observe(document, {childList: true, subtree: true, characterData: true,
                                attributes: true, attributeFilter: ['data-test-script-state']});
  });
  bench.idle = () => document.querySelector('IDLE_SELECTOR') !== null;
  bench.mainText = () => (document.querySelector('[data-testid="stMain"]') || {}).textContent || '';
  bench.problems = () => [...document.querySelectorAll('PROBLEMS_SELECTOR')]
    .map((box) => box.innerText.split(/\\s+/).join(' ').trim().slice(0, 160));
  // The Save button of a form in the main area, by its exact text.
  bench.formButton = (label) => [...document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stForm"] button')]
    .find((button) => button.textContent.trim() === label) || null;
})();
""".replace(
        "SCRIPT_FINISHED_FIELD", str(ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number)
    )
    .replace("RUN_DONE_STATUSES", json.dumps(list(RUN_DONE)))
    .replace("IDLE_SELECTOR", IDLE)
    .replace("PROBLEMS_SELECTOR", " ".join(UI.PROBLEMS.split()))
)
# Paste the day, then wait in the page for the run it starts to finish.
PICK_DAY = """
(field, [text, ms]) => {
  const bench = window.harborBench, before = bench.runs;
  const data = new DataTransfer();
  data.setData('text', text);
  field.dispatchEvent(
    new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
  return bench.until(() => bench.runs > before && bench.idle(), ms);
}
"""
# The new-entry form for the day picked: no notice of the day's entry, its Save shown.
NEW_ENTRY = """
async ([taken, save, ms]) => {
  const bench = window.harborBench;
  const ready = () => bench.idle() && !bench.mainText().includes(taken) && bench.formButton(save);
  const shown = await bench.until(ready, ms);
  return {shown, taken: bench.mainText().includes(taken), problems: bench.problems()};
}
"""
# After Save: the confirmation drawn (the save clock saw it) or a refusal shown instead.
SAVE_OUTCOME = """
async (ms) => {
  const bench = window.harborBench, clock = window.harborSaveClock;
  await bench.until(() => clock.found || bench.problems().length > 0, ms);
  return {confirmed: clock.found, problems: bench.problems()};
}
"""
# The run that saved shows the entry as saved in place of the form: the save is over.
RUN_OVER = """
([text, ms]) => {
  const bench = window.harborBench;
  return bench.until(() => bench.idle() && bench.mainText().includes(text), ms);
}
"""

# The clock of a save runs in the page: from the click on Save (a capturing listener) to
# the animation frame in which the confirmation is first drawn (a MutationObserver sees its
# text arrive; the next frame paints it). Playwright's own waits poll the page 0, 20, 50,
# 100, 100, then every 500 ms after they start, so a confirmation drawn 280 ms after the
# click was seen, and was timed, at about 770 ms: the old clock measured its polling.
WATCH_SAVE = """
(text) => {
  if (window.harborSaveClock && window.harborSaveClock.stop) window.harborSaveClock.stop();
  const clock = window.harborSaveClock =
    {text, clicked: null, arrived: null, found: false, shown: null};
  document.addEventListener('click', () => {
    if (clock.clicked === null) clock.clicked = performance.now();
  }, {capture: true, once: true});
  const holds = (node) => node && (node.textContent || '').includes(text);
  const seen = new MutationObserver((changes) => {
    if (clock.clicked === null) return;
    for (const change of changes) {
      const nodes = change.type === 'characterData' ? [change.target] : change.addedNodes;
      for (const node of nodes) {
        if (holds(node)) {
          seen.disconnect();
          clock.found = true;
          requestAnimationFrame(() => { clock.shown = performance.now(); });
          return;
        }
      }
    }
  });
  seen.observe(document.body, {childList: true, subtree: true, characterData: true});
  clock.stop = () => seen.disconnect();
}
"""
READ_SAVE_CLOCK = """
async () => {
  const clock = window.harborSaveClock || {};
  if (clock.stop) clock.stop();
  // Seen, and its frame not yet run: Playwright may see the text first. Wait for it.
  for (let frame = 0; frame < 30 && clock.found && clock.shown === null; frame++) {
    await new Promise((ran) => requestAnimationFrame(ran));
  }
  if (clock.clicked === null || clock.shown === null || clock.shown === undefined) return null;
  const arrived = clock.arrived === null ? null : (clock.arrived - clock.clicked) / 1000;
  return [(clock.shown - clock.clicked) / 1000, arrived];
}
"""


@dataclass(frozen=True)
class Family:
    id: uuid.UUID
    name: str
    loved_one_id: uuid.UUID
    loved_one: str


@dataclass(frozen=True)
class Save:
    family: Family
    day: date
    canary: str


@dataclass
class SessionResult:
    attempted: int = 0
    confirmed: int = 0
    latencies: list[float] = field(default_factory=list)
    # For each timed save, seconds from the click until the confirmation reached the page
    # (None if no message was seen to carry it); the rest of its latency is the page's.
    arrivals: list[float | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    finished: bool = False  # its saves are over (its page may stay open for the others)


@dataclass(frozen=True)
class Phase:
    """What the sessions of one phase planned, did and saw."""

    name: str
    plans: list[list[Save]]
    results: list[SessionResult]
    opening: float  # seconds until every session had its Log page open
    saving: float  # seconds from then until the last session finished
    usage: tuple[Cpu, Cpu] | None  # CPU counters while saving
    warmup: int = 0  # each session's first saves that warm the server, not timed

    @property
    def planned(self) -> list[Save]:
        return [s for plan in self.plans for s in plan]

    @property
    def attempted(self) -> list[Save]:
        """The saves whose button was pressed (each session's first `attempted`)."""
        return [
            s for plan, r in zip(self.plans, self.results, strict=True) for s in plan[: r.attempted]
        ]

    @property
    def confirmed(self) -> int:
        """Saves whose session was told "saved"."""
        return sum(r.confirmed for r in self.results)

    @property
    def latencies(self) -> list[float]:
        return [t for r in self.results for t in r.latencies[self.warmup :]]

    @property
    def arrivals(self) -> list[float | None]:
        return [t for r in self.results for t in r.arrivals[self.warmup :]]

    @property
    def errors(self) -> list[str]:
        return [e for r in self.results for e in r.errors]


def create_families(data_dir: Path, names: list[str]) -> dict[str, Family]:
    """The households the sessions use, made up front through the store."""
    store = Store.open(Settings(data_dir, f"sqlite:///{data_dir / 'harbor.db'}"))
    families = {}
    for number, name in enumerate(names, start=1):
        loved_one = f"Robin {number:02d}"
        household = store.create_family(
            NewFamily(name, loved_one, f"Pat {number:02d}", timezone=TIMEZONE)
        )
        families[name] = Family(household.id, name, household.loved_ones()[0].id, loved_one)
    store.engine.dispose()
    return families


def plan_saves(family: Family, first_day_back: int, count: int, tag: str) -> list[Save]:
    """`count` saves on consecutive past days, each with a unique canary in its note."""
    today = today_in(TIMEZONE)
    return [
        Save(
            family,
            today - timedelta(days=first_day_back + n),
            f"load-canary {tag}-{n} {uuid.uuid4().hex}",
        )
        for n in range(count)
    ]


class Refused(Exception):
    """The page showed a warning or an error instead of what the step waited for."""


class Session:
    """One person in one browser context: their family, the Log page, their saves."""

    def __init__(self, page, url: str, result: SessionResult) -> None:
        self.page = page
        self.url = url
        self.result = result
        self.main = page.locator('[data-testid="stMain"]')
        self.sidebar = page.locator('[data-testid="stSidebar"]')
        self.step = "starting"  # what the session is doing, named when a step fails
        page.on("pageerror", lambda exc: result.errors.append(f"page error: {exc}"))
        page.set_default_timeout(STEP_TIMEOUT_MS)

    async def idle(self) -> None:
        """Wait until the page's script has finished its run (page loads, not timed)."""
        await self.page.get_by_text(UI.CRISIS_BAR).first.wait_for(state="visible")
        await self.page.locator(IDLE).wait_for(state="attached")

    async def problems(self) -> list[str]:
        texts = await self.page.locator(UI.PROBLEMS).all_inner_texts()
        return [" ".join(text.split())[:160] for text in texts]

    async def open_log(self, family: Family) -> None:
        """Open Harbor, choose the family in the sidebar, then go to the Log page."""
        self.step = "opening Harbor"
        await self.page.goto(self.url, timeout=STEP_TIMEOUT_MS)
        await self.idle()
        # The sidebar is still settling just after the first run: a family list opened then
        # closed again under the pointer about one time in five. People read first anyway.
        await asyncio.sleep(SETTLE_SECONDS)
        line = self.main.get_by_text(UI.home_line(family.name, family.loved_one), exact=True)
        for _ in range(3):
            if await line.count():
                break
            self.step = "choosing the family"
            await self.choose_family(family.name)
            with contextlib.suppress(Exception):
                await line.wait_for(state="visible", timeout=STEP_TIMEOUT_MS / 3)
        await line.wait_for(state="visible")
        self.step = "opening the Log page"
        await self.sidebar.get_by_role("link", name=UI.LOG_LINK, exact=True).click()
        await self.main.get_by_role("button", name=UI.SAVE, exact=True).wait_for(state="visible")
        await self.idle()

    async def choose_family(self, name: str) -> None:
        """One try at choosing the family; open_log tries three times, as a person would
        tap again on a page still busy loading (page loads are not what is measured)."""
        picker = self.sidebar.get_by_test_id("stSelectbox").filter(has_text=UI.FAMILY_SELECTOR)
        box = picker.get_by_role("combobox")
        try:
            await box.click(timeout=STEP_TIMEOUT_MS / 3)
        except Exception:
            return
        option = self.page.get_by_role("option", name=name, exact=True)
        try:  # a run that redraws the sidebar meanwhile takes the open list away
            await box.fill(name, timeout=STEP_TIMEOUT_MS / 3)
            await option.wait_for(state="visible", timeout=STEP_TIMEOUT_MS / 3)
            await option.click(timeout=STEP_TIMEOUT_MS / 3)
        except Exception:
            with contextlib.suppress(Exception):
                await box.press("Escape", timeout=STEP_TIMEOUT_MS / 6)

    async def pick_day(self, day: date) -> None:
        """Paste the day into the Day field, and wait in the page for the run it starts.

        A paste sets the whole date at once and sends it, so the page runs once. Typed key
        by key, the field sends the day only when it loses the focus or its calendar
        closes, which depends on where the focus went: a run the bench cannot wait for
        with certainty (the note was then typed into the form the run was replacing)."""
        field_ = self.main.get_by_test_id("stDateInput").filter(has_text=UI.DAY).first
        stored = field_.locator("input[type=date]")
        wanted = day.isoformat()
        for _ in range(3):
            if await stored.input_value() == wanted:
                return
            group = field_.get_by_role("group", name=UI.DAY)
            if not await group.evaluate(PICK_DAY, [wanted, STEP_TIMEOUT_MS]):
                raise RuntimeError(f"the page did not run after the Day became {wanted}")
        raise RuntimeError(f"the Day field would not take {wanted}")

    async def new_entry_form(self, day: date):
        """The form for a new check-in on `day`: the day is empty, nothing is refused."""
        found = await self.page.evaluate(NEW_ENTRY, [UI.TAKEN, UI.SAVE, STEP_TIMEOUT_MS / 6])
        if found["taken"]:
            raise Refused(f"{day} showed an entry already, not the new-entry form")
        if found["problems"]:
            raise Refused(f"before saving {day}, shown: {found['problems'][0]}")
        if not found["shown"]:
            raise Refused(f"the new-entry form for {day} was not shown")
        return self.main.locator(UI.FORM).filter(has=self.page.locator("button", has_text=UI.SAVE))

    async def save(self, save: Save) -> None:
        """Pick the day, write the note, press Save; time until the confirmation shows.

        A refusal (a warning or an error instead of the confirmation) is an error of the
        session, and the next save goes on from a freshly drawn page."""
        self.step = f"saving {save.day}"
        try:
            await self.pick_day(save.day)
            form = await self.new_entry_form(save.day)
            note = form.get_by_label(UI.NOTE)
            await note.fill(save.canary)
            if await note.input_value() != save.canary:
                raise Refused(f"the note for {save.day} would not take its text")
        except Refused as refused:
            self.result.errors.append(str(refused))
            return
        await self.page.evaluate(WATCH_SAVE, UI.confirmation(save.day))
        self.result.attempted += 1
        await form.locator("button", has_text=UI.SAVE).click()
        outcome = await self.page.evaluate(SAVE_OUTCOME, STEP_TIMEOUT_MS)
        if not outcome["confirmed"]:
            if not outcome["problems"]:
                self.result.errors.append(f"no confirmation within {STEP_TIMEOUT_MS // 1000} s")
            for shown in outcome["problems"]:
                self.result.errors.append(f"refused: {shown}")
            return
        clock = await self.page.evaluate(READ_SAVE_CLOCK)
        if clock is None:  # the page's clock saw no click, or no confirmation drawn
            self.result.errors.append(f"the save of {save.day} was not timed in the page")
            return
        self.result.confirmed += 1
        self.result.latencies.append(clock[0])
        self.result.arrivals.append(clock[1])
        # The same run shows the entry as saved in place of the form: the save is over.
        if not await self.page.evaluate(RUN_OVER, [UI.as_saved(save.day), STEP_TIMEOUT_MS]):
            self.result.errors.append(f"after saving {save.day}, its entry was not shown")
        for shown in await self.problems():
            self.result.errors.append(f"shown after saving: {shown}")


@dataclass(frozen=True)
class Cpu:
    """CPU seconds used so far, at `wall`: by the Harbor server; by the bench's browsers,
    split into the pages (Chromium's renderer processes, which run Streamlit's page) and the
    rest of the rig (Chromium's browser, GPU and utility processes, and Playwright's
    driver); and by the whole machine, which also counts whatever else is running."""

    server: float
    pages: float
    rig: float
    machine: float
    wall: float


def _processes() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds of the process and of its children it has reaped)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # Fields after "(comm)" start at field 3 (state): ppid is field 4, then utime,
            # stime, cutime and cstime are fields 14 to 17.
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended while we looked
            continue
        found[int(entry.name)] = (int(fields[1]), sum(int(v) for v in fields[11:15]) / ticks)
    return found


def _tree(processes: dict[int, tuple[int, float]], root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += children.get(pid, [])
    return tree


def _rig(processes: dict[int, tuple[int, float]], server_pid: int) -> set[int]:
    """Every process this bench started, apart from the server: Chromium and Playwright's
    driver."""
    return _tree(processes, os.getpid()) - _tree(processes, server_pid) - {os.getpid()}


def _is_page(pid: int) -> bool:
    """A Chromium renderer: the process that runs a page's scripts and draws it."""
    try:
        return b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it ended while we looked
        return False


def cpu_now(server_pid: int) -> Cpu | None:
    """Read from /proc (Linux); None where there is no /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        processes = _processes()
        # user nice system idle iowait irq softirq steal (guest time is already in user)
        cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    except (OSError, ValueError, IndexError):
        return None
    rig = _rig(processes, server_pid)
    pages = {pid for pid in rig if _is_page(pid)}
    return Cpu(
        sum(processes[p][1] for p in _tree(processes, server_pid)),
        sum(processes[p][1] for p in pages),
        sum(processes[p][1] for p in rig - pages),
        (sum(cpu) - cpu[3] - cpu[4]) / ticks,
        time.perf_counter(),
    )


def lower_rig_priority(server_pid: int, nice: int) -> None:
    """Give the bench's own browsers and driver the nice value `nice`, so the server under
    test never waits behind them for a core (it runs at the bench's own priority).

    Linux keeps a nice value per thread, so every thread is set; the renderers Chromium
    starts later for each context are forked from its zygote and inherit its value."""
    for pid in _rig(_processes(), server_pid):
        with contextlib.suppress(OSError):  # a process or thread that ended meanwhile
            for thread in Path(f"/proc/{pid}/task").iterdir():
                os.setpriority(os.PRIO_PROCESS, int(thread.name), nice)


class Milestone:
    """Reached once `count` sessions have each called `pass_by` (a session passes by once,
    whatever happened to it): notes the time and the CPU counters at that moment."""

    def __init__(self, count: int, server_pid: int) -> None:
        self.left = count
        self.server_pid = server_pid
        self.reached = asyncio.Event()
        self.at = 0.0
        self.cpu: Cpu | None = None

    def pass_by(self) -> None:
        self.left -= 1
        if self.left <= 0 and not self.reached.is_set():
            self.at = time.perf_counter()
            self.cpu = cpu_now(self.server_pid)
            self.reached.set()


class Gate:
    """Opens once every session of a phase has its Log page open (or has given up), so
    the saves of a phase run together rather than alongside other sessions' page loads.
    `finished` is reached when the last session has finished saving: the sessions keep
    their pages open until then, so every page's renderer is still there to be read.
    `doors` lets OPENING_AT_ONCE sessions load their pages at a time: twenty first loads
    at once on two cores made a session give up before the saves began, and page loads
    are not what is measured."""

    def __init__(self, sessions: int, server_pid: int) -> None:
        self.doors = asyncio.Semaphore(OPENING_AT_ONCE)
        self.opened = Milestone(sessions, server_pid)
        self.finished = Milestone(sessions, server_pid)


async def run_session(
    browser,
    url: str,
    saves: list[Save],
    gate: Gate,
    deadline: float,
    think: float,
    result: SessionResult,
) -> None:
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(PAGE_WATCH)
    arrived = saved = False
    session = None
    try:
        session = Session(await context.new_page(), url, result)
        async with gate.doors:  # a few at a time: page loads are not timed
            await session.open_log(saves[0].family)
        gate.opened.pass_by()
        arrived = True
        await gate.opened.reached.wait()
        if think:  # people do not all press Save in the same instant
            await asyncio.sleep(random.uniform(0, think))
        for save in saves:
            if time.monotonic() > deadline:
                break
            await session.save(save)
            if think:
                await asyncio.sleep(random.uniform(0.5, 1.5) * think)
        saved = result.finished = True
        gate.finished.pass_by()
        await gate.finished.reached.wait()  # the page stays open until the CPU is read
    except Exception as exc:  # a broken session is a finding, not a crash of the bench
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        step = f" while {session.step}" if session else ""
        result.errors.append(f"{type(exc).__name__}{step}: {first_line[:160]}")
    finally:
        if not arrived:
            gate.opened.pass_by()
        if not saved:
            gate.finished.pass_by()
        await context.close()


async def run_phase(
    browser,
    server: tuple[str, int],
    name: str,
    plans: list[list[Save]],
    deadline: float,
    think: float,
    warmup: int = 0,
) -> Phase:
    url, server_pid = server
    results = [SessionResult() for _ in plans]
    gate = Gate(len(plans), server_pid)
    started = time.perf_counter()
    tasks = [
        asyncio.ensure_future(run_session(browser, url, plan, gate, deadline, think, result))
        for plan, result in zip(plans, results, strict=True)
    ]
    remaining = max(deadline - time.monotonic(), 0) + GRACE_SECONDS
    _, pending = await asyncio.wait(tasks, timeout=remaining)
    for task, result in zip(tasks, results, strict=True):
        if task in pending:
            task.cancel()
            if not result.finished:
                result.errors.append("still running at the time limit; abandoned")
    if pending:
        await asyncio.wait(pending, timeout=10)
    opened, finished = gate.opened, gate.finished
    if finished.reached.is_set():  # read while every page was still open
        ended, cpu = finished.at, finished.cpu
    else:
        ended, cpu = time.perf_counter(), cpu_now(server_pid)
    if not opened.reached.is_set():
        opened.at = ended
    usage = (opened.cpu, cpu) if opened.cpu and cpu else None
    return Phase(name, plans, results, opened.at - started, ended - opened.at, usage, warmup)


@dataclass
class LoadRun:
    sessions: int
    saves: int
    think: float
    rig_nice: int
    page_idle_gc: bool
    single: list[float]
    phases: list[Phase]
    landed: dict[str, int]
    wrong: dict[str, list[str]]
    seconds: float


async def _measure(
    server: tuple[str, int],
    families: dict[str, Family],
    sessions: int,
    saves: int,
    think: float,
    limit: float,
    rig_nice: int,
    lone_saves: int,
    page_idle_gc: bool,
) -> tuple[list[float], list[Phase]]:
    from playwright.async_api import async_playwright

    single_family = families["Load single"]
    shared = families["Load shared"]
    own = [families[f"Load family {n:02d}"] for n in range(1, sessions + 1)]
    single_saves = max(saves, lone_saves)
    phases: list[Phase] = []
    single: list[float] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS if page_idle_gc else [*CHROMIUM_ARGS, *QUIET_IDLE_PAGES],
            headless=True,
        )
        if rig_nice:
            lower_rig_priority(server[1], rig_nice)
        try:
            steps = [
                ("alone, before", [plan_saves(single_family, 1, single_saves + 1, "single-a")]),
                (
                    f"{sessions} at once, one household",
                    [
                        plan_saves(shared, 1 + s * saves, saves, f"shared-{s}")
                        for s in range(sessions)
                    ],
                ),
                (
                    "alone, after",
                    [plan_saves(single_family, 2 + single_saves, single_saves + 1, "single-b")],
                ),
                (
                    f"{sessions} at once, {sessions} households",
                    [plan_saves(own[s], 1, saves, f"own-{s}") for s in range(sessions)],
                ),
            ]
            for name, plans in steps:
                deadline = time.monotonic() + limit  # each phase has the whole limit
                alone = name.startswith("alone")
                # The lone session's first save warms the server's caches: not timed.
                phase = await run_phase(
                    browser, server, name, plans, deadline, 0 if alone else think, int(alone)
                )
                if alone:
                    single += phase.latencies
                phases.append(phase)
        finally:
            await browser.close()
    return single, phases


def count_landed(data_dir: Path, phases: list[Phase]) -> tuple[dict, dict]:
    """For each phase: saves whose canary is in exactly one check-in, its own, on its day."""
    store = Store.open(Settings(data_dir, f"sqlite:///{data_dir / 'harbor.db'}"))
    found: dict[str, list[tuple[uuid.UUID, DailyCheckin]]] = {}
    for household in store.households():
        for checkin in store.household(household.id).newest(DailyCheckin, 1_000_000):
            found.setdefault(checkin.notes, []).append((household.id, checkin))
    store.engine.dispose()
    landed, wrong = {}, {}
    for phase in phases:
        landed[phase.name], wrong[phase.name] = 0, []
        for save in phase.attempted:
            rows = found.get(save.canary, [])
            if (
                len(rows) == 1
                and rows[0][0] == save.family.id
                and rows[0][1].loved_one_id == save.family.loved_one_id
                and rows[0][1].day == save.day
            ):
                landed[phase.name] += 1
            else:
                where = ", ".join(f"{c.day} in {h}" for h, c in rows) or "nowhere"
                wrong[phase.name].append(f"{save.canary.split()[1]} for {save.day}: {where}")
    return landed, wrong


def measure_load(
    sessions: int = 20,
    saves: int = 5,
    max_seconds: float = 300,
    think: float = THINK_SECONDS,
    rig_nice: int = 0,
    lone_saves: int = LONE_SAVES,
    page_idle_gc: bool = False,
):
    """Run the phases against a fresh server and read back what landed."""
    started = time.perf_counter()
    names = [
        "Load single",
        "Load shared",
        *(f"Load family {n:02d}" for n in range(1, sessions + 1)),
    ]
    with tempfile.TemporaryDirectory(prefix="harbor-bench-load-") as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        families = create_families(data_dir, names)
        with streamlit_server("streamlit_app.py", ROOT, data_dir) as (url, _, process):
            single, phases = asyncio.run(
                _measure(
                    (url, process.pid),
                    families,
                    sessions,
                    saves,
                    think,
                    max_seconds,
                    rig_nice,
                    lone_saves,
                    page_idle_gc,
                )
            )
        landed, wrong = count_landed(data_dir, phases)
    return LoadRun(
        sessions,
        saves,
        think,
        rig_nice,
        page_idle_gc,
        single,
        phases,
        landed,
        wrong,
        time.perf_counter() - started,
    )


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def _shortfalls(run: LoadRun, phase: Phase, base: float | None) -> list[str]:
    """What keeps a phase from the target: lost or doubled saves, errors, slow saves."""
    missed = []
    if run.landed[phase.name] != len(phase.attempted) or run.wrong[phase.name]:
        missed.append("lost or doubled saves")
    if phase.errors:
        missed.append("errors")
    concurrent = not phase.name.startswith("alone")
    if concurrent and base and phase.latencies and _p95(phase.latencies) / base > P95_TARGET:
        missed.append("p95")
    if len(phase.attempted) < len(phase.planned):
        missed.append(f"{len(phase.planned) - len(phase.attempted)} saves not made")
    return missed


def report_load(run: LoadRun) -> None:
    base = statistics.median(run.single) if run.single else None
    pacing = (
        f"pausing about {run.think:g} s between saves" if run.think else "no pause between saves"
    )
    print()
    print(
        f"4. {run.sessions} browser sessions at once saving check-ins on the Log page "
        f"({run.saves} each, {pacing}); latency = Save click → confirmation visible, "
        f"÷ one session alone"
    )
    if base is None:
        print("   one session alone: no save was timed, so no ratio can be given")
    else:
        print(
            f"   one session alone: median {base * 1000:.0f} ms over {len(run.single)} saves "
            f"(before and after the load)"
        )
    print(
        f"   target: every save lands exactly once, no session sees an error, "
        f"p95 ≤ {P95_TARGET:g} × alone"
    )
    print(
        f"{'phase':30} {'saves':>5} {'told':>5} {'landed':>6} {'errors':>6} {'median':>7} "
        f"{'p95':>6}"
    )
    missed_any = False
    for phase in run.phases:
        latencies = phase.latencies
        if base and latencies:
            ratios = f"{statistics.median(latencies) / base:6.2f}× {_p95(latencies) / base:5.2f}×"
        else:
            ratios = f"{'-':>7} {'-':>6}"
        missed = _shortfalls(run, phase, base)
        missed_any = missed_any or bool(missed)
        flag = f"  MISSED ({', '.join(missed)})" if missed else ""
        print(
            f"{phase.name:30} {len(phase.attempted):5d} {phase.confirmed:5d} "
            f"{run.landed[phase.name]:6d} "
            f"{len(phase.errors):6d} {ratios}{flag}"
        )
    for phase in run.phases:
        for line in sorted(set(phase.errors))[:10]:
            print(f"   {phase.name}: {line} (×{phase.errors.count(line)})")
        for line in run.wrong[phase.name][:10]:
            print(f"   {phase.name}: not landed exactly once: {line}")
    print(f"   {'target MISSED' if missed_any else 'target met'}; {run.seconds:.0f} s in all")
    report_split(run)
    report_usage(run)


def report_split(run: LoadRun) -> None:
    """Where a save's time went: until the confirmation reached the page (the server, and
    the loopback), then until the page drew it (the browser)."""
    print(
        "   each save's time, in ms, split where the confirmation reaches the page "
        "(median and p95 of each part):"
    )
    print(f"   {'phase':30} {'to the page':>15} {'drawn':>15}")
    for phase in run.phases:
        parts = [
            (arrived, total - arrived)
            for total, arrived in zip(phase.latencies, phase.arrivals, strict=True)
            if arrived is not None
        ]
        cells = []
        for values in zip(*parts, strict=True) if parts else ((), ()):
            cells.append(
                f"{statistics.median(values) * 1000:7.0f} {_p95(list(values)) * 1000:7.0f}"
                if values
                else f"{'-':>15}"
            )
        print(f"   {phase.name:30} {cells[0]:>15} {cells[1]:>15}")


def report_usage(run: LoadRun) -> None:
    """Where the CPU went while saving: the server, the bench's browsers, everything else."""
    cores = os.cpu_count() or 1
    priority = (
        f"at nice {run.rig_nice} (--rig-nice), below the server"
        if run.rig_nice
        else "at the server's priority"
    )
    idle_gc = "with" if run.page_idle_gc else "without (--page-idle-gc to keep it)"
    print(
        f"   while saving, CPU as a share of the machine ({cores} cores); the browsers run "
        f"on the same machine as the server, {priority}, their pages {idle_gc} V8's "
        "collection once idle:"
    )
    print(
        f"   {'phase':30} {'open s':>6} {'save s':>6} {'server':>6} {'per save':>8} "
        f"{'pages':>6} {'per save':>8} {'rig':>5} {'other':>6} {'idle':>5}"
    )
    for phase in run.phases:
        if phase.usage is None or phase.saving <= 0:
            usage = f"{'-':>6} {'-':>8} {'-':>6} {'-':>8} {'-':>5} {'-':>6} {'-':>5}"
        else:
            start, end = phase.usage
            capacity = (end.wall - start.wall) * cores
            server = end.server - start.server
            pages = end.pages - start.pages
            rig = end.rig - start.rig
            machine = end.machine - start.machine
            saves = max(len(phase.attempted), 1)
            other = max(machine - server - pages - rig, 0)
            usage = (
                f"{server / capacity:6.0%} {server / saves * 1000:6.0f}ms "
                f"{pages / capacity:6.0%} {pages / saves * 1000:6.0f}ms "
                f"{rig / capacity:5.0%} {other / capacity:6.0%} "
                f"{max(1 - machine / capacity, 0):5.0%}"
            )
        print(f"   {phase.name:30} {phase.opening:6.1f} {phase.saving:6.1f} {usage}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions at once (20)")
    parser.add_argument("--saves", type=int, default=5, help="check-ins each session saves (5)")
    parser.add_argument(
        "--max-seconds", type=float, default=300, help="no save starts after this (300)"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=THINK_SECONDS,
        help=f"seconds a person pauses between saves ({THINK_SECONDS:g}; 0: no pause)",
    )
    parser.add_argument(
        "--rig-nice",
        type=int,
        default=0,
        choices=range(20),
        metavar="N",
        help="run the bench's browsers at nice N, below the server (0: same priority)",
    )
    parser.add_argument(
        "--page-idle-gc",
        action="store_true",
        help="keep V8's full collection of each page once it goes quiet (off by default)",
    )
    args = parser.parse_args()
    reason = unavailable()
    if reason:
        print(f"4. load: skipped, {reason}")
        return
    report_load(
        measure_load(
            args.sessions,
            args.saves,
            args.max_seconds,
            args.think,
            args.rig_nice,
            page_idle_gc=args.page_idle_gc,
        )
    )


if __name__ == "__main__":
    main()
