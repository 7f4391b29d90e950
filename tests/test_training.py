"""Training references: read, checked against the corpus text, held-out articles refused."""

import json

import pytest

from analysis.settings import CORPORA_DIR
from analysis.training import SOURCES, TRAINING_DIR, read_references, resolve, span_check


def _corpora(tmp_path):
    (tmp_path / "fakes").mkdir()
    (tmp_path / "fakes" / "FA-KES-Dataset.csv").write_text(
        'unit_id,article_title,article_content\n1,T,"Lavrov said the talks would go on."\n'
        '2,U,"Held out text."\n',
        encoding="latin-1",
    )
    (tmp_path / "fakes" / "HELD_OUT.txt").write_text("# held out\n2\n", encoding="utf-8")
    return tmp_path


def _write(folder, **record):
    folder.mkdir(exist_ok=True)
    line = {"source": "fakes", "split": "train", "themes": ["political_process"], **record}
    (folder / "labels.refs.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")


def test_a_reference_resolves_to_its_span(tmp_path):
    corpora = _corpora(tmp_path)
    _write(tmp_path / "t", unit="1", start=12, end=28, check=span_check("the talks would "))
    (labelled,) = resolve(read_references(tmp_path / "t"), corpora)
    assert labelled.content == "the talks would "
    assert labelled.reference.themes == ("political_process",)


def test_a_drifted_span_and_a_held_out_article_are_refused(tmp_path):
    corpora = _corpora(tmp_path)
    _write(tmp_path / "t", unit="1", start=12, end=28, check="0000000000")
    with pytest.raises(ValueError, match="drifted"):
        list(resolve(read_references(tmp_path / "t"), corpora))
    _write(tmp_path / "t", unit="2", start=0, end=4, check=span_check("Held"))
    with pytest.raises(ValueError, match="held out"):
        list(resolve(read_references(tmp_path / "t"), corpora))


def test_a_polnear_reference_resolves_to_its_file(tmp_path):
    text = "Trump said the fight against ISIS was going well."
    folder = tmp_path / "polnear-full" / "dev" / "text"
    folder.mkdir(parents=True)
    (folder / "nyt_2016-01-01_x.txt").write_text(text, encoding="utf-8")
    start = text.index("the fight")
    record = {"source": "polnear", "unit": "dev/nyt_2016-01-01_x", "split": "dev"}
    record |= {"start": start, "end": len(text) - 1, "check": span_check(text[start:-1])}
    (tmp_path / "p.refs.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (labelled,) = resolve(read_references(tmp_path), tmp_path)
    assert labelled.content == "the fight against ISIS was going well"
    assert labelled.reference.themes == ()


def test_a_bench_reference_resolves_to_its_page_body(tmp_path):
    body = "Moscow said the US forces in Syria were guarding the oil fields."
    folder = tmp_path / "article-extraction-benchmark"
    folder.mkdir()
    truth = {"abc": {"articleBody": body, "url": "https://example.org/a"}}
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    start = body.index("the US")
    record = {"source": "bench", "unit": "abc", "split": "train", "themes": ["military_bases"]}
    record |= {"start": start, "end": len(body) - 1, "check": span_check(body[start:-1])}
    (tmp_path / "b.refs.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (labelled,) = resolve(read_references(tmp_path), tmp_path)
    assert labelled.content == "the US forces in Syria were guarding the oil fields"
    record["unit"] = "missing"
    (tmp_path / "b.refs.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bench unit missing: absent"):
        list(resolve(read_references(tmp_path), tmp_path))


def test_a_malformed_line_names_its_file_and_line(tmp_path):
    (tmp_path / "bad.refs.jsonl").write_text('{"source": "fakes"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.refs\.jsonl:1"):
        read_references(tmp_path)


@pytest.mark.skipif(not (CORPORA_DIR / "fakes").exists(), reason="corpora not present")
def test_the_committed_references_match_the_corpora():
    references = read_references(TRAINING_DIR)
    assert len(list(resolve(references, CORPORA_DIR))) == len(references)
    assert {"fakes", "polnear"} <= {r.source for r in references} <= set(SOURCES)
    assert len(references) >= 800


def test_every_article_is_in_one_split():
    splits: dict = {}
    for reference in read_references(TRAINING_DIR):
        splits.setdefault(reference.article, set()).add(reference.split)
    assert splits and all(len(s) == 1 for s in splits.values())
