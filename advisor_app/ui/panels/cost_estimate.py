"""The header's cost line: "Estimated cost $95,671  estimate, 2024-25 rates  Details…". Details
opens the estimate term by term, with what it leaves out and what it assumes."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import Catalog, Plan
from advisor_app.domain.costs import CostEstimate, estimate_cost, estimate_lines, money
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.grid.term_column import ElidedLabel


class CostEstimateLine(QWidget):
    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self.document = document
        self.setObjectName("costEstimate")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 0, 8, 2)
        row.setSpacing(8)
        # The figure is never cut (a cut "$95,6" reads as another number); in a narrow header
        # the caveat gives way with "…" and its whole text is in its tooltip.
        self.figure = QLabel()
        self.figure.setObjectName("costFigure")
        self.figure.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.caveat = ElidedLabel()
        self.caveat.setObjectName("hint")
        self.details = QPushButton("Details…")
        self.details.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.details.setObjectName("linkButton")
        self.details.setAccessibleName("Details of the estimated cost")
        self.details.clicked.connect(self.show_details)
        row.addWidget(self.figure)
        row.addWidget(self.caveat)
        row.addWidget(self.details)
        row.addStretch(1)
        self.estimate: CostEstimate | None = None
        document.plan_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.estimate = estimate_cost(self.document.catalog, self.document.plan)
        if self.estimate is None:
            self.figure.setText("Estimated cost: no tuition rates for this track")
            self.caveat.setText("")
        else:
            self.figure.setText(f"Estimated cost: <b>{self.estimate.total}</b>")
            self.caveat.setText(self.estimate.caveat)
        self.details.setEnabled(self.estimate is not None)
        text = self.figure.text().replace("<b>", "").replace("</b>", "")
        self.setAccessibleName(f"{text}, {self.caveat.text()}".rstrip(", "))
        self.figure.setAccessibleName(self.accessibleName())

    def show_details(self) -> None:
        if self.estimate is not None:
            CostDetailsDialog(self.document.catalog, self.document.plan, self.estimate, self).exec()


def details_text(catalog: Catalog, plan: Plan, estimate: CostEstimate) -> str:
    """The estimate in words: term by term, the total, what it leaves out, what it assumes, and
    where the rates come from."""
    schedule = catalog.tuition
    lines = estimate_lines(estimate)
    if schedule is None:
        return "\n".join(lines)
    published = schedule.published.get(plan.track)
    if published:
        figure = (
            money(published.low * 100)
            if published.low == published.high
            else f"{money(published.low * 100)} to {money(published.high * 100)}"
        )
        lines.append(f"Published for this track ({schedule.academic_year}): {figure}")
    lines += ["", schedule.excludes, "", "Assumed where the program publishes no rule:"]
    lines += [f"• {a.text}" for a in schedule.assumptions]
    lines += [
        f"• {r.label}: {r.source.removeprefix('assumption:').strip()}"
        for r in schedule.rates.values()
        if r.assumed
    ]
    lines += ["", "Sources:"]
    lines += [f"• {s.title} ({s.url}): {s.where}" for s in schedule.sources.values()]
    return "\n".join(lines)


class CostDetailsDialog(QDialog):
    def __init__(
        self, catalog: Catalog, plan: Plan, estimate: CostEstimate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Estimated cost ({estimate.caveat})")
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(details_text(catalog, plan, estimate))
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Estimated cost, term by term, with its assumptions")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        chars = self.fontMetrics().averageCharWidth()
        self.resize(min(chars * 100, 1000), self.fontMetrics().height() * 30)
        self.text.setFocus()
