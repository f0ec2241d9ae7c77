"""The board benchmark runs (small here; `python -m simulator.store.bench` does 100,000)."""

import io

from store_fixtures import _isolated_data_dir  # noqa: F401

from simulator.store.bench import bench_board


def test_bench_board_small():
    out = io.StringIO()
    times = bench_board(1500, out=out)
    text = out.getvalue()
    assert text.startswith("store: 1 500 results filled")
    assert any(k.startswith("board --group") for k in times) and "rule failures (whole store)" in times
    assert all(ms >= 0 for ms in times.values())
