"""PDF papers for the demo meetings, written directly with pikepdf: a few pages of real,
extractable text in Helvetica, made in milliseconds so `load_demo` stays quick."""

from __future__ import annotations

import io
import textwrap

import pikepdf

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 72
LINE_HEIGHT = 15
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LINE_HEIGHT

# Paragraphs in the seed report's words, so the demo's papers can be searched for them.
BODY_TEXT = (
    "This paper reports progress against the Multi-agency Improvement Plan agreed after the "
    "announced inspection of safeguarding and looked after children services in October "
    "2010, which judged overall effectiveness inadequate.",
    "Close analysis of the multi-agency audit of thresholds shows that 25% of cases referred "
    "into children's social services were still considered inappropriate, and 46% of cases, "
    "highest in East Kent, were re-referrals. Children were consulted in 10% of cases and "
    "parents in 50%. Few referrals were supported by a CAF.",
    "The Quality and Effectiveness Framework is now operational. The third quarter analysis "
    "lacked full intelligence from all statutory agencies and was therefore of partial use; "
    "partners are asked to supply their data set returns on time.",
    "The number of children subject to a child protection plan continues to fall, largely "
    "because of a sustained focus on ensuring that the right children have plans and that "
    "children are not subject to dual plans.",
    "Members are asked to note the report, to agree the actions set out in the appendix, and "
    "to confirm the owners and timescales for each.",
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _lines(title: str, subtitle: str, pages: int) -> list[tuple[str, int]]:
    """(text, font size) for every line, enough to fill `pages` pages."""
    lines = [(title, 16), (subtitle, 11), ("", 11)]
    paragraph = 0
    while len(lines) < pages * LINES_PER_PAGE:
        for line in textwrap.wrap(BODY_TEXT[paragraph % len(BODY_TEXT)], width=84):
            lines.append((line, 11))
        lines.append(("", 11))
        paragraph += 1
    return lines[: pages * LINES_PER_PAGE]


def demo_paper_pdf(title: str, subtitle: str, *, pages: int = 2) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    lines = _lines(title, subtitle, pages)
    for start in range(0, len(lines), LINES_PER_PAGE):
        commands = ["BT"]
        y = PAGE_HEIGHT - MARGIN
        for text, size in lines[start : start + LINES_PER_PAGE]:
            encoded = _escape(text).encode("cp1252", errors="replace").decode("latin-1")
            commands.append(f"/F1 {size} Tf 1 0 0 1 {MARGIN} {y} Tm ({encoded}) Tj")
            y -= LINE_HEIGHT
        commands.append("ET")
        page = pdf.add_blank_page(page_size=(PAGE_WIDTH, PAGE_HEIGHT))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream("\n".join(commands).encode("latin-1"))
    pdf.docinfo["/Title"] = title
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()
