"""ReportLab's dear import-time patterns compile on first use (export/deferred_patterns.py), and
behave as the patterns they stand for. Run in a fresh interpreter: the test session may have
imported ReportLab already."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

LOOK = r"""
import copy, json, pickle, re
import advisor_app.export.pdf  # imports ReportLab through the hook
from advisor_app.export import deferred_patterns as hook
import reportlab.platypus.paragraph as paragraph
import reportlab.lib.textsplit as textsplit

uri, cjk = paragraph.uri_pat, textsplit.rx
kinds = {
    "uri": type(uri).__name__, "cjk": type(cjk).__name__,
    "cheap": type(paragraph._hy_pfx_pat).__name__, "scheme": type(paragraph._scheme_re).__name__,
}
deferred_before_use = uri._compiled is None
real_uri = re.compile(uri._arguments[0], uri._arguments[1])
samples = ["https://example.com/a/b/c", "HTTP://Ünïcode.example/π", "not a url", "ftp://[::1]:80/x"]
same = all(
    (uri.match(s) and uri.match(s).groups()) == (real_uri.match(s) and real_uri.match(s).groups())
    for s in samples
)
print(json.dumps({
    "kinds": kinds,
    "deferred_before_use": deferred_before_use,
    "same_matches": same,
    "splits": paragraph._uri_split_pairs("https://example.com/a/b"),
    "cjk_split": cjk.sub(r"\1\0 ", "中文ab").split(" "),
    "re_compile_restored": re.compile is hook._REAL_COMPILE and hook._active == 0,
    "copied": type(copy.copy(cjk)).__name__, "pickled": type(pickle.loads(pickle.dumps(cjk))).__name__,
    "source": paragraph.__loader__.get_source("reportlab.platypus.paragraph")[:1] == "#",
}, ensure_ascii=False))
"""


def test_only_the_dear_patterns_wait_and_they_match_as_compiled():
    done = subprocess.run(
        [sys.executable, "-c", LOOK], cwd=REPO, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout)
    assert seen["kinds"] == {
        "uri": "DeferredPattern",
        "cjk": "DeferredPattern",
        "cheap": "Pattern",
        "scheme": "Pattern",
    }
    assert seen["deferred_before_use"] and seen["same_matches"]
    assert seen["splits"][0] == ["https://example.com/a/", "b"]
    assert seen["cjk_split"] == ["中\x00", "文\x00", "ab"]
    assert seen["re_compile_restored"]
    assert seen["copied"] == seen["pickled"] == "Pattern"
    assert seen["source"]
