"""Reading questions against the structured layer of the shipped knowledge base."""

from __future__ import annotations

import pytest

from bot.core.engine import AnswerEngine
from bot.core.understand import Reading


def read(engine: AnswerEngine, question: str) -> Reading:
    return engine._understander.read(question)  # the engine's reader, as the engine uses it


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        ("Wer ist Marc Brandt?", "marc_brandt"),
        ("Handynumer von Frau Lugr", "monika_luger"),  # typos in name and cue
        ("herr schmidt", "frank_schmidt"),
        ("Leiter Koordination und Strategie", "matthias_rust"),  # a job title from the source
        ("Öffnungszeiten der Rheingalerie", "rhein_galerie"),
        ("Was heißt WBV?", "wbv"),
        ("Aus welchem Bundesland kommt Monika Lugner?", "monika_luger"),  # a typo a phrasing also has
        ("Wie hiess der Workshop von Frau Lugner?", "monika_luger"),  # after "Frau" as well
        ("Monika Luga Organisation?", "monika_luger"),  # two slips in the surname after her first name
        ("victor sour", "viktor_sauer"),  # after the first name as an alias spells it
        ("Wer ist Viktr Sour?", "viktor_sauer"),  # after a typo of the first name
    ],
)
def test_entities_are_found_by_name_alias_title_and_with_typos(
    shipped_engine: AnswerEngine, question: str, entity: str
) -> None:
    assert read(shipped_engine, question).entity_ids == [entity]


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Wer ist Helmut Schmidt?", "frank_schmidt"),
        ("wer ist helmut schmidt", "frank_schmidt"),
        ("Was macht Frank Schmidt vom BVB?", "frank_schmidt"),
        ("Frank Brandt, wo arbeitet der?", "marc_brandt"),  # another person's first name
        ("Wer ist Monika Müller?", "monika_luger"),  # her first name, another surname
        ("Wer ist Monika Lang?", "monika_luger"),  # three letters away
        ("Was macht Herr Rost?", "matthias_rust"),  # a title alone allows no replaced letter
        ("Marc Brandt der Fotograf aus Hamburg, kennt den jemand?", "marc_brandt"),  # described otherwise
        ("Ich suche Michael Rudolph vom DGB Niedersachsen", "michael_rudolph"),  # of another branch
    ],
)
def test_namesakes_are_not_linked(shipped_engine: AnswerEngine, question: str, person: str) -> None:
    reading = read(shipped_engine, question)
    assert person not in reading.entity_ids


def test_a_surname_alone_or_with_the_right_first_name_is_linked(shipped_engine: AnswerEngine) -> None:
    for question in ("Herr Brandt, wo arbeitet der?", "Marc Brandt, wo arbeitet der?", "Brandt Organisation"):
        assert read(shipped_engine, question).entity_ids == ["marc_brandt"]


def test_a_common_word_is_no_misspelt_name(shipped_engine: AnswerEngine) -> None:
    assert "hessen" not in read(shipped_engine, "wie heißen die drei aus der Eröffnungsrunde").entity_ids


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Aus welchem Bundesland kommt Herr Schmidt?", "region"),
        ("E-Mail von Herrn Rust", "email"),
        ("email adresse frank schmidt", "email"),  # not the address
        ("Wann endete das Werkstattgespräch?", "end_time"),
        ("opening hours of the pop-up store?", "opening_hours"),  # not the opening panel
    ],
)
def test_the_most_specific_cue_comes_first(
    shipped_engine: AnswerEngine, question: str, attribute: str
) -> None:
    assert read(shipped_engine, question).attributes[0].payload == attribute


def test_lists_people_and_back_references(shipped_engine: AnswerEngine) -> None:
    unions = read(shipped_engine, "Welche Gewerkschaften waren beteiligt?")
    assert unions.wants_list and [m.payload for m in unions.kinds] == ["gewerkschaft"]
    assert read(shipped_engine, "die Frau aus Bayern").wants_person
    assert read(shipped_engine, "und wo kommt sie her?").refers_back == "person"
    assert read(shipped_engine, "und wo war das?").refers_back == "thing"
    assert read(shipped_engine, "Wer ist Monika Luger?").refers_back is None


def test_a_filler_word_inside_a_cue_leaves_the_cue(shipped_engine: AnswerEngine) -> None:
    reading = read(shipped_engine, "Was genau macht Viktor Sauer bei der Arbeitsagentur?")
    assert reading.attributes[0].payload == "role"  # "was macht", with "genau" inside
    reply = shipped_engine.answer("Was genau macht Viktor Sauer bei der Arbeitsagentur?")
    assert reply.about[0] == "viktor_sauer.role"


@pytest.mark.parametrize(
    ("question", "elsewhere"),
    [
        ("Gibt es den Pop-up-Store auch in Mannheim?", True),  # a place the knowledge base does not know
        ("Gibt es einen Weiterbildungsverbund in Ostwestfalen?", True),  # a region listed as elsewhere
        ("Warum ist Weiterbildung nach Auffassung der Gesprächspartner wichtig?", False),  # no place
        ("Was sagte Viktor Sauer nach Meinung der Presse?", False),
    ],
)
def test_places_the_documentation_never_mentions(
    shipped_engine: AnswerEngine, question: str, elsewhere: bool
) -> None:
    assert read(shipped_engine, question).elsewhere is elsewhere


@pytest.mark.parametrize(
    ("question", "organisation"),
    [
        ("Was sagte der DGB Bayern?", "dgb"),
        ("Was sagte die Regionaldirektion Hessen der Arbeitsagentur?", "agentur_fuer_arbeit_saarland"),
        ("Wer ist Ansprechpartner bei der Agentur für Arbeit Kassel?", "agentur_fuer_arbeit_saarland"),
    ],
)
def test_another_branch_is_no_documented_organisation(
    shipped_engine: AnswerEngine, question: str, organisation: str
) -> None:
    """A region before the organisation names another branch as well as one after it."""
    reading = read(shipped_engine, question)
    assert organisation in reading.namesakes and organisation not in reading.entity_ids


def test_a_weaker_guess_for_the_same_words_gives_way(shipped_engine: AnswerEngine) -> None:
    """"Verstätigung" is a typo of Verstetigung, not of Werkstattgespräch; "Handwerkskammer" is no IHK."""
    assert read(shipped_engine, "Was heist Verstätigung?").entity_ids == ["verstetigung"]
    assert read(shipped_engine, "War die Handwerkskammer beteiligt?").unmodelled


def test_an_inflection_of_a_known_word_is_known(shipped_engine: AnswerEngine) -> None:
    """As defined: the word, or it without one ending, with or without one ending added, is known."""
    from bot.core.understand import INFLECTIONS, MIN_INFLECTED_LENGTH

    understander = shipped_engine._understander
    known = understander._known

    def by_definition(token: str) -> bool:
        if token in known:
            return True
        if len(token) < MIN_INFLECTED_LENGTH:
            return False
        stems = [token, *(token[: -len(e)] for e in INFLECTIONS if token.endswith(e))]
        return any(form in known for stem in stems for form in (stem, *(stem + e for e in INFLECTIONS)))

    words = sorted(known)[::7]
    tokens = {*words, *(w + e for w in words for e in INFLECTIONS), *(w[:-1] for w in words)}
    assert [t for t in tokens if understander._knows(t) != by_definition(t)] == []
    assert "verstetigungen" not in known and understander._knows("verstetigungen")
    assert not understander._knows("steinmeier")


def test_a_synonym_of_several_words_explains_them_where_they_stand_together(
    shipped_engine: AnswerEngine,
) -> None:
    assert "take" not in read(shipped_engine, "On what date did it take place?").unexplained
    assert "take" in read(shipped_engine, "Did you take the train?").unexplained  # not "take place"


def test_a_known_word_after_an_organisation_names_no_other_branch(shipped_engine: AnswerEngine) -> None:
    assert read(shipped_engine, "Was hat die IG Metall beim Pop-up-Store gemacht?").namesakes == ()
