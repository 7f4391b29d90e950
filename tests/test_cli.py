"""The command line (DESIGN.md section 2): outputs, one-line errors, exit codes."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis.__main__ import main, parse_map
from analysis.settings import PROJECT_DIR

SEED = PROJECT_DIR / "seeds" / "000_8ef2b430cbc42be6.txt"


def test_parse_map_reads_field_column_pairs():
    assert parse_map("text=body, title=headline") == {"text": "body", "title": "headline"}
    assert parse_map(None) is None
    with pytest.raises(SystemExit, match="--map"):
        parse_map("text")


def test_articles_prints_one_record_per_article_with_the_contract_fields(capsysbinary):
    assert main(["articles", str(SEED)]) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    record = json.loads(lines[0])
    assert len(lines) == 1
    fields = ["article_id", "origin", "outlet", "title", "published", "url", "language", "text"]
    assert list(record)[: len(fields)] == fields
    assert record["outlet"] == "Turkish Minute" and record["published"] is None


def test_bad_input_beside_good_input_is_one_line_and_exit_zero(tmp_path, capsysbinary):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["articles", str(SEED), str(bad)]) == 0
    captured = capsysbinary.readouterr()
    errors = captured.err.decode().strip().splitlines()
    assert len(errors) == 1 and "broken.json" in errors[0]
    assert len(captured.out.decode().splitlines()) == 1


def test_nothing_readable_exits_non_zero_without_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "articles", str(empty)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "empty.txt" in done.stderr


def test_extract_writes_statements_of_the_seed(tmp_path):
    out = tmp_path / "seed.jsonl"
    assert main(["extract", str(SEED), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 8
    assert {r["speaker"] for r in records} == {"Andrei Buravov"}
    assert {r["speaker_country"] for r in records} == {"Russia"}
    assert all(r["outlet"] == "Turkish Minute" and r["published"] is None for r in records)
    themes = {t for r in records for t in r["themes"]}
    assert {"military_bases", "political_process", "bilateral_consultation"} <= themes


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_extract_other_formats(tmp_path, fmt):
    out = tmp_path / f"seed.{fmt}"
    assert main(["extract", str(SEED), "--format", fmt, "--out", str(out)]) == 0
    frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
    assert len(frame) >= 8 and set(frame["speaker"]) == {"Andrei Buravov"}


def test_ingest_twice_parses_once(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["ingest", str(SEED), "--store", str(store)]) == 0
    assert "added 1 article(s)" in capsys.readouterr().out
    assert main(["ingest", str(SEED), "--store", str(store)]) == 0
    assert "added 0 article(s), 1 unchanged" in capsys.readouterr().out


def test_evaluate_names_a_missing_gold_file(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path / "nope.gold.jsonl")]) == 1
    assert "nope.gold.jsonl" in capsys.readouterr().err


def test_chart_draws_the_links_store_version_and_its_footer_says_so(tmp_path, capsys):
    from analysis.store import Store
    from analysis.synthetic import synthetic_tables

    store = tmp_path / "store"
    Store(store).write(synthetic_tables(120, seed=1))
    Store(store).write(synthetic_tables(80, seed=2))
    pinned, latest = tmp_path / "v0.html", tmp_path / "latest.html"
    argv = ["chart", "top_countries", "--store", str(store), "--out"]
    assert main([*argv, str(pinned), "--query", "as_of=0"]) == 0
    assert main([*argv, str(latest)]) == 0
    assert "120 statements" in pinned.read_text() and "as_of=0" in pinned.read_text()
    assert "200 statements" in latest.read_text() and "as_of=1" in latest.read_text()
    assert main([*argv, str(pinned), "--query", "as_of=7"]) != 0
    assert "no version 7" in capsys.readouterr().err
