"""Write students.csv: 300 fictional students for the career-fair example.

    python examples/career-fair/make_roster.py

Deterministic (no randomness: names are combined by index with coprime
strides), so the file, the tests and the benchmark never change unless this
script does. Names are invented combinations drawn from many languages, with
the accents and letters a real roster has (á, ñ, ø, ł, ş, ễ, ...), all within
the built-in Open Sans font; a few are long, to exercise shrinking. The file
is written the way Excel's "CSV UTF-8" writes it: a byte-order mark and CRLF.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

GIVEN = [
    "Ana María",
    "José",
    "Zoë",
    "Søren",
    "Łukasz",
    "Siobhán",
    "François",
    "Çağla",
    "Tomáš",
    "Ngozi",
    "Kwame",
    "Priya",
    "Mei-Lin",
    "Björk",
    "Jürgen",
    "Thandiwe",
    "Ximena",
    "Ólafur",
    "Nnamdi",
    "Aigerim",
    "Hương",
    "Đức",
    "Şeyma",
    "Mateus",
    "Ioana",
    "Wiremu",
    "Amara",
    "Raúl",
    "Inés",
    "Dagný",
    "Kofi",
    "Anaïs",
    "Bartłomiej",
    "Gülşen",
    "Noémie",
    "Joaquín",
    "Émile",
    "Aleksandra",
    "Tariq",
    "Yara",
    "Camille",
    "Mohammed",
    "Sofía",
    "Oisín",
    "Kaito",
    "Leilani",
    "Dmitri",
    "Ayşe",
    "Chidi",
    "Fatoumata",
]
FAMILY = [
    "López",
    "Ñúñez",
    "Åberg",
    "Kierkegaard-Jensen",
    "Wójcik",
    "Ó Briain",
    "Lefèvre",
    "Şahin",
    "Dvořák",
    "Okonkwo",
    "Mensah",
    "Raghunathan",
    "Chen",
    "Guðmundsdóttir",
    "Müller",
    "Dlamini",
    "Castañeda",
    "Þórsson",
    "Eze",
    "Nurlanovna",
    "Nguyễn",
    "Trần",
    "Yılmaz",
    "Gonçalves",
    "Țurcanu",
    "Ngata",
    "Diallo",
    "Peña",
    "Ibáñez",
    "Sigurðardóttir",
    "Asante",
    "Mercier",
    "Zieliński",
    "Öztürk",
    "Rousseau",
    "Quiñones",
    "Brontë",
    "Kowalczyk",
    "Haddad",
    "Oyelaran",
    "Fernández-Villaverde Castellanos",
    "Nakamura",
    "Kahananui",
    "Volkov",
    "Karadeniz",
    "Obi",
    "Traoré",
    "Søndergaard",
    "Ramírez",
    "Van der Merwe",
]
ADVISERS = ["Ms. Okafor", "Mr. Lindqvist", "Mx. Ferreira", "Dr. Nakashima"]
COUNT = 300


def students() -> list[list[str]]:
    rows = []
    for index in range(COUNT):
        given = GIVEN[(index * 7) % len(GIVEN)]
        family = FAMILY[(index * 13 + index // len(FAMILY)) % len(FAMILY)]
        grade = 9 + index % 4
        rows.append([f"{given} {family}", str(grade), f"{grade}{'ABCDE'[index % 5]}", ADVISERS[index % len(ADVISERS)]])
    return rows


def main() -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Student name", "Grade", "Homeroom", "Adviser"])
    writer.writerows(students())
    target = Path(__file__).with_name("students.csv")
    target.write_bytes(out.getvalue().encode("utf-8-sig"))
    print(f"wrote {target} ({COUNT} students)")


if __name__ == "__main__":
    main()
