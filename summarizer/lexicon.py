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
PHRASE_OPENERS = "في على عن من إلى الى بـ"
"""A "speaker" that opens with one of these is a phrase (في محاضرة، على موقعه), no subject."""
OBJECT_PRONOUNS = (
    "عنه عنها عنهم عنهما لي له لها لهم لهما لنا لك لكم به بها بهم عليه عليها عليهم "
    "إليه إليها إليهم اليه اليها اليهم منه منها منهم فيه فيها فيهم"
)
"""The verb's object before its subject (نقل عنه وزير الخارجية): not part of the speaker."""
NOT_SPEAKERS = "أو ما كل الكل بدوره"
CLAUSE_OPENERS = (
    "الذي التي الذين اللذين اللذان اللتين اللتان حيث وهو وهي وهم ممن عندما بينما إذ كي لكي "
    "الموجود الموجودة المقيم المقيمة"
)
"""Where a speaker's name ends and a clause about them begins (بخاري الموجود حاليا في
واشنطن، سيد طيب أغا، وهو رئيس مكتب طالبان)."""
SUBORDINATORS = "بعد قبل دون منذ رغم إلا حتى بدل المتوقع المقرر المفترض الممكن يمكن يجب ينبغي"
"""Words before أن that make it a time, concession or modal clause, not what was said."""
MASDARS = (
    "مقتل مصرع قتل سقوط وجود استمرار سيطرة وصول مسؤولية مسئولية استهداف اعتقال إصابة "
    "عدم رفض تحرير استعادة انسحاب تقدم إطلاق تدمير إسقاط تنفيذ بدء انتهاء توقيع موافقة "
    "نجاح فشل تعرض حرص حاجة ضرورة التزام أهمية وقوع اندلاع تراجع ارتفاع مشاركة إعدام "
    "تفجير خطف اختطاف حصار قطع استعداد استشهاد"
)
"""Verbal nouns that open the object of أكد / أعلن / نفى / تبنى (أكد المرصد استمرار …)."""

# What ends a speaker's noun phrase: time (after which the subject may still come:
# "أفاد الأحد المرصد"), or an adjunct: relative clause, medium, addressee, aside.
WEEKDAYS = "الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
TIME_WORDS = (
    f"أمس الأمس اليوم غدا يوم مساء صباح ظهر ليلة {WEEKDAYS} أيضا مؤخرا مرارا سابقا "
    "لاحقا الأسبوع الشهر العام الماضي الماضية الجاري المقبل on in"
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
    "airstrike": (
        "غارة غارات طائرات طيران مقاتلات ضربات_جوية الضربات_الجوية airstrike airstrikes "
        "air_strike air_strikes warplanes"
    ),
    "bombing": (
        "تفجير تفجيرات انفجار انفجارات انفجرت مفخخة مفخخ انتحاري انتحارية عبوة ناسف ناسفة "
        "فجر_نفسه فجرت_نفسها فجرتا_نفسيهما فجرا_نفسيهما فجروا_أنفسهم bomb bombing explosion "
        "blast"
    ),
    "shelling": (
        "قصف قصفت يقصف قذيفة قذائف مقذوف مقذوفات صاروخ صواريخ هاون مدفعي مدفعية shelling "
        "shelled rocket "
        "rockets mortar"
    ),
    "territorial_change": (
        "سيطرة سيطر سيطرت سيطروا استعادة استعاد استعادت تقدم تقدمت تقدما تحرير حرر حررت "
        "انسحاب انسحب انسحبت حصار محاصرة اجتياح captured seized retook advanced withdrew"
    ),
    "armed_clash": (
        "اشتباك اشتباكات معارك معركة مواجهات اقتتال هجوم هجوما هجمات كمين clash clashes "
        "fighting attack attacked ambush"
    ),
    "arrest": (
        "اعتقال اعتقالات اعتقل اعتقلت اعتقلوا القبض توقيف احتجاز أحبط أحبطت إحباط arrest "
        "arrested detained"
    ),
    "ceasefire": "هدنة وقف_إطلاق_النار ceasefire truce",
    "protest": (
        "مظاهرة مظاهرات تظاهرة تظاهرات احتجاج احتجاجات تظاهر اعتصام protest protests demonstration"
    ),
    "diplomacy": (
        "محادثات مفاوضات اجتماع اجتماعا اجتمع يجتمع التقى لقاء لقاءات اتفاق اتفاقا قمة رسالة "
        "talks met meeting agreement summit"
    ),
    "other": (
        "نزوح تهجير زيارة زار يزور محاكمة حكما حكمت خطف اختطاف خطفوا اختطف اختطفت اختطفوا "
        "displaced displacement visit visited trial sentenced kidnapped"
    ),
    "killing": (
        "مقتل قتل قتلى قتيل قتيلا قتلوا قتلت قتلا يقتل مصرع استشهاد استشهد حتف إعدام "
        "إعدامات أعدم أعدمت يعدم اغتيال اغتال اغتالت ذبح جثة جثث جثامين killed killing "
        "executed assassinated"
    ),
}
"""Cue words and phrases per event type. Arabic cues match as whole words, optionally
with `EVENT_PROCLITICS`, so "أسرة" never reads as "أسر" nor "الفجر" as "فجر".

A cue may carry a dual ending (تفجيرين) and an object pronoun (مصرعهم، زيارته). The
nouns شهيد / شهداء are no cue: they name the dead of any day (ذوي الشهداء، أسر
الشهداء), while the news of a death has its verb or verbal noun (استشهد، مقتل).
Visits are `other` and meetings `diplomacy`, as the guide types them; court rulings
and kidnappings by gunmen are `other` (an arrest is the authorities').

The order is the order of a candidate's hints, most specific first: a report of an air
raid, a bombing or shelling names its dead too (مقتل), so the means outrank the
fighting; a territorial change outranks the fighting that produced it (the guide makes
the fighting an event of its own only with details of its own); killing, which every
violent report cues, comes last."""

NOT_NEWS = (
    "بانتظام بشكل_يومي يوميا عادة العام_الماضي غدا الغد المقبل المقبلة القادم القادمة "
    "من_المتوقع المرتقب المرتقبة في_حال سوف سيتم ستتم سيقوم ستقوم سيكون ستكون مرارا "
    "أكثر_من_مرة يذكر_أن سبق_أن منذ_تولي منذ_بداية منذ_بدء منذ_اندلاع منذ_مطلع"
)
"""What the guide says is not news: habitual actions, plans and hypotheses (the future
auxiliaries among them: سيقوم التنظيم بإعدامهم), background recalled (يذكر أن، سبق
أن) and tolls summed since a start (منذ تولي الرئيس الحكم، قتل أكثر من 750)."""
DATED_BACKGROUND = "منذ عام العام سنة صيف شتاء ربيع خريف"
"""Words that date background by its year ("منذ مارس 2011", "في صيف 2012")."""
PAST_SPANS = "الفترة الأيام الأسابيع الأشهر الشهور السنوات الأعوام"
"""Spans of time that "خلال … الماضية" sums over: a cumulative toll, not one happening."""

# --- event arguments: places, actors, time -----------------------------------------

PLACE_PREPOSITIONS = "في الى إلى إلي قرب عند داخل"
"""Separate words that put a place after them: "في الزبداني", "قرب الخالدية"."""
GENERIC_PREPOSITIONS = "على علي نحو باتجاه تجاه عبر من حول"
"""Prepositions that put a place after them only through a generic or landmark word:
"على جبل منيف", "نحو محافظة الأنبار", but "على الأقل", "نحو عشرين". حول is "about"
before most of its 98 uses in the pool (حول ما، حول الملف) and "around" before a place
only with such a word (حول مدينة)."""
PLACE_AREAS = "محيط وسط أطراف مشارف ضواحي أنحاء مداخل مدخل"
"""A part of the place that follows (في محيط الصقلاوية): skipped on the way to the name."""
DIRECTIONS = "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي"
"""Compass words before a reference place: "شرق الرمادي", "جنوب شرقي تركيا"."""
GENERIC_PLACES = (
    "مدينة محافظة بلدة قرية منطقة قضاء ناحية مديرية جبهة إقليم ولاية مدن محافظات بلدات "
    "قرى مناطق مديريات نواحي أقضية"
)
"""Words before a place name that the guide strips (في محافظة دياربكر → دياربكر); their
duals (منطقتي حصيبة وجويبة) are read from these."""
LANDMARKS = (
    "قاعدة جبل جبال تلة تلال وادي مصفى مطار جامعة مزارع حي أحياء ريف سهل معبر سد ميناء "
    "مخيم قلعة جسر بادية جزيرة"
)
"""Words that are part of a place's name and stay (قاعدة العند، جبل منيف، وادي دوفس)."""
COUNTRIES = (
    "سوريا سورية العراق اليمن لبنان الأردن مصر ليبيا تونس الجزائر المغرب موريتانيا السودان "
    "الصومال جيبوتي السعودية الكويت قطر البحرين الإمارات عمان فلسطين إسرائيل إيران تركيا "
    "أفغانستان باكستان روسيا أمريكا أميركا الولايات_المتحدة فرنسا بريطانيا ألمانيا الصين "
    "الهند إثيوبيا إريتريا تشاد مالي نيجيريا كازاخستان أذربيجان أرمينيا"
)
"""Countries of the region and the powers its news names, found wherever they stand."""
NOT_PLACES = (
    "صفوف إطار ظل وقت حين أعقاب سياق أثناء خلال حال حالة الداخل الخارج المنطقة المدينة "
    "البلاد العالم الموقع المكان مكان محاولة مجال مقر الأيام الساعات الأسابيع الأشهر "
    "بيان مؤتمر تصريح حديث الوقت ضوء مواجهة ذات أجزاء جزء عدد عدة بعض كل جميع أحد إحدى "
    "موقع مواقع تجمعات تجمع معاقل معقل معسكر معسكرات مقرات سوق أسواق منزل منازل مسجد مساجد "
    "مستشفى مدرسة طريق شوارع شارع ساحة جانب شن المقابل قيادة مجلس وزارة هيئة لجنة مكتب "
    "شركة"
)
"""Common nouns that follow في or على but name no place (في صفوف، في إطار), and the
facilities in a place that the guide does not take for its name (مسجد …، في حي الجولان)."""
NAME_BREAKS = (
    "في من على علي إلى الى إلي عن مع بين حيث التي الذي الذين اللذين الواقعة الواقع التابعة "
    "التابع بعد قبل خلال منذ حتى عند أن إن أنه أنها كما ثم أو لكن بينما فيما وذلك ما لا لم "
    "لن قد هي هو هم إثر جراء عقب أثناء ضد ضمن لدى نحو قرب تجاه بسبب أخرى أخري آخر ثانية "
    "ذلك هذا هذه تلك هؤلاء أكثر أقل حوالي حوالى نفس أنفس"
)
"""Words that end a place or actor name: prepositions, relatives, particles."""
ARMED_GROUPS = (
    "داعش تنظيم_الدولة الدولة_الإسلامية جبهة_النصرة النصرة الحوثيين الحوثيون الحوثي "
    "أنصار_الله القاعدة طالبان حزب_الله البشمركة بيشمركة الحشد_الشعبي الصحوات "
    "المقاومة_الشعبية المقاومة حزب_العمال_الكردستاني الجيش_الحر وحدات_حماية_الشعب حماس "
    "الشرطة الدرك الجيش النظام التحالف الثوار المعارضة المتمردين المتمردون الانقلابيين "
    "الانقلابيون المسلحين المسلحون الإرهابيين المتشددين الميليشيات المليشيات التنظيم "
    "انتحاري الانتحاري الأمم_المتحدة مجلس_الأمن الجامعة_العربية الاتحاد_الأوروبي "
    "حلف_الناتو الناتو"
)
"""Parties that news names on their own: armed groups and forces (التنظيم is the group
the article is about), and the international bodies that act in its diplomacy."""
ACTOR_HEADS = (
    "قوات القوات قوة جيش تنظيم جماعة حركة ميليشيا ميليشيات مليشيا مليشيات فصائل فصيل "
    "كتائب كتيبة لواء ألوية وحدات حرس مسلحو مسلحي مسلحين مقاتلو مقاتلي مقاتلين عناصر "
    "طيران طائرات مقاتلات مدفعية أجهزة الأجهزة شرطة انتحاري"
)
"""Words that head an actor's noun phrase: "قوات البشمركة", "طيران التحالف الدولي"."""
OFFICIAL_TITLES = (
    "وزير رئيس مبعوث المبعوث سفير السفير ملك الملك أمير قائد زعيم الأمين اللواء العميد "
    "العقيد الفريق المقدم الرائد النقيب"
)
"""Titles that head an official's phrase, which may run on into a personal name."""
DAY_PARTS = "صباح مساء ظهر ظهيرة عصر فجر ليلة ليل يوم منتصف_ليلة"
RELATIVE_DAYS = (
    "أمس الأمس اليوم البارحة الليلة_الماضية الليل_قبل_الماضي أول_أمس أول_من_أمس أمس_الأول"
)
MONTHS = (
    "يناير فبراير مارس أبريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس سبتمبر أكتوبر نوفمبر "
    "ديسمبر كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول "
    "تشرين_الثاني كانون_الأول"
)
EARLY_LATE = "في_وقت_مبكر_من في_وقت_متأخر_من"
ORDINALS = "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر التالي"
"""After اليوم they make it "the nth day", no date: "في اليوم الثاني من زيارته"."""

AFTERMATH_REFERENCES = "الهجوم الهجومين الهجومان الحادث الحادثة الاعتداء الهجمات العملية_الإرهابية"
"""Definite nouns that point back at an attack of any kind: a report that names it so
and adds no toll (the claim, the investigation, a visit to the site) is that
happening's aftermath, part of its event."""
ATTACK_REFERENCES = (
    "الانفجار الانفجارين الانفجاران التفجير التفجيرين التفجيران التفجيرات الغارة الغارات القصف"
)
"""Definite nouns that point back at one kind of attack: the aftermath of the blast
(التفجير) belongs to a bombing, and "this heavy bombardment" (القصف) after a car bomb is
another happening."""
AFTERMATH_CUES = "مسؤوليته مسؤوليتها المسؤولية تبنى تبنت تبنيه التحقيق التحقيقات"
"""What only follows an attack (the guide's claim of responsibility, investigation)."""

# --- counts --------------------------------------------------------------------------

KILLED = (
    "مقتل قتل قتلى قتلي قتيل مصرع استشهاد شهيد شهداء حتفه حتفهم إعدام اعدام أعدم اعدم "
    "killed dead deaths death died executed"
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
