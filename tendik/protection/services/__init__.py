"""Writes of the protection module: named, keyword-only functions, each in one transaction.

Split by sub-domain: committees, appeals, families, cases, orders, referrals, meetings, events.
`actor` is the acting user (checked against the permission layer) or None for the system (commands, demo data).
"""
