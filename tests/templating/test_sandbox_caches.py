"""The sandbox's remembered decisions (attribute safety, how a type is weighed) answer as Jinja2 and
isinstance would, for every type: a safe answer for one type never leaks to another."""

from __future__ import annotations

import collections
from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from handouts.templating import sandbox
from handouts.templating.sandbox import LayoutEnvironment, weigh


@dataclass
class Card:
    name: str = "card"

    def clear(self) -> str:
        return "a harmless method that shares a name with dict.clear"


def _reference(obj, attr: str) -> bool:
    return ImmutableSandboxedEnvironment().is_safe_attribute(obj, attr, getattr(obj, attr, None))


CASES = [
    (Card(), "clear"),
    ({}, "clear"),
    ([], "append"),
    ([], "index"),
    ({}, "keys"),
    (set(), "add"),
    (collections.deque(), "append"),
    (Card(), "name"),
    (Card(), "_private"),
    (Card(), "__class__"),
    ("text", "upper"),
    ("text", "format"),
    (str, "mro"),
    (Card, "mro"),
    (_reference, "__globals__"),
    (_reference, "__code__"),
    (Card().clear, "__func__"),
    ((i for i in ()), "gi_frame"),
    (Markup("x"), "striptags"),
]


@pytest.mark.parametrize(("obj", "attr"), CASES, ids=[f"{type(o).__name__}.{a}" for o, a in CASES])
def test_is_safe_attribute_answers_as_jinja_does_asked_once_or_twice(obj, attr):
    env = LayoutEnvironment()
    expected = _reference(obj, attr)
    assert env.is_safe_attribute(obj, attr, None) is expected
    assert env.is_safe_attribute(obj, attr, None) is expected  # the remembered answer


def test_a_safe_name_on_one_type_is_still_refused_on_another():
    env = LayoutEnvironment()
    assert env.is_safe_attribute(Card(), "clear", None)
    assert not env.is_safe_attribute({}, "clear", None)
    assert env.is_safe_attribute([], "index", None)
    assert not env.is_safe_attribute([], "append", None)
    assert env.is_safe_attribute(Card(), "mro", None) is _reference(Card(), "mro")
    assert not env.is_safe_attribute(Card, "mro", None)


def test_a_layout_cannot_call_a_mutating_method_after_a_safe_one_of_that_name():
    env = LayoutEnvironment()
    template = env.from_string("{{ card.clear() }}|{{ data.clear() }}")
    with pytest.raises(SecurityError):
        template.render(card=Card(), data={"kept": 1})
    assert env.from_string("{{ card.clear() }}").render(card=Card()).startswith("a harmless")
    with pytest.raises(SecurityError):
        env.from_string("{{ data.clear() }}").render(data={"kept": 1})


def test_registering_a_type_as_mutable_afterwards_is_seen():
    env = LayoutEnvironment()

    class Box:
        def append(self, item) -> None:
            pass

    assert env.is_safe_attribute(Box(), "append", None)
    collections.abc.MutableSequence.register(Box)
    assert not env.is_safe_attribute(Box(), "append", None)


def test_an_object_claiming_another_class_is_judged_afresh():
    env = LayoutEnvironment()

    class Disguised:
        @property
        def __class__(self):
            return dict

        def clear(self) -> None:
            pass

    assert env.is_safe_attribute(Card(), "clear", None)
    assert env.is_safe_attribute(Disguised(), "clear", None) is _reference(Disguised(), "clear")
    assert not env.is_safe_attribute(Disguised(), "clear", None)


def test_the_attribute_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(sandbox, "_SAFE_ATTRIBUTES_LIMIT", 8)
    env = LayoutEnvironment()
    for i in range(50):
        env.is_safe_attribute(Card(), f"name{i}", None)
    assert len(sandbox._SAFE_ATTRIBUTES) <= 9


def _weigh_plainly(item, depth=0):
    """`weigh`'s rules written out with isinstance, as they stood before types were remembered."""
    if isinstance(item, str):
        return len(item)
    if isinstance(item, range):
        return len(item) * 2
    if isinstance(item, int) and not isinstance(item, bool):
        return item.bit_length() // 3 + 1
    if not isinstance(item, (list, tuple, set, frozenset, Mapping)):
        return 1
    children = [c for pair in item.items() for c in pair] if isinstance(item, Mapping) else list(item)
    return len(item) + 2 + sum(_weigh_plainly(c, depth + 1) for c in children)


class Letters(Mapping):
    def __init__(self, text: str) -> None:
        self.text = text

    def __getitem__(self, key):
        return self.text[key]

    def __iter__(self):
        return iter(range(len(self.text)))

    def __len__(self) -> int:
        return len(self.text)


class Words(list):
    pass


VALUES = [
    "",
    "plain",
    "ünïcödé and עברית",
    Markup("<b>x</b>"),
    "x" * 10_000,
    0,
    -(2**200),
    True,
    None,
    1.5,
    range(10),
    [1, "two", (3, "four")],
    {"a": ["b" * 30, {"c": 1}], 2: None},
    frozenset({"x", "yy"}),
    Words(["a", "bb"]),
    Letters("mapping by ABC"),
    Card(),
    collections.OrderedDict(a="b"),
]


@pytest.mark.parametrize("value", VALUES, ids=[type(v).__name__ for v in VALUES])
def test_weigh_gives_what_the_plain_rules_give(value):
    assert weigh(value) == _weigh_plainly(value)
    assert weigh([value, value]) == _weigh_plainly([value, value])


def test_a_type_registered_as_a_mapping_afterwards_is_weighed_as_one():
    class Bag:
        def __init__(self) -> None:
            self.data = {"k": "v" * 500}

        def items(self):
            return self.data.items()

        def __len__(self) -> int:
            return 1

    assert weigh([Bag()]) == 3 + 1
    Mapping.register(Bag)
    assert weigh([Bag()]) == 3 + 3 + 1 + 500


@pytest.mark.parametrize("second", [{}, (), "", {"k": ""}], ids=["dict", "tuple", "text", "mapping"])
def test_sized_pair_refuses_exactly_where_sized_of_the_pair_does(second):
    spare = sandbox.MAX_CHARS - weigh(("", second))
    fits, over = "x" * spare, "x" * (spare + 1)
    sandbox.sized((fits, second))
    sandbox.sized_pair(fits, second, "a pair")
    with pytest.raises(SecurityError, match="a pair would be longer"):
        sandbox.sized((over, second), "a pair")
    with pytest.raises(SecurityError, match="a pair would be longer"):
        sandbox.sized_pair(over, second, "a pair")
    shared = ["y" * (spare // 2 + 1)]
    with pytest.raises(SecurityError):  # one list in both places counts twice, as in the pair
        sandbox.sized((shared, (shared,)))
    with pytest.raises(SecurityError):
        sandbox.sized_pair(shared, (shared,), "a pair")
