"""`structure.prune` (with its shortcut for leaves) drops and renumbers exactly as the general rule does."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.tagging.structure import prune
from handouts.tagging.tagger import Marked, StructNode


def reference_prune(node: StructNode) -> bool:
    """The rule without the shortcut (as before it was added)."""
    keep = [reference_prune(child) for child in node.children]
    has_content = any(keep)
    if node.role == "TR" and has_content:
        keep = [True] * len(keep)
    kept_before = [0]
    for flag in keep:
        kept_before.append(kept_before[-1] + flag)
    node.items = [
        (kept_before[min(slot, len(keep))], item)
        for slot, item in node.items
        if not isinstance(item, StructNode) or reference_prune(item)
    ]
    node.children = [child for child, flag in zip(node.children, keep, strict=True) if flag]
    return bool(node.items) or has_content


# A tree: (role, children, items); an item is ("mark", slot) or ("node", slot, tree).
trees = st.recursive(
    st.tuples(st.sampled_from(["P", "TD", "TR", "Link"]), st.just([]), st.just([])),
    lambda below: st.tuples(
        st.sampled_from(["Sect", "TR", "Table", "L", "Link"]),
        st.lists(below, max_size=4),
        st.lists(
            st.one_of(
                st.tuples(st.just("mark"), st.integers(-1, 5)),
                st.tuples(st.just("node"), st.integers(-1, 5), below),
            ),
            max_size=4,
        ),
    ),
    max_leaves=25,
)
leaf_items = st.lists(st.one_of(st.tuples(st.just("mark"), st.integers(-1, 3))), max_size=3)


def build(spec: Any, parent: StructNode | None = None, counter: list[int] | None = None) -> StructNode:
    counter = counter if counter is not None else [0]
    role, children, items = spec
    node = StructNode(role, parent)
    for child in children:
        build(child, node, counter)
    for item in items:
        counter[0] += 1
        if item[0] == "mark":
            node.items.append((item[1], Marked(0, counter[0], counter[0])))
        else:
            node.add(build(item[2], None, counter), item[1])
    return node


def shape(node: StructNode) -> Any:
    items = [(slot, shape(i) if isinstance(i, StructNode) else i.mcid) for slot, i in node.items]
    return (node.role, [shape(child) for child in node.children], items)


@settings(max_examples=300, deadline=None)
@given(trees)
def test_prune_matches_the_general_rule(spec: Any) -> None:
    ours, theirs = build(spec), build(spec)
    assert prune(ours) == reference_prune(theirs)
    assert shape(ours) == shape(theirs)


@given(leaf_items)
def test_a_leaf_keeps_its_drawn_items_at_slot_zero(items: Any) -> None:
    ours, theirs = build(("P", [], items)), build(("P", [], items))
    assert prune(ours) == reference_prune(theirs)
    assert shape(ours) == shape(theirs)
