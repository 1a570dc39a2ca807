"""Writes of the consultations module: typed, keyword-only, each in one transaction.

Submodules by sub-domain: meetings (series, meetings, files, problems), participants, recommendations (record,
link, merge), answers (answer, publish), informing (e-mail and in-app notices), seed (the May 2025 series),
spreadsheet (Excel export and import).
"""
