from carbon20.partnerships.tests.conftest import partnership_a  # noqa: F401  (a shared fixture)
