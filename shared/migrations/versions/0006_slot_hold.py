"""slot_hold: time-slot places taken at central per order (site network)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 23:40:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

import shared.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'slot_hold',
        sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column('slot_id', sa.Integer(), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('device_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('created_at', shared.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['slot_id'], ['time_slot.id']),
        sa.PrimaryKeyConstraint('order_id', 'slot_id'),
    )


def downgrade() -> None:
    op.drop_table('slot_hold')
