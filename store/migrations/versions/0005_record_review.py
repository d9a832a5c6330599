"""nomination.review: items a person must settle (never flagged to the sender)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('nomination') as batch:
        batch.add_column(sa.Column('review', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('nomination') as batch:
        batch.drop_column('review')
