"""The controlled vocabularies of the data files (no heavy imports: the analysis modules use them)."""

ORGANISATIONS = ("SCO", "CICA")
ARTICLE_KINDS = ("news", "opinion", "analysis")
UNSIGNED = ("", "Unsigned", "unsigned")  # an article's author cell for an article with no byline
DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
# units of quantities.csv that count things (a qualifier in brackets aside): never below zero
COUNTING_UNITS = (
    "states",
    "documents",
    "events",
    "ordinal",
    "people",
    "members",
    "meetings",
    "initiatives",
    "terms",
    "summits",
    "countries",
)
FIRST_YEAR, LAST_YEAR = 1900, 2099  # the years a date or a year of the data may name (YYYY: 19xx, 20xx)
SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# control characters, C1 controls (NEL), zero-width characters, line and paragraph separators, bidi
# overrides and isolates, a stray byte-order mark, and tag characters: none prints, several split lines
INVISIBLE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"

# The verdicts, spelt once. The rating scale (report text, ClaimReview ratingValue) is defined beside them.
ACCURATE, PARTLY, INACCURATE, UNVERIFIABLE, OPINION = (
    "accurate",
    "partly accurate",
    "inaccurate",
    "unverifiable",
    "opinion",
)
VERDICTS = (ACCURATE, PARTLY, INACCURATE, UNVERIFIABLE, OPINION)
RATED = {INACCURATE: 1, PARTLY: 2, ACCURATE: 3}  # ClaimReview ratingValue: worst 1, best 3
CLAIM_KINDS = (
    "date",
    "count",
    "place",
    "role",
    "event",
    "forecast",
    "attribution",
    "duration",
    "membership",
    "opinion",
)
DOMAINS = (
    "security",
    "economy and finance",
    "connectivity",
    "environment",
    "digital",
    "education and science",
    "humanitarian and volunteering",
    "health",
    "culture and tourism",
    "institutional",
)
INITIATIVE_STATUSES = ("proposed", "launched", "held", "ongoing", "stalled", "unknown")
FACT_STATUSES = ("confirmed", "disputed", "unconfirmed")
MEMBER_STATUSES = ("member", "observer", "dialogue_partner", "partner")
# a status other than member, in words ("Azerbaijan is a dialogue partner of the SCO")
STANDING = {"observer": "an observer", "dialogue_partner": "a dialogue partner", "partner": "a partner"}
MEETING_KINDS = ("heads_of_state", "heads_of_government", "foreign_ministers", "other")
SOURCE_KINDS = ("official", "news", "encyclopaedia", "other")
