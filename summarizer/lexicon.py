"""Every cue word in one place: quotation marks, clitics, speech verbs, event and count cues.

Data only. The modules that read the article compile these into patterns
(`arabic.word_set` and friends tolerate spelling variants), so a word added here is
found everywhere it matters. Word lists are strings split on spaces; `_` joins the
words of one phrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.schema import CountQualifier

# --- quotation marks and clitics -----------------------------------------------------

QUOTE_PAIRS: dict[str, str] = {
    "«": "»",
    "“": "”",
    '"': '"',
    "¢": "¢",
    "„": "“",
    "‹": "›",
}
"""Quotation marks as Arabic and English news use them, open → close; ¢ opens and
closes a quotation in some sources."""

NAME_MARKS = ('«"“¢', '»"”¢')
"""(openers, closers) that may wrap a name: «الحذيفي»، وكالة «فارس»."""

NAME_PROCLITICS = frozenset(
    ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "ول", "وب")
)
"""What may lead a name or word that is otherwise the same (وللمرصد, قال/وقال)."""

NUMBER_PROCLITICS = ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل")
"""What may lead a number word (وخمسة, بالثلاثة), longest first."""

EVENT_PROCLITICS = "(?:[وف]?(?:[بل]?ال|لل|[بلك])?)"
"""What may lead an event cue (والاشتباكات, بقصف, للغارات), as a regex."""

# --- speech --------------------------------------------------------------------------


@dataclass(frozen=True)
class Verb:
    """How a speech verb introduces what is said.

    Every verb takes a clause after إن / أن, a colon or a quotation. `preps` introduce
    its noun object (أشار إلى مقتل …), `masdar` verbs also take a bare verbal noun
    (أكد استمرار …), `quote_only` verbs (praise, condemnation, description) make a quote
    only of words in marks, and `relay` verbs name their speaker after عن (نقل عن).
    """

    preps: tuple[str, ...] = ()
    masdar: bool = False
    quote_only: bool = False
    relay: bool = False


SAY = Verb()
SPEECH_VERBS: list[tuple[str, Verb]] = [
    ("قال قالت قالوا يقول تقول أضاف أضافت أضافوا يضيف تضيف أوضح أوضحت يوضح توضح", SAY),
    ("اعتبر اعتبرت رأى رأت تابع تابعت أردف أردفت استطرد استطردت صرح صرحت", SAY),
    ("زعم زعمت أجاب أجابت أبلغ أبلغت قطع نشر نشرت", SAY),
    ("ذكر ذكرت يذكر", Verb(masdar=True)),
    ("أكد أكدت أكدوا يؤكد تؤكد", Verb(("على",), masdar=True)),
    ("أعلن أعلنت يعلن تعلن", Verb(("عن",), masdar=True)),
    ("نفى نفت ينفي تنفي تبنى تبنت", Verb(masdar=True)),
    ("أفاد أفادت يفيد تفيد", Verb(("ب",))),
    ("أشار أشارت يشير تشير لفت لفتت", Verb(("إلى",))),
    ("شدد شددت يشدد", Verb(("على",))),
    ("كشف كشفت يكشف تحدث تحدثت", Verb(("عن",))),
    ("حذر حذرت يحذر", Verb(("من",))),
    ("هدد هددت توعد توعدت تعهد تعهدت طالب طالبت اتهم اتهمت", Verb(("ب",))),
    ("دعا دعت", Verb(("إلى",))),
    ("نقل نقلت", Verb(relay=True)),
    ("أشاد أشادت رحب رحبت وصف وصفت", Verb(("ب",), quote_only=True)),
    ("دان دانت أدان أدانت ندد نددت انتقد", Verb(quote_only=True)),
    ("نسب نسبت", Verb(("إلى",), quote_only=True)),
]
PARTICIPLES: list[tuple[str, Verb]] = [
    ("قائل موضح معتبر مضيف مبين مستدرك", SAY),
    ("مشير لافت منوه", Verb(("إلى",))),
    ("مؤكد", Verb(("على",), masdar=True)),
    ("نافي", Verb(masdar=True)),
    ("كاشف", Verb(("عن",))),
    ("محذر", Verb(("من",))),
    ("متوعد مطالب", Verb(("ب",))),
    ("مشدد", Verb(("على",))),
    ("داعي", Verb(("إلى",))),
]
"""Participle stems (مشيرا، مؤكدين) that open a speech act of the previous speaker."""

SAYING = "بالقول"
ATTRIBUTIONS = "حسبما بحسب حسب وفقا وفق طبقا نقلا"
"""Words that attribute a clause to a source: "…، حسبما أفاد المرصد"."""
ENGLISH_SPEECH = "said says told added warned stressed stated announced noted"
COMPLEMENTIZERS = "إن أن ان"
PREPOSITIONS = ("إلى", "على", "عن", "من")
SUBORDINATORS = "بعد قبل دون منذ رغم إلا حتى بدل المتوقع المقرر المفترض الممكن يمكن يجب ينبغي"
"""Words before أن that make it a time, concession or modal clause, not what was said."""
MASDARS = (
    "مقتل مصرع قتل سقوط وجود استمرار سيطرة وصول مسؤولية مسئولية استهداف اعتقال إصابة "
    "عدم رفض تحرير استعادة انسحاب تقدم إطلاق تدمير إسقاط تنفيذ بدء انتهاء توقيع موافقة "
    "نجاح فشل تعرض حرص حاجة ضرورة التزام أهمية وقوع اندلاع تراجع ارتفاع مشاركة إعدام "
    "تفجير خطف اختطاف حصار قطع استعداد"
)
"""Verbal nouns that open the object of أكد / أعلن / نفى / تبنى (أكد المرصد استمرار …)."""

# What ends a speaker's noun phrase: time (after which the subject may still come:
# "أفاد الأحد المرصد"), or an adjunct: relative clause, medium, addressee, aside.
TIME_WORDS = (
    "أمس الأمس اليوم غدا يوم مساء صباح ظهر ليلة الأحد الاثنين الإثنين الثلاثاء الأربعاء "
    "الخميس الجمعة السبت أيضا مؤخرا مرارا سابقا لاحقا الأسبوع الشهر العام الماضي الماضية "
    "الجاري المقبل on in"
)
ADJUNCTS = (
    "خلال عقب أثناء عبر بمناسبة أمام بعد وذلك الذي التي الذين اللذين قوله قولها قولهم "
    "فيه فيها فيهم له لها لهم طلب رفض فضل"
)
MEDIA = "تصريح بيان مقابلة حديث اتصال كلمة خطاب رسالة مؤتمر تعليق لقاء جلسة تغريدة حوار ندوة"
ADDRESSEES = "وكالة صحيفة قناة موقع صحفيين صحافيين صحافة تلفزيون إذاعة مراسل"
UNNAMED_SOURCES = "معلومات تقارير أنباء إحصائيات روايات"
"""Subjects that name no identifiable speaker: no quote, says the guide."""
DOCUMENTS = "بيان حصيلة إحصاءات إحصائيات تقرير أرقام بيانات"
"""Subjects whose speaker is their issuer: "بيان تابع للتنظيم" is the organisation's."""
PREVERBAL = "إلا_أن كما_أن لكن ولكن كان كانت وكان وكانت أن"
"""Words after which a subject may stand before its verb: "إلا أن المصدر المعارض، نفى"."""
CONNECTORS = (
    "كما بينما فيما حيث إذ ثم كذلك وكذلك لكن ولكن في_حين إلا_أن إلى_ذلك من_جهته "
    "من_جانبه في_المقابل في_غضون_ذلك من_جهة_أخرى من_جانب_آخر من_ناحية_أخرى "
    "في_سياق_آخر"
)
"""Connectives that open the article's next clause, where a quote before them ends."""

# --- events --------------------------------------------------------------------------

EVENT_CUES: dict[str, str] = {
    "killing": (
        "مقتل قتل قتلى قتيل قتيلا قتلوا قتلت قتلا يقتل مصرع استشهاد استشهد شهداء شهيد حتفه "
        "حتفهم إعدام إعدامات أعدم أعدمت يعدم اغتيال اغتال ذبح killed killing executed "
        "assassinated"
    ),
    "armed_clash": (
        "اشتباك اشتباكات معارك معركة مواجهات اقتتال هجوم هجوما هجمات كمين clash clashes "
        "fighting attack attacked ambush"
    ),
    "airstrike": (
        "غارة غارات طائرات طيران مقاتلات ضربات_جوية الضربات_الجوية airstrike airstrikes "
        "air_strike air_strikes warplanes"
    ),
    "shelling": (
        "قصف قصفت يقصف قذيفة قذائف صاروخ صواريخ هاون مدفعي مدفعية shelling shelled rocket "
        "rockets mortar"
    ),
    "bombing": (
        "تفجير تفجيرات انفجار انفجارات انفجرت مفخخة مفخخ انتحاري انتحارية عبوة ناسف ناسفة "
        "فجر_نفسه bomb bombing explosion blast"
    ),
    "arrest": "اعتقال اعتقالات اعتقل اعتقلت القبض توقيف احتجاز اختطاف خطف arrest arrested detained",
    "territorial_change": (
        "سيطرة سيطر سيطرت سيطروا استعادة استعاد استعادت تقدم تقدمت تقدما تحرير حرر حررت "
        "انسحاب انسحب انسحبت حصار محاصرة اجتياح captured seized retook advanced withdrew"
    ),
    "protest": (
        "مظاهرة مظاهرات تظاهرة تظاهرات احتجاج احتجاجات تظاهر اعتصام protest protests demonstration"
    ),
    "ceasefire": "هدنة وقف_إطلاق_النار ceasefire truce",
    "diplomacy": (
        "محادثات مفاوضات اجتماع اجتماعا اجتمع يجتمع التقى لقاء لقاءات زيارة زار يزور اتفاق "
        "اتفاقا قمة رسالة talks met meeting visit visited agreement summit"
    ),
    "other": "نزوح تهجير displaced displacement",
}
"""Cue words and phrases per event type. Arabic cues match as whole words, optionally
with `EVENT_PROCLITICS`, so "أسرة" never reads as "أسر" nor "الفجر" as "فجر"."""

NOT_NEWS = (
    "بانتظام بشكل_يومي يوميا عادة العام_الماضي غدا الغد المقبل المقبلة القادم القادمة "
    "من_المتوقع المرتقب في_حال"
)
"""What the guide says is not news: habitual actions, plans and hypotheses."""
DATED_BACKGROUND = "منذ عام العام صيف شتاء ربيع خريف"
"""Words that date background by its year ("منذ مارس 2011", "في صيف 2012")."""

# --- counts --------------------------------------------------------------------------

KILLED = (
    "مقتل قتل قتلى قتلي قتيل مصرع استشهاد شهيد شهداء حتفه حتفهم إعدام اعدام "
    "killed dead deaths death died"
)
WOUNDED = "إصابة اصابة إصابات جرح جرحى جرحي جريح مصاب مصابين أصيب اصيب wounded injured hurt"
"""Casualty cue words, matched as written (spelling variants listed), anywhere in a word."""
HEDGES: dict[CountQualifier, tuple[str, ...]] = {
    "at_least": ("لا يقل عن", "على الأقل", "علي الأقل", "على الاقل", "at least"),
    "more_than": ("أكثر من", "اكثر من", "ما يزيد عن", "more than", "over"),
    "about": ("نحو", "حوالي", "حوالى", "قرابة", "زهاء", "about", "around", "nearly", "some"),
    "at_most": ("لا يزيد عن", "at most", "up to"),
}
"""The hedge written right before a count, per `CountQualifier`."""
VAGUE_QUANTITIES = "عشرات مئات آلاف dozens hundreds thousands several scores"
"""Amounts that are no number: a count given for them is refused."""

# --- negation ------------------------------------------------------------------------

NEGATIONS = "لا لن لم ليس ليست لست لسنا ليسوا لستم غير ما"
NEGATED_VERBS = "يزال تزال زال زالت زالوا يوجد توجد يمكن يقل بد"
"""Verbs that news glues to لا (لايزال): each such word is one لا."""
ENGLISH_NEGATIONS = "not no never cannot nor neither none nothing nobody nowhere"
