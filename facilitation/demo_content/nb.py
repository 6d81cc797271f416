"""Fjordvik, en oppdiktet norsk by med 120 000 innbyggere, arbeider med energiomstillingen sin."""

CONTENT = {
    "city": "Fjordvik",
    "title": "Omstillingsarena energi Fjordvik",
    "prompt": "Hvordan ser et rettferdig, fossilfritt Fjordvik ut i 2050, og hva starter vi med i år?",
    "participants": [
        "Åse Nordø", "Bjørn Sæther", "Ingrid Løvås", "Håkon Brække", "Sofie Ødegård",
        "Amir Haddad", "Kari Strømme", "Øystein Dahl", "Marte Lie", "Tobias Ås",
    ],
    "actors": [
        ("Fjordvik kommune, klima- og miljøetaten", "Fjordvik kommune", "regime"),
        ("Fjordvik Energi, nettselskap og kraftleverandør", "Fjordvik Energi AS", "regime"),
        ("Solandelslaget Fjordvik, 500 andelseiere", "Solandelslaget", "nisje"),
        ("Boligbyggelaget, 7 000 boliger", "Fjordvik Boligbyggelag", "regime"),
        ("Fjordvik havn, landstrøm og godstrafikk", "Fjordvik Havn KF", "regime"),
        ("Universitetet, senter for nullutslippsbygg", "Universitetet i Fjordvik", "mellomledd"),
        ("Næringsforeningen", "Næringsforeningen i Fjordvik", "mellomledd"),
        ("Syklistforeningen, lokallaget", "Syklistforeningen Fjordvik", "nisje"),
        ("Ungdomsrådet", "Fjordvik ungdomsråd", "nisje"),
    ],
    "trends": [
        "Strømprisene har svingt kraftig siden 2021, og mange husholdninger sliter med regningene.",
        "Varmepumper og solceller blir billigere, men det er mangel på elektrikere.",
        "Strømnettet i sentrum er fullt, og nye tilknytninger må vente.",
        "Mer ekstremvær: styrtregn og stormflo rammer havneområdet oftere.",
        "Elbilandelen er høy, men biltrafikken i sentrum vokser fortsatt.",
    ],
    "challenges": {
        "Bolig og varme": [
            ("Eldre trehus og blokker fra syttitallet lekker varme", 7),
            ("Leietakere kan ikke etterisolere boligen selv", 4),
            ("Panelovner gir høye strømregninger om vinteren", 5),
        ],
        "Nett og produksjon": [
            ("Fullt strømnett forsinker solceller og ladepunkter", 6),
            ("Verdiskapingen fra kraften forsvinner ut av byen", 2),
            ("Ingen lagring for å bruke sommerens solkraft", 2),
        ],
        "Havn og transport": [
            ("Skip går på diesel mens de ligger til kai", 5),
            ("Varebiler og bilkøer fyller sentrum", 3),
        ],
        "Folk og kompetanse": [
            ("For få elektrikere og rørleggere med riktig kompetanse", 4),
            ("Innbyggerne stoler ikke på energiselgere", 2),
            ("Planene lages for folk, ikke sammen med dem", 4),
        ],
    },
    "principles": [
        "Ingen skal bli sittende i en kald bolig: de mest sårbare først.",
        "Energi fra Fjordvik skal komme Fjordvik til gode.",
        "Først spare og isolere, så bytte utstyr.",
        "Innbyggerne er medeiere og medbestemmende.",
        "Vi lærer ved å prøve, og deler også det som mislykkes.",
    ],
    "visions": [
        ("I 2050 er hver bolig i Fjordvik varm, tørr og rimelig å varme opp, med fornybar varme, "
         "og byen har grønne tak som tar unna regnvann.", [0, 1, 2]),
        ("I 2050 produserer Fjordvik mer fornybar energi enn byen bruker, og halvparten eies av "
         "innbyggere, skoler og lokale bedrifter.", [3, 4, 5, 10]),
        ("I 2050 er havna og sentrum stille og rene: skip kobler seg til landstrøm, og varer "
         "fraktes med elektriske båter og lastesykler.", [6, 7]),
    ],
    "pathways": [
        ("Gate for gate: felles oppgradering av boliger drevet av beboere og boligbyggelaget", 0, [
            ("Energirådgivning åpnet på rådhuset", 2026),
            ("2 000 borettslagsboliger etterisolert", 2030),
            ("Halvparten av eneboligene oppgradert", 2038),
            ("Alle boliger varmes med fornybar varme", 2045),
        ]),
        ("Et lokalt energisystem: sol på alle egnede tak, nabolagsbatterier og smart nett", 1, [
            ("Solceller på alle skoler og kommunale bygg", 2027),
            ("Nabolagsbatterier i de tre bydelene med fullt nett", 2031),
            ("Halvparten av lokal kraft i innbyggereie", 2040),
        ]),
        ("Ren havn og rolig sentrum: landstrøm, lastesykler og hyppig buss", 2, [
            ("Landstrøm ved hurtigbåt- og fergekaia", 2028),
            ("Utslippsfri varelevering i sentrum", 2032),
            ("Buss hvert tiende minutt til alle bydeler", 2035),
        ]),
    ],
    "actions": [
        ("Åpne energirådgivning med gratis boligsjekk", "Fjordvik kommune og boligbyggelaget",
         2025, 2026, 0, 0),
        ("Utdanne førti elektrikere i varmepumper og solceller", "Næringsforeningen", 2025, 2028, 0, 1),
        ("Lage et solkart over alle tak i byen", "Universitetet i Fjordvik", 2025, 2025, 1, 0),
        ("Andelsinnskudd for solceller på skoletak", "Solandelslaget", 2026, 2027, 1, 0),
        ("Avtale fleksible nettilknytninger", "Fjordvik Energi AS", 2025, 2027, 1, 1),
        ("Bygge landstrøm ved fergekaia", "Fjordvik Havn KF", 2026, 2028, 2, 0),
        ("Prøve lastesykkelsentral for butikkene i sentrum", "Syklistforeningen Fjordvik", 2025, 2026, 2, 1),
        ("La ungdomsrådet uttale seg om alle energiplaner", "Fjordvik ungdomsråd", 2025, 2025, 0, None),
    ],
    "experiments": [
        ("Felles oppgradering av Løkkeveien: 22 boliger på én gang", "Fjordvik Boligbyggelag", "running",
         "Varmebehov per bolig halvert, beboertilfredshet over 8 av 10", 0),
        ("Nabolagsbatteri ved Sjøsiden grendehus", "Solandelslaget", "planned",
         "Andel solkraft brukt i nabolaget", 1),
        ("Utlån av varmepumper: prøv en hel vinter", "Fjordvik ungdomsråd", "idea",
         "Antall husholdninger som kjøper en etterpå", 0),
        ("Lastesykkellevering til femten butikker", "Syklistforeningen Fjordvik", "running",
         "Antall varebilturer spart per uke", 2),
        ("Landstrøm for hurtigbåten, første kai", "Fjordvik Havn KF", "completed",
         "Liter diesel spart per måned", 2),
    ],
    "lessons": [
        "Folk stoler mer på naboer som har gjort det selv enn på brosjyrer.",
        "Å ta en hel gate samtidig halverer kostnadene til stillas og planlegging.",
        "Nettselskapet må sitte ved bordet fra første møte.",
        "Ungdommen gir trykk; de trenger en reell rolle, ikke en alibiplass.",
        "Del det som mislykkes også: batteriprosjektet som stoppet, lærte oss mest.",
    ],
}
