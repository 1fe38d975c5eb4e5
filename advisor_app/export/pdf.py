"""The plan as a PDF for the student's record (ReportLab), with the plan file embedded."""

import io
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from advisor_app.domain import Catalog, Plan, Term
from advisor_app.export.context import CONTEXT_NAME, export_context
from advisor_app.export.fingerprint import FOOTER_PREFIX, fingerprint_sha256, printed_fingerprint
from advisor_app.export.fonts import BOLD, FONT, paragraph, register_base_fonts
from advisor_app.export.pdf_canvas import FooterCanvas
from advisor_app.export.pdf_record import exception_section, record_note, satisfied_text
from advisor_app.export.pdf_sections import changes_section, cost_section
from advisor_app.export.pdf_table import (
    CELL_LEADING,
    CELL_SIZE,
    CONTINUED,
    cell,
    fitted,
    grid_table,
)
from advisor_app.plans import PlanFileError, dumps_plan, parse_plan
from advisor_app.plans.limits import LIMITS
from advisor_app.plans.pdf_attachment import ATTACHMENT_NAME
from advisor_app.plans.writing import write_atomically
from advisor_app.rules import Report, RequirementStatus, check, completed_units, summary

if TYPE_CHECKING:
    from advisor_app.export.signing import SignatureSlot, SigningCertificate

__all__ = ["FOOTER_PREFIX", "build_story", "export_pdf", "render_pdf"]


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=10,
            spaceAfter=4,
            # No keepWithNext: it would carry a long table whole to the next page. Headings
            # before tables get a conditional page break instead (_heading).
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cellbold": ParagraphStyle(
            "cellbold", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5
        ),
    }


_p = paragraph


def build_story(
    catalog: Catalog, plan: Plan, report: Report, generated: date, signed_by: str = ""
) -> list[object]:
    s = _styles()
    catalog = catalog.with_external(plan.external_courses)
    track = catalog.tracks.get(plan.track)
    graduate = [t for t in track.terms if t.level != "medical"] if track else []
    first = graduate[0].calendar_label(plan.start_year) if graduate else str(plan.start_year)
    story: list[object] = [
        _p(catalog.program, s["title"]),
        _p("Degree plan", s["h2"]),
    ]
    header = [
        ("Student", f"{plan.student_name or '—'} ({plan.student_id or 'no ID'})"),
        ("Advisor", plan.advisor_name or "—"),
        ("Track", track.name if track else f"{plan.track} (unknown track)"),
        ("Start term", first),
        ("Catalog", f"{catalog.catalog_year}, version {catalog.version}"),
        ("Generated", generated.isoformat()),
        ("Status", _status_line(plan, signed_by)),
        ("Validation", summary(report.findings)),
        (
            "Record",
            f"{completed_units(catalog, plan):g} of {catalog.total_units:g} units completed",
        ),
    ]
    rows = [
        [cell(k, s["cellbold"], 1.2 * inch, bold=True), cell(v, s["cell"], 5.8 * inch)]
        for k, v in header
    ]
    table = Table(fitted(rows, [1.2 * inch, 5.8 * inch]), colWidths=[1.2 * inch, 5.8 * inch])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (0, -1), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
            ]
        )
    )
    story += [table, *_heading("Plan, term by term", s)]
    widths = [1.55 * inch, 1.05 * inch, 3.8 * inch, 0.6 * inch]
    rows = [["Term", "Course", "Title", "Units"]]
    bold: list[tuple[int, int]] = []
    term_ids = list(track.term_ids) if track else []
    term_ids += [t for t in plan.terms if t not in term_ids]
    for term_id in term_ids:
        term = track.term(term_id) if track else None
        label = (
            _term_label(term, plan.start_year)
            if term
            else f"{catalog.term_label(plan.track, term_id, plan.start_year)} (outside the track)"
        )
        entries = plan.terms.get(term_id, ())
        total = 0.0
        for i, entry in enumerate(entries or ("—",)):
            course = catalog.course(entry)
            placeholder = None if course else catalog.placeholder(entry)
            units = catalog.units_of(entry)
            total += units if entry != "—" else 0
            code = entry if course else (f"({placeholder.label})" if placeholder else entry)
            title = catalog.display_title(entry) if entry != "—" else "no courses"
            title += record_note(catalog, plan, term_id, entry)
            texts = (label if i == 0 else "", code, title, f"{units:g}" if entry != "—" else "")
            rows.append([cell(t, s["cell"], w) for t, w in zip(texts, widths, strict=True)])
        bold.append((2, len(rows)))
        rows.append(
            ["", "", cell(f"Term total: {total:g} units", s["cellbold"], widths[2], True), ""]
        )
    story.append(grid_table(rows, widths, bold))
    story += changes_section(catalog, plan, s, _p) + cost_section(catalog, plan, s, _p)

    story += _heading("Requirements", s)
    widths = [0.3 * inch, 2.6 * inch, 1.4 * inch, 2.7 * inch]
    rows = [["", "Requirement", "Progress", "Satisfied by"]]
    for status in report.requirements:
        texts = (
            _mark(status),
            status.requirement.label,
            "waived" if status.waived else status.progress,
            satisfied_text(status),
        )
        rows.append([cell(t, s["cell"], w) for t, w in zip(texts, widths, strict=True)])
    story.append(grid_table(rows, widths))

    story += _heading(f"Findings: {summary(report.findings)}", s)
    if report.findings:
        # Plain titles for people; rule ids stay in `--json` output.
        widths = [0.8 * inch, 1.9 * inch, 4.3 * inch]
        rows = [["Severity", "Finding", "Details"]]
        bold = []
        for f in report.findings:
            sentence = f.message if f.message.endswith((".", "!", "?")) else f.message + "."
            text = sentence + (f" Suggested fix: {f.fix.description}." if f.fix else "")
            bold.append((1, len(rows)))
            rows.append(
                [
                    cell(f.severity, s["cell"], widths[0]),
                    cell(f.title, s["cellbold"], widths[1], bold=True),
                    cell(text, s["cell"], widths[2]),
                ]
            )
        story.append(grid_table(rows, widths, bold))
    else:
        story.append(_p("None.", s["body"]))
    story += exception_section(catalog, plan, s)
    story.append(_p("Notes", s["h2"]))
    for line in printable_lines(plan.notes or "None."):
        story.append(_p(line, s["body"]))
    sign = [
        _p("Sign-off", s["h2"]),
        _p(
            "The advisor and the student have reviewed this plan together and agree that it is the "
            "student's intended course of study. Changes after sign-off need a new revision.",
            s["body"],
        ),
        Spacer(1, 10),
    ]
    rows = [
        [
            _p(f"Advisor: {plan.advisor_name or ''}", s["cell"]),
            _p(f"Student: {plan.student_name or ''}", s["cell"]),
        ],
        [
            _p("Signature: ______________________", s["cell"]),
            _p("Signature: ______________________", s["cell"]),
        ],
        [
            _p(f"Date: {plan.approved_on or '____________'}", s["cell"]),
            _p("Date: ____________", s["cell"]),
        ],
    ]
    table = Table(fitted(rows, [3.5 * inch] * 2), colWidths=[3.5 * inch, 3.5 * inch])
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 8)]))
    sign += [
        table,
        Spacer(1, 6),
        _p(f"Plan status: {_status_line(plan, signed_by)}", s["cellbold"]),
    ]
    story.append(KeepTogether(sign))
    story += _other_data(plan, s)
    return story


# The notes print up to about three pages; the rest stays in the embedded plan.
NOTES_PRINTED_CHARS = 8_000
NOTES_PRINTED_LINES = 150


def printable_lines(text: str) -> list[str]:
    """The lines of `text` to print, cut with a marked "…(continued in the embedded plan)"
    when there is more than a record should hold."""
    lines: list[str] = []
    used = 0
    for line in text.splitlines() or [""]:
        if len(lines) == NOTES_PRINTED_LINES or used + len(line) > NOTES_PRINTED_CHARS:
            room = max(0, NOTES_PRINTED_CHARS - used) if len(lines) < NOTES_PRINTED_LINES else 0
            if room:
                lines.append(line[:room] + " " + CONTINUED)
            else:
                lines.append(CONTINUED)
            return lines
        lines.append(line)
        used += len(line)
    return lines


def _heading(text: str, s: dict[str, ParagraphStyle]) -> list[object]:
    """A section heading never left alone at the foot of a page."""
    return [CondPageBreak(1.3 * inch), _p(text, s["h2"])]


def _term_label(term: Term, start_year: int) -> str:
    label = term.calendar_label(start_year)
    return label if label == term.name else f"{label} ({term.name})"


def _status_line(plan: Plan, signed_by: str) -> str:
    if not plan.locked:
        return f"DRAFT, revision {plan.revision}: not yet approved"
    by = f" by {plan.approved_by}" if plan.approved_by else ""
    line = f"APPROVED on {plan.approved_on or 'an unrecorded date'}{by}, revision {plan.revision}"
    if signed_by:
        return f"{line}; digitally signed by {signed_by}"
    return f"{line}; not digitally signed, so this copy is not the signed-off record"


#: How much of one unknown value the appendix prints; the rest stays in the embedded plan.
OTHER_DATA_CHARS = 2_000


def _other_data(plan: Plan, s: dict[str, ParagraphStyle]) -> list[object]:
    """Top-level keys the format does not define, printed so nothing signed is hidden."""
    if not plan.extra:
        return []
    story: list[object] = [
        *_heading("Other data in this file", s),
        _p(
            "The plan file holds these fields, which AIPI Advisor does not use. They are part of "
            "what was exported (and signed), so they are printed here.",
            s["body"],
        ),
    ]
    rows: list[list[object]] = [["Field", "Value"]]
    for key, value in plan.extra.items():
        name, text = (_cut(json.dumps(v, ensure_ascii=False)) for v in (key, value))
        rows.append([_p(name, s["cell"]), _p(text, s["cell"])])
    story.append(grid_table(rows, [1.8 * inch, 5.2 * inch]))
    return story


def _cut(text: str) -> str:
    return f"{text[:OTHER_DATA_CHARS]} {CONTINUED}" if len(text) > OTHER_DATA_CHARS else text


def _mark(status: RequirementStatus) -> str:
    """A requirement's mark, as the window's checklist shows it: met, planned, a note (an unmet
    requirement of info weight), or missing."""
    if status.met:
        return "✓"
    if status.planned:
        return "…"
    return "ℹ" if status.requirement.severity == "info" else "✗"


def render_pdf(
    catalog: Catalog,
    plan: Plan,
    generated: date | None = None,
    signed_by: str = "",
    signature: "SignatureSlot | None" = None,
) -> bytes:
    """The PDF's bytes: the document, a footer on every page, plan.json and its context embedded,
    and with a `signature` slot, the signature field with its placeholders (signing.py fills
    them)."""
    register_base_fonts()
    generated = generated or date.today()
    report = check(catalog, plan)
    full = fingerprint_sha256(plan, catalog.version)
    story = build_story(catalog, plan, report, generated, signed_by)
    buffer = io.BytesIO()
    footer = f"{FOOTER_PREFIX}{printed_fingerprint(full)}  ·  catalog {catalog.version}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.7 * inch,
        bottomMargin=0.8 * inch,
        title=f"AIPI degree plan: {plan.student_name}",
        author="AIPI Advisor",
    )
    context = export_context(catalog, plan, report.findings, full, generated.isoformat())
    embedded = dumps_plan(plan).encode("utf-8")
    if len(embedded) > LIMITS.pdf_attachment_bytes:  # never sign what verify would refuse to read
        raise PlanFileError(
            f"the plan is too large to export: its plan.json is {len(embedded):,} bytes; a PDF "
            f"embeds at most {LIMITS.pdf_attachment_bytes:,}"
        )
    try:  # nor a plan it would refuse to read back (a name over its length limit, say)
        parse_plan(embedded.decode("utf-8"))
    except PlanFileError as error:
        raise PlanFileError(f"the plan cannot be exported as it stands: {error}") from None
    attachments = {ATTACHMENT_NAME: embedded, CONTEXT_NAME: context}
    try:
        doc.build(
            story,
            canvasmaker=lambda *a, **k: FooterCanvas(
                footer, attachments, *a, signature=signature, **k
            ),
        )
    except LayoutError:  # the last guard: table cells are cut to fit (pdf_table.fitted)
        raise PlanFileError(
            "the plan cannot be laid out as a PDF: one of its fields is too large to print on a "
            "page"
        ) from None
    return buffer.getvalue()


def export_pdf(
    catalog: Catalog,
    plan: Plan,
    path: Path,
    generated: date | None = None,
    certificate: "SigningCertificate | None" = None,
    follow_links: bool = True,
) -> None:
    """Write the PDF atomically (a failure leaves no half-written file), signed when a certificate
    is given (as it is written: signing.py). Raises OSError for an unwritable path and
    SigningError for a failed signature."""
    if not certificate:
        data = render_pdf(catalog, plan, generated)
        write_atomically(path, data, keep_backup=False, follow_links=follow_links)
        return
    from advisor_app.export.signing import fill_signature, signature_slot

    slot = signature_slot(certificate, f"AIPI degree plan approved, revision {plan.revision}")
    data = render_pdf(catalog, plan, generated, certificate.name, slot)
    signed = fill_signature(data, slot, certificate)
    write_atomically(path, signed, keep_backup=False, follow_links=follow_links)
