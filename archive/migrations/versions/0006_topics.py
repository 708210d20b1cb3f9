"""topics, frozen snapshots and near-duplicate fingerprints

Revision ID: 0006_topics
Revises: 0003_extraction
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_topics"
down_revision = "0003_extraction"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_fingerprints",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("simhash", sa.BigInteger(), nullable=True),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.PrimaryKeyConstraint("article_id"),
    )
    with op.batch_alter_table("article_fingerprints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_fingerprints_cluster_id"), ["cluster_id"], unique=False
        )

    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("provinces", sa.JSON(), nullable=False),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "topic_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("software_version", sa.String(length=40), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("topic_id", "name", name="uq_topic_snapshots_name"),
    )
    with op.batch_alter_table("topic_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_topic_snapshots_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "topic_snapshot_articles",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("capture_id", sa.Integer(), nullable=False),
        sa.Column("capture_sha256", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["topic_snapshots.id"]),
        sa.PrimaryKeyConstraint("snapshot_id", "article_id"),
    )


def downgrade() -> None:
    op.drop_table("topic_snapshot_articles")
    with op.batch_alter_table("topic_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topic_snapshots_topic_id"))
    op.drop_table("topic_snapshots")
    op.drop_table("topics")
    with op.batch_alter_table("article_fingerprints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_fingerprints_cluster_id"))
    op.drop_table("article_fingerprints")
