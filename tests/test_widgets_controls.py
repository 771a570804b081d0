"""Controls the explorers share: one label width for all, and several choices as checkboxes."""

import ipywidgets
import pytest

from course_lib.widgets.controls import Choices, align


def test_align_gives_every_control_the_label_width_of_the_longest_description():
    short = ipywidgets.FloatSlider(description="lr")
    long = ipywidgets.FloatSlider(description="learning rate")  # 13 characters
    align([short, long], field_width=200)
    assert short.style.description_width == long.style.description_width == "14ch"
    assert short.layout.width == long.layout.width == "calc(14ch + 200px)"


def test_align_leaves_undescribed_controls_alone():
    plain = ipywidgets.Button()
    align([plain, ipywidgets.IntSlider(description="seed")])
    assert plain.layout.width is None


def test_align_sets_the_label_of_a_choices_group_but_not_its_width():
    group = Choices(["a", "b"], description="optimizers")
    align([group, ipywidgets.IntSlider(description="condition κ")])
    assert group.label.style.description_width == "12ch"
    assert group.layout.width is None


def test_align_rejects_a_field_width_that_is_not_a_positive_number_of_pixels():
    with pytest.raises(TypeError, match="field_width must be an integer, got str"):
        align([], field_width="300px")
    with pytest.raises(ValueError, match=r"field_width must be in \[1, inf\], got 0"):
        align([], field_width=0)


def test_choices_shows_one_checkbox_per_option_ticked_as_the_value_says():
    group = Choices(["SGD", "Momentum", "Adam"], value=("Adam", "SGD"), description="optimizers")
    assert group.value == ("SGD", "Adam")  # in the order of the options
    assert [box.description for box in group.boxes.values()] == ["SGD", "Momentum", "Adam"]
    assert [box.value for box in group.boxes.values()] == [True, False, True]
    assert group.description == "optimizers"


def test_ticking_a_checkbox_adds_its_option_with_one_change_of_value():
    group = Choices(["SGD", "Momentum", "Adam"], value=("SGD",))
    changes = []
    group.observe(lambda change: changes.append(change["new"]), names="value")
    group.boxes["Adam"].value = True
    group.boxes["SGD"].value = False
    assert changes == [("SGD", "Adam"), ("Adam",)]


def test_setting_the_value_ticks_exactly_those_options_in_one_change():
    group = Choices(["SGD", "Momentum", "Adam"], value=("SGD", "Momentum"))
    changes = []
    group.observe(lambda change: changes.append(change["new"]), names="value")
    group.value = ("Adam",)
    assert [box.value for box in group.boxes.values()] == [False, False, True]
    assert changes == [("Adam",)]


def test_choices_rejects_an_unknown_value_and_bad_options():
    group = Choices(["SGD", "Adam"])
    with pytest.raises(ValueError, match=r"value entry must be one of \['Adam', 'SGD'\], got 'Newton'"):
        group.value = ("Newton",)
    with pytest.raises(ValueError, match=r"options must be distinct strings, at least one, got \[\]"):
        Choices([])
    with pytest.raises(ValueError, match=r"options must be distinct strings, at least one, got \['a', 'a'\]"):
        Choices(["a", "a"])
