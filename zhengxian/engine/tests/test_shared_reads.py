"""A scoring run's shared reads: made once inside ``shared_reads()``, every time outside."""

from __future__ import annotations

from zhengxian.engine.shared_reads import read_once, shared_reads


def counting_reader() -> tuple[list[str], object]:
    calls: list[str] = []

    def read(key: str) -> str:
        calls.append(key)
        return f"rows of {key}"

    return calls, read


def test_inside_a_run_each_key_is_read_once_and_the_same_result_given_again() -> None:
    calls, read = counting_reader()
    with shared_reads():
        first = read_once(("visits", 3), lambda: read("visits"))
        again = read_once(("visits", 3), lambda: read("visits"))
        other = read_once(("cadres", 3), lambda: read("cadres"))
    assert first is again and other == "rows of cadres"
    assert calls == ["visits", "cadres"]


def test_outside_a_run_and_in_the_next_run_every_call_reads_afresh() -> None:
    calls, read = counting_reader()
    read_once("visits", lambda: read("visits"))
    read_once("visits", lambda: read("visits"))
    with shared_reads():
        read_once("visits", lambda: read("visits"))
    with shared_reads():
        read_once("visits", lambda: read("visits"))
    assert calls == ["visits"] * 4
