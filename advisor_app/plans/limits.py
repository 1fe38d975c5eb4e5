"""The bounds of what a plan file may hold. Every limit is far above a real plan and far below
what would make the app slow or fragile; a file beyond one is refused, naming the limit."""

from typing import Any

from msgspec import Struct

from advisor_app.plans.errors import PlanFileError


class Limits(Struct, frozen=True):
    file_bytes: int = 5_000_000  # a plan file (JSON)
    pdf_bytes: int = 50_000_000  # an exported PDF given where a plan is expected
    depth: int = 32  # nesting of objects and lists
    nodes: int = 200_000  # values of any kind in the whole file
    text_chars: int = 1_000
    name_chars: int = 200  # student, advisor, signer names and ids
    code_chars: int = 64  # course codes, term ids, rule and requirement ids
    title_chars: int = 300
    reason_chars: int = 2_000
    notes_chars: int = 100_000
    terms: int = 40
    entries_per_term: int = 40
    entries: int = 400
    exceptions: int = 200
    external_courses: int = 100
    milestones: int = 50
    history: int = 100
    extra_keys: int = 50
    # An exported PDF given where a plan is expected (see plans/pdf_reader.py).
    pdf_pages: int = 300
    # Times the PDF was updated after it was written (each update ends with its own "startxref"):
    # an export has one, a PDF signed elsewhere two or three.
    pdf_revisions: int = 64
    pdf_xref_entries: int = 100_000  # cross-reference entries in all (an export: about 40)
    pdf_attachments: int = 8  # embedded files of any name; an export has two
    pdf_attachment_bytes: int = 5_000_000  # one embedded file, compressed and decompressed
    pdf_name_tree_nodes: int = 64
    pdf_page_content_bytes: int = 1_000_000  # one page's content, decompressed (an export: 35 KB)
    pdf_content_bytes: int = 4_000_000  # all distinct page contents (100,000 notes: 0.6 MB)
    pdf_font_map_bytes: int = 1_000_000  # one font's character map (ToUnicode)


LIMITS = Limits()


def check_structure(data: Any) -> None:
    """Refuse JSON nested too deeply, too large in values, or holding text that is not valid
    Unicode (a lone surrogate such as "\\ud800" would break every writer downstream)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > LIMITS.nodes:
            raise PlanFileError(f"not a plan: more than {LIMITS.nodes:,} values")
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict | list):
            if depth > LIMITS.depth:
                raise PlanFileError(f"not a plan: nested more than {LIMITS.depth} levels deep")
            if isinstance(value, dict):
                for key in value:
                    _check_text(key)
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PlanFileError("not a plan: it holds text that is not valid Unicode") from None
