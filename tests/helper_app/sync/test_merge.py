"""Three-way merge: properties that must hold for any data (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from helper_app.sync.merge import MISSING, FieldConflict, resolve, three_way_merge

keys = st.sampled_from(["full_name", "dob", "gender", "phone", "members", "note"])
values = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.integers(-3, 3),
    st.booleans(),
    st.lists(st.dictionaries(st.sampled_from(["name", "dob"]), st.text(max_size=4)), max_size=2),
)
data = st.dictionaries(keys, values, max_size=6)


@st.composite
def three_versions(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = draw(data)

    def edit(d: dict[str, Any]) -> dict[str, Any]:
        out = dict(d)
        for k in draw(st.lists(keys, max_size=4)):
            if draw(st.booleans()) and k in out:
                del out[k]
            else:
                out[k] = draw(values)
        return out

    return base, edit(base), edit(base)


@given(three_versions())
def test_no_edit_is_lost(v: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
    base, local, server = v
    result = three_way_merge(base, local, server)
    conflicted = {c.path for c in result.conflicts}
    for key in set(base) | set(local) | set(server):
        b, loc, srv = (d.get(key, MISSING) for d in (base, local, server))
        got = result.merged.get(key, MISSING)
        if key in conflicted:
            assert got == loc  # the volunteer's value stays until resolved
            assert loc != srv and loc != b and srv != b
        else:
            # Each side's change survives: the merged value is one of theirs, never the base's
            # unless neither changed it.
            if loc != b:
                assert got == loc
            if srv != b:
                assert got == srv


@given(three_versions())
def test_symmetric_conflicts(v: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
    base, local, server = v
    ab = three_way_merge(base, local, server)
    ba = three_way_merge(base, server, local)
    assert [c.path for c in ab.conflicts] == [c.path for c in ba.conflicts]
    clean = {k for k in ab.merged if k not in {c.path for c in ab.conflicts}}
    assert {k: ab.merged[k] for k in clean} == {k: ba.merged[k] for k in clean}


@given(data, data)
def test_one_sided_changes_merge_silently(base: dict[str, Any], other: dict[str, Any]) -> None:
    assert three_way_merge(base, other, base).merged == other
    assert three_way_merge(base, base, other).merged == other
    assert three_way_merge(base, other, other).clean
    assert three_way_merge(base, other, base).clean


def test_officer_edits_a_volunteer_edits_b() -> None:
    base = {"full_name": "NGUYỄN VĂN AN", "phone": "0912345678"}
    local = {"full_name": "NGUYỄN VĂN AN", "phone": "0987654321"}
    server = {"full_name": "NGUYỄN VĂN ÂN", "phone": "0912345678"}
    result = three_way_merge(base, local, server)
    assert result.clean
    assert result.merged == {"full_name": "NGUYỄN VĂN ÂN", "phone": "0987654321"}
    assert result.changed_locally == ["phone"] and result.changed_on_server == ["full_name"]


def test_both_edit_same_field_conflict_keeps_both() -> None:
    base = {"phone": "0912345678"}
    result = three_way_merge(base, {"phone": "0987654321"}, {"phone": "0911111111"})
    assert result.conflicts == [
        FieldConflict(path="phone", base="0912345678", local="0987654321", server="0911111111")
    ]
    assert result.merged == {"phone": "0987654321"}
    assert resolve(result.merged, {"phone": "0911111111"}) == {"phone": "0911111111"}


def test_deletion_is_a_change() -> None:
    result = three_way_merge({"note": "x", "a": 1}, {"a": 1}, {"note": "x", "a": 2})
    assert result.clean and result.merged == {"a": 2}
    conflict = three_way_merge({"note": "x"}, {}, {"note": "y"})
    assert conflict.conflicts[0].local is MISSING
    assert resolve(conflict.merged, {"note": MISSING}) == {}


def test_none_base_is_empty() -> None:
    assert three_way_merge(None, {"a": 1}, {"b": 2}).merged == {"a": 1, "b": 2}
