"""Keyness: how much more often a term occurs in a selection than in a reference corpus.

For a term counted ``a`` times in ``c`` running words of the selection and
``b`` times in ``d`` words of the reference:

- **log-likelihood** (Dunning's G², in the form of Rayson and Garside 2000):
  ``2 (a ln(a/E1) + b ln(b/E2))`` with ``E1 = c (a+b)/(c+d)`` and
  ``E2 = d (a+b)/(c+d)``: how surprising the difference is. With one degree
  of freedom, 3.84 is p < 0.05, 10.83 p < 0.001 and 15.13 p < 0.0001.
- **log ratio** (Hardie 2014): ``log2((a/c) / (b/d))``, zero counts taken as
  0.5: how big the difference is (1 is twice as frequent, 3 eight times).

Both are computed for arrays of terms at once.
"""

from __future__ import annotations

import math

import numpy as np

SIGNIFICANT = 10.83  # p < 0.001, one degree of freedom
ZERO = 0.5  # a count of zero, for the log ratio


def log_likelihood(a: np.ndarray, b: np.ndarray, c: int, d: int) -> np.ndarray:
    """G² of each term's counts ``a`` (selection) and ``b`` (reference)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if c <= 0 or d <= 0:
        return np.zeros_like(a)
    expected_a = c * (a + b) / (c + d)
    expected_b = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(a / expected_a), 0.0)
        part_b = np.where(b > 0, b * np.log(b / expected_b), 0.0)
    return 2 * (part_a + part_b)


def log_ratio(a: np.ndarray, b: np.ndarray, c: int, d: int) -> np.ndarray:
    """log2 of the relative frequencies' ratio (zero counts as 0.5)."""
    a = np.where(np.asarray(a) > 0, a, ZERO).astype(np.float64)
    b = np.where(np.asarray(b) > 0, b, ZERO).astype(np.float64)
    return np.log2((a / max(c, 1)) / (b / max(d, 1)))


def p_value(g2: float) -> float:
    """The chance of a G² this large when the term is no more frequent (chi², one d.f.)."""
    return math.erfc(math.sqrt(max(g2, 0.0) / 2))
