"""Where a model's quotes, evidence and names stand in the article, and whether they hold.

`align` locates a fragment (exact → normalized → fuzzy, guarded by `guards` so a
changed number or negation never gets a span), `numbers` reads stated numbers, and
`validators` turn both into verdicts a repair prompt can quote.
"""

from summarizer.grounding.align import FUZZY_THRESHOLD, locate
from summarizer.grounding.numbers import numbers_in, stated_numbers
from summarizer.grounding.validators import (
    Check,
    check_count,
    check_evidence,
    check_quote,
    check_speaker,
)

__all__ = [
    "FUZZY_THRESHOLD",
    "Check",
    "check_count",
    "check_evidence",
    "check_quote",
    "check_speaker",
    "locate",
    "numbers_in",
    "stated_numbers",
]
