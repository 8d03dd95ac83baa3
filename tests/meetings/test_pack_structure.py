"""The papers pack is tagged: Tabled's cover and agenda as the reports are (PDF/UA-1 from
WeasyPrint), each tagged paper with the tags its author gave it, an untagged paper as it
came, and one consistent structure tree over them all."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from weasyprint import HTML

from core.limits import render_in_child
from meetings.papers import services as paper_services
from tests.meetings.paper_factories import (
    AgendaItemFactory,
    make_pdf,
    pdf_text,
    publish_agenda,
    upload,
)
from tests.meetings.paper_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

# A one-pixel PNG: the figure needs an image, and its alternative text is what matters.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
    "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def tagged_paper(heading: str, alt: str) -> bytes:
    """A two-page PDF/UA paper as an author's tool would make it: a heading, a figure with
    alternative text, a table with headers, a link, and a second page."""
    html = f"""<!DOCTYPE html><html lang="en-GB"><head><title>{heading}</title></head><body>
    <h1>{heading}</h1>
    <p>Read the <a href="https://example.org/guidance">guidance</a> first.</p>
    <img src="{PIXEL}" alt="{alt}" style="width: 4cm">
    <table><thead><tr><th>Quarter</th><th>Referrals</th></tr></thead>
    <tbody><tr><td>Q1</td><td>412</td></tr></tbody></table>
    <h2 style="break-before: page">Recommendations</h2><p>{heading} page two.</p>
    </body></html>"""
    # Rendered in a child, as the pack's own pages are: WeasyPrint's caches stay out of the
    # test process, whose size the memory caps of later renderings are measured from.
    return render_in_child(lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), seconds=60)


def build(meeting, readers, client_for, capture, papers) -> pikepdf.Pdf:
    """Table each (title, PDF) under an item of its own, publish, and open the member's
    pack as they download it."""
    with capture(execute=True):
        for number, (title, data) in enumerate(papers, start=1):
            paper_services.paper_create(
                actor=readers["business_unit"],
                agenda_item=AgendaItemFactory(meeting=meeting, number=str(number), title=title),
                title=title,
                file=upload(data),
            )
    publish_agenda(meeting)
    response = client_for("member").get(f"/meetings/{meeting.pk}/pack.pdf")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    texts = pdf_text(data)
    for title, _data in papers:
        assert any(title in text for text in texts[2:]), title
    return pikepdf.open(io.BytesIO(data))


@pytest.fixture
def pack(meeting, readers, client_for, django_capture_on_commit_callbacks):
    """A pack of three papers: tagged, untagged, tagged. The two tagged ones come from the
    same template, so their element IDs and ParentTree keys are the same before merging."""
    papers = [
        ("Neglect audit", tagged_paper("Neglect audit", "Bar chart of neglect referrals")),
        ("Training report", make_pdf(pages=2, text="Training report")),
        ("Business plan", tagged_paper("Business plan", "Chart of the plan's four aims")),
    ]
    with build(meeting, readers, client_for, django_capture_on_commit_callbacks, papers) as pdf:
        # Cover, agenda, then two pages a paper.
        assert len(pdf.pages) == 8
        yield pdf


COVER, AGENDA, AUDIT, TRAINING, PLAN = 0, 1, 2, 4, 6


# ---------------------------------------------------------------------------
# Reading the structure back
# ---------------------------------------------------------------------------
def elements(root) -> list[Dictionary]:
    """Every structure element, in reading order."""
    found, stack = [], list(kids(root))
    while stack:
        element = stack.pop(0)
        found.append(element)
        stack[:0] = kids(element)
    return found


def kind(element) -> str:
    return str(element.get("/S"))


def kids(element) -> list[Dictionary]:
    value = element.get("/K")
    value = value if isinstance(value, Array) else [value]
    return [kid for kid in value if isinstance(kid, Dictionary) and "/S" in kid]


def content_refs(element, pdf) -> set[tuple[int, int]]:
    """(page index, MCID) of the marked content the element itself holds."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    value = element.get("/K")
    refs = set()
    for kid in value if isinstance(value, Array) else [value]:
        if isinstance(kid, int):
            refs.add((pages[element.Pg.objgen], kid))
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            page = kid.get("/Pg", element.get("/Pg"))
            refs.add((pages[page.objgen], int(kid.MCID)))
    return refs


def all_refs(element, pdf) -> set[tuple[int, int]]:
    """The marked content of the element and everything under it."""
    refs = content_refs(element, pdf)
    for child in elements(element):
        refs |= content_refs(child, pdf)
    return refs


def page_mcids(page) -> set[int]:
    """The MCIDs a page's content marks."""
    return {
        int(operands[1].MCID)
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]
    }


def parent_tree(pdf) -> dict[int, object]:
    return dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())


def part(pdf, title: str) -> Dictionary:
    document = pdf.Root.StructTreeRoot.K[0]
    return next(kid for kid in kids(document) if str(kid.get("/T", "")) == title)


# ---------------------------------------------------------------------------
def test_the_pack_is_one_tagged_document_with_its_language_and_title(pack, meeting):
    root = pack.Root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == "en-GB"
    assert str(pack.docinfo.Title) == "Papers: Executive, Friday 2 March 2012"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    tree = root.StructTreeRoot
    assert tree.Type == Name.StructTreeRoot
    assert len(tree.K) == 1 and kind(tree.K[0]) == "/Document"
    assert tree.K[0].P.objgen == tree.objgen


def test_the_cover_and_agenda_are_tagged_with_headings_and_tables_on_their_pages(pack):
    document = pack.Root.StructTreeRoot.K[0]
    own = [
        element
        for element in elements(document)
        if all_refs(element, pack)
        and all_refs(element, pack)
        <= {(COVER, m) for m in range(999)} | {(AGENDA, m) for m in range(999)}
    ]
    kinds = {str(element.S) for element in own}
    assert {"/H1", "/H2", "/Table", "/TR", "/TH", "/TD", "/P"} <= kinds

    def text_pages(of_kind: str) -> set[int]:
        return {
            page
            for element in own
            if kind(element) == of_kind
            for page, _ in all_refs(element, pack)
        }

    # The meeting's title and "Membership" head the cover; "Agenda" heads the agenda.
    assert text_pages("/H1") == {COVER, AGENDA}
    assert text_pages("/H2") == {COVER}
    assert text_pages("/Table") == {COVER, AGENDA}
    for index in (COVER, AGENDA):
        marked = page_mcids(pack.pages[index])
        referenced = {
            mcid for element in own for page, mcid in all_refs(element, pack) if page == index
        }
        assert marked and referenced == marked


def test_the_fonts_of_tabled_pages_are_embedded(pack):
    for index in (COVER, AGENDA):
        fonts = pack.pages[index].resources.Font
        assert len(fonts) >= 2  # the text's, and the page number's
        for font in fonts.values():
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font.get("/BaseFont")


def test_a_tagged_paper_keeps_its_tags_on_its_own_pages(pack):
    for title, first, alt in (
        ("Neglect audit", AUDIT, "Bar chart of neglect referrals"),
        ("Business plan", PLAN, "Chart of the plan's four aims"),
    ):
        paper = part(pack, title)
        assert kind(paper) == "/Part"
        inside = elements(paper)
        headings = [element for element in inside if kind(element) == "/H1"]
        assert len(headings) == 1
        assert {page for page, _ in all_refs(headings[0], pack)} == {first}
        figures = [element for element in inside if kind(element) == "/Figure"]
        assert [str(figure.Alt) for figure in figures] == [alt]
        assert {page for page, _ in all_refs(figures[0], pack)} == {first}
        assert any(kind(element) == "/H2" for element in inside)
        assert {page for page, _ in all_refs(paper, pack)} == {first, first + 1}


def test_an_untagged_paper_is_merged_as_it_came(pack):
    texts = [pack.pages[TRAINING + offset] for offset in range(2)]
    for page in texts:
        assert "/StructParents" not in page.obj
        assert page_mcids(page) == set()
    referenced = {
        page
        for element in elements(pack.Root.StructTreeRoot)
        for page, _ in content_refs(element, pack)
    }
    assert not referenced & {TRAINING, TRAINING + 1}
    document = pack.Root.StructTreeRoot.K[0]
    assert [str(kid.T) for kid in kids(document) if kind(kid) == "/Part"] == [
        "Neglect audit",
        "Business plan",
    ]


def test_every_parent_tree_key_resolves_to_the_elements_of_that_page(pack):
    tree = parent_tree(pack)
    used = set()
    for index, page in enumerate(pack.pages):
        marked = page_mcids(page)
        if not marked:
            continue
        key = int(page.obj.StructParents)
        assert key not in used
        used.add(key)
        owners = tree[key]
        for mcid in marked:
            assert (index, mcid) in content_refs(owners[mcid], pack), (index, mcid)
        for annotation in page.obj.get("/Annots", []):
            key = int(annotation.StructParent)
            assert key not in used
            used.add(key)
            link = tree[key]
            assert kind(link) == "/Link"
            assert any(
                isinstance(kid, Dictionary) and kid.get("/Obj") == annotation for kid in link.K
            )
    assert used == set(tree)
    assert int(pack.Root.StructTreeRoot.ParentTreeNextKey) == max(tree) + 1
    # And the other way: every element's marked content is on its page.
    for element in elements(pack.Root.StructTreeRoot):
        for index, mcid in content_refs(element, pack):
            assert mcid in page_mcids(pack.pages[index])


def test_table_headers_name_the_cells_of_their_own_table(pack):
    """The two papers' tables had the same header IDs before merging."""
    ids = {}
    for element in elements(pack.Root.StructTreeRoot):
        if "/ID" in element:
            assert bytes(element.ID) not in ids
            ids[bytes(element.ID)] = element
    id_tree = pack.Root.StructTreeRoot.IDTree.Names
    assert {bytes(id_tree[i]): id_tree[i + 1].objgen for i in range(0, len(id_tree), 2)} == {
        key: element.objgen for key, element in ids.items()
    }
    for table in (e for e in elements(pack.Root.StructTreeRoot) if kind(e) == "/Table"):
        inside = {element.objgen for element in elements(table)}
        for cell in (e for e in elements(table) if kind(e) == "/TD" and "/A" in e):
            for header in cell.A.get("/Headers", []):
                assert ids[bytes(header)].objgen in inside


# Standard structure types the clashing papers' own /Chart must not be renamed to.
STANDARD = {"/Document", "/Part", "/Figure", "/Table"}


def retagged(data: bytes, role_map: dict[str, str], retag: str, as_: str) -> bytes:
    """The paper with its author's own element type: `retag` elements become `as_`, which
    its role map maps to a standard type."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.StructTreeRoot
        tree.RoleMap = Dictionary({key: Name(value) for key, value in role_map.items()})
        for element in elements(tree):
            if kind(element) == retag:
                element.S = Name(as_)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_papers_whose_role_maps_clash_each_keep_their_meaning(
    meeting, readers, client_for, django_capture_on_commit_callbacks
):
    """Two authors called their own element /Chart: one meant a figure, the other a table."""
    papers = [
        (
            "Audit",
            retagged(
                tagged_paper("Audit", "Pie chart"), {"/Chart": "/Figure"}, "/Figure", "/Chart"
            ),
        ),
        (
            "Plan",
            retagged(tagged_paper("Plan", "Line chart"), {"/Chart": "/Table"}, "/Table", "/Chart"),
        ),
    ]
    with build(meeting, readers, client_for, django_capture_on_commit_callbacks, papers) as pdf:
        role_map = pdf.Root.StructTreeRoot.RoleMap

        def standard(element) -> str:
            name = kind(element)
            while name in role_map:
                name = str(role_map[name])
            return name

        chart = next(e for e in elements(part(pdf, "Audit")) if "/Alt" in e)
        table = next(e for e in elements(part(pdf, "Plan")) if "/THead" in map(kind, kids(e)))
        assert kind(chart) not in STANDARD and kind(table) not in STANDARD
        assert kind(chart) != kind(table)
        assert (standard(chart), standard(table)) == ("/Figure", "/Table")


def test_a_paper_with_a_damaged_structure_tree_is_still_merged(
    meeting, readers, client_for, django_capture_on_commit_callbacks
):
    with pikepdf.open(io.BytesIO(tagged_paper("Lost keys", "Chart"))) as pdf:
        del pdf.Root.StructTreeRoot["/ParentTree"]
        out = io.BytesIO()
        pdf.save(out)
        lost_keys = out.getvalue()
    with pikepdf.open(io.BytesIO(tagged_paper("No elements", "Chart"))) as pdf:
        pdf.Root.StructTreeRoot.K = 5
        out = io.BytesIO()
        pdf.save(out)
        no_elements = out.getvalue()
    papers = [("Lost keys", lost_keys), ("No elements", no_elements)]
    with build(meeting, readers, client_for, django_capture_on_commit_callbacks, papers) as pdf:
        assert len(pdf.pages) == 6
        # The elements that survive are kept; no page keeps a key the pack cannot resolve.
        assert any(kind(e) == "/H1" for e in elements(part(pdf, "Lost keys")))
        tree = parent_tree(pdf)
        for index in range(2, 6):
            assert "/StructParents" not in pdf.pages[index].obj
            for annotation in pdf.pages[index].obj.get("/Annots", []):
                assert "/StructParent" not in annotation
        assert all(int(page.obj.StructParents) in tree for page in pdf.pages[:2])
        assert [
            str(kid.get("/T")) for kid in kids(pdf.Root.StructTreeRoot.K[0]) if kind(kid) == "/Part"
        ] == ["Lost keys"]
