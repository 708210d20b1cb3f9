"""Answers of recent searches, kept per index generation.

The same search asked twice between two indexing runs has the same answer
(the index is the same snapshot; article rows change only with a run that
reindexes them), and popular searches are asked again and again. The key
holds the index's build and generation, so every ``partyline index`` commit
starts a fresh cache without the server being told.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

DEFAULT_SIZE = 1024


class ResultCache:
    """A thread-safe LRU of search answers; ``size`` 0 keeps nothing."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._answers: OrderedDict[Any, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Any, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The cached answer for ``key``, else ``compute()``'s (shared: never edit one)."""
        if self.size <= 0:
            return compute()
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                return found
        answer = compute()
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer
