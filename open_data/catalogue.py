"""The open data catalogue, in DCAT-AP with the Italian profile DCAT-AP_IT where it applies, so
that national (dati.gov.it) and European (data.europa.eu) portals can harvest it.

Datasets: each published municipality's register of confiscated assets (art. 48(3)(c) D.Lgs.
159/2011), the national map layers, and the national exports. Served as JSON-LD and RDF/XML
(`/catalogue.jsonld`, `/catalogue.rdf`). Only public data is described, read through the public
selectors. The publisher and contact come from settings (OPEN_DATA_PUBLISHER, ...).

A page holds DATASETS_PER_PAGE registers (the first also the national datasets) and says where
the others are with a Hydra `PartialCollectionView` (first, previous, next, last, totalItems), the
paging that ckanext-dcat and the European portal's harvester follow. With every Italian
municipality published the whole catalogue was 418,722 triples: 17 to 23 seconds to build and
serialise, beyond gunicorn's 30-second timeout on a busy server.
"""

import math

from django.conf import settings
from django.contrib.gis.db.models.functions import Envelope
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from assets_registry.public import public_assets, public_municipalities
from reuse_projects.public import public_projects

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DATASETS_PER_PAGE = 500
EU = "http://publications.europa.eu/resource/authority/"
THEMES = [URIRef(f"{EU}data-theme/JUST"), URIRef(f"{EU}data-theme/GOVE")]
CONTINUOUS = URIRef(f"{EU}frequency/UPDATE_CONT")
ITALIAN = URIRef(f"{EU}language/ITA")
ENGLISH = URIRef(f"{EU}language/ENG")
# (EU file type, IANA media type) of each format served.
FORMATS = {
    "html": ("HTML", "text/html"),
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "geojson": ("GEOJSON", "application/geo+json"),
    "gpkg": ("GPKG", "application/geopackage+sqlite3"),
}
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def _setting(name, default):
    return getattr(settings, name, "") or default


def catalogue_graph(base_url, file_format="rdf", page=1):
    """One page of the catalogue as an rdflib Graph; base_url like https://registry.example.org,
    `file_format` names the document its paging links point to. Http404 past the last page."""
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatapit", DCATAPIT),
        ("locn", LOCN),
        ("skos", SKOS),
        ("hydra", HYDRA),
    ):
        graph.bind(prefix, namespace)
    builder = _Builder(graph, base_url)
    builder.build(file_format, page)
    return graph


class _Builder:
    def __init__(self, graph, base_url):
        self.graph = graph
        self.base = base_url.rstrip("/")
        self.now = timezone.now()
        # Shared nodes get URIs: a blank node used by many datasets does not survive every
        # serialisation as one node.
        self.publisher = self._agent(
            URIRef(self.url("/catalogue#publisher")),
            _setting("OPEN_DATA_PUBLISHER", "Registry of confiscated assets"),
            _setting("OPEN_DATA_PUBLISHER_ID", self.base),
        )
        self.contact = self._contact()
        self.licence = self._licence()

    def url(self, path):
        return f"{self.base}{path}"

    def add(self, subject, predicate, value):
        self.graph.add((subject, predicate, value))

    def build(self, file_format, page):
        registers = public_municipalities().count()
        pages = max(1, math.ceil(registers / DATASETS_PER_PAGE))
        if page > pages:
            raise Http404(f"The catalogue has {pages} pages")
        catalogue = URIRef(self.url("/catalogue"))
        for kind in (DCAT.Catalog, DCATAPIT.Catalog):
            self.add(catalogue, RDF.type, kind)
        self.add(catalogue, DCTERMS.title, Literal("Confiscated assets and their reuse", lang="en"))
        self.add(
            catalogue,
            DCTERMS.description,
            Literal(
                "Open data of the registry of assets confiscated from organised crime and of "
                "their social reuse: each municipality's public register, the national map "
                "layers and exports.",
                lang="en",
            ),
        )
        self.add(catalogue, DCTERMS.publisher, self.publisher)
        self.add(catalogue, FOAF.homepage, URIRef(self.url("/")))
        self.add(catalogue, DCTERMS.modified, self._date(self.now))
        for language in (ENGLISH, ITALIAN):
            self.add(catalogue, DCTERMS.language, language)
        self.add(catalogue, DCAT.themeTaxonomy, URIRef(f"{EU}data-theme"))
        start = (page - 1) * DATASETS_PER_PAGE
        for dataset in self._datasets(start, start + DATASETS_PER_PAGE, national=page == 1):
            self.add(catalogue, DCAT.dataset, dataset)
        self._paging(file_format, page, pages, registers + 2)

    def _paging(self, file_format, page, pages, total):
        def link(number):
            return URIRef(self.url(f"/catalogue.{file_format}?page={number}"))

        view = link(page)
        self.add(view, RDF.type, HYDRA.PartialCollectionView)
        self.add(view, HYDRA.totalItems, Literal(total))
        self.add(view, HYDRA.itemsPerPage, Literal(DATASETS_PER_PAGE))
        self.add(view, HYDRA.first, link(1))
        self.add(view, HYDRA.last, link(pages))
        if page > 1:
            self.add(view, HYDRA.previous, link(page - 1))
        if page < pages:
            self.add(view, HYDRA.next, link(page + 1))

    def _datasets(self, start, end, *, national):
        # The bounding box only: boundaries are large.
        municipalities = list(
            public_municipalities()
            .defer("boundary", "representative_point")
            .annotate(box=Envelope("boundary"))
            .order_by("country", "code", "pk")[start:end]
        )
        asset_changes = dict(
            public_assets()
            .filter(municipality__in=[m.pk for m in municipalities])
            .values_list("municipality_id")
            .annotate(at=Max("updated_at"))
            .values_list("municipality_id", "at")
        )
        for municipality in municipalities:
            yield self._register(municipality, asset_changes.get(municipality.pk))
        if not national:
            return
        latest = public_assets().aggregate(at=Max("updated_at"))["at"]
        projects_changed = public_projects().aggregate(at=Max("updated_at"))["at"]
        yield self._national(
            "assets",
            "Confiscated assets: public map layer and exports",
            "Every public confiscated asset (confiscated for good or later, in a published "
            "municipality) with its kind, status and location.",
            latest,
            [
                (reverse("maps:layer", args=["assets"]), "geojson", "Map layer"),
                *(
                    (reverse("open_data:export", args=["assets", f]), f, "Export")
                    for f in ("csv", "geojson", "gpkg")
                ),
            ],
        )
        yield self._national(
            "reuse-projects",
            "Social reuse projects on confiscated assets: public layer and export",
            "The public concessions of confiscated assets: concessionaire, deed, object and "
            "duration, with the asset's location.",
            projects_changed,
            [
                (reverse("maps:layer", args=["reuse-projects"]), "geojson", "Map layer"),
                *(
                    (reverse("open_data:export", args=["reuse-projects", f]), f, "Export")
                    for f in ("csv", "geojson", "gpkg")
                ),
            ],
        )

    def _register(self, municipality, changed):
        page = reverse("open_data:register", args=[municipality.slug])
        dataset = self._dataset(
            URIRef(self.url(page) + "#dataset"),
            identifier=f"register-{municipality.country}-{municipality.code}",
            title=f"Register of confiscated assets – {municipality.name}",
            description=(
                f"The assets confiscated from organised crime in {municipality.name} and "
                "their destination, use and concession, as every Italian municipality must "
                "publish them (art. 48(3)(c) D.Lgs. 159/2011)."
            ),
            modified=changed or municipality.published_at or self.now,
            rights_holder=self._agent(
                URIRef(self.url(reverse("maps:city", args=[municipality.slug])) + "#municipality"),
                municipality.name,
                f"{municipality.country}:{municipality.code}",
            ),
        )
        self.add(dataset, DCTERMS.spatial, self._place(municipality))
        for file_format in ("html", "csv", "json"):
            query = "" if file_format == "html" else f"?format={file_format}"
            self._distribution(
                dataset, self.url(page) + query, file_format, f"Register ({file_format.upper()})"
            )
        return dataset

    def _national(self, name, title, description, changed, distributions):
        dataset = self._dataset(
            URIRef(self.url(f"/catalogue#{name}")),
            identifier=name,
            title=title,
            description=description,
            modified=changed or self.now,
            rights_holder=self.publisher,
        )
        for path, file_format, label in distributions:
            self._distribution(dataset, self.url(path), file_format, f"{label} ({file_format})")
        return dataset

    def _dataset(self, uri, *, identifier, title, description, modified, rights_holder):
        for kind in (DCAT.Dataset, DCATAPIT.Dataset):
            self.add(uri, RDF.type, kind)
        self.add(uri, DCTERMS.identifier, Literal(identifier))
        self.add(uri, DCTERMS.title, Literal(title, lang="en"))
        self.add(uri, DCTERMS.description, Literal(description, lang="en"))
        self.add(uri, DCTERMS.modified, self._date(modified))
        self.add(uri, DCTERMS.publisher, self.publisher)
        self.add(uri, DCTERMS.rightsHolder, rights_holder)
        self.add(uri, DCTERMS.accrualPeriodicity, CONTINUOUS)
        self.add(uri, DCAT.contactPoint, self.contact)
        self.add(uri, DCTERMS.language, ITALIAN)
        for theme in THEMES:
            self.add(uri, DCAT.theme, theme)
        for keyword in ("beni confiscati", "confiscated assets", "riutilizzo sociale"):
            self.add(uri, DCAT.keyword, Literal(keyword))
        return uri

    def _distribution(self, dataset, url, file_format, title):
        distribution = URIRef(url if "#" in url else f"{url}#distribution")
        file_type, media_type = FORMATS[file_format]
        for kind in (DCAT.Distribution, DCATAPIT.Distribution):
            self.add(distribution, RDF.type, kind)
        self.add(distribution, DCTERMS.title, Literal(title, lang="en"))
        self.add(distribution, DCAT.accessURL, URIRef(url))
        self.add(distribution, DCAT.downloadURL, URIRef(url))
        self.add(distribution, DCTERMS.format, URIRef(f"{EU}file-type/{file_type}"))
        self.add(
            distribution,
            DCAT.mediaType,
            URIRef(f"https://www.iana.org/assignments/media-types/{media_type}"),
        )
        self.add(distribution, DCTERMS.license, self.licence)
        self.add(dataset, DCAT.distribution, distribution)

    def _agent(self, agent, name, identifier):
        for kind in (FOAF.Agent, DCATAPIT.Agent):
            self.add(agent, RDF.type, kind)
        self.add(agent, FOAF.name, Literal(name))
        self.add(agent, DCTERMS.identifier, Literal(identifier))
        return agent

    def _contact(self):
        contact = URIRef(self.url("/catalogue#contact"))
        for kind in (VCARD.Organization, DCATAPIT.Organization):
            self.add(contact, RDF.type, kind)
        self.add(
            contact,
            VCARD.fn,
            Literal(_setting("OPEN_DATA_CONTACT_NAME", "Open data of the registry")),
        )
        email = _setting("OPEN_DATA_CONTACT_EMAIL", settings.DEFAULT_FROM_EMAIL)
        self.add(contact, VCARD.hasEmail, URIRef(f"mailto:{email}"))
        return contact

    def _licence(self):
        licence = URIRef(_setting("OPEN_DATA_LICENCE", DEFAULT_LICENCE))
        for kind in (DCTERMS.LicenseDocument, DCATAPIT.LicenseDocument):
            self.add(licence, RDF.type, kind)
        self.add(licence, DCTERMS.type, URIRef("http://purl.org/adms/licencetype/Attribution"))
        self.add(licence, FOAF.name, Literal("Creative Commons Attribution 4.0"))
        return licence

    def _place(self, municipality):
        place = BNode()
        self.add(place, RDF.type, DCTERMS.Location)
        self.add(place, LOCN.geographicName, Literal(municipality.name))
        self.add(place, DCATAPIT.geographicalIdentifier, Literal(municipality.code))
        if municipality.box is not None:
            xmin, ymin, xmax, ymax = municipality.box.extent
            box = (
                f"POLYGON(({xmin:.5f} {ymin:.5f},{xmax:.5f} {ymin:.5f},{xmax:.5f} {ymax:.5f},"
                f"{xmin:.5f} {ymax:.5f},{xmin:.5f} {ymin:.5f}))"
            )
            self.add(place, DCAT.bbox, Literal(box, datatype=GSP.wktLiteral))
        return place

    @staticmethod
    def _date(moment):
        day = moment.date() if hasattr(moment, "date") else moment
        return Literal(day.isoformat(), datatype=XSD.date)


JSONLD_CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "dcatapit": str(DCATAPIT),
    "locn": str(LOCN),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "hydra": str(HYDRA),
}


CONTENT_TYPES = {"jsonld": "application/ld+json", "rdf": "application/rdf+xml"}


def catalogue_document(base_url, file_format, page=1):
    """The text of one page of the catalogue as "jsonld" or "rdf" (RDF/XML); Http404 past the
    last page. Plain RDF/XML: rdflib's "pretty-xml" took three times as long to write."""
    graph = catalogue_graph(base_url, file_format, page)
    if file_format == "jsonld":
        return graph.serialize(format="json-ld", context=JSONLD_CONTEXT)
    return graph.serialize(format="xml")
