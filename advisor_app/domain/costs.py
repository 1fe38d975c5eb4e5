"""What a plan is estimated to cost: the catalog's dated tuition rates (data/catalog/costs.toml)
applied to the plan's terms. Pure: the rates are data, the rules of charging are the few lines
below, and every inferred rule is marked as an assumption in the catalog source.

How a term is charged (docs/what-if.md):
- the track says which rate applies to a term: by its season; or by the term itself (the 16-month
  partial final semester); or by its level (the 4+1's senior year, the MD+MEng's MD curriculum:
  no MEng tuition);
- a rate per term is charged once when the term holds a course carrying tuition; a rate per credit
  for each unit of those courses, never more than its cap;
- a course carries tuition when it has units and is not on the no-tuition list (internship,
  residencies); the track's scholarship percentage then comes off the total.
Money is kept in whole cents so that 20 percent of $75,877 is exactly $15,175.40.
"""

from decimal import ROUND_HALF_UP, Decimal

from msgspec import Struct

from advisor_app.domain.catalog_model import Catalog, Term, Track
from advisor_app.domain.plan import Plan
from advisor_app.domain.tuition import PER_TERM, TrackTuition, TuitionRate, TuitionSchedule
from advisor_app.domain.units import entry_units


class TermCharge(Struct, frozen=True):
    term_id: str
    label: str  # "Fall 2026"
    name: str  # the track's name of the term ("Fall 2")
    rate: TuitionRate | None
    units: float  # units of the term's courses that carry tuition
    cents: int
    how: str  # in plain words: "full-time semester", "3 credits × $3,299", "no MEng tuition"


class CostEstimate(Struct, frozen=True):
    track: str
    academic_year: str
    caveat: str
    terms: tuple[TermCharge, ...]
    tuition_cents: int
    scholarship_cents: int  # taken off the tuition
    scholarship_label: str
    unpriced: tuple[tuple[str, str], ...]  # (term id, entry) in terms the track does not have

    @property
    def total_cents(self) -> int:
        return self.tuition_cents - self.scholarship_cents

    @property
    def total(self) -> str:
        return money(self.total_cents)

    def to_dict(self) -> dict[str, object]:
        return {
            "total": self.total_cents / 100,
            "tuition": self.tuition_cents / 100,
            "scholarship": self.scholarship_cents / 100,
            "scholarship_label": self.scholarship_label or None,
            "academic_year": self.academic_year,
            "caveat": self.caveat,
            "terms": [
                {
                    "term": t.term_id,
                    "label": t.label,
                    "rate": t.rate.id if t.rate else None,
                    "units": t.units,
                    "amount": t.cents / 100,
                    "how": t.how,
                }
                for t in self.terms
            ],
            "unpriced": [{"term": term, "entry": entry} for term, entry in self.unpriced],
        }


def money(cents: int) -> str:
    """$75,877 for whole dollars, $60,701.60 otherwise; a minus sign before the dollar."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}${whole:,}" + (f".{part:02d}" if part else "")


def _cents(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def carries_tuition(catalog: Catalog, plan: Plan, schedule: TuitionSchedule, entry: str) -> bool:
    return (
        entry_units(catalog, plan, entry) > 0
        and catalog.canonical(entry) not in schedule.no_tuition
    )


# Why a term of a level carries no MEng tuition, in words.
_NO_TUITION = {
    "undergraduate": "taken as an undergraduate: no MEng tuition",
    "medical": "credited from the MD: no MEng tuition",
}


def _rate_id(charges: TrackTuition, term: Term) -> str:
    if term.level in charges.levels:
        return charges.levels[term.level]
    if term.id in charges.terms:
        return charges.terms[term.id]
    return charges.seasons.get(term.season, "")


def _charge(
    catalog: Catalog, plan: Plan, schedule: TuitionSchedule, track: Track, term: Term
) -> TermCharge:
    charges = schedule.tracks[track.id]
    label = term.calendar_label(plan.start_year)
    units = sum(
        entry_units(catalog, plan, entry)
        for entry in plan.terms.get(term.id, ())
        if carries_tuition(catalog, plan, schedule, entry)
    )
    rate = schedule.rates.get(_rate_id(charges, term))
    if rate is None:
        how = _NO_TUITION.get(term.level, "no MEng tuition")
        return TermCharge(term.id, label, term.name, None, units, 0, how)
    if units <= 0:
        return TermCharge(term.id, label, term.name, rate, 0.0, 0, "no course carrying tuition")
    if rate.per == PER_TERM:
        return TermCharge(
            term.id, label, term.name, rate, units, rate.amount * 100, rate.label.lower()
        )
    cents = _cents(Decimal(str(units)) * rate.amount * 100)
    how = f"{units:g} credit{'' if units == 1 else 's'} × {money(rate.amount * 100)}"
    cap = schedule.rates.get(rate.cap)
    if cap is not None and cents > cap.amount * 100:
        cents = cap.amount * 100
        how += f", capped at a {cap.label.lower()} ({money(cents)})"
    return TermCharge(term.id, label, term.name, rate, units, cents, how)


def estimate_cost(catalog: Catalog, plan: Plan) -> CostEstimate | None:
    """The plan's estimated tuition, or None when the catalog has no rates for its track."""
    schedule = catalog.tuition
    track = catalog.tracks.get(plan.track)
    if schedule is None or track is None or track.id not in schedule.tracks:
        return None
    charges = schedule.tracks[track.id]
    terms = tuple(_charge(catalog, plan, schedule, track, term) for term in track.terms)
    tuition = sum(t.cents for t in terms)
    scholarship = _cents(Decimal(tuition) * charges.scholarship_percent / 100)
    unpriced = tuple(
        (term_id, entry)
        for term_id, entries in plan.terms.items()
        if term_id not in track.term_index
        for entry in entries
        if carries_tuition(catalog, plan, schedule, entry)
    )
    return CostEstimate(
        track=track.id,
        academic_year=schedule.academic_year,
        caveat=schedule.caveat,
        terms=terms,
        tuition_cents=tuition,
        scholarship_cents=scholarship,
        scholarship_label=charges.scholarship_label if scholarship else "",
        unpriced=unpriced,
    )


def term_label(charge: TermCharge) -> str:
    """ "Fall 2027 (Fall 2)"; a term whose label is its name ("MD curriculum") once."""
    return charge.label if charge.label == charge.name else f"{charge.label} ({charge.name})"


def estimate_lines(estimate: CostEstimate) -> list[str]:
    """The estimate in plain sentences, term by term, for the window's details and the terminal."""
    lines = [f"{term_label(t)}: {money(t.cents)}, {t.how}" for t in estimate.terms]
    if estimate.scholarship_cents:
        lines.append(f"{estimate.scholarship_label}: -{money(estimate.scholarship_cents)}")
    if estimate.unpriced:
        count = len(estimate.unpriced)
        lines.append(
            f"Not priced: {count} course{'' if count == 1 else 's'} in terms the track does not have"
        )
    lines.append(f"Estimated total: {estimate.total} ({estimate.caveat})")
    return lines
