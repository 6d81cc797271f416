"""Eastbridge, an invented English port city of 180,000, works on its energy transition."""

CONTENT = {
    "city": "Eastbridge",
    "title": "Eastbridge Energy Transition Arena",
    "prompt": "What does a fair, fossil-free Eastbridge look like in 2050, and what do we start this year?",
    "participants": [
        "Amelia Hart", "Rajesh Patel", "Siobhán O'Connor", "Tom Whitfield", "Grace Adeyemi",
        "Owen Llewellyn", "Hannah Brooks", "Marek Nowak", "Chloé Martin", "Dev Sharma",
    ],
    "actors": [
        ("Eastbridge City Council, climate team", "Eastbridge City Council", "regime"),
        ("Harbourside Energy Co-operative, 600 members with rooftop solar", "Harbourside Energy Co-op",
         "niche"),
        ("Northern Grid, the regional distribution network operator", "Northern Grid", "regime"),
        ("Eastbridge Homes, housing association with 9,000 homes", "Eastbridge Homes", "regime"),
        ("Repair café and tool library in St Anne's", "St Anne's Community Hub", "niche"),
        ("University of Eastbridge, low-carbon buildings lab", "University of Eastbridge", "intermediary"),
        ("Port of Eastbridge, shore power and logistics", "Port of Eastbridge Ltd", "regime"),
        ("Chamber of Commerce, small business network", "Eastbridge Chamber of Commerce", "intermediary"),
        ("Young Climate Eastbridge, secondary school students", "Young Climate Eastbridge", "niche"),
        ("Local retrofit installers' network", "Retrofit Eastbridge", "niche"),
    ],
    "trends": [
        "Energy bills have doubled since 2021; one household in five is in fuel poverty.",
        "Heat pumps and rooftop solar are getting cheaper every year, but installers are scarce.",
        "The national grid is decarbonising fast, while local grid capacity is full in three districts.",
        "Extreme rainfall and summer heat are more frequent; the old terraces overheat.",
        "More people work from home, so homes are heated during the day.",
    ],
    "challenges": {
        "Homes and heat": [
            ("Most terraced houses leak heat and nobody knows where to start", 7),
            ("Tenants cannot insulate the homes they rent", 5),
            ("Gas boilers are replaced like for like when they break", 4),
        ],
        "Grid and power": [
            ("The local grid is full: new solar and heat pumps wait months for a connection", 6),
            ("Energy generated in the city leaves the city; profits do not stay local", 3),
            ("No storage to use midday sun in the evening", 2),
        ],
        "Mobility and the port": [
            ("Ships run diesel generators while in port", 4),
            ("Delivery vans and school runs clog the ring road", 3),
            ("Bus routes do not reach the new estates", 2),
        ],
        "People and skills": [
            ("Too few trained installers and electricians", 5),
            ("Residents distrust energy salespeople after bad experiences", 3),
            ("Climate plans are written for people, not with them", 4),
        ],
    },
    "principles": [
        "Nobody is left in a cold home: the poorest households go first.",
        "Energy made in Eastbridge benefits Eastbridge.",
        "Fix the building before the boiler: save energy first.",
        "Residents co-own and co-decide.",
        "Learn by doing, and share what fails as well as what works.",
    ],
    "visions": [
        ("In 2050 every home in Eastbridge is warm, dry and affordable to heat, without gas, "
         "and the streets are greener and cooler in summer.", [0, 1, 2]),
        ("In 2050 Eastbridge produces more clean energy than it uses, and half of it is owned "
         "by residents, schools and local businesses.", [3, 4, 5, 11]),
        ("In 2050 the port and the ring road are quiet and clean: ships plug in, goods move by "
         "rail and cargo bike, and every estate has a frequent bus.", [6, 7, 8]),
    ],
    "pathways": [
        ("Street by street: whole-street retrofits led by residents and the housing association", 0, [
            ("One-stop retrofit shop open in the town hall", 2026),
            ("2,000 social homes insulated and on heat pumps", 2030),
            ("Half of all private homes retrofitted", 2038),
            ("Last gas boiler switched off", 2045),
        ]),
        ("A local energy system: solar on every suitable roof, shared storage and a smarter grid", 1, [
            ("Community solar on all council and school roofs", 2027),
            ("Neighbourhood batteries in the three full districts", 2031),
            ("Half of local generation in community ownership", 2040),
        ]),
        ("Clean port, calm roads: shore power, cargo bikes and a bus every ten minutes", 2, [
            ("Shore power at the ferry terminal", 2028),
            ("Zero-emission delivery zone in the centre", 2032),
            ("All estates within 400 m of a frequent bus", 2035),
        ]),
    ],
    "actions": [
        ("Open the retrofit advice desk with free home surveys", "City Council and Eastbridge Homes",
         2025, 2026, 0, 0),
        ("Train 40 local installers through the college apprenticeship", "Retrofit Eastbridge",
         2025, 2028, 0, 1),
        ("Map every roof suitable for solar and publish the map", "University of Eastbridge",
         2025, 2025, 1, 0),
        ("Offer a community share issue for solar on school roofs", "Harbourside Energy Co-op", 2026, 2027,
         1, 0),
        ("Agree a flexible connection deal for the full districts", "Northern Grid", 2025, 2027, 1, 1),
        ("Tender shore power for the ferry terminal", "Port of Eastbridge", 2026, 2028, 2, 0),
        ("Pilot a cargo-bike hub for the high street", "Chamber of Commerce", 2025, 2026, 2, 1),
        ("Run resident juries on the new bus network", "City Council", 2026, 2026, 2, 2),
        ("Set up a youth climate panel that reviews every council plan", "Young Climate Eastbridge",
         2025, 2025, 0, None),
    ],
    "experiments": [
        ("Whole-street retrofit of Elm Terrace: 24 homes at once", "Eastbridge Homes", "running",
         "Heat demand per home down 50%, residents' satisfaction above 8/10", 0),
        ("Neighbourhood battery at St Anne's community hub", "Harbourside Energy Co-op", "planned",
         "Share of local solar used locally", 1),
        ("Heat-pump library: try one for a winter", "Repair café St Anne's", "idea",
         "Number of households that buy one after the trial", 0),
        ("Cargo-bike deliveries for 15 high-street shops", "Chamber of Commerce", "running",
         "Van trips avoided per week", 2),
        ("Solar roof on Eastbridge Academy, owned by parents", "Young Climate Eastbridge", "completed",
         "kWh produced and number of co-owners", 1),
    ],
    "lessons": [
        "Residents trust neighbours who have done it more than any leaflet.",
        "Working street by street halves the cost of scaffolding and planning.",
        "The grid operator must be in the room from the first meeting.",
        "Young people bring urgency; give them a formal role, not a token seat.",
        "Publish failures too: the stalled battery project taught us more than the successes.",
    ],
}
