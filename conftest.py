pytest_plugins = ["testsupport.fixtures", "testsupport.browser"]
