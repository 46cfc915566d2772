pytest_plugins = ["carbon20.core.testing.fixtures"]
