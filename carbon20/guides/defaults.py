"""The product's default guides, written for this platform: Markdown files shipped with the
code, one per kind and language, whose first line is the title (`# …`).

Kept free of models so that the data migration can read the same files."""

from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / "default_guides"
KINDS = ("first_meeting", "screening", "screening_report", "action_plan", "follow_up", "model")
LANGUAGES = ("da", "en")


def read_default(kind: str, language: str) -> tuple[str, str]:
    """The default's title and body."""
    text = (DEFAULT_DIR / f"{kind}.{language}.md").read_text(encoding="utf-8")
    first, _newline, body = text.partition("\n")
    return first.removeprefix("# ").strip(), body.strip() + "\n"
