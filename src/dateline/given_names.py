"""Given names: gender-guesser's list of about 40,000 first names from many countries,
loaded once per process and shared by the entity stage (nlp/entity_types.py: type and
gender evidence) and the store (store/names.py: who a surname link may name)."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any


@cache
def _detector() -> Any:
    import gender_guesser.detector as gd  # its 4 MB list loads when first needed

    return gd.Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def kind(word: str) -> str:
    """gender-guesser's answer for a word: male, mostly_male, female, mostly_female,
    andy (either) or unknown (no given name)."""
    return str(_detector().get_gender(word))
