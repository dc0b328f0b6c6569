"""How often `corpus.metadata` reads the right date, title and URL from real pages.

Each en.kremlin.ru page states its own date twice: the article's `<time class="read__published"
datetime=...>` under the headline and "Publication date: <time datetime=...>" in its publication
status block (announcements have only the second; where both exist they agree on all 7,235 news
pages of the mirror). That statement is the gold, read here with a plain regex, apart from the
extractor. Each page is read by `corpus.readers.read_html`, the reader `qa index` uses, which dates it
with `corpus.metadata` (so what is measured is what the index stores).

It prints the accuracy of the resolved date, and for comparison of trafilatura's date alone and
of the page's own markup alone, the title against the reference text's first line (kremlin text/),
the URL against http://en.kremlin.ru/events/president/news/NNNNN, and every miss. With --polnear
it also dates PolNeAR's texts as plain text is dated (their file names carry the date) against its
metadata.tsv. Everything is read at run time from its folder or the git mirror, never copied.

    .venv/bin/python -m bench.check_dates                         # the 150 dev pages and the seed
    .venv/bin/python -m bench.check_dates --mirror /work/.mirror/iandennismiller+valdai-transcripts/repo --sample 300
    .venv/bin/python -m bench.check_dates --mirror ... --sample 0  # every news page of the mirror
    .venv/bin/python -m bench.check_dates --polnear /work/shared/polnear/data  # dates in PolNeAR's file names
"""
from __future__ import annotations

import argparse
import collections
import glob
import os
import re
import sys
import time
from dataclasses import dataclass, field

from bench.mirror import news_ids, news_pages

KREMLIN = "/work/shared/kremlin"
SEED = "/work/shared/seed"
_READ_PUBLISHED = re.compile(rb'<time[^>]*class="read__published"[^>]*datetime="([^"]+)"')
_PUBLICATION_DATE = re.compile(rb'Publication date:\s*<time[^>]*datetime="([^"]+)"')


def gold_date(data: bytes) -> str | None:
    """The page's own statement of its date (see the module docstring)."""
    m = _READ_PUBLISHED.search(data) or _PUBLICATION_DATE.search(data)
    return m.group(1).decode() if m else None


@dataclass
class Tally:
    name: str
    n: int = 0
    date_ok: int = 0
    guessed_ok: int = 0
    markup_ok: int = 0
    title_ok: int = 0
    title_n: int = 0
    url_ok: int = 0
    no_gold: int = 0
    misses: list = field(default_factory=list)
    sources: collections.Counter = field(default_factory=collections.Counter)
    seconds: float = 0.0

    def report(self, html: bool = True) -> str:
        pct = lambda a, b: f"{a}/{b} = {a / b:.1%}" if b else "n/a"  # noqa: E731
        lines = [f"## {self.name}: {self.n} {'pages' if html else 'texts'} ({self.seconds:.1f} s)",
                 f"  date (resolved)        {pct(self.date_ok, self.n)}"]
        if html:
            lines += [f"  date (markup only)     {pct(self.markup_ok, self.n)}",
                      f"  date (trafilatura only){pct(self.guessed_ok, self.n)}",
                      f"  url                    {pct(self.url_ok, self.n)}"]
        if self.title_n:
            lines.append(f"  title                  {pct(self.title_ok, self.title_n)}")
        lines += [f"  dated by {src}: {n}" for src, n in self.sources.most_common()]
        if self.no_gold:
            lines.append(f"  pages stating no date (left out): {self.no_gold}")
        lines.append(f"  misses: {len(self.misses)}")
        lines += [f"    {m}" for m in self.misses]
        return "\n".join(lines)


def check_page(tally: Tally, name: str, data: bytes, page_id: str, ref_title: str | None = None) -> None:
    """Read the page as `qa index` reads it (`corpus.readers.read_html`, which resolves its metadata with
    `corpus.metadata`) and compare its date, URL and title with the page's own statement."""
    from trafilatura import bare_extraction

    from corpus.metadata import html_metadata
    from corpus.readers import ReadError, read_html

    gold = gold_date(data)
    if gold is None:
        tally.no_gold += 1
        return
    tally.n += 1
    try:
        doc = read_html(name, data, name)[0]
    except ReadError as err:
        tally.misses.append(f"{name}: not read ({err})")
        return
    extracted = bare_extraction(data, with_metadata=True, include_comments=False, favor_recall=True)
    layers = html_metadata(data, name, extracted)  # each layer alone, for comparison
    tally.sources[doc.meta.get("date_source")] += 1
    tally.date_ok += doc.date == gold
    tally.markup_ok += layers[0].date == gold
    tally.guessed_ok += layers[1].date == gold
    tally.url_ok += doc.meta.get("url") == f"http://en.kremlin.ru/events/president/news/{page_id}"
    if ref_title is not None:
        tally.title_n += 1
        tally.title_ok += doc.title == ref_title
        if doc.title != ref_title:
            tally.misses.append(f"{name}: title {doc.title!r}, the page says {ref_title!r}")
    if doc.date != gold:
        tally.misses.append(f"{name}: date {doc.date} from {doc.meta.get('date_source')}, the page says {gold}"
                            f" (markup {layers[0].date}, trafilatura {layers[1].date}; "
                            f"{'; '.join(doc.meta.get('problems', ()))})")


def dev_pages(folder: str) -> Tally:
    tally = Tally(f"dev pages ({folder}/html)")
    t0 = time.perf_counter()
    for path in sorted(glob.glob(os.path.join(folder, "html", "*.html"))):
        page_id = os.path.basename(path)[:-5]
        with open(path, "rb") as fh:
            data = fh.read()
        ref = os.path.join(folder, "text", page_id + ".txt")
        title = open(ref, encoding="utf-8").readline().strip() if os.path.exists(ref) else None
        check_page(tally, os.path.basename(path), data, page_id, title)
    tally.seconds = time.perf_counter() - t0
    return tally


def mirror_pages(repo: str, sample: int, exclude: set[str]) -> Tally:
    """`sample` news pages of the mirror spread evenly over its ids (0: all), the dev pages left out."""
    ids = [i for i in news_ids(["git", "-C", repo]) if str(i) not in exclude]
    if sample:
        step = len(ids) / sample
        ids = [ids[int(i * step)] for i in range(min(sample, len(ids)))]
    tally = Tally(f"mirror pages ({len(ids)} of the news pages not in the dev set)")
    t0 = time.perf_counter()
    for page_id, data in news_pages(["git", "-C", repo], ids):
        check_page(tally, f"{page_id}.html", data, str(page_id))
    tally.seconds = time.perf_counter() - t0
    return tally


def polnear(root: str) -> Tally:
    """PolNeAR's texts dated as read_text dates them (file name, dateline), against its metadata.tsv."""
    import csv

    from corpus.metadata import describe

    tally = Tally(f"PolNeAR texts ({root}, against publication_date in metadata.tsv)")
    t0 = time.perf_counter()
    with open(os.path.join(root, "metadata.tsv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            rel = f"{row['compartment']}/text/{row['filename']}.txt"
            path = os.path.join(root, rel)
            if not os.path.exists(path):
                tally.no_gold += 1
                continue
            with open(path, encoding="utf-8") as f:
                meta = describe(rel, f.read())
            tally.n += 1
            tally.sources[meta.date_source] += 1
            tally.date_ok += meta.date == row["publication_date"]
            if meta.date != row["publication_date"]:
                tally.misses.append(f"{rel}: date {meta.date} from {meta.date_source}, metadata.tsv says "
                                    f"{row['publication_date']}")
    tally.seconds = time.perf_counter() - t0
    return tally


def seed(folder: str) -> str:
    """The seed as `qa index` reads it. Its text says "on 30 March" and no year: it stays undated (a dated
    question leaves it out and says so) rather than get a guessed year."""
    from corpus.readers import read_file

    lines = [f"## seed ({folder})"]
    for path in sorted(glob.glob(os.path.join(folder, "*"))):
        for doc in read_file(path):
            lines.append(f"  {os.path.basename(path)}: date {doc.date}, partial date {doc.meta.get('partial_date')}, "
                         f"title {doc.title!r}, problems {doc.meta.get('problems', [])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--kremlin", default=KREMLIN, help="folder with html/ and text/ (default %(default)s)")
    ap.add_argument("--seed", default=SEED, help="folder of the seed article (default %(default)s)")
    ap.add_argument("--mirror", help="git directory of github.com/iandennismiller/valdai-transcripts")
    ap.add_argument("--sample", type=int, default=300, help="mirror pages to check; 0 for all (default %(default)s)")
    ap.add_argument("--polnear", help="PolNeAR's data folder (with metadata.tsv), e.g. /work/shared/polnear/data")
    args = ap.parse_args(argv)
    dev = dev_pages(args.kremlin)
    print(dev.report())
    if args.mirror:
        exclude = {os.path.basename(p)[:-5] for p in glob.glob(os.path.join(args.kremlin, "html", "*.html"))}
        print(mirror_pages(args.mirror, args.sample, exclude).report())
    if args.polnear:
        print(polnear(args.polnear).report(html=False))
    if os.path.isdir(args.seed):
        print(seed(args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
