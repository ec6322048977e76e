"""Italy and the Netherlands as data: their register wording, stage names and allocating body.

The official wording is in the law's own language (Italian: art. 48 D.Lgs. 159/2011 and the
Anti-Mafia Code's stages; Dutch: beslag, verbeurdverklaring, ontneming and the mayor's closures,
with no Italian law cited); the translations are for the site's other languages. Loaded by a data
migration; edit or extend them in the admin (Jurisdictions), a third country too: no code.
"""

STAGE_ORDER = (
    "seized",
    "confiscated_first_instance",
    "confiscated_appeal",
    "confiscated_final",
    "released",
    "allocated",
    "delivered",
    "revoked_allocation",
    "for_sale",
    "sold",
    "demolished",
)

ITALY = {
    "country": "IT",
    "name": "Italia",
    "language": "it",
    "register_title": "Elenco dei beni confiscati trasferiti al patrimonio del Comune",
    "register_legal_basis": (
        "art. 48, comma 3, lett. c), D.Lgs. 6 settembre 2011, n. 159 (Codice antimafia)"
    ),
    "register_intro": (
        "Elenco pubblico, aggiornato con cadenza mensile, dei beni confiscati trasferiti al "
        "Comune per finalità istituzionali o sociali: consistenza, destinazione e utilizzazione "
        "dei beni e, in caso di assegnazione a terzi, i dati identificativi del concessionario e "
        "gli estremi, l'oggetto e la durata dell'atto di concessione."
    ),
    "allocating_body": (
        "Agenzia nazionale per l'amministrazione e la destinazione dei beni sequestrati e "
        "confiscati alla criminalità organizzata (ANBSC)"
    ),
    "other_measures": "",
    "stages": {
        "seized": ("Sequestro", "art. 20 D.Lgs. 159/2011"),
        "confiscated_first_instance": ("Confisca di primo grado", "art. 24 D.Lgs. 159/2011"),
        "confiscated_appeal": ("Confisca confermata in appello", "art. 27 D.Lgs. 159/2011"),
        "confiscated_final": ("Confisca definitiva", "art. 27 D.Lgs. 159/2011"),
        "released": ("Revoca del sequestro o della confisca", "artt. 20, 27 e 28 D.Lgs. 159/2011"),
        "allocated": ("Destinato, non consegnato", "art. 48 D.Lgs. 159/2011"),
        "delivered": ("Destinato e consegnato", "art. 48 D.Lgs. 159/2011"),
        "revoked_allocation": ("Revoca della destinazione", "art. 48 D.Lgs. 159/2011"),
        "for_sale": ("In vendita", "art. 48, comma 5, D.Lgs. 159/2011"),
        "sold": ("Venduto", "art. 48, comma 5, D.Lgs. 159/2011"),
        "demolished": ("Demolito", ""),
    },
    "translations": {
        "en": {
            "register_title": "List of confiscated assets transferred to the municipality",
            "register_intro": (
                "Public list, updated every month, of the confiscated assets transferred to the "
                "municipality for institutional or social purposes: their extent, destination "
                "and use and, when they are granted to a third party, the concessionaire and the "
                "reference, object and term of the concession deed."
            ),
            "allocating_body": (
                "National Agency for the Administration and Allocation of Assets Seized and "
                "Confiscated from Organised Crime (ANBSC)"
            ),
            "stages": (
                "Seizure",
                "First-instance confiscation",
                "Confiscation upheld on appeal",
                "Final confiscation",
                "Seizure or confiscation revoked",
                "Allocated, not yet handed over",
                "Allocated and handed over",
                "Allocation revoked",
                "For sale",
                "Sold",
                "Demolished",
            ),
        },
        "nl": {
            "register_title": "Lijst van verbeurdverklaarde goederen overgedragen aan de gemeente",
            "register_intro": (
                "Openbare lijst, maandelijks bijgewerkt, van de verbeurdverklaarde goederen die "
                "voor institutionele of maatschappelijke doeleinden aan de gemeente zijn "
                "overgedragen: omvang, bestemming en gebruik en, bij uitgifte aan derden, de "
                "concessiehouder en kenmerk, voorwerp en looptijd van de concessieakte."
            ),
            "allocating_body": (
                "Nationaal agentschap voor het beheer en de bestemming van in beslag genomen en "
                "verbeurdverklaarde goederen van de georganiseerde misdaad (ANBSC)"
            ),
            "stages": (
                "Beslag (sequestro)",
                "Confiscatie in eerste aanleg",
                "Confiscatie bevestigd in hoger beroep",
                "Onherroepelijke confiscatie",
                "Beslag of confiscatie opgeheven",
                "Bestemd, nog niet overgedragen",
                "Bestemd en overgedragen",
                "Bestemming ingetrokken",
                "Te koop",
                "Verkocht",
                "Gesloopt",
            ),
        },
        "fr": {
            "register_title": "Liste des biens confisqués transférés à la commune",
            "register_intro": (
                "Liste publique, mise à jour chaque mois, des biens confisqués transférés à la "
                "commune à des fins institutionnelles ou sociales : consistance, destination et "
                "utilisation des biens et, en cas d'attribution à un tiers, le concessionnaire "
                "ainsi que les références, l'objet et la durée de l'acte de concession."
            ),
            "allocating_body": (
                "Agence nationale pour l'administration et l'affectation des biens saisis et "
                "confisqués à la criminalité organisée (ANBSC)"
            ),
            "stages": (
                "Saisie",
                "Confiscation en première instance",
                "Confiscation confirmée en appel",
                "Confiscation définitive",
                "Saisie ou confiscation révoquée",
                "Affecté, non encore remis",
                "Affecté et remis",
                "Affectation révoquée",
                "En vente",
                "Vendu",
                "Démoli",
            ),
        },
        "es": {
            "register_title": "Lista de bienes decomisados transferidos al municipio",
            "register_intro": (
                "Lista pública, actualizada cada mes, de los bienes decomisados transferidos al "
                "municipio con fines institucionales o sociales: su consistencia, destino y uso "
                "y, cuando se ceden a terceros, el concesionario y la referencia, el objeto y la "
                "duración del acto de concesión."
            ),
            "allocating_body": (
                "Agencia nacional para la administración y el destino de los bienes incautados y "
                "decomisados a la delincuencia organizada (ANBSC)"
            ),
            "stages": (
                "Incautación",
                "Decomiso en primera instancia",
                "Decomiso confirmado en apelación",
                "Decomiso firme",
                "Incautación o decomiso revocado",
                "Destinado, aún no entregado",
                "Destinado y entregado",
                "Destino revocado",
                "En venta",
                "Vendido",
                "Demolido",
            ),
        },
    },
}

NETHERLANDS = {
    "country": "NL",
    "name": "Nederland",
    "language": "nl",
    "register_title": "Overzicht van in beslag genomen, verbeurdverklaarde en gesloten panden",
    "register_legal_basis": (
        "art. 94 en 94a Wetboek van Strafvordering; art. 33 en 36e Wetboek van Strafrecht; "
        "art. 174a Gemeentewet; art. 13b Opiumwet"
    ),
    "register_intro": (
        "Openbaar overzicht van de gemeente: panden en andere goederen waarop strafvorderlijk "
        "beslag is gelegd (art. 94 en 94a Sv), die de rechter verbeurd heeft verklaard (art. 33 "
        "Sr) of die dienen tot verhaal van een ontnemingsmaatregel (art. 36e Sr), en panden die "
        "de burgemeester heeft gesloten, met hun maatschappelijke herbestemming. De gemeente "
        "publiceert dit overzicht uit eigen beweging."
    ),
    "allocating_body": (
        "De Staat (Openbaar Ministerie, met uitvoering door het CJIB en Domeinen Roerende "
        "Zaken); voor gesloten panden de burgemeester"
    ),
    "other_measures": (
        "Sluiting van een woning, lokaal of erf door de burgemeester bij verstoring van de "
        "openbare orde (art. 174a Gemeentewet) of bij handel in drugs (art. 13b Opiumwet)."
    ),
    "stages": {
        "seized": ("Beslag (inbeslagneming)", "art. 94 en 94a Sv"),
        "confiscated_first_instance": ("Verbeurdverklaring in eerste aanleg", "art. 33 Sr"),
        "confiscated_appeal": ("Verbeurdverklaring in hoger beroep", "art. 33 Sr"),
        "confiscated_final": (
            "Onherroepelijke verbeurdverklaring of ontneming",
            "art. 33 en 36e Sr",
        ),
        "released": ("Beslag opgeheven, teruggegeven", "art. 116 Sv"),
        "allocated": ("Toegewezen voor maatschappelijk hergebruik", ""),
        "delivered": ("In gebruik gegeven", ""),
        "revoked_allocation": ("Toewijzing ingetrokken", ""),
        "for_sale": ("Te koop (Domeinen)", ""),
        "sold": ("Verkocht", ""),
        "demolished": ("Gesloopt", ""),
    },
    "translations": {
        "en": {
            "register_title": "Overview of seized, confiscated and closed properties",
            "register_intro": (
                "Public overview kept by the municipality: properties and other goods under "
                "seizure in criminal proceedings (art. 94 and 94a of the Dutch Code of Criminal "
                "Procedure), declared forfeit by a court (art. 33 of the Dutch Criminal Code) or "
                "held to recover a confiscation order (art. 36e of the Dutch Criminal Code), and "
                "premises closed by the mayor, with their social reuse. The municipality "
                "publishes this overview of its own accord."
            ),
            "allocating_body": (
                "The State (Public Prosecution Service, carried out by the CJIB and the State "
                "property agency Domeinen Roerende Zaken); the mayor for closed premises"
            ),
            "other_measures": (
                "Closure of a dwelling, premises or grounds by the mayor for a breach of public "
                "order (art. 174a of the Municipalities Act) or for drug dealing (art. 13b of the "
                "Opium Act)."
            ),
            "stages": (
                "Seizure (beslag)",
                "Forfeiture at first instance (verbeurdverklaring)",
                "Forfeiture on appeal",
                "Final forfeiture or confiscation order (ontneming)",
                "Seizure lifted, returned",
                "Allocated for social reuse",
                "Handed over for use",
                "Allocation withdrawn",
                "For sale (State property agency)",
                "Sold",
                "Demolished",
            ),
        },
        "it": {
            "register_title": "Elenco degli immobili sequestrati, confiscati e chiusi",
            "register_intro": (
                "Elenco pubblico tenuto dal Comune: immobili e altri beni sottoposti a sequestro "
                "penale (artt. 94 e 94a del codice di procedura penale olandese), confiscati dal "
                "giudice (art. 33 del codice penale olandese) o vincolati al recupero di una "
                "misura di confisca del profitto (art. 36e del codice penale olandese), e locali "
                "chiusi dal sindaco, con il loro riutilizzo sociale. Il Comune pubblica questo "
                "elenco di propria iniziativa."
            ),
            "allocating_body": (
                "Lo Stato (Pubblico Ministero, con esecuzione affidata al CJIB e a Domeinen "
                "Roerende Zaken); per i locali chiusi, il sindaco"
            ),
            "other_measures": (
                "Chiusura di un'abitazione, di un locale o di un terreno disposta dal sindaco "
                "per turbativa dell'ordine pubblico (art. 174a della legge comunale olandese) o "
                "per spaccio di droga (art. 13b della legge olandese sull'oppio)."
            ),
            "stages": (
                "Sequestro (beslag)",
                "Confisca in primo grado (verbeurdverklaring)",
                "Confisca in appello",
                "Confisca definitiva o del profitto (ontneming)",
                "Sequestro revocato, bene restituito",
                "Assegnato per il riutilizzo sociale",
                "Consegnato in uso",
                "Assegnazione revocata",
                "In vendita (demanio dello Stato)",
                "Venduto",
                "Demolito",
            ),
        },
        "fr": {
            "register_title": "Relevé des biens immobiliers saisis, confisqués et fermés",
            "register_intro": (
                "Relevé public tenu par la commune : biens immobiliers et autres biens saisis "
                "dans une procédure pénale (art. 94 et 94a du code de procédure pénale "
                "néerlandais), confisqués par le juge (art. 33 du code pénal néerlandais) ou "
                "affectés au recouvrement d'une mesure de confiscation des avoirs (art. 36e du "
                "code pénal néerlandais), et locaux fermés par le maire, avec leur réutilisation "
                "sociale. La commune publie ce relevé de sa propre initiative."
            ),
            "allocating_body": (
                "L'État (ministère public, exécution par le CJIB et Domeinen Roerende Zaken) ; "
                "pour les locaux fermés, le maire"
            ),
            "other_measures": (
                "Fermeture d'un logement, d'un local ou d'un terrain par le maire en cas "
                "d'atteinte à l'ordre public (art. 174a de la loi communale néerlandaise) ou de "
                "trafic de drogue (art. 13b de la loi néerlandaise sur l'opium)."
            ),
            "stages": (
                "Saisie (beslag)",
                "Confiscation en première instance (verbeurdverklaring)",
                "Confiscation en appel",
                "Confiscation définitive ou des avoirs (ontneming)",
                "Saisie levée, bien restitué",
                "Attribué pour une réutilisation sociale",
                "Remis pour usage",
                "Attribution retirée",
                "En vente (domaines de l'État)",
                "Vendu",
                "Démoli",
            ),
        },
        "es": {
            "register_title": "Relación de inmuebles incautados, decomisados y clausurados",
            "register_intro": (
                "Relación pública que lleva el municipio: inmuebles y otros bienes incautados en "
                "un proceso penal (arts. 94 y 94a del Código Procesal Penal neerlandés), "
                "decomisados por el juez (art. 33 del Código Penal neerlandés) o destinados a "
                "cubrir una medida de decomiso de beneficios (art. 36e del Código Penal "
                "neerlandés), y locales clausurados por el alcalde, con su reutilización social. "
                "El municipio publica esta relación por iniciativa propia."
            ),
            "allocating_body": (
                "El Estado (Ministerio Fiscal, con ejecución a cargo del CJIB y de Domeinen "
                "Roerende Zaken); para los locales clausurados, el alcalde"
            ),
            "other_measures": (
                "Clausura de una vivienda, local o terreno por el alcalde por alteración del "
                "orden público (art. 174a de la Ley Municipal neerlandesa) o por tráfico de "
                "drogas (art. 13b de la Ley neerlandesa del Opio)."
            ),
            "stages": (
                "Incautación (beslag)",
                "Decomiso en primera instancia (verbeurdverklaring)",
                "Decomiso en apelación",
                "Decomiso firme o de beneficios (ontneming)",
                "Incautación levantada, bien devuelto",
                "Asignado para reutilización social",
                "Entregado para su uso",
                "Asignación retirada",
                "En venta (patrimonio del Estado)",
                "Vendido",
                "Demolido",
            ),
        },
    },
}

FIELDS = ("register_title", "register_intro", "allocating_body", "other_measures")


def load_jurisdictions(apps):
    """Create Italy and the Netherlands unless they exist (then the admin's wording is kept).
    `apps` is the migration's app registry, or django.apps.apps."""
    Jurisdiction = apps.get_model("assets_registry", "Jurisdiction")
    Stage = apps.get_model("assets_registry", "JurisdictionStage")
    Wording = apps.get_model("assets_registry", "JurisdictionWording")
    for data in (ITALY, NETHERLANDS):
        jurisdiction, created = Jurisdiction.objects.get_or_create(
            country=data["country"],
            defaults={
                key: data[key] for key in ("name", "language", "register_legal_basis") + FIELDS
            },
        )
        if not created:
            continue  # configured by hand already: keep what the admin wrote
        for status in STAGE_ORDER:
            name, legal_basis = data["stages"][status]
            Stage.objects.create(
                jurisdiction=jurisdiction, status=status, name=name, legal_basis=legal_basis
            )
        for language, texts in data["translations"].items():
            for key in FIELDS:
                if texts.get(key):
                    Wording.objects.create(
                        jurisdiction=jurisdiction, language=language, key=key, text=texts[key]
                    )
            for status, name in zip(STAGE_ORDER, texts["stages"], strict=True):
                Wording.objects.create(
                    jurisdiction=jurisdiction, language=language, key=f"stage:{status}", text=name
                )
