"""Calendars read for what they are: travel becomes trips, an event at a place becomes a
planned event people can be added to, a conference's schedule is one event named after the
calendar, and an online meeting has no place."""

from __future__ import annotations

from typing import Any

from tests.conftest import FIXTURES, Run

ICS = FIXTURES / "ics"


def _events(run_json) -> dict[str, Any]:
    return {m["event"]: m for m in run_json("meetings")}


def test_a_concert_calendar_is_events_not_trips(run: Run, run_json) -> None:
    summary = run_json("import", str(ICS / "concerts-songkick.ics"))
    assert (summary["trips"]["added"], summary["interactions"]["added"]) == (0, 6)
    events = _events(run_json)
    assert events["Phoebe Bridgers at Ryman Auditorium"]["place"] == "Nashville, Tennessee, US"
    assert events["Caroline Polachek at Paradiso"]["place"] == "Amsterdam, The Netherlands"
    assert events["Bon Iver at The Anthem"]["place"].startswith("Washington, District of Columbia")
    assert all(e["attendees"] == [] for e in events.values())
    assert run_json("trip", "list") == []


def test_people_can_be_added_to_an_imported_event(run: Run, run_json) -> None:
    run("import", str(ICS / "luma-event.ics"))
    run("contact", "add", "Ana Ortiz")
    (event,) = run_json("meetings")
    run("meetings", "edit", str(event["id"]), "--add-person", "Ana")
    assert run_json("import", str(ICS / "luma-event.ics"))["interactions"]["unchanged"] == 1
    (event,) = run_json("meetings")
    assert [a["name"] for a in event["attendees"]] == ["Ana Ortiz"]
    assert event["event"] == "Founders Breakfast Nashville"


def test_a_schedule_away_from_home_is_one_trip_named_after_the_calendar(run: Run, run_json) -> None:
    run("config", "set", "home", "Knoxville, TN")
    summary = run_json("import", str(ICS / "conference-schedule-sched-atlanta.ics"))
    assert (summary["trips"]["added"], summary["interactions"]["added"]) == (1, 0)
    (trip,) = run_json("trip", "list")
    assert (trip["name"], trip["start"], trip["end"]) == (
        "DevRelCon Atlanta 2027",
        "2027-09-16",
        "2027-09-18",
    )
    assert run_json("trip", "show", trip["name"])["stops"][0]["place"].startswith("Atlanta")


def test_a_schedule_at_home_is_one_event(run: Run, run_json) -> None:
    run("config", "set", "home", "Atlanta, GA")
    summary = run_json("import", str(ICS / "conference-schedule-sched-atlanta.ics"))
    assert (summary["trips"]["added"], summary["interactions"]["added"]) == (0, 1)
    (event,) = run_json("meetings")
    assert (event["event"], event["date"]) == ("DevRelCon Atlanta 2027", "2027-09-16")


def test_a_schedule_of_rooms_alone_is_an_event_without_a_place(run: Run, run_json) -> None:
    summary = run_json("import", str(ICS / "conference-schedule-pretalx-rooms-only.ics"))
    assert summary["interactions"]["added"] == 1  # not 32 talks, not a town called Janson
    (event,) = run_json("meetings")
    assert (event["event"], event["place"]) == ("FOSDEM 2027", None)


def test_a_schedule_whose_talks_share_uids_imports_once(run: Run, run_json) -> None:
    path = str(ICS / "conference-schedule-shared-uids.ics")
    first = run_json("import", path)
    assert first["added"] == 1
    again = run_json("import", path)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 1)


def test_online_meetings_have_no_place(run: Run, run_json) -> None:
    summary = run_json("import", str(ICS / "online-meetings-zoom-meet-teams.ics"))
    assert summary["skipped_reasons"] == {"online event (no place)": 4}
    (event,) = run_json("meetings")  # the hybrid one, at its venue
    assert event["place"] == "Austin, Texas, US"
    assert run_json("trip", "list") == []


def test_tbc_and_room_codes_name_no_place_and_stations_their_city(run: Run, run_json) -> None:
    summary = run_json("import", str(ICS / "tbc-rooms-and-stations.ics"))
    assert summary["skipped_reasons"] == {"event without a place": 3}
    places = {e["event"]: e["place"] for e in _events(run_json).values()}
    assert places == {
        "Meet Lena at the station": "Berlin, Germany",
        "Coffee before the train": "Paris, France",
        "Drinks": "Vienna, Austria",
    }


def test_tripit_check_outs_and_return_flights_in_utc_stay_with_their_trip(
    run: Run, run_json
) -> None:
    summary = run_json("import", str(ICS / "tripit-utc-checkout-day-after.ics"))
    assert summary["trips"]["added"] == 1
    (trip,) = run_json("trip", "list")
    assert (trip["start"], trip["end"]) == ("2027-03-08", "2027-03-12")


def test_airline_and_hotel_confirmations_make_one_trip(run: Run, run_json) -> None:
    run("import", str(ICS / "gmail-flight-and-hotel-confirmations.ics"))
    (trip,) = run_json("trip", "list")
    stops = [s["place"] for s in run_json("trip", "show", trip["name"])["stops"]]
    assert stops == ["Lisbon, Portugal", "Porto, Portugal"]


def test_a_geo_written_longitude_first_gives_the_point(run: Run, run_json) -> None:
    run("import", str(ICS / "lastfm-events-geo-longitude-first.ics"))
    events = _events(run_json)
    brixton = events["Arlo Parks"]
    assert (round(brixton["lat"], 2), round(brixton["lon"], 2)) == (51.47, -0.11)
    assert brixton["place"] == "London, United Kingdom"
