"""What the three bad-input tables share: their categories and how a row is judged.

A row is (category, call, expected, fragment): calling ``call()`` must raise
``expected`` (or warn, when it is a Warning class) with ``fragment`` in the message.
"""

import pytest

CATEGORIES = ("wrong shape or dtype", "empty", "NaN/inf", "huge or tiny values", "wrong type", "out of range",
              "call order", "aliasing", "NumPy/PyTorch mixing")


def assert_refused(category, call, expected, fragment):
    """``call()`` raises or warns ``expected`` with ``fragment`` in its message."""
    assert category in CATEGORIES
    if issubclass(expected, Warning):
        with pytest.warns(expected) as caught:
            call()
        assert any(fragment in str(w.message) for w in caught), [str(w.message) for w in caught]
    else:
        with pytest.raises(expected) as caught:
            call()
        assert fragment in str(caught.value)


def assert_every_category_is_tried(rows):
    assert {row[0] for row in rows} == set(CATEGORIES)
