"""The Dask path gives exactly the local pool's results (on a real 2-process LocalCluster)."""

from __future__ import annotations

import pytest

from summary_audit.batch import audit_many, discover
from summary_audit.evaluation.cases import FIXTURES_DIR

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def fixture_items(limit: int = 12):
    if not FIXTURES_DIR.is_dir() or not any(FIXTURES_DIR.iterdir()):
        pytest.skip("no fixture cases in fixtures/ yet")
    return list(discover(FIXTURES_DIR))[:limit]


def test_cluster_results_equal_the_local_pool_on_fixture_cases(client):
    from summary_audit.batch.dask import run_on_cluster

    items = fixture_items()
    local = sorted((r.record() for r in audit_many(items, workers=2)), key=lambda r: r["key"])
    remote = run_on_cluster(items, client)
    assert [r["key"] for r in remote] == [r["key"] for r in local]
    assert remote == local
    assert any(r["status"] == "ok" for r in remote)


def test_audit_bag_is_lazy_and_options_change_the_results(client):
    from summary_audit.batch.dask import audit_bag

    items = fixture_items(4)
    bag = audit_bag(items, select=["SA6"])
    assert bag.npartitions == 4  # nothing computed yet: a graph of one task per pair
    results = client.compute(bag).result()
    codes = {f["code"] for r in results if r["report"] for f in r["report"]["flags"]}
    assert all(c.startswith("SA6") for c in codes)
    everything = {r["key"] for r in client.compute(audit_bag(items)).result()}
    assert everything.isdisjoint(r["key"] for r in results)  # the rule set is part of the key


def test_a_bad_pair_on_the_cluster_is_a_failed_record_not_a_crash(client, tmp_path):
    from summary_audit.batch.dask import run_on_cluster

    missing = tmp_path / "nope.vtt"
    summary = tmp_path / "s.txt"
    summary.write_text("I arrived.\n", encoding="utf-8")
    (result,) = run_on_cluster([(missing, summary)], client)
    assert result["status"] == "failed" and result["error"]["type"] == "InputError"
