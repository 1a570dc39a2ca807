"""A deterministic national-scale data set for measuring Tendik (`manage.py generate --size demo|tenth|national`).

Every ayil aimak and town (every municipality of the loaded territories) gets one local plan reported every quarter
for N years: reports, their entries and the indicator values broken down by sex, age group and disability. The same
seed gives the same rows on SQLite and PostgreSQL.

Audit trail: every domain row has the audit entry `tendik.audit.services.audited_bulk_create` writes (one per row,
in the same transaction). Plans, measures and reports go through it; report entries and indicator values, the
million-row tables, go through `tendik.audit.services.write_audited` (also the plan progress import's writer),
which writes the same rows and the same audit entries without model instances (COPY on PostgreSQL, a prepared
INSERT on SQLite; a test compares the entries with what the models would record).
Rows that carry no trail of their own anywhere in Tendik (report history events,
many-to-many links) go through `tendik.core.bulk.insert_rows`. The rolled-up indicator sums are recounted once at
the end (`tendik.plans.rollups.rebuild`). Nothing else is bypassed.
"""

from tendik.portal.generate.plans import SIZES, Size, generate_plans

__all__ = ["SIZES", "Size", "generate_plans"]
