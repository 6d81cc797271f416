"""one heartbeat row per server process

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'server_process',
        sa.Column('process', sa.String(length=100), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('process', name=op.f('pk_server_process')),
    )


def downgrade() -> None:
    op.drop_table('server_process')
