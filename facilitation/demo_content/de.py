"""Lindenau, eine erfundene deutsche Stadt mit 140.000 Einwohnern, gestaltet ihre Energiewende."""

CONTENT = {
    "city": "Lindenau",
    "title": "Transitionsarena Energie Lindenau",
    "prompt": "Wie sieht ein gerechtes, fossilfreies Lindenau im Jahr 2050 aus, und womit fangen wir "
              "dieses Jahr an?",
    "participants": [
        "Jürgen Weiß", "Anneliese Großmann", "Mehmet Yılmaz", "Lena Schäfer", "Björn Krüger",
        "Sophie Müller", "Maximilian Strauß", "Aylin Öztürk", "Katharina Voß", "Felix Bäcker",
    ],
    "actors": [
        ("Stadt Lindenau, Klimaschutzmanagement", "Stadt Lindenau", "Regime"),
        ("Stadtwerke Lindenau, Strom, Gas und Fernwärme", "Stadtwerke Lindenau", "Regime"),
        ("Bürgerenergiegenossenschaft Lindenau, 900 Mitglieder", "BürgerEnergie Lindenau eG", "Nische"),
        ("Wohnungsbaugenossenschaft Am Lindenhof, 8.000 Wohnungen", "WBG Am Lindenhof", "Regime"),
        ("Repair-Café und Nachbarschaftsverein Südstadt", "Südstadt e.V.", "Nische"),
        ("Hochschule Lindenau, Institut für Gebäudeenergie", "Hochschule Lindenau", "Intermediär"),
        ("Handwerkskammer, Innung Sanitär-Heizung-Klima", "Handwerkskammer Lindenau", "Intermediär"),
        ("Allgemeiner Fahrradclub, Ortsgruppe", "ADFC Lindenau", "Nische"),
        ("Jugendparlament Lindenau", "Jugendparlament", "Nische"),
    ],
    "trends": [
        "Die Energiepreise sind seit 2021 stark gestiegen; jeder sechste Haushalt ist von Energiearmut "
        "bedroht.",
        "Wärmepumpen und Photovoltaik werden günstiger, aber es fehlen Fachkräfte.",
        "Das örtliche Stromnetz stößt in mehreren Stadtteilen an seine Grenzen.",
        "Hitzesommer und Starkregen häufen sich; Altbauten heizen sich stark auf.",
        "Die kommunale Wärmeplanung ist gesetzlich vorgeschrieben.",
    ],
    "challenges": {
        "Wohnen und Wärme": [
            ("Die Gründerzeit- und Nachkriegsbauten verlieren viel Wärme", 7),
            ("Mieterinnen und Mieter können ihre Wohnung nicht selbst sanieren", 5),
            ("Kaputte Gasheizungen werden eins zu eins ersetzt", 4),
        ],
        "Netz und Erzeugung": [
            ("Das volle Stromnetz verzögert den Anschluss von Solardächern und Wärmepumpen", 6),
            ("Die Wertschöpfung aus Wind und Sonne fließt aus der Stadt ab", 3),
            ("Es fehlen Speicher, um Mittagssonne abends zu nutzen", 2),
        ],
        "Mobilität": [
            ("Die Außenbezirke sind nur mit dem Auto gut erreichbar", 4),
            ("Lieferverkehr verstopft die Altstadt", 3),
        ],
        "Menschen und Fachkräfte": [
            ("Es gibt zu wenige Handwerkerinnen und Handwerker für Sanierung und Wärmepumpen", 5),
            ("Viele misstrauen Haustürgeschäften mit Energie", 2),
            ("Pläne werden für die Menschen gemacht, nicht mit ihnen", 4),
        ],
    },
    "principles": [
        "Niemand bleibt in einer kalten Wohnung zurück: einkommensschwache Haushalte zuerst.",
        "Energie aus Lindenau nützt Lindenau.",
        "Erst Energie sparen und dämmen, dann die Technik tauschen.",
        "Bürgerinnen und Bürger sind Miteigentümer und entscheiden mit.",
        "Wir lernen durch Ausprobieren und teilen auch Misserfolge.",
    ],
    "visions": [
        ("2050 ist jede Wohnung in Lindenau warm, trocken und bezahlbar beheizt, ohne Gas und Öl; "
         "Straßenbäume und Gründächer kühlen die Stadt im Sommer.", [0, 1, 2]),
        ("2050 erzeugt Lindenau mehr erneuerbare Energie, als es verbraucht, und die Hälfte gehört "
         "Bürgerinnen, Schulen und örtlichen Betrieben.", [3, 4, 5, 10]),
        ("2050 erreicht man jeden Stadtteil in zwanzig Minuten mit Rad, Bus oder Straßenbahn, und die "
         "Altstadt wird emissionsfrei beliefert.", [6, 7]),
    ],
    "pathways": [
        ("Straße für Straße: gemeinsame Sanierungen mit Genossenschaft und Nachbarschaft", 0, [
            ("Sanierungsberatung im Rathaus eröffnet", 2026),
            ("3.000 Genossenschaftswohnungen saniert und ohne Gas", 2030),
            ("Hälfte der privaten Wohnhäuser saniert", 2038),
            ("Letzte Gasheizung abgeschaltet", 2045),
        ]),
        ("Ein lokales Energiesystem: Sonne auf jedem geeigneten Dach, Quartiersspeicher und Wärmenetze", 1, [
            ("Bürgersolaranlagen auf allen Schulen", 2027),
            ("Quartiersspeicher in den drei Engpassgebieten", 2031),
            ("Fernwärme zu 100 % erneuerbar", 2040),
        ]),
        ("Anders unterwegs: Radschnellwege, dichter Takt, saubere Stadtlogistik", 2, [
            ("Radschnellweg zum Gewerbegebiet fertig", 2028),
            ("Emissionsfreie Lieferzone in der Altstadt", 2030),
            ("Straßenbahn bis in die Südstadt verlängert", 2036),
        ]),
    ],
    "actions": [
        ("Sanierungsberatung mit kostenlosen Gebäudechecks einrichten", "Stadt Lindenau und WBG Am Lindenhof",
         2025, 2026, 0, 0),
        ("Vierzig Fachkräfte für Wärmepumpen ausbilden", "Handwerkskammer Lindenau", 2025, 2028, 0, 1),
        ("Solarkataster für alle Dächer veröffentlichen", "Hochschule Lindenau", 2025, 2025, 1, 0),
        ("Bürgerbeteiligung für Solardächer auf Schulen anbieten", "BürgerEnergie Lindenau eG", 2026, 2027,
         1, 0),
        ("Flexible Netzanschlüsse für Engpassgebiete vereinbaren", "Stadtwerke Lindenau", 2025, 2027, 1, 1),
        ("Radschnellweg gemeinsam mit Anwohnenden planen", "ADFC Lindenau", 2026, 2027, 2, 0),
        ("Lastenrad-Mikrodepot in der Altstadt einrichten", "Stadt Lindenau", 2026, 2027, 2, 1),
        ("Jugendparlament prüft jeden Energieplan", "Jugendparlament", 2025, 2025, 0, None),
    ],
    "experiments": [
        ("Gemeinsame Sanierung der Lindenstraße: 26 Wohnungen auf einmal", "WBG Am Lindenhof", "running",
         "Wärmebedarf je Wohnung halbiert, Zufriedenheit über 8 von 10", 0),
        ("Quartiersspeicher am Stadtteilzentrum Südstadt", "BürgerEnergie Lindenau eG", "planned",
         "Anteil des Solarstroms, der im Quartier verbraucht wird", 1),
        ("Wärmepumpen-Verleih: einen Winter lang ausprobieren", "Südstadt e.V.", "idea",
         "Zahl der Haushalte, die danach eine kaufen", 0),
        ("Lastenrad-Lieferungen für zwanzig Geschäfte", "ADFC Lindenau", "running",
         "Vermiedene Transporterfahrten pro Woche", 2),
        ("Solardach auf dem Goethe-Gymnasium, finanziert von Eltern", "Jugendparlament", "completed",
         "Erzeugte kWh und Zahl der Miteigentümer", 1),
    ],
    "lessons": [
        "Menschen vertrauen Nachbarn, die es schon gemacht haben, mehr als jedem Faltblatt.",
        "Eine ganze Straße auf einmal halbiert die Kosten für Gerüst und Planung.",
        "Der Netzbetreiber muss von der ersten Sitzung an dabei sein.",
        "Jugendliche bringen Dringlichkeit; sie brauchen eine echte Rolle, keinen Alibiplatz.",
        "Auch Misserfolge teilen: Der gestoppte Speicher hat uns mehr gelehrt als die Erfolge.",
    ],
}
