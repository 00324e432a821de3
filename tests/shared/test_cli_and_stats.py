"""The `citadel` CLI as a newcomer runs it (in a subprocess), the catalogue file, and statistics."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared import db, stats
from shared.catalogue import demo_catalogue_path, load_catalogue, parse_catalogue
from shared.errors import CitadelError
from shared.models import Site, new_uuid7
from shared.redemption import redeem

CITADEL = [sys.executable, "-c", "import sys; from shared.cli import main; sys.exit(main())"]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CITADEL, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITADEL_")}
    env["CITADEL_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_cli_newcomer_path_sell_verify_report(cli_env: dict[str, str], tmp_path: Path) -> None:
    assert run(["db", "upgrade"], cli_env).returncode == 0
    assert run(["catalogue", "load"], cli_env).returncode == 0
    shown = json.loads(run(["catalogue", "show", "--json"], cli_env).stdout)
    assert {p["code"] for p in shown} >= {"combo-3", "combo-4", "combo-all", "imperial-city"}
    assert run(["keys", "create", "--approve"], cli_env).returncode == 0
    sold = run(
        [
            "sell",
            "--product",
            "combo-3",
            "--adult",
            "2",
            "--child",
            "1",
            "--country",
            "KR",
            "--qr-dir",
            str(tmp_path / "qr"),
            "--json",
        ],
        cli_env,
    )
    assert sold.returncode == 0, sold.stderr
    order = json.loads(sold.stdout)
    assert order["total"] == 2 * 420_000 + 80_000 and len(order["tickets"]) == 3
    assert all(Path(t["qr"]).exists() for t in order["tickets"])
    token = order["tickets"][0]["token"]
    dry = run(["verify", token, "--site", "minh-mang", "--dry-run"], cli_env)
    assert dry.returncode == 0 and "ADMIT" in dry.stdout
    first = run(["verify", token, "--site", "minh-mang", "--gate", "G1", "--json"], cli_env)
    assert first.returncode == 0 and json.loads(first.stdout)["code"] == "admitted"
    second = run(["verify", token, "--site", "minh-mang"], cli_env)
    assert second.returncode == 1 and "already_used" in second.stdout and "G1" in second.stdout
    wrong = run(["verify", token, "--site", "tu-duc"], cli_env)
    assert wrong.returncode == 1 and "wrong_site" in wrong.stdout
    forged = run(["verify", token[:-4] + "AAAA", "--site", "minh-mang"], cli_env)
    assert forged.returncode == 1 and "Traceback" not in forged.stderr
    today = datetime.now(UTC).date()
    rep = run(
        [
            "report",
            "--from",
            (today - timedelta(days=1)).isoformat(),
            "--to",
            (today + timedelta(days=1)).isoformat(),
            "--by",
            "site",
            "--format",
            "json",
        ],
        cli_env,
    )
    rows = {r["site"]: r for r in json.loads(rep.stdout)}
    assert rows["minh-mang"]["entries"] == 1
    assert rows["imperial-city"]["revenue"] == order["total"]
    checked = run(["db", "rollups", "--json"], cli_env)
    assert checked.returncode == 0 and json.loads(checked.stdout)["differences"] == []
    db_file = Path(cli_env["CITADEL_DATA_DIR"]) / "citadel.sqlite3"
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE scan_hour SET persons = persons + 5")
    damaged = run(["db", "rollups"], cli_env)
    assert damaged.returncode == 1 and "scan_hour" in damaged.stdout and "Traceback" not in damaged.stderr
    assert run(["db", "rollups", "--rebuild"], cli_env).returncode == 0


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["verify", "x", "--site", "nowhere"], "not_found"),
        (["report", "--from", "yesterday", "--to", "2026-01-01"], "bad_date"),
        (["report", "--from", "2026-01-01", "--to", "2026-01-02", "--by", "colour"], "bad_dimension"),
        (["sell", "--product", "combo-3", "--adult", "1"], "device_not_approved"),
        (["sell", "--product", "combo-3", "--adult", "1", "--pay", "stripe"], "provider_not_supported"),
    ],
)
def test_cli_errors_are_coded_and_never_a_traceback(cli_env, args, code) -> None:
    run(["db", "upgrade"], cli_env)
    run(["catalogue", "load"], cli_env)
    result = run(args, cli_env)
    assert result.returncode == 2
    assert f"[{code}]" in result.stderr and "Traceback" not in result.stderr


def test_cli_errors_translate(cli_env) -> None:
    run(["db", "upgrade"], cli_env)
    result = run(["report", "--from", "x", "--to", "y"], cli_env | {"CITADEL_LANGUAGE": "vi"})
    assert "Không phải ngày" in result.stderr


def test_cli_says_how_to_approve_an_unapproved_device(cli_env) -> None:
    run(["db", "upgrade"], cli_env)
    run(["catalogue", "load"], cli_env)
    refused = run(["sell", "--product", "combo-3", "--adult", "1"], cli_env)
    assert "[device_not_approved]" in refused.stderr and "citadel keys create --approve" in refused.stderr
    assert run(["keys", "create", "--approve"], cli_env).returncode == 0
    assert run(["sell", "--product", "combo-3", "--adult", "1"], cli_env).returncode == 0


def test_cli_without_database_says_what_to_do(cli_env) -> None:
    result = run(["keys", "list"], cli_env)
    assert (
        result.returncode == 2 and "citadel db upgrade" in result.stderr and "Traceback" not in result.stderr
    )


def test_demo_catalogue_matches_the_reference_prices() -> None:
    spec = parse_catalogue(demo_catalogue_path())
    prices = {p.code: p.prices for p in spec.products}
    assert prices["imperial-city"] == {"adult": 200_000, "child": 40_000, "free": 0}
    assert prices["combo-3"]["adult"] == 420_000 and prices["combo-4"]["adult"] == 530_000
    assert prices["combo-all"] == {"adult": 600_000, "child": 120_000, "free": 0}
    assert len(spec.sites) == 12
    assert {p.code: p.validity_days for p in spec.products}["combo-all"] == 5


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("this is = not toml [", "catalogue_invalid"),
        (
            "categories = []\nsites = []\nproducts = [{code='x', number=1, sites=['nowhere'], prices={}}]",
            "catalogue_invalid",
        ),
        ("categories = []\nsites = [{code='a', bit=99}]\nproducts = []", "catalogue_invalid"),
    ],
)
def test_malformed_catalogue_is_refused_and_writes_nothing(sqlite_engine, tmp_path, content, problem) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with db.session_scope(sqlite_engine) as s, pytest.raises(CitadelError) as info:
        load_catalogue(s, path)
    assert info.value.code == problem
    from sqlmodel import select

    with db.session_scope(sqlite_engine) as s:
        assert s.exec(select(Site)).all() == []


def test_occupancy_flow_and_auto_checkout(world) -> None:
    _, tokens = world.sell("imperial-city", adult=5, country="FR")
    _, [group] = world.sell("imperial-city", adult=10, group=True, country="VN")
    from shared.timeutil import local_date, local_time_utc

    day = local_date(datetime.now(UTC), "Asia/Ho_Chi_Minh")  # the site's business day, not the machine's

    at = local_time_utc(day, "10:00")
    with db.session_scope(world.engine) as s:
        for i, t in enumerate(tokens):
            redeem(
                s,
                world.keyring,
                t,
                world.sites["imperial-city"],
                f"gate-{i % 2 + 1}",
                "in",
                at + timedelta(minutes=i),
                new_uuid7(),
            )
        redeem(s, world.keyring, group, world.sites["imperial-city"], "gate-1", "in", at, new_uuid7())
        redeem(
            s,
            world.keyring,
            tokens[0],
            world.sites["imperial-city"],
            "exit-1",
            "out",
            at + timedelta(minutes=20),
            new_uuid7(),
        )
    with db.session_scope(world.engine) as s:
        from sqlmodel import select

        site = s.exec(select(Site).where(Site.code == "imperial-city")).one()
        noon = stats.site_day(s, site, local_time_utc(day, "12:00"))
        assert (noon.entries, noon.exits, noon.occupancy) == (15, 1, 14)
        after_close = stats.site_day(s, site, local_time_utc(day, "17:31"))
        assert after_close.occupancy == 0 and after_close.entries == 15
        buckets = stats.flow(s, at - timedelta(hours=1), at + timedelta(hours=1), "imperial-city")
        assert sum(b.persons for b in buckets if b.direction == "in") == 15
        assert {b.start.minute % 15 for b in buckets} == {0}
        rows = stats.report(s, day, day, ["residence"])
        by = {r["residence"]: r for r in rows}
        assert by["international"]["entries"] == 5 and by["domestic"]["entries"] == 10
        assert by["international"]["revenue"] == 5 * 200_000 and by["domestic"]["revenue"] == 10 * 200_000
