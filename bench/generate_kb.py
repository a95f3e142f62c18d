"""Seeded, reproducible knowledge bases of any size, with realistic names, titles and questions."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

FIRST = """Anna Bernd Clara Dieter Eva Frank Gisela Hans Ines Jan Katrin Lars Maria Nils Olga Paul Rita Stefan
Tanja Uwe Vera Werner Yvonne Zoe Michael Monika Matthias Marc Viktor Sabine Thomas Julia Peter Sandra Jürgen
Heike Andreas Petra Klaus Birgit""".split()
LAST = """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer
Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt
Werner Krause
Meier Lehmann Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung
Hahn Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster
Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich
Brandt Haas Schreiber Graf Rust Luger Sauer Rudolph""".split()
REGIONS = """Hessen Bayern Sachsen Thüringen Saarland Niedersachsen Brandenburg Berlin Hamburg Bremen Pfalz
Mittelhessen Nordhessen Oberbayern Franken Schwaben Ruhrgebiet Rheinland Westfalen Lausitz Vogtland Eifel
Allgäu Emsland Harz Uckermark""".split()
TOPICS = """Digitalisierung Fachkräftesicherung Weiterbildung Qualifizierung Transformation Nachhaltigkeit
Ausbildung Mobilität Energiewende Automatisierung Pflege Logistik Handwerk Tourismus Metallindustrie
Chemie Elektromobilität Datenschutz Arbeitsschutz Gesundheit Inklusion Vernetzung Beratung Kooperation
Förderung Verstetigung Innovation Wissensmanagement Personalentwicklung Mentoring""".split()
KINDS = ["Netzwerk", "Bildungszentrum", "Agentur", "Verbund", "Initiative", "Akademie", "Kompetenzzentrum"]
FORMATS = ["Workshop", "Fachforum", "Praxisbeispiel", "Projekt", "Arbeitsgruppe", "Themenabend"]


def _entry(title: str, questions: list[str], keywords: list[str], answer_de: str, answer_en: str) -> dict:
    return {
        "title": {"de": title, "en": title},
        "questions": questions,
        "keywords": keywords,
        "answer": {"de": answer_de, "en": answer_en},
    }


def _person(rng: random.Random, index: int) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    region, topic = rng.choice(REGIONS), rng.choice(TOPICS)
    name = f"{first} {last}"
    questions = [
        f"Wer ist {name}?",
        f"Was macht {name}?",
        f"Welche Rolle hatte {name}?",
        name,
        f"{last} {region}",
        f"Who is {name}?",
    ]
    return _entry(
        name,
        questions,
        [last],
        f"{name} aus {region} sprach über {topic}.",
        f"{name} from {region} spoke about {topic}.",
    )


def _organisation(rng: random.Random, index: int) -> dict:
    kind, topic, region = rng.choice(KINDS), rng.choice(TOPICS), rng.choice(REGIONS)
    name = f"{kind} {topic} {region}"
    questions = [
        f"Was ist das {name}?",
        f"Was macht {kind} {topic}?",
        f"{kind} {region}",
        f"Wer ist Ansprechpartner beim {name}?",
        f"What is {name}?",
        name,
    ]
    return _entry(
        name, questions, [f"{kind} {topic}"], f"{name} arbeitet zu {topic}.", f"{name} works on {topic}."
    )


def _event(rng: random.Random, index: int) -> dict:
    kind, topic, region = rng.choice(FORMATS), rng.choice(TOPICS), rng.choice(REGIONS)
    title = f"{kind} {index}: {topic}"
    questions = [
        f"Worum ging es im {kind} {index}?",
        f"Was war {kind} {index}?",
        f"{kind} {topic} {region}",
        f"Wer leitete {kind} {index}?",
        f"What happened in {kind} {index}?",
        f"{topic} in {region}",
    ]
    return _entry(title, questions, [], f"{title} in {region}.", f"{title} in {region}.")


def generate_entries(count: int, seed: int = 42) -> list[dict]:
    rng = random.Random(seed)
    makers = [_person, _organisation, _event]
    entries = []
    for index in range(count):
        entry = rng.choice(makers)(rng, index)
        entry["id"] = f"e{index}"
        entry["source"] = "generated"
        entries.append(entry)
    for entry in entries:
        others = rng.sample(range(count), k=min(2, count))
        entry["related"] = [f"e{i}" for i in others if f"e{i}" != entry["id"]]
    return entries


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when built in: the same text, 5× faster


def write_knowledge_base(directory: Path, count: int, seed: int = 42) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    entries = generate_entries(count, seed)
    for start in range(0, count, 2000):  # files below the loader's 1 MiB limit
        chunk = {"entries": entries[start : start + 2000]}
        text = yaml.dump(chunk, Dumper=_DUMPER, allow_unicode=True)
        (directory / f"generated_{start:05d}.yaml").write_text(text, "utf-8")
    return directory


def perturb(question: str, rng: random.Random) -> str:
    """A realistic variant: lowercase, umlauts typed as ae/oe/ue, or one letter swapped."""
    choice = rng.random()
    if choice < 0.3:
        return question.lower().rstrip("?")
    if choice < 0.6:
        return question.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    words = question.split()
    long_words = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if long_words:
        i = rng.choice(long_words)
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def sample_questions(entries: list[dict], count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    picks = rng.sample(entries, k=min(count, len(entries)))
    return [(perturb(rng.choice(entry["questions"]), rng), entry["id"]) for entry in picks]
