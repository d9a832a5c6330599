"""link decisions: reviewers' merges and splits of records

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 02:00:00

A merge or a split in the workbench pins each draft of the records involved
to its record (``link_decision``), so ``reparse`` links it there again.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('link_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('draft_index', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('who', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], ),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id', 'draft_index', name='uq_link_decision_draft')
    )
    with op.batch_alter_table('link_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_decision_nomination_id'), ['nomination_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('link_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_decision_nomination_id'))

    op.drop_table('link_decision')
