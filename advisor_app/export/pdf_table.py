"""The PDF's tables: one grid style, and cells that are plain text wherever they can be.

A plain cell is drawn with one drawString; a Paragraph is parsed as markup, wrapped and drawn run by
run, about ten times the work. A plan's tables hold a few hundred cells, most of them short ASCII,
so plain cells are where an export's time goes down (export-all of a thousand plans)."""

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from advisor_app.export.fonts import BOLD, FONT, fits_plainly, paragraph

CELL_SIZE, CELL_LEADING, CELL_PADDING = 8.5, 10.5, 4
# A table row cannot break across pages: a cell taller than this is cut, with a mark saying the
# rest is in the embedded plan. Shorter texts are never measured: at the narrowest column (1.2
# inches) the widest characters still print five to a line, 200 of them in 40 lines.
MAX_CELL_HEIGHT = 5 * 72.0
MEASURED_FROM_CHARS = 200
# More than fits any cell: 34 lines of the widest column in its narrowest characters.
NEVER_FITS_CHARS = 8_000
CONTINUED = "…(continued in the embedded plan)"

GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c1cc")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9edf3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        # Plain-text cells in the Paragraph cells' font, size and leading; the header row bold.
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
    ]
)


def cell(text: str, style: ParagraphStyle, width: float, bold: bool = False) -> object:
    """A table cell of `width` points: plain text where it is short and DejaVu draws it all, a
    Paragraph (which wraps, changes fonts and shapes scripts) in `style` otherwise. A plain cell
    takes its font from the table's style: `bold` only where the style makes it bold (the header
    row, or a cell grid_table is given in bold_cells), with a bold `style`."""
    if not text:
        return ""
    if fits_plainly(text, width - 2 * CELL_PADDING, CELL_SIZE, BOLD if bold else FONT):
        return text
    return paragraph(text, style)


def fitted(rows: list[list[Any]], widths: Sequence[float]) -> list[list[Any]]:
    """`rows` with each paragraph cell taller than MAX_CELL_HEIGHT cut to fit it: the longest
    start of its text that fits, with CONTINUED (a long word in wide characters, an unknown key
    of a thousand characters, would otherwise stop the whole export)."""
    return [
        [
            _fitted(value, width - 2 * CELL_PADDING)
            for value, width in zip(row, widths, strict=False)
        ]
        for row in rows
    ]


def _fitted(value: Any, width: float) -> Any:
    text = getattr(value, "plain", None)
    if text is None or len(text) < MEASURED_FROM_CHARS:
        return value
    if len(text) < NEVER_FITS_CHARS and value.wrap(width, MAX_CELL_HEIGHT)[1] <= MAX_CELL_HEIGHT:
        return value
    style = value.plain_style
    low, high = 0, min(len(text), NEVER_FITS_CHARS)  # the longest start that fits: in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        trial = paragraph(f"{text[:middle]} {CONTINUED}", style)
        if trial.wrap(width, MAX_CELL_HEIGHT)[1] <= MAX_CELL_HEIGHT:
            low = middle
        else:
            high = middle
    return paragraph(f"{text[:low]} {CONTINUED}", style)


def grid_table(
    rows: list[list[Any]],
    widths: Sequence[float],
    bold_cells: Iterable[tuple[int, int]] = (),
    repeat_header: bool = True,
) -> Table:
    """A table in the grid style, its first row the header; `bold_cells` ((column, row)) set
    in bold where they are plain text."""
    table = Table(
        fitted(rows, widths), colWidths=list(widths), repeatRows=1 if repeat_header else 0
    )
    table.setStyle(GRID)
    bold = [("FONTNAME", at, at, BOLD) for at in bold_cells]
    if bold:
        table.setStyle(TableStyle(bold))
    return table
