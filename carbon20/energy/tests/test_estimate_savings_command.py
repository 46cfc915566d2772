"""`manage.py estimate_savings` as scripts call it: in a subprocess with no environment."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carbon20.energy.calc.savings.synthetic import (
    TrueModel,
    danish_temperatures,
    meter,
    monthly_bills,
    production_per_day,
    production_periods,
)

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"
TEMPERATURES = danish_temperatures()
WINDOWS = ["--baseline", "2022-01-01:2022-12-31", "--reporting", "2024-01-01:2024-12-31"]


def write_readings(path: Path, readings, danish: bool = False) -> Path:
    if danish:
        lines = ["Fra;Til;Mængde"] + [
            f"{r.start:%d-%m-%Y};{r.end:%d.%m.%Y};{r.quantity:.4f}".replace(".", ",", 0)
            for r in readings
        ]
        text = "\n".join(
            line
            if n == 0
            else line.rsplit(";", 1)[0] + ";" + line.rsplit(";", 1)[1].replace(".", ",")
            for n, line in enumerate(lines)
        )
        path.write_bytes(("\ufeff" + text + "\n").encode("utf-8"))
    else:
        lines = ["period_start,period_end,quantity"] + [
            f"{r.start.isoformat()},{r.end.isoformat()},{r.quantity!r}" for r in readings
        ]
        path.write_text("\n".join(lines) + "\n")
    return path


def write_temperatures(path: Path, temperatures=TEMPERATURES) -> Path:
    lines = ["date,mean_temperature_c"] + [
        f"{day.isoformat()},{value}" for day, value in sorted(temperatures.items())
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def run_bare(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """As the acceptance checks run it: no environment but PATH, another working directory."""
    return subprocess.run(
        [sys.executable, str(MANAGE), "estimate_savings", *args],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def files(tmp_path):
    truth = TrueModel(base=40.0, heating=6.0, heating_bp=15.5)
    consumption = write_readings(tmp_path / "C.csv", meter(truth, TEMPERATURES, saving=0.12))
    temperature = write_temperatures(tmp_path / "T.csv")
    return tmp_path, consumption, temperature


def test_the_command_runs_with_no_environment(files):
    _folder, consumption, temperature = files
    done = run_bare(
        "--consumption",
        str(consumption),
        "--temperature",
        str(temperature),
        *WINDOWS,
        "--json",
        cwd=Path("/"),
    )
    assert done.returncode == 0, done.stderr
    shape = json.loads(done.stdout)
    assert shape["sufficient"] is True
    assert shape["savings_percent"] == pytest.approx(12.0, abs=1e-6)
    assert shape["savings"] == pytest.approx(shape["predicted"] - shape["observed"])
    assert shape["model"]["kind"] == "hdd"
    assert shape["model"]["heating_balance_point_c"] == 15.5
    assert shape["model"]["coefficients"]["hdd"] == pytest.approx(6.0)
    for key in ("fsu_percent", "cv_rmse", "nmbe", "r2", "reasons"):
        assert key in shape


def test_insufficient_data_print_the_reasons_and_exit_1(files):
    folder, consumption, temperature = files
    done = run_bare(
        "--consumption",
        str(consumption),
        "--temperature",
        str(temperature),
        "--baseline",
        "2022-01-01:2022-07-19",
        "--reporting",
        "2024-01-01:2024-12-31",
        "--json",
        cwd=folder,
    )
    assert done.returncode == 1
    shape = json.loads(done.stdout)
    assert shape["sufficient"] is False
    assert shape["reasons"] == ["the baseline covers 200 days; at least 329 are needed"]


def test_a_bad_row_is_named_and_exits_1(files):
    folder, consumption, temperature = files
    lines = consumption.read_text().splitlines()
    lines[5] = "2021-01-05,2021-01-05,abc"
    lines[7] = "2021-01-07,2021-01-07,-4.5"
    lines[9] = "2021-13-01,2021-01-09,4.5"
    consumption.write_text("\n".join(lines) + "\n")
    done = run_bare(
        "--consumption",
        str(consumption),
        "--temperature",
        str(temperature),
        *WINDOWS,
        "--json",
        cwd=folder,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["reasons"] == [
        "C.csv, row 6: “abc” is not a number.",
        "C.csv, row 8: the quantity -4.5 is negative.",
        "C.csv, row 10: “2021-13-01” is not a valid date.",
    ]
    assert "C.csv, row 6: “abc” is not a number." in done.stderr


def test_the_danish_form_with_production(tmp_path):
    produced = production_per_day(list(TEMPERATURES), growth=0.3)
    truth = TrueModel(base=100.0, heating=3.0, heating_bp=14.0, per_unit=2.5)
    bills = monthly_bills(meter(truth, TEMPERATURES, saving=0.08, production=produced))
    consumption = write_readings(tmp_path / "C.csv", bills, danish=True)
    production = write_readings(tmp_path / "P.csv", production_periods(produced), danish=True)
    out = StringIO()
    call_command(
        "estimate_savings",
        "--consumption",
        str(consumption),
        "--temperature",
        str(write_temperatures(tmp_path / "T.csv")),
        "--production",
        str(production),
        *WINDOWS,
        "--json",
        stdout=out,
    )
    shape = json.loads(out.getvalue())
    assert shape["savings_percent"] == pytest.approx(8.0, abs=1e-6)
    assert shape["model"]["production"] is True
    assert shape["model"]["granularity"] == "billing"


def test_the_summary_reads_as_sentences(files):
    _folder, consumption, temperature = files
    out = StringIO()
    call_command(
        "estimate_savings",
        "--consumption",
        str(consumption),
        "--temperature",
        str(temperature),
        *WINDOWS,
        stdout=out,
    )
    text = out.getvalue()
    assert "Model: hdd heating balance point 15.5 °C" in text
    assert "(12.00 %)" in text
    assert "Fractional savings uncertainty" in text


def test_the_summary_of_a_refusal(files):
    _folder, consumption, temperature = files
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "estimate_savings",
            "--consumption",
            str(consumption),
            "--temperature",
            str(temperature),
            "--baseline",
            "2022-01-01:2022-12-31",
            "--reporting",
            "2021-01-01:2021-12-31",
            stdout=out,
        )
    assert exited.value.code == 1
    assert out.getvalue().splitlines() == [
        "The data do not suffice:",
        "  - the reporting period begins on 01.01.2021, before the baseline ends on 31.12.2022",
    ]


@pytest.mark.parametrize(
    "header,problem",
    [
        (
            "period_start,period_end,quantity,meter",
            "C.csv: unknown column “meter”; the columns are period_start, period_end, quantity.",
        ),
        ("period_start,quantity", "C.csv has no column period_end."),
        ("period_start,period_start,quantity", "C.csv: the column period_start appears twice."),
    ],
)
def test_columns_are_checked(tmp_path, header, problem):
    consumption = tmp_path / "C.csv"
    consumption.write_text(header + "\n2022-01-01,2022-01-01,1,1\n")
    with pytest.raises(CommandError) as refused:
        call_command(
            "estimate_savings",
            "--consumption",
            str(consumption),
            "--temperature",
            str(write_temperatures(tmp_path / "T.csv")),
            *WINDOWS,
        )
    assert problem in str(refused.value).splitlines()


def test_temperature_files_and_windows_are_checked(tmp_path):
    temperature = tmp_path / "T.csv"
    temperature.write_text(
        "date;mean_temperature_c\n01-01-2022;1,5\n01-01-2022;2,5\n02-01-2022;x\n03-01-2022;\n"
    )
    empty = tmp_path / "C.csv"
    empty.write_text("period_start,period_end,quantity\n")
    with pytest.raises(CommandError) as refused:
        call_command(
            "estimate_savings",
            "--consumption",
            str(empty),
            "--temperature",
            str(temperature),
            "--baseline",
            "2022-01-01",
            "--reporting",
            "2024-01-01:2024-13-01",
            "--json",
            stdout=StringIO(),
        )
    assert str(refused.value).splitlines() == [
        "--baseline: “2022-01-01” is not a period; write first:last, e.g. 2022-01-01:2022-12-31.",
        "--reporting: “2024-13-01” is not a valid date.",
        "C.csv has no data rows.",
        "T.csv, row 3: 01.01.2022 appears more than once.",
        "T.csv, row 4: “x” is not a number.",
        "T.csv, row 5: mean_temperature_c is empty.",
    ]


def test_an_unreadable_or_empty_file(tmp_path):
    blank = tmp_path / "T.csv"
    blank.write_text("\n\n")
    with pytest.raises(CommandError) as refused:
        call_command(
            "estimate_savings",
            "--consumption",
            str(tmp_path / "missing.csv"),
            "--temperature",
            str(blank),
            *WINDOWS,
        )
    assert str(refused.value).splitlines() == [
        "missing.csv cannot be read: No such file or directory",
        "T.csv is empty.",
    ]
