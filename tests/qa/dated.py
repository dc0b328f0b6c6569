"""A small dated corpus: one speaker on gas in 2012, 2013 and 2016, on NATO in 2013, once undated; another
speaker on gas in 2016; dates from the file names, a URL from a metadata sidecar."""
from __future__ import annotations

from pathlib import Path

from tests.qa.builders import write

PETROV = "Ivan Petrov"
SMIRNOVA = "Anna Smirnova"
DATED = {
    "2012-03-05-gas.txt": (
        "Gas talks in Minsk\n\n"
        "“Gas prices for our neighbours will rise next year,” President Ivan Petrov said on Monday.\n\n"
        "The talks lasted four hours.\n"),
    "2013-06-10-forum.txt": (
        "Petrov at the energy forum\n\n"
        "“We will never cut gas supplies to Europe,” President Ivan Petrov said at the energy forum.\n\n"
        "The forum was attended by ministers from twelve countries.\n"),
    "2013-11-02-nato.txt": (
        "Petrov on the alliance\n\n"
        "“NATO is moving its military bases closer to our borders,” President Ivan Petrov told reporters.\n"),
    "2016-02-01-contract.txt": (
        "Gas contract signed\n\n"
        "“The new gas contract is good for both countries,” President Ivan Petrov said after the signing.\n\n"
        "Energy minister Anna Smirnova said that gas prices for families would stay the same until 2020.\n"),
    "notes/interview.txt": (
        "Petrov interview\n\n"
        "“Gas must stay cheap for every family,” President Ivan Petrov said in the interview.\n"),
}
FORUM_URL = "https://example.org/news/petrov-forum"
SIDECAR = f"path,url,title\n2013-06-10-forum.txt,{FORUM_URL},Petrov at the energy forum in Vienna\n"


def make_dated(folder: Path) -> Path:
    for name, text in DATED.items():
        write(folder / name, text)
    write(folder / "metadata.csv", SIDECAR)
    return folder
