"""The canvas every exported page is drawn on: "page x of y" footers and the embedded files.

The files (plan.json and its export context) go into the document's own name tree as ReportLab
writes it, in one pass: re-reading the finished PDF with pypdf only to attach them cost a fifth of
every export."""

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from advisor_app.export.fonts import FONT


class FooterCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type hints
    """Holds each finished page until the last one, so every footer can say "page x of y" from
    a single layout pass (ReportLab's numbered-canvas recipe), and embeds `attachments`
    ({file name: bytes}) when the document is saved."""

    def __init__(self, footer: str, attachments: dict[str, bytes], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._attachments = attachments
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawCentredString(
                LETTER[0] / 2,
                0.45 * inch,
                f"Page {self.getPageNumber()} of {total}  ·  {self._footer}",
            )
            self.restoreState()
            super().showPage()
        self._embed_files()
        super().save()

    def _embed_files(self) -> None:
        """/Names /EmbeddedFiles: one /Filespec per file, named by /F only, keys in sorted order
        as a name tree requires (what `pdfdetach -list` and plans/pdf_reader.py read)."""
        document = self._doc
        names: list[Any] = []
        for name in sorted(self._attachments):
            stream = PDFStream(
                PDFDictionary({"Type": PDFName("EmbeddedFile")}), self._attachments[name]
            )
            spec = PDFDictionary(
                {
                    "Type": PDFName("Filespec"),
                    "F": PDFString(name),
                    "EF": PDFDictionary({"F": document.Reference(stream)}),
                }
            )
            names += [PDFString(name), document.Reference(spec)]
        if names:
            document.Catalog.Names = PDFDictionary(
                {"EmbeddedFiles": PDFDictionary({"Names": PDFArray(names)})}
            )
