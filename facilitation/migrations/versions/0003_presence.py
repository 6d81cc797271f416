"""presence across server processes

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'presence',
        sa.Column('sid', sa.String(length=64), nullable=False),
        sa.Column('arena_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('process', sa.String(length=100), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['arena_id'], ['arena.id'], name=op.f('fk_presence_arena_id_arena'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_presence_participant_id_participant'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('sid', name=op.f('pk_presence')),
    )
    with op.batch_alter_table('presence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_presence_arena_id'), ['arena_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_presence_process'), ['process'], unique=False)


def downgrade() -> None:
    op.drop_table('presence')
