"""room controls: focused board and shared timer

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('arena', schema=None) as batch_op:
        batch_op.add_column(sa.Column('focus_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('timer_ends_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('timer_seconds', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('arena', schema=None) as batch_op:
        batch_op.drop_column('timer_seconds')
        batch_op.drop_column('timer_ends_at')
        batch_op.drop_column('focus_kind')
