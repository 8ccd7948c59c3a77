"""The build cache's journal (`BuildCache.save_journaled`): a big dict saved as its last full
save plus the changes since, which must always load back as exactly what was saved last, or,
when the changes file is lost, as an earlier full save: never as a mix of the two."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cache import BuildCache
from generator.model import Origin

KEYS = st.sampled_from([f"k{i}" for i in range(12)])
STATES = st.fixed_dictionaries({
    "keys": st.lists(st.tuples(st.sampled_from("rlsx"), KEYS), max_size=40),
    "prints": st.lists(st.binary(min_size=1, max_size=3), max_size=40),
    "pages": st.dictionaries(KEYS, st.tuples(st.text(max_size=3), st.binary(max_size=4)), max_size=12),
    "memo": st.dictionaries(KEYS, st.lists(st.integers(0, 3), max_size=3), max_size=12),  # unhashable values
    "base": st.integers(0, 3),
    "salt": st.one_of(st.none(), st.binary(max_size=2)),
})


def grown(state: dict[str, Any], size: int = 400) -> dict[str, Any]:
    """The state with a long tail that stays the same, so small changes fit a delta."""
    return {**state, "keys": [*state["keys"], *[("r", f"t{i}") for i in range(size)]],
            "prints": [*state["prints"], *[b"%d" % i for i in range(size)]]}


def save_then_load(folder: Path, state: dict[str, Any]) -> dict[str, Any] | None:
    """One build: load what the last one saved (a fresh cache object, as in a new process),
    save this state against it, and load it back as the next build would."""
    cache = BuildCache(folder)
    old = cache.load_journaled("table")
    cache.save_journaled("table", state, old)
    return BuildCache(folder).load_journaled("table")


# One small edit of a state, as a rebuild makes them: (what, where, value).
EDITS = st.tuples(st.sampled_from(["set print", "add print", "drop prints", "set page", "drop page", "set memo",
                                   "drop memo", "base", "jump"]),
                  st.integers(0, 500), st.binary(min_size=1, max_size=3))


def edited(state: dict[str, Any], first: dict[str, Any], edit: tuple[str, int, bytes]) -> dict[str, Any]:
    what, at, value = edit
    state = {name: (list(v) if type(v) is list else dict(v) if type(v) is dict else v) for name, v in state.items()}
    key = f"k{at % 12}"
    if what == "set print" and state["prints"]:
        state["prints"][at % len(state["prints"])] = value
    elif what == "add print":
        state["prints"].append(value)
        state["keys"].append(("n", value.hex()))
    elif what == "drop prints":  # a table made afresh: shorter lists
        cut = len(state["prints"]) - 1 - at % 5
        state["prints"], state["keys"] = state["prints"][:cut], state["keys"][:cut]
    elif what == "set page":
        state["pages"][key] = (value.hex(), value)
    elif what == "drop page":
        state["pages"].pop(key, None)
    elif what == "set memo":
        state["memo"][key] = list(value)
    elif what == "drop memo":
        state["memo"].pop(key, None)
    elif what == "base":
        state["base"] = at
    else:  # back to the first state: many changes at once
        return first
    return state


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(STATES, st.lists(st.lists(EDITS, min_size=1, max_size=4), min_size=1, max_size=10), st.data())
def test_every_save_loads_back_exactly(tmp_path_factory: Any, start: dict[str, Any],
                                       builds: list[list[tuple[str, int, bytes]]], data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("journal")
    state = first = grown(start)
    assert save_then_load(folder, state) == state
    full_save = state
    for edits in builds:
        for edit in edits:
            state = edited(state, first, edit)
        assert save_then_load(folder, state) == state
        if not (folder / "table-delta.pickle").exists():
            full_save = state
        # Losing the delta leaves the last full save, complete in itself.
        elif data.draw(st.integers(0, 5)) == 0:
            (folder / "table-delta.pickle").unlink()
            assert BuildCache(folder).load_journaled("table") == full_save
            state = full_save  # the next build starts from there


def test_small_changes_go_to_a_delta_and_many_to_a_full_save(tmp_path: Path) -> None:
    state = grown({"keys": [], "prints": [], "pages": {"a": ("1", b"")}, "memo": {}, "base": 0, "salt": None},
                  size=1000)
    assert save_then_load(tmp_path, state) == state
    full = (tmp_path / "table.pickle").read_bytes()
    for step in range(5):  # a few prints change at a time: deltas, the full save left alone
        state = {**state, "prints": [*state["prints"][:step * 3], b"new", *state["prints"][step * 3 + 1:]]}
        assert save_then_load(tmp_path, state) == state
        assert (tmp_path / "table-delta.pickle").exists()
        assert (tmp_path / "table.pickle").read_bytes() == full
    delta_size = (tmp_path / "table-delta.pickle").stat().st_size
    assert delta_size < len(full) / 20
    # More than a twentieth of the entries changed: one full save, no delta left.
    state = {**state, "prints": [b"other"] * len(state["prints"])}
    assert save_then_load(tmp_path, state) == state
    assert not (tmp_path / "table-delta.pickle").exists()
    assert (tmp_path / "table.pickle").read_bytes() != full


def test_a_delta_of_another_full_save_is_ignored(tmp_path: Path) -> None:
    first = grown({"keys": [], "prints": [b"a"], "pages": {}, "memo": {}, "base": 0, "salt": None})
    save_then_load(tmp_path, first)
    second = {**first, "prints": [b"b", *first["prints"][1:]]}
    assert save_then_load(tmp_path, second) == second
    delta = (tmp_path / "table-delta.pickle").read_bytes()
    # Another build saves in full (say the cache was deleted and rebuilt), and an old delta
    # comes back (a backup, a race): it names another full save, so it is not applied.
    (tmp_path / "table-delta.pickle").unlink()
    (tmp_path / "table.pickle").unlink()
    BuildCache(tmp_path).save_journaled("table", first, None)
    (tmp_path / "table-delta.pickle").write_bytes(delta)
    assert BuildCache(tmp_path).load_journaled("table") == first


def test_without_what_was_loaded_the_save_is_full(tmp_path: Path) -> None:
    state = grown({"keys": [], "prints": [], "pages": {}, "memo": {}, "base": 0, "salt": None})
    save_then_load(tmp_path, state)
    cache = BuildCache(tmp_path)
    cache.load_journaled("table")
    changed = {**state, "base": 1}
    cache.save_journaled("table", changed, None)  # a caller that cannot say what it loaded
    assert not (tmp_path / "table-delta.pickle").exists()
    assert BuildCache(tmp_path).load_journaled("table") == changed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 1999), st.integers(0, 3)), min_size=1, max_size=12))
def test_parse_shards_saved_as_changes_load_back_as_saved(tmp_path_factory: Any, edits: list[tuple[int, int]]) -> None:
    """The parse cache's 16 shards (save_shards / load_shards), 2,000 files: each build saves
    the changed files' entries as a shard's delta and loads back exactly what it saved."""
    folder = tmp_path_factory.mktemp("shards")
    value = {(f"content/articles/a{i}.md", "v0"): f"records of a{i}" for i in range(2000)}
    BuildCache(folder).save_shards("parsed", value, {})
    for file, version in edits:  # one file edited per build: its key (path, digest) changes
        cache = BuildCache(folder)
        merged, parts = cache.load_shards("parsed")
        assert merged == value
        path = f"content/articles/a{file}.md"
        value = {key: item for key, item in value.items() if key[0] != path}
        value[(path, f"v{version + 1}")] = f"records of a{file}, version {version + 1}"
        cache.save_shards("parsed", value, parts)
    assert BuildCache(folder).load_shards("parsed")[0] == value
    # (Whether a shard's changes went to a delta depends on how many its edits touched: past
    # a twentieth of its entries it is saved whole, so that is checked below, not here.)


def test_one_edited_file_goes_to_its_shards_delta(tmp_path: Path) -> None:
    value = {(f"content/articles/a{i}.md", "v0"): f"records of a{i}" for i in range(2000)}
    BuildCache(tmp_path).save_shards("parsed", value, {})
    full = {p.name: p.read_bytes() for p in tmp_path.glob("parsed-*.pickle")}
    cache = BuildCache(tmp_path)
    merged, parts = cache.load_shards("parsed")
    del merged[("content/articles/a7.md", "v0")]
    merged[("content/articles/a7.md", "v1")] = "records of a7, version 1"
    cache.save_shards("parsed", merged, parts)
    deltas = sorted(p.name for p in tmp_path.glob("parsed-*-delta.pickle"))
    assert len(deltas) == 1  # the one shard that holds a7 saved its change as a delta...
    assert {p.name: p.read_bytes() for p in tmp_path.glob("parsed-??.pickle")} == full  # ...no full save again
    assert BuildCache(tmp_path).load_shards("parsed")[0] == merged


def test_a_cache_with_memory_reads_a_value_again_only_when_its_file_changed(tmp_path: Path) -> None:
    """With a memory (as under `mkdocs serve`), a load whose file holds the bytes it last read
    or wrote gives the very value held; a file rewritten by another build, however alike its
    size and timestamp, is read again; a removed file is a miss."""
    memory: dict[str, tuple[bytes, Any]] = {}
    saved = {"files": {("a.yaml", "1"): [1, 2, 3]}}
    BuildCache(tmp_path, memory).save("parsed-00", saved)
    first = BuildCache(tmp_path, memory).load("parsed-00")
    assert first is saved  # what this process saved, not unpickled again
    assert BuildCache(tmp_path, memory).load("parsed-00") is first
    path = tmp_path / "parsed-00.pickle"
    stat = path.stat()
    BuildCache(tmp_path).save("parsed-00", {"files": {("a.yaml", "1"): [1, 2, 4]}})  # another build
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    again = BuildCache(tmp_path, memory).load("parsed-00")
    assert again == {"files": {("a.yaml", "1"): [1, 2, 4]}} and again is not first
    assert BuildCache(tmp_path, memory).load("parsed-00") is again
    path.unlink()
    assert BuildCache(tmp_path, memory).load("parsed-00") is None
    # A value removed from the folder (a delta folded into a full save) leaves memory too.
    cache = BuildCache(tmp_path, memory)
    cache.save("texts-delta", {"base": "old", "changes": {}})
    assert "texts-delta" in memory
    cache.save_journaled("texts", {"mentions": {}, "spans": {}}, None)
    assert "texts-delta" not in memory and not (tmp_path / "texts-delta.pickle").exists()
    assert BuildCache(tmp_path, memory).load("texts") == {"token": memory["texts"][1]["token"],
                                                         "data": {"mentions": {}, "spans": {}}}


def test_positions_go_through_the_cache_as_written_and_stay_packed_until_read(tmp_path: Path) -> None:
    """Records' positions (model.Origin) are pickled as one string and read back into a dict
    only when asked for; a dict changed after that is what the next save keeps."""
    origin = Origin("content/facts/a.yaml", 3, 5, {"id": (3, 9), "by": (4, 9), "by[0]": (4, 10)})
    cache = BuildCache(tmp_path)
    cache.save("parsed-00", {"files": {("a.yaml", "1"): origin}})
    back = BuildCache(tmp_path).load("parsed-00")["files"][("a.yaml", "1")]
    assert back._fields is None and back._packed == "id\t3\t9\nby\t4\t9\nby[0]\t4\t10"
    assert back == origin and repr(back) == repr(origin)
    assert back.of("by[0]") == (4, 10) and back.of("by[1]") == (4, 9) and back.of("summary") == (3, 5)
    back.fields["summary"] = (5, 14)  # read now: a dict like any other
    cache.save("parsed-00", {"files": {("a.yaml", "1"): back}})
    again = BuildCache(tmp_path).load("parsed-00")["files"][("a.yaml", "1")]
    assert again.fields == {"id": (3, 9), "by": (4, 9), "by[0]": (4, 10), "summary": (5, 14)}
    assert Origin("x.md", 1, 1).fields == {} and Origin("x.md", 1, 1) != origin
    empty = BuildCache(tmp_path)
    empty.save("parsed-01", Origin("x.md", 1, 1))
    assert BuildCache(tmp_path).load("parsed-01").fields == {}


# A dict as a rebuild changes it: entries replaced, removed, added, moved to the end (as a
# delta applied on loading puts them), or all reordered.
DICT_EDITS = st.lists(st.tuples(st.sampled_from(["set", "drop", "add", "to end", "shuffle"]),
                                st.integers(0, 10_000), st.integers(0, 3)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 60), DICT_EDITS, st.integers(1, 5), st.integers(1, 6), st.integers(0, 4), st.randoms())
def test_aligned_finds_each_keys_old_value_and_the_removed_keys(size: int, edits: list[tuple[str, int, int]], step: int,
                                                               lookahead: int, limit: int, rng: Any) -> None:
    """cache._aligned walks two key lists side by side; whatever the edits (and however small
    its slices, look-ahead and limit, so that every path is taken), it must give what looking
    up every key would."""
    from generator.cache import _MISSING, _aligned

    was = {f"k{i}": i % 3 for i in range(size)}
    items = list(was.items())
    for what, at, value in edits:
        if what == "set" and items:
            items[at % len(items)] = (items[at % len(items)][0], value)
        elif what == "drop" and items:
            items.pop(at % len(items))
        elif what == "add":
            items.insert(at % (len(items) + 1), (f"n{at % 70}", value))
        elif what == "to end" and items:
            items.append(items.pop(at % len(items)))
        elif what == "shuffle":
            rng.shuffle(items)
    now = dict(items)
    before, removed = _aligned(list(now), list(was), list(was.values()), now, was, step, lookahead, limit)
    assert before == [was.get(key, _MISSING) for key in now]
    assert sorted(removed) == sorted(was.keys() - now.keys())


def test_a_delta_holds_only_what_changed_when_keys_move(tmp_path: Path) -> None:
    """An edit replaces an article's memo keys in place, and the delta applied on loading put
    the last edit's keys at the end: the next delta still holds only the entries that differ."""
    from generator.cache import _changes

    base = {f"k{i}": (i, i) for i in range(5000)}
    loaded = {k: v for k, v in base.items() if k not in ("k10", "k11")} | {"new-a": (1, 1)}  # a delta's key last
    now = dict(list(base.items())[:10] + [("edit-1", (2, 2))] + list(base.items())[12:])
    now["k4000"] = (0, 1)
    assert _changes({"d": loaded}, {"d": now}) == {"d": ("dict", {"edit-1": (2, 2), "k4000": (0, 1)}, ["new-a"])}
