"""The plan as a signed-off PDF: export (ReportLab), sign, verify (pyHanko)."""

from advisor_app.export import deferred_patterns

# Before any module here imports ReportLab: its import-time patterns compile on first use.
deferred_patterns.install()
