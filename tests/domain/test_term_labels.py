"""Term labels people read: "Fall 2027", also for a term the plan's track does not have."""


def test_a_term_of_the_track(catalog):
    assert catalog.term_label("standard-16", "fall-2", 2026) == "Fall 2027"
    assert catalog.term_label("bse-meng", "fall-1", 2026) == "Fall 2027"  # the master's year


def test_a_term_outside_the_track_is_labelled_as_other_tracks_label_it(catalog):
    # accelerated-12 has no Fall 2; the 16-month and online tracks both call it Fall of year 2.
    assert catalog.term_label("accelerated-12", "fall-2", 2026) == "Fall 2027"
    assert catalog.term_label("accelerated-12", "summer-3", 2026) == "Summer 2028"


def test_an_unknown_or_ambiguous_term_keeps_its_id(catalog):
    assert catalog.term_label("standard-16", "winter-9", 2026) == "winter-9"
    assert catalog.term_label("no-such-track", "spring-2", 2026) == "Spring 2028"
