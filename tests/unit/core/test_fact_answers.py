"""Answers composed from facts: attributes, honest unknowns, role descriptions, lists, follow-ups."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.conversation import Conversation
from bot.core.engine import AnswerEngine, Outcome, Reply


def ask(engine: AnswerEngine, *questions: str) -> Reply:
    """The reply to the last question, asked after the others in one conversation."""
    conversation = None
    for question in questions:
        reply = engine.answer(question, None, conversation)
        conversation = Conversation.after(reply, conversation)
    return reply


def test_a_documented_attribute_is_answered_by_its_fact(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Aus welchem Bundesland kommt Marc Brandt?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "marc_brandt.region"
    assert reply.body == "Marc Brandt kommt aus Rheinland-Pfalz."
    assert reply.title == "Marc Brandt (InSkills2Go)"


def test_an_undocumented_attribute_is_said_plainly_for_that_entity_with_what_is_known(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Handynummer von Frau Luger")
    assert reply.matched and reply.about[0] == "monika_luger.phone"
    assert reply.body.startswith("Eine Telefonnummer nennt die Dokumentation für Monika Luger nicht.")
    assert "Bekannt ist: Monika Luger von ZUKUNFTmobil aus Bayern" in reply.body
    english = ask(shipped_engine, "What is Marc Brandt's email address?")
    assert english.body.startswith("The documentation does not give an e-mail address for Marc Brandt.")


def test_an_undocumented_attribute_of_the_event_shows_its_card(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wann war das Werkstattgespräch?")
    assert reply.entry_id == "unbekannt_datum" and "werkstattgespraech.date" in reply.about


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("der von der Arbeitsagentur", "viktor_sauer"),
        ("die Frau aus Bayern", "monika_luger"),
        ("der Gewerkschafter", "michael_rudolph"),
        ("Who was the union guy?", "michael_rudolph"),
        ("the guy from the employment agency", "viktor_sauer"),  # "from" is no relation asked about
        ("who spoke for the trade unions at the event?", "michael_rudolph"),  # the event is only where
        ("who is the man from the Agency of Work?", "viktor_sauer"),  # a literal translation
        ("Who represented the trade unions?", "michael_rudolph"),  # a group's word: its person
        ("Wer vertrat die AA beim Werkstattgespräch?", "viktor_sauer"),
        ("the man from the Bildungswerk, who is he?", "matthias_rust"),
    ],
)
def test_people_described_by_a_relation(shipped_engine: AnswerEngine, question: str, person: str) -> None:
    reply = ask(shipped_engine, question)
    assert reply.matched and reply.subjects[0] == person  # their card, or a fact of theirs


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("What office does Michael Rudolph hold?", "michael_rudolph.role"),  # an office held, no address
        ("In welchem Arbeitskreis war Frank Schmidt?", "frank_schmidt.session"),
        ("In welcher Arbeitsgruppe war die Integrale Landkarte?", "integrale_landkarte.session"),
        ("Wer hat die Integrale Landkarte mitgebracht?", "integrale_landkarte.presenter"),
        ("Herr Rust arbeitet wo?", "matthias_rust.organisation"),  # learners' word order
        ("what does matthias rust do", "matthias_rust.role"),  # a cue around the name
        ("Mr Rust is Leiter of what exactly?", "matthias_rust.role"),  # the post word names his post
        ("Gibt es die Folien von Monika Lugers Vortrag?", "monika_luger.slides"),  # a genitive: hers
        ("What are the office hours of the DGB Hessen-Thüringen?", "dgb.opening_hours"),  # no address
        ("Was sagte das Podium zur Agentur für Arbeit?", "eroeffnungsrunde.purpose"),
        # why, asked of an organisation beside the word "WBV": the one fact of that kind that names it
        ("warum sollten die wbv mit der agentur für arbeit zusammen arbeiten", "eroeffnungsrunde.purpose"),
        ("Herr Schmidt war in welche Workshop?", "frank_schmidt.session"),
        ("what Marc Brandt was presenting?", "marc_brandt.presented"),
        ("in the pop up store, who was getting advice?", "popup_store.audience"),
    ],
)
def test_attribute_cues_of_formal_wording(shipped_engine: AnswerEngine, question: str, fact: str) -> None:
    assert ask(shipped_engine, question).about[0] == fact


def test_asked_whether_the_person_just_named_is_the_one_described_the_fact_confirms_it(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Wer war die Frau von ZUKUNFTmobil?", "ist das die aus Bayern?")
    assert reply.about[0] == "monika_luger.region" and reply.body == "Monika Luger kommt aus Bayern."
    english = ask(shipped_engine, "Who is Michael Rudolph?", "is he the one from the DGB?")
    assert english.about[0] == "michael_rudolph.organisation"
    # when the description does not fit, what is documented of the one named corrects it
    assert ask(shipped_engine, "Wer ist Marc Brandt?", "Ist der aus Hessen?").about[0] == "marc_brandt.region"
    agency = ask(shipped_engine, "Who is Matthias Rust?", "Is he from the employment agency too?")
    assert agency.about[0] == "matthias_rust.organisation"
    thing = ask(shipped_engine, "What is ZUKUNFTmobil?", "Is that in Bavaria?")  # a thing: its region
    assert thing.about[0] == "zukunftmobil.region"


def test_a_name_inside_the_cue_describes_what_is_asked_of_the_person_referred_to(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(
        shipped_engine, "Who was on the panel?", "and the union guy?", "which DGB district does he chair?"
    )
    assert reply.about[0] == "michael_rudolph.organisation"  # his district, not the DGB's card
    german = ask(shipped_engine, "Wer ist Michael Rudolph?", "welchen Bezirk leitet er?")
    assert german.about[0] == "michael_rudolph.organisation"


def test_who_else_was_on_the_panel_lists_the_panellists_besides_the_one_just_named(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Which organisation is Matthias Rust with?", "Who else was on that panel?")
    assert set(reply.listed) == {"michael_rudolph", "viktor_sauer"}
    german = ask(shipped_engine, "Wer ist Viktor Sauer?", "Und wer war sonst noch in der Runde?")
    assert set(german.listed) == {"michael_rudolph", "matthias_rust"}
    asked_alone = ask(shipped_engine, "Wer war in der Runde?")  # nobody to leave out: the whole panel
    assert asked_alone.about[0] == "eroeffnungsrunde.speakers"


def test_a_possessive_makes_the_related_thing_that_of_the_person_referred_to(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Wer ist Matthias Rust?", "his organisation is from which region?")
    assert reply.about[0] == "bildungswerk_hessische_wirtschaft.region"
    website = ask(shipped_engine, "Wer ist Monika Luger?", "and her organisation has a website?")
    assert website.about[0] == "zukunftmobil.website"
    which = ask(shipped_engine, "Wer ist Monika Luger?", "what is her organisation?")  # which one: hers
    assert which.about[0] == "monika_luger.organisation"
    # "sein Workshop" after his region: his workshop, not one of the last answer's things by its words
    workshop = ask(
        shipped_engine,
        "Wer ist Frank Schmidt?",
        "Woher kommt er?",
        "Wie viele Teilnehmer hatte sein Workshop?",
    )
    assert workshop.about[0] == "workshop_3.participants"


def test_what_a_place_is_is_what_the_documentation_says_of_it(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "what is the Rhein Galerie?")
    assert reply.about == ("rhein_galerie.definition", "rhein_galerie")
    assert reply.body == shipped_engine.kb.facts.entities["rhein_galerie"].summary.en  # its summary
    assert ask(shipped_engine, "what is the Rhein Galerie?", "which city?").about[0] == "rhein_galerie.city"


@pytest.mark.parametrize(
    ("question", "card"),
    [
        ("hi kurze frage was macht eigentlich zukunftmobil", "zukunftmobil"),  # what it does: its card
        ("whos michael rudolf", "michael_rudolph"),
        ("okay google wer ist frank schmidt", "frank_schmidt"),  # a dictation wake word is no content
    ],
)
def test_plain_questions_for_a_card(shipped_engine: AnswerEngine, question: str, card: str) -> None:
    reply = ask(shipped_engine, question)
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == card


def test_the_people_of_a_fact_are_given_as_that_fact(shipped_engine: AnswerEngine) -> None:
    for question in ("Welche Personen saßen in der Eröffnungsrunde?", "Wer nahm an der Gesprächsrunde teil?"):
        reply = ask(shipped_engine, question)
        assert reply.about[0] == "eroeffnungsrunde.speakers", question
        assert set(reply.listed) == {"michael_rudolph", "viktor_sauer", "matthias_rust"}
    moderated = ask(shipped_engine, "Hat jemand die Gesprächsrunde moderiert?")  # its moderation, not people
    assert moderated.about[0] == "eroeffnungsrunde.moderator"


def test_a_numbered_thing_that_does_not_exist_is_not_answered_even_in_a_conversation(
    shipped_engine: AnswerEngine,
) -> None:
    assert not ask(shipped_engine, "Wer hat Workshop 3 geleitet?", "Und wer leitet Workshop 4?").matched
    assert ask(shipped_engine, "Wer hat Workshop 1 geleitet?", "und Workshop 3?").subjects[0] == "workshop_3"


def test_the_event_named_as_where_leaves_it_to_the_thing_referred_to(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Was ist der DGB?", "Who represented it at the event?")
    assert "michael_rudolph" in reply.subjects and reply.entry_id != "personen"
    date = ask(shipped_engine, "Was ist der DGB?", "An welchem Datum war eigentlich das Werkstattgespräch?")
    assert date.about[0] == "werkstattgespraech.date"  # the event as what is asked about


def test_who_asked_of_a_thing_referred_to_is_its_people(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Was ist ZUKUNFTmobil?", "Wer kam von dort?")
    assert reply.outcome is Outcome.ANSWER and "monika_luger" in reply.subjects
    english = ask(shipped_engine, "What is InSkills2Go?", "who is the person from there?")  # "from": weak
    assert english.outcome is Outcome.ANSWER and "marc_brandt" in english.subjects
    assert (
        ask(shipped_engine, "Wer hat über den Pop-up-Store gesprochen?").about[0] == "popup_store.presenter"
    )


def test_how_to_reach_the_person_just_named_is_said_plainly_for_them(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Welche Funktion hat Viktor Sauer?", "Wie erreiche ich ihn?")
    assert reply.about[0] == "viktor_sauer.phone" and "Viktor Sauer" in reply.body


def test_the_es_of_there_is_refers_back_only_when_nothing_else_does(shipped_engine: AnswerEngine) -> None:
    slides = ask(
        shipped_engine, "Wer ist Viktor Sauer?", "Bei welcher Agentur ist er?", "Gibt es Folien von ihm?"
    )
    assert slides.about[0] == "viktor_sauer.slides"  # "ihm", not the agency of the last answer


def test_contact_questions_keep_to_the_contact_cards(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "ich komm aus bayern wen soll ich fragen")
    assert not reply.matched or reply.entry_id == "kontakt_bayern"  # never Monika Luger as "the" answer
    assert "kontakt_bayern" in {reply.candidate, *(link.id for link in reply.suggestions)}


def test_list_questions_list_every_entity_of_the_kind(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Welche Gewerkschaften waren beteiligt?")
    assert set(reply.listed) == {"dgb", "ig_metall"}
    assert reply.body.splitlines()[0] == "Gewerkschaften in der Dokumentation:"
    assert len(reply.body.splitlines()) == 3


def test_follow_ups_refer_to_the_last_answer(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Wer ist Monika Luger?", "und wo kommt sie her?").body == (
        "Monika Luger kommt aus Bayern."
    )
    email = ask(shipped_engine, "Wer ist Monika Luger?", "hast du ihre E-Mail?")
    assert email.about[0] == "monika_luger.email"
    same_question = ask(shipped_engine, "Welche Funktion hat Michael Rudolph?", "und Matthias Rust?")
    assert same_question.about[0] == "matthias_rust.role"
    it = ask(shipped_engine, "what did Monika Luger present?", "who is it for?")
    assert it.about[0] == "integrale_landkarte.audience"


def test_a_follow_up_after_a_contact_card_asks_whom_to_contact_again(shipped_engine: AnswerEngine) -> None:
    """After "whom can we turn to about network partners?", "und mit Unternehmen?" asks the same for
    companies; a follow-up that asks something of the person named ("und was hat sie vorgestellt?")
    is about that person."""
    first = "Wer kann uns bei der Zusammenarbeit mit Netzwerkpartnern helfen?"
    assert ask(shipped_engine, first).entry_id == "kontakt_netzwerkpartner"
    assert ask(shipped_engine, first, "und mit Unternehmen?").entry_id == "kontakt_unternehmen"
    assert ask(shipped_engine, "und mit Unternehmen?").entry_id != "kontakt_unternehmen"  # alone: unclear
    presented = ask(shipped_engine, "Gibt es jemanden aus Bayern?", "und was hat sie vorgestellt?")
    assert presented.about[0] == "monika_luger.presented"


def test_a_question_that_stands_on_its_own_ignores_the_context(shipped_engine: AnswerEngine) -> None:
    alone = ask(shipped_engine, "Wann endete das Werkstattgespräch?")
    after = ask(shipped_engine, "Wer ist Monika Luger?", "Wann endete das Werkstattgespräch?")
    assert after.about == alone.about and after.entry_id == "ende"
    assert not ask(shipped_engine, "und wo kommt sie her?").matched  # no context: nobody to refer to


@pytest.mark.parametrize(
    "question",
    [
        "Wie alt ist Monika Luger?",
        "Welche Partei ist Michael Rudolph in?",
        "Seit wann ist Viktor Sauer bei der Agentur für Arbeit?",  # asks what no fact of a person says
    ],
)
def test_a_person_asked_what_the_facts_do_not_know_gets_no_confident_card(
    shipped_engine: AnswerEngine, question: str
) -> None:
    reply = ask(shipped_engine, question)
    assert reply.outcome is Outcome.SUGGEST and "in der Dokumentation" in reply.body
    people = (["monika_luger"], ["michael_rudolph"], ["viktor_sauer"])
    assert [link.id for link in reply.suggestions][:1] in people


@pytest.mark.parametrize(
    "question",
    ["Was war beim Werkstattgespräch 2022 Thema?", "Worum geht es beim nächsten Werkstattgespräch?"],
)
def test_another_occasion_of_the_event_gets_no_confident_answer(
    shipped_engine: AnswerEngine, question: str
) -> None:
    assert not ask(shipped_engine, question).matched


def test_the_next_date_is_said_to_be_undocumented(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Wann ist das nächste Werkstattgespräch?").entry_id == "unbekannt_datum"


@pytest.mark.parametrize(
    ("question", "key"),
    [("Viktor Sauer ist vom DGB, oder?", "viktor_sauer.organisation"),
     ("Kommt Monika Luger aus Bayern?", "monika_luger.region"),
     ("Was hatte die IG Metall mit dem Pop-up-Store zu tun?", "popup_store.partners"),  # a fact naming it
     ("Für welche Region ist der DGB-Bezirk zuständig?", "dgb.region"),
     ("War das Werkstattgespräch in der Rhein Galerie?", "werkstattgespraech.venue")],  # not documented
)  # fmt: skip
def test_a_second_entity_implies_the_attribute_asked(
    shipped_engine: AnswerEngine, question: str, key: str
) -> None:
    reply = ask(shipped_engine, question)
    assert reply.matched and reply.about[0] == key


def test_an_attribute_is_answered_by_the_fact_that_stands_for_it(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Who presented in workshop 2?")  # a workshop's speakers are who presented
    assert reply.matched and reply.about[0] == "workshop_2.speakers" and "workshop_2.presenter" in reply.about
    assert "Monika Luger" in reply.body


def test_a_cue_written_around_a_name_is_found(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "What does BA mean?")
    assert reply.matched and reply.about[0] == "bundesagentur_fuer_arbeit.definition"


def test_a_relation_the_facts_do_not_know_gets_no_confident_person(shipped_engine: AnswerEngine) -> None:
    assert "monika_luger" in ask(shipped_engine, "Wer hat die Integrale Landkarte vorgestellt?").about
    invented = ask(shipped_engine, "Wer hat die Integrale Landkarte erfunden?")
    assert not invented.matched


def test_a_card_is_only_offered_when_the_question_says_more_than_the_facts_know(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Wo kann ich eine Landkarte von Bayern kaufen?")
    assert reply.outcome is Outcome.SUGGEST
    assert [link.id for link in reply.suggestions] == ["integrale_landkarte"]


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        ("Worum ging es in Workshop 1?", "und nr 3?", "workshop_3.topic"),
        ("Wer leitete Workshop 1?", "und den dritten?", "workshop_3.speakers"),
        ("Welche Praxisbeispiele wurden vorgestellt?", "erzähl mehr über das dritte", "wbv_saarland_ba"),
        ("Wer war auf dem Podium?", "und der zweite?", "viktor_sauer"),
    ],
)
def test_a_lone_number_refers_to_a_namesake_or_a_place_in_the_last_list(
    shipped_engine: AnswerEngine, first: str, follow_up: str, expected: str
) -> None:
    reply = ask(shipped_engine, first, follow_up)
    assert reply.matched and reply.about[0] == expected


def test_a_lone_number_without_context_or_in_a_new_question_is_no_reference(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "und nr 3?").about[:1] != ("workshop_3.topic",)
    reply = ask(shipped_engine, "Worum ging es in Workshop 1?", "Wer hat den Pop-up-Store 2023 vorgestellt?")
    assert reply.about[0] == "popup_store.presenter"


@pytest.mark.parametrize(
    ("question", "card"),
    [
        ("Wen kann ich zur Zusammenarbeit mit Unternehmen fragen?", "kontakt_unternehmen"),
        ("Wir wollen mit der Arbeitsagentur kooperieren, wen frag ich da?", "kontakt_arbeitsagentur"),
        # only terms named: the contact card their glossary card points to
        ("unser kmu braucht beratung zur ganzheitlichen transformation wer hilft da", "kontakt_unternehmen"),
    ],
)
def test_asked_whom_to_contact_the_contact_card_that_clearly_fits_answers(
    shipped_engine: AnswerEngine, question: str, card: str
) -> None:
    assert ask(shipped_engine, question).entry_id == card


@pytest.mark.parametrize(
    "question",
    ["Wen frage ich wegen meines Arbeitslosengeldes?", "An wen wende ich mich wegen einer Umschulung?"],
)
def test_a_contact_question_no_contact_card_fits_gets_no_confident_card(
    shipped_engine: AnswerEngine, question: str
) -> None:
    assert not ask(shipped_engine, question).matched


def test_a_person_described_by_what_only_the_ranking_finds(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wer war in der Eröffnungsrunde?", "und der von der Wirtschaft?")
    assert reply.entry_id == "matthias_rust"
    organisation = ask(shipped_engine, "Wer war in der Eröffnungsrunde?", "und was macht das Bildungswerk?")
    assert organisation.entry_id == "bildungswerk_hessische_wirtschaft"  # no person asked for


def test_a_list_of_one_type_around_a_named_thing(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "which organisations were on the opening panel?")
    assert set(reply.listed) == {"dgb", "agentur_fuer_arbeit_saarland", "bildungswerk_hessische_wirtschaft"}
    assert reply.body.startswith("For this, the documentation names:")
    assert ask(shipped_engine, "Welche Leute waren im Workshop 2?").entry_id == "monika_luger"  # just one


def test_a_person_is_described_by_the_relation_the_question_asks_about(shipped_engine: AnswerEngine) -> None:
    # Viktor Sauer is from the Saarland, but the documentation does not say who presented its example
    assert "viktor_sauer" not in ask(shipped_engine, "Who presented the Saarland example?").about
    assert ask(shipped_engine, "Wer hat den Pop-up-Store vorgestellt?").about[0] == "popup_store.presenter"


def test_a_word_of_the_knowledge_base_is_not_read_as_a_typo_of_a_cue(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wer hat die Veranstaltung eröffnet?")  # "eröffnet" is no "geöffnet"
    assert reply.about[0] == "eroeffnungsrunde.speakers"


def test_an_also_follow_up_is_answered_by_the_last_fact_when_it_names_the_new_thing(
    shipped_engine: AnswerEngine,
) -> None:
    partners = ask(shipped_engine, "Wer war beim Pop-up-Store alles beteiligt?", "und die IG Metall auch?")
    assert partners.about[0] == "popup_store.partners"
    topic = ask(shipped_engine, "Worum ging es in Workshop 1?", "und Workshop 2 auch?")  # names nothing of it
    assert topic.about[0] == "workshop_2.topic"


def test_who_is_an_organisation_asks_what_it_is(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Wer ist der DGB?").entry_id == "dgb"  # not Michael Rudolph's card
    assert ask(shipped_engine, "wer kommt vom dgb").entry_id == "michael_rudolph"
    assert ask(shipped_engine, "Wer kam aus Rheinland-Pfalz?").entry_id == "marc_brandt"


def test_which_asks_for_a_list_only_right_before_a_group(shipped_engine: AnswerEngine) -> None:
    listed = ask(shipped_engine, "Welche drei Beispiele wurden vorgestellt?")
    assert set(listed.listed) == {"popup_store", "integrale_landkarte", "wbv_saarland_ba"}
    assert not ask(shipped_engine, "Welche Rolle haben WBV für die Betriebe?").listed


def test_a_year_in_the_question_asks_for_the_year_and_a_later_one_for_another_occasion(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "War der Pop-up-Store 2022?")
    assert reply.about[0] == "popup_store.year" and "2023" in reply.body
    assert not ask(shipped_engine, "Wird der Pop-up-Store 2025 wieder aufgebaut?").matched


def test_a_name_after_fuer_is_in_the_accusative(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Telefonnummer vom Pop-up-Store")
    assert reply.body.startswith("Eine Telefonnummer nennt die Dokumentation für den Pop-up-Store nicht.")
    counted = ask(shipped_engine, "wie viele Leute kamen in den Pop-up-Store?")  # a number, not the card
    assert counted.about[0] == "popup_store.participants"


def test_a_broad_question_word_does_not_outweigh_what_is_asked(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "wo finde ich die folien von workshop 2").about[0] == "workshop_2.slides"
    assert ask(shipped_engine, "Wo war Workshop 2?").about[0] == "workshop_2.venue"
    why = ask(shipped_engine, "wieso haben die im pop-up-store kmu beraten")
    assert why.about[0] == "popup_store.purpose"


def test_a_described_person_is_asked_for_another_attribute(shipped_engine: AnswerEngine) -> None:
    presented = ask(shipped_engine, "die frau aus bayern, was hat die praesentiert")
    assert presented.about[0] == "monika_luger.presented"
    role = ask(shipped_engine, "der gewerkschafter aus hessen-thüringen, was hat der für ne funktion")
    assert role.about[0] == "michael_rudolph.role"
    assert ask(shipped_engine, "die Frau aus Bayern").entry_id == "monika_luger"  # nothing asked: her card


def test_a_person_in_a_year_the_documentation_never_mentions_is_another_occasion(
    shipped_engine: AnswerEngine,
) -> None:
    assert not ask(shipped_engine, "Was hat Monika Luger auf der didacta 2024 vorgestellt?").matched
    assert ask(shipped_engine, "Hat Marc Brandt 2023 den Pop-up-Store vorgestellt?").matched


def test_a_list_of_a_kind_at_the_event_lists_the_kind(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Welche Gewerkschaften waren beim Werkstattgespräch?")
    assert set(reply.listed) == {"dgb", "ig_metall"}


@pytest.mark.parametrize(
    "question",
    ["Welche Weiterbildungsverbünde gibt es in NRW?", "Hat jemand aus Baden-Württemberg was vorgestellt?",
     "Gab es auch eine Gesprächsrunde mit Vertretern aus Baden-Württemberg?"],
)  # fmt: skip
def test_a_place_the_documentation_never_mentions_gets_no_confident_answer(
    shipped_engine: AnswerEngine, question: str
) -> None:
    assert not ask(shipped_engine, question).matched


def test_a_wrong_place_for_a_named_person_is_corrected_by_the_facts(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Kommt Marc Brandt aus NRW?")
    assert reply.about[0] == "marc_brandt.region" and "Rheinland-Pfalz" in reply.body


def test_an_inflection_of_a_known_word_is_no_unexplained_word(shipped_engine: AnswerEngine) -> None:
    # the documentation writes "erfolgreichen": "erfolgreich" says nothing the facts do not know
    reply = ask(shipped_engine, "Mit welcher Behörde hat der WBV Saarland so erfolgreich kooperiert?")
    assert reply.matched and "wbv_saarland_ba" in reply.about
    assert not ask(shipped_engine, "Wer hat die Integrale Landkarte erfunden?").matched


def test_the_people_of_the_workshops_are_listed_and_the_workshops_by_their_overview(
    shipped_engine: AnswerEngine,
) -> None:
    for question in ("Wer hat in den Workshops referiert?", "Wer waren die Workshop-Leiter:innen?",
                     "Name all the workshop leads."):  # fmt: skip
        people = ask(shipped_engine, question)
        assert set(people.listed) == {"marc_brandt", "monika_luger", "frank_schmidt"}, question
    assert ask(shipped_engine, "Which workshops were offered?").entry_id == "workshops"
    one = ask(shipped_engine, "Which workshop was about working together with companies?")  # one, no list
    assert one.entry_id != "workshops" and not one.listed


def test_the_federal_states_are_listed(shipped_engine: AnswerEngine) -> None:
    states = ask(shipped_engine, "Welche Bundesländer waren vertreten?")
    assert set(states.listed) == {"bayern", "hessen", "hessen_thueringen", "rheinland_pfalz", "saarland"}
    # not the Pfalz or Mittelhessen (parts of states); the DGB district Hessen-Thüringen is listed as
    # such (its summary says what it is), so that Thüringen is not left out
    assert "DGB-Bezirks Hessen-Thüringen" in states.body


def test_where_something_was_presented_asks_for_its_session(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Wo wurde der Pop-up-Store vorgestellt?").about[0] == "popup_store.session"
    assert ask(shipped_engine, "Wer hat den Pop-up-Store vorgestellt?").about[0] == "popup_store.presenter"


def test_a_fact_naming_the_other_entity_does_not_outrank_what_is_asked(shipped_engine: AnswerEngine) -> None:
    question = "Mr Rust works for the Bildungswerk der Hessischen Wirtschaft – what is his position there?"
    assert ask(shipped_engine, question).about[0] == "matthias_rust.role"


def test_how_a_thing_helps_is_its_purpose_and_who_can_help_a_contact(shipped_engine: AnswerEngine) -> None:
    purpose = ask(shipped_engine, "how does the integral map help companies?")
    assert purpose.about[0] == "integrale_landkarte.purpose"
    contact = ask(shipped_engine, "Wer kann uns beim Einsatz der Integralen Landkarte helfen?")
    assert contact.entry_id == "kontakt_unternehmen"


def test_a_question_naming_nothing_asks_for_an_attribute_of_the_event(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "ab wann gings morgens los")
    assert reply.entry_id == "unbekannt_beginn" and reply.about[0] == "werkstattgespraech.start_time"
    assert not ask(shipped_engine, "Wann war Willy Brandt Bundeskanzler?").matched  # says more than that
    assert ask(shipped_engine, "Guten Tag!").entry_id == "hallo"  # a weak cue ("Tag") asks for no date


def test_a_role_asked_of_an_organisation_with_no_such_person_is_no_confident_card(
    shipped_engine: AnswerEngine,
) -> None:
    assert not ask(shipped_engine, "Wer ist Vorsitzender der IG Metall?").matched
    assert ask(shipped_engine, "Michael Rudolph ist Vorsitzender von was?").about[0] == "michael_rudolph.role"
    assert not ask(shipped_engine, "Wer ist Vorsitzender des DGB-Bezirks Bayern?").matched  # not one of each


def test_it_after_a_person_refers_to_a_thing_his_facts_name(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Für wen arbeitet Matthias Rust?", "Does it have a website?")
    assert reply.about[0] == "bildungswerk_hessische_wirtschaft.website"
    person = ask(shipped_engine, "Für wen arbeitet Matthias Rust?", "und was ist seine Funktion?")
    assert person.about[0] == "matthias_rust.role"


def test_an_article_at_the_end_stands_for_the_person_of_the_last_answer(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wer hat den Pop-up-Store vorgestellt?", "von welchem wbv ist der nochmal")
    assert reply.about[0] in ("marc_brandt.organisation", "popup_store.organisation")
    assert not ask(shipped_engine, "wo kommt die her?").matched  # nobody to refer to


def test_a_person_described_by_what_she_did_is_found_before_the_things_named(
    shipped_engine: AnswerEngine,
) -> None:
    name = ask(shipped_engine, "die frau mit der landkarte aus bayern wie heißt die nochmal")
    assert name.entry_id == "monika_luger"
    firm = ask(shipped_engine, "die dame aus bayern die workshop 2 gemacht hat von welcher firma war die")
    assert firm.about[0] == "monika_luger.organisation"
    assert ask(shipped_engine, "Adresse vom DGB Hessen-Thüringen").about[0] == "dgb.address"  # no person


def test_two_things_named_together_are_the_example_that_joins_them(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Was hatte die BA mit dem WBV Saarland zu tun?").entry_id == "wbv_saarland_ba"
    assert ask(shipped_engine, "zukunftmobil bayern").about[0] == "zukunftmobil.region"  # its own region


def test_a_list_of_every_thing_of_a_type_is_its_overview_card(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "zähl mal alle referenten auf").entry_id == "personen"
    assert ask(shipped_engine, "Liste aller Ansprechpartner").entry_id != "personen"  # whom to contact


def test_the_parts_of_the_programme_are_the_programme_card(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "welche teile hatte die veranstaltung").entry_id == "ablauf"


def test_a_place_the_knowledge_base_does_not_know_is_corrected_or_not_answered(
    shipped_engine: AnswerEngine,
) -> None:
    corrected = ask(shipped_engine, "Stand der Pop-up-Store in Mainz?")
    assert corrected.about[0] == "popup_store.city" and "Ludwigshafen" in corrected.body
    evaluation = "Welche Ergebnisse hatte die Evaluation des Pop-up-Stores in Kaiserslautern?"
    assert not ask(shipped_engine, evaluation).matched
    assert ask(shipped_engine, "what does KMU mean in English?").entry_id == "glossar_kmu"


def test_what_the_panel_said_is_its_key_points_unless_somebody_else_is_meant(
    shipped_engine: AnswerEngine,
) -> None:
    said = ask(shipped_engine, "was ham die in der eroeffnungsrunde über die weiterbildungsverbunde gesagt")
    assert said.entry_id == "eroeffnungsrunde_ergebnisse"
    namesake = "Thomas Rudolph vom DGB – was hat der bei der Podiumsdiskussion gesagt?"
    assert not ask(shipped_engine, namesake).matched


@pytest.mark.parametrize(
    ("question", "card"),
    [("Wen kann ich bei der IG Metall ansprechen?", "kontakt_gewerkschaft"),
     ("who can i ask about the integral map for my small company", "kontakt_unternehmen"),
     ("Ansprechpartner InSkills2Go", "kontakt_rheinland_pfalz")],
)  # fmt: skip
def test_whom_to_contact_about_a_named_thing_is_the_contact_card_related_to_it(
    shipped_engine: AnswerEngine, question: str, card: str
) -> None:
    assert ask(shipped_engine, question).entry_id == card


def test_asking_for_advice_or_permission_is_no_contact_question(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Who was in charge of the first workshop, if I may ask?")
    assert not (reply.entry_id or "").startswith("kontakt")


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("Was war das Ziel vom Workshop mit Frank Schmidt?", "workshop_3.purpose"),
        ("Wie viele Teilnehmende waren im Workshop von Frau Luger?", "workshop_2.participants"),
        ("Aus welcher Region stammt der Verbund von Frank Schmidt?", "digitale_wbv_mittelhessen.region"),
        ("Does Frank Schmidt's organisation have a website?", "digitale_wbv_mittelhessen.website"),
        ("What's Frank Schmidt's organisation called?", "frank_schmidt.organisation"),  # only its name
    ],
)
def test_a_thing_named_by_its_relation_to_a_person(
    shipped_engine: AnswerEngine, question: str, about: str
) -> None:
    """ "der Workshop von Frank Schmidt" is the workshop his facts name; "der Verbund von …" names the
    thing asked about, not the attribute (its region is the answer, not its name), even where he could
    answer too."""
    reply = ask(shipped_engine, question)
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == about


def test_a_group_word_not_tied_to_the_name_keeps_its_own_meaning(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "In welchem Workshop war Frank Schmidt?").about[0] in (
        "frank_schmidt.session", "frank_schmidt.led",
    )  # fmt: skip
    assert ask(shipped_engine, "Which organisation is Frank Schmidt from?").about[0] == (
        "frank_schmidt.organisation"
    )


@pytest.mark.parametrize("question", ["Liste aller Ansprechpartner", "alle Ansprechpartner auflisten"])
def test_words_that_ask_for_a_list_do_not_dilute_what_is_listed(
    shipped_engine: AnswerEngine, question: str
) -> None:
    reply = ask(shipped_engine, question)
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "kontakte"


@pytest.mark.parametrize(
    ("question", "card"),
    [
        ("Wen spreche ich in Hessen an?", "kontakt_hessen"),  # not Thüringen's, though its words rank first
        ("wen kontaktiere ich im saarland", "kontakt_saarland"),
        ("Wen spreche ich in Bayern an?", "kontakt_bayern"),
        ("ansprechpartner bildungswerk der hessischen wirtschaft", "kontakt_hessen"),  # no card lists it
    ],
)
def test_whom_to_contact_in_a_region_is_the_card_of_what_is_documented_there(
    shipped_engine: AnswerEngine, question: str, card: str
) -> None:
    reply = ask(shipped_engine, question)
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == card


def test_which_one_of_a_type_is_the_one_the_words_fit_clearly(shipped_engine: AnswerEngine) -> None:
    """ "Welcher Workshop …?" asks for one workshop: the one the words fit best answers, when it leads
    the other workshops clearly; never when what is asked of them is not documented."""
    reply = ask(shipped_engine, "Which workshop was about working together with companies?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "workshop_2"
    reply = ask(shipped_engine, "Welcher Workshop befasste sich mit der Kooperation mit Netzwerkpartnern?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "workshop_1"
    most = ask(shipped_engine, "Welcher Workshop hatte die meisten Teilnehmer?")
    assert not most.matched or most.entry_id == "unbekannt_teilnehmende"


def test_asked_whether_a_person_is_from_a_place_never_mentioned_the_documented_region_answers(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "War Frank Schmidt aus Nordhessen?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "frank_schmidt.region"
    assert "Mittelhessen" in reply.body
    assert not ask(shipped_engine, "Kennst du Frank Schmidt aus Heidenheim?").matched  # somebody else
    assert not ask(shipped_engine, "Was hat Frank Schmidt von der Uni Gießen vorgestellt?").matched
    typo = ask(shipped_engine, "Was macht Viktor Saur bei der Arbetsagentur?")  # a misspelt agency: him
    assert typo.matched and typo.about[0] == "viktor_sauer.role"


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Which of the speakers is a managing director?", "viktor_sauer"),
        ("Wer war die Vorsitzende?", "michael_rudolph"),  # "Vorsitzender" in his role, whatever the ending
    ],
)
def test_who_holds_a_post_is_whom_the_documented_role_calls_so(
    shipped_engine: AnswerEngine, question: str, person: str
) -> None:
    reply = ask(shipped_engine, question)
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == person


def test_a_post_at_an_organisation_never_documented_is_nobody_we_know(shipped_engine: AnswerEngine) -> None:
    assert not ask(shipped_engine, "Wer ist der Geschäftsführer von Siemens?").matched


@pytest.mark.parametrize(
    "question",
    [
        "Gibt es den Pop-up-Store in der Rhein Galerie heute noch?",
        "What's the current IG Metall wage deal?",
        "Ist Viktor Sauer immer noch Geschäftsführer?",
    ],
)
def test_the_present_is_another_occasion_than_the_one_documented(
    shipped_engine: AnswerEngine, question: str
) -> None:
    """The documentation tells what was presented in 2023 and at the event, not what holds today."""
    reply = ask(shipped_engine, question)
    assert not reply.matched


@pytest.mark.parametrize(
    "question", ["wer ist der chef von der ig metall", "wer ist chef der arbeitsagentur in bayern"]
)
def test_a_post_nobody_documented_holds_is_not_given_to_somebody_related(
    shipped_engine: AnswerEngine, question: str
) -> None:
    """Viktor Sauer is of an Arbeitsagentur and Monika Luger from Bayern; neither is the head of the one
    in Bayern, and nobody of the IG Metall is named."""
    assert not ask(shipped_engine, question).matched


def test_what_is_not_given_for_a_person_may_be_answered_by_what_stands_in_for_it(
    shipped_engine: AnswerEngine,
) -> None:
    """Matthias Rust led no workshop; where he did speak answers "did he run one?"."""
    reply = ask(shipped_engine, "Hat Matthias Rust einen Workshop geleitet?")
    assert reply.about[0] == "matthias_rust.session" and "Eröffnungsrunde" in reply.body
    assert ask(shipped_engine, "Welchen Workshop hat Frank Schmidt geleitet?").about[0] == "frank_schmidt.led"


def test_the_one_thing_named_needs_no_margin_when_its_card_ranks_first(shipped_engine: AnswerEngine) -> None:
    """Workshop 1 is named by its title; the contact card for network partners shares its words and
    ranks a little lower, which without the name would leave the choice open."""
    reply = ask(shipped_engine, "Was wurde im Workshop zur Zusammenarbeit mit Netzwerkpartnern gemacht?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "workshop_1"


@pytest.mark.parametrize(
    ("question", "name", "offered"),
    [
        ("Wo kann ich bei der Veranstaltung parken?", "das Werkstattgespräch", "werkstattgespraech"),
        ("Is there parking available at the venue?", "the Werkstattgespräch", "werkstattgespraech"),
        ("Wo kann ich an der Rhein Galerie parken?", "die Rhein Galerie", "popup_store"),  # what names it
        ("Was macht Viktor Sauer in der Freizeit?", "Viktor Sauer", "viktor_sauer"),  # no role asked
        ("Wer ist der Stellvertreter von Michael Rudolph?", "Michael Rudolph", "michael_rudolph"),
    ],
)
def test_what_the_documentation_never_covers_is_said_plainly_and_never_answered_with_a_card(
    shipped_engine: AnswerEngine, question: str, name: str, offered: str
) -> None:
    reply = ask(shipped_engine, question)
    assert reply.outcome is Outcome.SUGGEST and name in reply.body
    assert [link.id for link in reply.suggestions] == [offered]


def test_a_place_asked_for_what_only_a_thing_there_has_is_asked_of_that_thing(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Was war das Motto in Ludwigshafen?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "popup_store.motto"
    # these say more than the facts explain
    assert not ask(shipped_engine, "Bayern München Ergebnis gestern").matched
    assert not ask(shipped_engine, "was kostet ein ticket von mannheim nach ludwigshafen").matched


def test_a_person_described_by_a_group_outranks_the_last_answers_people(shipped_engine: AnswerEngine) -> None:
    panel, follow_up = "Who was on the opening panel?", "and which one was from the employment agency?"
    reply = ask(shipped_engine, panel, follow_up)
    assert reply.entry_id == "viktor_sauer"


def test_die_after_a_plural_verb_refers_to_a_group_not_a_person(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Was ist ZUKUNFTmobil?", "wer war von denen da?", "wo sitzen die?")
    assert reply.about[0] == "zukunftmobil.region"
    assert ask(shipped_engine, "Wer ist Monika Luger?", "wo kommt die her?").about[0] == "monika_luger.region"


def test_a_person_referred_to_with_a_thing_named_is_asked_how_they_relate(
    shipped_engine: AnswerEngine,
) -> None:
    """ "der war doch in der Eröffnungsrunde, oder?" after Marc Brandt: his session corrects it."""
    reply = ask(shipped_engine, "Wer ist Marc Brandt?", "der war doch in der Eröffnungsrunde, oder?")
    assert reply.about[0] == "marc_brandt.session" and "Workshop 1" in reply.body


def test_a_question_that_says_it_changes_the_topic_ignores_the_conversation(
    shipped_engine: AnswerEngine,
) -> None:
    first = "Worum ging es in Workshop 2?"
    reply = ask(shipped_engine, first, "ganz was anderes wann war eigentlich schluss")
    assert "workshop_2" not in reply.about and "workshop_2" not in reply.subjects
    assert ask(shipped_engine, first, "und wann?").about[0] == "workshop_2.date"  # with it: the workshop's


def test_a_question_word_alone_asks_all_it_may_ask_of_the_last_answer(shipped_engine: AnswerEngine) -> None:
    """ "wann" is also a cue of an example's year; after a workshop, "und wann?" asks for its date."""
    reply = ask(shipped_engine, "Worum ging es in Workshop 2?", "und wann?")
    assert reply.about[0] == "workshop_2.date"
    assert "nennt die Dokumentation für Workshop 2 nicht" in reply.body


def test_a_phrasing_a_curator_added_outranks_what_the_documentation_never_covers(tmp_path: Path) -> None:
    """Parking is never covered, but once a curator adds the question to a card, the card answers."""
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    event = kb / "event.yaml"
    text = event.read_text(encoding="utf-8")
    phrasing = "      - Was war das Werkstattgespräch?\n"
    assert phrasing in text
    event.write_text(text.replace(phrasing, f"{phrasing}      - Wo kann ich parken?\n", 1), encoding="utf-8")
    assert AnswerEngine.from_directory(kb).answer("Wo kann ich parken?").entry_id == "werkstattgespraech"


def test_after_a_list_which_of_them_is_the_listed_one_whose_facts_name_the_thing(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Welche WBV waren dabei?", "welcher davon kam aus dem Saarland?")
    assert reply.entry_id == "wbv_saarland"
    examples, which = "welche best practice beispiele gabs", "und das aus dem saarland, mit wem war das?"
    partners = ask(shipped_engine, examples, which)
    assert partners.about[0] == "wbv_saarland_ba.partners"  # what else is asked of it


def test_a_person_asked_about_with_names_the_documentation_never_mentions_is_not_answered(
    shipped_engine: AnswerEngine,
) -> None:
    football = "Is the Frank Schmidt from the workshop the football coach of 1. FC Heidenheim?"
    reply = ask(shipped_engine, football)
    assert not reply.matched and "Frank Schmidt" in reply.text
    assert not ask(shipped_engine, "kennst du den frank schmidt vom hessischen rundfunk").matched
    assert not ask(shipped_engine, "is Marc Brandt the actor from the TV?").matched  # one name is enough
    # lowercase words it does not know are verbs more likely than names: still his fact
    reply = ask(shipped_engine, "Is it true that Frank Schmidt comes from Hesse?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "frank_schmidt.region"


def test_people_listed_by_type_and_region_include_a_district_covering_the_region(
    shipped_engine: AnswerEngine,
) -> None:
    for question in ("Which speakers came from Hesse?", "Wer von den Referenten kam alles aus Hessen?"):
        reply = ask(shipped_engine, question)
        assert reply.outcome is Outcome.ANSWER
        assert set(reply.about) >= {"frank_schmidt", "matthias_rust", "michael_rudolph"}, question


def test_a_fee_asked_of_nothing_named_is_the_events_and_said_to_be_undocumented(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Musste man für die Teilnahme was bezahlen?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "unbekannt_teilnehmende"
    assert "Kosten" in reply.body and "nicht in der Dokumentation" in reply.body
    # of a thing named, its own unknown, not the event's card
    reply = ask(shipped_engine, "Was kostet der Pop-up-Store?")
    assert reply.about[0] == "popup_store.fee" and reply.entry_id != "unbekannt_teilnehmende"


def test_what_a_person_said_is_what_their_example_or_session_stood_for(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Was hat Michael Rudolph gesagt?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "eroeffnungsrunde_ergebnisse"
    assert "Wer was im Einzelnen gesagt hat, steht nicht in der Dokumentation." in reply.body
    reply = ask(shipped_engine, "die referentin von zukunftmobil hat die auch was zu umwelt gesagt")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "integrale_landkarte.purpose"
    # a name asked of a person described stays the person, not what their example is called
    reply = ask(shipped_engine, "Die Dame aus Bayern – wie heißt sie nochmal?")
    assert reply.entry_id == "monika_luger"


def test_who_is_responsible_in_a_region_nobody_known_holds_a_post_in_is_its_contact_card(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "wer ist in der pfalz zuständig")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "kontakt_rheinland_pfalz"
    chief = ask(shipped_engine, "Wer ist Chef der IG Metall?")  # an organisation's post: not documented
    assert not chief.matched and "IG Metall" in chief.text


def test_which_workshop_a_person_did_or_led_is_answered_by_the_more_specific_fact(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Welchen Workshop hat Frank Schmidt gemacht?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "frank_schmidt.session"
    assert "Workshop 3" in reply.body
    led = ask(shipped_engine, "Welchen Workshop hat Frank Schmidt geleitet?")  # led stands before session
    assert led.outcome is Outcome.ANSWER and led.about[0] == "frank_schmidt.led"


@pytest.mark.parametrize(
    "question",
    [
        "Was macht der DGB Bezirk Bayern?",
        "Wer ist der Vorsitzende vom DGB Bayern?",
        "Kann ich mich beim Bildungswerk der Bayerischen Wirtschaft für einen Kurs anmelden?",
    ],
)
def test_another_regional_branch_of_a_documented_organisation_gets_no_confident_answer(
    shipped_engine: AnswerEngine, question: str
) -> None:
    reply = ask(shipped_engine, question)
    assert not reply.matched, reply.about


def test_the_documented_branch_named_by_part_of_its_region_is_still_that_branch(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Wer ist Vorsitzender des DGB Hessen?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "michael_rudolph.role"


def test_a_kind_listed_for_a_named_session_is_what_its_facts_bring_up(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Welche Gewerkschaft war auf dem Podium?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "dgb"  # the one union there: its card
    assert "ig_metall" not in reply.about  # a partner of the pop-up store, not on the panel


def test_an_address_asked_with_where_is_said_to_be_undocumented_before_the_region_is_given(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "wo sitzen die digitalen wbv mittelhessen adresse")
    assert reply.about[0] == "digitale_wbv_mittelhessen.address"
    assert "Adresse" in reply.body and "Mittelhessen" in reply.body  # not given; what is known
    where = ask(shipped_engine, "Wo sitzen die Digitalen WBV Mittelhessen?")  # no address asked
    assert where.about[0] == "digitale_wbv_mittelhessen.region"


def test_at_the_start_names_the_opening_panel_and_a_later_year_is_no_fact_of_a_thing_there(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Was war das Thema der Gesprächsrunde zu Beginn?")
    assert reply.about[0] == "eroeffnungsrunde.topic"
    assert ask(shipped_engine, "Wann war der Beginn?").entry_id == "unbekannt_beginn"  # still a time
    again = ask(shipped_engine, "Gibt es den Pop-up-Store 2024 wieder in der Rhein Galerie?")
    assert not again.matched


def test_what_is_never_covered_is_not_answered_by_the_card_of_the_person_named(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Was verdient Viktor Sauer?")  # his name alone makes his card rank high
    assert reply.outcome is Outcome.SUGGEST and "Viktor Sauer" in reply.body
    assert [link.id for link in reply.suggestions] == ["viktor_sauer"]


def test_the_same_attribute_of_things_named_side_by_side_is_answered_for_each(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Woher kommen Marc Brandt und Monika Luger?")
    assert reply.about == ("marc_brandt.region", "monika_luger.region")
    assert "Rheinland-Pfalz" in reply.body and "Bayern" in reply.body
    workshops = ask(shipped_engine, "Wer hat Workshop 1 und Workshop 2 gemacht?")
    assert set(workshops.listed) >= {"marc_brandt", "monika_luger"}
    one = ask(shipped_engine, "Woher kommt Marc Brandt vom Pop-up-Store?")  # not side by side: one fact
    assert one.about[0] == "marc_brandt.region" and len(one.body.splitlines()) == 1


def test_a_kind_named_after_the_event_asks_about_its_members(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wann war Schluss?", "Und welche Themen hatten die Workshops?")
    assert reply.about[0] == "workshops"
    assert ask(shipped_engine, "Wann war Schluss?", "und wo war das?").about[0] == "werkstattgespraech.venue"


def test_a_person_described_by_a_term_is_the_one_whose_session_says_it(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "wer war der mit dem transferkonzept").entry_id == "frank_schmidt"
    vague = ask(shipped_engine, "wer war der mit der Verstetigung")  # said by several: nobody in particular
    assert vague.entry_id != "frank_schmidt"


def test_the_example_named_also_elsewhere_is_corrected_by_its_city_but_another_one_is_not_known(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Gab es den Pop-up-Store auch in Mannheim?")
    assert reply.about[0] == "popup_store.city" and "Ludwigshafen" in reply.body
    assert not ask(shipped_engine, "Gibt es auch einen Pop-up-Store in Mannheim?").matched


def test_a_website_is_an_organisations_and_a_phone_a_persons(shipped_engine: AnswerEngine) -> None:
    dialogue = ("Wer stellte den Pop-up-Store vor?", "Bei welcher Organisation ist er?")
    website = ask(shipped_engine, *dialogue, "Haben Sie die Internetseite dieser Organisation?")
    assert website.about[0] == "inskills2go.website"
    assert ask(shipped_engine, *dialogue, "Telefonnummer?").about[0] == "marc_brandt.phone"


def test_a_place_named_alone_gets_what_was_there_but_the_venue_question_stays_undocumented(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "ludwigshafen, was war da?").entry_id == "popup_store"
    venue = ask(shipped_engine, "Fand das Werkstattgespräch in Ludwigshafen statt?")
    assert venue.entry_id == "unbekannt_ort"


def test_worueber_asks_for_the_topic_even_beside_a_verb_that_says_where(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wer war auf dem Podium?", "Worüber haben die gesprochen?")
    assert reply.entry_id == "eroeffnungsrunde" and "Transformation" in reply.body


def test_after_one_person_from_a_region_another_region_asks_for_its_people_and_how_many_counts_them(
    shipped_engine: AnswerEngine,
) -> None:
    hessen = ("Wer war beim Werkstattgespräch aus Bayern?", "Und aus Hessen?")
    assert set(ask(shipped_engine, *hessen).listed) == {"michael_rudolph", "matthias_rust", "frank_schmidt"}
    counted = ask(shipped_engine, *hessen, "Wie viele sind das?")
    assert counted.body.startswith("Das sind 3:") and len(counted.listed) == 3
    contact = ask(shipped_engine, "Ansprechpartner für Bayern?", "und für Hessen?")  # whom to ask there
    assert contact.entry_id == "kontakt_hessen"


def test_a_bare_which_after_a_list_chooses_from_it(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Welche Workshops gab es?", "und welcher war zur Verstetigung?")
    assert reply.entry_id == "workshop_3"
    region = ask(shipped_engine, "Welche Verbünde waren vertreten?", "Welcher kommt aus Bayern?")
    assert region.entry_id == "zukunftmobil"


def test_how_he_is_called_asks_for_the_person_referred_to(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Was hat der Vertreter vom DGB in der Runde betont?", "Wie heißt er nochmal?")
    assert reply.entry_id == "michael_rudolph"
    title = ask(shipped_engine, "Wer hat Workshop 2 geleitet?", "Wie hieß ihr Workshop?")  # a title, not her
    assert title.entry_id != "monika_luger"


def test_a_network_named_with_a_region_none_of_them_is_from_is_somebody_else(
    shipped_engine: AnswerEngine,
) -> None:
    assert not ask(shipped_engine, "Was ist der WBV Thüringen?").matched
    assert ask(shipped_engine, "Welcher WBV ist aus Bayern?", "Was ist der WBV Saarland?").matched


def test_another_branch_named_with_the_event_is_still_somebody_else(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wer vom Bildungswerk der Bayerischen Wirtschaft war bei der Tagung?")
    assert not reply.matched


def test_where_a_persons_organisation_is_asks_for_its_region(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wo ist der Verbund von Frank Schmidt?")
    assert reply.about[0] == "digitale_wbv_mittelhessen.region"


def test_who_a_person_named_by_his_post_was_is_his_card(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wer war der Geschäftsführer operativ aus dem Saarland?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "viktor_sauer"
    assert not ask(shipped_engine, "Wie alt ist Monika Luger?").matched  # still nothing known of that


def test_this_workshop_is_the_workshop_of_the_last_answer(shipped_engine: AnswerEngine) -> None:
    where = "In welchem Workshop wurde die Integrale Landkarte vorgestellt?"
    title = ask(shipped_engine, where, "Wie lautete der Titel dieses Workshops?")
    assert title.about[0] == "workshop_2.topic"


def test_a_card_curated_for_a_never_covered_word_answers_only_what_it_says(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "Bist du eine KI?").entry_id == "ueber_den_bot"  # curated there
    workshop = ask(shipped_engine, "Gab es einen Workshop zu KI?")  # the bot's card says no workshop
    assert not workshop.matched and workshop.entry_id != "ueber_den_bot"


def test_chat_and_dialect_spellings_read_as_the_standard_words(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "de monika luger, wos hod de vorgstellt")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "monika_luger.presented"


def test_it_asked_for_what_only_the_event_has_is_the_event_whatever_the_last_answer_listed(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "what was on the programme?", "and when did it end?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "werkstattgespraech.end_time"
    assert "16" in reply.body


def test_one_of_a_list_is_chosen_by_a_term_its_facts_say(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Welche Workshops gab es?", "welcher davon gieng um verstetigung?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "workshop_3"
    workshops = ("Welche Workshops gab es?", "welcher davon ging um Verstetigung?")
    led = ask(shipped_engine, *workshops, "wer hat den geleitet?")
    assert "frank_schmidt" in led.about or led.entry_id == "frank_schmidt"


def test_after_people_of_one_region_another_region_alone_asks_for_its_people(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Welche Referenten kamen aus Hessen?", "und aus Bayern?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "monika_luger"


def test_who_holds_a_post_today_is_not_answered_with_who_held_it_at_the_event(
    shipped_engine: AnswerEngine,
) -> None:
    assert not ask(shipped_engine, "Wer ist heute Vorsitzender vom DGB Hessen-Thüringen?").matched
    reply = ask(shipped_engine, "Wer ist Vorsitzender vom DGB Hessen-Thüringen?")  # as documented
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "michael_rudolph.role"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wie viele Workshops gab es beim Werkstattgespräch?", "workshops"),  # how many of a group: the list
        ("An welchem Ort wurde das Werkstattgespräch durchgeführt?", "unbekannt_ort"),  # the venue, not who
        ("Wer vertrat die Agentur für Arbeit des Saarlandes beim Werkstattgespräch?", "viktor_sauer"),
    ],
)
def test_how_many_of_a_group_where_something_was_held_and_who_represented_whom(
    shipped_engine: AnswerEngine, question: str, expected: str
) -> None:
    reply = ask(shipped_engine, question)
    assert reply.outcome is Outcome.ANSWER and expected in (reply.entry_id, *reply.about)


def test_which_of_a_list_comes_from_an_organisation_named(shipped_engine: AnswerEngine) -> None:
    panel = "Wer nahm an der Eröffnungsrunde teil?"
    assert ask(shipped_engine, panel).about[0] == "eroeffnungsrunde.speakers"
    reply = ask(shipped_engine, panel, "Welcher davon kommt von der Agentur für Arbeit?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "viktor_sauer"
    # without "welcher", an organisation named after a list is asked about itself
    assert ask(shipped_engine, panel, "und was macht das Bildungswerk?").entry_id != "matthias_rust"


def test_an_organisation_cue_restating_the_group_asked_for_still_lists_it(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Und welche Gewerkschaft war in der Eröffnungsrunde vertreten?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "dgb"
    panel = ask(shipped_engine, "welche organisationen warn bei der gesprachsrunde vertreten")
    assert set(panel.about) == {"dgb", "agentur_fuer_arbeit_saarland", "bildungswerk_hessische_wirtschaft"}


def test_people_of_a_group_who_spoke_at_the_event_are_found_through_the_group(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Welche Gewerkschaftsvertreter haben beim Werkstattgespraech gesprochen?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "michael_rudolph.session"  # where he spoke


def test_a_person_placed_in_another_branch_of_an_organisation_not_theirs_is_corrected(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Ist Herr Frank Schmidt von der Agentur für Arbeit Hessen?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "frank_schmidt.organisation"
    # one of that very organisation in another branch is somebody else
    assert not ask(shipped_engine, "Ich suche Michael Rudolph vom DGB Niedersachsen").matched


def test_which_one_asked_for_by_what_it_is_about_ignores_the_last_answer(
    shipped_engine: AnswerEngine,
) -> None:
    question = "Which workshop dealt with cooperation with companies?"
    reply = ask(shipped_engine, "Who is Marc Brandt?", question)
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "workshop_2"
    follow_up = ask(shipped_engine, "Who is Marc Brandt?", "In which workshop?")  # refers back still
    assert follow_up.about[0] == "marc_brandt.session"


def test_the_head_of_an_organisation_is_only_somebody_whose_role_says_a_post(
    shipped_engine: AnswerEngine,
) -> None:
    head = ask(shipped_engine, "Who is the head of ZUKUNFTmobil?")  # Monika Luger's role is not documented
    assert not head.matched and "ZUKUNFTmobil" in head.text
    chair = ask(shipped_engine, "Wer ist der Chef vom DGB-Bezirk?")  # his role says "Vorsitzender"
    assert chair.outcome is Outcome.ANSWER and chair.entry_id == "michael_rudolph"


def test_what_a_newly_named_thing_is_is_not_the_last_question_asked_again(
    shipped_engine: AnswerEngine,
) -> None:
    website = ("Wer hat die Integrale Landkarte vorgestellt?", "Hat sie eine Website?")
    reply = ask(shipped_engine, *website, "Und was war Workshop 3?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "workshop_3"
    assert "Website" not in reply.body
    again = ask(shipped_engine, *website, "und Workshop 3?")  # the same question of Workshop 3
    assert again.about[0] == "workshop_3.website"


def test_whether_the_event_recurs_is_said_to_be_undocumented(shipped_engine: AnswerEngine) -> None:
    recurs = ("Is the Werkstattgespräch held every year?", "Findet das Werkstattgespräch jedes Jahr statt?")
    for question in recurs:
        assert ask(shipped_engine, question).entry_id == "unbekannt_datum", question


def test_an_organisation_in_a_year_never_documented_and_who_paid_get_no_confident_answer(
    shipped_engine: AnswerEngine,
) -> None:
    assert not ask(shipped_engine, "Was hat die IG Metall 2024 gemacht?").matched
    assert ask(shipped_engine, "War die IG Metall 2023 beim Pop-up-Store dabei?").matched  # documented
    assert not ask(shipped_engine, "Wer hat das Werkstattgespräch bezahlt?").matched


def test_which_one_about_a_term_is_the_one_the_words_fit(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Which workshop was about Verstetigung?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "workshop_3"
    led = ask(shipped_engine, "Which workshop was about Verstetigung?", "Who led it?")
    assert led.outcome is Outcome.ANSWER and "Frank Schmidt" in led.body


def test_a_question_word_with_words_never_documented_is_no_follow_up(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "workshop 2 worum gings", "wo kann ich mich beschweren")
    assert not reply.matched and "workshop_2.venue" not in reply.about
    where = ask(shipped_engine, "Was war der Pop-up-Store?", "wo war das?")  # refers back: still its place
    assert where.about[0] == "popup_store.place"


def test_which_of_the_two_last_answers_is_chosen_by_a_place(shipped_engine: AnswerEngine) -> None:
    two = ("Wer ist Marc Brandt?", "Und Monika Luger?")
    reply = ask(shipped_engine, *two, "Wer von beiden kommt aus Bayern?")
    assert reply.outcome is Outcome.ANSWER and reply.entry_id == "monika_luger"  # her card


def test_the_others_of_a_group_after_one_of_it_are_listed(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Worum ging es in Workshop 1?", "und die anderen beiden Workshops?")
    assert reply.outcome is Outcome.ANSWER and set(reply.about) == {"workshop_2", "workshop_3"}


def test_der_before_a_preposition_stands_for_the_last_person(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "wer ist frank schmitt", "was hat der im workshop gemacht")
    assert reply.outcome is Outcome.ANSWER and reply.about[0].startswith("frank_schmidt.")


def test_what_is_specifically_asked_goes_to_whatever_of_the_last_answer_has_it(
    shipped_engine: AnswerEngine,
) -> None:
    store = ("Who presented the pop-up store in Ludwigshafen?", "And where is he from?")
    reply = ask(shipped_engine, *store, "Which partners did they run it with?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "popup_store.partners"
    when = ask(shipped_engine, "Rhein Galerie – was war da?", "wann war das?")  # a question word alone
    assert when.about[0] == "popup_store.year"


def test_a_type_listed_of_the_people_just_named_is_what_their_facts_bring_up(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Who was on the panel?", "Which organisations did they come from?")
    assert reply.outcome is Outcome.ANSWER
    assert set(reply.about) == {"dgb", "agentur_fuer_arbeit_saarland", "bildungswerk_hessische_wirtschaft"}


def test_general_knowledge_about_a_documented_region_is_never_covered(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "What is the capital of Bavaria?")
    assert not reply.matched and "Bavaria" in reply.text


def test_that_after_a_thing_reaches_what_names_it(shipped_engine: AnswerEngine) -> None:
    """The IHK presented nothing; the pop-up store it was a partner of was presented by Marc Brandt."""
    reply = ask(shipped_engine, "Was the IHK involved in anything?", "who presented that?")
    assert reply.about[0] == "popup_store.presenter"
    reply = ask(shipped_engine, "what's the point of the pop-up store?", "who organised it?")
    assert reply.about[0].startswith("popup_store.")  # its partners stand in for an organiser


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("How did the event start?", "werkstattgespraech.opening"),
        ("Womit ging es los?", "werkstattgespraech.opening"),
        ("Wann ging es los?", "werkstattgespraech.start_time"),
        ("Um wie viel Uhr ging es los?", "werkstattgespraech.start_time"),
    ],
)
def test_how_it_started_is_the_opening_and_when_is_the_time(
    shipped_engine: AnswerEngine, question: str, about: str
) -> None:
    assert about in ask(shipped_engine, question).about


def test_what_came_after_a_session(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "was passierte nach der gesprächsrunde").entry_id == "workshopphase"
    assert ask(shipped_engine, "Was kam nach der Workshopphase?").entry_id == "ende"
    reply = ask(shipped_engine, "Wer war in der Eröffnungsrunde?", "und was kam danach?")
    assert reply.entry_id == "workshopphase"


def test_a_short_cue_alone_asks_about_the_event(shipped_engine: AnswerEngine) -> None:
    """ "fee?" is a weak cue inside a sentence, but alone it can only ask about the event."""
    assert "werkstattgespraech.fee" in ask(shipped_engine, "fee?").about
    assert "werkstattgespraech.fee" not in ask(shipped_engine, "fee of the chamber of commerce?").about


def test_what_none_of_the_named_says_the_example_naming_them_all_does(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "partner ig metall ihk und?")
    assert reply.about[0] == "popup_store.partners"
    reply = ask(shipped_engine, "Wo wurde die Zusammenarbeit vom WBV Saarland mit der BA vorgestellt?")
    assert reply.about[0] == "wbv_saarland_ba.session"


def test_who_was_behind_an_example_is_what_stands_in_for_an_organiser(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, 'Wer stand hinter dem Motto "Die Pfalz qualifiziert"?')
    assert reply.about[0] in ("popup_store.organisation", "popup_store.partners")


def test_a_person_asked_about_through_their_session_stays_the_one_referred_to(
    shipped_engine: AnswerEngine,
) -> None:
    said = ask(shipped_engine, "Was hat Viktor Sauer gesagt?")
    assert said.about[0] != "viktor_sauer"  # what the panel stressed: no fact says who said what
    reply = ask(shipped_engine, "Was hat Viktor Sauer gesagt?", "und welche Funktion hat er?")
    assert reply.about[0] == "viktor_sauer.role"


def test_who_else_was_there_after_a_persons_organisation_names_the_others_there(
    shipped_engine: AnswerEngine,
) -> None:
    side = ask(shipped_engine, "Was hat Matthias Rust gemacht?", "für wen sprach er?")
    assert side.about[0] == "matthias_rust.organisation"
    more = ask(
        shipped_engine, "Was hat Matthias Rust gemacht?", "für wen sprach er?", "und wer war noch dabei?"
    )
    assert set(more.listed) == {"michael_rudolph", "viktor_sauer"}  # the others on his panel
    assert ask(shipped_engine, "Für welche Seite saß Matthias Rust in der Gesprächsrunde?").about[0] == (
        "matthias_rust.organisation"
    )


def test_a_workshop_made_asks_which_one_the_person_ran_or_spoke_in(shipped_engine: AnswerEngine) -> None:
    reply = ask(
        shipped_engine, "Die Kollegin von ZUKUNFTmobil, wie heißt die?", "hat die einen Workshop gemacht?"
    )
    assert reply.about[0] in ("monika_luger.led", "monika_luger.session")
    assert "Workshop 2" in reply.body


def test_a_number_before_workshops_counts_them_and_after_workshop_names_one(
    shipped_engine: AnswerEngine,
) -> None:
    assert shipped_engine.answer("Workshop drei").entry_id == "workshop_3"
    assert shipped_engine.answer("workshop three").entry_id == "workshop_3"
    assert shipped_engine.answer("Gab es drei Workshops?").candidate != "workshop_3"


@pytest.mark.parametrize(
    ("questions", "about"),
    [
        (("Wer ist Frank Schmidt?", "von wo?"), "frank_schmidt.region"),
        (("Wer ist Frank Schmidt?", "Wie kann ich ihn per Mail erreichen?"), "frank_schmidt.email"),
        (("On what date did the Werkstattgespräch take place?",), "werkstattgespraech.date"),
        (("An welchem Datum genau war der Pop-up-Store?",), "popup_store.year"),
        (("Der Workshop von Frank Schmidt war doch Nummer 1?",), "frank_schmidt.session"),
    ],
)
def test_the_cue_that_says_most_decides_what_is_asked(
    shipped_engine: AnswerEngine, questions: tuple[str, ...], about: str
) -> None:
    assert ask(shipped_engine, *questions).about[0] == about


def test_his_organisation_after_the_one_who_presented_something_is_his_not_a_list(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(
        shipped_engine, "Wer hat den Pop-up-Store vorgestellt?", "Und für welche Organisation war er da?"
    )
    assert reply.about[0] == "marc_brandt.organisation" and "IG Metall" not in reply.body


def test_which_one_of_a_type_for_a_pronoun_with_nobody_to_refer_to_is_no_guess(
    shipped_engine: AnswerEngine,
) -> None:
    reply = shipped_engine.answer("Und von welcher Organisation kommt er?")
    assert reply.outcome is not Outcome.ANSWER


def test_a_verb_that_cues_what_members_of_a_type_cannot_have_leaves_the_list_alone(
    shipped_engine: AnswerEngine,
) -> None:
    reply = shipped_engine.answer("Welche Regionen waren beim Werkstattgespräch vertreten?")
    assert reply.outcome is Outcome.ANSWER
    assert {"bayern", "saarland", "rheinland_pfalz"} <= set(reply.listed)


def test_a_group_word_beside_a_named_organisation_does_not_turn_the_question_to_its_person(
    shipped_engine: AnswerEngine,
) -> None:
    reply = shipped_engine.answer("wofür steht dgb eigentlich, deutscher gewerkschafts... ?")
    assert reply.about[0] == "dgb.definition"
    described = shipped_engine.answer("die referentin von zukunftmobil hat die auch was zu umwelt gesagt")
    assert "monika_luger" in described.subjects


def test_an_organisation_known_only_by_an_unknown_acronym_gets_no_confident_answer(
    shipped_engine: AnswerEngine,
) -> None:
    question = "What is the role of the Bundesinstitut für Berufsbildung (BIBB) in the WBV programme?"
    assert shipped_engine.answer(question).outcome is not Outcome.ANSWER
    assert shipped_engine.answer("What is the role of the WBV?").outcome is Outcome.ANSWER  # a known one


def test_a_first_name_with_an_unknown_surname_is_somebody_else(shipped_engine: AnswerEngine) -> None:
    other = "Was hat Frank Schneider von den Digitalen Weiterbildungsverbünden Mittelhessen vorgestellt?"
    assert shipped_engine.answer(other).outcome is not Outcome.ANSWER
    same = "Was hat Frank Schmidt von den Digitalen Weiterbildungsverbünden Mittelhessen vorgestellt?"
    assert shipped_engine.answer(same).outcome is Outcome.ANSWER


def test_the_genitive_of_the_pop_up_store_is_the_store_not_other_shops(shipped_engine: AnswerEngine) -> None:
    assert shipped_engine.answer("Was war das Motto des Pop-up-Stores?").about[0] == "popup_store.motto"
    assert (
        shipped_engine.answer("Welche Geschäfte gibt es in der Rhein-Galerie?").outcome is not Outcome.ANSWER
    )


@pytest.mark.parametrize(
    "questions",
    [
        ("Who is Matthias Rust?", "was he on the panel or in a workshop?"),
        ("der rust, bei wem is der angestellt", "war der in nem workshop?"),
        ("Wer ist Michael Rudolph?", "Was he in a workshop too?"),
    ],
)
def test_whether_a_person_was_in_a_workshop_is_answered_by_where_they_spoke(
    shipped_engine: AnswerEngine, questions: tuple[str, ...]
) -> None:
    reply = ask(shipped_engine, *questions)
    assert reply.about[0].endswith(".session") and reply.about[0].split(".")[0] in reply.subjects


def test_him_after_several_people_is_asked_back_with_them_offered(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wer war in der Eröffnungsrunde?", "und welche Position hat der?")
    assert reply.outcome is Outcome.SUGGEST
    assert reply.body == "Die letzte Antwort nannte mehrere Personen. Welche meinen Sie?"
    assert {link.id for link in reply.suggestions} == {"michael_rudolph", "viktor_sauer", "matthias_rust"}
    plural = ask(shipped_engine, "Wer war in der Eröffnungsrunde?", "what did they say")
    assert plural.outcome is not Outcome.SUGGEST or "mehrere Personen" not in plural.body


def test_what_was_said_about_an_organisation_is_the_fact_that_names_it(shipped_engine: AnswerEngine) -> None:
    reply = shipped_engine.answer("was ham die über die arbeitsagentur gesagt")
    assert reply.about[0] in ("eroeffnungsrunde.purpose", "eroeffnungsrunde_ergebnisse")


def test_it_beside_the_event_is_the_thing_referred_to_not_the_event(shipped_engine: AnswerEngine) -> None:
    questions = ("What kind of organisation is InSkills2Go?", "What did it present at the event?")
    assert ask(shipped_engine, *questions).about[0] == "inskills2go.presented"
    dated = ask(
        shipped_engine, "Was war der Pop-up-Store?", "An welchem Datum war eigentlich das Werkstattgespräch?"
    )
    assert dated.about[0] == "werkstattgespraech.date"
    assert ask(shipped_engine, "Was war der Pop-up-Store?", "und wann war das?").matched  # names nothing


def test_letter_style_greetings_and_sign_offs_neither_dilute_nor_ask(shipped_engine: AnswerEngine) -> None:
    framed = "Guten Tag, war Herr Rudolph Teil der Eröffnungsrunde? Mit freundlichen Grüßen"
    assert shipped_engine.answer(framed).about[0] != "eroeffnungsrunde.date"  # "Tag" asks no date
    letter = "Dear Sir or Madam, might I ask which organisation Mrs Luger works for? Yours sincerely"
    plain = "might I ask which organisation Mrs Luger works for?"
    assert shipped_engine.answer(letter).score >= shipped_engine.answer(plain).score


def test_people_on_the_panel_are_its_speakers_but_its_audience_is_not_documented(
    shipped_engine: AnswerEngine,
) -> None:
    for question in ("Wie viele Leute saßen auf dem Podium?", "How many people were on the opening panel?",
                     "Nennen Sie mir die Teilnehmer der Gesprächsrunde."):  # fmt: skip
        assert ask(shipped_engine, question).about[0] == "eroeffnungsrunde.speakers", question
    for question in ("Wie viele Zuschauer waren bei der Gesprächsrunde?",
                     "How many people attended the opening panel?"):  # fmt: skip
        assert ask(shipped_engine, question).about[0] == "eroeffnungsrunde.participants", question


def test_a_thing_inside_a_longer_cue_is_part_of_what_is_asked(shipped_engine: AnswerEngine) -> None:
    # "Workshop Nummer" asks for his session, not for a phone number of his workshop
    assert ask(shipped_engine, "schmidt workshop nummer?").about[0] == "frank_schmidt.session"
    assert ask(shipped_engine, "Workshop 3 Telefonnummer?").about[0] == "workshop_3.phone"


def test_das_asked_first_thing_is_the_event_but_not_after_an_unanswered_question(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "wann hat das angefangen").about[0] == "werkstattgespraech.start_time"
    participants = ask(shipped_engine, "How many participants were there?")
    assert participants.about[0] == "werkstattgespraech.participants"
    there_were = ask(shipped_engine, "wie viele gab es denn?")  # "there were": of what? Not the event
    assert "werkstattgespraech.participants" not in there_were.about


def test_the_pop_up_store_is_also_called_the_popup(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "in welchem einkaufszentrum war der popup").about[0] == "popup_store.place"


def test_the_woman_or_the_man_asked_for_is_the_one_of_that_gender(shipped_engine: AnswerEngine) -> None:
    for question in ("Welche Frauen haben gesprochen?", "Welche Frau hat einen Workshop gemacht?",
                     "who was the woman speaking", "die einzige frau bei den referenten?"):  # fmt: skip
        assert ask(shipped_engine, question).entry_id == "monika_luger", question
    assert ask(shipped_engine, "Woher kam die Frau aus den Workshops?").about[0] == "monika_luger.region"
    men = ask(shipped_engine, "Welche Männer haben in den Workshops vorgestellt?")
    assert set(men.listed) == {"marc_brandt", "frank_schmidt"}
    # a pair of forms, a greeting or German "man" asks for nobody's gender
    both = ask(shipped_engine, "Bitte alle Referentinnen und Referenten auflisten.")
    assert len(both.subjects) == 6
    greeting = ask(shipped_engine, "Sehr geehrte Damen und Herren, wer hat Workshop 1 geleitet?")
    assert greeting.subjects[-1] == "marc_brandt"
    fee = ask(shipped_engine, "Musste man für die Teilnahme etwas bezahlen?")
    assert fee.about[0] == "werkstattgespraech.fee"


def test_an_attribute_merely_not_given_for_a_thing_is_said_so_not_answered_by_its_card(
    shipped_engine: AnswerEngine,
) -> None:
    role = ask(shipped_engine, "Welche Funktion hat Marc Brandt?")
    assert role.about[0] == "marc_brandt.role" and role.entry_id is None
    assert "Funktion nennt die Dokumentation" in role.body and "Bekannt ist:" in role.body
    assert ask(shipped_engine, "What is WBV Saarland?").entry_id == "wbv_saarland"  # what it is: its card
    clause = ask(shipped_engine, "Was hat Michael Rudolph vorgestellt?")  # a clause opens the sentence
    assert "Was vorgestellt wurde, nennt die Dokumentation für Michael Rudolph nicht." in clause.body


def test_a_place_asked_for_what_only_one_thing_anywhere_has_gets_that_things_fact(
    shipped_engine: AnswerEngine,
) -> None:
    motto = ask(shipped_engine, 'Das Motto war "Das Saarland qualifiziert", oder?')  # the pop-up store's
    assert motto.about[0] == "popup_store.motto" and "Die Pfalz qualifiziert" in motto.body


def test_a_card_that_tells_a_fact_answers_it(shipped_engine: AnswerEngine) -> None:
    why = ask(shipped_engine, "Warum wurden die Best-Practice-Beispiele vorgestellt?")
    assert "workshopphase.purpose" in why.about and "Synergien" in why.body


def test_a_list_of_one_group_in_another_keeps_the_members_that_lead_to_it(
    shipped_engine: AnswerEngine,
) -> None:
    in_workshops = ask(shipped_engine, "Welche WBV waren in den Workshops?")
    assert set(in_workshops.listed) == {"inskills2go", "zukunftmobil", "digitale_wbv_mittelhessen"}
    assert len(ask(shipped_engine, "Welche WBV haben sich vorgestellt?").listed) == 4


def test_who_did_something_only_some_did_lists_those_people(shipped_engine: AnswerEngine) -> None:
    led = ask(shipped_engine, "Wer hat einen Workshop gemacht?")
    assert set(led.listed) == {"marc_brandt", "monika_luger", "frank_schmidt"}
    presented = ask(shipped_engine, "Wer hat ein Beispiel vorgestellt?")  # an example, not a discussion
    assert set(presented.listed) == {"marc_brandt", "monika_luger"}


def test_a_term_followed_by_an_unknown_name_is_some_other_thing(shipped_engine: AnswerEngine) -> None:
    assert not ask(shipped_engine, "What is the WBV Tirol?").matched  # not what "WBV" means
    assert not ask(shipped_engine, "Was macht der WBV Nordhessen Digital?").matched
    assert not ask(shipped_engine, 'Was ist das Förderprogramm "Zukunftsfonds Transformation"?').matched
    assert ask(shipped_engine, "Wie können WBV verstetigt werden?").candidate == "workshop_3"  # a verb


def test_their_website_after_an_organisation_is_its_own_his_is_its_persons(
    shipped_engine: AnswerEngine,
) -> None:
    theirs = ask(shipped_engine, "Was ist InSkills2Go?", "Und wo kommen die her?", "Haben die eine Website?")
    assert theirs.about[0] == "inskills2go.website"
    workshop = ask(shipped_engine, "Wer hat Workshop 3 gemacht?", "wie kann man ihn erreichen?")
    assert workshop.about[0].startswith("frank_schmidt.")


def test_checking_which_of_the_last_answer_is_from_a_place_is_confirmed_by_its_fact(
    shipped_engine: AnswerEngine,
) -> None:
    dialogue = ("Was war in Workshop 2?", "und wer hat den geleitet?", "ist das die aus Bayern?")
    confirmed = ask(shipped_engine, *dialogue)
    assert confirmed.about[0] == "monika_luger.region"


def test_chat_fillers_and_regional_words_are_read(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "wer war n der marc brandt").entry_id == "marc_brandt"  # "n": "denn"
    assert ask(shipped_engine, "viktor sauer wo schafft der").about[0] == "viktor_sauer.organisation"
    assert ask(shipped_engine, "Warum braucht man Weiterbildungsverbünde?").matched  # "braucht": filler


def test_after_saying_nothing_is_known_of_that_about_a_person_she_is_still_the_subject(
    shipped_engine: AnswerEngine,
) -> None:
    first = ask(shipped_engine, "Was hat Monika Luger über Betriebsräte gesagt?")
    assert first.outcome == Outcome.SUGGEST and first.subjects == ("monika_luger",)
    then = ask(shipped_engine, "Was hat Monika Luger über Betriebsräte gesagt?", "was hat sie vorgestellt?")
    assert then.about[0] == "monika_luger.presented"


def test_asked_first_for_what_only_one_thing_has_it_is_that_things(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "was war das motto").about[0] == "popup_store.motto"
    assert ask(shipped_engine, "datum?").about[0] != "popup_store.year"  # the event has a date, undocumented


def test_wo_kam_er_her_asks_where_he_is_from(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "und wo kam brandt nochmal her").about[0] == "marc_brandt.region"


def test_the_one_member_of_a_group_from_a_place_is_named_by_its_card(shipped_engine: AnswerEngine) -> None:
    named = ask(shipped_engine, "Wie hieß der Verbund aus Mittelhessen?")
    assert named.entry_id == "digitale_wbv_mittelhessen"
    assert ask(shipped_engine, "Wie heißt der Verbund aus Bayern?").entry_id == "zukunftmobil"
    chair = ask(shipped_engine, "Who chairs the trade union district Hessen-Thüringen?")  # a person, not it
    assert chair.entry_id != "dgb"


def test_the_one_thing_of_a_type_asked_for_from_a_place_is_named_by_its_card(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "welches beispiel war in bayern?").entry_id == "integrale_landkarte"
    from_the_palatinate = ask(shipped_engine, "Welches Best-Practice-Beispiel kam aus Rheinland-Pfalz?")
    assert from_the_palatinate.entry_id == "popup_store"
    assert ask(shipped_engine, "Which example was from Bavaria?").entry_id == "integrale_landkarte"
    goal = ask(shipped_engine, "Welches Beispiel aus Bayern hatte welches Ziel?")  # more is asked of it
    assert goal.about[0] == "integrale_landkarte.purpose"
    address = ask(shipped_engine, "Welche Adresse hat der Verbund aus Mittelhessen?")  # not given: said so
    assert address.about[0] == "digitale_wbv_mittelhessen.address"


def test_a_bare_question_word_after_a_thing_asks_what_it_asks_of_that_thing(
    shipped_engine: AnswerEngine,
) -> None:
    where = ask(shipped_engine, "Was ist ZUKUNFTmobil?", "Wer kommt von dort?", "Wo ist das?")
    assert where.about[0] == "zukunftmobil.region"  # not the venue of her workshop


def test_a_belief_about_a_thing_somewhere_else_is_corrected_by_where_it_was(
    shipped_engine: AnswerEngine,
) -> None:
    corrected = ask(shipped_engine, "Der Pop-up-Store war doch 2021 in Mainz, oder?")
    assert corrected.about[0] in ("popup_store.city", "popup_store.place")
    assert "Ludwigshafen" in corrected.body


def test_a_believed_end_is_corrected_by_the_documented_one(shipped_engine: AnswerEngine) -> None:
    corrected = ask(shipped_engine, "Das Werkstattgespräch ging bis 18 Uhr, oder?")
    assert corrected.about[0] == "werkstattgespraech.end_time" and "16 Uhr" in corrected.body


def test_a_learners_case_ending_still_asks_the_organisation(shipped_engine: AnswerEngine) -> None:
    theirs = ask(shipped_engine, "Wer ist Michael Rudolph?", "Von welche Gewerkschaft?")
    assert theirs.about[0] == "michael_rudolph.organisation"


def test_what_a_person_described_by_a_word_for_them_stressed_is_asked_of_them(
    shipped_engine: AnswerEngine,
) -> None:
    stressed = ask(shipped_engine, "Was hat der DGB-Vertreter betont?")  # "Vertreter" describes him
    assert stressed.about[0] == "eroeffnungsrunde.purpose" and "michael_rudolph" in stressed.subjects
    nobody = ask(shipped_engine, "Wer war der Vertreter der IHK Saarland?")  # nobody's named for the IHK
    assert nobody.entry_id != "viktor_sauer"


def test_a_post_at_an_organisation_asks_for_whoever_holds_it(shipped_engine: AnswerEngine) -> None:
    assert "michael_rudolph" in ask(shipped_engine, "Wie heißt der DGB-Chef?").subjects
    saarland = ask(shipped_engine, "der Geschäftsführer aus dem Saarland, wie heißt der?")
    assert saarland.subjects[:1] == ("viktor_sauer",)
    assert "michael_rudolph" not in ask(shipped_engine, "Wie heißt die IG-Metall-Chefin?").subjects


def test_which_one_of_the_last_answers_type_by_new_words_looks_among_all(
    shipped_engine: AnswerEngine,
) -> None:
    first = "Was war der Fokus von Workshop 3?"
    other = ask(shipped_engine, first, "welcher Workshop ging um Netzwerkpartner?")
    assert other.entry_id == "workshop_1"  # not the workshop just answered, nor its presenter
    district = ask(shipped_engine, "Was ist der DGB?", "Which district?")  # still about the DGB
    assert "dgb" in district.about[0] or district.about[0].startswith("michael_rudolph")


def test_which_one_of_a_kind_after_a_person_asks_it_of_him(shipped_engine: AnswerEngine) -> None:
    his = ask(shipped_engine, "wer ist matthias rust", "bei welchem bildungswerk")
    assert his.about[0] == "matthias_rust.organisation"
    assert ask(shipped_engine, "Was ist das Bildungswerk der Hessischen Wirtschaft?").about[0].startswith(
        "bildungswerk_hessische_wirtschaft"
    )


def test_why_asks_why_even_before_a_word_that_cues_something_else(shipped_engine: AnswerEngine) -> None:
    why = ask(shipped_engine, "Why cooperate with the Agentur für Arbeit?")  # not its partners
    assert why.about[0] == "eroeffnungsrunde.purpose"


def test_a_kind_asked_for_of_a_group_named_later_lists_the_groups_members_of_it(
    shipped_engine: AnswerEngine,
) -> None:
    speakers = ask(shipped_engine, "Aus welchen Bundesländern kamen die Referenten?")
    assert set(speakers.listed) == {"hessen_thueringen", "hessen", "saarland", "rheinland_pfalz", "bayern"}
    leads = ask(shipped_engine, "Welche Bundesländer waren bei den Workshop-Leitungen vertreten?")
    assert set(leads.listed) == {"rheinland_pfalz", "bayern", "hessen"}
    networks = ask(shipped_engine, "Which Bundesländer were the networks that presented from?")
    assert "hessen_thueringen" not in networks.listed  # the DGB district is no WBV's


def test_who_else_after_a_person_and_then_his_session_lists_the_others_there(
    shipped_engine: AnswerEngine,
) -> None:
    first, then = "Wer ist Viktor Sauer?", "Was war Thema der Runde, in der er saß?"
    others = ask(shipped_engine, first, then, "Wer war noch dabei?")
    assert set(others.listed) == {"michael_rudolph", "matthias_rust"}


def test_an_entry_the_words_rank_first_is_the_answer_when_an_asked_fact_backs_it(
    shipped_engine: AnswerEngine,
) -> None:
    why = ask(shipped_engine, "warum sollten wbv mit der agentur zusammenarbeiten")
    assert why.outcome is Outcome.ANSWER and why.entry_id == "eroeffnungsrunde_ergebnisse"
    # the same words with nothing a fact says: still only a suggestion
    unbacked = ask(shipped_engine, "warum sollten wir mit der agentur zusammenarbeiten")
    assert unbacked.outcome is not Outcome.ANSWER or unbacked.entry_id != "eroeffnungsrunde_ergebnisse"


def test_a_group_represented_at_a_session_named_as_where_is_the_groups_person(
    shipped_engine: AnswerEngine,
) -> None:
    first = "Wer hat auf dem Podium die Arbeitgeber vertreten?"
    employers = ask(shipped_engine, first)
    assert employers.subjects[:1] == ("matthias_rust",)  # not the whole panel
    unions = ask(shipped_engine, first, "und die Gewerkschaften?")
    assert unions.entry_id == "michael_rudolph"


def test_what_he_is_at_his_organisation_asks_his_post(shipped_engine: AnswerEngine) -> None:
    post = ask(shipped_engine, "Wer ist Michael Rudolph?", "und was ist der genau beim DGB?")
    assert post.about[0] == "michael_rudolph.role"
    assert ask(shipped_engine, "Wer ist Michael Rudolph?", "Was ist der DGB?").about[0].startswith("dgb")


def test_a_belief_in_words_another_of_its_kind_says_is_answered_by_its_own_fact(
    shipped_engine: AnswerEngine,
) -> None:
    corrected = ask(shipped_engine, "Workshop 2 war doch zu Netzwerkpartnern, oder?")  # Workshop 1's title
    assert corrected.about[0] == "workshop_2.topic" and "Unternehmen" in corrected.body
    confirmed = ask(shipped_engine, "Workshop 1 war doch zu Netzwerkpartnern, oder?")
    assert confirmed.about[0] == "workshop_1.topic"


def test_which_of_a_kind_or_a_choice_of_places_after_a_person_asks_it_of_him(
    shipped_engine: AnswerEngine,
) -> None:
    his = ask(shipped_engine, "matthias rust", "welches bildungswerk")
    assert his.about[0] == "matthias_rust.organisation"
    assert ask(shipped_engine, "viktor sauer", "saarland oder hessen").about[0] == "viktor_sauer.region"
    which_ihk = ask(shipped_engine, "wer war beim pop up store alles partner", "und welche IHK genau?")
    assert which_ihk.about[0].startswith("ihk")  # after a thing: which one that is


def test_how_many_people_asks_the_undocumented_number_not_for_the_speakers(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "how many people came").about[0] == "werkstattgespraech.participants"
    examples = ask(shipped_engine, "How many best practice examples were presented?")
    assert examples.about[:1] != ("werkstattgespraech.participants",)  # what is counted is named


def test_how_many_people_were_there_after_the_event_asks_its_participants(
    shipped_engine: AnswerEngine,
) -> None:
    count = ask(shipped_engine, "who organised the event?", "how many people were there?")
    assert count.about[0] == "werkstattgespraech.participants"


def test_for_whom_after_a_thing_asks_whom_it_is_for(shipped_engine: AnswerEngine) -> None:
    audience = ask(shipped_engine, "Was ist der Landkarte?", "Für wen ist das?")
    assert audience.about[0] == "integrale_landkarte.audience"
    people = ask(shipped_engine, "what is InSkills2Go?", "who is the person from there?")
    assert "marc_brandt" in people.subjects  # "from" alone asks nothing of it


def test_a_false_premise_about_a_person_and_a_thing_is_corrected_on_both_sides(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Hat Frank Schmidt Workshop 2 geleitet?")
    assert reply.about[0] == "workshop_2.speakers"  # who did: Monika Luger …
    assert "frank_schmidt.session" in reply.about and "Workshop 3" in reply.body  # … and where he was
    assert reply.subjects[0] == "frank_schmidt"  # "und woher kommt er?" goes on about him
    true = ask(shipped_engine, "Hat Monika Luger Workshop 2 geleitet?")
    assert len({key.split(".")[0] for key in true.about if "." in key}) == 1  # nothing to correct


def test_he_after_a_man_and_a_woman_is_the_man(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Is it true Marc Brandt presented the map?", "So what did he present?")
    assert reply.about[0] == "marc_brandt.presented"
    open_ = ask(shipped_engine, "Wer saß in der Eröffnungsrunde?", "Welche Position hat der?")
    assert open_.outcome is Outcome.SUGGEST and not open_.about  # three men: which one is open


def test_ordinals_keep_counting_in_the_list_one_was_picked_from(shipped_engine: AnswerEngine) -> None:
    listing = ("Welche Best-Practice-Beispiele gab es?", "Erzähl mehr zum ersten")
    assert ask(shipped_engine, *listing).subjects == ("popup_store",)
    second = (*listing, "und zum zweiten")
    assert ask(shipped_engine, *second).subjects == ("integrale_landkarte",)
    assert ask(shipped_engine, *second, "und der letzte?").subjects == ("wbv_saarland_ba",)
    last = ask(shipped_engine, "Wie viele Workshops gab es?", "Wer hat den letzten gemacht?")
    assert last.about[0] == "workshop_3.speakers"
    assert ask(shipped_engine, "Wer hat den letzten Workshop geleitet?").about[0] == "workshop_3.speakers"
    assert ask(shipped_engine, "Was war beim letzten Werkstattgespräch?").outcome is not Outcome.ANSWER


def test_from_an_organisation_asks_for_the_organisation(shipped_engine: AnswerEngine) -> None:
    wrong = ask(shipped_engine, "Is Matthias Rust from the DGB?")
    assert wrong.about[0] == "matthias_rust.organisation"  # which corrects it
    assert ask(shipped_engine, "Is Marc Brandt from Bavaria?").about[0] == "marc_brandt.region"


def test_they_after_one_man_is_what_else_the_answer_named(shipped_engine: AnswerEngine) -> None:
    they = ask(shipped_engine, "Who is the responsible of InSkills2Go?", "In which Bundesland are they?")
    assert they.about[0] == "inskills2go.region"
    he = ask(shipped_engine, "Who is the responsible of InSkills2Go?", "In which Bundesland is he?")
    assert he.about[0] == "marc_brandt.region"


def test_a_later_year_asked_in_the_past_tense_is_corrected_by_the_year(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "Lief der Pop-up-Store auch 2024?").about[0] == "popup_store.year"
    assert ask(shipped_engine, "Gibt es 2025 wieder einen Pop-up-Store?").outcome is not Outcome.ANSWER


def test_a_thing_taken_for_another_of_its_type_is_corrected(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Workshop 2 war zur Zusammenarbeit mit Netzwerkpartnern, oder?")
    assert reply.about[0] == "workshop_2.topic" and "Unternehmen" in reply.body


def test_the_event_in_another_year_is_answered_by_its_undocumented_date(
    shipped_engine: AnswerEngine,
) -> None:
    reply = ask(shipped_engine, "Fand das Werkstattgespräch 2024 statt?")
    assert reply.about[0] == "werkstattgespraech.date" and "nicht" in reply.body
    other = ask(shipped_engine, "Worum ging es beim Werkstattgespräch 2022?")  # what another one was about
    assert other.outcome is not Outcome.ANSWER


def test_a_question_word_and_a_short_cue_ask_for_the_event(shipped_engine: AnswerEngine) -> None:
    for question in ("wann wars aus", "wann wars zu ende"):
        assert ask(shipped_engine, question).about[0] == "werkstattgespraech.end_time", question


def test_a_wrong_value_believed_of_the_one_holder_is_corrected(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, 'Das Motto war "Die Pfalz bildet aus", richtig?')
    assert reply.about[0] == "popup_store.motto" and "qualifiziert" in reply.body


def test_the_organisation_after_a_person_is_theirs(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wer ist Marc Brandt?", "Wo sitzt die Firma?")
    assert reply.about[0] == "inskills2go.region"


def test_what_a_term_is_for_is_its_glossary_card(shipped_engine: AnswerEngine) -> None:
    reply = ask(shipped_engine, "Wozu braucht man ein Transferkonzept?")
    assert reply.outcome is Outcome.ANSWER and reply.about == ("glossar_transferkonzept",)
    map_then_kmu = ask(shipped_engine, "Was ist die Integrale Landkarte?", "wie hilft die den KMU?")
    assert map_then_kmu.about[:1] != ("glossar_kmu",)  # what the map does for them, not what KMU are


def test_the_very_first_is_the_first(shipped_engine: AnswerEngine) -> None:
    first = ask(shipped_engine, "Was war das Thema vom allerersten Programmpunkt?")
    assert first.about[0] == "eroeffnungsrunde.topic"


def test_what_a_place_is_asks_no_role(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Was ist die Rhein Galerie?").about[0] == "rhein_galerie.definition"
    post = ask(shipped_engine, "der Geschäftsführer aus dem Saarland, wie heißt der?")
    assert "viktor_sauer" in post.subjects


def test_the_last_after_one_was_picked_counts_in_the_list_or_by_number(
    shipped_engine: AnswerEngine,
) -> None:
    picked = ask(shipped_engine, "welche workshops gab es", "wer hat den ersten geleitet", "und den letzten")
    assert picked.about[0] == "workshop_3.speakers"
    numbered = ask(shipped_engine, "was war workshop 1", "und der letzte")
    assert "workshop_3" in numbered.subjects


def test_a_question_word_alone_asks_it_of_the_last_answer(shipped_engine: AnswerEngine) -> None:
    who = ask(shipped_engine, "workshop 3 thema", "wer")
    assert who.about[0] == "workshop_3.speakers"
    assert ask(shipped_engine, "wer").outcome is not Outcome.ANSWER  # nothing to ask it of


def test_more_about_the_last_answer_is_its_card(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Wer ist Matthias Rust?", "mehr dazu").about == ("matthias_rust",)
    assert ask(shipped_engine, "mehr dazu").outcome is not Outcome.ANSWER  # nothing to say more of


def test_contact_details_of_a_person_are_all_said_to_be_undocumented(shipped_engine: AnswerEngine) -> None:
    details = ask(shipped_engine, "Gibt es Kontaktdaten von Viktor Sauer?")
    assert details.about[:2] == ("viktor_sauer.email", "viktor_sauer.phone")
    assert details.body.startswith(
        "Eine E-Mail-Adresse, eine Telefonnummer, eine Website oder eine Adresse nennt die Dokumentation "
        "für Viktor Sauer nicht."
    )
    english = ask(shipped_engine, "Have you got Marc Brandt's contact details?")
    assert english.body.startswith("The documentation does not give an e-mail address, a phone number,")
    one = ask(shipped_engine, "Telefonnummer von Frank Schmidt?")  # one detail asked: that one
    assert one.about[0] == "frank_schmidt.phone" and "E-Mail" not in one.body


def test_how_many_speakers_lists_them_how_many_people_asks_the_number(shipped_engine: AnswerEngine) -> None:
    speakers = ask(shipped_engine, "Wie viele Referentinnen und Referenten gab es?")
    assert set(speakers.listed) >= {"michael_rudolph", "monika_luger", "frank_schmidt"}
    people = ask(shipped_engine, "Wie viele Leute waren da?")
    assert people.about[0] != "personen"


def test_a_doubting_article_before_a_particle_refers_back(shipped_engine: AnswerEngine) -> None:
    doubt = ask(shipped_engine, "Von welcher Agentur war Viktor Sauer?", "War der nicht auch im Workshop 1?")
    assert doubt.about[0] == "viktor_sauer.session"  # he was on the opening panel, which corrects it
    region = ask(shipped_engine, "Wer ist Monika Luger?", "Ist die nicht aus Bayern?")
    assert region.about[0] == "monika_luger.region"


def test_a_term_beside_a_thing_referred_to_is_what_it_is_about(shipped_engine: AnswerEngine) -> None:
    helps = ask(shipped_engine, "Was hat Monika Luger vorgestellt?", "Wie hilft das den KMU?")
    assert helps.about[0] == "integrale_landkarte.purpose"


def test_what_was_worked_out_asks_the_purpose(shipped_engine: AnswerEngine) -> None:
    worked_out = ask(shipped_engine, "Was wurde in der Workshopphase herausgearbeitet?")
    assert worked_out.about[0] == "workshopphase.purpose"


def test_whether_the_event_was_somewhere_asks_its_venue_which_is_not_documented(
    shipped_engine: AnswerEngine,
) -> None:
    asked = ("War das Werkstattgespräch in Frankfurt?", "Das war doch in Berlin, oder?", "Was it in Berlin?")
    for question in asked:
        assert ask(shipped_engine, question).about[0] == "werkstattgespraech.venue", question
    others = (
        "Wie war das Wetter in Berlin?", "Gab es jemanden aus NRW?", "Was war beim Werkstattgespräch in Wien",
    )
    for other in others:
        assert ask(shipped_engine, other).outcome is not Outcome.ANSWER, other


def test_regional_greetings_greet_and_do_not_dilute_a_question(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Gude!").entry_id == "hallo"
    assert ask(shipped_engine, "Tach, wer war Marc Brandt?").about == ("marc_brandt",)


def test_how_long_the_event_lasted_is_its_end_which_is_documented(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Wie lang hat das gedauert?").about[0] == "werkstattgespraech.end_time"


def test_where_a_person_is_from_beside_their_name_is_not_what_a_belief_checks(
    shipped_engine: AnswerEngine,
) -> None:
    made = ask(shipped_engine, "Mark Brand aus RLP hat doch den Store gemacht, oder?")
    assert made.about[0] == "marc_brandt.presented"


def test_a_belief_placing_a_person_in_a_region_none_of_their_facts_names_gets_their_region(
    shipped_engine: AnswerEngine,
) -> None:
    placed = ask(shipped_engine, "Sauer war doch Geschäftsführer bei der Agentur in Rheinland-Pfalz, oder?")
    assert placed.about[0] == "viktor_sauer.region" and "Saarland" in placed.body


def test_whether_a_session_was_about_a_thing_is_the_session_it_was_in(shipped_engine: AnswerEngine) -> None:
    wrong = ask(shipped_engine, "Im Workshop 3 ging es doch um den Pop-up-Store, oder?")
    assert wrong.about[0] == "popup_store.session" and "Workshop 1" in wrong.body
    right = ask(shipped_engine, "Ging es in Workshop 2 um die Landkarte?")
    assert right.about[0] == "integrale_landkarte.session" and "Workshop 2" in right.body


def test_a_year_alone_says_which_event_and_asks_its_date_only_in_a_yes_no_question(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "Fand das Werkstattgespräch 2024 statt?").about[0] == "werkstattgespraech.date"
    belief = ask(shipped_engine, "Das Werkstattgespräch war doch 2023, oder?")
    assert belief.about[0] == "werkstattgespraech.date"
    assert ask(shipped_engine, "Was war beim Werkstattgespräch 2019?").outcome is not Outcome.ANSWER


def test_where_something_was_run_asks_its_place_and_by_whom_its_partners(
    shipped_engine: AnswerEngine,
) -> None:
    assert ask(shipped_engine, "Wo wurde der Pop-up-Store betrieben?").about[0] == "popup_store.place"
    assert ask(shipped_engine, "Von wem wurde der Pop-up-Store betrieben?").about[0] == "popup_store.partners"


def test_a_name_and_who_alone_ask_its_people_and_with_a_verb_what_it_is(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "wer Workshop 1").about[0] == "workshop_1.speakers"
    assert ask(shipped_engine, "workshop drei wer").about[0] == "workshop_3.speakers"
    assert ask(shipped_engine, "Wer ist der DGB?").about == ("dgb",)


def test_a_thing_of_a_type_tied_to_a_name_asks_the_attribute_naming_it(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Marc Brandt Workshop").about[0] == "marc_brandt.session"
    assert ask(shipped_engine, "der Workshop von Monika Luger").about[0] == "monika_luger.session"


def test_the_lead_of_a_session_is_who_spoke_there(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Workshop 2 Leitung").about[0] == "workshop_2.speakers"
    assert ask(shipped_engine, "Workshops", "der dritte?", "Leitung?").about[0] == "workshop_3.speakers"


def test_his_workshop_after_a_person_is_his_session(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Marc Brandt", "sein Workshop?").about[0] == "marc_brandt.session"
    assert ask(shipped_engine, "Monika Luger", "und der Workshop?").about[0] == "monika_luger.session"
    assert ask(shipped_engine, "Workshops", "der Workshop?").about[0] == "workshops"  # not one of them
    assert ask(shipped_engine, "Marc Brandt", "Workshop?").about[0] == "marc_brandt.session"  # the word alone
    assert ask(shipped_engine, "Mittelhessen", "wer?", "workshop?").about[0] == "frank_schmidt.session"


def test_the_event_beside_another_thing_is_where_not_what_the_attribute_is_asked_of(
    shipped_engine: AnswerEngine,
) -> None:
    asked = "Welche Organisation vertrat die Referentin aus Bayern beim Werkstattgespräch?"
    assert ask(shipped_engine, asked).about[0] == "monika_luger.organisation"
    assert ask(shipped_engine, "Wer war beim Werkstattgespräch aus Bayern?").about[0] == "monika_luger"


def test_in_charge_asks_who_holds_a_post_and_a_charge_asks_the_fee(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Who is in charge of the DGB district Hesse-Thuringia?").about[0] == (
        "michael_rudolph.role"
    )
    assert ask(shipped_engine, "Is there a charge for the event?").about[0] == "werkstattgespraech.fee"
    assert ask(shipped_engine, "Do they charge anything for the map?").about[0] == "integrale_landkarte.fee"


def test_a_year_stated_in_a_yes_no_question_or_a_belief_is_what_is_checked(
    shipped_engine: AnswerEngine,
) -> None:
    asked = ask(shipped_engine, "Wurde der Pop-up-Store im Jahr 2022 betrieben?")
    assert asked.about[0] == "popup_store.year"
    checked = ask(shipped_engine, "Stimmt es, dass der Pop-up-Store 2022 betrieben wurde?")
    assert checked.about[0] == "popup_store.year" and "2023" in checked.body


def test_the_challenges_a_thing_tackles_are_its_purpose(shipped_engine: AnswerEngine) -> None:
    asked = ask(shipped_engine, "Welche Herausforderungen adressiert die Integrale Landkarte?")
    assert asked.about[0] == "integrale_landkarte.purpose" and "Herausforderungen" in asked.body
    assert ask(shipped_engine, "Which challenges does the integral map tackle?").about[0] == (
        "integrale_landkarte.purpose"
    )


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Welche Organisation vertrat der Leiter von Workshop 3?", "frank_schmidt.organisation"),
        ("Woher kommt die Leiterin von Workshop 2?", "monika_luger.region"),
        ("Which organisation does the speaker from Bavaria represent?", "monika_luger.organisation"),
        ("Welche Organisationen waren beteiligt?", "organisationen"),  # a list all the same
    ],
)
def test_an_attribute_of_a_person_described_by_what_they_led_or_where_they_are_from(
    shipped_engine: AnswerEngine, question: str, answer: str
) -> None:
    assert ask(shipped_engine, question).about[0] == answer


def test_a_persons_topic_is_what_they_presented_and_a_sessions_its_own(shipped_engine: AnswerEngine) -> None:
    assert ask(shipped_engine, "Frank Schmidt Thema").about[0] == "frank_schmidt.presented"
    assert ask(shipped_engine, "Monika Luger", "Was war ihr Thema?").about[0] == "monika_luger.presented"
    assert ask(shipped_engine, "Was war das Thema von Workshop 3?").about[0] == "workshop_3.topic"
