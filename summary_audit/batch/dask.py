"""Scale-out over Dask: the same audits as :mod:`summary_audit.batch`, on a Dask bag or cluster.

Each result is the dict that :func:`summary_audit.batch.run_batch` writes as one line of
``audits.jsonl`` (``key``, ``case``, ``summary_file``, ``transcript``, ``summary``, ``metadata``,
``status``, ``report``, ``error``), so results from a cluster and from the local pool compare equal.

Running on several machines::

    # on the scheduler host
    dask scheduler --host 0.0.0.0 --port 8786
    # on every worker host (same Python environment with summary-audit[scale] installed)
    dask worker tcp://SCHEDULER:8786 --nworkers 4 --nthreads 1
    # from Python
    from distributed import Client
    from summary_audit.batch.dask import run_on_cluster
    results = run_on_cluster(pairs, Client("tcp://SCHEDULER:8786"))

Pairs name files by path, so every worker must see the same paths (a shared filesystem such as
NFS, or pass the texts themselves instead of paths).  Use ``--nthreads 1``: audits are CPU-bound
Python and threads would share one interpreter lock.  Dask is imported only here (``[scale]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from summary_audit.batch.items import BatchItem, as_item
from summary_audit.batch.keys import audit_key, rules_signature
from summary_audit.batch.pool import run_one
from summary_audit.errors import import_extra


def _audit_record(keyed: tuple[str, BatchItem], options: dict[str, Any]) -> dict[str, Any]:
    key, item = keyed
    return run_one(item, key, options).record()


def audit_bag(pairs: Iterable[Any], *, npartitions: int | None = None, **options: Any) -> Any:
    """A ``dask.bag.Bag`` of audit result dicts (lazy: call ``.compute()``).

    ``pairs`` as for :func:`summary_audit.batch.audit_many`.  Keys are computed here, in the
    client, so bad rule options fail before anything is scheduled.
    """
    db = import_extra("dask.bag", "scale", "audit_bag")
    signature = rules_signature(options)
    keyed = [(audit_key(item, signature), item) for item in map(as_item, pairs)]
    parts = npartitions or max(1, min(len(keyed), 64))
    return db.from_sequence(keyed, npartitions=parts).map(_audit_record, options)


def run_on_cluster(pairs: Iterable[Any], client: Any, **options: Any) -> list[dict[str, Any]]:
    """Audit ``pairs`` on the cluster behind ``client``; results sorted by key (reproducible)."""
    bag = audit_bag(pairs, **options)
    results = client.compute(bag).result()
    return sorted(results, key=lambda r: r["key"])


__all__ = ["audit_bag", "run_on_cluster"]
