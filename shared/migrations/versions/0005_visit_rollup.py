"""hourly rollup of visits by the ticket's product, category and residence, kept by triggers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 20:10:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

import shared.models
from shared import rollups


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('visit_hour',
    sa.Column('hour', shared.models.UTCDateTime(), nullable=False),
    sa.Column('site_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('gate', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('direction', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('product_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('category_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('persons', sa.BigInteger(), nullable=False),
    sa.Column('scans', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('hour', 'site_code', 'gate', 'direction', 'product_id', 'category_id', 'country')
    )
    bind = op.get_bind()
    for statement in rollups.trigger_ddl(bind.dialect.name, rollups.VISIT_WATCHES):
        op.execute(statement)
    rollups.rebuild(bind, only=("visit_hour",))  # existing scans


def downgrade() -> None:
    for statement in rollups.drop_trigger_ddl(op.get_bind().dialect.name, rollups.VISIT_WATCHES):
        op.execute(statement)
    op.drop_table('visit_hour')
