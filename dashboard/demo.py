"""The fictional demo family, expanded from data/demo/family.yaml.

Days in the file are offsets from the day the demo is loaded, so the demo always looks
current. A fixed random seed makes every load the same story.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import yaml

from dashboard.config import CONTENT_DIR
from dashboard.records import (
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CaregiverCheckin,
    CraftResponse,
    DailyCheckin,
    FamilyMember,
    Household,
    LovedOne,
    ModuleRead,
    Record,
    SessionQuestion,
    SmallWin,
    SoberActivity,
    TreatmentEvent,
    TreatmentInvitation,
    TreatmentOption,
    WarningSignTick,
    today_in,
)
from dashboard.store import HouseholdStore, Store

DEMO_FILE = CONTENT_DIR / "demo" / "family.yaml"
DEMO_SEED = 20_261_121


def demo_spec() -> dict[str, Any]:
    return yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))


def find_demo(store: Store) -> HouseholdStore | None:
    demo = next((h for h in store.households() if h.is_demo), None)
    return None if demo is None else store.household(demo.id)


def load_demo(store: Store, today: date | None = None) -> tuple[HouseholdStore, bool]:
    """Load the demo family once. Returns (its store, whether it was created now)."""
    existing = find_demo(store)
    if existing is not None:
        return existing, False
    records = build_demo_records(demo_spec(), today)
    store.insert_records(records)
    return store.household(records[0].id), True


def build_demo_records(spec: dict[str, Any], today: date | None = None) -> list[Record]:
    """Every record of the demo, parents first, ready to insert in one transaction."""
    rng = random.Random(DEMO_SEED)
    household = Household(**spec["household"], is_demo=True)
    loved_one = LovedOne(household_id=household.id, **spec["loved_one"])
    today = today or today_in(loved_one.timezone)

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    members = {
        m["key"]: FamilyMember(
            household_id=household.id,
            display_name=m["display_name"],
            relationship=m["relationship"],
        )
        for m in spec["members"]
    }
    common = {"household_id": household.id}
    records: list[Record] = [household, loved_one, *members.values()]
    records += _checkins(spec, rng, common, loved_one, members, day)
    records += _events(spec, common, loved_one, members, day)
    records += [
        SmallWin(
            **common,
            loved_one_id=loved_one.id,
            day=day(w["day"]),
            category=w["category"],
            text=w["text"],
            logged_by=members[w["logged_by"]].id,
        )
        for w in spec.get("wins", [])
    ]
    records += _caregiver_checkins(spec, rng, common, members, day)
    records += [
        ModuleRead(
            **common,
            family_member_id=members[r["member"]].id,
            module_id=r["module"],
            day=day(r["day"]),
        )
        for r in spec.get("module_reads", [])
    ]
    records += [
        WarningSignTick(
            **common,
            loved_one_id=loved_one.id,
            sign_id=sign_id,
            day=day(tick["day"]),
            logged_by=members[tick["logged_by"]].id,
        )
        for tick in spec.get("warning_signs", [])
        for sign_id in tick["signs"]
    ]
    records += _boundaries_and_craft(spec, common, loved_one, members, day)
    records += [
        SessionQuestion(
            **common,
            loved_one_id=loved_one.id,
            range_start=day(q["from"]),
            range_end=day(q["to"]),
            text=q["text"],
            logged_by=members[q["logged_by"]].id,
        )
        for q in spec.get("session_questions", [])
    ]
    return records


def _checkins(spec, rng, common, loved_one, members, day) -> list[DailyCheckin]:
    notes = {n["day"]: n for n in spec.get("checkin_notes", [])}
    checkins = []
    for phase in spec["checkin_phases"]:
        uses, weights = zip(*phase["use"].items(), strict=True)
        for offset in range(phase["from"], phase["to"] + 1):
            note = notes.get(offset)
            if note is None and rng.random() >= phase["checkin_rate"]:
                continue
            shared = rng.random() < phase["craving_shared_rate"]
            checkins.append(
                DailyCheckin(
                    **common,
                    loved_one_id=loved_one.id,
                    day=day(offset),
                    observed_use=(note or {}).get("use") or rng.choices(uses, weights)[0],
                    mood=rng.randint(*phase["mood"]),
                    sleep=rng.randint(*phase["sleep"]),
                    attended_treatment=rng.random() < phase["attended_rate"],
                    craving=rng.randint(*phase["craving"]) if shared else None,
                    urinary_symptoms=rng.random() < phase["urinary_rate"],
                    notes=(note or {}).get("note", ""),
                    share_in_reports=bool((note or {}).get("share", False)),
                    logged_by=members[rng.choice(phase["logged_by"])].id,
                )
            )
    return checkins


def _events(spec, common, loved_one, members, day) -> list[TreatmentEvent]:
    def event(item: dict, start: int, end: int | None) -> TreatmentEvent:
        return TreatmentEvent(
            **common,
            loved_one_id=loved_one.id,
            kind=item["kind"],
            title=item.get("title", ""),
            start_date=day(start),
            end_date=None if end is None else day(end),
            status=item.get("status", "actual"),
            notes=item.get("notes", ""),
            share_in_reports=bool(item.get("share", False)),
            logged_by=members[item["logged_by"]].id,
        )

    events = [event(e, e["start"], e.get("end")) for e in spec.get("events", [])]
    for series in spec.get("recurring_events", []):
        skip = set(series.get("skip", []))
        for offset in range(series["from"], series["to"] + 1, series["every_days"]):
            if offset not in skip:
                events.append(event(series, offset, None))
    return events


def _caregiver_checkins(spec, rng, common, members, day) -> list[CaregiverCheckin]:
    notes = {(n["member"], n["day"]): n["note"] for n in spec.get("caregiver_notes", [])}
    checkins = []
    for phase in spec.get("caregiver_phases", []):
        member = members[phase["member"]]
        for offset in range(phase["from"], phase["to"] + 1):
            note = notes.get((phase["member"], offset))
            if note is None and rng.random() >= phase["checkin_rate"]:
                continue
            did_self_care = rng.random() < phase["self_care_rate"]
            checkins.append(
                CaregiverCheckin(
                    **common,
                    family_member_id=member.id,
                    day=day(offset),
                    stress=rng.randint(*phase["stress"]),
                    sleep=rng.randint(*phase["sleep"]),
                    self_care_done=did_self_care,
                    self_care_note=rng.choice(phase["self_care_notes"]) if did_self_care else "",
                    notes=note or "",
                )
            )
    return checkins


def _boundaries_and_craft(spec, common, loved_one, members, day) -> list[Record]:
    """Boundary plans with their history, responses, an invitation and sober activities."""
    records: list[Record] = []
    for item in spec.get("boundary_plans", []):
        plan = BoundaryPlan(
            **common,
            loved_one_id=loved_one.id,
            area=item["area"],
            tip_id=item.get("tip"),
            boundary=item["boundary"],
            why_it_matters=item["why_it_matters"],
            if_crossed=item["if_crossed"],
            how_to_say_it=item.get("how_to_say_it", ""),
            plan_date=day(item["plan_day"]),
            review_date=day(item["review_day"]) if "review_day" in item else None,
            archived=item.get("archived", False),
            logged_by=members[item["logged_by"]].id,
        )
        records.append(plan)
        records += [
            BoundaryStatusChange(
                **common,
                plan_id=plan.id,
                day=day(change["day"]),
                status=change["status"],
                note=change.get("note", ""),
                logged_by=members[change["logged_by"]].id,
            )
            for change in item.get("history", [])
        ]
    records += [
        CraftResponse(
            **common,
            loved_one_id=loved_one.id,
            day=day(r["day"]),
            saw=r["saw"],
            did=r["did"],
            what_i_did=r.get("what_i_did", ""),
            what_happened=r.get("what_happened", ""),
            how_i_felt=r.get("how_i_felt", ""),
            logged_by=members[r["logged_by"]].id,
        )
        for r in spec.get("craft_responses", [])
    ]
    options = {
        o["key"]: TreatmentOption(
            **common,
            name=o["name"],
            phone=o.get("phone", ""),
            hours=o.get("hours", ""),
            cost_notes=o.get("cost_notes", ""),
            notes=o.get("notes", ""),
        )
        for o in spec.get("treatment_options", [])
    }
    records += options.values()
    records += [
        TreatmentInvitation(
            **common,
            loved_one_id=loved_one.id,
            plan_date=day(i["plan_day"]),
            window_signs=",".join(i.get("window_signs", [])),
            option_id=options[i["option"]].id if i.get("option") else None,
            words=i["words"],
            if_no=i.get("if_no", ""),
            asked_on=day(i["asked_day"]) if "asked_day" in i else None,
            outcome=i.get("outcome", "not_yet_asked"),
            outcome_note=i.get("outcome_note", ""),
            logged_by=members[i["logged_by"]].id,
        )
        for i in spec.get("treatment_invitations", [])
    ]
    for item in spec.get("sober_activities", []):
        activity = SoberActivity(
            **common,
            loved_one_id=loved_one.id,
            title=item["title"],
            why_it_helps=item.get("why_it_helps", ""),
            competes_with=item.get("competes_with", ""),
            cost_notes=item.get("cost_notes", ""),
            logged_by=members[item["logged_by"]].id,
        )
        records.append(activity)
        records += [
            ActivityOccasion(
                **common,
                activity_id=activity.id,
                day=day(o["day"]),
                status=o["status"],
                note=o.get("note", ""),
                logged_by=members[o["logged_by"]].id,
            )
            for o in item.get("occasions", [])
        ]
    return records
