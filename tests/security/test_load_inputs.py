"""Hostile and damaged inputs to the loader: locked folders, mixed encodings, open quotes,
entity declarations anywhere, file names that try to forge lines; warnings apart from rejections."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.load import LoadProblem, load_articles

pytestmark = pytest.mark.timeout(120)

BODY = (
    "Russian Foreign Minister Sergei Lavrov said on Monday that talks with Turkey on Idlib "
    "would continue next week in Moscow, adding that the ceasefire was holding."
)
OTHER = (
    "Turkish President Recep Tayyip Erdogan said Ankara would keep its observation posts in "
    "Idlib and called on Moscow to rein in the Syrian government forces."
)


def load(*paths: Path | str) -> tuple[list, list[LoadProblem]]:
    problems: list[LoadProblem] = []
    found = list(load_articles([str(p) for p in paths], on_problem=problems.append))
    return found, problems


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- a locked sub-folder ----------------------------------------------------------------------


def test_a_locked_sub_folder_is_reported_and_the_rest_loads(tmp_path, monkeypatch):
    write(tmp_path / "a.txt", BODY)
    locked = tmp_path / "locked"
    write(locked / "b.txt", OTHER)
    real = os.scandir

    def scandir(path=".", *args):  # the folder's permissions say no, as chmod 000 would
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    found, problems = load(tmp_path)
    assert [a.text for a in found] == [BODY]
    assert [str(p) for p in problems] == [
        f"{locked}: folder not read (Permission denied): its files were skipped"
    ]
    assert not problems[0].warning  # its articles are lost: a rejection


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its permissions")
def test_a_folder_locked_with_chmod_is_reported(tmp_path):
    write(tmp_path / "a.txt", BODY)
    locked = tmp_path / "locked"
    write(locked / "b.txt", OTHER)
    locked.chmod(0)
    try:
        found, problems = load(tmp_path)
    finally:
        locked.chmod(0o755)
    assert [a.text for a in found] == [BODY]
    assert len(problems) == 1 and str(problems[0]).startswith(f"{locked}: folder not read")


# -- mixed encodings --------------------------------------------------------------------------


def test_a_file_mixing_utf8_and_windows_1252_is_read_in_both_and_warned_about(tmp_path):
    utf8 = "Lavrov said « les négociations » would go on, Erdoğan said.\n\n"
    legacy = "Le ministre a déclaré que la réunion était très utile, selon le communiqué.\n"
    mixed = write(tmp_path / "mixed.txt", utf8.encode("utf-8") + legacy.encode("cp1252"))
    (article,), problems = load(mixed)
    assert "« les négociations »" in article.text and "Erdoğan" in article.text
    assert "déclaré que la réunion était très utile" in article.text
    assert len(problems) == 1 and problems[0].warning
    assert str(problems[0]).startswith(f"{mixed}: mixed character encodings: 1 line(s) not UTF-8")


@pytest.mark.parametrize("codec", ["utf-8", "cp1252", "utf-16"])
def test_a_file_in_one_encoding_gets_no_warning(tmp_path, codec):
    text = "Le ministre a déclaré que la réunion était très utile, a-t-il dit à la presse.\n"
    (article,), problems = load(write(tmp_path / "one.txt", text.encode(codec)))
    assert problems == [] and "réunion était" in article.text


# -- a CSV with an open quote -----------------------------------------------------------------


def test_a_csv_record_with_an_unterminated_quote_is_reported_not_read_as_one_article(tmp_path):
    rows = [
        "title,text",
        f'Kept,"{BODY}"',
        f'Open quote,"{OTHER}',  # the closing quote is missing: the rest becomes this cell
        f"Swallowed,{BODY} Again.",
        f"Swallowed too,{OTHER} Again.",
    ]
    csv_file = write(tmp_path / "open.csv", "\n".join(rows) + "\n")
    found, problems = load(csv_file)
    assert [a.title for a in found] == ["Kept"]
    assert [str(p) for p in problems] == [
        f"{csv_file}: unterminated quote in the record at line 3: it runs to the end of the "
        "file and was skipped"
    ]
    assert problems[0].warning


def test_a_csv_whose_quotes_stop_pairing_up_is_reported(tmp_path):
    rows = [
        "title,text",
        f'Kept,"{BODY}"',
        f'Open quote,"{OTHER}',  # the next quote closes this one: two rows read as one
        f'Merged,"{BODY} Again."',
        f'After,"{OTHER} Again."',
    ]
    csv_file = write(tmp_path / "mispaired.csv", "\n".join(rows) + "\n")
    found, problems = load(csv_file)
    assert [a.title for a in found] == ["Kept", "Open quote", "After"]
    assert [str(p) for p in problems] == [
        f"{csv_file}: quotes do not pair up in the record at line 3 (',' expected after '\"'): "
        "it may hold more rows"
    ]


def test_a_csv_whose_quotes_all_close_gets_no_notice(tmp_path):
    rows = ["title,text", f'One,"{BODY}"', f'Two,"{OTHER}\nwith a second line, ""quoted"""']
    found, problems = load(write(tmp_path / "fine.csv", "\n".join(rows)))  # no final newline
    assert problems == [] and [a.title for a in found] == ["One", "Two"]


# -- XML entities anywhere in a feed ----------------------------------------------------------


def _feed(before_doctype: str, entity: str, encoding: str = "utf-8") -> bytes:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n{before_doctype}'
        f"<!DOCTYPE rss [{entity}]>\n"
        '<rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>One</title><description>{BODY} &e;</description></item>"
        "</channel></rss>"
    ).encode(encoding)


@pytest.mark.parametrize(
    ("padding", "entity", "encoding"),
    [
        ("", '<!ENTITY e "lol">', "utf-8"),
        ("<!-- " + "padding " * 5000 + "-->\n", '<!ENTITY e "lol">', "utf-8"),  # 40,000 chars
        (
            "<!-- " + "padding " * 5000 + "-->\n",
            '<!ENTITY e SYSTEM "file:///etc/hostname">',
            "utf-8",
        ),
        ("", '<!ENTITY e "lol">', "utf-16"),
    ],
)
def test_a_feed_declaring_entities_is_refused_wherever_the_declaration_stands(
    tmp_path, padding, entity, encoding
):
    feed = write(tmp_path / "feed.xml", _feed(padding, entity, encoding))
    found, problems = load(feed)
    assert found == []
    assert [str(p) for p in problems] == [f"{feed}: feed declares XML entities (refused)"]


def test_a_feed_whose_text_says_entity_is_read(tmp_path):
    words = f"{BODY} The group is a terrorist entity, he said."
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>One</title><description>{words}</description></item></channel></rss>"
    )
    (article,), problems = load(write(tmp_path / "feed.xml", rss))
    assert problems == [] and "terrorist entity" in article.text


# -- file names with control characters -------------------------------------------------------

FORGING_NAMES = [
    "evil\nsyria-dash: all files read.json",  # a newline that starts a forged line
    "evil\r\x1b[2Kfine.json",  # a carriage return and an erase-line escape
    "evil\u202egnp.json",  # a right-to-left override
    "evil\x07\x08\x7f.json",  # bell, backspace, delete
]


@pytest.mark.parametrize("name", FORGING_NAMES)
def test_control_characters_in_a_file_name_are_shown_escaped(tmp_path, name):
    bad = write(tmp_path / name, "{not json")
    found, problems = load(bad)
    assert found == [] and len(problems) == 1
    line = str(problems[0])
    assert line.isprintable()
    assert line == f"{tmp_path}/{name.encode('unicode_escape').decode('ascii')}: " + (
        problems[0].reason
    )
    assert problems[0].origin == str(bad)  # the record keeps the real name


def test_a_forging_file_name_cannot_hide_its_error_line_on_the_command_line(tmp_path, capsys):
    good = write(tmp_path / "good.txt", BODY)
    bad = write(tmp_path / FORGING_NAMES[0], "{not json")
    write(tmp_path / FORGING_NAMES[1], "{not json either")
    assert main(["articles", str(good), str(bad), str(tmp_path / FORGING_NAMES[1])]) == 0
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2
    assert all(line.startswith(f"syria-dash: {tmp_path}/evil\\") for line in errors)
    assert all(line.isprintable() for line in errors)


def test_a_locked_folder_with_a_newline_in_its_name_is_shown_escaped(tmp_path, monkeypatch):
    locked = tmp_path / "locked\nsyria-dash: nothing wrong"
    write(locked / "b.txt", OTHER)
    real = os.scandir

    def scandir(path=".", *args):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    _, problems = load(tmp_path)
    assert len(problems) == 1 and "\n" not in str(problems[0])
    assert str(problems[0]).startswith(f"{tmp_path}/locked\\nsyria-dash: nothing wrong: folder")


# -- rejections apart from warnings -----------------------------------------------------------


def test_the_rejected_count_leaves_out_warnings_for_files_that_were_kept(tmp_path, capsys):
    kept = write(tmp_path / "kept.txt", BODY)
    write(tmp_path / "kept.meta.json", "{broken sidecar")  # a warning: kept.txt still loads
    scripted = write(
        tmp_path / "scripted.json", json.dumps([{"text": f"<script>x()</script>{OTHER}"}])
    )
    rejected = write(tmp_path / "rejected.json", "{not json")
    store = tmp_path / "store"
    assert main(["ingest", str(kept), str(scripted), str(rejected), "--store", str(store)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("added 2 article(s), 0 unchanged, 0 re-parsed")
    assert lines[1].startswith("store: 2 article(s), ")
    assert lines[-1] == "1 input(s) rejected, 2 warning(s) (reasons above)"
    errors = captured.err.splitlines()
    assert sorted(e.startswith("syria-dash: warning: ") for e in errors) == [False, True, True]
    assert any(str(rejected) in e and "warning" not in e for e in errors)
