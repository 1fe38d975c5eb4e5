"""Plan > Courses from Outside the Catalog…: graduate courses the advisor enters for this plan (a
director-approved elective, a new AIPI 590 section, an MD course), so they can be planned and
counted. Each is added, edited or removed as one undoable edit; once entered, a course is found in
the catalog's search like any other and dragged onto a term."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import ExternalCourse, normalize_code
from advisor_app.ui.dialogs.list_editor import ListEditorDialog, row
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor


class ExternalCoursesDialog(ListEditorDialog):
    def __init__(self, document: PlanDocument, editor: PlanEditor, parent: QWidget | None = None):
        super().__init__(
            document,
            editor,
            "Courses from outside the catalog",
            "Graduate courses outside the catalog that this plan may use: a director-approved "
            "elective, a new AIPI 590 section, an MD course. Enter one and place it in a term; "
            "its card then moves like any other. A course from another department still needs "
            "the director's approval: count it toward the technical electives (Plan > "
            "Exceptions).",
            parent,
        )
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.fontMetrics().height() * 20)
        self.refresh()

    def items(self) -> list[QListWidgetItem]:
        catalog = self.document.catalog
        plan = self.document.plan
        rows = []
        for course in plan.external_courses:
            category = catalog.categories.get(course.category)
            kind = category.label if category else f"unknown category “{course.category}”"
            placed = "in the plan" if plan.contains(course.code) else "not placed yet"
            text = f"{course.code}  {course.title}\n    {course.units:g} units, {kind}; {placed}"
            rows.append(row(text, course))
        return rows

    def add(self) -> None:
        form = ExternalCourseForm(self.document, None, self)
        if form.exec() != QDialog.DialogCode.Accepted or form.course is None:
            return
        stack = self.document.undo_stack
        stack.beginMacro(f"Enter {form.course.code}")  # entered and placed: one undo step
        try:
            self.editor.add_external_course(form.course)
            if form.term_id:
                self.editor.add(form.course.code, form.term_id)
        finally:
            stack.endMacro()

    def edit(self) -> None:
        old = self.current()
        if old is None or self._read_only():
            return
        form = ExternalCourseForm(self.document, old, self)
        if form.exec() == QDialog.DialogCode.Accepted and form.course is not None:
            self.editor.replace_external_course(old.code, form.course)

    def remove(self) -> None:
        course = self.current()
        if course is not None:
            self.editor.remove_external_course(course.code)


class ExternalCourseForm(QDialog):
    def __init__(
        self, document: PlanDocument, course: ExternalCourse | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.original = course
        self.course: ExternalCourse | None = None
        self.setWindowTitle("Edit entered course" if course else "Enter a course")
        self.code = QLineEdit(course.code if course else "")
        self.code.setPlaceholderText("ME 555")
        self.title = QLineEdit(course.title if course else "")
        self.units = QDoubleSpinBox()
        self.units.setRange(0, 12)
        self.units.setSingleStep(0.5)
        self.units.setDecimals(1)
        self.units.setValue(course.units if course else 3.0)
        self.category = QComboBox()
        for category in document.catalog.categories.values():
            self.category.addItem(category.label, category.id)
        wanted = course.category if course else "graduate-elective"
        self.category.setCurrentIndex(max(0, self.category.findData(wanted)))
        self.term = QComboBox()
        self.term.addItem("(not placed yet)", "")
        plan = document.plan
        track = document.catalog.tracks.get(plan.track)
        for term in track.terms if track else ():
            self.term.addItem(f"{term.calendar_label(plan.start_year)} ({term.name})", term.id)
        self.term_id = ""
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Code", self.code)
        form.addRow("&Title", self.title)
        form.addRow("&Units", self.units)
        form.addRow("C&ounts as", self.category)
        if course is None:
            form.addRow("&Place in", self.term)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        code = normalize_code(self.code.text())
        catalog = self.document.catalog
        others = {c.code for c in self.document.plan.external_courses}
        if self.original is not None:
            others.discard(self.original.code)
        if not code or len(code) > 64:
            self.problem.setText("Give the course's code, such as ME 555.")
            return
        if catalog.course(code) is not None:
            self.problem.setText(f"{code} is in the catalog: drag it from there.")
            return
        if code in others:
            self.problem.setText(f"{code} is entered already.")
            return
        self.course = ExternalCourse(
            code, self.title.text().strip()[:300], self.units.value(), self.category.currentData()
        )
        self.term_id = self.term.currentData() or ""
        super().accept()
