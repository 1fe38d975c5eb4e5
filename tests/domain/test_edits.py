import pytest

from advisor_app.domain import Plan, Track, edits, normalize_code
from advisor_app.domain.edits import (
    EditError,
    change_track,
    from_template,
    move,
    place,
    remove,
    replace_entry,
)


def plan() -> Plan:
    return Plan(
        track="accelerated-12",
        start_year=2026,
        terms={"fall-1": ("A 510", "B 520"), "spring-1": ("C 540",)},
    )


def test_place_move_remove_are_pure():
    original = plan()
    placed = place(original, "D 530", "fall-1", 0)
    assert placed.terms["fall-1"] == ("D 530", "A 510", "B 520") and original == plan()
    moved = move(placed, "A 510", "fall-1", "spring-1")
    assert moved.terms["spring-1"] == ("C 540", "A 510")
    reordered = move(moved, "B 520", "fall-1", "fall-1", 0)
    assert reordered.terms["fall-1"] == ("B 520", "D 530")
    emptied = remove(remove(reordered, "B 520", "fall-1"), "D 530", "fall-1")
    assert "fall-1" not in emptied.terms
    with pytest.raises(EditError):
        remove(original, "Z 999", "fall-1")
    assert replace_entry(original, "fall-1", "B 520", "E 1").terms["fall-1"] == ("A 510", "E 1")


def test_change_track_keeps_every_entry(catalog):
    standard = from_template(catalog.tracks["standard-16"], 2026)
    switched = change_track(standard, catalog.tracks["accelerated-12"])
    assert switched.track == "accelerated-12"
    assert sorted(switched.entries()) == sorted(standard.entries())
    assert list(switched.terms)[-1] == "fall-2"  # outside the new track, kept and shown
    assert isinstance(catalog.tracks["standard-16"], Track)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("aipi510", "AIPI 510"),
        (" AIPI   540 ", "AIPI 540"),
        ("aipi 590-02", "AIPI 590-02"),
        ("ece682d", "ECE 682D"),
        ("tbd:Technical-Elective", "TBD:technical-elective"),
        ("Residency", "RESIDENCY"),
    ],
)
def test_normalize_code(text, code):
    assert normalize_code(text) == code


def test_an_approved_plan_changes_only_by_starting_a_new_revision(catalog):
    plan = from_template(catalog.tracks["standard-16"], 2026)
    approved = edits.approve(plan, "2026-11-25", "Dr. Advisor")
    assert approved.locked and approved.approved_on == "2026-11-25"
    assert edits.allowed(plan, edits.remove(plan, "AIPI 503", "summer-1"))
    assert not edits.allowed(approved, edits.remove(approved, "AIPI 503", "summer-1"))
    revision = edits.start_revision(approved)
    assert edits.allowed(approved, revision)
    assert not revision.locked and revision.revision == 2 and revision.approved_on == ""
    assert edits.start_revision(plan) is plan
