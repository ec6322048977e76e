"""The DCAT-AP (DCAT-AP_IT) catalogue, read over real HTTP and validated with rdflib: the
classes and the properties the two profiles make mandatory, and links that answer."""

import urllib.error
import urllib.request

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from assets_registry.public import public_municipalities
from open_data.catalogue import DCATAPIT, HYDRA

pytestmark = pytest.mark.django_db(transaction=True)

# Mandatory in DCAT-AP_IT (and mandatory or recommended in DCAT-AP) for each class.
CATALOGUE = (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.modified, FOAF.homepage)
DATASET = (
    DCTERMS.identifier,
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.modified,
    DCTERMS.publisher,
    DCTERMS.rightsHolder,
    DCTERMS.accrualPeriodicity,
    DCAT.theme,
    DCAT.contactPoint,
    DCAT.distribution,
)
DISTRIBUTION = (DCAT.accessURL, DCTERMS.format, DCTERMS.license)


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.headers["Content-Type"], response.read()


@pytest.fixture
def catalogue(live_server, boundaries):
    jsonld_type, jsonld = fetch(f"{live_server.url}/catalogue.jsonld")
    rdf_type, rdfxml = fetch(f"{live_server.url}/catalogue.rdf")
    assert jsonld_type.startswith("application/ld+json")
    assert rdf_type.startswith("application/rdf+xml")
    from_jsonld = Graph().parse(data=jsonld, format="json-ld")
    from_rdfxml = Graph().parse(data=rdfxml, format="xml")
    # The same catalogue, but for the paging links: each points to pages of its own format.
    assert isomorphic(without_paging(from_jsonld), without_paging(from_rdfxml))
    return from_rdfxml


def without_paging(graph):
    views = set(graph.subjects(RDF.type, HYDRA.PartialCollectionView))
    stripped = Graph()
    for triple in graph:
        if triple[0] not in views:
            stripped.add(triple)
    return stripped


def missing(graph, kind, properties):
    return [
        (str(subject), str(prop))
        for subject in graph.subjects(RDF.type, kind)
        for prop in properties
        if graph.value(subject, prop) is None
    ]


def test_the_catalogue_has_what_dcat_ap_it_makes_mandatory(catalogue):
    (catalogue_uri,) = catalogue.subjects(RDF.type, DCAT.Catalog)
    assert (catalogue_uri, RDF.type, DCATAPIT.Catalog) in catalogue
    assert missing(catalogue, DCAT.Catalog, CATALOGUE) == []
    assert missing(catalogue, DCAT.Dataset, DATASET) == []
    assert missing(catalogue, DCAT.Distribution, DISTRIBUTION) == []
    datasets = set(catalogue.objects(catalogue_uri, DCAT.dataset))
    assert datasets == set(catalogue.subjects(RDF.type, DCAT.Dataset))
    assert set(catalogue.subjects(RDF.type, DCATAPIT.Dataset)) == datasets


def test_every_published_register_and_the_national_datasets_are_listed(catalogue):
    identifiers = {str(i) for i in catalogue.objects(None, DCTERMS.identifier)}

    registers = {i for i in identifiers if i.startswith("register-")}
    assert len(registers) == public_municipalities().count() > 0
    assert "register-IT-082053" in registers
    assert {"assets", "reuse-projects"} <= identifiers


def test_the_distributions_of_a_register_answer(catalogue, live_server):
    dataset = next(
        d
        for d in catalogue.subjects(DCTERMS.identifier, None)
        if str(catalogue.value(d, DCTERMS.identifier)) == "register-IT-082053"
    )
    urls = [
        str(catalogue.value(d, DCAT.accessURL))
        for d in catalogue.objects(dataset, DCAT.distribution)
    ]

    assert len(urls) == 3
    for url in urls:
        # The catalogue names the server it was asked on.
        content_type, _ = fetch(url)
        assert content_type.split(";")[0] in ("text/html", "text/csv", "application/json")


def test_a_harvester_that_has_the_catalogue_gets_a_304(live_server, boundaries):
    url = f"{live_server.url}/catalogue.rdf"
    with urllib.request.urlopen(url) as response:
        etag = response.headers["ETag"]

    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request)

    assert answer.value.code == 304


def test_the_catalogue_comes_in_pages_that_link_to_each_other(live_server, boundaries, monkeypatch):
    """Hydra paging, as ckanext-dcat and the European portal follow it: with every Italian
    municipality published the whole catalogue took 17 to 23 s to build."""
    monkeypatch.setattr("open_data.catalogue.DATASETS_PER_PAGE", 2)
    registers = public_municipalities().count()
    assert registers > 2
    url, listed, pages = f"{live_server.url}/catalogue.rdf", set(), 0
    while url:
        graph = Graph().parse(data=fetch(url)[1], format="xml")
        (view,) = graph.subjects(RDF.type, HYDRA.PartialCollectionView)
        assert str(view).endswith(f"/catalogue.rdf?page={pages + 1}")
        assert int(graph.value(view, HYDRA.totalItems)) == registers + 2
        listed |= set(graph.objects(None, DCAT.dataset))
        pages += 1
        next_page = graph.value(view, HYDRA.next)
        url = str(next_page) if next_page else ""

    assert pages == -(-registers // 2)
    assert len(listed) == registers + 2  # every register, and the two national datasets
    with pytest.raises(urllib.error.HTTPError) as past_the_end:
        fetch(f"{live_server.url}/catalogue.rdf?page={pages + 1}")
    assert past_the_end.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as not_a_page:
        fetch(f"{live_server.url}/catalogue.jsonld?page=first")
    assert not_a_page.value.code == 400
