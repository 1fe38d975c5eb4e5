"""Exported PDFs carry their plan as an embedded file: reading it back is reading the plan."""

import io

from advisor_app.plans.errors import PlanFileError

#: The name of the embedded file that holds the plan inside an exported PDF.
ATTACHMENT_NAME = "plan.json"


def plan_text_from_pdf(raw: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        attachments = reader.attachments
        data = attachments.get(ATTACHMENT_NAME)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise PlanFileError(f"{name}: not a readable PDF ({error})") from None
    if not data:
        raise PlanFileError(f"{name}: this PDF holds no AIPI plan (no embedded {ATTACHMENT_NAME})")
    try:
        return data[-1].decode("utf-8")
    except UnicodeDecodeError:
        raise PlanFileError(f"{name}: the embedded plan is not UTF-8 text") from None
