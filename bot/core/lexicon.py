"""Word lists of the two languages, independent of the event (event synonyms live in knowledge/).

The lists are written in ordinary spelling; :mod:`bot.core.normalize` folds them the same way as user text,
so "für", "fuer" and "fur" are all covered by writing "für" once.
"""

from __future__ import annotations

# Function words and conversational filler: they never drive a match.
GERMAN_STOPWORDS = """
der die das den dem des ein eine einer eines einem einen kein keine keiner keinen keinem
und oder aber sondern doch denn also sowie bzw usw etc
ist sind war waren wird werden wurde wurden worden sein bin bist seid gewesen hat habe hast haben
hatte hatten gibt gab geben gegeben
es er sie ihr ihm ihn ihnen ich du wir mir mich dir dich uns euch man sich mein meine dein deine
sein seine ihre unser unsere
mit von vom zu zum zur im in ins an am auf aus bei beim für über unter nach vor durch um als auch
noch schon nur so sehr mal eigentlich genau nochmal nochmals etwa ungefähr bitte gern gerne
nicht nein ja dass ob wenn dann da hier dort dies diese dieser dieses diesem diesen jene
was welche welcher welches welchen welchem
etwas alles alle allem allen viel mehr einige irgendwie irgendwas
kannst kann können könnte könntest könnten konnte darf dürfte möchte möchten würde würden will wollte
soll sollte sollen sollten muss musst müssen musste mussten müsste müssten durfte durften dürfen
sag sage sagen sagst erzähl erzähle erzählen erklär erkläre erklären weiß weißt wissen
info infos information informationen details genauer
mal los denn eigentlich überhaupt jetzt heute gerade ab kurz nen ne super toll okay ok
mann frau herr typ kerl dame jemand jemanden zusammen sorry entschuldigung blöd blöde dumme frage
fragen fragt gefragt kumpel kurze schließlich letztendlich hieß hiess heißen heissen nochmal nennt genannt
freundlicherweise netterweise vielleicht wohl hätte hätten wüsste gewusst interessiert interessieren
geehrte geehrter damen herren grüße gruß mfg lg vg aufm aufn ausm unterm überm
ganze ganzen ganzer gesamte gesamten insgesamt deutsch englisch gekommen angegangen
aller liste auflisten aufzählen aufzählung zähl zähle nenn nenne eher ehesten
isn ham hamse sin wars warn fürn nem n nix nich halt eh offiziell offizielle offiziellen
nu guck gucke gugge kuck schau gell gelle ei
meinte braucht brauchen brauchts einzige einzigen einziger einziges
freundlichen freundliche herzlichen herzliche grüßen
""".split()

ENGLISH_STOPWORDS = """
the a an and or but nor so of to in on at for from by with about as into over under up out off
is are was were be been being am has have had having do does did done
this that these those it its it's he she they them his her their i me my mine we us our you your
what which whose
can could would should will shall may might must
please tell know explain give show let like want wanted need
any some all more most much many very just also too really actually exactly precisely
not no yes there here then than guy man woman lady someone somebody anyone s sorry question called named
kindly appreciate wondering wonder interested d ll ve re m t dear regards something anything name
sir madam faithfully sincerely obliged yours mr mrs ms might
whole entire english german pls plz thx whats wats whos google siri alexa again
""".split()

# Chat and dialect spellings of function words and verbs ("wat is dat?", "wos hod de vorgstellt?",
# "wer warn da?"), read as the standard words. Only spellings that are no word of their own in German or
# English: "des", "de" and "isn" ("isn't") are left as written, and so is "wars": read as "war es", the
# end cue "wars aus" would weigh no more than the question words around it.
COLLOQUIAL_SPELLINGS = {
    "wat": "was", "wos": "was", "dat": "das", "hod": "hat", "hoasst": "heißt", "hoast": "heißt",
    "gmacht": "gemacht", "gsagt": "gesagt", "vorgstellt": "vorgestellt", "gredt": "geredet",
    "isser": "ist er", "isse": "ist sie", "isses": "ist es", "warn": "waren", "nochma": "nochmal",
    "vonner": "von der", "vonnem": "von dem", "gibbet": "gibt es", "gibts": "gibt es", "gabs": "gab es",
    "gings": "ging es", "gehts": "geht es",
    "kannste": "kannst du", "haste": "hast du", "weißte": "weißt du", "biste": "bist du", "heut": "heute",
    # regional speech, as people type it (never what folds to an English word: "is", "do", "a", "i", "över"
    # stay as they are)
    "isch": "ist", "ned": "nicht", "net": "nicht", "koi": "kein", "hot": "hat", "hob": "habe",
    "hom": "haben", "hend": "haben", "mia": "wir", "wia": "wie", "ick": "ich", "icke": "ich", "jibt": "gibt",
    "jibts": "gibt es", "dit": "das", "dr": "der", "een": "ein", "eene": "eine", "dree": "drei",
    "zweete": "zweite", "weer": "war", "vun": "von", "fier": "für", "ebbes": "etwas",
    "eegentlich": "eigentlich", "leut": "leute", "gesacht": "gesagt", "gesehe": "gesehen",
    "gekost": "gekostet", "kost": "kostet", "offe": "offen", "frache": "fragen", "frogn": "fragen",
    "konn": "kann", "sitzet": "sitzen", "doa": "tun", "zuständisch": "zuständig", "johr": "jahr",
    "mocht": "macht", "wollt": "wollte", "ma": "mal", "bedüüd": "bedeutet", "heeßt": "heißt",
    "hebbt": "haben", "bespraken": "besprochen", "worrn": "worden",
}  # fmt: skip

# Question words carry intent: "Wann …?" and "Wo …?" may otherwise read the same. They are kept as
# low-weight intent terms that can tip a close match but never create one on their own.
INTENT_WORDS = {
    "@who": "wer wen wem wessen who whom whos",
    "@when": "wann when",
    "@where": "wo wohin woher where",
    "@how": "wie how",
    "@why": "warum wieso weshalb weswegen why",
}

# "wie viele?" after a list: how many of those there were, which the list says.
COUNT_WORDS = frozenset("viele wieviele many anzahl".split())

# "and the other two?": how many of something, not what it is.
COUNTING_WORDS = frozenset("zwei drei vier beide beiden two three four both".split())

# "Welche Frau …?", "Wer war die Frau …?": asks who somebody is, not something of theirs.
WHO_WORDS = frozenset("wer welche welcher welchen welchem who which".split())

# "Welcher Workshop …?": a question for one thing of a kind, whatever the ending.
WHICH_WORDS = frozenset("welche welcher welches welchen welchem which".split())

# Pronouns that refer back to one person ("und welche Position hat der?"); "sie" may be one or many.
SINGULAR_PRONOUNS = frozenset("er ihn ihm sein seine seinen seiner seinem seines der dem he him his".split())
# Pronouns that cannot refer back to one man: "she", "they" ("sie" and "ihr" are either).
NOT_ONE_MAN = frozenset("sie ihr ihre ihren ihrer ihrem ihres deren she her hers they them their".split())

# "Ging es in Workshop 1 um die Landkarte?": what follows is what something was about, not what is asked of.
ABOUT_WORDS = frozenset("um über about on".split())

# Verbs in the past tense: "Lief der Pop-up-Store auch 2024?" asks about what was, which a year corrects.
PAST_TENSE_VERBS = frozenset(
    "war waren gab lief liefen fand wurde wurden hatte hatten did was were ran had".split()
)

# "mehr dazu", "tell me more": all there is about the last answer's subject.
MORE_WORDS = frozenset("mehr more details".split())

# Verbs that open a yes/no question about someone already named ("Ist der aus Hessen?").
CHECKING_VERBS = frozenset("ist war kommt kam stammt is was does did comes".split())

# A statement checked with the asker's belief: "… war doch 2021 in Mainz, oder?", "… in Mainz, right?"
BELIEF_WORDS = frozenset("doch".split())
TAG_QUESTIONS = frozenset("oder gell ne richtig stimmt stimmts right correct".split())  # as the last word
# … or as the first words: "Stimmt es, dass …?", "Is it true that …?"
BELIEF_OPENINGS = frozenset(
    {("stimmt", "es"), ("ist", "es", "richtig"), ("is", "it", "true"), ("is", "it", "correct")}
)

# Words that join things named side by side ("Workshop 1 und Workshop 2").
CONJUNCTIONS = frozenset("und sowie oder bzw and or".split())

# Possessives that make what follows belong to the one referred to ("seine Organisation", "her workshop").
POSSESSIVE_PRONOUNS = frozenset(
    "sein seine seinen seiner seinem seines ihr ihre ihren ihrer ihrem ihres his her its".split()
)

# Greetings, thanks and good-byes: they lead to the small-talk entries when they stand alone, but weigh
# little when a real question follows ("Hallo, wer ist …?").
SOFT_WORDS = "hallo hi hey moin servus hello danke thanks thank tschüss bye ciao".split()

# Words that tell the two languages apart when the caller gives no language.
ENGLISH_MARKERS = set(
    """the who what when where which how is are did does do about tell please of and with were me
    hello thanks thank bye workshops people contact anyone someone organisation organization whos""".split()
)
GERMAN_MARKERS = set(
    """der die das ist wer wann wo wie welche welcher und mit von hat gibt ich bitte war waren zum zur
    ein eine den dem des für über kann können hallo danke tschüss wen frage sich auch noch gab es doch
    nicht oder""".split()
)
