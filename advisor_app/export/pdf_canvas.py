"""The canvas every exported page is drawn on: "page x of y" footers, the embedded files and,
for a signed export, the signature field.

The files (plan.json and its export context) go into the document's own name tree as ReportLab
writes it, in one pass: re-reading the finished PDF with pypdf only to attach them cost a fifth of
every export. So does the signature field, with placeholders that export/signing.py fills."""

from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from advisor_app.export.fonts import FONT

if TYPE_CHECKING:
    from advisor_app.export.signing import SignatureSlot


class FooterCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type hints
    """Holds each finished page until the last one, so every footer can say "page x of y" from
    a single layout pass (ReportLab's numbered-canvas recipe), embeds `attachments`
    ({file name: bytes}) when the document is saved and, given a `signature` slot, writes the
    signature field with its placeholders and notes in the slot where ReportLab put them."""

    def __init__(
        self,
        footer: str,
        attachments: dict[str, bytes],
        *args: Any,
        signature: "SignatureSlot | None" = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._attachments = attachments
        self._signature = signature
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        field = None
        for number, state in enumerate(self._held_pages, start=1):
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
            if self._signature and number == total:
                field = self._add_signature_field(self._signature)
            super().showPage()
        if field is not None:  # the widget's page, now that ReportLab made it
            field["P"] = self._doc.Reference(self._doc.Pages[-1])
        self._embed_files()
        super().save()
        if self._signature:
            self._signature.offset = self._doc.idToOffset[_SIGNATURE_OBJECT]

    def _add_signature_field(self, slot: "SignatureSlot") -> PDFDictionary:
        """The signature field (one widget annotation, invisible, on the last page), the form
        that lists it, and its signature dictionary with placeholders."""
        from advisor_app.export.signing import SIGNATURE_FIELD

        document = self._doc
        value = document.Reference(_SignatureDictionary(slot), _SIGNATURE_OBJECT)
        field = PDFDictionary(
            {
                "Type": PDFName("Annot"),
                "Subtype": PDFName("Widget"),
                "FT": PDFName("Sig"),
                "T": PDFString(SIGNATURE_FIELD),
                "Rect": PDFArray([0, 0, 0, 0]),
                "F": 132,  # printed, locked
                "V": value,
            }
        )
        self._addAnnotation(field, SIGNATURE_FIELD)
        document.Catalog.AcroForm = PDFDictionary(
            {"Fields": PDFArray([document.refAnnotation(SIGNATURE_FIELD)]), "SigFlags": 3}
        )
        return field

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


#: ReportLab's internal name for the signature dictionary, by which its offset is looked up.
_SIGNATURE_OBJECT = "AdvisorSignature.V"


class _SignatureDictionary(PDFObject):  # type: ignore[misc]
    """The /Sig dictionary, written as bytes whose layout it records in the slot: /ByteRange and
    /Contents as fixed-width placeholders (zeros), found again by their place in this object."""

    def __init__(self, slot: "SignatureSlot") -> None:
        self._slot = slot

    def format(self, document: Any) -> bytes:
        from advisor_app.export.signing import BYTE_RANGE_PLACEHOLDER

        slot = self._slot
        when = slot.signed_at.strftime("D:%Y%m%d%H%M%S+00'00'")
        head = b"<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /adbe.pkcs7.detached\n"
        head += b"/ByteRange "
        middle = b"\n/Contents "
        contents = b"<" + b"0" * (2 * slot.contents_bytes) + b">"
        tail = b"".join(
            b"\n/%s %s" % (key, PDFString(text).format(document))
            for key, text in (
                (b"M", when),
                (b"Name", slot.signer),
                (b"Reason", slot.reason),
                (b"Location", slot.location),
            )
        )
        body = head + BYTE_RANGE_PLACEHOLDER + middle + contents + tail + b"\n>>"
        number, version = document.idToObjectNumberAndVersion[_SIGNATURE_OBJECT]
        prefix = b"%d %d obj\n" % (number, version)  # as ReportLab's indirect object writes it
        slot.byte_range_at = len(prefix) + len(head)
        slot.contents_at = slot.byte_range_at + len(BYTE_RANGE_PLACEHOLDER) + len(middle)
        slot.written = prefix + body
        return body
