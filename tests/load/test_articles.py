"""The loader: every input format, metadata, dates, dedup, URLs and bad input of every kind."""

from __future__ import annotations

import csv
import gzip
import http.server
import io
import json
import re
import socket
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from analysis import load as articles
from analysis import settings
from analysis.load import (
    Article,
    LoadProblem,
    article_id,
    guess_language,
    load_articles,
    load_upload,
    normalise_date,
    parse_column_map,
    resolve_relative_date,
)

SEED = settings.SEEDS_DIR / "000_8ef2b430cbc42be6.txt"

BODY = (
    "Turkish Foreign Minister Mevlut Cavusoglu said on Tuesday that Ankara and Moscow had agreed "
    "to extend the ceasefire in Idlib, adding that joint patrols would continue along the M4 "
    "highway.\n\n"
    "\u201cWe will keep working with our Russian counterparts,\u201d Cavusoglu told reporters in "
    "Ankara, according to a statement released by the ministry."
)
OTHER_BODY = (
    "Russian Foreign Minister Sergei Lavrov said Moscow expects Turkey to honour its commitments "
    "under the Sochi memorandum and to separate moderate opposition groups from terrorists in the "
    "de-escalation zone, the ministry said in a statement on its website."
)


def load(*paths, **kwargs) -> tuple[list[Article], list[LoadProblem]]:
    problems: list[LoadProblem] = []
    found = list(load_articles([str(p) for p in paths], on_problem=problems.append, **kwargs))
    return found, problems


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_one_line_naming(problems: list[LoadProblem], origin: Path | str) -> None:
    assert problems, "expected a problem"
    for problem in problems:
        assert "\n" not in str(problem)
        assert str(problem).startswith(str(origin))
        assert problem.reason.strip()


# ----------------------------------------------------------------------------- plain text


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


def test_sidecar_metadata(tmp_path):
    write(tmp_path / "b.txt", BODY)
    write(
        tmp_path / "b.meta.json",
        json.dumps({"outlet": "Turkish Minute", "published": "2019-10-22", "sample": True}),
    )
    (article,), problems = load(tmp_path)
    assert problems == []
    assert (article.outlet, article.published, article.sample) == (
        "Turkish Minute",
        "2019-10-22",
        True,
    )


def test_broken_sidecar_is_reported_but_article_loads(tmp_path):
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "b.meta.json", "{not json")
    (article,), problems = load(tmp_path)
    assert article.text == BODY
    assert_one_line_naming(problems, tmp_path / "b.meta.json")


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


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2020-03-09", "2020-03-09"),
        ("3/9/2020", "2020-03-09"),
        ("March 9, 2020", "2020-03-09"),
        ("9 March 2020", "2020-03-09"),
        ("2020-03-09T23:30:00-05:00", "2020-03-09"),
        ("Tue, 30 Jan 2018 23:49:58 -0500", "2018-01-30"),
        ("Tuesday", None),
        ("March 9", None),
        ("yesterday", None),
        ("", None),
        ("not a date at all", None),
    ],
)
def test_normalise_date(written, expected):
    assert normalise_date(written) == expected


def test_date_in_file_name_is_the_last_resort(tmp_path):
    named = write(tmp_path / "2019-10-22_talks.txt", OTHER_BODY)
    overridden = write(tmp_path / "2019-10-23_x.txt", "---\npublished: 2020-01-01\n---\n" + BODY)
    found, _ = load(named, overridden)
    assert [a.published for a in found] == ["2019-10-22", "2020-01-01"]


def test_relative_dates_need_a_known_date():
    assert resolve_relative_date("on Tuesday", None) is None
    assert resolve_relative_date("on Tuesday", "2024-12-19") == "2024-12-17"  # a Thursday
    assert resolve_relative_date("yesterday", "2024-03-01") == "2024-02-29"


def test_language_is_metadata_else_guess():
    assert guess_language(OTHER_BODY) == "en"
    russian = "Министр иностранных дел России заявил, что Москва и Анкара продолжат диалог. " * 3
    assert guess_language(russian) == "ru"
    portuguese = "A vida requer da gente otimismo e coragem para esperar o melhor e fazer. " * 4
    assert guess_language(portuguese) == "pt"
    turkish = "Bakan, Rusya ile Suriye konusunda bir açıklama yaptı ve ayrıntı vermedi. " * 5
    assert guess_language(turkish) == "tr"
    korean = "러시아와 터키는 시리아 문제에 대해 계속 협의하기로 합의했다고 밝혔다. " * 3
    assert guess_language(korean) == "ko"


# ----------------------------------------------------------------------------- folders, dedup


def test_folder_walk_is_sorted_and_skips_hidden_gold_meta_and_unknown(tmp_path):
    write(tmp_path / "b" / "2.txt", OTHER_BODY)
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / ".hidden.txt", BODY + " hidden")
    write(tmp_path / ".git" / "x.txt", BODY + " in a hidden folder")
    write(tmp_path / "x.gold.jsonl", json.dumps({"content": "gold"}) + "\n")
    write(tmp_path / "notes.pdf", b"%PDF-1.4 binary")
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    found, problems = load(tmp_path)
    assert problems == []
    assert [Path(a.origin).relative_to(tmp_path).as_posix() for a in found] == ["a.txt", "b/2.txt"]


def test_same_article_read_twice_is_yielded_once(tmp_path):
    first = write(tmp_path / "one.txt", BODY)
    write(tmp_path / "copy" / "two.txt", "Site icon Turkish Minute\n\n" + BODY + "\n\nShare\n")
    found, problems = load(first, tmp_path, first)
    assert problems == []
    assert len(found) == 1 and found[0].origin == str(first)


# ----------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Ceasefire in Idlib extended | Bosphorus Ledger</title>
<meta property="og:site_name" content="The Bosphorus Ledger">
<meta property="og:title" content="Ceasefire in Idlib extended">
<meta property="article:published_time" content="2020-03-06T09:00:00+03:00">
<link rel="canonical" href="https://bosphorus-ledger.example/news/ceasefire">
<script>document.write("EVIL SCRIPT TEXT");</script>
<style>.x { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article>
<h1>Ceasefire in Idlib extended</h1>
<figure><img src="a.jpg"><figcaption>A convoy near Idlib. (Photo by A. Person / AFP)
</figcaption></figure>
<p>{p1}</p>
<p>{p2}</p>
<script>alert("MORE EVIL SCRIPT")</script>
<p>{p3}</p>
</article>
<footer>Copyright 2020 The Bosphorus Ledger. All rights reserved.</footer>
</body></html>
"""


def html_page() -> str:
    sentences = [BODY.replace("\n\n", " "), OTHER_BODY, OTHER_BODY.replace("Lavrov", "Peskov")]
    return (
        HTML_PAGE.replace("{p1}", sentences[0])
        .replace("{p2}", sentences[1])
        .replace("{p3}", sentences[2])
    )


def test_html_page_body_and_metadata(tmp_path):
    (article,), problems = load(write(tmp_path / "page.html", html_page()))
    assert problems == []
    assert article.title == "Ceasefire in Idlib extended"
    assert article.outlet == "The Bosphorus Ledger"
    assert article.sample is True
    assert article.published == "2020-03-06"
    assert article.url == "https://bosphorus-ledger.example/news/ceasefire"
    assert "Cavusoglu said on Tuesday" in article.text and "Peskov said" in article.text
    for unwanted in ("EVIL", "alert(", "<", "Home", "All rights reserved", "Photo by"):
        assert unwanted not in article.text


def test_gzipped_html_is_read(tmp_path):
    path = write(tmp_path / "page.html.gz", gzip.compress(html_page().encode("utf-8")))
    (article,), problems = load(path)
    assert problems == [] and "Peskov said" in article.text


# ----------------------------------------------------------------------------- records


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


# ----------------------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel><title>Neva Wire: World</title><link>https://neva-wire.example/</link>
<language>en-us</language>
<item><title>First &amp; foremost</title>
<link>http://feeds.example/~r/1</link>
<feedburner:origLink>https://neva-wire.example/news/1</feedburner:origLink>
<pubDate>Tue, 30 Jan 2018 23:30:00 -0500</pubDate>
<description>{d1}&lt;div class="feedflare"&gt;&lt;a href="x"&gt;&lt;img src="y"/&gt;&lt;/a&gt;
&lt;/div&gt;&lt;script&gt;bad()&lt;/script&gt;</description>
</item>
<item><title>Second</title><link>https://neva-wire.example/news/2</link>
<pubDate>Wed, 31 Jan 2018 01:00:00 +0300</pubDate>
<description><![CDATA[<p>{d2}</p>]]></description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Orontes Gazette</title>
<entry><title>Atom item</title><link href="https://orontes-gazette.example/a"/>
<updated>2019-10-22T18:00:00Z</updated><content type="html">&lt;p&gt;{d}&lt;/p&gt;</content>
</entry></feed>
"""


def test_rss_feed_items_markup_dates_and_origlink(tmp_path):
    feed = RSS.replace("{d1}", BODY.replace("\n\n", " ")).replace("{d2}", OTHER_BODY)
    found, problems = load(write(tmp_path / "f.rss", feed))
    assert problems == []
    assert [a.title for a in found] == ["First & foremost", "Second"]
    assert [a.url for a in found] == [
        "https://neva-wire.example/news/1",
        "https://neva-wire.example/news/2",
    ]
    assert [a.published for a in found] == ["2018-01-30", "2018-01-31"]  # the feed's own day
    assert all(a.outlet == "Neva Wire Service" and a.sample for a in found)
    for article in found:
        assert "<" not in article.text and "bad()" not in article.text
    assert found[1].text == OTHER_BODY


def test_atom_feed(tmp_path):
    (article,), problems = load(write(tmp_path / "a.atom", ATOM.replace("{d}", OTHER_BODY)))
    assert problems == []
    assert (article.title, article.outlet, article.published) == (
        "Atom item",
        "Orontes Gazette",
        "2019-10-22",
    )
    assert article.text == OTHER_BODY


# ----------------------------------------------------------------------------- stdin, uploads


def test_stdin(monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(("Headline here\n\n" + BODY).encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stream)
    (article,), problems = load("-")
    assert problems == [] and article.origin == "<stdin>" and article.title == "Headline here"


def test_upload_uses_name_for_format():
    data = json.dumps([{"text": BODY}, {"text": OTHER_BODY}]).encode("utf-8")
    found = list(load_upload("../../etc/articles.json", data))
    assert [a.text for a in found] == [BODY, OTHER_BODY]
    assert found[0].origin == "articles.json"


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.html", b"   \n\n  ", "empty"),
        ("bad.json", b'{"text": "unterminated', "malformed JSON"),
        ("scalar.json", b"42", "neither an object"),
        ("bad.csv", b"only_one_column\nx\n", "not a CSV"),
        ("bad.xml", b"<rss><channel><item><title>x</tit", "feed"),
        ("notfeed.xml", b"<?xml version='1.0'?><config><a>1</a></config>", "feed"),
        ("scripts.html", b"<html><script>alert(1)</script><body></body></html>", "no article"),
        ("garbage.html", b"<<<>>><html<<body>>>&&&", "no article"),
        ("entity.xml", b'<!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel></channel></rss>', ""),
        ("undecodable.txt", b"\xff\xfe" + b"\x00\xd8A\x00" * 50, "undecodable"),
    ],
)
def test_bad_input_is_reported_and_good_file_beside_still_loads(tmp_path, name, content, reason):
    bad = write(tmp_path / name, content)
    write(tmp_path / "zz_good.txt", BODY)
    found, problems = load(tmp_path)
    assert [Path(a.origin).name for a in found] == ["zz_good.txt"]
    assert_one_line_naming(problems, bad)
    assert reason.lower() in problems[0].reason.lower()


def test_huge_file_is_refused_without_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 1000)
    big = write(tmp_path / "big.txt", "word " * 1000)
    small = write(tmp_path / "small.txt", BODY[:900])
    found, problems = load(big, small)
    assert [a.origin for a in found] == [str(small)]
    assert_one_line_naming(problems, big)
    assert "limit" in problems[0].reason
    assert list(load_upload("big.txt", b"x" * 2000, on_problem=problems.append)) == []
    assert "limit" in problems[-1].reason


def test_gzip_bomb_and_corrupt_gzip_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 10_000)
    bomb = write(tmp_path / "bomb.html.gz", gzip.compress(b"<p>" + b"a" * 100_000))
    corrupt = write(tmp_path / "corrupt.html.gz", b"\x1f\x8b\x08\x00garbage")
    found, problems = load(bomb, corrupt)
    assert found == []
    assert [p.origin for p in problems] == [str(bomb), str(corrupt)]


def test_missing_path_and_unknown_column_map_field(tmp_path):
    found, problems = load(tmp_path / "nope.txt", column_map={"colour": "x"})
    assert found == []
    assert any("no such file" in p.reason for p in problems)
    assert any("unknown field" in p.reason for p in problems)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://127.0.0.1/x.txt",
        "http://",
        "http://exa mple.com/",
        "http://user:pw@127.0.0.1/",
        "http://127.0.0.1:99999/",
        "data:text/plain,hello",
    ],
)
def test_unsupported_or_tampered_urls_are_refused(url):
    found, problems = load(url)
    assert found == [] and len(problems) == 1
    assert "\n" not in str(problems[0])


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=2000),
    ext=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".xml", ".rss", ".gz", ""]),
)
def test_arbitrary_bytes_never_raise(data, ext):
    problems: list[LoadProblem] = []
    found = list(load_upload("f" + ext, data, on_problem=problems.append))
    assert all(isinstance(a, Article) and a.text.strip() for a in found)
    assert all("\n" not in str(p) for p in problems)
    assert found or problems


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(
        ["", "---\n", "<rss><channel><item>", "<html><body><p>", "{", "[{", "a,b\n"]
    ),
    text=st.text(max_size=600),
    ext=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".xml", ""]),
)
def test_arbitrary_text_in_any_format_never_raises(prefix, text, ext):
    problems: list[LoadProblem] = []
    data = (prefix + text).encode("utf-8", "surrogatepass")
    found = list(load_upload("f" + ext, data, on_problem=problems.append))
    assert found or problems
    assert all(a.text.strip() and re.fullmatch(r"[0-9a-f]{16}", a.article_id) for a in found)
    assert all("\n" not in str(p) for p in problems)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("comments.txt", b"<!--" * 250_000),  # unclosed comments: no quadratic scan
        ("scripts.txt", b"<script>" * 125_000),
        ("tags.txt", b"<a " * 300_000),
        ("furniture.txt", b"Share\n" * 150_000),
        ("short-lines.txt", b"Putin said this\n" * 60_000),
        ("one-line.txt", b"word " * 200_000),
    ],
)
def test_hostile_one_megabyte_inputs_finish(name, data):
    problems: list[LoadProblem] = []
    found = list(load_upload(name, data, on_problem=problems.append))
    assert found or problems


def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path):
    path = write(tmp_path / "deep.json", "[" * 200_000 + "]" * 200_000)
    found, problems = load(path)
    assert found == []
    assert_one_line_naming(problems, path)


# ----------------------------------------------------------------------------- URLs


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, dict]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        status, ctype, body, headers = self.routes.get(self.path, (404, "text/plain", b"", {}))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    feed = RSS.replace("{d1}", BODY.replace("\n\n", " ")).replace("{d2}", OTHER_BODY)
    _Handler.routes = {
        "/page": (200, "text/html; charset=utf-8", html_page().encode("utf-8"), {}),
        "/feed": (200, "application/rss+xml", feed.encode("utf-8"), {}),
        "/big": (200, "text/plain", b"x" * 5000, {}),
        "/to-file": (302, "text/plain", b"", {"Location": "file:///etc/passwd"}),
        "/moved": (301, "text/plain", b"", {"Location": base + "/page"}),
    }
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_url_page_and_feed_from_loopback(server):
    found, problems = load(server + "/page", server + "/feed")
    assert problems == []
    assert found[0].origin == server + "/page" and "Peskov said" in found[0].text
    assert [a.title for a in found[1:]] == ["First & foremost", "Second"]


def test_url_problems_are_one_line(server, monkeypatch):
    monkeypatch.setattr(settings, "MAX_URL_BYTES", 1000)
    found, problems = load(server + "/missing", server + "/big", server + "/to-file")
    assert found == []
    reasons = [p.reason for p in problems]
    assert "404" in reasons[0] and "limit" in reasons[1] and "redirect refused" in reasons[2]
    assert all("\n" not in str(p) for p in problems)


def test_redirect_to_http_is_followed(server):
    (article,), problems = load(server + "/moved")
    assert problems == [] and article.origin == server + "/moved"


def test_offline_url_gives_a_clear_message(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: nothing listens there
    monkeypatch.setattr(settings, "URL_TIMEOUT_SECONDS", 2.0)
    found, problems = load(f"http://127.0.0.1:{port}/x")
    assert found == []
    assert "could not fetch" in problems[0].reason and "\n" not in str(problems[0])


# ----------------------------------------------------------------------------- real corpora

FAKES = settings.CORPORA_DIR / "fakes" / "FA-KES-Dataset.csv"
REUTERS = settings.CORPORA_DIR / "rss" / "reuters_worldnews_2018-01-30.xml"
BENCHMARK = settings.CORPORA_DIR / "article-extraction-benchmark"


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"corpus not found: {path}")


@pytest.mark.corpus
def test_fakes_every_row_loads():
    _need(FAKES)
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


@pytest.mark.corpus
def test_reuters_feed():
    _need(REUTERS)
    found, problems = load(REUTERS)
    assert problems == []
    assert len(found) == 10
    assert all(a.url and "feedType=RSS" in a.url and "feeds." not in a.url for a in found)
    assert {a.published for a in found} == {"2018-01-30"}
    assert all(a.outlet == "Reuters" and "<" not in a.text for a in found)


@pytest.mark.corpus
def test_html_extraction_benchmark_f1():
    _need(BENCHMARK / "ground-truth.json")
    import importlib.util

    from analysis.load.html import extract_body

    bench_file = settings.PROJECT_DIR / "benchmarks" / "bench_html_extraction.py"
    spec = importlib.util.spec_from_file_location("bench_html_extraction", bench_file)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    scores = bench.evaluate(extract_body, BENCHMARK)
    assert scores["pages"] == 181
    assert scores["f1"] >= 0.96, scores


def test_problem_renders_as_one_line():
    assert str(LoadProblem("a.txt", "empty file")) == "a.txt: empty file"
    assert {".txt", ".html", ".json", ".csv", ".xml"} <= articles.SUPPORTED_EXTENSIONS


def test_an_article_read_twice_is_yielded_once_and_reported_as_a_duplicate(tmp_path):
    body = "Lavrov said the talks would continue next week in Astana.\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(body, encoding="utf-8")
    folded = []
    found = list(load_articles([tmp_path], on_duplicate=folded.append))
    assert len(found) == 1 and len(folded) == 1
    assert folded[0].article_id == found[0].article_id
