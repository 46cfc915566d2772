pytest_plugins = ["testsupport.fixtures", "testsupport.browser"]


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` exercise PostgreSQL itself (terminating its backends): they
    are left out, not skipped, of a run on SQLite; CI runs the suite on both."""
    import os

    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(
            items=[item for item in items if item.get_closest_marker("postgresql")]
        )
        items[:] = kept
