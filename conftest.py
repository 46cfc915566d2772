pytest_plugins = ["carbon20.core.testing.fixtures", "carbon20.core.testing.browser"]
