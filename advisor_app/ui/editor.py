"""Every edit a user can make, as one method each: drops, keys, menus and fixes all land here."""

from collections.abc import Callable

from msgspec.structs import replace

from advisor_app.domain import CourseRecord, Decision, ExternalCourse, Plan, edits, waiver
from advisor_app.rules import Finding, Fix, apply_fix, describe
from advisor_app.ui.document import PlanDocument

MERGE_NOTES = 1  # consecutive keystrokes in the notes are one undo step


class PlanEditor:
    def __init__(self, document: PlanDocument) -> None:
        self.document = document
        # Asked before a completed or started course is moved or removed (the window asks the
        # user; without a window, it goes ahead).
        self.confirm_moving_record: Callable[[str, CourseRecord], bool] = lambda _e, _r: True

    def _record_allows(self, entry: str, term_id: str) -> bool:
        record = self.plan.record(term_id, entry)
        if record.status == "planned" or self.plan.locked:  # a locked plan refuses the edit anyway
            return True
        return self.confirm_moving_record(entry, record)

    @property
    def plan(self) -> Plan:
        return self.document.plan

    def add(self, entry: str, term_id: str, index: int | None = None) -> bool:
        entry = self.document.catalog.canonical(entry)
        return self.document.edit(f"Add {entry}", edits.place(self.plan, entry, term_id, index))

    def drop(
        self, codes: list[str], term_id: str, source_term: str | None, index: int | None = None
    ) -> None:
        """A drop on a term: a move when it comes from the grid, an add from the catalog."""
        self.document.undo_stack.beginMacro(self._drop_text(codes, source_term))
        try:
            for offset, code in enumerate(codes):
                at = None if index is None else index + offset
                if source_term:
                    self.move(code, source_term, term_id, at)
                else:
                    self.add(code, term_id, at)
        finally:
            self.document.undo_stack.endMacro()

    @staticmethod
    def _drop_text(codes: list[str], source_term: str | None) -> str:
        return f"{'Move' if source_term else 'Add'} {', '.join(codes)}"

    def move(self, entry: str, from_term: str, to_term: str, index: int | None = None) -> None:
        if entry not in self.plan.terms.get(from_term, ()):
            return
        if from_term != to_term and not self._record_allows(entry, from_term):
            return
        self.document.edit(f"Move {entry}", edits.move(self.plan, entry, from_term, to_term, index))

    def move_by(self, entry: str, term_id: str, step: int) -> str | None:
        """Move to the previous (-1) or next (+1) term of the track; returns the new term."""
        track = self.document.catalog.tracks.get(self.plan.track)
        if track is None:
            return None
        ids = list(track.term_ids) + [t for t in self.plan.terms if t not in track.term_index]
        if term_id not in ids:
            return None
        target = ids.index(term_id) + step
        if not 0 <= target < len(track.term_ids):
            return None
        self.move(entry, term_id, ids[target])
        return ids[target]

    def remove(self, entry: str, term_id: str) -> None:
        if entry in self.plan.terms.get(term_id, ()) and self._record_allows(entry, term_id):
            self.document.edit(f"Remove {entry}", edits.remove(self.plan, entry, term_id))

    def replace_entry(self, term_id: str, old: str, new: str) -> None:
        self.document.edit(f"Choose {new}", edits.replace_entry(self.plan, term_id, old, new))

    def apply_fix(self, fix: Fix) -> None:
        moving = fix.action in ("move", "remove") and fix.from_term
        if moving and not self._record_allows(fix.entry, fix.from_term or ""):
            return
        try:
            after = apply_fix(self.plan, fix)
        except edits.EditError:
            return
        self.document.edit(fix.description or f"Fix {fix.entry}", after)

    def change_track(self, track_id: str) -> None:
        track = self.document.catalog.tracks.get(track_id)
        if track is None or track_id == self.plan.track:
            return
        self.document.edit(f"Change track to {track.name}", edits.change_track(self.plan, track))

    def waive(self, finding: Finding, reason: str) -> None:
        course = finding.courses[0] if finding.courses else ""
        decision = waiver(finding.rule, course, reason.strip())
        self.document.edit(f"Waive '{finding.title}'", edits.add_exception(self.plan, decision))

    def unwaive(self, finding: Finding) -> None:
        for decision in self.plan.waivers:
            if decision.matches(finding.rule, finding.courses):
                self.document.edit(
                    f"Remove waiver of '{finding.title}'",
                    edits.remove_exception(self.plan, decision),
                )
                return

    def set_milestone(self, milestone_id: str, done: bool) -> None:
        milestone = self.document.catalog.milestones.get(milestone_id)
        name = milestone.label if milestone else milestone_id
        text = f"Mark '{name}' {'done' if done else 'not done'}"
        self.document.edit(text, edits.set_milestone(self.plan, milestone_id, done))

    def set_header(self, **fields: object) -> None:
        changed = {k: v for k, v in fields.items() if getattr(self.plan, k) != v}
        if changed:
            names = ", ".join(k.replace("_", " ") for k in changed)
            self.document.edit(f"Edit {names}", replace(self.plan, **changed))

    def approve(self, on: str, by: str) -> bool:
        return self.document.edit(
            f"Approve revision {self.plan.revision}", edits.approve(self.plan, on, by)
        )

    def start_revision(self) -> bool:
        after = edits.start_revision(self.plan)
        return self.document.edit(f"Start revision {after.revision}", after)

    def set_notes(self, notes: str) -> None:
        if notes != self.plan.notes:
            self.document.edit("Edit notes", replace(self.plan, notes=notes), MERGE_NOTES)

    # ------------------------------------------------------------------ the student's record
    def set_record(self, term_id: str, entry: str, record: CourseRecord) -> bool:
        """Mark a course completed or in progress, with a grade (one undo step)."""
        if self.plan.record(term_id, entry) == record:
            return False
        words = {"completed": "completed", "in-progress": "in progress", "planned": "planned"}
        text = f"Mark {entry} {words.get(record.status, record.status)}"
        if record.grade:
            text += f" ({record.grade})"
        return self.document.edit(text, edits.set_record(self.plan, term_id, entry, record))

    # ------------------------------------------------------------------ courses from outside
    def add_external_course(self, course: ExternalCourse) -> bool:
        return self.document.edit(
            f"Enter {course.code}", edits.add_external_course(self.plan, course)
        )

    def replace_external_course(self, code: str, course: ExternalCourse) -> bool:
        return self.document.edit(
            f"Edit {course.code}", edits.replace_external_course(self.plan, code, course)
        )

    def remove_external_course(self, code: str) -> bool:
        return self.document.edit(
            f"Remove entered course {code}", edits.remove_external_course(self.plan, code)
        )

    # ------------------------------------------------------------------ the advisor's exceptions
    def add_exception(self, decision: Decision) -> bool:
        text = f"Add exception: {self._describe(decision)}"
        return self.document.edit(text, edits.add_exception(self.plan, decision))

    def replace_exception(self, old: Decision, new: Decision) -> bool:
        text = f"Edit exception: {self._describe(new)}"
        return self.document.edit(text, edits.replace_exception(self.plan, old, new))

    def remove_exception(self, decision: Decision) -> bool:
        text = f"Remove exception: {self._describe(decision)}"
        return self.document.edit(text, edits.remove_exception(self.plan, decision))

    def _describe(self, decision: Decision) -> str:
        track = self.document.catalog.tracks.get(self.plan.track)
        labels = {r.id: r.label for r in track.requirements} if track else {}
        return describe(decision, labels)
