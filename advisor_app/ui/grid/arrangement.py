"""How the term columns share the grid's space: one row when they fit, two or more when not.

Pure arithmetic, so the choice is easy to test: columns never go below the width that keeps every
course code whole, rows never below the height of a term's labels and two cards. Scrolling is the
last resort, and then the term labels stay at the top of each row.
"""

from math import ceil

from msgspec import Struct


class Arrangement(Struct, frozen=True):
    rows: int
    per_row: int
    min_width: int  # below this the grid scrolls sideways
    min_height: int  # below this it scrolls down

    @property
    def compact(self) -> bool:
        """Cards with one title line, when the terms share the height."""
        return self.rows > 1


def arrange(
    count: int,
    width: int,
    height: int,
    column_min: int,
    row_min: int,
    spacing: int,
    margin: int,
) -> Arrangement:
    """The fewest rows of `count` columns that fit `width` and leave each row `row_min` high."""
    count = max(count, 1)

    def needed(per_row: int) -> int:
        return per_row * column_min + (per_row - 1) * spacing + 2 * margin

    most_rows = max(1, min(count, (height - 2 * margin + spacing) // (row_min + spacing)))
    rows = next((r for r in range(1, most_rows + 1) if needed(ceil(count / r)) <= width), most_rows)
    per_row = ceil(count / rows)
    rows = ceil(count / per_row)  # 7 terms in rows of 4: two rows
    return Arrangement(
        rows, per_row, needed(per_row), rows * row_min + (rows - 1) * spacing + 2 * margin
    )
