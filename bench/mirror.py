"""Pages of the en.kremlin.ru site mirror (`fetch github:iandennismiller/valdai-transcripts`), read
straight from its git objects: the mirror is a bare repository without a work tree."""
from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Iterator

NEWS = "var/extract/en.kremlin.ru/events/president/news/"


def news_pages(git: list[str], ids: Iterable[int]) -> Iterator[tuple[int, bytes]]:
    """(page id, raw HTML) of each news page in `ids` that the mirror holds, in the order given.
    `git` is how to call git on the mirror: ["git", "-C", REPO] or ["git", "--git-dir", GITDIR]."""
    cat = subprocess.Popen(git + ["cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert cat.stdin is not None and cat.stdout is not None  # both are pipes
    try:
        for page_id in ids:
            cat.stdin.write(f"HEAD:{NEWS}{page_id}.html\n".encode())
            cat.stdin.flush()
            header = cat.stdout.readline().split()
            if len(header) < 3 or header[1] != b"blob":
                continue  # "missing"
            data = cat.stdout.read(int(header[2]))
            cat.stdout.read(1)  # the newline after the object
            yield page_id, data
    finally:
        cat.stdin.close()
        cat.wait()


def news_ids(git: list[str]) -> list[int]:
    """The ids of the mirror's news pages, ascending (the site numbers them in order of publication)."""
    names = subprocess.run(git + ["ls-tree", "--name-only", "HEAD", NEWS], check=True, capture_output=True,
                           text=True).stdout.split()
    return sorted(int(m.group(1)) for n in names if (m := re.fullmatch(re.escape(NEWS) + r"(\d+)\.html", n)))
