from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from summarizer import config, weights
from summarizer.evaluation import metrics as registry
from summarizer.evaluation.base import GROUNDING, PairRate
from summarizer.evaluation.cost import estimate_cost
from summarizer.evaluation.dataset import Case, Gold
from summarizer.evaluation.matching import english_names_match, names_match, span_match
from summarizer.evaluation.metrics import count_names
from summarizer.evaluation.report import Report, render_markdown
from summarizer.evaluation.scores import CaseNote, CaseScore, Counts, RunId
from summarizer.evaluation.scoring import aggregate, score_case
from summarizer.schema import (
    ArticleSummary,
    Attempt,
    Event,
    EventType,
    ItemReport,
    Name,
    Passage,
    Quote,
    Span,
    Speaker,
    SummaryResult,
    Usage,
)

MakeSpan = Callable[[str], Span]


def quote_counts(**counts: int) -> Counts:
    return dict.fromkeys(count_names("quotes"), 0) | counts


def event_counts(**counts: int) -> Counts:
    return dict.fromkeys(count_names("events"), 0) | counts


def grounding_counts(**counts: int) -> Counts:
    return dict.fromkeys(GROUNDING, 0) | counts


MakeQuote = Callable[..., Quote]
MakeEvent = Callable[..., Event]
MakeCase = Callable[..., Case]
MakeResult = Callable[..., SummaryResult]


@pytest.fixture
def article() -> str:
    """Synthetic article: two quotes and two events, each in its own sentence."""
    return (
        'قال السفير ألكسندر كينشاك إن "الوضع في سوريا خطير جدا". '
        "وأضاف وزير الخارجية أن الحل سياسي وليس عسكريا. "
        "وقتل 5 مدنيين وأصيب 3 آخرون في غارة على حلب. "
        "وقتل جندي في اشتباك قرب إدلب."
    )


@pytest.fixture
def span(article: str) -> MakeSpan:
    def make(fragment: str) -> Span:
        start = article.index(fragment)
        return Span(start=start, end=start + len(fragment), kind="exact", score=1.0)

    return make


@pytest.fixture
def quote(span: MakeSpan) -> MakeQuote:
    def make(
        fragment: str = "الوضع في سوريا خطير جدا",
        speaker: str = "ألكسندر كينشاك",
        name_en: str = "Alexander Kinshchak",
        mode: str = "direct",
    ) -> Quote:
        return Quote(
            speaker=Speaker(name_en=name_en, name_source=speaker),
            text=fragment,
            mode=mode,
            span=span(fragment),
        )

    return make


@pytest.fixture
def event(span: MakeSpan) -> MakeEvent:
    def make(
        fragment: str = "وقتل 5 مدنيين وأصيب 3 آخرون في غارة على حلب",
        type: EventType = "airstrike",
        killed: int | None = 5,
        wounded: int | None = 3,
        actors: Sequence[str] = (),
        location: Name | None = None,
    ) -> Event:
        return Event(
            type=type,
            description=fragment,
            actors=[Name(name_en=actor) for actor in actors],
            location=location,
            killed=killed,
            wounded=wounded,
            evidence=[Passage(text=fragment, span=span(fragment))],
        )

    return make


@pytest.fixture
def make_case(article: str) -> MakeCase:
    def make(quotes: Sequence[Quote] = (), events: Sequence[Event] = ()) -> Case:
        return Case(id="c1", text=article, gold=Gold(quotes=list(quotes), events=list(events)))

    return make


@pytest.fixture
def make_result() -> MakeResult:
    def make(
        quotes: Sequence[Quote] = (),
        events: Sequence[Event] = (),
        grounding: Sequence[ItemReport] = (),
        attempts: int = 1,
        model: str = "gpt-4o-mini",
    ) -> SummaryResult:
        return SummaryResult(
            summary=ArticleSummary(
                headline="h",
                summary="s",
                source_language="ar",
                quotes=list(quotes),
                events=list(events),
            ),
            grounding=list(grounding),
            attempts=[
                Attempt(number=n, purpose="extract", outcome="ok") for n in range(1, attempts + 1)
            ],
            usage=Usage(prompt_tokens=1000, completion_tokens=200),
            latency_s=2.0,
            model=model,
            prompt_version="v1",
            strategy="cite",
            policy="drop",
        )

    return make


@pytest.fixture
def run_id() -> RunId:
    return RunId(model="gpt-4o-mini", strategy="cite", prompt_version="v1")


def test_perfect_match_scores_everything_correct(
    quote: MakeQuote, event: MakeEvent, make_case: MakeCase, make_result: MakeResult
) -> None:
    aleppo = Name(name_en="Aleppo", name_source="حلب")
    quotes = [
        quote(),
        quote("الحل سياسي وليس عسكريا", "وزير الخارجية", "Foreign Minister", "reported"),
    ]
    events = [event(actors=["التحالف"], location=aleppo)]

    score = score_case(make_case(quotes, events), make_result(quotes, events))

    assert score.quotes == quote_counts(
        gold=2, predicted=2, matched=2, speaker_correct=2, english_correct=2, mode_correct=2
    )
    assert score.events == event_counts(
        gold=1,
        predicted=1,
        paired=1,
        type_correct=1,
        described=1,
        actors_correct=1,
        place_correct=1,
        counts_exact=1,
        count_values=2,
        count_abs_error=0,
    )
    assert score.notes == []
    metrics = aggregate([score]).metrics
    assert (metrics["quote_precision"], metrics["quote_recall"], metrics["quote_f1"]) == (
        1.0,
        1.0,
        1.0,
    )
    assert (metrics["event_precision"], metrics["event_recall"], metrics["event_f1"]) == (
        1.0,
        1.0,
        1.0,
    )
    assert (metrics["speaker_accuracy"], metrics["mode_accuracy"]) == (1.0, 1.0)
    assert (metrics["count_exact_rate"], metrics["count_mae"]) == (1.0, 0.0)


def test_missed_quote_lowers_recall_and_is_listed(
    quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    minister = quote("الحل سياسي وليس عسكريا", "وزير الخارجية", "Foreign Minister", "reported")

    score = score_case(make_case([quote(), minister]), make_result([quote()]))

    metrics = aggregate([score]).metrics
    assert (metrics["quote_precision"], metrics["quote_recall"]) == (1.0, 0.5)
    assert metrics["quote_f1"] == pytest.approx(2 / 3)
    assert score.notes == [
        CaseNote(
            issue="missed", kind="quote", text="الحل سياسي وليس عسكريا", detail="وزير الخارجية"
        )
    ]


def test_hallucinated_quote_matches_nothing(
    quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    invented = quote("وقتل جندي في اشتباك قرب إدلب", "وزير الخارجية", "Foreign Minister")

    score = score_case(make_case([quote()]), make_result([invented]))

    assert score.quotes == quote_counts(gold=1, predicted=1)
    metrics = aggregate([score]).metrics
    assert (metrics["quote_precision"], metrics["quote_recall"], metrics["quote_f1"]) == (
        0.0,
        0.0,
        0.0,
    )
    assert metrics["speaker_accuracy"] is None
    assert [n.issue for n in score.notes] == ["missed", "spurious"]
    assert score.notes[1].text == "وقتل جندي في اشتباك قرب إدلب"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (10, 30, (1.0, 1.0)),  # identical
        (20, 40, (0.5, 10 / 30)),  # exactly half of the shorter: matches
        (21, 41, None),  # 9 of 20 characters shared
        (25, 29, (1.0, 4 / 20)),  # inside the gold span
        (0, 12, None),  # 2 of 12 characters shared
        (30, 50, None),  # touching, not overlapping
    ],
)
def test_span_match_needs_half_of_the_shorter_span(
    start: int, end: int, expected: tuple[float, float] | None
) -> None:
    gold = Span(start=10, end=30, kind="exact", score=1.0)
    predicted = Span(start=start, end=end, kind="approximate", score=0.9)

    assert span_match(predicted, gold) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("كينشاك", "ألكسندر كينشاك", True),  # surname inside the full name
        ("Alexander Kinshchak", "Alexandr Kinshchak", True),  # fuzzy transliteration
        ("Kinshchak,", "kinshchak", True),  # punctuation and case
        ("أحمد", "احمد", True),  # alef forms folded
        ("Ali", "Alice", False),  # containment is word-wise, and ratio 75 < 85
        ("سيرغي لافروف", "ألكسندر كينشاك", False),
        ("", "كينشاك", False),
    ],
)
def test_names_match(a: str, b: str, expected: bool) -> None:
    assert names_match(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Alexander Kinshchak", "Russian ambassador Alexander Kinyashak", True),
        ("Faisal bin Khalid bin Abd al-Aziz", "Prince Faisal bin Khalid bin Abdulaziz", True),
        ("Rami Abd al-Rahman", "Rami Abdel Rahman", True),  # one compound, written two ways
        ("Mohammed Jawad Zarif", "Mohammad Javad Zarif", True),  # و read as v in Persian
        ("Abdullah", "Abdulaziz", False),
        ("Khald al-Kadhim", "Khaled al-Qadoumi", False),
    ],
)
def test_english_names_match_by_sound(a: str, b: str, expected: bool) -> None:
    assert english_names_match(a, b) is expected


def test_wrong_speaker_is_counted_and_noted(
    quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    wrong = quote(speaker="سيرغي لافروف", name_en="Sergei Lavrov")

    score = score_case(make_case([quote()]), make_result([wrong]))

    assert (
        score.quotes["matched"],
        score.quotes["speaker_correct"],
        score.quotes["mode_correct"],
    ) == (
        1,
        0,
        1,
    )
    assert score.notes == [
        CaseNote(
            issue="wrong_speaker",
            kind="quote",
            text="الوضع في سوريا خطير جدا",
            detail="gold ألكسندر كينشاك, predicted سيرغي لافروف",
        ),
        CaseNote(
            issue="wrong_english",
            kind="quote",
            text="الوضع في سوريا خطير جدا",
            detail="gold Alexander Kinshchak, predicted Sergei Lavrov",
        ),
    ]


def test_surname_only_speaker_is_correct(
    quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    surname = quote(speaker="كينشاك", name_en="Kinshak")

    score = score_case(make_case([quote()]), make_result([surname]))

    assert score.quotes["speaker_correct"] == 1


def test_wrong_mode_is_counted_and_noted(
    quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    score = score_case(make_case([quote()]), make_result([quote(mode="reported")]))

    assert (score.quotes["speaker_correct"], score.quotes["mode_correct"]) == (1, 0)
    assert aggregate([score]).metrics["mode_accuracy"] == 0.0
    assert [(n.issue, n.detail) for n in score.notes] == [
        ("wrong_mode", "gold direct, predicted reported")
    ]


def test_count_off_by_two(event: MakeEvent, make_case: MakeCase, make_result: MakeResult) -> None:
    score = score_case(make_case(events=[event()]), make_result(events=[event(killed=7)]))

    assert (
        score.events["counts_exact"],
        score.events["count_values"],
        score.events["count_abs_error"],
    ) == (
        0,
        2,
        2,
    )
    metrics = aggregate([score]).metrics
    assert (metrics["count_exact_rate"], metrics["count_mae"]) == (0.0, 1.0)
    assert [(n.issue, n.detail) for n in score.notes] == [
        ("wrong_count", "gold killed=5, wounded=3; predicted killed=7, wounded=3")
    ]


@pytest.mark.parametrize(
    ("gold_counts", "predicted_counts", "exact", "values"),
    [
        ((None, None), (None, None), 1, 0),  # no number stated, none given: exact
        ((1, None), (None, None), 0, 0),  # a stated number left out
        ((None, None), (4, None), 0, 0),  # a number invented
        ((1, None), (1, None), 1, 1),
    ],
)
def test_null_counts(
    event: MakeEvent,
    make_case: MakeCase,
    make_result: MakeResult,
    gold_counts: tuple[int | None, int | None],
    predicted_counts: tuple[int | None, int | None],
    exact: int,
    values: int,
) -> None:
    gold = event(killed=gold_counts[0], wounded=gold_counts[1])
    predicted = event(killed=predicted_counts[0], wounded=predicted_counts[1])

    score = score_case(make_case(events=[gold]), make_result(events=[predicted]))

    assert (score.events["counts_exact"], score.events["count_values"]) == (exact, values)
    assert score.events["count_abs_error"] == 0
    assert aggregate([score]).metrics["count_mae"] == (0.0 if values else None)


def test_two_predictions_on_one_gold_quote_pair_one_to_one(
    quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    exact = quote()
    part = quote("خطير جدا", mode="reported")  # inside the gold span, a worse fit

    score = score_case(make_case([quote()]), make_result([part, exact]))

    assert score.quotes == quote_counts(
        gold=1, predicted=2, matched=1, speaker_correct=1, english_correct=1, mode_correct=1
    )
    metrics = aggregate([score]).metrics
    assert (metrics["quote_precision"], metrics["quote_recall"]) == (0.5, 1.0)
    assert [(n.issue, n.text) for n in score.notes] == [("spurious", "خطير جدا")]


def test_event_pairing_prefers_the_same_type(
    event: MakeEvent, make_case: MakeCase, make_result: MakeResult
) -> None:
    shelling = event(type="shelling")  # same evidence span, wrong type
    airstrike = event("غارة على حلب")  # smaller overlap, right type

    score = score_case(make_case(events=[event()]), make_result(events=[shelling, airstrike]))

    assert (score.events["predicted"], score.events["paired"], score.events["type_correct"]) == (
        2,
        1,
        1,
    )
    assert [(n.issue, n.detail) for n in score.notes] == [("spurious", "shelling")]


def test_unlocated_items_cannot_match(
    quote: MakeQuote, event: MakeEvent, make_case: MakeCase, make_result: MakeResult
) -> None:
    flagged_quote = quote().model_copy(update={"span": None})
    flagged_event = event()
    flagged_event.evidence[0] = Passage(text=flagged_event.evidence[0].text, span=None)

    score = score_case(
        make_case([quote()], [event()]), make_result([flagged_quote], [flagged_event])
    )

    assert (score.quotes["matched"], score.events["paired"]) == (0, 0)


@pytest.mark.parametrize(
    ("predicted", "gold", "correct"),
    [
        (["قوات التحالف العربي", "الحوثيون"], ["التحالف العربي"], 1),  # any overlap
        ([], [], 1),
        (["الحوثيون"], [], 0),
        (["الجيش"], ["التحالف العربي"], 0),
    ],
)
def test_actor_accuracy(
    event: MakeEvent,
    make_case: MakeCase,
    make_result: MakeResult,
    predicted: list[str],
    gold: list[str],
    correct: int,
) -> None:
    score = score_case(
        make_case(events=[event(actors=gold)]), make_result(events=[event(actors=predicted)])
    )

    assert score.events["actors_correct"] == correct


@pytest.mark.parametrize(
    ("predicted", "correct"),
    [
        (Name(name_en="Halab", name_source="حلب"), 1),  # the source names agree
        (Name(name_en="aleppo"), 1),
        (Name(name_en="Idlib", name_source="إدلب"), 0),
        (None, 0),
    ],
)
def test_place_accuracy(
    event: MakeEvent,
    make_case: MakeCase,
    make_result: MakeResult,
    predicted: Name | None,
    correct: int,
) -> None:
    gold = event(location=Name(name_en="Aleppo", name_source="حلب"))

    score = score_case(make_case(events=[gold]), make_result(events=[event(location=predicted)]))

    assert score.events["place_correct"] == correct


def test_grounding_reports_give_faithfulness(
    quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    grounding = [
        ItemReport(kind="quote", status="grounded", index=0, attempts=1, item={}),
        ItemReport(kind="quote", status="grounded", index=1, attempts=1, item={}),
        ItemReport(
            kind="event",
            status="flagged",
            index=0,
            findings=["killed count 9 not in evidence", "evidence not found"],
            attempts=3,
            item={"description": "غارة على حلب"},
        ),
        ItemReport(
            kind="quote",
            status="dropped",
            findings=["quote not found in article"],
            attempts=3,
            item={"text": "كلام مخترع"},
        ),
    ]

    score = score_case(make_case(), make_result(grounding=grounding, attempts=3))

    assert score.grounding == grounding_counts(
        grounded=2, flagged=1, dropped=1, findings=3, attempts=3
    )
    assert [(n.kind, n.text, n.detail) for n in score.notes] == [
        ("event", "غارة على حلب", "flagged: killed count 9 not in evidence; evidence not found"),
        ("quote", "كلام مخترع", "dropped: quote not found in article"),
    ]
    metrics = aggregate([score]).metrics
    assert metrics["grounded_share"] == pytest.approx(2 / 3)
    assert (metrics["items_caught"], metrics["findings"], metrics["attempts_per_article"]) == (
        2,
        3,
        3.0,
    )


def test_failed_run_counts_gold_as_missed(
    quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    case = make_case([quote()])

    failed = score_case(case, None, "ExtractionError: no valid answer in 3 attempts")
    ok = score_case(case, make_result([quote()]))

    assert (failed.run, failed.schema_valid) == (None, False)
    assert failed.error == "ExtractionError: no valid answer in 3 attempts"
    assert failed.quotes == quote_counts(gold=1)
    assert score_case(case, None).error == "no result"
    run = aggregate([ok, failed])
    assert (run.cases_total, run.cases_finished) == (2, 1)
    assert run.metrics["schema_valid_rate"] == 0.5
    assert (run.metrics["quote_precision"], run.metrics["quote_recall"]) == (1.0, 0.5)
    assert (run.metrics["attempts_per_article"], run.metrics["prompt_tokens"]) == (1.0, 1000)


@pytest.mark.parametrize(
    ("model", "prompt_tokens", "completion_tokens", "usd"),
    [
        ("gpt-4o-mini", 1_000_000, 1_000_000, 0.75),
        ("openai/gpt-4o-mini-2024-07-18", 1_000_000, 0, 0.15),  # not priced as gpt-4o
        ("gpt-4o", 1_000_000, 1_000_000, 12.5),
        ("gpt-4.1-mini", 2_000, 1_000, 0.0024),
        ("qwen2.5-coder-1.5b", 5_000, 500, 0.0),  # the embedded local default
        ("smollm2-135m", 5_000, 500, 0.0),
        ("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", 5_000, 500, 0.0),
        ("mystery-model", 5_000, 500, None),
    ],
)
def test_estimate_cost(
    model: str, prompt_tokens: int, completion_tokens: int, usd: float | None
) -> None:
    assert estimate_cost(model, prompt_tokens, completion_tokens) == pytest.approx(usd)


def test_case_cost_comes_from_usage(make_case: MakeCase, make_result: MakeResult) -> None:
    score = score_case(make_case(), make_result())

    assert (score.prompt_tokens, score.completion_tokens, score.latency_s) == (1000, 200, 2.0)
    assert score.cost_usd == pytest.approx((1000 * 0.15 + 200 * 0.60) / 1e6)


def test_aggregate_is_micro_averaged(run_id: RunId) -> None:
    scores = [
        CaseScore(
            case_id="a",
            run=run_id,
            quotes=quote_counts(gold=1, predicted=1, matched=1, speaker_correct=1),
            latency_s=1.0,
            cost_usd=0.5,
        ),
        CaseScore(
            case_id="b", run=run_id, quotes=quote_counts(gold=3), latency_s=2.0, cost_usd=0.25
        ),
        CaseScore(case_id="c", run=run_id, latency_s=10.0, cost_usd=0.25),
    ]

    run = aggregate(scores)

    assert run.quotes == quote_counts(gold=4, predicted=1, matched=1, speaker_correct=1)
    assert run.metrics["quote_recall"] == 0.25  # the macro mean would be 0.5
    assert (run.metrics["median_latency_s"], run.metrics["cost_usd"]) == (2.0, 1.0)
    assert run.metrics["mean_latency_s"] == pytest.approx(13 / 3)
    assert run.metrics["event_precision"] is None  # nothing predicted, nothing to divide by


def test_unknown_price_makes_the_run_cost_unknown(run_id: RunId) -> None:
    scores = [
        CaseScore(case_id="a", run=run_id, cost_usd=0.5, latency_s=1.0),
        CaseScore(case_id="b", run=run_id, cost_usd=None, latency_s=1.0),
    ]

    assert aggregate(scores).metrics["cost_usd"] is None


def test_aggregate_needs_one_run(run_id: RunId) -> None:
    other = run_id.model_copy(update={"strategy": "copy"})
    failed = CaseScore(case_id="a", error="timeout", quotes=quote_counts(gold=2))

    with pytest.raises(ValueError, match="mix runs"):
        aggregate([CaseScore(case_id="a", run=run_id), CaseScore(case_id="b", run=other)])
    with pytest.raises(ValueError, match="no case finished"):
        aggregate([failed])
    run = aggregate([failed], run=run_id)
    assert (run.run, run.cases_finished, run.metrics["schema_valid_rate"]) == (run_id, 0, 0.0)
    assert (run.metrics["quote_recall"], run.metrics["quote_precision"]) == (0.0, None)
    assert (run.metrics["median_latency_s"], run.metrics["cost_usd"]) == (None, None)


def test_local_model_names_are_the_server_registry() -> None:
    """Pricing reads the names from config, so it need not import the models' module."""
    assert set(config.LOCAL_MODELS) == set(weights.MODELS)


class TopicGiven(PairRate[Quote]):
    """A metric of the kind the English layer adds: matched quotes that carry a topic."""

    def correct(self, predicted: Quote, gold: Quote) -> bool:
        return predicted.topic is not None


def test_a_new_metric_is_one_class_in_the_registry(
    monkeypatch: pytest.MonkeyPatch, quote: MakeQuote, make_case: MakeCase, make_result: MakeResult
) -> None:
    monkeypatch.setattr(
        registry,
        "METRICS",
        (*registry.METRICS, TopicGiven("topic_rate", "Topic given", counts=("topic_given",))),
    )
    with_topic = quote().model_copy(update={"topic": "security"})

    score = score_case(
        make_case([quote(), quote("الحل سياسي وليس عسكريا")]), make_result([with_topic])
    )
    run = aggregate([score])

    assert list(score.quotes)[-1] == "topic_given" and score.quotes["topic_given"] == 1
    assert (run.quotes["topic_given"], run.metrics["topic_rate"]) == (1, 1.0)
    assert "| Topic given | 100.0% |" in render_markdown(Report(runs=[run]))
