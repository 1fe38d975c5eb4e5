"""The drag-and-drop contract: `application/x-aipi-course`, course codes as UTF-8, one per line."""

from PySide6.QtCore import QMimeData

COURSE_MIME = "application/x-aipi-course"
# Where a dragged card comes from, so a drop inside the grid is a move (not part of the contract).
SOURCE_TERM_MIME = "application/x-aipi-source-term"


def encode(codes: list[str], source_term: str | None = None) -> QMimeData:
    data = QMimeData()
    data.setData(COURSE_MIME, "\n".join(codes).encode("utf-8"))
    data.setText("\n".join(codes))
    if source_term:
        data.setData(SOURCE_TERM_MIME, source_term.encode("utf-8"))
    return data


def decode(data: QMimeData) -> tuple[list[str], str | None]:
    """The codes carried and the term they come from (None when dragged from the catalog)."""
    if not data.hasFormat(COURSE_MIME):
        return [], None
    raw = bytes(data.data(COURSE_MIME).data()).decode("utf-8", errors="replace")
    codes = [line.strip() for line in raw.splitlines() if line.strip()]
    source = bytes(data.data(SOURCE_TERM_MIME).data()).decode("utf-8") or None
    return codes, source
