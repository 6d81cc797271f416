"""Villaverde del Río, ciudad española imaginaria de 170.000 habitantes, en plena transición energética."""

CONTENT = {
    "city": "Villaverde del Río",
    "title": "Arena de transición energética de Villaverde del Río",
    "prompt": "¿Cómo es una Villaverde justa y libre de combustibles fósiles en 2050, y qué empezamos "
              "este año?",
    "participants": [
        "María José Núñez", "Iñaki Etxeberria", "Lucía Peña", "Andrés Muñoz", "Begoña Ibáñez",
        "Samuel Ortega", "Nuria Castaño", "Youssef Benali", "Paula Sánchez", "Jordi Puig",
    ],
    "actors": [
        ("Ayuntamiento de Villaverde, área de medio ambiente", "Ayuntamiento de Villaverde", "régimen"),
        ("Cooperativa energética ciudadana Sol del Río, 900 socios", "Sol del Río", "nicho"),
        ("Distribuidora eléctrica de la comarca", "Eléctrica del Valle", "régimen"),
        ("Empresa municipal de vivienda, 6.000 viviendas", "Viviendas de Villaverde", "régimen"),
        ("Asociación vecinal del barrio de San Roque", "AV San Roque", "nicho"),
        ("Universidad, grupo de edificación sostenible", "Universidad de Villaverde", "intermediario"),
        ("Asociación de comerciantes del centro", "Comercio Centro Villaverde", "intermediario"),
        ("Colectivo ciclista Villaverde en Bici", "Villaverde en Bici", "nicho"),
        ("Consejo de la juventud", "Consejo de la Juventud", "nicho"),
    ],
    "trends": [
        "La factura energética ha subido mucho desde 2021; uno de cada seis hogares sufre pobreza "
        "energética.",
        "Las placas solares y las bombas de calor son cada vez más baratas, pero faltan instaladores.",
        "La red eléctrica está saturada en varios barrios.",
        "Las olas de calor son más largas y frecuentes; las viviendas antiguas no se enfrían por la noche.",
        "Las comunidades energéticas locales ya tienen marco legal.",
    ],
    "challenges": {
        "Vivienda y confort": [
            ("Los bloques de los años sesenta no aíslan ni del frío ni del calor", 7),
            ("Los inquilinos no pueden rehabilitar su vivienda", 4),
            ("Muchos hogares pasan el verano sin poder refrescarse", 5),
        ],
        "Red y generación": [
            ("La red saturada retrasa la conexión de tejados solares", 6),
            ("El valor de la energía producida no se queda en la ciudad", 3),
            ("No hay almacenamiento para aprovechar el sol por la noche", 2),
        ],
        "Movilidad": [
            ("Los barrios periféricos dependen del coche", 4),
            ("La carga y descarga colapsa el casco histórico", 3),
        ],
        "Personas y oficios": [
            ("Faltan instaladores formados en rehabilitación y autoconsumo", 4),
            ("La gente desconfía de los comerciales de energía", 2),
            ("Los planes se hacen para la ciudadanía, no con ella", 4),
        ],
    },
    "principles": [
        "Nadie se queda en una casa fría o asfixiante: primero los hogares vulnerables.",
        "La energía de Villaverde beneficia a Villaverde.",
        "Primero ahorrar y aislar, después cambiar los equipos.",
        "La ciudadanía es copropietaria y codecide.",
        "Aprender haciendo y compartir también los fracasos.",
    ],
    "visions": [
        ("En 2050 todas las viviendas de Villaverde son confortables en invierno y en verano, con energía "
         "asequible y renovable, y las calles tienen sombra y arbolado.", [0, 1, 2]),
        ("En 2050 Villaverde produce más energía renovable de la que consume, y la mitad pertenece a "
         "vecinos, escuelas y comercios locales.", [3, 4, 5, 10]),
        ("En 2050 se llega a cada barrio en veinte minutos a pie, en bici o en autobús eléctrico, y el "
         "casco histórico se abastece sin emisiones.", [6, 7]),
    ],
    "pathways": [
        ("Calle a calle: rehabilitaciones conjuntas impulsadas por el vecindario y la empresa municipal", 0, [
            ("Oficina de rehabilitación abierta en el ayuntamiento", 2026),
            ("2.500 viviendas públicas rehabilitadas", 2030),
            ("La mitad de las viviendas privadas rehabilitadas", 2038),
            ("Ninguna caldera de gasóleo en la ciudad", 2045),
        ]),
        ("Un sistema energético local: sol en cada tejado útil, baterías de barrio y red inteligente", 1, [
            ("Placas solares en todos los colegios y edificios municipales", 2027),
            ("Baterías de barrio en las tres zonas saturadas", 2031),
            ("La mitad de la generación local en manos ciudadanas", 2040),
        ]),
        ("Moverse de otra manera: carriles bici continuos, autobús eléctrico y logística limpia", 2, [
            ("Red de carriles bici hasta el polígono industrial", 2028),
            ("Zona de bajas emisiones para la distribución de mercancías", 2030),
            ("Autobús eléctrico cada diez minutos en todos los barrios", 2035),
        ]),
    ],
    "actions": [
        ("Abrir la oficina de rehabilitación con diagnósticos gratuitos",
         "Ayuntamiento y Viviendas de Villaverde", 2025, 2026, 0, 0),
        ("Formar a cuarenta instaladores en rehabilitación integral", "Comercio Centro Villaverde",
         2025, 2028, 0, 1),
        ("Publicar un mapa solar de todos los tejados", "Universidad de Villaverde", 2025, 2025, 1, 0),
        ("Campaña de participaciones para el solar de los colegios", "Sol del Río", 2026, 2027, 1, 0),
        ("Acordar conexiones flexibles en los barrios saturados", "Eléctrica del Valle", 2025, 2027, 1, 1),
        ("Diseñar los carriles bici con vecinos y comerciantes", "Villaverde en Bici", 2026, 2027, 2, 0),
        ("Crear un centro de reparto en bicicleta de carga", "Comercio Centro Villaverde", 2026, 2027, 2, 1),
        ("El consejo de la juventud revisa cada plan energético", "Consejo de la Juventud",
         2025, 2025, 0, None),
    ],
    "experiments": [
        ("Rehabilitación conjunta de la calle Olivo: 30 viviendas a la vez", "Viviendas de Villaverde",
         "running", "Demanda de climatización reducida a la mitad, satisfacción vecinal superior a 8", 0),
        ("Batería de barrio en el centro cívico de San Roque", "Sol del Río", "planned",
         "Porcentaje de la energía solar consumida en el barrio", 1),
        ("Refugios climáticos en bibliotecas y colegios", "AV San Roque", "idea",
         "Personas atendidas durante las olas de calor", 0),
        ("Reparto en bicicleta de carga para veinte comercios", "Villaverde en Bici", "running",
         "Viajes de furgoneta evitados por semana", 2),
        ("Tejado solar en el instituto Río Verde, financiado por las familias", "Consejo de la Juventud",
         "completed", "kWh generados y número de socios", 1),
    ],
    "lessons": [
        "Los vecinos confían más en quien ya lo ha hecho que en cualquier folleto.",
        "Rehabilitar una calle entera reduce a la mitad el coste de andamios y proyectos.",
        "La distribuidora eléctrica debe estar en la mesa desde la primera sesión.",
        "Los jóvenes aportan urgencia; necesitan un papel real, no una silla simbólica.",
        "Compartir también lo que falla: la batería paralizada nos enseñó más que los éxitos.",
    ],
}
