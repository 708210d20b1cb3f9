"""attachments: documents linked from articles, their text, and the articles' links

Revision ID: 0009_attachments
Revises: 0005_crawl_ops
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_attachments"
down_revision = "0005_crawl_ops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("capture_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["capture_id"], ["captures.id"]),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id", "url", name="uq_attachments_site_url"),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_status"), ["status"], unique=False)
    op.create_table(
        "article_attachments",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachments.id"]),
        sa.PrimaryKeyConstraint("article_id", "attachment_id"),
    )


def downgrade() -> None:
    op.drop_table("article_attachments")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_status"))
        batch_op.drop_index(batch_op.f("ix_attachments_site_id"))
    op.drop_table("attachments")
