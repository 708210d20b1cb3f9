"""articles keyed by article_key (canonical URL, or site + date + title)

WebSphere portals serve one article under many opaque URLs, so an article is
no longer its canonical URL: ``article_key`` takes over uniqueness (existing rows
keep their URL as key) and ``canonical_url`` becomes a plain indexed column.

Revision ID: 0003_extraction
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_extraction"
down_revision = "0001"
branch_labels = None
depends_on = None

# SQLite's unnamed constraints get these names while batch mode rebuilds the table.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _url_constraint() -> str:
    """The unique constraint 0001 put on canonical_url, as this backend named it."""
    if op.get_bind().dialect.name == "postgresql":
        return "articles_canonical_url_key"
    return "uq_articles_canonical_url"


def upgrade() -> None:
    with op.batch_alter_table("articles", naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("article_key", sa.Text(), nullable=True))
    op.execute("UPDATE articles SET article_key = canonical_url")
    with op.batch_alter_table("articles", naming_convention=NAMING) as batch_op:
        batch_op.alter_column("article_key", existing_type=sa.Text(), nullable=False)
        batch_op.drop_constraint(_url_constraint(), type_="unique")
        batch_op.create_unique_constraint("uq_articles_article_key", ["article_key"])
        batch_op.create_index("ix_articles_canonical_url", ["canonical_url"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("articles", naming_convention=NAMING) as batch_op:
        batch_op.drop_index("ix_articles_canonical_url")
        batch_op.drop_constraint("uq_articles_article_key", type_="unique")
        batch_op.create_unique_constraint(_url_constraint(), ["canonical_url"])
        batch_op.drop_column("article_key")
