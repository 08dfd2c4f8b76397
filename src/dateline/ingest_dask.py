"""The Dask engine: :func:`~dateline.ingest.analyze_partition` on Dask distributed.

    client (this process)                        workers (LocalCluster, or the cluster
    groups of work items (paths, byte ranges) ─► of --scheduler): a WorkerPlugin loads
    at most 2 × worker threads in flight         the spaCy pipeline once per worker;
    results stored in submission order  ◄──────  each task reads its own files by path
    through the same Writer as the pool          and returns plain records

No article text travels from the client: a task carries paths and byte offsets.  A
worker killed mid-partition: the scheduler runs the task again elsewhere
(``allowed-failures``), and its result is stored once, in its place; a task that keeps
killing workers (``KilledWorker``) becomes "worker-died" failures of its files, as in the
pool.  A killed client resumes through the file marks, like the local ingest.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from .errors import DatelineError
from .ingest import GroupResult, Item, PartitionSettings, analyze_partition, worker_died

log = logging.getLogger("dateline.ingest")

# Libraries whose logs reach stderr on their own (distributed installs its own handler).
_NOISY = ("distributed", "tornado", "bokeh", "asyncio")
# LocalCluster: a task that killed a worker is run once more, then it is KilledWorker
# (the pool's rule: retried once, alone, in a fresh worker).
_ALLOWED_FAILURES = 1
_CONNECT_TIMEOUT_S = 10
_WAIT_WORKERS_S = 120


def _verbose() -> int:
    try:
        return int(os.environ.get("DATELINE_VERBOSE", "0"))
    except ValueError:
        return 0


def quiet_dask(verbose: int) -> None:
    """distributed's, tornado's and bokeh's logs off unless -v (they write to stderr
    through their own handlers, past dateline's filter)."""
    if verbose > 0:
        return
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


try:
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - distributed is a dependency; named in the error below
    _WorkerPlugin = object  # type: ignore[assignment,misc]


class DatelineWorker(_WorkerPlugin):  # type: ignore[misc,valid-type]
    """Set up a worker for dateline: the client's model and -v, quiet libraries, and the
    spaCy pipeline loaded once, before the worker's first task."""

    name = "dateline"

    def __init__(self, model: str, verbose: int) -> None:
        self.model, self.verbose = model, verbose

    def setup(self, worker: Any) -> None:  # noqa: ARG002 - the Worker, unused
        from .logs import configure_from_env
        from .nlp.pipeline import load_nlp

        if threading.current_thread() is threading.main_thread():
            # Ctrl-C in a terminal reaches the whole process group: the client stops the
            # cluster; a worker must not print its own KeyboardInterrupt traceback.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        if self.model:
            os.environ["DATELINE_SPACY_MODEL"] = self.model
        os.environ["DATELINE_VERBOSE"] = str(self.verbose)
        configure_from_env()
        quiet_dask(self.verbose)
        load_nlp(self.model)


def run_dask(
    groups: Iterator[list[Item]],
    settings: PartitionSettings,
    store: Callable[[GroupResult], None],
    *,
    workers: int,
    scheduler: str | None = None,
) -> None:
    """Run every group on Dask and store each result, in submission order."""
    verbose = _verbose()
    try:
        import dask
        import distributed
    except ImportError as e:
        raise DatelineError(
            f"the Dask engine needs dask[distributed] ({e}); install it, or use --engine pool"
        ) from None
    quiet_dask(verbose)
    with contextlib.ExitStack() as stack:
        client = _connect(stack, distributed, dask, workers, scheduler, verbose)
        try:
            client.register_plugin(DatelineWorker(settings.model, verbose))
        except DatelineError:
            raise
        except Exception as e:  # noqa: BLE001 - a worker's setup failing: its reason, one line
            raise DatelineError(
                f"a Dask worker could not be set up ({type(e).__name__}: {' '.join(str(e).split())[:300]});"
                " the workers need dateline and its spaCy model installed, as in this environment"
            ) from None
        threads = sum(client.nthreads().values()) or 1
        _submit_all(client, groups, settings, store, limit=2 * threads)


def _connect(
    stack: contextlib.ExitStack,
    distributed: Any,
    dask: Any,
    workers: int,
    scheduler: str | None,
    verbose: int,
) -> Any:
    """A Client of the given scheduler, or of a LocalCluster of ``workers`` processes on
    loopback; closed (cluster too) when ``stack`` closes, on every exit path."""
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=_CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise DatelineError(
                f"could not reach the Dask scheduler at {scheduler}: {' '.join(str(e).split())[:200]};"
                " start one with `dask scheduler` (and workers with `dask worker ADDRESS`), or leave out"
                " --scheduler to run a local cluster"
            ) from None
        stack.callback(_close, client)
        try:
            client.wait_for_workers(1, timeout=_WAIT_WORKERS_S)
        except (OSError, TimeoutError) as e:
            raise DatelineError(
                f"the Dask scheduler at {scheduler} has no workers ({e}); start some with"
                f" `dask worker {scheduler} --nthreads 1`"
            ) from None
        return client
    stack.enter_context(
        dask.config.set(
            {
                "distributed.scheduler.allowed-failures": _ALLOWED_FAILURES,
                # distributed sets MALLOC_TRIM_THRESHOLD_=65536 in its workers; glibc then
                # hands spaCy's freed arrays back to the system and maps them again: 10-15%
                # more CPU per article, measured.  Our workers' memory is bounded anyway.
                "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
            }
        )
    )
    try:
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.CRITICAL + 1 if verbose <= 0 else logging.WARNING,
        )
    except Exception as e:  # noqa: BLE001 - no port, no process: the reason, one line
        cause = e.__cause__ or e
        raise DatelineError(
            f"could not start a local Dask cluster ({type(cause).__name__}: {' '.join(str(cause).split())[:200]});"
            " use --engine pool, or start `dask scheduler` and pass --scheduler (a script calling"
            " ingest(engine='dask') needs `if __name__ == '__main__':`)"
        ) from None
    stack.callback(_close, cluster)
    client = distributed.Client(cluster, set_as_default=False)
    stack.callback(_close, client)
    return client


def _close(thing: Any) -> None:
    with contextlib.suppress(Exception):
        thing.close()


def _submit_all(
    client: Any,
    groups: Iterator[list[Item]],
    settings: PartitionSettings,
    store: Callable[[GroupResult], None],
    *,
    limit: int,
) -> None:
    """Bounded: at most ``limit`` tasks in flight, input read lazily; results stored in
    the order submitted (a reorder buffer), so the store's rows and "first seen" order are
    the pool's.  Explicit unique keys: two identical groups are two tasks."""
    run = uuid.uuid4().hex[:12]
    queue: deque[tuple[Any, list[Item]]] = deque()
    try:
        for n, group in enumerate(groups):
            key = f"dateline-partition-{run}-{n}"
            queue.append((client.submit(analyze_partition, group, settings, key=key, pure=False), group))
            while len(queue) >= limit:
                _store_head(queue, store)
        while queue:
            _store_head(queue, store)
    finally:
        for fut, _group in queue:  # interrupted: nothing left running for this client
            with contextlib.suppress(Exception):
                fut.cancel()


def _store_head(queue: deque[tuple[Any, list[Item]]], store: Callable[[GroupResult], None]) -> None:
    from distributed import KilledWorker

    fut, group = queue.popleft()
    try:
        result = fut.result()
    except KilledWorker:
        log.warning(
            "a group of %d file(s) killed its Dask workers; recorded as failures, retried next run",
            len(group),
        )
        result = worker_died(group)
    finally:
        fut.release()
    store(result)


__all__ = ["DatelineWorker", "quiet_dask", "run_dask"]
