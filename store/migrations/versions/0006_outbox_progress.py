"""outbox: who is sending a row, and how far its SMTP transaction got

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:00:00

``outgoing_mail.claimed_by`` names the worker sending a row (so a row left
``sending`` by a dead process on this machine is taken back at once);
``smtp_stage`` is ``data_end`` once the end of DATA went to the server: only
then may the mail have been delivered without the service knowing.
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('smtp_stage', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_column('smtp_stage')
        batch_op.drop_column('claimed_by')
