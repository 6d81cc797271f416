"""Montclair-sur-Loire, ville française imaginaire de 150 000 habitants, prépare sa transition énergétique."""

CONTENT = {
    "city": "Montclair-sur-Loire",
    "title": "Arène de transition énergie de Montclair-sur-Loire",
    "prompt": "À quoi ressemble une Montclair juste et sans énergies fossiles en 2050, et que lançons-nous "
              "dès cette année ?",
    "participants": [
        "Camille Lefèvre", "Hélène Rousseau", "François Durand", "Inès Benali", "Maëlle Le Goff",
        "Jérôme Dubœuf", "Noémie Garçon", "Théo Marchand", "Aurélie Fontaine", "Loïc Bernard",
    ],
    "actors": [
        ("Ville de Montclair-sur-Loire, mission transition écologique", "Ville de Montclair", "régime"),
        ("Coopérative citoyenne Loire Énergies, 700 sociétaires", "Loire Énergies", "niche"),
        ("Gestionnaire du réseau de distribution d'électricité", "Réseau Val de Loire", "régime"),
        ("Office public de l'habitat, 10 000 logements sociaux", "Montclair Habitat", "régime"),
        ("Collectif d'habitants du quartier des Tanneries", "Collectif des Tanneries", "niche"),
        ("Université, laboratoire du bâtiment bas carbone", "Université de Montclair", "intermédiaire"),
        ("Chambre de métiers et de l'artisanat", "CMA Montclair", "intermédiaire"),
        ("Association de cyclistes urbains", "Montclair à Vélo", "niche"),
        ("Conseil municipal des jeunes", "Conseil des jeunes", "niche"),
    ],
    "trends": [
        "Les factures d'énergie ont fortement augmenté depuis 2021 ; un ménage sur six est en précarité "
        "énergétique.",
        "Les pompes à chaleur et le photovoltaïque deviennent moins chers, mais les artisans qualifiés "
        "manquent.",
        "Le réseau électrique local est saturé dans plusieurs quartiers.",
        "Les canicules se multiplient ; les logements anciens deviennent des fours l'été.",
        "Le télétravail fait que les logements sont chauffés en journée.",
    ],
    "challenges": {
        "Logement et chaleur": [
            ("Les immeubles des années soixante sont des passoires thermiques", 7),
            ("Les locataires ne peuvent pas rénover leur logement", 5),
            ("Une chaudière au fioul en panne est remplacée par une autre chaudière au fioul", 3),
        ],
        "Réseau et production": [
            ("Le réseau saturé retarde le raccordement des toitures solaires", 6),
            ("La valeur de l'énergie produite ne reste pas sur le territoire", 3),
            ("Aucun stockage pour utiliser le soleil de midi le soir", 2),
        ],
        "Mobilité": [
            ("Les quartiers périphériques dépendent de la voiture", 4),
            ("Les livraisons encombrent le centre historique", 3),
        ],
        "Habitants et savoir-faire": [
            ("Trop peu d'artisans formés à la rénovation performante", 5),
            ("Les habitants se méfient des démarcheurs", 3),
            ("Les plans climat sont écrits pour les habitants, pas avec eux", 4),
        ],
    },
    "principles": [
        "Personne ne reste dans un logement froid : les ménages modestes d'abord.",
        "L'énergie produite à Montclair profite à Montclair.",
        "D'abord la sobriété et l'isolation, ensuite l'équipement.",
        "Les habitants sont copropriétaires et codécideurs.",
        "Apprendre en faisant, et partager aussi les échecs.",
    ],
    "visions": [
        ("En 2050, chaque logement de Montclair est chaud l'hiver, frais l'été et abordable à chauffer, "
         "sans gaz ni fioul ; les rues sont ombragées et végétalisées.", [0, 1, 2]),
        ("En 2050, Montclair produit plus d'énergie renouvelable qu'elle n'en consomme, et la moitié "
         "appartient aux habitants, aux écoles et aux entreprises locales.", [3, 4, 5, 10]),
        ("En 2050, on rejoint chaque quartier à vélo ou en tram en moins de vingt minutes, et le centre "
         "historique est livré sans émissions.", [6, 7]),
    ],
    "pathways": [
        ("Rue par rue : des rénovations groupées portées par les habitants et le bailleur social", 0, [
            ("Guichet unique de la rénovation ouvert à l'hôtel de ville", 2026),
            ("3 000 logements sociaux rénovés et sortis du fioul", 2030),
            ("La moitié des logements privés rénovés", 2038),
            ("Dernière chaudière fossile éteinte", 2045),
        ]),
        ("Un système énergétique local : solaire sur chaque toit, batteries de quartier, réseau agile", 1, [
            ("Toitures solaires citoyennes sur toutes les écoles", 2027),
            ("Batteries de quartier dans les trois secteurs saturés", 2031),
            ("La moitié de la production locale en propriété citoyenne", 2040),
        ]),
        ("Se déplacer autrement : pistes cyclables continues, tram prolongé, logistique propre", 2, [
            ("Réseau cyclable express vers les zones d'activité", 2028),
            ("Zone à faibles émissions pour les livraisons", 2030),
            ("Tram prolongé jusqu'aux Tanneries", 2036),
        ]),
    ],
    "actions": [
        ("Ouvrir le guichet de la rénovation avec des diagnostics gratuits", "Ville et Montclair Habitat",
         2025, 2026, 0, 0),
        ("Former quarante artisans à la rénovation globale", "CMA Montclair", 2025, 2028, 0, 1),
        ("Publier un cadastre solaire de toutes les toitures", "Université de Montclair", 2025, 2025, 1, 0),
        ("Lancer une souscription citoyenne pour le solaire des écoles", "Loire Énergies", 2026, 2027, 1, 0),
        ("Négocier des raccordements flexibles dans les secteurs saturés", "Réseau Val de Loire", 2025, 2027,
         1, 1),
        ("Concevoir le réseau cyclable express avec les usagers", "Montclair à Vélo", 2026, 2027, 2, 0),
        ("Créer un centre de logistique urbaine à vélo-cargo", "CMA Montclair", 2026, 2028, 2, 1),
        ("Associer le conseil des jeunes à chaque plan énergie", "Conseil des jeunes", 2025, 2025, 0, None),
    ],
    "experiments": [
        ("Rénovation groupée de la rue des Tanneurs : 28 logements à la fois", "Montclair Habitat", "running",
         "Besoin de chauffage divisé par deux, satisfaction des habitants supérieure à 8/10", 0),
        ("Batterie de quartier à la maison des Tanneries", "Loire Énergies", "planned",
         "Part de l'électricité solaire consommée dans le quartier", 1),
        ("Prêt de pompes à chaleur pour un hiver", "Collectif des Tanneries", "idea",
         "Nombre de ménages qui s'équipent après l'essai", 0),
        ("Livraisons en vélo-cargo pour vingt commerces du centre", "Montclair à Vélo", "running",
         "Trajets de camionnette évités par semaine", 2),
        ("Toiture solaire du lycée Jean-Moulin, financée par les parents", "Conseil des jeunes", "completed",
         "kWh produits et nombre de sociétaires", 1),
    ],
    "lessons": [
        "Les habitants font davantage confiance à un voisin qui l'a fait qu'à une brochure.",
        "Rénover une rue entière réduit de moitié les coûts d'échafaudage et d'études.",
        "Le gestionnaire de réseau doit être présent dès la première séance.",
        "Les jeunes apportent l'urgence : donnons-leur un vrai rôle, pas une chaise symbolique.",
        "Partager les échecs : la batterie bloquée nous a plus appris que les réussites.",
    ],
}
