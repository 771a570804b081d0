"""The guess-the-number game: answers, bisection's guess count, and gradient steps."""

import math

import pytest

from course_lib import guessing


def test_answers_give_the_direction_and_error_gives_the_size():
    game = guessing.Game(1, 100, target=37)
    assert [game.answer(g) for g in (50, 20, 37)] == ["too big", "too small", "right"]
    assert game.error(50) == 13 and game.error(20) == -17


def test_hidden_number_is_drawn_in_range_and_fixed_by_the_seed():
    targets = [guessing.Game(1, 10, rng=seed).target for seed in range(200)]
    assert set(targets) == set(range(1, 11))
    assert guessing.Game(1, 100, rng=7).target == guessing.Game(1, 100, rng=7).target


def test_bisection_plays_the_game_by_hand():
    trace = guessing.bisection(guessing.Game(1, 100, target=37))
    assert trace.guesses == [50, 25, 37]
    assert trace.answers == ["too big", "too small", "right"] and trace.solved


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 100, 128, 1000])
def test_bisection_finds_every_target_within_ceil_log2_of_n_plus_1_guesses(n):
    counts = [len(guessing.bisection(guessing.Game(1, n, target=t))) for t in range(1, n + 1)]
    assert max(counts) == math.ceil(math.log2(n + 1))


def test_bisection_needs_at_most_7_guesses_for_1_to_100():
    counts = [len(guessing.bisection(guessing.Game(1, 100, target=t))) for t in range(1, 101)]
    assert max(counts) == 7 == math.ceil(math.log2(100))


def test_gradient_steps_shrink_the_error_by_one_minus_lr():
    trace = guessing.gradient_steps(guessing.Game(0, 100, target=10), lr=0.5, start=90)
    assert trace.guesses[:4] == [90, 50, 30, 20]
    assert trace.solved and len(trace) == 9  # error 80·0.5^k < 0.5 first at k = 8


def test_gradient_steps_with_lr_1_are_exact_in_one_step():
    trace = guessing.gradient_steps(guessing.Game(1, 100, target=73), lr=1.0, start=5)
    assert trace.guesses == [5, 73] and trace.solved


def test_gradient_steps_overshoot_and_diverge_for_lr_above_2():
    trace = guessing.gradient_steps(guessing.Game(1, 100, target=50), lr=2.5, start=51,
                                    max_guesses=200)
    errors = [g - 50 for g in trace.guesses]
    assert not trace.solved
    assert all(a * b < 0 for a, b in zip(errors, errors[1:], strict=False))  # alternating signs
    assert abs(errors[-1]) > 1e12 and len(trace) < 200


def test_gradient_steps_stop_after_max_guesses():
    trace = guessing.gradient_steps(guessing.Game(1, 100, target=50), lr=0.01, start=1,
                                    max_guesses=5)
    assert len(trace) == 5 and not trace.solved


def test_bad_inputs_are_refused_with_a_message():
    with pytest.raises(ValueError, match=r"high must be in \[10, inf\], got 5"):
        guessing.Game(10, 5)
    with pytest.raises(ValueError, match=r"target must be in \[1, 100\], got 0"):
        guessing.Game(1, 100, target=0)
    with pytest.raises(TypeError, match="guess must be a real number"):
        guessing.Game(1, 100, target=3).answer("50")
    with pytest.raises(TypeError, match="guess must be a real number"):
        guessing.Game(1, 100, target=3).error(None)
    with pytest.raises(TypeError, match="game must be a guessing.Game"):
        guessing.bisection(42)
    with pytest.raises(TypeError, match="game must be a guessing.Game"):
        guessing.gradient_steps("game")
    with pytest.raises(ValueError, match=r"lr must be in \(0, inf\], got 0"):
        guessing.gradient_steps(guessing.Game(target=3), lr=0)
    with pytest.raises(ValueError, match=r"max_guesses must be in \[1, inf\], got 0"):
        guessing.gradient_steps(guessing.Game(target=3), max_guesses=0)
