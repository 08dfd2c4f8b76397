"""A seeded generator of small synthetic text-dump corpora for store and ingest tests."""

from __future__ import annotations

import random
from pathlib import Path

CITIES = ["Lisbon", "Nairobi", "Osaka", "Denver", "Tbilisi", "Hanoi", "Quito", "Perth", "Bergen", "Accra"]
PEOPLE = ["Maria Lopes", "James Okoro", "Yuki Tanaka", "Anna Berg", "Ravi Menon", "Lena Vogel"]
TOPICS = ["a new tram line", "flood defences", "a teachers' strike", "a port expansion", "water prices"]


def make_corpus(
    folder: Path, n: int, *, seed: int = 7, duplicates: int = 3, bad: int = 2, syndicated: int = 0
) -> dict[str, int]:
    """Write ``n`` distinct articles (+ exact duplicate copies, ``syndicated`` copies as
    another outlet runs them, and bad files); returns counts."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for i in range(n):
        city, person, topic = rng.choice(CITIES), rng.choice(PEOPLE), rng.choice(TOPICS)
        day = 1 + i % 28
        text = (
            f"{city} council debates {topic} (report {i})\n\n"
            f"2021-03-{day:02d} {8 + i % 10:02d}:15:00 UTC | Test Wire\n\n"
            f"{person}, a council member in {city}, said on Tuesday that {topic} would cost "
            f"{rng.randint(2, 90)} million over {rng.randint(2, 9)} years.\n\n"
            f"The vote is expected next week, officials said. Residents of {city} were split.\n\n"
            "Add Comment\n"
        )
        texts.append(text)
        (folder / f"article_{i:04d}.txt").write_text(text, encoding="utf-8")
    for j in range(duplicates):
        (folder / f"copy_{j}.txt").write_text(texts[j], encoding="utf-8")
    for j in range(syndicated):  # another headline and outlet, a wire dateline, a word edited
        head, _, rest = texts[j * 2].partition("\n\n")
        _stamp, _, body = rest.partition("\n\n")
        body = body.replace("officials said", "officials told reporters")
        (folder / f"syndicated_{j}.txt").write_text(
            f"Reprint: {head}\n\n2021-04-0{1 + j % 9} 09:00:00 UTC | Other Paper\n\n(Test Wire) - {body}",
            encoding="utf-8",
        )
    for k in range(bad):
        (folder / f"bad_{k}.txt").write_bytes(b"" if k % 2 == 0 else b"\x89PNG\r\n\x1a\n\x00\x00binary")
    return {"distinct": n, "duplicates": duplicates, "bad": bad, "syndicated": syndicated}
