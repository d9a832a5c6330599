"""drafts per message

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 04:20:28.289085
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('drafts', sa.JSON(), nullable=True))

    with op.batch_alter_table('nomination_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_index', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('nomination_message', schema=None) as batch_op:
        batch_op.drop_column('draft_index')

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('drafts')

