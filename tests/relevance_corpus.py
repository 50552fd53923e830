"""A small hospital-handbook corpus for the Query and Retrieve tests, and an oracle that
derives expected answers from the documented rules independently of the engine.

The oracle re-implements BM25, excerpt windows and highlights, confidence, facets and
passages directly from their written rules.  It
uses only the unit-tested text analysis (``test_search_analysis.py``) for stems.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from moto_kendra.search.analysis import query_terms, stem

# -- index fields (declared through UpdateIndex) ---------------------------------------------


def _field(name: str, kind: str, **flags: bool) -> dict[str, Any]:
    return {"Name": name, "Type": kind, "Search": flags}


FIELD_UPDATES = [
    _field("department", "STRING_VALUE", Facetable=True, Sortable=True, Searchable=False,
           Displayable=True),
    _field("tags", "STRING_LIST_VALUE", Facetable=True, Searchable=True, Displayable=True),
    _field("priority", "LONG_VALUE", Facetable=True, Sortable=True, Displayable=True),
    _field("reviewed", "DATE_VALUE", Facetable=True, Sortable=True, Displayable=True),
    _field("internal_note", "STRING_VALUE", Displayable=False, Searchable=True),
    _field("keywords", "STRING_VALUE", Searchable=False, Displayable=True),
]
FIELD_TYPES = {
    "department": "STRING_VALUE",
    "tags": "STRING_LIST_VALUE",
    "priority": "LONG_VALUE",
    "reviewed": "DATE_VALUE",
    "internal_note": "STRING_VALUE",
    "keywords": "STRING_VALUE",
    "_category": "STRING_VALUE",
    "_created_at": "DATE_VALUE",
    "_source_uri": "STRING_VALUE",
    "_language_code": "STRING_VALUE",
    "_authors": "STRING_LIST_VALUE",
    "_view_count": "LONG_VALUE",
}
SEARCHABLE_CUSTOM = ("tags", "internal_note")
HIDDEN = ("internal_note",)  # Displayable false
MEMBER = {
    "STRING_VALUE": "StringValue",
    "STRING_LIST_VALUE": "StringListValue",
    "LONG_VALUE": "LongValue",
    "DATE_VALUE": "DateValue",
}


def day(year: int, month: int, date: int) -> datetime:
    return datetime(year, month, date, tzinfo=timezone.utc)


@dataclass(frozen=True)
class CorpusDoc:
    id: str
    body: str
    title: str | None = None
    attributes: tuple[tuple[str, Any], ...] = field(default_factory=tuple)

    def value(self, key: str) -> Any:
        return dict(self.attributes).get(key)

    @property
    def language(self) -> str:
        return str(self.value("_language_code") or "en")

    def request(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "Id": self.id,
            "Blob": self.body.encode(),
            "ContentType": "PLAIN_TEXT",
            "Attributes": [
                {"Key": key, "Value": {MEMBER[FIELD_TYPES[key]]: value}}
                for key, value in self.attributes
            ],
        }
        if self.title is not None:
            entry["Title"] = self.title
        return entry


def d(doc_id: str, body: str, title: str | None = None, **attributes: Any) -> CorpusDoc:
    return CorpusDoc(doc_id, body, title, tuple(attributes.items()))


_FILLER = (
    "rest fluids walk slowly keep the wound clean and dry call your nurse about fever or "
    "pain sleep well eat light meals"
).split()


def filler(count: int, offset: int = 0) -> list[str]:
    """``count`` words that hold no query term used by the tests."""
    return [_FILLER[(offset + n) % len(_FILLER)] for n in range(count)]


def _discharge_body() -> str:
    """160 tokens; "discharge" at tokens 30, 60 and 140, a comma after every seventh word."""
    words = filler(160)
    for position in (30, 60, 140):
        words[position] = "discharge" if position != 60 else "Discharged"
    return " ".join(word + ("," if n % 7 == 6 else "") for n, word in enumerate(words))


def _wide_body() -> str:
    """120 tokens of about 25 characters: "referral" at token 5, "referrals" (token 76)
    straddling character 2000 of the excerpt core, and "referral" at token 90."""
    words = ["neurorehabilitationplanxx"] * 120
    words[5] = words[90] = "referral"
    words[76] = "referrals"
    start = sum(len(word) + 1 for word in words[:76])
    words[75] += "y" * (1995 - start)  # token 76 then spans [1995, 2004)
    return " ".join(words)


DOCS: tuple[CorpusDoc, ...] = (
    d("care-plan",
      "A care plan lists the treatments a patient receives and the goals of each treatment.",
      "Patient care plan",
      department="nursing", priority=3, tags=["care", "planning"], _category="guide",
      _created_at=day(2023, 1, 10), reviewed=day(2024, 2, 1)),
    d("insulin-dosing",
      "Insulin dosing depends on weight, diet and glucose levels. Adjust insulin doses with "
      "a clinician.",
      "Insulin dosing for adults",
      department="endocrinology", priority=1, tags=["insulin", "diabetes"], _category="guide",
      _created_at=day(2023, 3, 5), _source_uri="https://example.com/insulin",
      reviewed=day(2024, 1, 15)),
    d("insulin-storage",
      "Keep unopened insulin in a refrigerator. Opened pens can stay at room temperature for a "
      "month.",
      "Storing insulin",
      department="endocrinology", priority=2, tags=["insulin", "storage"], _category="faq",
      _created_at=day(2023, 3, 20), reviewed=day(2024, 1, 15)),
    d("diabetes-diet",
      "A balanced diet helps patients control glucose. Fiber slows the absorption of sugar.",
      "Diet and diabetes",
      department="nutrition", priority=2, tags=["diabetes", "diet"],
      _created_at=day(2022, 11, 1)),
    d("glucose-monitoring",
      "Patients with diabetes check glucose levels several times a day using a meter or a "
      "sensor.",
      None,
      department="endocrinology", priority=4, tags=["diabetes", "monitoring", "diabetes"]),
    d("billing-policies",
      "Our billing policies explain how insurance claims are filed and when patients pay.",
      "Billing policies",
      department="billing", priority=5, tags=["insurance", "billing"], _category="policy",
      _created_at=day(2021, 6, 30)),
    d("insurance-claims",
      "Submit insurance claims within ninety days. Claims need the policy number and the "
      "patient name.",
      "Filing insurance claims",
      department="billing", priority=3, tags=["insurance", "claims"], _category="policy",
      _created_at=day(2022, 2, 14), _source_uri="ftp://files.example.com/claims.pdf"),
    d("privacy-policy",
      "We protect patient records. Records are shared only with consent or when the law "
      "requires it.",
      "Privacy policy",
      department="legal", priority=1, tags=["privacy"], _category="policy",
      _source_uri="not a url", _authors=["Legal team", "Records office"]),
    d("visiting-hours",
      "Visitors are welcome from nine to eight. Children under twelve need an adult.",
      "Visiting hours",
      department="administration", priority=5, tags=["visitors"],
      _source_uri="https://example.com/visiting hours"),
    d("parking",
      "Parking is free for patients during appointments. Validate your ticket at reception.",
      "Parking",
      department="administration", tags=["visitors", "parking"]),
    d("flu-vaccine",
      "The flu vaccine is offered every autumn. Patients over sixty five should get the "
      "vaccine first.",
      "Flu vaccine",
      department="nursing", priority=2, tags=["vaccines"], _view_count=120),
    d("vaccine-schedule",
      "Children receive vaccines at two, four and six months, then boosters at school age.",
      "Vaccine schedule for children",
      department="pediatrics", priority=3, tags=["vaccines", "children"], _view_count=80),
    d("fr-vaccin",
      "Le vaccin contre la grippe est proposé chaque automne aux patients.",
      "Vaccin contre la grippe",
      department="nursing", tags=["vaccines"], _language_code="fr"),
    d("es-insulina",
      "La insulina se guarda en el refrigerador. Insulin pens también.",
      "Insulina",
      department="endocrinology", _language_code="es"),
    d("tie-b", "Hand hygiene stops infections.", None, department="nursing"),
    d("tie-a", "Hand hygiene stops infections.", None, department="nursing"),
    d("hand-hygiene",
      "Wash hands before and after each patient contact. Hand hygiene prevents infections.",
      "Hand hygiene",
      department="nursing", priority=1, tags=["hygiene"]),
    d("discharge-guide", _discharge_body(), "Going home",
      department="nursing", priority=2),
    d("wide-guide", _wide_body(), "Rehabilitation referrals", department="rehabilitation"),
    d("emergency-contacts", "", "Emergency contacts for families",
      department="administration", priority=10),
    d("staff-memo", "Staff meeting moved to Friday.", "Staff memo",
      department="administration", internal_note="confidential escalation procedure"),
    d("lab-results", "Results are available online after two days.", "Lab results",
      department="Laboratory", keywords="cholesterol", priority=10),
    d("allergy-report", "Report any reaction to staff.", None,
      department="pharmacy", tags=["allergies", "penicillin"]),
    d("appointments",
      "Book appointments online or by phone. Cancel appointments a day ahead.",
      "Appointments",
      department="administration", priority=4, tags=["appointments"],
      _created_at=day(2023, 5, 2)),
    d("pharmacy-hours",
      "The pharmacy opens at eight and closes at six on weekdays.",
      "Pharmacy hours",
      department="pharmacy", priority=3),
    d("prescription-refills",
      "Request prescription refills through the patient portal. Refills take two days.",
      "Prescription refills",
      department="pharmacy", priority=2, tags=["prescriptions"]),
    d("lab-tests",
      "Fasting is required before some blood tests, including glucose and cholesterol tests.",
      "Blood tests",
      department="laboratory", priority=3, tags=["tests"]),
    d("emergency-care",
      "Call the emergency number for chest pain, severe bleeding or trouble breathing.",
      "Emergency care",
      department="emergency", priority=1, tags=["emergency"]),
    d("zephyr-a-title", " ".join(filler(6, 3)), "Zephyr"),
    d("zephyr-b-body", " ".join(["zephyr", "zephyr", *filler(6, 3)])),
    d("quasar-a-body", " ".join(["quasar", "quasar", *filler(6, 5)])),
    d("quasar-b-title", " ".join(filler(6, 5)), "Quasar"),
)
BY_ID = {doc.id: doc for doc in DOCS}


def batches(items: list[Any], size: int = 10) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def load(kendra: Any, index_id: str, docs: Iterable[CorpusDoc] = DOCS) -> None:
    """Declare the fields, then put the documents in batches of 10 (all must be accepted)."""
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=FIELD_UPDATES)
    for batch in batches([doc.request() for doc in docs]):
        response = kendra.batch_put_document(IndexId=index_id, Documents=batch)
        assert response["FailedDocuments"] == []


# -- oracle ------------------------------------------------------------------------------------
K1, B = 1.2, 0.75
TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of every token."""
    return [(stem(m.group().lower()), m.start(), m.end()) for m in TOKEN.finditer(text)]


def weighted(doc: CorpusDoc, title_weight: int = 2) -> Counter[str]:
    """Term counts: body tokens + 2 x title tokens + Searchable custom-field tokens."""
    counts = Counter(t for t, _, _ in tokens(doc.body))
    for term, _, _ in tokens(doc.title or ""):
        counts[term] += title_weight
    for key in SEARCHABLE_CUSTOM:
        value = doc.value(key)
        for text in value if isinstance(value, list) else [value] if value else []:
            counts.update(t for t, _, _ in tokens(text))
    return counts


@dataclass
class Scored:
    doc: CorpusDoc
    score: float
    coverage: int


class Oracle:
    """BM25 over every document of a corpus (all searchable, whatever their language).

    ``k1`` and ``b`` default to the engine's documented values (1.2 and .75); tests pass
    others to show that those values make a difference.
    """

    def __init__(self, docs: Iterable[CorpusDoc] = DOCS, k1: float = K1, b: float = B) -> None:
        self.docs = list(docs)
        self.k1, self.b = k1, b
        self.counts = {doc.id: weighted(doc) for doc in self.docs}
        self.lengths = {doc_id: sum(c.values()) for doc_id, c in self.counts.items()}
        self.average = sum(self.lengths.values()) / len(self.docs)

    def score(self, text: str) -> list[Scored]:
        terms = query_terms(text)
        n = len(self.docs)
        found: dict[str, Scored] = {}
        for term in terms:
            having = [doc for doc in self.docs if self.counts[doc.id][term] > 0]
            idf = math.log(1 + (n - len(having) + 0.5) / (len(having) + 0.5))
            for doc in having:
                tf = self.counts[doc.id][term]
                length = self.lengths[doc.id]
                k1, b = self.k1, self.b
                gain = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / self.average))
                hit = found.setdefault(doc.id, Scored(doc, 0.0, 0))
                hit.score += gain
                hit.coverage += 1
        return list(found.values())

    def ranking(
        self, text: str, keep: Callable[[CorpusDoc], bool] = lambda doc: doc.language == "en"
    ) -> list[str]:
        """Document ids in relevance order (score descending, then DocumentId)."""
        hits = [hit for hit in self.score(text) if keep(hit.doc)]
        return [hit.doc.id for hit in sorted(hits, key=lambda hit: (-hit.score, hit.doc.id))]

    def coverage(self, text: str) -> dict[str, int]:
        return {hit.doc.id: hit.coverage for hit in self.score(text)}


def confidence(coverage: int, terms: int) -> str:
    share = coverage / terms
    if share == 1:
        return "VERY_HIGH"
    if share >= 0.75:
        return "HIGH"
    return "MEDIUM" if share >= 0.5 else "LOW"


def highlight(begin: int, end: int) -> dict[str, Any]:
    return {"BeginOffset": begin, "EndOffset": end, "TopAnswer": False, "Type": "STANDARD"}


def expected_title(text: str, query: str | None) -> dict[str, Any]:
    """DocumentTitle: the text cut to 2048, a highlight per whole token that is a term."""
    terms = set(query_terms(query)) if query else set()
    cut = text[:2048]
    marks = [highlight(s, e) for t, s, e in tokens(text) if t in terms and e <= len(cut)]
    return {"Text": cut, "Highlights": marks}


def expected_excerpt(doc: CorpusDoc, query: str | None) -> dict[str, Any]:
    """DocumentExcerpt: window [s, e) around the first matching body token."""
    terms = set(query_terms(query)) if query else set()
    body = tokens(doc.body)
    if not body:
        return expected_title(doc.title or doc.id, query)
    first = next((n for n, (t, _, _) in enumerate(body) if t in terms), 0)
    s = max(0, first - 10)
    e = min(len(body), s + 100)
    core = doc.body[body[s][1]:body[e - 1][2]]
    cut = len(core) > 2000
    core = core[:2000]
    lead = "..." if s > 0 else ""
    text = lead + core + ("..." if e < len(body) or cut else "")
    shift = len(lead) - body[s][1]
    marks = [
        highlight(start + shift, end + shift)
        for t, start, end in body[s:e]
        if t in terms and end + shift <= len(lead) + len(core)
    ]
    return {"Text": text, "Highlights": marks}


def passages(doc: CorpusDoc, text: str) -> list[tuple[int, int, int, str]]:
    """(distinct terms, term tokens, chunk index, content) of each Retrieve passage."""
    terms = set(query_terms(text))
    body = tokens(doc.body)
    chunks = [body[start:start + 200] for start in range(0, len(body), 200)]
    found = []
    for number, chunk in enumerate(chunks):
        matched = [t for t, _, _ in chunk if t in terms]
        if matched:
            content = doc.body[chunk[0][1]:chunk[-1][2]]
            found.append((len(set(matched)), len(matched), number, content))
    if not found:
        if chunks:
            first = chunks[0]
            return [(0, 0, 0, doc.body[first[0][1]:first[-1][2]])]
        return [(0, 0, 0, doc.title or doc.id)]
    return found


# -- query syntax and spelling cases ---------------------------------------------------------
def has(doc: CorpusDoc, word: str) -> bool:
    """Whether ``word``'s stem is among the document's matched stems (body, title,
    Searchable custom values)."""
    return weighted(doc)[stem(word.lower())] > 0


# (QueryText with syntax, its positive terms as plain text, which documents it selects): the
# hits rank as BM25 over the positive terms alone
SYNTAX_CASES: tuple[tuple[str, str, Callable[[CorpusDoc], bool]], ...] = (
    ("patients NOT diabetes", "patients",
     lambda doc: has(doc, "patients") and not has(doc, "diabetes")),
    ("insulin AND glucose", "insulin glucose",
     lambda doc: has(doc, "insulin") and has(doc, "glucose")),
    ("(insurance OR vaccine) NOT policy", "insurance vaccine",
     lambda doc: (has(doc, "insurance") or has(doc, "vaccine")) and not has(doc, "policy")),
    ("department:billing patients", "patients",
     lambda doc: doc.value("department") == "billing"),
    ("priority:[1 TO 2] patients", "patients",
     lambda doc: doc.value("priority") is not None and 1 <= doc.value("priority") <= 2),
    ("reviewed:2024-01 insulin", "insulin",
     lambda doc: doc.value("reviewed") is not None
     and (doc.value("reviewed").year, doc.value("reviewed").month) == (2024, 1)),
    ('"insulin dosing" glucose', "insulin dosing glucose",
     lambda doc: "insulin dosing" in f"{doc.title} {doc.body}".lower()),
)

# (QueryText, the SuggestedQueryText spell correction gives for it over the corpus)
SPELLING_CASES: tuple[tuple[str, str], ...] = (
    ("insullin dosing", "insulin dosing"),
    ("vacine for childern", "vaccine for children"),
    ("glucose levels", "glucose levels"),  # nothing to correct
)
