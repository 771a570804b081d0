"""Fair comparisons: every arm at its own best setting, over several seeds.

A comparison of two methods (two activations, two optimizers, with and without batch norm) is
evidence only when it is fair:

1. **Seeds.** Each arm runs with several seeds (at least 3, 5 where it is cheap); what is
   reported is the mean and the range over the seeds, and how many seeds agree on the winner.
2. **Each arm at its best.** Arms may prefer different hyper-parameters (the learning rate above
   all). Each arm is run over the same grid and judged at its own best value; a comparison at one
   shared value says something about that value only.
3. **One variable at a time.** The arms differ in the variable under test only; the run
   functions share data, initialisation rule, budget and seeds (seed k of one arm is seed k of
   the other: the comparison is paired).
4. **Scores that can fail.** A run that diverges scores NaN or inf; it never wins.

``compare(runs, grid, seeds)`` runs ``run(setting, seed) -> score`` of every arm for every
setting of ``grid`` and every seed, picks each arm's best setting by its mean score over the seeds
and returns a ``Comparison``: its ``table()`` prints one line per arm, ``wins(a, b)`` counts the
seeds on which arm a beats arm b, each at its best setting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import _checks

__all__ = ["Arm", "Comparison", "compare"]


@dataclass(frozen=True)
class Arm:
    """One arm of a comparison: its scores for every setting and seed, and its best setting.

    ``scores[i, k]`` is the score of setting ``grid[i]`` with seed ``seeds[k]`` (NaN for a run
    that diverged); ``best`` is the index of the setting with the best mean over the seeds.
    """

    name: str
    grid: tuple
    seeds: tuple[int, ...]
    scores: np.ndarray
    best: int
    lower_is_better: bool

    @property
    def setting(self):
        """The arm's best setting."""
        return self.grid[self.best]

    @property
    def at_best(self) -> np.ndarray:
        """The scores of the best setting, one per seed."""
        return self.scores[self.best]

    @property
    def mean(self) -> float:
        return float(np.mean(self.at_best))

    @property
    def low(self) -> float:
        return float(np.min(self.at_best))

    @property
    def high(self) -> float:
        return float(np.max(self.at_best))


@dataclass(frozen=True)
class Comparison:
    """The arms of a comparison, by name, in the order they were given."""

    arms: dict[str, Arm]
    score: str

    def __getitem__(self, name: str) -> Arm:
        return self.arms[_checks.choice(name, "name", list(self.arms))]

    def wins(self, a: str, b: str) -> int:
        """On how many seeds arm ``a`` at its best setting scores better than arm ``b`` at its
        best (paired by seed; a NaN score never wins)."""
        lower = self[a].lower_is_better
        first, second = (_ranked(self[name].at_best, lower) for name in (a, b))
        return int(np.count_nonzero(first < second if lower else first > second))

    def table(self, digits: int = 4) -> str:
        """One line per arm: its best setting, mean score and range over the seeds."""
        digits = _checks.integer(digits, "digits", low=1, high=12)
        width = max(len("arm"), *(len(name) for name in self.arms))
        n = len(next(iter(self.arms.values())).seeds)
        lines = [f"{'arm':<{width}}  best setting  {self.score}: mean [min, max] over "
                 f"{n} seed{'s' if n > 1 else ''}"]
        for name, arm in self.arms.items():
            setting = f"{arm.setting:.{digits}g}" if isinstance(arm.setting, float) else str(arm.setting)
            lines.append(f"{name:<{width}}  {setting:>12}  {arm.mean:.{digits}g} "
                         f"[{arm.low:.{digits}g}, {arm.high:.{digits}g}]")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()


def _ranked(scores: np.ndarray, lower_is_better: bool) -> np.ndarray:
    """Scores with NaN and ±inf (diverged runs) made the worst possible value."""
    worst = math.inf if lower_is_better else -math.inf
    return np.where(np.isfinite(scores), scores, worst)


def compare(runs: dict[str, Callable], grid: Sequence, seeds: Sequence[int], *,
            lower_is_better: bool = True, score: str = "score") -> Comparison:
    """Run every arm over ``grid`` × ``seeds`` and judge each at its own best setting.

    ``runs`` maps an arm's name to ``run(setting, seed) -> float`` (a final loss, an accuracy,
    the number of steps to converge). A setting's mean over the seeds decides the best; a setting
    with a diverged run (NaN or inf) on any seed is never the best unless all are.
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError(f"runs must be a non-empty dict of name → run(setting, seed), "
                        f"got {_checks._describe(runs)}")
    for name, run in runs.items():
        if not isinstance(name, str) or not callable(run):
            raise TypeError(f"runs must map names (str) to functions run(setting, seed), got "
                            f"{name!r}: {_checks._describe(run)}")
    if isinstance(grid, str) or not isinstance(grid, Sequence) or not grid:
        raise ValueError(f"grid must be a non-empty list of settings, got {_checks._describe(grid)}")
    grid = tuple(grid)
    if isinstance(seeds, str) or not isinstance(seeds, Sequence) or len(seeds) < 1:
        raise ValueError(f"seeds must be a non-empty list of integer seeds, got {seeds!r}")
    seeds = tuple(_checks.integer(seed, "seeds entry", low=0) for seed in seeds)
    lower_is_better = _checks.flag(lower_is_better, "lower_is_better")
    if not isinstance(score, str):
        raise TypeError(f"score must be the name of the score (str), got {_checks._describe(score)}")
    arms = {}
    for name, run in runs.items():
        scores = np.array([[_score(run, setting, seed, name) for seed in seeds] for setting in grid])
        ranked = _ranked(scores, lower_is_better).mean(axis=1)
        best = int(np.argmin(ranked) if lower_is_better else np.argmax(ranked))
        arms[name] = Arm(name, grid, seeds, scores, best, lower_is_better)
    return Comparison(arms, score)


def _score(run: Callable, setting, seed: int, name: str) -> float:
    value = run(setting, seed)
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise TypeError(f"runs[{name!r}]({setting!r}, {seed}) must return a number, "
                        f"got {_checks._describe(value)}")
    return float(value)
