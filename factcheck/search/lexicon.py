"""The curated word tables of the search: one spelling per name, synonyms, other languages.

Three tables, all applied the same way to records and queries so they meet in the middle:

- `ALIASES`: other spellings of one name (transliterations, demonyms, abbreviations):
  *Qassem/Qasem/Kassem*, *Irak/Iraqi/Iraq*, *US/USA/America/American*. A word and its alias
  are the same term: no weight is lost.
- `SYNONYMS`: groups of English words that people use for one another when they retell a
  claim: *withdraw / pull out / leave / exit*, *troops / soldiers / forces*, *kill /
  assassinate*. A query word also searches the other words of its groups, at a lower weight
  (`factcheck.search.engine.SYNONYM_WEIGHT`), so a record using the query's own word still
  ranks first. The groups are news and politics vocabulary (war and diplomacy, elections,
  health, the economy, crime, immigration), not the wording of particular records.
- `TRANSLATIONS`: Spanish, French, German and Arabic (in Arabic script and in Latin
  transliteration) words of the same vocabulary, each mapped to the English words it means.
  A query word in another language searches its English words at full weight; a record
  whose `claim.language` is not English is indexed under the English words of its words too,
  so an English query finds it.

Words are written folded (lower case, no accents) as `factcheck.search.text.fold` leaves
them; the English words are stemmed when the tables are loaded, so one form of a word
stands for all (*withdraw* covers *withdrawal*, *withdrawing*).
"""

from __future__ import annotations

# The tables are laid out by hand, a group to a line or a few: `ruff format` leaves them so.
# fmt: off

# -- one name, many spellings ----------------------------------------------------------------

_ALIAS_GROUPS: dict[str, tuple[str, ...]] = {
    # The United States however it is written ("us" is the country far more often than the
    # pronoun in a claim; the pronoun is a stop word anyway).
    "usa": (
        "us", "usa", "america", "american", "americans", "unitedstates", "estadosunidos",
        "etatsunis", "vereinigtestaaten", "vereinigtenstaaten", "estadounidense",
        "estadounidenses", "americain", "americaine", "americains", "amerikanisch",
        "amerikanische", "amerikanischen", "amerikaner", "amerika", "eeuu", "etatsunis",
        "vereinigten", "amrika", "amriki", "amrikiya", "amerikiya", "washington",
        "أمريكا", "امريكا", "أميركا", "اميركا", "الأمريكي", "الأمريكية", "الامريكية",
        "الأميركية", "الأمريكيين", "الامريكي", "امريكي", "أمريكي", "واشنطن",
    ),
    "iraq": (
        "iraq", "iraqi", "iraqis", "irak", "irakien", "irakienne", "irakiens", "iraki",
        "iraquí", "iraqui", "iraquies", "irakisch", "irakische", "irakischen", "irakischer",
        "al-iraq", "aliraq", "العراق", "عراق", "العراقي", "العراقية", "العراقيين",
    ),
    "iran": (
        "iran", "iranian", "iranians", "iranien", "iranienne", "iraniens", "irani", "iraniya",
        "irani", "irano", "iranies", "iranisch", "iranische", "iranischen", "persia",
        "إيران", "ايران", "الإيراني", "الإيرانية", "الايرانية", "ايراني", "إيراني",
    ),
    "tehran": ("tehran", "teheran", "طهران"),
    "baghdad": ("baghdad", "bagdad", "bagdag", "بغداد"),
    "ukraine": (
        "ukraine", "ukrainian", "ukrainians", "ukrainien", "ukrainienne", "ucrania",
        "ucraniano", "ucraniana", "ukrainisch", "ukrainische", "ukrainischen", "اوكرانيا",
        "أوكرانيا", "الأوكرانية",
    ),
    "canada": ("canada", "canadian", "canadians", "canadiens", "canadienses", "kanada", "kanadier"),
    "saudi": ("saudi", "saudis", "saudita", "saoudite", "saudisch", "السعودية"),
    "isis": (
        "isis", "isil", "daesh", "daech", "islamicstate", "estadoislamico", "etatislamique",
        "داعش",
    ),
    "erbil": ("erbil", "arbil", "irbil", "hewler", "أربيل", "اربيل"),
    "kuwait": ("kuwait", "koweit", "الكويت"),
    "syria": ("syria", "syrian", "siria", "syrie", "syrien", "سوريا"),
    "israel": ("israel", "israeli", "israelis", "israelien", "israeli", "إسرائيل", "اسرائيل"),
    "britain": (
        "britain", "british", "uk", "britons", "england", "reinounido", "royaumeuni",
        "grossbritannien", "britannique", "britanico", "بريطانيا",
    ),
    "france": ("france", "french", "francia", "frankreich", "francais", "frances", "فرنسا"),
    "germany": ("germany", "german", "germans", "alemania", "allemagne", "deutschland", "ألمانيا"),
    "europe": ("europe", "european", "europa", "europeo", "europeen", "europaisch", "أوروبا"),
    "russia": ("russia", "russian", "rusia", "russie", "russland", "روسيا"),
    "china": ("china", "chinese", "chine", "chinois", "chino", "الصين"),
    "nato": ("nato", "otan", "الناتو"),
    "kyiv": ("kyiv", "kiev", "kiew", "كييف"),
    "qasem": (
        "qasem", "qassem", "qassim", "qasim", "kassem", "ghassem", "kasem", "qaseem", "قاسم",
    ),
    "soleimani": (
        "soleimani", "suleimani", "soleymani", "sulaimani", "solejmani", "suleymani",
        "sulaymani", "soleimany", "سليماني",
    ),
    "muhandis": ("muhandis", "mohandes", "muhandes", "mohandis", "المهندس"),
    "adel": ("adel", "adil", "عادل"),
    "trump": ("trump", "trumps", "ترامب", "ترمب"),
    "obama": ("obama", "أوباما", "اوباما"),
    "pompeo": ("pompeo", "بومبيو"),
    "esper": ("esper", "إسبر", "اسبر"),
    "khamenei": ("khamenei", "jamenei", "chamenei", "khamenai", "خامنئي"),
    "rouhani": ("rouhani", "rohani", "ruhani", "روحاني"),
    "zarif": ("zarif", "ظريف"),
    "sistani": ("sistani", "السيستاني"),
    "sadr": ("sadr", "الصدر"),
    "pentagon": ("pentagon", "pentagono", "pentagone", "البنتاغون"),
    "hezbollah": ("hezbollah", "hizbollah", "hizballah", "hisbollah", "حزب"),
    "kirkuk": ("kirkuk", "kerkuk", "كركوك"),
    "asad": ("asad", "assad", "الأسد", "الاسد"),
    "911": ("911", "9-11", "9/11"),
}

ALIASES: dict[str, str] = {word: term for term, words in _ALIAS_GROUPS.items() for word in words}
"""Folded word → the one term it is indexed and searched as (see the module's docstring)."""

# -- synonyms: words people use for one another ------------------------------------------

SYNONYMS: tuple[tuple[str, ...], ...] = (
    # leaving a place, a deal, an alliance
    ("withdraw", "withdrawal", "leave", "leaving", "pull", "pullout", "exit", "depart",
     "departure", "quit", "evacuate", "retreat", "drawdown", "abandon", "out"),
    ("expel", "expulsion", "kick", "oust", "eject", "evict", "force", "remove", "order"),
    # armed forces
    ("troop", "troops", "soldier", "soldiers", "forces", "military", "army", "servicemember",
     "servicemen", "personnel", "marine", "marines", "armed"),
    ("base", "camp", "garrison", "airbase"),
    ("kill", "killed", "assassinate", "assassination", "slay", "murder", "eliminate",
     "terminate", "dead", "death", "died", "die", "fatal", "fatality", "casualty", "lives"),
    ("wound", "injure", "injury", "hurt", "harm", "harmed", "casualty", "concussion",
     "tbi", "brain"),
    ("attack", "strike", "assault", "raid", "airstrike", "bomb", "bombing", "hit", "shell",
     "retaliate", "retaliation", "offensive"),
    ("missile", "rocket", "ballistic", "projectile"),
    ("drone", "uav"),
    ("plane", "airplane", "aircraft", "airliner", "jet", "flight", "passenger", "airline"),
    ("shoot", "shot", "down", "downing", "downed", "crash", "crashed"),
    ("war", "conflict", "hostility", "hostilities", "fighting", "combat"),
    ("threat", "threaten", "warn", "warning", "ultimatum", "menace"),
    ("imminent", "impending", "upcoming", "soon"),
    ("plot", "plan", "planning", "scheme", "prepare", "orchestrate", "organize"),
    ("general", "commander", "chief", "leader", "head"),
    ("terrorist", "terrorism", "terror", "militant", "extremist", "jihadist"),
    ("militia", "paramilitary", "armed group"),
    ("embassy", "consulate", "diplomatic", "diplomat", "ambassador"),
    ("sanction", "sanctions", "embargo", "penalty", "punish", "tariff"),
    ("deal", "agreement", "accord", "pact", "treaty", "jcpoa"),
    ("nuclear", "atomic", "enrichment", "uranium", "centrifuge"),
    ("letter", "memo", "message", "note", "document"),
    ("draft", "unsigned", "mistake", "error", "accident", "accidental", "unintentional",
     "unintentionally", "mistaken"),
    ("funeral", "mourn", "mourner", "mourning", "procession", "burial"),
    ("stampede", "crush"),
    ("protest", "protester", "march", "rally", "demonstration", "demonstrator"),
    ("storm", "breach", "besiege", "overrun", "siege"),
    ("bounty", "reward", "price"),
    ("cost", "pay", "paid", "money", "billion", "million", "fund", "funding", "cash",
     "spend", "spending", "dollar"),
    ("damage", "destroy", "destruction", "destroyed", "harm", "minimal"),
    ("sovereignty", "sovereign", "independence"),
    ("violate", "violation", "breach", "infringe"),
    ("condemn", "denounce", "criticize", "deplore"),
    ("permission", "authorization", "consent", "approval", "authorize", "allow"),
    ("airspace", "sky"),
    ("parliament", "lawmaker", "lawmakers", "legislature", "congress", "mps", "legislator",
     "deputy"),
    ("vote", "ballot", "voted", "voting", "poll", "elect", "election", "referendum"),
    ("resolution", "motion", "bill", "law", "legislation", "act", "measure"),
    ("president", "presidential", "administration", "white house"),
    ("prime", "premier", "minister", "pm", "government", "cabinet"),
    ("unanimous", "unanimously", "consensus"),
    ("decide", "decision", "order", "ruling"),
    ("deny", "denies", "denial", "reject", "dismiss", "refute", "rebut"),
    ("say", "said", "claim", "state", "announce", "assert", "declare", "tell", "told",
     "report", "statement"),
    ("lie", "lied", "false", "untrue", "fake", "hoax", "mislead", "cover", "coverup", "deceive"),
    ("photo", "picture", "image", "video", "footage", "viral"),
    ("text", "sms", "message"),
    ("conscription", "draft", "enlist", "selective", "recruit"),
    ("suspend", "pause", "halt", "stop", "freeze", "end", "cease"),
    ("resume", "restart", "continue", "renew"),
    ("training", "train", "instruct", "mission"),
    ("cooperation", "joint", "together", "alongside", "partner"),
    ("increase", "rise", "rose", "grow", "grew", "soar", "surge", "jump", "climb", "more",
     "higher", "raise"),
    ("decrease", "fall", "fell", "drop", "decline", "cut", "reduce", "lower", "shrink",
     "less", "fewer"),
    ("many", "number", "count", "how many", "total", "toll"),
    ("small", "low", "few", "little", "minimal"),
    ("arrest", "detain", "detention", "jail", "prison", "custody"),
    ("investigation", "investigate", "probe", "inquiry"),
    ("cause", "reason", "because", "why", "due"),
    ("impossible", "cannot", "couldn", "unable"),
    ("technology", "equipment", "capability", "technical"),
    ("black box", "recorder", "recorders"),
    ("engine", "motor", "mechanical"),
    ("victim", "victims", "dead", "passengers", "aboard", "onboard"),
    ("nationality", "citizen", "citizens", "national", "nationals"),
    ("helicopter", "chopper"),
    ("send", "sent", "deploy", "deployment", "dispatch", "reinforcement", "reinforce"),
    ("stationed", "station", "deployed", "present", "presence", "based"),
    ("bank", "account", "reserve", "fed", "federal reserve", "finance", "financial"),
    ("car", "cars", "auto", "automobile", "vehicle"),
    ("culture", "cultural", "heritage", "site", "sites"),
    ("target", "aim", "intend", "intended"),
    ("hijacker", "hijack", "hijacked"),
    ("help", "aid", "assist", "support", "backing"),
    ("invite", "invitation", "request"),
    ("defend", "defense", "defence", "protect"),
    ("accurate", "correct", "true", "right", "truthful"),
    # retelling verbs and nouns of the news
    ("gi", "gis", "serviceman", "servicemen", "servicewomen", "service member",
     "boots on the ground", "contingent", "units"),
    ("salvo", "barrage", "volley", "fire", "fired", "launch", "launched", "shelling", "blast",
     "explosion"),
    ("envoy", "envoys", "diplomat", "diplomats", "legation", "mission"),
    ("blacklist", "blacklisted", "sanction", "penalties", "designate", "designation", "label"),
    ("detain", "detained", "apprehend", "charged", "held", "arrest", "arrested", "jailed"),
    ("read", "decode", "download", "extract", "analyze", "analyse", "decipher", "data"),
    ("select", "selected", "pick", "picked", "choose", "chosen"),
    ("move", "moving", "relocate", "reposition", "repositioning", "shift", "transfer",
     "redeploy", "movement", "onward"),
    ("warn", "warning", "notify", "notice", "alert", "tip", "tipped", "forewarn", "inform",
     "advance", "beforehand"),
    ("shrink", "thin", "scale back", "downsize", "trim", "reduce", "fewer"),
    ("choice", "decision", "wish", "will"),
    ("contractor", "employee", "civilian", "worker", "staff"),
    ("cleric", "ayatollah", "imam", "clergy", "religious", "shia", "shiite"),
    ("walk away", "back out", "step back", "bring home", "come home", "go home", "pack up"),
    ("accuse", "accused", "blame", "blamed", "allege", "allegation", "charge"),
    ("installation", "installations", "facility", "facilities", "base", "bases", "site"),
    ("scratch", "scratched", "barely", "minor", "slight", "little"),
    ("steel", "metal", "metals", "steelmaker", "steelmakers", "mining", "iron"),
    ("tv", "television", "broadcaster", "state media", "media", "channel", "news agency",
     "outlet"),
    ("dozens", "scores", "hundreds", "thousands", "tens", "numerous", "many"),
    ("ache", "aches", "headache", "headaches", "pain", "pains"),
    ("fire", "blaze", "flame", "flames", "burn", "burning", "burned", "caught"),
    ("failure", "malfunction", "fault", "faulty", "technical", "mechanical", "problem"),
    ("everyone", "everybody", "entire", "whole", "all"),
    ("supreme leader", "khamenei", "ayatollah"),
    ("pentagon", "defense department", "dod", "defense secretary", "defence"),
    ("settle", "settled", "determine", "determined", "decide", "decided", "resolve"),
    ("extra", "additional", "further", "more", "reinforcement"),
    ("region", "middle east", "mideast", "gulf", "area"),
    ("give", "given", "hand", "handed", "grant", "granted", "transfer", "deliver", "provide"),
    ("legal", "lawful", "binding", "authority", "authorize", "authorized", "legally",
     "constitutional"),
    ("boycott", "absent", "skip", "attend", "quorum"),
    ("supporter", "supporters", "follower", "followers", "backer", "backers", "loyalist"),
    ("intercept", "mistake", "mistook", "misidentify", "human error"),
    ("admit", "admitted", "acknowledge", "confess", "concede", "own up"),
    ("plane", "airliner", "jetliner", "boeing", "jet"),
    # a capital stands for its country's government in the news ("Tehran says", "Baghdad
    # asked Washington"); a synonym, not an alias: a claim about the city is another claim
    ("tehran", "iran"), ("baghdad", "iraq"), ("kyiv", "ukraine"), ("moscow", "russia"),
    ("beijing", "china"), ("london", "britain"), ("paris", "france"), ("berlin", "germany"),
    ("riyadh", "saudi"), ("damascus", "syria"), ("ottawa", "canada"),
    ("enrich", "enrichment", "uranium", "centrifuges", "stockpile"),
    ("promise", "pledge", "vow", "commit"),
    ("ignore", "disregard", "defy", "violate"),
    ("true", "real", "actually", "really", "indeed"),
    # everyday politics (LIAR, FEVER)
    ("tax", "taxes", "taxation", "levy", "irs"),
    ("job", "jobs", "employment", "unemployment", "work", "workers", "labor", "hire"),
    ("wage", "wages", "salary", "pay", "income", "earnings"),
    ("health", "healthcare", "obamacare", "medicare", "medicaid", "insurance"),
    ("doctor", "physician", "hospital", "medical", "clinic", "nurse"),
    ("vaccine", "vaccination", "vaccinate", "immunization", "shot", "jab"),
    ("disease", "virus", "illness", "infection", "pandemic", "epidemic", "outbreak"),
    ("immigrant", "immigration", "migrant", "migration", "refugee", "asylum", "alien",
     "undocumented"),
    ("border", "wall", "frontier"),
    ("gun", "guns", "firearm", "firearms", "weapon", "weapons", "rifle", "arms"),
    ("crime", "criminal", "violence", "violent", "murder", "homicide", "offense"),
    ("police", "officer", "cop", "law enforcement"),
    ("school", "education", "student", "teacher", "college", "university", "tuition"),
    ("child", "children", "kid", "kids", "youth", "minor"),
    ("woman", "women", "female"),
    ("elderly", "senior", "retiree", "pension", "social security"),
    ("budget", "deficit", "debt", "spending", "federal"),
    ("economy", "economic", "gdp", "growth", "recession"),
    ("price", "prices", "cost", "inflation", "expensive"),
    ("oil", "gas", "gasoline", "petrol", "fuel", "energy"),
    ("climate", "warming", "emission", "emissions", "carbon", "greenhouse"),
    ("abortion", "pregnancy", "planned parenthood"),
    ("marriage", "married", "wed", "wedding", "spouse"),
    ("born", "birth", "birthplace", "native"),
    ("actor", "actress", "star", "starred", "cast", "film", "movie"),
    ("song", "album", "singer", "band", "music", "record"),
    ("country", "nation", "state"),
    ("city", "town", "capital"),
    ("governor", "senator", "representative", "congressman", "mayor", "politician",
     "official", "officials"),
    ("democrat", "democrats", "democratic", "liberal", "left"),
    ("republican", "republicans", "gop", "conservative", "right"),
    ("company", "firm", "business", "corporation"),
)
"""Groups of English words used for one another (see the module's docstring)."""

# -- other languages ----------------------------------------------------------------------

_TRANSLATION_GROUPS: dict[str, tuple[str, ...]] = {
    "withdraw": (
        # es
        "retirada", "retirar", "retira", "retiran", "retiro", "retirando", "retiraran",
        "retirara", "salida", "salir", "salen", "saliendo", "abandona", "abandonan",
        "abandonar", "marchan", "marcharse", "irse",
        # fr
        "retrait", "retirer", "retire", "retirent", "retirera", "retireront", "quitter",
        "quitte", "quittent", "quittera", "partir", "partent", "depart", "desengagement",
        # de
        "abzug", "abziehen", "ziehen", "zieht", "zuruckziehen", "ruckzug", "verlassen",
        "verlasst", "verlassen", "abgezogen", "raus", "abzuziehen",
        # ar
        "انسحاب", "الانسحاب", "تنسحب", "ينسحب", "سحب", "مغادرة", "تغادر", "يغادر",
        "insihab", "inshab", "ansihab", "al-insihab", "mughadara",
    ),
    "troops": (
        "tropas", "soldados", "militares", "fuerzas", "ejercito", "troupes", "soldats",
        "militaires", "forces", "armee", "truppen", "soldaten", "streitkrafte", "militar",
        "militär", "armee", "bundeswehr", "قوات", "القوات", "جنود", "الجنود", "الجيش", "جيش",
        "quwat", "junud", "jaysh", "al-quwat",
    ),
    "kill": (
        "mato", "matan", "matar", "muerto", "muertos", "muerte", "asesinato", "asesinado",
        "asesino", "asesinaron", "tue", "tues", "tue", "tuer", "mort", "morts", "assassinat",
        "assassine", "getotet", "toten", "totet", "tod", "tote", "ermordet", "ermordung",
        "مقتل", "قتل", "اغتيال", "قتلى", "اغتيل", "maqtal", "qatl", "ightiyal",
    ),
    "attack": (
        "ataque", "ataques", "atacar", "ataco", "atentado", "ataqué", "attaque", "attaques",
        "attentat", "frappe", "frappes", "angriff", "angriffe", "anschlag", "luftangriff",
        "هجوم", "الهجوم", "ضربة", "غارة", "hujum", "darba", "gara",
    ),
    "missile": (
        "misil", "misiles", "cohete", "cohetes", "missiles", "roquette", "roquettes", "rakete",
        "raketen", "صاروخ", "صواريخ", "الصواريخ", "sarukh", "sawarikh",
    ),
    "base": ("bases", "basis", "stutzpunkt", "قاعدة"),
    "plane": (
        "avion", "aviones", "avión", "vuelo", "flugzeug", "passagierflugzeug", "flug",
        "طائرة", "الطائرة", "رحلة", "taira", "al-taira",
    ),
    "shoot": (
        "derribo", "derribado", "derribada", "derribar", "abattu", "abattre", "abgeschossen",
        "abschuss", "abschiessen", "اسقاط", "إسقاط", "أسقطت", "isqat",
    ),
    "crash": ("accidente", "estrello", "crash", "ecrase", "absturz", "abgesturzt", "تحطم"),
    "war": ("guerra", "guerre", "krieg", "حرب", "الحرب", "harb"),
    "deal": (
        "acuerdo", "pacto", "tratado", "accord", "traite", "abkommen", "vertrag", "atomabkommen",
        "اتفاق", "الاتفاق", "الاتفاقية", "ittifaq",
    ),
    "nuclear": ("nuclear", "nucleaire", "atomar", "atom", "نووي", "النووي", "nawawi"),
    "parliament": (
        "parlamento", "congreso", "parlement", "parlament", "bundestag", "برلمان", "البرلمان",
        "مجلس", "barlaman", "majlis",
    ),
    "vote": (
        "voto", "votacion", "votó", "voto", "vote", "votent", "abstimmung", "stimmten",
        "abgestimmt", "تصويت", "صوت", "taswit",
    ),
    "president": (
        "presidente", "president", "prasident", "präsident", "رئيس", "الرئيس", "rais",
    ),
    "minister": ("ministro", "ministre", "minister", "وزير", "wazir"),
    "defense": ("defensa", "defense", "verteidigung", "verteidigungsminister", "الدفاع", "difa"),
    "general": ("general", "generale", "جنرال", "الجنرال", "jeneral"),
    "letter": ("carta", "lettre", "schreiben", "رسالة", "الرسالة", "risala"),
    "embassy": (
        "embajada", "ambassade", "botschaft", "سفارة", "السفارة", "sifara", "safara",
    ),
    "sanction": ("sanciones", "sancion", "sanctions", "sanktionen", "عقوبات", "uqubat"),
    "threat": ("amenaza", "amenazo", "menace", "menace", "drohung", "droht", "drohte",
     "تهديد", "هدد"),
    "lie": ("mentira", "mintio", "mensonge", "ment", "luge", "gelogen", "كذب", "كذبة", "kizb"),
    "false": (
        "falso", "falsa", "faux", "fausse", "falsch", "falsche", "خطأ", "كاذب", "زائف",
    ),
    "true": ("verdad", "cierto", "verdadero", "vrai", "wahr", "صحيح", "sahih"),
    "dead": ("fallecidos", "victimas", "victimes", "opfer", "ضحايا", "dahaya"),
    "wound": ("heridos", "herido", "blesses", "blesse", "verletzt", "verletzte", "جرحى",
     "اصابة", "jarha"),
    "damage": ("danos", "daño", "degats", "dommages", "schaden", "schäden", "اضرار", "أضرار"),
    "islamic": ("islamico", "islamica", "islamique", "islamisch", "islamische", "islami",
                "إسلامي", "اسلامي", "الإسلامي", "الاسلامي"),
    "organization": ("organizacion", "organisation", "organisme", "munazzama", "munazzamat",
                     "منظمة", "منظمات"),
    "designate": ("designa", "designar", "designado", "designe", "designer", "einstufen",
                  "eingestuft", "yusannif", "sannafa", "tasnif", "يصنف", "صنف", "تصنيف"),
    "terrorist": ("terrorista", "terroristas", "terroriste", "terroristes", "terrorist",
                  "terroristen", "إرهابي", "ارهابي", "إرهابية", "irhabi"),
    "commander": ("comandante", "commandant", "kommandeur", "befehlshaber", "قائد", "qaid"),
    "militia": ("milicia", "milicias", "milice", "milices", "miliz", "milizen", "ميليشيا", "الحشد"),
    "airport": ("aeropuerto", "aeroport", "flughafen", "مطار", "المطار"),
    "funeral": ("funeral", "funerales", "funerailles", "obseques", "beerdigung", "trauerfeier",
                "جنازة", "تشييع", "janaza"),
    "protest": ("protesta", "protestas", "manifestacion", "manifestation", "protest",
                "demonstration", "مظاهرة", "احتجاج", "مسيرة"),
    "bounty": ("recompensa", "kopfgeld", "مكافأة", "جائزة"),
    "million": ("millon", "millones", "millions", "millionen", "مليون", "مليار", "milyar",
                "مليونية"),
    "billion": ("mil millones", "milliard", "milliards", "milliarden", "مليار"),
    "sovereignty": ("soberania", "souverainete", "souveranitat", "سيادة", "siyada"),
    "decision": ("decision", "decisión", "entscheidung", "قرار", "qarar"),
    "resolution": ("resolucion", "resolution", "beschluss", "resolution", "قرار"),
    "government": ("gobierno", "gouvernement", "regierung", "حكومة", "الحكومة", "hukuma"),
    "order": ("ordena", "ordeno", "ordenó", "ordonne", "befiehlt", "befahl", "أمر", "امر"),
    "expel": ("expulsar", "expulsion", "expulser", "ausweisen", "ausweisung", "طرد", "tard",
              "إخراج", "اخراج", "rauswerfen"),
    "strike": ("bombardeo", "bombardement", "bombardierung", "قصف", "qasf"),
    "soldier": ("soldado", "soldat", "جندي", "jundi"),
    "american": ("gringo",),
    "cheese": ("queso", "fromage", "kase", "käse", "جبن"),
    "moon": ("luna", "lune", "mond", "قمر", "القمر"),
    "news": ("noticia", "noticias", "nouvelles", "nachrichten", "اخبار", "أخبار"),
    "secret": ("secreto", "secret", "geheim", "سري"),
    "people": ("personas", "gente", "personnes", "gens", "menschen", "leute", "ناس", "اشخاص"),
    "died": ("murieron", "murio", "morts", "sont morts", "starben", "gestorben", "ماتوا", "توفي"),
    "country": ("pais", "pays", "بلد", "دولة"),
    "tax": ("impuesto", "impuestos", "impot", "impots", "steuer", "steuern", "ضريبة", "ضرائب"),
    "job": ("empleo", "empleos", "trabajo", "emploi", "emplois", "arbeit", "arbeitsplatze",
     "وظائف"),
    "health": ("salud", "sante", "gesundheit", "صحة"),
    "vaccine": ("vacuna", "vacunas", "vaccin", "vaccins", "impfstoff", "impfung", "لقاح"),
    "immigrant": ("inmigrante", "inmigrantes", "immigre", "immigres", "migrant", "einwanderer",
                  "migranten", "مهاجر", "مهاجرين"),
    "border": ("frontera", "frontiere", "grenze", "حدود"),
    "gun": ("arma", "armas", "arme", "armes", "waffe", "waffen", "سلاح", "أسلحة"),
    "election": ("eleccion", "elecciones", "election", "elections", "wahl", "wahlen", "انتخابات"),
    "born": ("nacio", "nacido", "ne", "nee", "geboren", "ولد"),
    "film": ("pelicula", "peliculas", "film", "films", "filmes", "فيلم"),
    "intelligence": ("inteligencia", "renseignement", "geheimdienst", "مخابرات", "استخبارات"),
    "coalition": ("coalicion", "coalition", "koalition", "التحالف", "تحالف", "tahaluf"),
    "drone": ("dron", "drones", "drohne", "drohnen", "مسيرة", "طائرة مسيرة"),
    "send": ("envia", "enviar", "envio", "enviaron", "envoie", "envoyer", "envoye", "schickt",
             "schicken", "entsendet", "يرسل", "ترسل", "إرسال", "ارسال"),
    "more": ("mas", "davantage", "mehr", "weitere", "المزيد", "اضافية", "إضافية"),
    "middle": ("oriente", "orient", "nahost", "الأوسط", "الاوسط", "الشرق"),
    "supporter": ("partidarios", "seguidores", "partisans", "anhanger", "انصار", "أنصار"),
    "storm": ("asaltan", "asaltaron", "asalto", "prennent", "stürmen", "sturmen", "sturmten",
              "اقتحام", "اقتحم", "يقتحمون"),
    "headache": ("dolor", "cabeza", "maux", "tete", "kopfschmerzen", "صداع"),
    "message": ("mensaje", "mensajes", "messages", "nachricht", "nachrichten", "sms"),
    "conscription": ("reclutamiento", "servicio", "obligatorio", "conscription",
                     "wehrpflicht", "einberufung", "تجنيد", "التجنيد"),
    "plan": ("planea", "planeaba", "planeo", "planifie", "prevoyait", "plante", "plant",
             "geplant", "خطط", "يخطط"),
    "imminent": ("inminente", "inminentes", "imminente", "imminentes", "unmittelbare",
                 "unmittelbar", "bevorstehende", "وشيك", "وشيكة"),
    "diplomat": ("diplomaticos", "diplomates", "diplomaten", "دبلوماسيين", "دبلوماسي"),
    "tariff": ("aranceles", "arancel", "droits", "douane", "zoll", "zolle", "zollen",
               "رسوم", "جمركية"),
    "car": ("coches", "autos", "automoviles", "voitures", "auto", "autos", "سيارات"),
    "no": ("ningun", "ninguno", "aucun", "aucune", "keine", "kein", "لا", "لم"),
    "warn": ("advirtio", "aviso", "previno", "prevenu", "averti", "avertir", "gewarnt",
             "warnte", "warnen", "حذر", "أبلغ", "ابلغ"),
    "fire": ("disparar", "dispararon", "lanzo", "lanzar", "tirer", "tire", "lance",
             "abgefeuert", "feuerte", "tirs", "تطلق", "أطلقت", "اطلقت", "إطلاق", "اطلاق"),
    "black box": ("cajas", "negras", "boites", "noires", "blackbox", "flugschreiber",
                  "الصندوق", "الأسود", "الصناديق", "السوداء"),
    "read": ("leer", "leidas", "lues", "lire", "lu", "ausgelesen", "auslesen", "قراءة"),
    "flight": ("vuelo", "vol", "flug", "رحلة"),
    "foreign": ("extranjeras", "extranjeros", "etrangeres", "etrangers", "auslandische",
                "auslandischen", "الأجنبية", "الاجنبية", "اجنبية"),
    "ballistic": ("balisticos", "balistiques", "ballistische", "ballistischen", "باليستية"),
    "ain": ("عين",),
    "condemn": ("condena", "condeno", "condamne", "verurteilt", "verurteilte", "يدين", "أدان",
                "ادان", "ندد"),
    "presence": ("presencia", "presence", "präsenz", "prasenz", "الوجود", "وجود"),
    "injure": ("verletzt", "verletzte", "verwundet", "heridos", "blesses", "مصابين", "إصابة"),
    "nothing": ("nada", "rien", "nichts", "لاشيء"),
    "year": ("ano", "anos", "annee", "ans", "jahr", "jahre", "عام", "سنة"),
    "secretary": ("secretario", "secretaire", "minister", "وزير"),
    "state": ("estado", "etat", "staat", "دولة"),
    "leave": ("dejar", "irse", "partir", "gehen", "يغادر"),
    "mourn": ("luto", "duelo", "deuil", "trauer", "trauern", "حداد", "مشيعين", "المشيعين"),
    "street": ("calles", "rues", "strassen", "الشوارع", "شوارع"),
}

# fmt: on

TRANSLATIONS: dict[str, tuple[str, ...]] = {}
"""Folded non-English word → the English words it means (see the module's docstring)."""
for _english, _words in _TRANSLATION_GROUPS.items():
    for _word in _words:
        for _part in _word.split():
            TRANSLATIONS.setdefault(_part, ())
            if _english not in TRANSLATIONS[_part]:
                TRANSLATIONS[_part] += (_english,)
del _english, _words, _word, _part

# -- words that carry no meaning for search -----------------------------------------------

# English stop words: NLTK's list (as bm25s ships it, `bm25s.stopwords.STOPWORDS_EN_PLUS`),
# less "ain" (a word in "Ain al-Asad" here, not a contraction), plus the words that only frame
# a question about a claim ("is it true that", "did anyone really say").
# fmt: off
STOPWORDS_EN: frozenset[str] = frozenset(
    """
a about above after again against all am an and any are aren aren't as at be because
    been before being below between both but by can couldn couldn't d did didn didn't do
    does doesn doesn't doing don don't down during each few for from further had hadn hadn't
    has hasn hasn't have haven haven't having he her here hers herself him himself his how i
    if in into is isn isn't it it's its itself just ll m ma me mightn mightn't more most
    mustn mustn't my myself needn needn't no nor not now o of off on once only or other our
    ours ourselves out over own re s same shan shan't she she's should should've shouldn
    shouldn't so some such t than that that'll the their theirs them themselves then there
    these they this those through to too under until up ve very was wasn wasn't we were
    weren weren't what when where which while who whom why will with won won't wouldn
    wouldn't y you you'd you'll you're you've your yours yourself yourselves
    """.split()  # noqa: SIM905
) | frozenset(
    "also could would may might must shall get got really say says said yes true false whether "  # noqa: SIM905
    "ever anyone someone".split()
)
# fmt: on
"""English words dropped from records and queries."""

# fmt: off
FRAMING: frozenset[str] = frozenset(
    """heard hear hearing read reading saw seen see seeing someone somebody people online
    post posted posts posting facebook twitter whatsapp tiktok instagram telegram youtube
    claim claims claimed claiming check checked checking fact facts rumor rumour rumors
    rumours story article friend friends uncle aunt cousin mom dad mother father brother
    sister neighbor neighbour coworker told tell telling keep kept worried worry know known
    wondering wonder anybody stuff thing things like kind sort basically apparently
    supposedly allegedly sent send sending shared share sharing happening happen going
    please thanks hi hello verify confirm confirmed""".split()  # noqa: SIM905
)
# fmt: on
"""Words that frame a question about a claim rather than state it ("my uncle sent me a post
saying...", "can you check whether..."): dropped from queries, not from records."""

NEWS_TAGS: frozenset[str] = frozenset(
    r"""breaking breaking\s+news just\s+in urgent alert update watch viral exclusive developing
    news\s*flash""".split()  # noqa: SIM905
)
"""The tags a post opens with ("BREAKING:", "JUST IN -"), as regular expressions: dropped from
the start of a query when a colon, dash, bar or exclamation mark follows."""

# The commonest function words of the other languages that queries come in, by language.
STOPWORDS: dict[str, frozenset[str]] = {
    "es": frozenset(
        """el la los las un una unos unas de del al y o que en por para con sin su sus se lo le
        les es fue fueron ha han hay este esta estos estas ese esa eso como mas pero si ya muy
        sobre entre cuando donde quien cual cuales porque verdad cierto acaso estan ser son era
        nos me mi tu""".split()  # noqa: SIM905
    ),
    "fr": frozenset(
        """le la les un une des de du et ou que qui quoi dans par pour avec sans sur sous son sa
        ses ce cet cette ces est sont etait ont il elle ils elles nous vous on au aux ne pas plus
        mais donc vraiment qu se leur leurs y en""".split()  # noqa: SIM905
    ),
    "de": frozenset(
        """der die das den dem des ein eine einer eines einem einen und oder ist sind war waren
        wurde wurden hat haben nicht mit von zu zum zur im ins auf aus bei fur uber unter nach
        vor wie wo wer was dass ob auch noch schon sich sein seine ihre ihr es sie er wir wahr
        stimmt wirklich ab an""".split()  # noqa: SIM905
    ),
    "ar": frozenset(
        """fi min ila ala an wa ma hal la inna qad kan kana hatha haza al el
        في من إلى الى على عن و ما هل لا إن أن قد كان هذا هذه التي الذي ذلك مع بعد قبل""".split()  # noqa: SIM905
    ),
}
"""Function words of Spanish, French, German and Arabic (in Arabic script and transliterated),
dropped from records in those languages and from queries."""

LANGUAGE_MARKERS: dict[str, frozenset[str]] = {
    "pt": frozenset(
        """nao sao estao esta foi foram uma umas dos das pelo pela pelos pelas ao aos seu sua
        seus suas tambem isso esse essa este ele ela eles elas muito mais ja ate apos nos nas
        num numa em com para que os as do da o a""".split()  # noqa: SIM905
    ),
    "it": frozenset(
        """il lo gli della dello degli delle del nel nella nei sul sulla sono non che per
        hanno ha stato stata anche piu dall dalla dai all alla questo questa quanti quante
        ci dei di da una un uno le""".split()  # noqa: SIM905
    ),
}
"""Function words of Portuguese and Italian, folded: used only to tell that a query is
written in one of them (`factcheck.search.text.query_language`), never dropped as stop words
(several are English words, or Spanish ones)."""

AMBIGUOUS_STOPWORDS: frozenset[str] = frozenset("die war son era an in on was also".split())  # noqa: SIM905
"""Function words of another language that are also English words ("war", "die" in German,
"son" in Spanish and French): dropped from a query only when it is written in that language
(when at least two of its words are that language's function words)."""
