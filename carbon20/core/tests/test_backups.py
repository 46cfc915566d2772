"""`make backup` and `make restore`: a database with data and stored files is backed up,
wiped, and restored to the same counts and the same file contents. Runs on SQLite and, when
DATABASE_URL names PostgreSQL, on PostgreSQL (pg_dump / pg_restore)."""

import hashlib
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from carbon20.energy.models import ConsumptionRecord
from carbon20.energy.tests.conftest import add_record
from carbon20.organisations.models import Company
from testsupport.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _media_hashes(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_backup_wipe_restore_gives_back_data_and_files(company_a, settings, tmp_path, capsys):
    from datetime import date

    record = add_record(company_a, "electricity", date(2024, 1, 1), date(2024, 1, 31), "5", "kWh")
    record.evidence.save("regning.pdf", ContentFile(minimal_pdf("bill")))
    counts = (Company.objects.count(), ConsumptionRecord.objects.count())
    media = Path(settings.MEDIA_ROOT)
    hashes = _media_hashes(media)
    assert hashes

    call_command("backup", into=tmp_path / "backups")
    folder = Path(capsys.readouterr().out.strip())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["files"]) == {manifest["database"], "media.tar.gz"}

    ConsumptionRecord.objects.all().delete()
    Company.objects.filter(pk=company_a.pk).update(name="Wiped")
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()

    call_command("restore", str(folder))
    assert (Company.objects.count(), ConsumptionRecord.objects.count()) == counts
    assert Company.objects.get(pk=company_a.pk).name == company_a.name
    assert _media_hashes(media) == hashes


def test_a_damaged_backup_is_refused_before_anything_changes(company_a, tmp_path, capsys):
    call_command("backup", into=tmp_path)
    folder = Path(capsys.readouterr().out.strip())
    (folder / "media.tar.gz").write_bytes(b"damaged")
    Company.objects.filter(pk=company_a.pk).update(name="Kept")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(folder))
    assert Company.objects.get(pk=company_a.pk).name == "Kept"
