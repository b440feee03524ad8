"""The article stage on small realistic pages (tests/data/article/): metadata, body, decoding, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.article import Article, ArticleError, decode_html, from_text, parse_html

DATA = Path(__file__).parent / "data" / "article"
LEDGER_URL = "https://www.harbourledger.example/business/2023/03/12/dockworkers-end-strike?ref=home"
COURIER_URL = "https://valleycourier.example/local/water-rates"


def ledger_html() -> str:
    return (DATA / "ledger-port-strike.html").read_text(encoding="utf-8")


def courier_bytes() -> bytes:
    return (DATA / "courier-water-rates.html").read_bytes()  # windows-1252, declared in http-equiv


def assert_offsets(article: Article) -> None:
    for paragraph in article.paragraphs:
        assert article.text[paragraph.start : paragraph.end] == paragraph.text


# -- a full page: JSON-LD, meta tags, nav, figure, related box, share bar, newsletter, footer --


def test_ledger_page_metadata() -> None:
    article = parse_html(ledger_html().encode("utf-8"), url=LEDGER_URL)
    assert article.url == "https://www.harbourledger.example/business/2023/03/12/dockworkers-end-strike"
    assert article.title == "Dockworkers end 12-day strike after 4.5% pay deal"
    assert article.site == "The Harbour Ledger"
    # The NewsArticle's datePublished inside @graph, not the WebSite's, the meta tags' or the <time>'s.
    assert article.published == "2023-03-12T08:15:00+00:00"


def test_ledger_page_body_is_the_four_paragraphs() -> None:
    article = parse_html(ledger_html(), url=LEDGER_URL)
    assert len(article.body) == 4
    assert article.body[0].startswith("Dockworkers at the country's largest container port voted on Sunday")
    assert article.body[1] == (
        "About 2,300 of the union's 3,100 members at the port took part in the ballot, and 81% backed the "
        "deal, according to figures released by the union late on Saturday evening."
    )
    assert article.body[3].endswith("normal operations would resume within 48 hours.")
    assert article.text.startswith(article.title + "\n\n" + article.body[0])
    assert_offsets(article)


@pytest.mark.parametrize(
    "boilerplate",
    [
        "1,700 containers",  # figcaption with numbers
        "Ana Ruiz",  # photo credit
        "£640m",  # related box
        "Shipping rates fall 30%",
        "Share on Facebook",
        "newsletter",
        "Subscribe",
        "1234567",  # footer
        "All rights reserved",
        "Opinion",  # navigation
    ],
)
def test_ledger_page_boilerplate_stays_out_of_the_text(boilerplate: str) -> None:
    assert boilerplate not in parse_html(ledger_html(), url=LEDGER_URL).text


def test_headline_is_not_repeated_in_the_body() -> None:
    article = parse_html(courier_bytes(), url=COURIER_URL)
    assert article.title == "Water rates to rise 7% in April – “a hard choice”"
    assert article.title not in article.body
    assert article.text.count("Water rates to rise") == 1


# -- a page with no metadata but a byline, in windows-1252 ------------------------------------


def test_courier_page_fields() -> None:
    article = parse_html(courier_bytes(), url=COURIER_URL)
    assert article.url == COURIER_URL
    assert article.site == "valleycourier.example"  # no og:site_name or JSON-LD: the host
    assert article.published == "2022-12-21"  # "Published 21 December 2022" beats the "Updated:" date
    assert article.body == (
        "The Valley Water Board voted 5-2 on Wednesday to raise household rates by 7% from April, adding "
        "about €6.40 to the average monthly bill, the board’s finance director said.",
        "Board members said the increase would pay for a €14 million pipe-replacement programme. Roughly 120 "
        "kilometres of mains laid before 1960 will be replaced over the next eight years, according to the "
        "board’s capital plan.",
        "“Nobody on this board wanted to do this, but the pipes are older than most of us,” said chair Rita "
        "Moss. Two members voted against, arguing that a smaller rise of 4% would have covered the first "
        "phase of the works.",
        "Low-income households that already receive the board’s discount, about 9,000 accounts, will see no "
        "change to their bills until 2024, the board said.",
    )
    assert_offsets(article)


@pytest.mark.parametrize(
    "boilerplate",
    ["38% of capacity", "Lee Park", "Read more", "Drought restrictions", "Follow us", "555-0100", "€1 a"],
)
def test_courier_page_captions_boxes_and_footer_stay_out(boilerplate: str) -> None:
    assert boilerplate not in parse_html(courier_bytes(), url=COURIER_URL).text


def test_updated_byline_gives_a_datetime_with_its_zone() -> None:
    html = courier_bytes().replace(b" | Published 21 December 2022", b"")
    assert parse_html(html, url=COURIER_URL).published == "2022-12-22T17:01:00-05:00"


def test_byline_without_label() -> None:
    html = courier_bytes().replace(
        b"By Sam Reed | Updated: Dec. 22, 2022 5:01 p.m. ET | Published 21 December 2022",
        b"By Sam Reed, March 12, 2023",
    )
    assert parse_html(html, url=COURIER_URL).published == "2023-03-12"


def test_relative_byline_date_is_not_guessed() -> None:
    html = courier_bytes().replace(
        b"By Sam Reed | Updated: Dec. 22, 2022 5:01 p.m. ET | Published 21 December 2022",
        b"By Sam Reed | Published 2 hours ago",
    )
    assert parse_html(html, url=COURIER_URL).published is None


# -- where the date comes from --------------------------------------------------------------------


def page(head: str = "", byline: str = "") -> str:
    """A plain news page with the given extra <head> markup and byline markup."""
    paragraphs = "".join(
        f"<p>Paragraph {n} of the report says the council spent 1{n} million on repairs to the old bridge "
        f"over the river, and that the work will take another {n + 2} years to finish, officials said.</p>"
        for n in range(4)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Bridge repairs cost more</title>{head}</head>"
        f"<body><article><header><h1>Bridge repairs cost more</h1>{byline}</header>{paragraphs}</article>"
        "</body></html>"
    )


UTC_930 = "2023-03-12T09:30:00+00:00"


@pytest.mark.parametrize(
    ("head", "byline", "published"),
    [
        ('<meta property="article:published_time" content="2023-03-12T09:30Z">', "", UTC_930),
        ('<meta name="pubdate" content="2023-03-12">', "", "2023-03-12"),
        ('<meta name="publishdate" content="20230312">', "", "2023-03-12"),
        ('<meta name="DC.date.issued" content="2023-03-12">', "", "2023-03-12"),
        ('<meta name="parsely-pub-date" content="2023-03-12T09:30:00.000Z">', "", UTC_930),
        ('<meta name="sailthru.date" content="2023-03-12 09:30:00">', "", "2023-03-12T09:30:00"),
        ('<meta name="date" content="Sun, 12 Mar 2023 09:30:00 GMT">', "", UTC_930),
        ('<meta name="date" content="March 12, 2023">', "", "2023-03-12"),
        ('<meta itemprop="datePublished" content="2023-03-12">', "", "2023-03-12"),
        ('<meta itemprop="datePublished dateCreated" content="2023-03-12T09:30:00.000Z">', "", UTC_930),
        ("", '<time datetime="2023-03-12T10:00:00+01:00">12 March</time>', "2023-03-12T10:00:00+01:00"),
        ("", "<p class='byline'>Published 12 March 2023</p>", "2023-03-12"),
        (
            '<script type="application/ld+json">[{"@type": "Organization", "name": "Gazette"},'
            ' {"@type": "NewsArticle", "datePublished": "2023-03-12T08:00:00-04:00"}]</script>',
            "",
            "2023-03-12T08:00:00-04:00",
        ),
        # broken JSON-LD is skipped, the meta tag still counts
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": }</script>'
            '<meta property="article:published_time" content="2023-03-12">',
            "",
            "2023-03-12",
        ),
        ('<meta name="date" content="0001-01-01">', "", None),
        ("", "", None),
    ],
)
def test_publication_date_sources(head: str, byline: str, published: str | None) -> None:
    assert parse_html(page(head, byline), url="https://gazette.example/bridge").published == published


def test_json_ld_beats_meta_tags() -> None:
    head = (
        '<meta property="article:published_time" content="2023-03-14">'
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "datePublished": "2023-03-13"},'
        '{"@type": "BlogPosting", "datePublished": "2023-03-12"}]}</script>'
    )
    assert parse_html(page(head), url="https://gazette.example/bridge").published == "2023-03-12"


# -- headline, site and URL -----------------------------------------------------------------------


def test_declared_title_wins_over_an_unrelated_h1() -> None:
    head = '<meta property="og:title" content="Council admits bridge overspend">'
    html = page(head).replace("<h1>Bridge repairs cost more</h1>", "<h1>Gazette</h1>")
    assert parse_html(html, url="https://gazette.example/bridge").title == "Council admits bridge overspend"


def test_site_name_from_json_ld_publisher_and_title_suffix_removed() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge repairs cost more",'
        ' "publisher": {"@type": "Organization", "name": "The Gazette"}}</script>'
    )
    html = page(head).replace("<title>Bridge", "<title>The Gazette | Bridge")
    html = html.replace("<h1>Bridge repairs cost more</h1>", "")
    article = parse_html(html, url="https://gazette.example/bridge")
    assert (article.site, article.title) == ("The Gazette", "Bridge repairs cost more")


def test_host_name_suffix_removed_and_url_site_name_read_as_host() -> None:
    head = '<meta property="og:site_name" content="https://www.gazette.co.uk/">'
    title = "<title>Council admits bridge overspend - Gazette</title>"
    html = page(head).replace("<title>Bridge repairs cost more</title>", title)
    html = html.replace("<h1>Bridge repairs cost more</h1>", "")
    article = parse_html(html, url="https://www.gazette.co.uk/bridge")
    assert (article.site, article.title) == ("gazette.co.uk", "Council admits bridge overspend")


def test_canonical_link_to_the_home_page_is_ignored() -> None:
    html = page('<link rel="canonical" href="https://gazette.example/">')
    assert parse_html(html, url="https://gazette.example/bridge").url == "https://gazette.example/bridge"


def test_og_url_when_there_is_no_canonical_link() -> None:
    html = page('<meta property="og:url" content="https://gazette.example/2023/bridge">')
    assert parse_html(html).url == "https://gazette.example/2023/bridge"


# -- bytes → text ---------------------------------------------------------------------------------


def test_windows_1252_declared() -> None:
    assert "the board’s finance director" in decode_html(courier_bytes())


def test_wrong_declared_charset_falls_back_to_detection() -> None:
    html = courier_bytes().replace(b"charset=windows-1252", b"charset=utf-8")
    article = parse_html(html, url=COURIER_URL)
    assert "€6.40" in article.text and "\ufffd" not in article.text


def test_missing_charset_is_detected() -> None:
    html = courier_bytes().replace(b"; charset=windows-1252", b"")
    assert "“Nobody on this board" in parse_html(html, url=COURIER_URL).text


def test_callers_charset_beats_the_page() -> None:
    html = page().replace("spent 10 million", "spent €10 million").encode("cp1252")  # declares utf-8
    assert "spent €10 million" in parse_html(html, encoding="windows-1252").text


def test_unknown_callers_charset_is_ignored() -> None:
    html = page().replace("spent 10 million", "spent €10 million").encode("utf-8")
    assert "spent €10 million" in parse_html(html, encoding="x-no-such-charset").text


def test_a_stray_bad_byte_is_replaced_not_fatal() -> None:
    html = page().replace("spent 1", "spent €1").encode("utf-8").replace(b"old bridge", b"old br\xffidge", 1)
    text = parse_html(html).text
    assert "old br\ufffdidge" in text and "spent €10 million" in text


# -- inputs that hold no article --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        ("", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"<html>\x00\x01\x02</html>", "binary"),
        (b"Council spent 10 million on the bridge, officials said.", "not_html"),
        ("a < b and c > d", "not_html"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "parse"),
    ],
)
def test_inputs_without_an_article(data: bytes | str, kind: str) -> None:
    with pytest.raises(ArticleError) as raised:
        parse_html(data, url="https://gazette.example/x")
    assert raised.value.kind == kind
    message = str(raised.value)
    assert message and "\n" not in message


# -- plain text --------------------------------------------------------------------------------------


def test_from_text_paragraphs_and_offsets() -> None:
    article = from_text("First  paragraph\nwraps here.\n\n\n\nSecond one.\r\n\r\nThird.", title="Head")
    assert article.body == ("First paragraph wraps here.", "Second one.", "Third.")
    assert article.text == "Head\n\nFirst paragraph wraps here.\n\nSecond one.\n\nThird."
    assert_offsets(article)


def test_from_text_without_paragraphs() -> None:
    with pytest.raises(ArticleError) as raised:
        from_text(" \n\n ")
    assert raised.value.kind == "empty"


def test_xhtml_with_an_xml_declaration() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + page()
    for data in (html, html.encode("utf-8")):
        article = parse_html(data)
        assert (article.title, len(article.body)) == ("Bridge repairs cost more", 4)


# -- issue 13 row 18: stray control bytes, mislabelled short pages, credentials in URLs ---------------

SHORT_CAFE = (
    '<html><head><meta charset="utf-8"><title>Crème brûlée night</title></head><body><article>'
    "<p>Señor Peña's crème brûlée stall sold 120 portions on Monday, he said.</p>"
    "</article></body></html>"
)


def test_a_short_latin1_page_declared_utf8_is_read_as_windows_1252() -> None:
    # Too short for the detector to tell Western from Central European code pages ("Crčme brűlée").
    article = parse_html(SHORT_CAFE.encode("latin-1"))
    assert article.title == "Crème brûlée night"
    assert "Señor Peña's crème brûlée stall sold 120" in article.text


def test_one_nul_byte_in_the_head_does_not_make_a_page_binary() -> None:
    html = page().encode("utf-8").replace(b"<body>", b"<body>\x00", 1)
    assert b"\x00" in html[:4096]
    article = parse_html(html)
    assert article.text == parse_html(page()).text
    assert "\x00" not in article.text


def test_control_characters_never_reach_the_article_text() -> None:
    html = page().replace("spent 10 million", "spent \x1b[31m10 million\x1b[0m")
    text = parse_html(html).text
    assert "\x1b" not in text and "spent [31m10 million[0m" in text
    assert "\x1b" not in from_text("Crews spent \x1b[2J10 days on the bridge.").text


@pytest.mark.parametrize(
    "url", ["https://user:pass@gazette.example/x?id=4", "https://user@gazette.example/x?id=4"]
)
def test_credentials_are_stripped_from_the_article_url(url: str) -> None:
    assert parse_html(page(), url=url).url == "https://gazette.example/x?id=4"
    assert from_text("Crews spent 10 days on the bridge.", url=url).url == "https://gazette.example/x?id=4"


# -- issue 13 row 6: deep nesting loses no text ------------------------------------------------------

RIVER = "<p>The river rose two metres on Sunday, the agency said in a statement on its website.</p>"
EVACUATED = "<p>Officials said 42 people were evacuated from the flooded town on Monday night.</p>"
SURVIVORS = "<p>Rescuers found 7 more survivors in the valley on Tuesday morning, the agency said.</p>"


@pytest.mark.parametrize("depth", [300, 2_000, 20_000])
@pytest.mark.parametrize(
    ("opener", "closer"), [("<div>", "</div>"), ("<div class='w'><span>x</span>", "</div>")]
)
def test_deeply_nested_text_and_what_follows_it_are_kept(depth: int, opener: str, closer: str) -> None:
    html = (
        "<html><head><title>Flood waters recede</title></head><body>"
        + RIVER + opener * depth + EVACUATED + closer * depth + SURVIVORS + "</body></html>"
    )
    body = " ".join(parse_html(html).body)
    assert "42 people were evacuated" in body
    assert "7 more survivors" in body
    assert "two metres" in body


# -- issue 13 row 7: scripts without spaces ----------------------------------------------------------


def test_a_japanese_page_is_read() -> None:
    article = parse_html((DATA / "kochi-typhoon-ja.html").read_bytes())
    assert article.url == "https://www.nankai-nippo.example/news/2024/08/29/typhoon-kochi"
    assert article.title == "台風10号、高知で3万世帯が停電 避難者は1200人に"
    assert article.site == "南海日報"
    assert article.published == "2024-08-29T07:30:00+09:00"
    assert len(article.body) == 4
    assert article.body[0].startswith("強い台風10号の影響で")
    assert not any("無断転載" in paragraph or "スポーツ" in paragraph for paragraph in article.body)
    assert_offsets(article)


def test_a_japanese_page_of_menu_words_only_holds_no_article() -> None:
    html = "<html><head><title>南海日報</title></head><body><nav><a>トップ</a> <a>ニュース</a></nav></body>"
    with pytest.raises(ArticleError) as raised:
        parse_html(html)
    assert raised.value.kind == "parse"
