"""schema.org RDFa in an HTML page, as the compact JSON-LD-like items the ClaimReview reader
takes.

A page that marks its fact check up with RDFa attributes (`vocab="https://schema.org/"`,
`typeof="ClaimReview"`, `property="claimReviewed"`, …) is read by pyRdfa, the RDFa 1.1
processor that extruct uses (both come with the `[html]` extra), on extruct's lxml DOM, with
no network access (no vocabulary expansion, no embedded RDF). The RDF graph it makes has
neither order nor positions, so before processing each element with a `typeof` gets a child
`<meta>` naming its place in the page: its node then carries it, and
[`typed_items`][factcheck.formats.rdfa.typed_items] gives each item the line of its
`typeof`, in page order.

The graph is turned back into nested objects such as a JSON-LD block holds: schema.org
properties (`http://` and `https://` alike) by their local name (`claimReviewed`), `@type`
by its local name, a literal as its text, a node referenced by another as that node (to
`DEPTH` levels), any other IRI as a string, a property with several values as a list.

Cost is bounded before pyRdfa runs: elements that carry no RDFa attribute, hold none and
lie in no `property` (whose text is a value) are cut from the DOM, and a page with more
than `MOST_TERMS` RDFa terms or `MOST_ELEMENTS` elements left is refused with
[`UnreadableRDFa`][factcheck.formats.rdfa.UnreadableRDFa].
"""

from __future__ import annotations

import re
from typing import Any

from ..extras import require

MOST_TERMS = 5_000
"""The most RDFa terms (each RDFa element, and each word of its `typeof`, `property`, `rel`,
`rev` and `prefix`) read in one page; pyRdfa takes about half a millisecond for each."""

MOST_ELEMENTS = 20_000
"""The most elements (and texts inside `property` elements) pyRdfa is given, once the
elements without RDFa are cut."""

DEPTH = 6
"""How deep nodes referenced by other nodes are nested into an item. A ClaimReview's reader
goes 4 deep (`itemReviewed` → `appearance` → `publisher` → `name`)."""

_SCHEMA = ("http://schema.org/", "https://schema.org/")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_AT = "http://factcheck.invalid/rdfa#at"
"""The property of the `<meta>` that marks an element's place (`.invalid` is reserved)."""

_RDFA_ATTRIBUTES = (
    "about",
    "resource",
    "typeof",
    "property",
    "rel",
    "rev",
    "vocab",
    "prefix",
    "datatype",
    "inlist",
)
_TERM_ATTRIBUTES = ("typeof", "property", "rel", "rev", "prefix")
_RDFA_XPATH = "//*[" + " or ".join(f"@{name}" for name in _RDFA_ATTRIBUTES) + "] | //base"


class UnreadableRDFa(ValueError):
    """A page whose RDFa cannot be read; the message says why."""


def typed_items(text: str, type_name: str) -> list[tuple[int, dict[str, Any]]]:
    """The schema.org nodes of type `type_name` in the RDFa of the HTML page `text`.

    Args:
        text: The page.
        type_name: A schema.org type's local name (`ClaimReview`).

    Returns:
        (line, item) for each node of that type, in page order: the line of the `typeof`
        that made it, and the node as a compact JSON-LD-like object.

    Raises:
        UnreadableRDFa: The page cannot be parsed, or holds more RDFa than is read.
        MissingExtraError: The `[html]` extra is not installed.
    """
    require("extruct", "Reading RDFa ClaimReview markup")
    root = _dom(text)
    lines = _pruned_and_marked(root)
    graph = _graph(root)
    subjects: dict[Any, dict[str, list[Any]]] = {}
    for subject, predicate, value in graph:
        subjects.setdefault(subject, {}).setdefault(str(predicate), []).append(value)
    places = {subject: _place(props, len(lines)) for subject, props in subjects.items()}
    reader = _Compactor(subjects, places)
    found = []
    for subject, props in subjects.items():
        if type_name in {_local(str(kind)) for kind in props.get(_RDF_TYPE, ())}:
            place = places[subject]
            found.append((place, reader.item(subject, DEPTH)))
    # a node no marker reached (RDFa 1.0 rules, say) goes after the others, at the first line
    first = min((lines[place] for place, _ in found if place is not None), default=None)
    first = first or (lines[0] if lines else 1)
    found.sort(
        key=lambda pair: (
            len(lines) if pair[0] is None else pair[0],
            sorted((k, v) for k, v in pair[1].items() if isinstance(v, str)),
        )
    )
    return [(first if place is None else lines[place], item) for place, item in found]


def _dom(text: str) -> Any:
    """The page as extruct's lxml DOM (what pyRdfa walks)."""
    import lxml.etree
    import lxml.html
    from extruct.xmldom import XmlDomHTMLParser

    parser = XmlDomHTMLParser(encoding="UTF-8")
    try:
        root = lxml.html.fromstring(text.encode("utf-8"), parser=parser).getroottree().getroot()
    except (lxml.etree.ParserError, ValueError) as error:
        raise UnreadableRDFa(f"the page is not HTML the parser can read ({error})") from None
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            raise UnreadableRDFa(
                f"elements nest more than 256 deep at line {entry.line}, past where the HTML "
                "parser stops, so RDFa after it would be lost"
            )
    return root


def _pruned_and_marked(root: Any) -> list[int]:
    """Cut what pyRdfa need not see from the DOM, mark each `typeof` element's place, and
    return the line of each place.

    Kept: every element with an RDFa attribute (or a `<base>`), its ancestors (their
    `lang`, `vocab` and prefixes reach it) and everything inside an element with
    `property` (its text may be the value). The elements are found by XPath, so a page's
    unmarked elements cost no Python work.

    Raises:
        UnreadableRDFa: More than `MOST_TERMS` terms or `MOST_ELEMENTS` elements.
    """
    import lxml.etree

    keep = {root}
    properties = set()
    typed = []
    terms = 0
    for element in root.xpath(_RDFA_XPATH):  # in page order
        attributes = element.attrib
        terms += 1 + sum(len(attributes.get(name, "").split()) for name in _TERM_ATTRIBUTES)
        if terms > MOST_TERMS:
            raise UnreadableRDFa(
                f"more than {MOST_TERMS:,} RDFa terms (typeof, property, rel, rev, prefix "
                f"words) by line {element.sourceline}; at most {MOST_TERMS:,} are read in "
                "a page: give its ClaimReview as JSON-LD, or split the page"
            )
        if "property" in attributes:
            properties.add(element)
        if "typeof" in attributes:
            typed.append(element)
        node = element
        while node is not None and node not in keep:
            keep.add(node)
            node = node.getparent()
    inside: dict[Any, bool] = {}  # a kept element: whether it lies in a property's element

    def in_property(element: Any) -> bool:
        path, node = [], element
        while node is not None and node not in inside:
            path.append(node)
            node = node.getparent()
        known = node is not None and inside[node]
        for node in reversed(path):
            known = inside[node] = known or node in properties
        return inside[element]

    held = sum(
        int(element.xpath("count(.//node())"))
        for element in properties
        if not in_property(element.getparent())
    )
    if len(keep) + held > MOST_ELEMENTS:
        raise UnreadableRDFa(
            f"{len(keep) + held:,} elements and texts carry or hold RDFa; at most "
            f"{MOST_ELEMENTS:,} are read in a page: give its ClaimReview as JSON-LD"
        )
    for element in keep:
        if not in_property(element):
            for child in list(element):
                if child not in keep:
                    element.remove(child)
    lines = []
    for place, element in enumerate(typed):
        marker = lxml.etree.SubElement(element, "meta")
        marker.set("property", _AT)
        marker.set("content", str(place))
        lines.append(element.sourceline or 1)
    return lines


def _graph(root: Any) -> Any:
    """The RDF graph pyRdfa reads from the DOM, offline."""
    pyrdfa = require("pyRdfa", "Reading RDFa ClaimReview markup")
    rdflib = require("rdflib", "Reading RDFa ClaimReview markup")
    options = pyrdfa.Options(
        output_default_graph=True,
        output_processor_graph=False,
        embedded_rdf=False,
        vocab_expansion=False,
        vocab_cache=False,
        refresh_vocab_cache=False,
        check_lite=False,
    )
    try:
        processor = pyrdfa.pyRdfa(options, base="", media_type="text/html")  # HTML5+RDFa
        return processor.graph_from_DOM(root, graph=rdflib.Graph())
    except Exception as error:  # a third-party parser on untrusted input: report, never crash
        raise UnreadableRDFa(f"pyRdfa stopped: {type(error).__name__}: {error}") from None


def _place(props: dict[str, list[Any]], count: int) -> int | None:
    """The first place marked on a node (a page's own value for the marker is ignored)."""
    places = [
        int(text)
        for value in props.pop(_AT, ())
        if (text := str(value)).isdigit() and int(text) < count
    ]
    return min(places, default=None)


def _local(iri: str) -> str | None:
    """A schema.org IRI's local name (`http://schema.org/claimReviewed` → `claimReviewed`)."""
    for namespace in _SCHEMA:
        if iri.startswith(namespace) and _NAME.fullmatch(name := iri[len(namespace) :]):
            return name
    return None


class _Compactor:
    """Nodes of the graph as nested objects, each (node, depth) built once."""

    def __init__(self, subjects: dict[Any, dict[str, list[Any]]], places: dict[Any, int | None]):
        self.subjects = subjects
        self.places = places
        self.built: dict[tuple[Any, int], dict[str, Any]] = {}

    def item(self, subject: Any, depth: int) -> dict[str, Any]:
        key = (subject, depth)
        if key in self.built:
            return self.built[key]
        from rdflib import URIRef

        props = self.subjects[subject]
        item: dict[str, Any] = {}
        kinds = sorted(_local(str(k)) or str(k) for k in props.get(_RDF_TYPE, ()))
        if kinds:
            item["@type"] = kinds[0] if len(kinds) == 1 else kinds
        if isinstance(subject, URIRef):
            item["@id"] = str(subject)
        for predicate, values in props.items():
            name = _local(predicate)
            if name is None:
                continue
            out = [self._value(value, depth) for value in sorted(values, key=self._order)]
            item[name] = out[0] if len(out) == 1 else out
        self.built[key] = item
        return item

    def _value(self, value: Any, depth: int) -> Any:
        from rdflib import Literal, URIRef

        if isinstance(value, Literal):
            return str(value)
        if value in self.subjects and depth > 0:
            return self.item(value, depth - 1)
        return str(value) if isinstance(value, URIRef) else {}

    def _order(self, value: Any) -> tuple[int, int, str]:
        """Values in a fixed order: texts and IRIs by their text, nodes by their place in
        the page (blank nodes' names are random)."""
        from rdflib import BNode, Literal

        if isinstance(value, Literal) or value not in self.subjects:
            return (0, 0, str(value))
        place = self.places.get(value)
        if place is not None:
            return (1, place, "")
        props = self.subjects[value]
        own = sorted((p, str(v)) for p, vs in props.items() for v in vs if not isinstance(v, BNode))
        return (2, 0, repr(own))
