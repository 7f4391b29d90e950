"""Plain-text articles: furniture, captions, bylines, datelines, front matter, markup, wraps."""

from __future__ import annotations

import re
from pathlib import Path

from load_inputs import BODY, OTHER_BODY, assert_one_line_naming, load, write

from analysis import settings
from analysis.load import article_id

SEED = settings.SEEDS_DIR / "000_8ef2b430cbc42be6.txt"


def test_seed_article_is_body_only_with_outlet_and_headline():
    (article,), problems = load(SEED)
    assert problems == []
    assert article.outlet == "Turkish Minute"
    assert article.title == (
        "Russia says it is working with Turkey to avoid conflict of interests in Syria"
    )
    assert article.published is None  # the only full date is a photo caption's
    assert article.language == "en"
    assert article.origin == str(SEED)
    assert re.fullmatch(r"[0-9a-f]{16}", article.article_id)
    assert article.article_id == article_id(article.text)
    assert article.text.startswith("Russia\u2019s consul general")
    for furniture in ("Site icon", "Exit mobile version", "Photo by", "This picture taken"):
        assert furniture not in article.text
    assert "Russian military bases in Syria under review" in article.text  # a subheading stays
    assert article.text.rstrip().endswith("Buravov said.")


def test_front_matter_sets_metadata(tmp_path):
    path = write(
        tmp_path / "a.txt",
        '---\noutlet: Neva Wire\ntitle: "Ceasefire extended"\npublished: 17 December 2024\n'
        "url: https://neva-wire.example/a\nlanguage: en-GB\n---\n" + BODY,
    )
    (article,), problems = load(path)
    assert problems == []
    assert article.outlet == "Neva Wire Service"  # canonical name from data/outlets.toml
    assert article.sample is True  # a sample outlet
    assert article.title == "Ceasefire extended"
    assert article.published == "2024-12-17"
    assert article.url == "https://neva-wire.example/a"
    assert article.language == "en"
    assert article.text == BODY


def test_dateline_gives_date_but_caption_and_relative_dates_do_not(tmp_path):
    dated = write(tmp_path / "dated.txt", "Idlib truce holds\n\nDecember 17, 2024\n\n" + BODY)
    caption = write(
        tmp_path / "caption.txt",
        "Idlib truce holds\n\nA photo taken on March 9, 2020 shows a convoy near Idlib. "
        "(Photo by A. Person / AFP)\n\n" + OTHER_BODY,
    )
    found, problems = load(dated, caption)
    assert problems == []
    by_origin = {Path(a.origin).name: a for a in found}
    assert by_origin["dated.txt"].published == "2024-12-17"
    assert by_origin["dated.txt"].title == "Idlib truce holds"
    assert "December 17" not in by_origin["dated.txt"].text
    assert by_origin["caption.txt"].published is None
    assert "convoy" not in by_origin["caption.txt"].text


def test_bylines_credits_datelines_and_wire_outlet(tmp_path):
    text = (
        "Idlib talks resume in Ankara with a long headline that runs on past fifty-five chars\n"
        "By Jane Doe | December 17, 2024\n\n"
        "ANKARA, Dec. 16, 2024 (Neva Wire) \u2014 " + OTHER_BODY + "\n\n"
        "(Reporting by Jane Doe; Editing by John Roe)\n"
    )
    (article,), problems = load(write(tmp_path / "d.txt", text))
    assert problems == []
    assert article.title.startswith("Idlib talks resume") and article.title.endswith("chars")
    assert article.published == "2024-12-17"  # the byline's date, before the dateline's
    assert article.outlet == "Neva Wire Service"
    assert article.text.startswith("ANKARA, Dec. 16") and article.text.endswith("website.")


def test_dated_dateline_gives_the_date_when_nothing_else_does(tmp_path):
    text = "MOSCOW, March 5, 2020 (Meridian Newswire) - " + OTHER_BODY
    (article,), _ = load(write(tmp_path / "m.txt", text))
    assert (article.published, article.outlet) == ("2020-03-05", "Meridian Newswire")


def test_script_markup_in_plain_text_is_removed_and_reported(tmp_path):
    text = "<script>steal()</script>\n" + BODY + "\n\n<p>" + OTHER_BODY + "</p><style>x</style>"
    path = write(tmp_path / "hostile.txt", text)
    (article,), problems = load(path)
    assert article.text == BODY + "\n\n" + OTHER_BODY
    assert_one_line_naming(problems, path)
    assert "script" in problems[0].reason


def test_hard_wrapped_text_is_joined_into_paragraphs(tmp_path):
    wrapped = "\n".join(
        [
            "Lavrov said Moscow expected Ankara to honour the commitments it made",
            "under the Sochi memorandum on Idlib and to separate the moderate",
            "opposition from terrorist groups in the de-escalation zone.",
        ]
    )
    (article,), _ = load(write(tmp_path / "w.txt", wrapped + "\n\n" + OTHER_BODY))
    first = article.text.split("\n\n")[0]
    assert "\n" not in first and first.startswith("Lavrov said") and first.endswith("zone.")


def test_date_in_file_name_is_the_last_resort(tmp_path):
    named = write(tmp_path / "2019-10-22_talks.txt", OTHER_BODY)
    overridden = write(tmp_path / "2019-10-23_x.txt", "---\npublished: 2020-01-01\n---\n" + BODY)
    found, _ = load(named, overridden)
    assert [a.published for a in found] == ["2019-10-22", "2020-01-01"]
