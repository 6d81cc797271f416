"""Veldhaven, een verzonnen Nederlandse stad van 160.000 inwoners, werkt aan haar energietransitie."""

CONTENT = {
    "city": "Veldhaven",
    "title": "Transitiearena Energie Veldhaven",
    "prompt": "Hoe ziet een eerlijk, aardgasvrij Veldhaven eruit in 2050, en waar beginnen we dit jaar mee?",
    "participants": [
        "Anouk de Vries", "Sem Bakker", "Noël Janssen", "Fatima El Amrani", "Joris van Dijk",
        "Chloë Visser", "Daan Smit", "Ineke Mulder", "Björn Hendriks", "Zoë de Boer",
    ],
    "actors": [
        ("Gemeente Veldhaven, team energietransitie", "Gemeente Veldhaven", "regime"),
        ("Energiecoöperatie Veldhaven Zon, 800 leden", "Veldhaven Zon", "niche"),
        ("Netbeheerder Regionet, verantwoordelijk voor het lokale stroomnet", "Regionet", "regime"),
        ("Woningcorporatie Thuis in Veldhaven, 11.000 huurwoningen", "Thuis in Veldhaven", "regime"),
        ("Bewonersinitiatief Warme Wijk Oost", "Warme Wijk Oost", "niche"),
        ("Hogeschool Veldhaven, lectoraat duurzame gebouwde omgeving", "Hogeschool Veldhaven",
         "intermediair"),
        ("Ondernemersvereniging bedrijventerrein De Kampen", "OV De Kampen", "intermediair"),
        ("Installatiebedrijven in de regio, verenigd in een leerwerkplaats", "Leerwerkplaats Installatie",
         "niche"),
        ("Jongerenraad Veldhaven", "Jongerenraad", "niche"),
    ],
    "trends": [
        "De energierekening is sinds 2021 sterk gestegen; een op de zeven huishoudens heeft energiearmoede.",
        "Warmtepompen en zonnepanelen worden goedkoper, maar installateurs zijn schaars.",
        "Het stroomnet zit vol: nieuwe aansluitingen op De Kampen wachten jaren.",
        "Hittegolven en hoosbuien komen vaker voor; oude wijken warmen op.",
        "Het Rijk stopt geleidelijk met aardgas voor de gebouwde omgeving.",
    ],
    "challenges": {
        "Wonen en warmte": [
            ("De meeste jaren-dertigwoningen zijn slecht geïsoleerd en bewoners weten niet waar te "
             "beginnen", 7),
            ("Huurders kunnen hun woning niet zelf verduurzamen", 5),
            ("Een kapotte cv-ketel wordt gewoon vervangen door een nieuwe", 4),
        ],
        "Net en opwek": [
            ("Netcongestie: zonnedaken en laadpalen kunnen niet worden aangesloten", 6),
            ("De opbrengst van windmolens verdwijnt uit de stad", 3),
            ("Er is geen opslag om zonnestroom 's avonds te gebruiken", 2),
        ],
        "Mobiliteit": [
            ("Het bedrijventerrein is alleen met de auto bereikbaar", 3),
            ("Bestelbusjes verstoppen de binnenstad", 3),
        ],
        "Mensen en vakmanschap": [
            ("Er zijn te weinig installateurs en elektriciens", 5),
            ("Bewoners wantrouwen verkopers van energieoplossingen", 3),
            ("Plannen worden óver bewoners gemaakt in plaats van mét hen", 4),
        ],
    },
    "principles": [
        "Niemand blijft achter in een koud huis: de kwetsbaarste huishoudens eerst.",
        "Energie uit Veldhaven komt Veldhaven ten goede.",
        "Eerst isoleren, dan pas de installatie vervangen.",
        "Bewoners zijn mede-eigenaar en beslissen mee.",
        "We leren door te doen en delen ook wat mislukt.",
    ],
    "visions": [
        ("In 2050 is elke woning in Veldhaven warm, droog en betaalbaar te verwarmen, zonder aardgas, "
         "en zijn de straten groen en koel in de zomer.", [0, 1, 2]),
        ("In 2050 wekt Veldhaven meer schone energie op dan het verbruikt, en is de helft daarvan "
         "in handen van bewoners, scholen en lokale ondernemers.", [3, 4, 5, 10]),
        ("In 2050 bereik je elke wijk en De Kampen vlot per fiets of bus, en rijdt de bevoorrading "
         "van de binnenstad uitstootvrij.", [6, 7]),
    ],
    "pathways": [
        ("Wijk voor wijk: bewoners en corporatie verduurzamen hele straten tegelijk", 0, [
            ("Energieloket in het stadhuis open", 2026),
            ("3.000 huurwoningen geïsoleerd en van het gas af", 2030),
            ("De helft van de koopwoningen verduurzaamd", 2038),
            ("Laatste gasaansluiting verwijderd", 2045),
        ]),
        ("Een lokaal energiesysteem: zon op elk geschikt dak, buurtbatterijen en een slim net", 1, [
            ("Zonnepanelen op alle gemeentelijke gebouwen en scholen", 2027),
            ("Buurtbatterijen in de drie wijken met netcongestie", 2031),
            ("Helft van de lokale opwek in coöperatief eigendom", 2040),
        ]),
        ("Schoon en bereikbaar: fietsroutes, e-bussen en een emissievrije binnenstad", 2, [
            ("Snelfietsroute naar De Kampen klaar", 2028),
            ("Zero-emissiezone voor stadslogistiek", 2030),
            ("Elke wijk binnen 400 meter van een frequente bushalte", 2035),
        ]),
    ],
    "actions": [
        ("Energieloket openen met gratis woningscans", "Gemeente en Thuis in Veldhaven", 2025, 2026, 0, 0),
        ("Veertig installateurs opleiden in de leerwerkplaats", "Leerwerkplaats Installatie",
         2025, 2028, 0, 1),
        ("Een zonnedakenkaart maken en publiceren", "Hogeschool Veldhaven", 2025, 2025, 1, 0),
        ("Ledenwerving voor zonnepanelen op schooldaken", "Veldhaven Zon", 2026, 2027, 1, 0),
        ("Afspraken maken over flexibele netaansluitingen", "Regionet", 2025, 2027, 1, 1),
        ("Snelfietsroute ontwerpen met bewoners en ondernemers", "Gemeente Veldhaven", 2026, 2027, 2, 0),
        ("Gezamenlijke inkoop van elektrische bestelbussen", "OV De Kampen", 2026, 2028, 2, 1),
        ("Een jongerenpanel laat elk energieplan toetsen", "Jongerenraad", 2025, 2025, 0, None),
    ],
    "experiments": [
        ("Straataanpak Lindelaan: 30 woningen tegelijk geïsoleerd", "Thuis in Veldhaven", "running",
         "Warmtevraag per woning 50% lager, tevredenheid bewoners boven 8", 0),
        ("Buurtbatterij bij het wijkcentrum Oost", "Veldhaven Zon", "planned",
         "Aandeel zonnestroom dat in de wijk wordt gebruikt", 1),
        ("Warmtepomp-uitleen: een winter lang proberen", "Warme Wijk Oost", "idea",
         "Aantal huishoudens dat er daarna een koopt", 0),
        ("Bakfietsbezorging voor twintig winkels", "OV De Kampen", "running",
         "Aantal vermeden busritten per week", 2),
        ("Zonnedak op het Veldhavens Lyceum, eigendom van ouders", "Jongerenraad", "completed",
         "Opgewekte kWh en aantal mede-eigenaren", 1),
    ],
    "lessons": [
        "Bewoners vertrouwen buren die het al gedaan hebben meer dan een folder.",
        "Een hele straat tegelijk halveert de kosten van steigers en voorbereiding.",
        "De netbeheerder moet vanaf de eerste bijeenkomst aan tafel zitten.",
        "Jongeren brengen urgentie; geef ze een echte rol, geen excuusplek.",
        "Deel ook wat mislukt: de vastgelopen batterij leerde ons meer dan de successen.",
    ],
}
