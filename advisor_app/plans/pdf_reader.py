"""The one way a PDF is read where a plan is expected (opening, `validate`, `export`, `verify`):
bounded in size, count and work, silent, and strict about what it accepts.

A PDF holds a plan when it embeds exactly one file named `plan.json`, named the same everywhere a
reader could look (the name tree's key, `/F`, `/UF`), as `pdfdetach -list` would show it. Two files
of that name, names that disagree, or a plan named only in `/UF` could be read one way here and
another way elsewhere: such a file is refused as ambiguous. Every failure, whatever pypdf raises on
a damaged file, is a PlanFileError with a one-line reason.
"""

import base64
import binascii
import io
import logging
import re
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from msgspec import Struct

from advisor_app.plans.errors import PlanFileError
from advisor_app.plans.limits import LIMITS

#: The embedded file holding the plan, and the one holding what it was checked against.
ATTACHMENT_NAME = "plan.json"
CONTEXT_NAME = "export-context.json"

_PDF_LOGGERS = ("pypdf", "pyhanko", "pyhanko_certvalidator")


@contextmanager
def quiet_pdf_libraries() -> Iterator[None]:
    """pypdf and pyHanko warn and log about every oddity of a damaged file; the reader reports what
    matters in one line instead, so nothing of theirs reaches stderr."""
    loggers = [logging.getLogger(name) for name in _PDF_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


#: A link to an earlier cross-reference section (`/Prev`, and a hybrid file's `/XRefStm`),
#: however its name is spelled: any letter of a name may be written `#hh`.
_LINK = re.compile(
    rb"/(?:(?:P|#50)(?:r|#72)(?:e|#65)(?:v|#76)"
    rb"|(?:X|#58)(?:R|#52)(?:e|#65)(?:f|#66)(?:S|#53)(?:t|#74)(?:m|#6[dD]))"
    rb"(?![^\x00\t\n\x0c\r /<>\[\]()%{}])"
)


class PdfDecodeError(Exception):
    """A stream this reader does not decode (a filter AIPI exports never use, or damaged data)."""


class PdfLimitError(PlanFileError):
    """A PDF beyond one of the reader's limits; the message names the limit."""


class EmbeddedFile(Struct, frozen=True):
    """One embedded file as a reader could see it: every name it goes by, and where it is."""

    key: str | None  # the name tree's key (None for a file attached to a page)
    f: str | None
    uf: str | None
    where: str  # "document" or "page N"
    spec: Any

    @property
    def names(self) -> set[str]:
        return {name for name in (self.key, self.f, self.uf) if name is not None}


class PdfContents(Struct, frozen=True):
    """What an exported PDF holds, read once within the limits."""

    plan_text: str
    context: bytes | None
    page_count: int
    reader: Any  # pypdf's reader, for the page footers (plans/pdf_footer.py)


def read_pdf(raw: bytes, name: str) -> PdfContents:
    """The plan and export context embedded in a PDF; PlanFileError naming `name` otherwise."""
    if len(raw) > LIMITS.pdf_bytes:
        raise PdfLimitError(
            f"{name}: too large ({len(raw):,} bytes; the limit is {LIMITS.pdf_bytes:,})"
        )
    if not raw.startswith(b"%PDF-"):
        raise PlanFileError(f"{name}: not a PDF file")
    if b"%%EOF" not in raw[-1024:]:
        raise PlanFileError(f"{name}: the PDF is truncated or damaged (no end-of-file marker)")
    # Counted before any is read: 470,000 empty updates in 49 MB took a minute and 1.4 GB. A
    # version is reached from the last by its `startxref` or by a `/Prev` link (a chain of 200
    # cross-reference streams, 60 KB, took 4.5 s), whichever says more.
    revisions = max(raw.count(b"startxref"), len(_LINK.findall(raw)) + 1)
    if revisions > LIMITS.pdf_revisions:
        raise PdfLimitError(
            f"{name}: the PDF was updated {revisions:,} times; the limit is "
            f"{LIMITS.pdf_revisions:,}"
        )
    # Each entry of a cross-reference table is 20 bytes ending "n" or "f" and an end of line;
    # 2,000,000 of them in 40 MB took 35 s and 950 MB to read.
    entries = sum(raw.count(end) for end in (b" n\r\n", b" n \n", b" f\r\n", b" f \n"))
    if entries > LIMITS.pdf_xref_entries:
        raise PdfLimitError(
            f"{name}: the PDF lists {entries:,} objects; the limit is {LIMITS.pdf_xref_entries:,}"
        )
    with guarded(name):
        return _read(raw, name)


@contextmanager
def guarded(name: str) -> Iterator[None]:
    """Quiet PDF libraries, and whatever they raise on a damaged file as one PlanFileError."""
    with quiet_pdf_libraries():
        try:
            yield
        except PlanFileError:
            raise
        except Exception as error:  # pypdf raises many kinds (and recursion) on a damaged file
            raise PlanFileError(f"{name}: not a readable PDF ({_short(error)})") from None


def _short(error: BaseException) -> str:
    """pypdf's own words for what it could not read ("startxref not found"); for an error of
    Python's (a loop, a value of the wrong kind where the format wants another), plain words."""
    text = str(error).splitlines()[0][:80] if str(error) else ""
    if type(error).__module__.startswith("pypdf") and text:
        return text
    return "its structure is damaged"


def _read(raw: bytes, name: str) -> PdfContents:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw), strict=False)
    if "/Encrypt" in reader.trailer:
        raise PlanFileError(
            f"{name}: the PDF is encrypted (AIPI exports never are); it cannot be read"
        )
    pages = len(reader.pages)
    if pages > LIMITS.pdf_pages:
        raise PdfLimitError(
            f"{name}: the PDF has {pages:,} pages; the limit is {LIMITS.pdf_pages:,}"
        )
    try:
        files = embedded_files(reader, pages)
    except PlanFileError as error:
        raise type(error)(f"{name}: {error}") from None
    plan = _the_one(files, ATTACHMENT_NAME, name)
    if plan is None:
        raise PlanFileError(f"{name}: this PDF holds no AIPI plan (no embedded {ATTACHMENT_NAME})")
    context = _the_one(files, CONTEXT_NAME, name)
    try:
        text = _file_data(plan, name).decode("utf-8")
    except UnicodeDecodeError:
        raise PlanFileError(f"{name}: the embedded plan is not UTF-8 text") from None
    return PdfContents(text, _file_data(context, name) if context else None, pages, reader)


def embedded_files(reader: Any, pages: int) -> list[EmbeddedFile]:
    """Every embedded file: the document's name tree, then files attached to pages."""
    from pypdf.generic import DictionaryObject

    files: list[EmbeddedFile] = []
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    if tree is not None:
        for key, spec in _name_tree(tree):
            files.append(_described(spec, key, "document"))
            _at_most_attachments(files)
    for number in range(pages):
        annotations = reader.pages[number].get("/Annots")
        annotations = list(annotations.get_object()) if annotations is not None else []
        if len(annotations) > LIMITS.pdf_attachments * 64:
            # Refused, not read in part: a file attached past the ones read would go unseen.
            raise PdfLimitError(
                f"page {number + 1} holds {len(annotations):,} annotations; the limit is "
                f"{LIMITS.pdf_attachments * 64:,}"
            )
        for annotation in annotations:
            annotation = annotation.get_object()
            if isinstance(annotation, DictionaryObject) and annotation.get("/Subtype") == (
                "/FileAttachment"
            ):
                files.append(_described(annotation.get("/FS"), None, f"page {number + 1}"))
                _at_most_attachments(files)
    return files


def _at_most_attachments(files: list[EmbeddedFile]) -> None:
    # Counting stops at the first file over the limit: 70 attachments are refused unread.
    if len(files) > LIMITS.pdf_attachments:
        raise PdfLimitError(
            f"the PDF holds more than {LIMITS.pdf_attachments} embedded files; the limit is "
            f"{LIMITS.pdf_attachments}"
        )


def _name_tree(tree: Any) -> Iterator[tuple[str, Any]]:
    """The (key, value) pairs of a name tree, walked with a bound and no loop."""
    stack, seen, visited = [tree], set(), 0
    while stack:
        node_ref = stack.pop()
        ref = getattr(node_ref, "indirect_reference", None) or node_ref
        ident = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(node_ref)
        if ident in seen:
            raise PlanFileError("the PDF's list of embedded files loops")
        seen.add(ident)
        visited += 1
        if visited > LIMITS.pdf_name_tree_nodes:
            raise PdfLimitError(
                "the PDF's list of embedded files has more than "
                f"{LIMITS.pdf_name_tree_nodes} parts; the limit is {LIMITS.pdf_name_tree_nodes}"
            )
        node = node_ref.get_object()
        pairs = node.get("/Names")
        if pairs is not None:
            pairs = list(pairs.get_object())[: 2 * LIMITS.pdf_attachments + 2]
            for index in range(0, len(pairs) - 1, 2):
                yield _text(pairs[index]) or "", pairs[index + 1]
        kids = node.get("/Kids")
        if kids is not None:
            stack.extend(reversed(list(kids.get_object())[: LIMITS.pdf_name_tree_nodes + 1]))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    value = value.get_object()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _described(spec: Any, key: str | None, where: str) -> EmbeddedFile:
    from pypdf.generic import DictionaryObject

    spec = spec.get_object() if spec is not None else None
    if isinstance(spec, DictionaryObject):
        return EmbeddedFile(key, _text(spec.get("/F")), _text(spec.get("/UF")), where, spec)
    # A file specification may be a plain string: a name with no embedded data.
    return EmbeddedFile(key, _text(spec), None, where, None)


def _the_one(files: list[EmbeddedFile], wanted: str, name: str) -> EmbeddedFile | None:
    """The embedded file called `wanted`, when it is named so without ambiguity."""
    called = [f for f in files if wanted in f.names]
    if len(called) > 1:
        raise PlanFileError(
            f"{name}: ambiguous: the PDF embeds {len(called)} files named {wanted}; it cannot "
            "be read"
        )
    if not called:
        return None
    found = called[0]
    why = ""
    if found.where != "document":
        why = f"{wanted} is attached to {found.where}, not embedded in the document"
    elif found.f is None:
        why = f"{wanted} is named only in /UF"
    elif found.names != {wanted}:
        why = f"the names of {wanted} disagree ({', '.join(sorted(found.names))})"
    elif found.spec is None or set(_dictionary(found.spec.get("/EF")).keys()) != {"/F"}:
        why = f"{wanted} does not hold exactly one embedded stream"
    if why:
        raise PlanFileError(f"{name}: ambiguous: {why}; it cannot be read")
    return found


def _file_data(found: EmbeddedFile, name: str) -> bytes:
    from pypdf.generic import StreamObject

    stream = _dictionary(found.spec.get("/EF")).get("/F")
    stream = stream.get_object() if stream is not None else None
    if not isinstance(stream, StreamObject):
        raise PlanFileError(f"{name}: the embedded {found.f} holds no data")
    try:
        return decode_stream(stream, LIMITS.pdf_attachment_bytes)
    except PdfLimitError as error:
        raise PdfLimitError(f"{name}: the embedded {found.f} is {error}") from None
    except PdfDecodeError as error:
        raise PlanFileError(f"{name}: the embedded {found.f} cannot be read ({error})") from None


_FILTERS = {"/FlateDecode", "/Fl", "/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx"}


def decode_stream(stream: Any, limit: int) -> bytes:
    """A stream's data, decoded with at most `limit` bytes at every step; PdfLimitError beyond it,
    PdfDecodeError for a filter AIPI exports never use or for damaged data."""
    # `_data` is pypdf's still-encoded stream data: decoding it here keeps every step bounded
    # (pypdf's own limits are 75 MB).
    data: bytes = stream._data
    if len(data) > limit:
        raise PdfLimitError(f"{len(data):,} bytes as stored; the limit is {limit:,}")
    filters = stream.get("/Filter")
    filters = [] if filters is None else filters.get_object()
    filters = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
    params = stream.get("/DecodeParms")
    if params is not None and any(_dictionary(p) for p in _as_list(params.get_object())):
        raise PdfDecodeError("encoded with parameters AIPI exports never use")
    for name in filters:
        if name not in _FILTERS:
            raise PdfDecodeError(f"encoded with {name}, which AIPI exports never use")
        data = _decode(name, data, limit)
    return data


def _dictionary(value: Any) -> dict[Any, Any]:
    """`value` resolved when it is a dictionary; an empty one for anything else (null, absent)."""
    value = value.get_object() if value is not None else None
    return value if isinstance(value, dict) else {}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _decode(name: str, data: bytes, limit: int) -> bytes:
    try:
        if name in ("/FlateDecode", "/Fl"):
            inflater = zlib.decompressobj()
            out = inflater.decompress(data, limit + 1)
        elif name in ("/ASCII85Decode", "/A85"):
            text = re.sub(rb"\s", b"", data)
            out = base64.a85decode(text.removesuffix(b"~>").removeprefix(b"<~"))
        else:
            text = re.sub(rb"\s", b"", data).removesuffix(b">")
            out = binascii.unhexlify(text + b"0" * (len(text) % 2))
    except (zlib.error, ValueError, binascii.Error) as error:
        raise PdfDecodeError(f"damaged {name} data ({type(error).__name__})") from None
    if len(out) > limit:
        raise PdfLimitError(f"more than {limit:,} bytes decompressed; the limit is {limit:,}")
    return out
