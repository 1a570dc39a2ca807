"""A deterministic national-scale data set for measuring Tendik (`manage.py generate --size demo|tenth|national`).

Every ayil aimak and town (every municipality of the loaded territories) gets one local plan reported every quarter
for N years: reports, their entries and the indicator values broken down by sex, age group and disability. The same
seed gives the same rows on SQLite and PostgreSQL.

Audit trail: domain rows (plans, measures, reports, entries, indicator values) are written with
`tendik.audit.services.audited_bulk_create`, one audit entry per row in the same transaction, exactly as the imports
do. Rows that carry no trail of their own anywhere in Tendik (report history events, many-to-many links) go through
`tendik.core.bulk.insert_rows`. Nothing else is bypassed.
"""

from tendik.portal.generate.plans import SIZES, Size, generate_plans

__all__ = ["SIZES", "Size", "generate_plans"]
