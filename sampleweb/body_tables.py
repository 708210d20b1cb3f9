"""Data tables inside article bodies: results reported as rows of cells.

A table reaches the article as one paragraph per row, its cells joined by " | ",
which is exactly how extraction must render it; the family renderers turn such
runs of paragraphs back into ``<table>`` markup.
"""

from __future__ import annotations

import random

CELL_SEPARATOR = " | "
HEADER = ("Nội dung", "Kế hoạch", "Thực hiện", "Tỷ lệ")
# (row label, lowest and highest planned figure)
ROWS = (
    ("Hội nghị học tập, quán triệt nghị quyết", 6, 20),
    ("Lớp bồi dưỡng lý luận chính trị", 10, 40),
    ("Tin, bài tuyên truyền trên trang thông tin", 120, 400),
    ("Buổi sinh hoạt chuyên đề ở chi bộ", 30, 150),
    ("Đảng viên mới được kết nạp", 20, 120),
    ("Mô hình học tập và làm theo Bác", 5, 30),
)


def is_row(paragraph: str) -> bool:
    return CELL_SEPARATOR in paragraph


def results_table(rng: random.Random) -> tuple[str, ...]:
    """A header and three or four rows of planned and achieved figures."""
    rows = [CELL_SEPARATOR.join(HEADER)]
    for label, low, high in rng.sample(ROWS, k=rng.choice((3, 4))):
        planned = rng.randint(low, high)
        achieved = rng.randint(int(planned * 0.8), int(planned * 1.3))
        share = round(100 * achieved / planned)
        rows.append(CELL_SEPARATOR.join((label, str(planned), str(achieved), f"{share}%")))
    return tuple(rows)


def with_table(body: list[str], rng: random.Random) -> list[str]:
    """``body`` with a results table after its first paragraph."""
    return [*body[:1], *results_table(rng), *body[1:]]
