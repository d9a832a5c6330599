"""message claims: a lease so several workers share the parse queue

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00

``message.claimed_by``/``claimed_at``/``claim_expires_at`` mark a message a
worker is processing (claimed with SELECT ... FOR UPDATE SKIP LOCKED on
PostgreSQL); a crashed worker's claim runs out at ``claim_expires_at``.
``ix_message_status_id`` keeps finding the oldest ``received`` message
cheap however many messages are stored. ``parse_attempt.worker`` says which
worker made each attempt.
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claim_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_message_status_id', ['status', 'id'], unique=False)

    with op.batch_alter_table('parse_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('parse_attempt', schema=None) as batch_op:
        batch_op.drop_column('worker')

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_status_id')
        batch_op.drop_column('claim_expires_at')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('claimed_by')
