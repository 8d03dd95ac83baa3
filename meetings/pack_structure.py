"""The papers pack's structure tree: the tags of Tabled's own pages, then each tagged paper's,
under one Document, so assistive technology reads the pack as one tagged document.

pikepdf copies a paper's pages but not its catalogue, which holds its tags. So once a
source's pages are in the pack, its StructTreeRoot is copied too: QPDF maps the copy's
references to pages, annotations and forms onto the copies already made, so every /Pg, /Obj
and /Stm lands on the right page of the pack. What needs doing by hand:

- ParentTree keys are per document: each source's keys move past those already used, with
  the /StructParents and /StructParent entries of its pages, annotations and forms. Marked
  content IDs count within one page's content, and pages are copied whole, so they stay.
- Element IDs, role-map and class-map names are per document too (WeasyPrint names table
  headers after object numbers, so two of its PDFs clash): a clashing name is renamed in
  that source, and every /Headers, /S and /C of it follows.
- A paper becomes a Part of the pack's Document, titled with the paper's title. A paper
  without tags adds nothing: tags are not made up for it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, NumberTree, Object, String

# What reading a damaged structure tree can raise.
UNREADABLE = (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError)
# How far a role map may chain one custom type to another before we stop following it.
ROLE_MAP_DEPTH = 16


class PackStructure:
    """Gathers each source's structure as its pages join the pack; `finish` writes it."""

    def __init__(self, pack: pikepdf.Pdf):
        self.pack = pack
        self.document: Object | None = None
        # The language of Tabled's own pages; a paper in another says so on its Part.
        self.lang: Object | None = None
        self.parent_tree: dict[int, Object] = {}
        self.next_key = 0
        # Keyed by the name as text ("/Chart"), as pikepdf's Dictionary wants.
        self.role_map: dict[str, Object] = {}
        self.class_map: dict[str, Object] = {}
        self.ids: dict[bytes, Object] = {}
        self.namespaces: list[Object] = []

    def add(self, source: pikepdf.Pdf, pages: Sequence[pikepdf.Page], title: str = "") -> bool:
        """Graft the structure of `source`, whose pages were just copied into the pack as
        `pages`. The first source's Document becomes the pack's; every later one becomes a
        Part titled `title`. False, with its pages' keys dropped, when it has no structure
        to graft: then its pages are in the pack untagged, as they came."""
        try:
            copied, top, entries, found = self._read(source)
        except UNREADABLE:
            # A structure tree QPDF cannot follow loses its tags, not the paper.
            copied = None
        if copied is None:
            _move_keys(pages, (), 0)
            return False

        offset = self.next_key
        _move_keys(pages, entries.keys(), offset)
        for key, value in entries.items():
            self.parent_tree[key + offset] = value
        if entries:
            self.next_key = offset + max(entries) + 1

        roles = self._merge_names(self.role_map, copied.get("/RoleMap"))
        classes = self._merge_names(self.class_map, copied.get("/ClassMap"))
        self._rename(found, roles, classes)
        namespaces = copied.get("/Namespaces")
        if isinstance(namespaces, Array):
            self.namespaces.extend(namespaces)

        lang = source.Root.get("/Lang")
        if self.document is None:
            self.lang = lang
            self.document = self._group(top, Name.Document, lang=None, title="")
        else:
            differs = lang is not None and str(lang) != str(self.lang)
            part = self._group(top, Name.Part, lang=lang if differs else None, title=title)
            part.P = self.document
            self.document.K.append(part)
        return True

    def _read(self, source: pikepdf.Pdf):
        """The source's structure tree copied into the pack, its top elements, its
        ParentTree and all its elements; None first when it has no elements."""
        tree = source.Root.get("/StructTreeRoot")
        if not isinstance(tree, Dictionary) or not _elements(tree.get("/K")):
            return None, [], {}, []
        if not tree.is_indirect:
            tree = source.make_indirect(tree)
        copied = self.pack.copy_foreign(tree)
        top = _elements(copied.get("/K"))
        return copied, top, _parent_tree_entries(copied), _walk(top)

    def finish(self) -> None:
        """Write the pack's StructTreeRoot and mark the pack as tagged."""
        if self.document is None:
            return
        root = self.pack.make_indirect(
            Dictionary(
                Type=Name.StructTreeRoot,
                K=Array([self.document]),
                ParentTree=Dictionary(
                    Nums=Array(
                        item
                        for key in sorted(self.parent_tree)
                        for item in (key, self.parent_tree[key])
                    )
                ),
                ParentTreeNextKey=self.next_key,
            )
        )
        self.document.P = root
        if self.role_map:
            root.RoleMap = Dictionary(self.role_map)
        if self.class_map:
            root.ClassMap = Dictionary(self.class_map)
        if self.ids:
            # A flat name tree: keys in byte order, as ISO 32000 asks.
            root.IDTree = Dictionary(
                Names=Array(
                    item for key in sorted(self.ids) for item in (String(key), self.ids[key])
                )
            )
        if self.namespaces:
            root.Namespaces = Array(self.namespaces)
        self.pack.Root.StructTreeRoot = root
        self.pack.Root.MarkInfo = Dictionary(Marked=True)

    # -----------------------------------------------------------------------
    def _group(self, top: list[Object], kind: Name, *, lang, title: str) -> Object:
        """The source's one Document element, retyped to `kind`, or a new `kind` element
        holding its top elements."""
        if len(top) == 1 and self._standard_role(top[0].get("/S")) == Name.Document:
            group = top[0]
            group.S = kind
        else:
            group = self.pack.make_indirect(Dictionary(Type=Name.StructElem, S=kind, K=Array(top)))
            for element in top:
                element.P = group
        if not isinstance(group.get("/K"), Array):
            group.K = Array([group.K] if "/K" in group else [])
        if title and "/T" not in group:
            group.T = String(title)
        if lang is not None and "/Lang" not in group:
            group.Lang = lang
        return group

    def _standard_role(self, kind) -> Name | None:
        """The standard type a (renamed) element type stands for, through the role map."""
        for _ in range(ROLE_MAP_DEPTH):
            if not isinstance(kind, Name) or str(kind) not in self.role_map:
                break
            kind = self.role_map[str(kind)]
        return kind if isinstance(kind, Name) else None

    @staticmethod
    def _merge_names(merged: dict, names) -> dict[str, Name]:
        """Add a source's role or class map to the pack's; the renames its clashes need. A
        role map may map one custom type to another: the value follows the rename too."""
        if not isinstance(names, Dictionary):
            return {}
        renames: dict[str, Name] = {}
        for key in names:
            if key in merged and merged[key] != names[key]:
                renames[key] = _unused(merged, key)
        for key in names:
            value = names[key]
            if isinstance(value, Name):
                value = renames.get(str(value), value)
            merged[str(renames.get(key, key))] = value
        return renames

    def _rename(self, elements: list[Object], roles: dict, classes: dict) -> None:
        """Apply a source's role and class renames, and give its element IDs that clash with
        ones already in the pack new ones, with the table cells' /Headers that name them."""
        renamed_ids: dict[bytes, String] = {}
        for element in elements:
            if roles and str(element.get("/S")) in roles:
                element.S = roles[str(element.S)]
            if classes and "/C" in element:
                element.C = _renamed(element.C, classes)
            identifier = element.get("/ID")
            if isinstance(identifier, String):
                key = bytes(identifier)
                if key in self.ids:
                    new = self._new_id(key)
                    renamed_ids[key] = String(new)
                    element.ID = String(new)
                    key = new
                self.ids[key] = element
        if renamed_ids:
            for element in elements:
                for attributes in _attribute_dicts(element):
                    headers = attributes.get("/Headers")
                    if isinstance(headers, Array):
                        attributes.Headers = Array(
                            renamed_ids.get(bytes(h), h) if isinstance(h, String) else h
                            for h in headers
                        )

    def _new_id(self, key: bytes) -> bytes:
        candidates = (b"%s-%d" % (key, n) for n in itertools.count(2))
        return next(candidate for candidate in candidates if candidate not in self.ids)


def _unused(merged: dict, key: str) -> Name:
    candidates = (f"{key}-{n}" for n in itertools.count(2))
    return Name(next(candidate for candidate in candidates if candidate not in merged))


def _elements(kids) -> list[Object]:
    """The structure elements among a /K value (a dictionary, or an array of them)."""
    if isinstance(kids, Dictionary):
        kids = [kids]
    if not isinstance(kids, Array):
        return []
    return [kid for kid in kids if isinstance(kid, Dictionary) and "/S" in kid]


def _walk(top: Iterable[Object]) -> list[Object]:
    """Every structure element under `top`, each once, without recursion (trees of authors'
    PDFs can be deep, and can loop). Kept tight: it visits every element of every paper."""
    found, seen = [], set()
    stack = list(top)
    while stack:
        element = stack.pop()
        objgen = element.objgen
        if objgen in seen:
            continue
        if objgen != (0, 0):
            seen.add(objgen)
        if "/S" not in element:
            # A reference to marked content or an annotation, not an element.
            continue
        found.append(element)
        kids = element.get("/K")
        if isinstance(kids, Array):
            stack.extend(kid for kid in kids if isinstance(kid, Dictionary))
        elif isinstance(kids, Dictionary):
            stack.append(kids)
    return found


def _renamed(value, renames: dict):
    if isinstance(value, Name):
        return renames.get(str(value), value)
    if isinstance(value, Array):
        return Array(renames.get(str(v), v) if isinstance(v, Name) else v for v in value)
    return value


def _attribute_dicts(element: Object) -> list[Object]:
    attributes = element.get("/A")
    if isinstance(attributes, Dictionary):
        return [attributes]
    if isinstance(attributes, Array):
        return [a for a in attributes if isinstance(a, Dictionary)]
    return []


def _parent_tree_entries(tree: Object) -> dict[int, Object]:
    parent_tree = tree.get("/ParentTree")
    if not isinstance(parent_tree, Dictionary):
        return {}
    return {int(key): value for key, value in NumberTree(parent_tree).items() if key >= 0}


def _annotations(page: pikepdf.Page) -> list[Object]:
    annotations = page.obj.get("/Annots")
    if not isinstance(annotations, Array):
        return []
    return [a for a in annotations if isinstance(a, Dictionary)]


def _forms(page: pikepdf.Page, seen: set) -> Iterable[Object]:
    """The form XObjects a page draws, and the forms they draw, each once."""
    stack = [page.obj.get("/Resources")]
    while stack:
        resources = stack.pop()
        if not isinstance(resources, Dictionary):
            continue
        xobjects = resources.get("/XObject")
        if not isinstance(xobjects, Dictionary):
            continue
        for key in xobjects:
            xobject = xobjects[key]
            if not isinstance(xobject, pikepdf.Stream) or xobject.get("/Subtype") != Name.Form:
                continue
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            yield xobject
            stack.append(xobject.get("/Resources"))


def _move_keys(pages: Sequence[pikepdf.Page], keys: Iterable[int], offset: int) -> None:
    """Move the ParentTree keys of the pages, their annotations and their forms by `offset`,
    dropping any that the source's ParentTree does not hold (they would point into another
    source's part of the pack)."""
    keep = set(keys)
    for page in pages:
        _move(page.obj, "/StructParents", keep, offset)
        for annotation in _annotations(page):
            _move(annotation, "/StructParent", keep, offset)
    seen: set = set()
    for page in pages:
        for form in _forms(page, seen):
            _move(form, "/StructParents", keep, offset)


def _move(holder: Object, key: str, keep: set, offset: int) -> None:
    value = holder.get(key)
    if value is None:
        return
    if isinstance(value, int) and int(value) in keep:
        holder[key] = int(value) + offset
    else:
        del holder[key]
