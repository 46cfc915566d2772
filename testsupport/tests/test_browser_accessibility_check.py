"""The accessibility check itself: it must catch what it promises to catch."""

import pytest

from testsupport.browser import accessibility_violations, assert_accessible

pytestmark = pytest.mark.browser

ACCESSIBLE = """<!DOCTYPE html><html lang="da"><head><title>Prøve</title></head><body>
<main><h1>Prøve</h1><label for="navn">Navn</label><input id="navn" name="navn"></main>
</body></html>"""

# Four level A/AA failures: no lang, an unlabelled field, an image without text, and grey on
# white below the 4.5:1 contrast ratio.
INACCESSIBLE = """<!DOCTYPE html><html><head><title>Prøve</title></head><body>
<main><h1>Prøve</h1><input name="navn"><img src="data:,">
<p style="color:#aaaaaa;background:#ffffff">Svag tekst</p></main>
</body></html>"""


def test_an_accessible_page_passes(page):
    page.set_content(ACCESSIBLE)
    assert_accessible(page)


def test_wcag_violations_fail_the_test_and_are_each_named(page):
    page.set_content(INACCESSIBLE)
    rules = {violation["id"] for violation in accessibility_violations(page)}
    assert {"html-has-lang", "label", "image-alt", "color-contrast"} <= rules

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    report = str(failure.value)
    for rule in ("html-has-lang", "label", "image-alt", "color-contrast"):
        assert rule in report
