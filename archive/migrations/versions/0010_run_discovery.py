"""crawl_run_sites.discovered: feeds and sitemaps a run found on its own

Revision ID: 0010_run_discovery
Revises: 0009_attachments
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_run_discovery"
down_revision = "0009_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_run_sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discovered", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_run_sites", schema=None) as batch_op:
        batch_op.drop_column("discovered")
