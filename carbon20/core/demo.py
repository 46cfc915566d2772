"""Demo data helpers shared by the apps' `demo.py` modules."""

from contextlib import suppress

from carbon20.core.validators import CVR_WEIGHTS

DEMO_PASSWORD = "carbon20-demo"


def demo_cvr(serial: int) -> str:
    """A checksum-valid CVR that begins with 0, which the register never issues, so it cannot
    belong to a real firm. Serials whose check digit would be 10 are skipped by the caller."""
    first_seven = f"0{serial:06d}"
    weighted = sum(int(d) * w for d, w in zip(first_seven, CVR_WEIGHTS[:7], strict=True))
    check = (-weighted) % 11
    if check == 10:
        raise ValueError("no check digit for this serial")
    return first_seven + str(check)


def demo_cvrs(count: int, start: int = 100) -> list[str]:
    numbers: list[str] = []
    serial = start
    while len(numbers) < count:
        with suppress(ValueError):
            numbers.append(demo_cvr(serial))
        serial += 1
    return numbers
