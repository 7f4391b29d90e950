"""Records: JSON, JSONL, CSV and TSV rows, common column names and column maps."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from load_inputs import BODY, OTHER_BODY, assert_one_line_naming, load, need, write

from analysis import settings
from analysis.load import parse_column_map

FAKES = settings.CORPORA_DIR / "fakes" / "FA-KES-Dataset.csv"


def test_json_list_and_object_with_common_names(tmp_path):
    listing = [
        {"headline": "One", "content": BODY, "publish_date": "2020-03-05", "source": "Neva Wire"},
        {"title": "Two", "body": "<p>" + OTHER_BODY + "</p><script>x()</script>", "link": "x"},
    ]
    write(tmp_path / "list.json", json.dumps(listing))
    write(
        tmp_path / "wrapped.json",
        json.dumps({"articles": [{"text": BODY + " More.", "url": "https://e.example/a"}]}),
    )
    found, problems = load(tmp_path)
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'list.json'}: script or style markup removed from 1 record(s)"
    ]
    assert [a.title for a in found] == ["One", "Two", None]
    assert found[0].published == "2020-03-05" and found[0].outlet == "Neva Wire Service"
    assert found[1].text == OTHER_BODY and found[1].url is None  # "x" is not a URL
    assert found[2].url == "https://e.example/a"


def test_json_paragraph_lists_and_tsv(tmp_path):
    paragraphs = [{"body": BODY.split("\n\n"), "headline": "Listed"}]
    tsv = "title\ttext\nTabbed\t" + OTHER_BODY + "\n"
    found, problems = load(
        write(tmp_path / "p.json", json.dumps(paragraphs)), write(tmp_path / "t.tsv", tsv)
    )
    assert problems == []
    assert [(a.title, a.text) for a in found] == [("Listed", BODY), ("Tabbed", OTHER_BODY)]


def test_jsonl_with_a_bad_line_loads_the_good_ones(tmp_path):
    lines = [json.dumps({"text": BODY}), "{broken", json.dumps({"text": OTHER_BODY}), "[1]"]
    path = write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")
    found, problems = load(path)
    assert len(found) == 2
    assert_one_line_naming(problems, path)
    assert "2 malformed" in problems[0].reason


def test_csv_latin1_with_us_dates_and_column_map(tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "my_title", "story_text", "when", "agency"])
    writer.writerow([1, "Café talks", "Caf\u00e9 talks in Ankara. " + OTHER_BODY, "3/9/2020", "X"])
    writer.writerow([2, "Second", OTHER_BODY.replace("Lavrov", "Peskov"), "12/31/2019", "Y"])
    latin = buffer.getvalue().encode("latin-1")
    path = write(tmp_path / "t.csv", latin)
    mapping = {"text": "story_text", "title": "my_title", "published": "when", "outlet": "agency"}
    found, problems = load(path, column_map=mapping)
    assert problems == []
    assert [a.published for a in found] == ["2020-03-09", "2019-12-31"]
    assert found[0].text.startswith("Café talks") and found[0].title == "Café talks"
    assert [a.outlet for a in found] == ["X", "Y"]


def test_headline_repeated_at_the_start_of_the_body_is_dropped(tmp_path):
    title = "Moscow and Ankara extend Idlib truce"
    rows = [
        {"title": title, "text": f"Wed 05 Apr 2017 {title}. {OTHER_BODY}"},
        {"title": title + " again", "text": f"{title} again\n{BODY}"},
        {
            "title": "Lavrov said Moscow",
            "text": OTHER_BODY.replace("Russian Foreign Minister ", ""),
        },
    ]
    found, problems = load(write(tmp_path / "r.json", json.dumps(rows)))
    assert problems == []
    assert found[0].text == OTHER_BODY
    assert found[1].text == BODY
    assert found[2].text.startswith("Sergei Lavrov said Moscow")  # a prefix with no date: kept


def test_csv_common_names_and_semicolons(tmp_path):
    text = "Title;Article_Content;Date\nA;" + BODY.replace("\n\n", " ") + ";2021-01-02\n"
    (article,), problems = load(write(tmp_path / "s.csv", text))
    assert problems == [] and article.title == "A" and article.published == "2021-01-02"


def test_missing_text_column_is_one_clear_problem(tmp_path):
    path = write(tmp_path / "n.csv", "name,value\na,1\nb,2\n")
    found, problems = load(path)
    assert found == []
    assert_one_line_naming(problems, path)
    assert "no text column" in problems[0].reason and "name, value" in problems[0].reason


def test_parse_column_map():
    assert parse_column_map("text=body, date=when,source=agency") == {
        "text": "body",
        "published": "when",
        "outlet": "agency",
    }
    with pytest.raises(ValueError, match="unknown field"):
        parse_column_map("colour=red")
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        parse_column_map("text")


@pytest.mark.corpus
def test_fakes_every_row_loads():
    need(FAKES)
    with FAKES.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found, problems = load(FAKES)
    assert problems == []

    def words(title: str | None) -> str:
        return "".join(re.findall(r"[a-z0-9]+", (title or "").lower()))

    loaded_titles = {words(a.title) for a in found}
    assert [r["unit_id"] for r in rows if words(r["article_title"]) not in loaded_titles] == []
    # Rows that repeat another row's article (the same text) are one article.
    assert len(rows) - 20 <= len(found) < len(rows)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", a.published or "") for a in found)
    assert all(a.title and a.outlet and "\ufffd" not in a.text for a in found)
