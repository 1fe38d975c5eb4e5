"""The plan as a signed-off PDF: export (ReportLab), sign (pyHanko), verify."""
