"""Taking active content out of an acceptable PDF, and naming what went so the clerk who
uploaded it is told.

Members open papers on their own machines, and a board paper needs nothing that runs,
launches a program, sends data or carries another file; pages, text, images, bookmarks and
links to web pages and email addresses are what it is for.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

JAVASCRIPT = "JavaScript"
OPEN_ACTION = "an action run when the PDF opens"
EVENT_ACTIONS = "actions run when a page or form field is opened, closed or changed"
LAUNCH = "an action that starts a program or opens another file"
FORM_SUBMIT = "a form action that sends or fetches data"
EMBEDDED = "embedded files"
MEDIA = "embedded media or 3D content"
XFA = "an XFA form"
FOREIGN = "bytes of another kind of file around the PDF"
OTHER_LINKS = "links to something other than a web page or an email address"

RISKY_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/GoToR": LAUNCH,
    "/GoToE": EMBEDDED,
    "/SubmitForm": FORM_SUBMIT,
    "/ImportData": FORM_SUBMIT,
    "/RichMediaExecute": MEDIA,
    "/Rendition": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
    "/GoTo3DView": MEDIA,
}
LINK_SCHEMES = {"http", "https", "mailto"}
RISKY_ANNOTATIONS = {
    "/FileAttachment": EMBEDDED,
    "/RichMedia": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
    "/Screen": MEDIA,
    "/3D": MEDIA,
}


def _link_scheme(address) -> str:
    """The scheme of a link's address as a browser reads it: urlsplit, as browsers do, drops
    the spaces and control characters around an address and the tabs and line breaks within
    it, so " JaVaScRiPt:" and "java\\tscript:" are both javascript. pikepdf has already
    decoded hex and UTF-16 strings. An address urlsplit cannot read, or one with no scheme
    (relative to a base the PDF may set), has none."""
    if not isinstance(address, String):
        return ""
    try:
        return urlsplit(str(address)).scheme
    except ValueError:
        return ""


def _risky_action(value) -> str | None:
    if isinstance(value, Dictionary) and not isinstance(value, Stream):
        kind = value.get("/S")
        if kind == Name.URI:
            scheme = _link_scheme(value.get("/URI"))
            if scheme in LINK_SCHEMES:
                return None
            return JAVASCRIPT if scheme == "javascript" else OTHER_LINKS
        if isinstance(kind, Name):
            return RISKY_ACTIONS.get(str(kind))
    return None


def _risky_annotation(value) -> str | None:
    if isinstance(value, Dictionary):
        subtype = value.get("/Subtype")
        if isinstance(subtype, Name):
            return RISKY_ANNOTATIONS.get(str(subtype))
    return None


def _strip_catalogue(root: Dictionary, note: Callable[[str], None]) -> None:
    """What the document catalogue runs or carries: an action on opening, document-level
    JavaScript, embedded files, a portfolio and an XFA form."""
    open_action = root.get("/OpenAction")
    # An OpenAction that is a destination (an array) only says which page to show first.
    is_action = open_action is not None and not isinstance(open_action, Array)
    if is_action and open_action.get("/S") != Name.GoTo:
        note(_risky_action(open_action) or OPEN_ACTION)
        del root["/OpenAction"]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key, what in (("/JavaScript", JAVASCRIPT), ("/EmbeddedFiles", EMBEDDED)):
            if key in names:
                del names[key]
                note(what)
    if "/Collection" in root:
        del root["/Collection"]
        note(EMBEDDED)
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary) and "/XFA" in form:
        del form["/XFA"]
        note(XFA)


def _strip_array(obj: Array, note: Callable[[str], None], pending: list) -> None:
    for index in reversed(range(len(obj))):
        item = obj[index]
        what = _risky_action(item)
        if what:
            del obj[index]
            note(what)
        elif isinstance(item, Dictionary | Array | Stream):
            pending.append(item)


def _strip_dictionary(obj, note: Callable[[str], None], pending: list) -> None:
    """Event actions, embedded files and media, JavaScript and risky actions under any key,
    and risky annotations; everything else that can hold more is walked next."""
    for key in list(obj.keys()):
        value = obj[key]
        if key == "/AA":
            del obj[key]
            note(EVENT_ACTIONS)
        elif key in ("/EF", "/AF", "/RichMediaContent"):
            del obj[key]
            note(EMBEDDED if key != "/RichMediaContent" else MEDIA)
        elif key == "/JS":
            del obj[key]
            note(JAVASCRIPT)
        elif what := _risky_action(value):
            del obj[key]
            note(what)
        elif key == "/Annots" and isinstance(value, Array):
            for index in reversed(range(len(value))):
                what = _risky_annotation(value[index])
                if what:
                    del value[index]
                    note(what)
            pending.append(value)
        elif isinstance(value, Dictionary | Array | Stream):
            pending.append(value)


def strip_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Remove everything in the PDF that could run, launch, send or carry another file, and
    say what was removed. Pages, text, images, bookmarks and links to web pages and email
    addresses stay."""
    removed: list[str] = []

    def note(what: str) -> None:
        if what not in removed:
            removed.append(what)

    _strip_catalogue(pdf.Root, note)
    # Walk to every object qpdf will write, streams in arrays and /Parent included: a form
    # field or bookmark can be reachable from its child alone. `seen` stops the loops.
    seen: set[tuple[int, int]] = set()
    pending = [pdf.trailer]
    while pending:
        obj = pending.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, Array):
            _strip_array(obj, note, pending)
        elif isinstance(obj, Dictionary | Stream):
            _strip_dictionary(obj, note, pending)
    return removed
