"""pull_xid on the tables devices pull, set at central by a trigger, for incremental pulls

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 00:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# The tables of shared.sync.outbox.PULL_MODELS.
PULLED = (
    'site', 'category', 'product', 'product_site', 'price', 'time_slot', 'signing_key', 'device', 'revocation',
)

# The writing transaction's id, 64-bit (xid8: never wraps), on every insert and update at central.
FUNCTION = """
CREATE OR REPLACE FUNCTION citadel_pull_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.pull_xid := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    for table in PULLED:
        op.add_column(table, sa.Column('pull_xid', sa.BigInteger(), nullable=True))
        op.create_index(f'ix_{table}_pull_xid', table, ['pull_xid'], unique=False)
    if op.get_bind().dialect.name != 'postgresql':
        return  # a device journal (or a SQLite central for demos): full pulls, no trigger
    op.execute(FUNCTION)
    for table in PULLED:
        op.execute(
            f'CREATE TRIGGER {table}_pull_xid BEFORE INSERT OR UPDATE ON "{table}" '
            'FOR EACH ROW EXECUTE FUNCTION citadel_pull_xid()'
        )
        op.execute(f'UPDATE "{table}" SET pull_xid = NULL')  # the trigger stamps the existing rows


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in PULLED:
            op.execute(f'DROP TRIGGER IF EXISTS {table}_pull_xid ON "{table}"')
        op.execute('DROP FUNCTION IF EXISTS citadel_pull_xid()')
    for table in PULLED:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f'ix_{table}_pull_xid')
            batch.drop_column('pull_xid')
