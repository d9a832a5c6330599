"""workbench: accounts, overrides, audit, review state

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:36:05.502633

The reviewers' workbench: accounts, failed sign-ins, reviewers' overrides,
the audit log, and a record's review state (existing records start ``new``).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('who', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('mailbox', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_nomination', ['nomination_id', 'id'], unique=False)

    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account', 'address', name='uq_login_failure')
    )
    op.create_table('web_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('mailboxes', sa.JSON(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('record_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('who', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nomination_id', 'field', name='uq_record_override_field')
    )
    with op.batch_alter_table('record_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_override_nomination_id'), ['nomination_id'], unique=False)

    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_state', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False,
                                      server_default='new'))
        batch_op.add_column(sa.Column('review_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('search_key', sa.Text(), nullable=True))
        batch_op.create_index('ix_nomination_queue', ['mailbox', 'status', 'review_state', 'id', 'search_key'], unique=False)


    _fill_search_keys()


def _fill_search_keys() -> None:
    """Existing records get their folded search text (domain.fold), as records.rebuild writes it."""
    from domain import fold

    nomination = sa.table('nomination', sa.column('id', sa.Integer), sa.column('name', sa.Text),
                          sa.column('unit', sa.Text), sa.column('model_title', sa.Text),
                          sa.column('sender', sa.Text), sa.column('search_key', sa.Text))
    connection = op.get_bind()
    rows = connection.execute(sa.select(nomination.c.id, nomination.c.name, nomination.c.unit,
                                        nomination.c.model_title, nomination.c.sender)).all()
    for row in rows:
        key = fold(" | ".join(v for v in (row.name, row.unit, row.model_title, row.sender) if v))
        connection.execute(nomination.update().where(nomination.c.id == row.id).values(search_key=key))


def downgrade() -> None:
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index('ix_nomination_queue')
        batch_op.drop_column('review_note')
        batch_op.drop_column('search_key')
        batch_op.drop_column('review_state')

    with op.batch_alter_table('record_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_override_nomination_id'))

    op.drop_table('record_override')
    op.drop_table('web_user')
    op.drop_table('login_failure')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_nomination')

    op.drop_table('audit_entry')
