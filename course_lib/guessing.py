"""The guess-the-number game: an analogy for learning from feedback.

B hides a whole number in [low, high]; A guesses and B answers. Two kinds of answer, two
strategies:

* "too big" / "too small" only (the direction): A halves the interval of candidates each time
  (bisection), which finds any of n candidates in at most ⌈log2(n + 1)⌉ guesses;
* "how far off", the signed error e = guess − target (direction and size): A steps against it,
  guess ← guess − lr·e. That is gradient descent on the loss ½(guess − target)², whose gradient
  is e. The error is multiplied by 1 − lr each step: for 0 < lr < 2 it shrinks; lr = 1 is exact in
  one step; lr = 2 bounces between target ± e for ever (the factor is −1); lr > 2 overshoots
  further each time and diverges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import _checks


class Game:
    """A hidden whole number in [low, high], drawn with ``rng`` unless ``target`` is given.

    ``answer(guess)`` says "too big", "too small" or "right"; ``error(guess)`` says how far off
    (guess − target). The target is kept in ``target`` (do not peek while playing).
    """

    def __init__(self, low: int = 1, high: int = 100, *, target: int | None = None,
                 rng=None) -> None:
        self.low = _checks.integer(low, "low")
        self.high = _checks.integer(high, "high", low=self.low)
        rng = _checks.rng(rng)
        if target is None:
            target = int(rng.integers(self.low, self.high + 1))
        self.target = _checks.integer(target, "target", low=self.low, high=self.high)

    def answer(self, guess: float) -> str:
        """"too big", "too small" or "right" (the direction only)."""
        guess = _checks.number(guess, "guess")
        if guess > self.target:
            return "too big"
        return "too small" if guess < self.target else "right"

    def error(self, guess: float) -> float:
        """guess − target: the derivative of the loss ½(guess − target)² with respect to guess."""
        return _checks.number(guess, "guess") - self.target

    def __repr__(self) -> str:
        return f"Game(a whole number in [{self.low}, {self.high}])"


@dataclass
class Trace:
    """Every guess of one game in order, the answer it got, and whether the last one was right."""

    guesses: list[float] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    solved: bool = False

    def __len__(self) -> int:
        return len(self.guesses)


def bisection(game: Game) -> Trace:
    """Guess the middle of the candidates left, then drop the half that the answer rules out.

    Uses only "too big" / "too small". Each answer at least halves the n candidates, so at most
    ⌈log2(n + 1)⌉ guesses are needed (7 for 1–100).
    """
    if not isinstance(game, Game):
        raise TypeError(f"game must be a guessing.Game, got {type(game).__name__}")
    trace = Trace()
    low, high = game.low, game.high
    while not trace.solved:
        guess = (low + high) // 2
        answer = game.answer(guess)
        trace.guesses.append(guess)
        trace.answers.append(answer)
        trace.solved = answer == "right"
        if answer == "too big":
            high = guess - 1
        elif answer == "too small":
            low = guess + 1
    return trace


def gradient_steps(game: Game, *, lr: float = 0.5, start: float | None = None,
                   max_guesses: int = 50, tol: float = 0.5) -> Trace:
    """Step against the error: guess ← guess − lr·(guess − target), from ``start``.

    Gradient descent on ½(guess − target)². ``start`` defaults to the middle of the range.
    Stops when |error| < ``tol`` (the guess then rounds to the target), after ``max_guesses``,
    or once |error| passes 1e12 (lr > 2 diverges; stopping early keeps the numbers finite).
    """
    if not isinstance(game, Game):
        raise TypeError(f"game must be a guessing.Game, got {type(game).__name__}")
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    guess = (game.low + game.high) / 2 if start is None else _checks.number(start, "start")
    max_guesses = _checks.integer(max_guesses, "max_guesses", low=1)
    tol = _checks.number(tol, "tol", low=0, low_open=True)
    trace = Trace()
    for _ in range(max_guesses):
        error = game.error(guess)
        trace.guesses.append(guess)
        trace.solved = abs(error) < tol
        trace.answers.append("right" if trace.solved else game.answer(guess))
        if trace.solved or abs(error) > 1e12:
            break
        guess = guess - lr * error
    return trace
