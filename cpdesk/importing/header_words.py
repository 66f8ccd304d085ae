"""What the words in a header cell or row label say, apart from the indicator itself.

A header such as "Target 2018-19", "Statistical neighbours %", "2020/21 Year End" or
"LATEST BENCHMARKING - 2014/15" mixes a period, a comparator, a role (target, actual) and a
measure ("No.", "%"). :func:`read_header` takes them apart; whatever is left is the text
that may name an indicator. Columns headed "Polarity", "Good is", "RAG", "DoT",
"Commentary", "Lead officer", "Data source", "Frequency"... describe the rows beside them:
:func:`description_kind` names them and :func:`read_polarity`, :func:`read_rag`,
:func:`read_direction` and :func:`read_period_type` read what their cells say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cpdesk.areas import classify_area
from cpdesk.periods import Period, read_period_words

#: A header or label that is only a measure word ("No.", "%", "Rate per 10,000").
MEASURE_WORDS = {
    "no": "count", "no.": "count", "nos": "count", "nos.": "count", "number": "count", "n": "count", "count": "count",
    "num": "count", "#": "count", "numbers": "count", "volume": "count",
    "%": "percent", "percent": "percent", "percentage": "percent", "pct": "percent", "proportion": "percent",
    "per cent": "percent", "rate": "rate", "rate per 10,000": "rate", "per 10,000": "rate", "rate per 10k": "rate",
    "rate per 10000": "rate", "per 10k": "rate", "rate (per 10,000)": "rate", "(per 10,000)": "rate",
}
_MEASURE_TOKENS = re.compile(r"(?:^|\s)(%|no\.?|nos\.?|number|rate|per 10,?000|per 10k|count)(?=\s|$)", re.I)

#: Header words for columns (or rows) that describe an indicator instead of holding its values.
_DESCRIPTIONS = [
    ("polarity", r"polarity|good (?:perf(?:ormance)?\.? )?is|good performance(?: is)?|higher or lower(?: is better)?|"
                 r"is (?:higher|lower|bigger|smaller) better|better (?:is|if|when)|desired direction|direction of (?:good|improvement)|"
                 r"good|bigger or smaller"),
    ("rag", r"rag|r\.a\.g\.?|rag (?:rating|status)|rating|status|traffic light|performance (?:rating|status)|"
            r"(?:rag|rating|status) \(.*\)|rag rating.*|rag status.*|on target\??|target met\??|"
            r"are we (?:achieving|meeting|on) (?:our )?targets?\??.*|performance against target"),
    ("direction", r"dot|d\.o\.t\.?|direction(?: of travel)?|trend|travel|movement|change|dot \(.*\)|direction of travel.*|"
                  r"improving\??|are we (?:getting|doing) better\??|is (?:it|performance) improving\??"),
    ("commentary", r"commentary|comments?|notes?|narrative|remarks|explanation|analysis|key messages?|actions?|"
                   r"remedial actions?|what (?:is|are) we doing.*|why.*|context"),
    ("owner", r"lead(?: officer| manager| member)?|owner|responsible(?: officer)?|accountable(?: officer)?|portfolio|"
              r"service area|head of service|contact"),
    ("source", r"(?:data )?sources?|data notes?|data quality|definition|description|measure description|"
               r"indicator definition|how (?:is it|it is) measured|methodology|notes? on data"),
    ("frequency", r"frequency|reported|reporting(?: frequency| period)?|how often|collection"),
    ("period_type", r"data period|period type|type of period|measure type|basis|cumulative\?"),
    ("threshold", r"red|amber|green|tolerances?|floor(?: standard)?|thresholds?|upper threshold|lower threshold|"
                  r"intervention level|trigger"),
    ("unit", r"units?|unit of measure|measure unit|format"),
    ("derived", r"variance|variation|difference|diff\.?|gap|% change|percentage change|change %|(?:vs|v|against) target|"
                r"distance (?:from|to) target|rank(?:ing)?|quartile(?: band(?:ing)?)?|band(?:ing)?|percentile|decile"),
]
_DESCRIPTION_RE = [(kind, re.compile(rf"^(?:{pattern})[\s:\*]*$", re.I)) for kind, pattern in _DESCRIPTIONS]

_POLARITY = [
    ("higher", re.compile(r"^(?:h|high|higher|hi|up|↑|▲|bigger|larger|more|increase|maximi[sz]e|"
                          r"(?:higher|bigger|larger|more|high|greater)(?: (?:is|are|values are|numbers are|figures are))? "
                          r"(?:better|best|good)|(?:a )?high (?:value|score|number|figure|percentage) is (?:good|better)|"
                          r"aim (?:high|higher|to increase)|increase is good|good is high(?:er)?)\.?$", re.I)),
    ("lower", re.compile(r"^(?:l|low|lower|lo|down|↓|▼|smaller|less|fewer|decrease|minimi[sz]e|"
                         r"(?:lower|smaller|less|fewer|low)(?: (?:is|are|values are|numbers are|figures are))? "
                         r"(?:better|best|good)|(?:a )?low (?:value|score|number|figure|percentage) is (?:good|better)|"
                         r"aim (?:low|lower|to reduce)|decrease is good|good is low(?:er)?)\.?$", re.I)),
    ("none", re.compile(r"^(?:n/?a|none|neither|info|information|information only|context|contextual|activity|"
                        r"no polarity|not applicable|-|–|neutral|monitor|data only|mst|close to target|"
                        r"within range|in range|stay close to target)\.?$", re.I)),
]
_RAG = {"r": "Red", "red": "Red", "a": "Amber", "amber": "Amber", "g": "Green", "green": "Green",
        "ra": "Red/Amber", "r/a": "Red/Amber", "ag": "Amber/Green", "a/g": "Amber/Green", "red/amber": "Red/Amber",
        "amber/green": "Amber/Green", "b": "Blue", "blue": "Blue", "grey": "Grey", "gray": "Grey",
        "on target": "Green", "met": "Green", "achieved": "Green", "off target": "Red", "not met": "Red",
        "missed": "Red", "near target": "Amber", "close to target": "Amber"}
_DIRECTION = [
    ("improving", re.compile(r"^(?:improv(?:ing|ed|ement)|better|↗|⇧|performance has improved|positive|"
                             r"improved performance|getting better)\.?$", re.I)),
    ("worsening", re.compile(r"^(?:worsen(?:ing|ed)|worse|declin(?:ing|ed)|deteriorat(?:ing|ed)|↘|⇩|"
                             r"performance has worsened|negative|requires improvement|getting worse)\.?$", re.I)),
    ("no_change", re.compile(r"^(?:same|no change|unchanged|stable|static|steady|→|↔|⇔|=|"
                             r"performance has remained the same|maintained|stayed the same)\.?$", re.I)),
    ("up", re.compile(r"^(?:up|↑|▲|increas(?:e|ing|ed)|higher|rising|risen)\.?$", re.I)),
    ("down", re.compile(r"^(?:down|↓|▼|decreas(?:e|ing|ed)|lower|falling|fallen|reduc(?:ed|ing|tion))\.?$", re.I)),
]
_PERIOD_TYPES = [
    ("ytd", re.compile(r"^(?:ytd|year to date|cumulative|cum|fytd|financial year to date)\.?$", re.I)),
    ("rolling12", re.compile(r"^(?:r12m|r12|rolling 12 months?|rolling year|12 months? rolling|rolling|last 12 months|"
                             r"l12m|12m rolling)\.?$", re.I)),
    ("snapshot", re.compile(r"^(?:snapshot|snap|as at|point in time|at month end|month end|mst|position)\.?$", re.I)),
    ("in_period", re.compile(r"^(?:in month|monthly|month|m|in quarter|quarterly|quarter|q|qtr|annual|annually|"
                             r"yearly|year|in year|financial year|academic year|termly)\.?$", re.I)),
]
#: Words in a header that make the column the authority's target, or its own actual figure.
_TARGET_WORDS = re.compile(r"^(?:targets?|plan|aim|goal|ambition|local target|target \(.*\)|our target|agreed target|"
                           r"expected|expectation|standard)$", re.I)
_ACTUAL_WORDS = re.compile(r"^(?:actual|actuals|outturn|out-turn|performance|result|results|value|figure|latest|"
                           r"current|position|data|local|year end|ours|our performance|la)$", re.I)
#: Header words that say "the best neighbour" or "the top quartile": comparators that are not an average.
_OTHER_COMPARATOR = re.compile(r"\b(?:best|top|bottom|lowest|highest|worst)\b.*\b(?:stat(?:istical)?|neigh\w*|sn|"
                               r"national|england|nat|quartile|region\w*|la|authority)\b|\bq(?:uar)?tile\b|\bdecile\b",
                               re.I)
_AGGREGATE_WORDS = re.compile(r"\b(?:avg|average|ave|mean|median|value|figure|rate|benchmark|benchmarking|latest|"
                              r"comparators?|data|result|position|of|the|per 10,?000|no\.?|number|%)\b|%", re.I)
_EXTRA_ROLE_WORDS = {
    "nat": "england", "nat ave": "england", "nat avg": "england", "national ave": "england", "natl": "england",
    "eng": "england", "eng ave": "england", "eng avg": "england", "all england": "england",
    "stat neigh": "neighbours", "stat neighs": "neighbours", "stat neighbour": "neighbours", "stat neighbours": "neighbours",
    "stat nbr": "neighbours", "stat nbrs": "neighbours", "sn": "neighbours", "sns": "neighbours", "snb": "neighbours",
    "statistical neighbour group": "neighbours", "family group": "neighbours", "similar las": "neighbours",
    "comparator las": "neighbours", "comparator authorities": "neighbours", "cipfa": "neighbours",
    "cipfa neighbours": "neighbours", "regional": "region", "region": "region",
}


#: Headers of a column that holds the numerator or denominator of the row's percentage.
_PARTS = re.compile(r"^(?:(?P<num>numerator|num\.?|top|number meeting|no\. meeting|n)|"
                    r"(?P<den>denominator|denom\.?|den\.?|cohort|base|out of|total eligible|eligible))$", re.I)


@dataclass
class HeaderMeaning:
    """What one header cell or row label says.

    ``indicator_text`` is what is left once the period, comparator, role and measure words
    are taken out: the words that may name an indicator ("" when nothing is left).
    """

    period: Period | None = None
    shapes: tuple[str, ...] = ()
    note: str = ""
    role: str | None = None        # la / england / neighbours / region / target / district / other
    area: str | None = None        # the area as written ("South West", "Statistical neighbours")
    measure: str | None = None     # count / percent / rate
    indicator_text: str = ""
    description: str | None = None  # polarity / rag / direction / commentary / ... (a describing column)
    part: str | None = None         # numerator / denominator of the row's percentage

    @property
    def says_anything(self) -> bool:
        return bool(self.period or self.shapes or self.role or self.measure or self.indicator_text or self.description)


def description_kind(text: object) -> str | None:
    """The kind of describing column a header names ("Good is" -> "polarity"), or None."""
    if not isinstance(text, str):
        return None
    s = " ".join(text.replace("\u00a0", " ").split()).strip(" :*")
    if not s or len(s) > 60:
        return None
    for kind, pattern in _DESCRIPTION_RE:
        if pattern.match(s):
            return kind
    return None


def measure_word(text: object) -> str | None:
    """The measure a bare header or label names ("No." -> "count", "%" -> "percent"), or None."""
    if not isinstance(text, str):
        return None
    s = " ".join(text.lower().split()).strip(" :*()")
    return MEASURE_WORDS.get(s) or MEASURE_WORDS.get(f"({s})")


def measure_in(text: str) -> str | None:
    """A measure word inside a longer header ("Statistical neighbours %", "No. of children")."""
    m = _MEASURE_TOKENS.search(f" {text} ")
    if not m:
        return None
    word = m.group(1).lower()
    if word == "%":
        return "percent"
    if word.startswith(("rate", "per")):
        return "rate"
    return "count"


def comparator_in(text: str) -> tuple[str, str] | None:
    """The comparator a header names, with measure or average words around it:
    "Statistical neighbours %", "NAT AVE", "SN avg", "England average", "BEST STAT NEIGH".

    Returns (role, area as written) or None.
    """
    s = " ".join(text.replace("\u00a0", " ").split())
    if not s or len(s) > 80:
        return None
    role = classify_area(s)
    if role is not None:
        return role, s
    if _OTHER_COMPARATOR.search(s):
        return "other", s
    core = " ".join(_AGGREGATE_WORDS.sub(" ", s).split()).strip(" -–:,()")
    if not core or core == s:
        key = core.lower()
        return (_EXTRA_ROLE_WORDS[key], s) if key in _EXTRA_ROLE_WORDS else None
    role = classify_area(core) or _EXTRA_ROLE_WORDS.get(core.lower())
    return (role, s) if role else None


def read_header(text: object, context: Period | None = None) -> HeaderMeaning:
    """Take a header cell apart into period, comparator or role, measure and indicator words."""
    if text is None:
        return HeaderMeaning()
    kind = description_kind(text)
    if kind is not None:
        return HeaderMeaning(description=kind)
    words = read_period_words(text, context=context)
    rest = words.rest
    meaning = HeaderMeaning(period=words.period, shapes=words.shapes, note=words.note)
    if not rest:
        return meaning
    kind = description_kind(rest)
    if kind is not None:   # "Floor 2020/21", "RAG Q3"
        return HeaderMeaning(description=kind)
    pm = _PARTS.match(rest.strip(" :*"))
    if pm:
        meaning.part, meaning.measure = ("numerator" if pm.group("num") else "denominator"), "count"
        return meaning
    bare = measure_word(rest)
    if bare:
        meaning.measure = bare
        return meaning
    if _TARGET_WORDS.match(rest.strip(" :*")):
        meaning.role, meaning.area = "target", rest.strip()
        return meaning
    if _ACTUAL_WORDS.match(rest.strip(" :*")):
        meaning.role = "la"
        return meaning
    comp = comparator_in(rest)
    if comp is not None:
        meaning.role, meaning.area = comp
        meaning.measure = measure_in(rest)
        return meaning
    # "Target (%)", "Actual No.": a role word with a measure word
    head, _, tail = rest.partition(" ")
    if tail and measure_word(tail) and (_TARGET_WORDS.match(head) or _ACTUAL_WORDS.match(head)):
        meaning.role = "target" if _TARGET_WORDS.match(head) else "la"
        meaning.area = head if meaning.role == "target" else None
        meaning.measure = measure_word(tail)
        return meaning
    meaning.indicator_text = rest
    return meaning


def _one_line(text: object) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split()).strip(" .:*")


def read_polarity(text: object) -> str | None:
    """"Higher is better", "High", "L", "Bigger values are best", "a low value is good" -> higher/lower/none."""
    if not isinstance(text, str):
        return None
    s = _one_line(text)
    for polarity, pattern in _POLARITY:
        if pattern.match(s):
            return polarity
    return None


def read_rag(text: object) -> str | None:
    """A council's own rating word ("Amber", "G", "Off target") as Red / Amber / Green, or None."""
    if not isinstance(text, str):
        return None
    return _RAG.get(_one_line(text).lower())


def read_direction(text: object) -> str | None:
    """A council's own direction-of-travel word or arrow, or None."""
    if not isinstance(text, str):
        return None
    s = _one_line(text)
    for direction, pattern in _DIRECTION:
        if pattern.match(s):
            return direction
    return None


def read_period_type(text: object) -> str | None:
    """What a "Data period" cell says: ytd / rolling12 / snapshot / in_period, or None."""
    if not isinstance(text, str):
        return None
    s = _one_line(text)
    for kind, pattern in _PERIOD_TYPES:
        if pattern.match(s):
            return kind
    return None


def describes(text: object) -> str | None:
    """The describing kind a cell's own words have (polarity, rag, direction), or None.

    Lets a column without a header be recognised as describing the rows: every cell in it
    is a polarity word, a rating or an arrow.
    """
    if read_rag(text):
        return "rag"
    if read_direction(text):
        return "direction"
    if read_polarity(text):
        return "polarity"
    return None


__all__ = ["HeaderMeaning", "MEASURE_WORDS", "comparator_in", "describes", "description_kind", "measure_in",
           "measure_word", "read_direction", "read_header", "read_period_type", "read_polarity", "read_rag"]
