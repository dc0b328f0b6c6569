"""Date parsing: every accepted form, every refusal with its message, dates in paths and in leads."""
from __future__ import annotations

import datetime as dt

import pytest

from corpus.dates import DateError, DocDate, date_in_path, date_in_text, from_iso, parse_date

TODAY = dt.date(2021, 6, 15)


@pytest.mark.parametrize("value, iso", [
    ("2016-09-12", "2016-09-12"),
    ("2016-9-2", "2016-09-02"),
    ("2016-09-12T23:30:00-05:00", "2016-09-12"),   # the publisher's own day, not UTC's
    ("2016-09-12T01:30:00+03:00", "2016-09-12"),
    ("2016-09-12 17:00", "2016-09-12"),
    ("2016-09-12T10:00:00.000Z", "2016-09-12"),
    ("2016", "2016"),
    ("2016-09", "2016-09"),
    ("20160912", "2016-09-12"),
    ("D:20160912101500+03'00'", "2016-09-12"),
    ("D:20160912", "2016-09-12"),
    ("D:2016", "2016"),
    ("2016/09/12", "2016-09-12"),
    ("2016.09.12", "2016-09-12"),
    ("12 September 2016", "2016-09-12"),
    ("12th of September, 2016", "2016-09-12"),
    ("Sept. 12, 2016", "2016-09-12"),
    ("September 12 2016", "2016-09-12"),
    ("Monday, September 12, 2016", "2016-09-12"),
    ("December 8, 2012, 17:00", "2012-12-08"),
    ("12-Sep-2016", "2016-09-12"),
    ("September 2016", "2016-09"),
    ("Sep 2016", "2016-09"),
    ("25/12/2016", "2016-12-25"),   # day > 12: the order is not in doubt
    ("12/25/2016", "2016-12-25"),
    ("12/12/2016", "2016-12-12"),
    ("25.12.2016", "2016-12-25"),
    ("2016-02-29", "2016-02-29"),
    ("  2016-09-12 ", "2016-09-12"),
])
def test_accepted_forms(value, iso):
    assert parse_date(value, today=TODAY).iso == iso


@pytest.mark.parametrize("value, words", [
    ("03/04/2016", ["ambiguous", "3 April 2016", "4 March 2016", "2016-MM-DD"]),
    ("12/09/16", ["2-digit year", "in full"]),
    ("Sept 12, '16", ["2-digit year"]),
    ("2016-02-30", ["not a date", "February 2016 has 29 days"]),
    ("2015-02-29", ["February 2015 has 28 days"]),
    ("31 April 2016", ["April 2016 has 30 days"]),
    ("2016-13-01", ["no month 13"]),
    ("1750-01-01", ["1750", "before 1800"]),
    ("2030-01-01", ["in the future"]),
    ("2022", ["in the future"]),
    ("12 September", ["has no year"]),
    ("yesterday", ["not a date this reader knows", "YYYY-MM-DD"]),
    ("2016/09", ["not a date this reader knows"]),
    ("", ["empty"]),
])
def test_refused_with_a_message_naming_the_value(value, words):
    with pytest.raises(DateError) as err:
        parse_date(value, today=TODAY)
    for w in words:
        assert w in str(err.value)
    if value:
        assert value.strip() in str(err.value)


def test_the_order_is_the_callers_to_give():
    assert parse_date("03/04/2016", order="dmy", today=TODAY).iso == "2016-04-03"
    assert parse_date("03/04/2016", order="mdy", today=TODAY).iso == "2016-03-04"
    with pytest.raises(DateError, match="April 2016 has 30 days"):
        parse_date("04/31/2016", order="mdy", today=TODAY)
    with pytest.raises(DateError, match="no month 31"):  # a row that breaks its file's order is refused
        parse_date("04/31/2016", order="dmy", today=TODAY)


def test_a_day_without_a_year_is_partial_only_when_asked():
    d = parse_date("30 March", allow_partial=True, today=TODAY)
    assert (d.partial, d.iso, d.precision) == (True, "--03-30", "day")
    assert parse_date("29 February", allow_partial=True).iso == "--02-29"  # some year has it
    with pytest.raises(DateError, match="has 29 days"):
        parse_date("30 February", allow_partial=True)
    with pytest.raises(DateError):
        d.first()


def test_docdate_ranges_and_round_trip():
    assert DocDate(2016).first() == dt.date(2016, 1, 1) and DocDate(2016).last() == dt.date(2016, 12, 31)
    assert DocDate(2016, 2).last() == dt.date(2016, 2, 29)
    assert DocDate(2016, 9, 12).first() == DocDate(2016, 9, 12).last() == dt.date(2016, 9, 12)
    for iso in ("2016", "2016-09", "2016-09-12", "--03-30"):
        assert from_iso(iso).iso == iso
    assert [from_iso(x).precision for x in ("2016", "2016-09", "2016-09-12")] == ["year", "month", "day"]
    with pytest.raises(DateError):
        from_iso("12/09/2016")


@pytest.mark.parametrize("path, iso", [
    ("speeches/2016-09-12-address.txt", "2016-09-12"),
    ("speeches/address_2016_09_12.md", "2016-09-12"),
    ("speeches/20160912.pdf", "2016-09-12"),
    ("speeches/2016.09.12 address.docx", "2016-09-12"),
    ("reports/report-2016-09.pdf", "2016-09"),
    ("archive/2016/09/12/page.html", "2016-09-12"),
    ("archive/2016/09/page.html", "2016-09"),
    ("archive/2016/page.html", "2016"),
    ("archive/2016/interviews/page.html", "2016"),
    ("C:\\docs\\2016\\09\\a.txt", "2016-09"),
    ("2001-03-04-x/2016-09-12.txt", "2016-09-12"),   # the file's own name first
])
def test_dates_in_paths(path, iso):
    d, problem = date_in_path(path, TODAY)
    assert d is not None and d.iso == iso and problem is None


@pytest.mark.parametrize("path", ["news/17093.html", "top-2000-songs.txt", "ids/201609.txt", "ids/20161345.txt",
                                  "g20-summit.txt", "x/12-09-2016.txt", "a/2030-01-01.txt", "resolution-2231.txt"])
def test_no_date_in_these_paths(path):
    d, problem = date_in_path(path, TODAY)
    assert d is None
    assert problem is None or "2030-01-01" in path


def test_a_path_date_that_is_not_a_date_is_reported():
    d, problem = date_in_path("speeches/2016-02-30-address.txt", TODAY)
    assert d is None and "2016-02-30-address.txt" in problem and "February 2016 has 29 days" in problem


@pytest.mark.parametrize("text, iso", [
    ("MINSK, March 30, 2016 – The minister spoke to the press.", "2016-03-30"),
    ("New York, 30 March 2016: The envoy spoke.", "2016-03-30"),
    ("RIGA, 30 March (Example Agency) - The envoy spoke.", "--03-30"),
    ("30 March 2016\n\nThe envoy spoke.", "2016-03-30"),
    ("Wednesday, 30 March 2016\nThe envoy spoke.", "2016-03-30"),
])
def test_datelines(text, iso):
    assert date_in_text(text, TODAY).iso == iso


@pytest.mark.parametrize("text", [
    "The envoy met the minister on Wednesday, 30 March 2016, in Riga.",  # a date in a sentence names an event
    "The envoy met the minister on 30 March.",
    "The code will come into force on January 1, 2004, the minister said.",
    "The envoy spoke about the treaty of 1994.",
    "The talks, 30 March 2016. Then nothing.",          # not a dateline: "The talks" is no place
    "31 February 2016 – the envoy spoke.",               # no such day: nothing rather than a wrong one
    "Title line\n\nMINSK, March 30, 2016 – later.",    # not at the very start
])
def test_no_dateline(text):
    assert date_in_text(text, TODAY) is None
