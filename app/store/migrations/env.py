"""Alembic's environment: runs on the connection (or engine) that app.store.db hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from app.store.schema import metadata

target_metadata = metadata


def run(connection: Connection) -> None:
    """Run the migrations on one connection; batch mode lets SQLite alter tables."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Online migrations only: the app always migrates a live database."""
    attributes = context.config.attributes
    connection = attributes.get("connection")
    if isinstance(connection, Connection):
        run(connection)
        return
    engine = attributes.get("engine")
    if not isinstance(engine, Engine):
        raise RuntimeError("app.store.db.upgrade() passes the database to Alembic")
    with engine.begin() as conn:
        run(conn)


main()
