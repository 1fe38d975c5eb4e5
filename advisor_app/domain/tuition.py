"""The catalog's tuition rates as plain data (data/catalog/costs.toml, loaded by the catalog):
dated, each rate and rule with its source; an inferred rule's source starts "assumption:"."""

from collections.abc import Mapping

from msgspec import Struct, field

PER_TERM, PER_CREDIT = "term", "credit"
ASSUMPTION_MARK = "assumption:"


class TuitionRate(Struct, frozen=True):
    id: str
    label: str
    amount: int  # whole dollars
    per: str  # PER_TERM | PER_CREDIT
    source: str
    cap: str = ""  # a rate id: a term never costs more than that rate's amount

    @property
    def assumed(self) -> bool:
        return ASSUMPTION_MARK in self.source


class TrackTuition(Struct, frozen=True):
    """How one track's terms are charged: rate ids by season; for named terms instead (the
    16-month partial final semester); for the terms of a level instead ("" = no MEng tuition:
    the 4+1's senior year, the MD+MEng's MD curriculum); and its scholarship."""

    track: str
    seasons: Mapping[str, str]
    source: str
    terms: Mapping[str, str] = field(default_factory=dict)
    levels: Mapping[str, str] = field(default_factory=dict)
    scholarship_percent: int = 0
    scholarship_label: str = ""


class PublishedTotal(Struct, frozen=True):
    track: str
    low: int
    high: int
    source: str


class TuitionSource(Struct, frozen=True):
    id: str
    title: str
    url: str
    where: str


class Assumption(Struct, frozen=True):
    text: str
    source: str


class TuitionSchedule(Struct, frozen=True):
    academic_year: str
    currency: str
    caveat: str
    excludes: str
    rates: Mapping[str, TuitionRate]
    tracks: Mapping[str, TrackTuition]
    no_tuition: frozenset[str]
    no_tuition_source: str = ""
    assumptions: tuple[Assumption, ...] = ()
    published: Mapping[str, PublishedTotal] = field(default_factory=dict)
    sources: Mapping[str, TuitionSource] = field(default_factory=dict)
