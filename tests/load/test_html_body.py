"""HTML body extraction: article text without page furniture, and markup fragments as text."""

from analysis.load.html import extract_html, fragment_text

PARAGRAPHS = [
    "Russian and Turkish delegations met in Astana on Thursday for a new round of talks on the "
    "ceasefire in Syria, the foreign ministry in Moscow said in a statement after the meeting.",
    "The guarantor states agreed to meet again next month and to keep working on the exchange of "
    "detainees, the statement added, without giving further details of the arrangements made.",
    "Officials in Ankara described the atmosphere as constructive and said the humanitarian "
    "situation in Idlib remained the most urgent question for the two sides to settle together.",
]


def page(extra_body: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html><head><title>Talks resume - Example News</title>"
        '<meta property="og:site_name" content="Example News">'
        '<meta property="og:url" content="https://news.example/talks">'
        '<meta name="date" content="2019-04-26">'
        "</head><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li>"
        "</ul></nav><div class='cookie'>We use cookies. <button>Accept</button></div>"
        f"<article><h1>Talks resume</h1>{body}{extra_body}</article>"
        "<footer><a href='/privacy'>Privacy policy</a></footer></body></html>"
    )


def test_body_keeps_the_article_and_drops_navigation_and_scripts():
    result = extract_html(page("<script>var secret = 'SCRIPT TEXT';</script>"))
    for paragraph in PARAGRAPHS:
        assert paragraph in result.text
    for unwanted in ("SCRIPT TEXT", "Home", "Privacy policy", "<"):
        assert unwanted not in result.text
    assert result.site_name == "Example News"
    assert result.url == "https://news.example/talks"
    assert result.published == "2019-04-26"


def test_page_without_article_gives_empty_body():
    assert extract_html("<html><body><script>alert(1)</script></body></html>").text == ""


def test_fragment_text_strips_markup_scripts_and_escaped_markup():
    assert fragment_text("<p>One <b>two</b></p><script>evil()</script><p>three</p>") == (
        "One two\nthree"
    )
    assert fragment_text("Plain &amp; simple") == "Plain & simple"
    escaped = "Text &lt;img src=&quot;x&quot;/&gt; here &lt;script&gt;bad()&lt;/script&gt;"
    assert fragment_text(escaped) == "Text here"
