"""Generated documents: the consultation's resolution, the series' consolidated report and feedback sheets,
as HTML (print), PDF (WeasyPrint) and Word (python-docx)."""
