"""Quote and speaker candidates: reported speech found by its cues, sliced by code.

Reported speech in news has strong lexical cues, so code proposes the quoted words and
the subject of each speech verb, and the `cite` strategy's model only names the
speakers. The recall here bounds the recall of that strategy;
`evals/bench_candidates.py` measures it against the gold annotations.
"""

from summarizer.speech.cues import Mention
from summarizer.speech.quotes import QuoteCandidate, quote_candidates, speaker_mentions

__all__ = ["Mention", "QuoteCandidate", "quote_candidates", "speaker_mentions"]
