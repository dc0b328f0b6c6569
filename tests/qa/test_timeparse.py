"""Time in questions: ranges, open ranges, relative times, order, and numbers that are topics."""
from __future__ import annotations

import datetime as dt

import pytest

from qa.timeparse import TimeQuery, parse_time

TODAY = dt.date(2021, 6, 15)  # a Tuesday
D = dt.date


@pytest.mark.parametrize("question, start, end, text", [
    ("What did the mayor say about rents in 2013?", D(2013, 1, 1), D(2013, 12, 31), "What did the mayor say about rents?"),
    ("What did the mayor say about rents since 2019?", D(2019, 1, 1), None, "What did the mayor say about rents?"),
    ("What did she say between 2010 and 2014?", D(2010, 1, 1), D(2014, 12, 31), "What did she say?"),
    ("What did she say from 2010 to 2012?", D(2010, 1, 1), D(2012, 12, 31), "What did she say?"),
    ("What did she say from March 2014 until May 2015?", D(2014, 3, 1), D(2015, 5, 31), "What did she say?"),
    ("What did she say between March and May 2014?", D(2014, 3, 1), D(2014, 5, 31), "What did she say?"),
    ("What did she say in March 2014?", D(2014, 3, 1), D(2014, 3, 31), "What did she say?"),
    ("What did she say in Feb 2016?", D(2016, 2, 1), D(2016, 2, 29), "What did she say?"),
    ("What did she say on 5 March 2014?", D(2014, 3, 5), D(2014, 3, 5), "What did she say?"),
    ("What did she say on March 5, 2014 about bridges?", D(2014, 3, 5), D(2014, 3, 5), "What did she say about bridges?"),
    ("What did she say on 2014-03-05?", D(2014, 3, 5), D(2014, 3, 5), "What did she say?"),
    ("What did she say on 25/3/2014?", D(2014, 3, 25), D(2014, 3, 25), "What did she say?"),
    ("What did she say before 2005?", None, D(2004, 12, 31), "What did she say?"),
    ("What did she say prior to March 2005?", None, D(2005, 2, 28), "What did she say?"),
    ("What did she say after 2016?", D(2017, 1, 1), None, "What did she say?"),
    ("What did she say until 2010?", None, D(2010, 12, 31), "What did she say?"),
    ("What did she say up to 2010?", None, D(2010, 12, 31), "What did she say?"),
    ("What did she say from 2010 on?", D(2010, 1, 1), None, "What did she say?"),
    ("What did she say in the 2000s?", D(2000, 1, 1), D(2009, 12, 31), "What did she say?"),
    ("What did she say in the early 1990s?", D(1990, 1, 1), D(1993, 12, 31), "What did she say?"),
    ("What did she say in the late 2010s?", D(2017, 1, 1), D(2019, 12, 31), "What did she say?"),
    ("What did she say in early 2014?", D(2014, 1, 1), D(2014, 4, 30), "What did she say?"),
    ("What did she say in mid-2014?", D(2014, 5, 1), D(2014, 8, 31), "What did she say?"),
    ("What did she say at the end of 2014?", D(2014, 9, 1), D(2014, 12, 31), "What did she say?"),
    ("What did she say in 2010-2012?", D(2010, 1, 1), D(2012, 12, 31), "What did she say?"),
    ("What did she say in 2010–12?", D(2010, 1, 1), D(2012, 12, 31), "What did she say?"),
    ("What did she say in 2013 and 2014?", D(2013, 1, 1), D(2014, 12, 31), "What did she say?"),
    ("What did she say in 2012, 2013 and 2014?", D(2012, 1, 1), D(2014, 12, 31), "What did she say?"),
    ("In 2013, what did the mayor say about rents?", D(2013, 1, 1), D(2013, 12, 31), "What did the mayor say about rents?"),
    ("What did she say in 1999 about ports?", D(1999, 1, 1), D(1999, 12, 31), "What did she say about ports?"),
    ("Did the mayor say in 2013 that rents would fall?", D(2013, 1, 1), D(2013, 12, 31),
     "Did the mayor say that rents would fall?"),
    ("What did she say about the 2014 games since 2016?", D(2016, 1, 1), None, "What did she say about the 2014 games?"),
    ("What did she say about Resolution 2231 in 2015?", D(2015, 1, 1), D(2015, 12, 31),
     "What did she say about Resolution 2231?"),
    ("What did she say about rents in 2013 since 2012?", D(2013, 1, 1), D(2013, 12, 31), "What did she say about rents?"),
])
def test_ranges(question, start, end, text):
    t = parse_time(question, TODAY)
    assert (t.start, t.end, t.text, t.problem) == (start, end, text, None)
    assert t.order is None
    assert question[t.span[0]:t.span[1]].strip() == t.expression.split(" … ")[0]


@pytest.mark.parametrize("question, start, end", [
    ("What did she say last year?", D(2020, 1, 1), D(2020, 12, 31)),
    ("What did she say this year?", D(2021, 1, 1), TODAY),
    ("What did she say earlier this year?", D(2021, 1, 1), TODAY),
    ("What did she say last month?", D(2021, 5, 1), D(2021, 5, 31)),
    ("What did she say this month?", D(2021, 6, 1), TODAY),
    ("What did she say last week?", D(2021, 6, 7), D(2021, 6, 13)),
    ("What did she say this week?", D(2021, 6, 14), TODAY),
    ("What did she say today?", TODAY, TODAY),
    ("What did she say yesterday?", D(2021, 6, 14), D(2021, 6, 14)),
    ("What did she say two years ago?", D(2019, 1, 1), D(2019, 12, 31)),
    ("What did she say 3 months ago?", D(2021, 3, 1), D(2021, 3, 31)),
    ("What did she say in the past three months?", D(2021, 3, 16), TODAY),
    ("What did she say in the last year?", D(2020, 6, 16), TODAY),
    ("What did she say over the last 10 days?", D(2021, 6, 6), TODAY),
])
def test_relative_to_today(question, start, end):
    t = parse_time(question, TODAY)
    assert (t.start, t.end, t.text) == (start, end, "What did she say?")


@pytest.mark.parametrize("question", [
    "What did she say about the 2014 Olympics?",
    "What did she say about the G20?",
    "What did she say about Article 5?",
    "What did she say about $200 oil?",
    "What did she say about 1,000 troops?",
    "What did she say about Resolution 2231?",
    "What did she say about 2014?",
    "What did she say about the 1990s?",
    "What did she say in 2014 elections?",            # the year modifies a noun: a topic
    "What did she say during 2014 talks?",
    "What did she say in 2014's budget debate?",
    "What did she say about targets in 2030?",        # no one was quoted in 2030: a topic
    "What did she say about plans in March 2030?",
    "What did she say about plans from 2010?",        # "from 2010" alone: the plans' year
    "What did she say by the end of 2014?",           # a deadline
    "What did she say in March?",                     # which March is not ours to choose
    "What did she say on 9/11?",
    "What did she say after 9/11?",
    "What did she say before the 2014 Olympics?",
    "What did she say about the last year of the war?",
    "What did she say about last year?",
    "What did she say about this year's budget?",
    "What did she say about last week's vote?",
    "What did she say about the year 2000 problem?",
    "What did she say in 1750?",
    "What did she say about Minsk-2?",
    "What did she say about COVID-19?",
    "What did she say in 2000 troops?",
])
def test_numbers_that_are_topics_stay(question):
    t = parse_time(question, TODAY)
    assert (t.start, t.end, t.order, t.problem, t.span, t.text) == (None, None, None, None, None, question)


@pytest.mark.parametrize("question, words", [
    ("What did she say on 5/3/2014?", ["ambiguous", "5 March 2014", "3 May 2014"]),
    ("What did she say on 30/03/14?", ["2-digit year"]),
    ("What did she say on 31 February 2014?", ["February 2014 has 28 days"]),
    ("What did she say between 2014 and 2010?", ["ends before it starts"]),
    ("What did she say in 2010 and 2014?", ["years apart", "between 2010 and 2014"]),
    ("What did she say in 2008 since 2012?", ["share no day"]),
])
def test_refused_times_give_a_problem_not_a_guess(question, words):
    t = parse_time(question, TODAY)
    assert t.start is None and t.end is None and t.text == "What did she say?"
    for w in words:
        assert w in t.problem


@pytest.mark.parametrize("question, order, text", [
    ("When did the mayor first talk about rents?", "first", "What did the mayor talk about rents?"),
    ("When did the mayor last mention rents?", "last", "What did the mayor mention rents?"),
    ("What did the mayor last say about rents?", "last", "What did the mayor say about rents?"),
    ("What did the mayor first say about rents?", "first", "What did the mayor say about rents?"),
    ("What did the mayor most recently say about rents?", "last", "What did the mayor say about rents?"),
    ("What did the mayor say for the first time about rents?", "first", "What did the mayor say about rents?"),
    ("When was the last time the mayor said rents were too high?", "last", "The mayor said rents were too high?"),
    ("When was the first time that the mayor spoke about rents?", "first", "The mayor spoke about rents?"),
    ("What was the first thing the mayor said about rents?", "first", "What was the mayor said about rents?"),
    ("When did the mayor say that rents were too high?", "chronological", "What did the mayor say that rents were too high?"),
    ("And when did she say it?", "chronological", "And what did she say it?"),
])
def test_order_requests(question, order, text):
    t = parse_time(question, TODAY)
    assert (t.order, t.text, t.start, t.end) == (order, text, None, None)
    assert t.span is not None and t.expression == ""


@pytest.mark.parametrize("question", [
    "What did the mayor say about the first bridge?",
    "What did the mayor say about the last mile?",
    "Who said the first step is the hardest?",
])
def test_first_and_last_as_topic_words(question):
    t = parse_time(question, TODAY)
    assert (t.order, t.text) == (None, question)


def test_order_and_range_together():
    t = parse_time("When did the mayor first talk about rents in 2013?", TODAY)
    assert (t.order, t.start, t.end, t.text) == ("first", D(2013, 1, 1), D(2013, 12, 31),
                                                 "What did the mayor talk about rents?")
    assert t.expression == "in 2013"


@pytest.mark.parametrize("iso, admitted", [
    ("2013", True), ("2013-03", True), ("2013-03-05", True), ("2012-12-31", False), ("2014", False),
    (None, False), ("--03-30", False), ("not a date", False),
])
def test_admits_a_year(iso, admitted):
    assert parse_time("What did she say in 2013?", TODAY).admits(iso) is admitted


def test_admits_needs_the_whole_date_inside():
    march = parse_time("What did she say in March 2013?", TODAY)
    assert march.admits("2013-03-05") and march.admits("2013-03") and not march.admits("2013")
    since = parse_time("What did she say since 2019?", TODAY)
    assert since.admits("2019") and since.admits("2020-01-02") and not since.admits("2018-12")
    assert parse_time("What did she say?", TODAY).admits(None)


@pytest.mark.parametrize("question, words", [
    ("What did she say in 2013?", "in 2013"),
    ("What did she say in March 2013?", "in March 2013"),
    ("What did she say on 5 March 2013?", "on 5 March 2013"),
    ("What did she say since 2019?", "since 2019"),
    ("What did she say until 2010?", "until 2010"),
    ("What did she say after March 2016?", "since April 2016"),
    ("What did she say between 2010 and 2014?", "between 2010 and 2014"),
    ("What did she say between March and May 2014?", "between March 2014 and May 2014"),
    ("What did she say this year?", "between 1 January 2021 and 15 June 2021"),
    ("What did she say from 2010 to March 2012?", "between January 2010 and March 2012"),
    ("What did she say before 5 March 2013?", "until 4 March 2013"),
    ("What did she say?", ""),
])
def test_describe(question, words):
    assert parse_time(question, TODAY).describe() == words


def test_no_time_at_all():
    t = parse_time("What did the mayor say about rents?", TODAY)
    assert t == TimeQuery(text="What did the mayor say about rents?")
    assert not t.has_range


def test_default_today_is_the_real_one():
    t = parse_time("What did she say this year?")
    assert t.start == dt.date(dt.date.today().year, 1, 1)
