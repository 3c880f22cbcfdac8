"""The project's vocabulary as code: a typo in a term is an AttributeError.

``KG`` is the ontology namespace (classes and properties, defined in
``ontology/kg.ttl``); ``ID`` is where instance IRIs are minted (only
:mod:`kg.rdf` does that). Standard vocabularies come from rdflib.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

__all__ = ["KG", "ID", "PREFIXES", "DCTERMS", "ORG", "OWL", "PROV", "RDF", "RDFS", "SDO", "SKOS", "TIME", "XSD"]

KG_NS = "https://w3id.org/kg-news/ns#"
ID_NS = "https://w3id.org/kg-news/id/"


class KG(DefinedNamespace):
    """Terms of the kg ontology (see ontology/kg.ttl for their definitions)."""

    _NS = Namespace(KG_NS)
    _fail = True

    # classes
    Article: URIRef
    Person: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    MediaOutlet: URIRef
    OtherOrganization: URIRef
    AnonymousSource: URIRef
    Role: URIRef
    Position: URIRef
    Place: URIRef
    Meeting: URIRef
    PolicyCondition: URIRef
    Quota: URIRef
    CircuitBreaker: URIRef
    QuarantineRule: URIRef
    HealthCodeRequirement: URIRef
    TestingRequirement: URIRef
    VaccinationRequirement: URIRef
    GeographicScope: URIRef
    PortOfEntry: URIRef
    PriorityGroup: URIRef
    Claim: URIRef
    Fact: URIRef
    Mention: URIRef
    Extractor: URIRef
    NamedEvent: URIRef
    Title: URIRef

    # reference knowledge
    actorLabel: URIRef
    field: URIRef  # a title's field (ontology/titles.ttl)

    # article metadata
    fileName: URIRef
    outlet: URIRef
    script: URIRef

    # positions
    reportedOn: URIRef

    # meetings
    date: URIRef
    datePrecision: URIRef
    dateInferred: URIRef
    meetingKind: URIRef
    ordinal: URIRef
    place: URIRef
    participant: URIRef
    ledBy: URIRef
    convenedBy: URIRef
    status: URIRef

    # policy conditions
    value: URIRef
    minValue: URIRef
    maxValue: URIRef
    unit: URIRef
    period: URIRef
    phase: URIRef
    heldBy: URIRef
    detail: URIRef

    # claims
    speaker: URIRef
    citedOutlet: URIRef
    anonymous: URIRef
    hedged: URIRef
    expectedReopening: URIRef
    expectedPrecision: URIRef
    ruledOutReopening: URIRef
    announcedReopening: URIRef
    about: URIRef

    # provenance
    evidence: URIRef
    article: URIRef
    start: URIRef
    end: URIRef
    text: URIRef
    sentence: URIRef
    extractorVersion: URIRef


ID = Namespace(ID_NS)

#: Prefixes written into every serialisation and predeclared for queries.
PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "id": ID_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "schema": str(SDO),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
}
# One prefix per kind of instance, so serialisations read "person:林郑月娥".
PREFIXES.update({kind: f"{ID_NS}{path}/" for kind, path in (
    ("article", "article"), ("graph", "graph"), ("person", "person"), ("body", "org"), ("place", "place"),
    ("role", "role"), ("position", "position"), ("meeting", "meeting"), ("condition", "condition"),
    ("claim", "claim"), ("source", "source"), ("fact", "fact"), ("mention", "mention"), ("extractor", "extractor"),
)})
