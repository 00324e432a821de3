"""hourly rollups of visits and sales, kept by triggers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 18:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

import shared.models
from shared import rollups


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scan_hour',
    sa.Column('hour', shared.models.UTCDateTime(), nullable=False),
    sa.Column('site_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('gate', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('direction', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('persons', sa.BigInteger(), nullable=False),
    sa.Column('scans', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('hour', 'site_code', 'gate', 'direction')
    )
    op.create_table('sale_hour',
    sa.Column('hour', shared.models.UTCDateTime(), nullable=False),
    sa.Column('site_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('product_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('category_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('tickets', sa.BigInteger(), nullable=False),
    sa.Column('persons', sa.BigInteger(), nullable=False),
    sa.Column('revenue', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('hour', 'site_code', 'product_id', 'category_id', 'country')
    )
    bind = op.get_bind()
    # Changing the triggers later means a new migration that drops these and creates the new ones.
    for statement in rollups.trigger_ddl(bind.dialect.name, rollups.SCAN_SALE_WATCHES):
        op.execute(statement)
    rollups.rebuild(bind, only=("scan_hour", "sale_hour"))  # existing scans and sales


def downgrade() -> None:
    for statement in rollups.drop_trigger_ddl(op.get_bind().dialect.name, rollups.SCAN_SALE_WATCHES):
        op.execute(statement)
    op.drop_table('sale_hour')
    op.drop_table('scan_hour')
