"""The question asked when the plan changed on disk since this window read or wrote it: what
differs, and four answers that each lose nothing (or nothing happens)."""

from enum import Enum

from msgspec import Struct
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_LINES = 10  # per side: an overview; Reload Theirs / Keep Both show the whole plans


class Choice(Enum):
    RELOAD = "reload"
    KEEP_BOTH = "keep-both"
    OVERWRITE = "overwrite"
    CANCEL = "cancel"


class Conflict(Struct, frozen=True):
    """What the dialog shows; the lines come from plans.changes.describe_changes."""

    name: str  # the plan file's name
    since: str  # "since you opened it" / "since you last saved it"
    when: str  # when it changed on disk, if known
    theirs: list[str]  # what changed on disk (or how it differs from yours, see `theirs_heading`)
    yours: (
        list[str] | None
    )  # your unsaved changes; None when the version you started from is unknown
    yours_copy: str  # NAME (yours DATE).json
    theirs_copy: str  # NAME (theirs DATE).json
    problem: str = ""  # why their file cannot be read as a plan
    saving: bool = True  # asked on save (False: from the bar's Compare)
    theirs_heading: str = "Changed on disk"


class SaveConflictDialog(QDialog):
    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = Choice.CANCEL
        self.setObjectName("saveConflictDialog")
        self.setWindowTitle("Plan changed on disk" if conflict.saving else "Compare with disk")
        layout = QVBoxLayout(self)
        when = f" (at {conflict.when})" if conflict.when else ""
        heading = self._label(
            f"{conflict.name} was changed outside this window {conflict.since}{when}.", "heading"
        )
        layout.addWidget(heading)
        if conflict.saving:
            layout.addWidget(
                self._label(
                    "Saving now would overwrite those changes. Choose what to do; nothing is "
                    "lost whichever you choose.",
                    "hint",
                )
            )
        lists = QHBoxLayout()
        theirs = conflict.theirs or ["No change to the plan itself (the file was rewritten)"]
        if conflict.problem:
            theirs = [f"The file on disk cannot be read as a plan: {conflict.problem}"]
        lists.addLayout(self._list(conflict.theirs_heading, theirs, "theirsList"), 1)
        if conflict.yours is not None:
            lists.addLayout(self._list("Your unsaved changes", conflict.yours, "yoursList"), 1)
        layout.addLayout(lists)
        unsaved = bool(conflict.yours) or conflict.yours is None
        self.buttons: dict[Choice, QPushButton] = {}
        self._choice(
            layout,
            Choice.RELOAD,
            "Reload Theirs",
            "Show their version here. Yours opens in a new window as an unsaved what-if copy."
            if unsaved
            else "Show their version here.",
            enabled=not conflict.problem,
        )
        if unsaved or conflict.saving:
            self._choice(
                layout,
                Choice.KEEP_BOTH,
                "Keep Both",
                f"Save yours as “{conflict.yours_copy}” beside it. Theirs stays as it is.",
            )
            self._choice(
                layout,
                Choice.OVERWRITE,
                "Overwrite",
                f"Save yours in its place. Theirs is kept as “{conflict.theirs_copy}”.",
            )
        layout.addStretch(1)  # spare height goes below the answers, not between the lines
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton("Cancel" if conflict.saving else "Close")
        cancel.setToolTip("Save nothing now; the plan stays open as it is")
        cancel.clicked.connect(self.reject)
        self.buttons[Choice.CANCEL] = cancel
        row.addWidget(cancel)
        layout.addLayout(row)
        default = self.buttons.get(Choice.KEEP_BOTH) or cancel
        default.setDefault(True)
        default.setFocus()
        width = self.fontMetrics().averageCharWidth() * 100
        height = layout.totalHeightForWidth(width)  # wrapped lines are taller when narrower
        self.resize(width, height if height > 0 else self.sizeHint().height())

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names and plans are other people's text
        label.setWordWrap(True)
        return label

    def _list(self, heading: str, lines: list[str], name: str) -> QVBoxLayout:
        column = QVBoxLayout()
        title = self._label(heading, "panelHeading")
        column.addWidget(title)
        shown = lines[:MAX_LINES]
        if len(lines) > MAX_LINES:
            shown.append(f"…and {len(lines) - MAX_LINES} more")
        # A wrapping label, not a list view: long lines wrap whole, and the lines can be copied.
        view = self._label("\n".join(f"• {line}" for line in shown) or "None", name)
        view.setAccessibleName(heading)
        view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        title.setBuddy(view)
        column.addWidget(view)
        column.addStretch(1)  # lists of different lengths stay aligned at the top
        return column

    def _choice(
        self, layout: QVBoxLayout, choice: Choice, text: str, description: str, enabled: bool = True
    ) -> None:
        button = QCommandLinkButton(text, description)
        button.setEnabled(enabled)
        button.setAccessibleDescription(description)
        button.clicked.connect(lambda: self._choose(choice))
        self.buttons[choice] = button
        layout.addWidget(button)

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()

    def ask(self) -> Choice:
        self.exec()
        return self.choice
