"""What the exercise-checker tests share: the verdict on an answer, the hint a wrong answer gets, a starter."""

import numpy as np

from course_lib import exercises


def wrong(exercise_id: str, answer) -> str:
    """The hint for ``answer``, which must be judged wrong; floating-point warnings are silenced
    because many wrong answers overflow on purpose."""
    with np.errstate(all="ignore"):
        result = exercises.evaluate(exercise_id, answer)
    assert result.status == "wrong"
    return result.message


def verdict(exercise_id: str, answer) -> exercises.Result:
    """The checker's ``Result`` for ``answer``."""
    return exercises.evaluate(exercise_id, answer)


def starter(*args, **kwargs):
    """A function left as the starter code: it raises NotImplementedError."""
    raise NotImplementedError
