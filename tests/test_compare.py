"""Fair comparisons: each arm at its own best setting, over seeds, paired by seed."""

import numpy as np
import pytest

from course_lib import compare


def quadratic_run(best_lr):
    """A made-up run whose final loss is smallest at ``best_lr``; the seed adds 0.01·seed."""
    return lambda lr, seed: (np.log10(lr) - np.log10(best_lr)) ** 2 + 0.01 * seed


def test_each_arm_is_judged_at_its_own_best_setting():
    result = compare.compare({"A": quadratic_run(0.01), "B": quadratic_run(1.0)}, grid=[0.01, 0.1, 1.0],
                             seeds=[0, 1, 2])
    assert result["A"].setting == 0.01 and result["B"].setting == 1.0
    np.testing.assert_allclose(result["A"].at_best, [0.0, 0.01, 0.02])
    assert (result["A"].mean, result["A"].low, result["A"].high) == pytest.approx((0.01, 0.0, 0.02))
    assert result.wins("A", "B") == 0 and result.wins("B", "A") == 0  # equal at their best: a tie


def test_a_shared_setting_would_have_told_another_story():
    result = compare.compare({"A": quadratic_run(0.01), "B": quadratic_run(1.0)}, grid=[0.01, 0.1, 1.0],
                             seeds=[0, 1, 2])
    at_shared = {name: arm.scores[0].mean() for name, arm in result.arms.items()}  # both at lr 0.01
    assert at_shared["A"] < at_shared["B"]  # at lr = 0.01 A looks better; at their best they tie
    assert result["A"].mean == pytest.approx(result["B"].mean)


def test_a_setting_that_diverges_on_one_seed_is_never_the_best():
    def run(lr, seed):
        return np.nan if (lr == 1.0 and seed == 2) else 1.0 / lr

    result = compare.compare({"A": run}, grid=[0.1, 1.0], seeds=[0, 1, 2])
    assert result["A"].setting == 0.1  # 1.0 scores better on two seeds but diverged on the third


def test_wins_are_counted_per_seed_and_nan_never_wins():
    runs = {"A": lambda s, seed: [1.0, 3.0, np.nan][seed], "B": lambda s, seed: [2.0, 2.0, 2.0][seed]}
    result = compare.compare(runs, grid=[None], seeds=[0, 1, 2])
    assert (result.wins("A", "B"), result.wins("B", "A")) == (1, 2)


def test_higher_is_better_for_accuracies():
    runs = {"A": lambda lr, seed: {0.1: 0.9, 1.0: 0.5}[lr], "B": lambda lr, seed: {0.1: 0.6, 1.0: 0.8}[lr]}
    result = compare.compare(runs, grid=[0.1, 1.0], seeds=[0], lower_is_better=False, score="val acc")
    assert (result["A"].setting, result["B"].setting) == (0.1, 1.0)
    assert result.wins("A", "B") == 1
    assert result.table() == ("arm  best setting  val acc: mean [min, max] over 1 seed\n"
                              "A             0.1  0.9 [0.9, 0.9]\n"
                              "B               1  0.8 [0.8, 0.8]")


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"runs": {}}, TypeError, r"runs must be a non-empty dict of name → run\(setting, seed\), got dict \{\}"),
    ({"runs": {"A": 3}}, TypeError, r"runs must map names \(str\) to functions run\(setting, seed\), got 'A': int 3"),
    ({"grid": []}, ValueError, r"grid must be a non-empty list of settings, got list \[\]"),
    ({"grid": "abc"}, ValueError, r"grid must be a non-empty list of settings, got str 'abc'"),
    ({"seeds": []}, ValueError, r"seeds must be a non-empty list of integer seeds, got \[\]"),
    ({"seeds": [0, -1]}, ValueError, r"seeds entry must be in \[0, inf\], got -1"),
    ({"score": 3}, TypeError, r"score must be the name of the score \(str\), got int 3"),
    ({"runs": {"A": lambda lr, seed: "x"}}, TypeError, r"runs\['A'\]\(0.1, 0\) must return a number, got str 'x'"),
])
def test_bad_arguments_are_named(kwargs, error, message):
    arguments = {"runs": {"A": quadratic_run(0.1)}, "grid": [0.1], "seeds": [0], **kwargs}
    with pytest.raises(error, match=message):
        compare.compare(**arguments)


def test_asking_for_an_arm_that_is_not_there_names_the_arms():
    result = compare.compare({"A": quadratic_run(0.1)}, grid=[0.1], seeds=[0])
    with pytest.raises(ValueError, match=r"name must be one of \['A'\], got 'C'"):
        result["C"]
