"""Exported PDFs carry their plan as an embedded file: reading it back is reading the plan."""

from advisor_app.plans.pdf_reader import ATTACHMENT_NAME, read_pdf

__all__ = ["ATTACHMENT_NAME", "plan_text_from_pdf"]


def plan_text_from_pdf(raw: bytes, name: str) -> str:
    """The embedded plan's text, read by the one bounded PDF reader that `verify` uses too."""
    return read_pdf(raw, name).plan_text
