"""Extraction on a Dask distributed cluster (`extractor run --dask ADDRESS`, or `--dask local`).

Only the CPU-bound part travels: each task takes a batch of (page bytes, final URL, charset) to a
Dask worker and brings back record lines (or an error per page). Fetching, the cache, the status
file and the writing of records stay in the `run` process, so robots.txt, the per-host limits,
--resume and --offline behave exactly as in a local run. Each Dask worker process loads the model
once (a worker plugin at registration, or the first task on a worker that joined later).
Needs the optional extra: pip install 'extractor[dask]'.
"""

from __future__ import annotations

import asyncio
from typing import Any

from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin

from extractor.run.errors import RunError
from extractor.run.extraction import ModelSpec, PageItem, Result, TripFailed, extract_pages

_extractors: dict[ModelSpec, Any] = {}  # model → Extractor, one per Dask worker process


def _extractor(model: ModelSpec) -> Any:
    if model not in _extractors:
        from extractor.pipeline import Extractor

        _extractors[model] = Extractor(model[0], decisions=model[1])
    return _extractors[model]


def extract_on_worker(items: list[PageItem], model: ModelSpec) -> list[Result]:
    """The Dask task: `extract_pages` with this worker process's model."""
    return extract_pages(_extractor(model), items)


class LoadModel(WorkerPlugin):
    """Loads the model when a worker starts (or when the plugin is registered), not on its first task."""

    def __init__(self, model: ModelSpec) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        _extractor(self.model)


class DaskExtraction:
    """`extraction.Extraction` on a Dask cluster: a scheduler at `address`, or a LocalCluster ("local")."""

    def __init__(self, address: str, *, workers: int, model: ModelSpec) -> None:
        self.address, self.workers, self.model = address, workers, model
        self.capacity = workers
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None

    async def start(self) -> None:
        try:
            if self.address == "local":
                self.cluster = await LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    memory_limit=0,
                    asynchronous=True,
                )
                self.client = await Client(self.cluster, asynchronous=True)
            else:
                self.client = await Client(self.address, asynchronous=True, timeout=30)
        except (OSError, TimeoutError) as error:
            raise RunError(f"cannot reach the Dask scheduler {self.address}: {error}") from None
        try:
            await self.client.register_plugin(LoadModel(self.model), name="extractor-model")
        except Exception as error:
            raise RunError(f"cannot load the extraction model on the Dask workers: {error}") from None
        info = self.client.scheduler_info()
        threads = sum(worker["nthreads"] for worker in info["workers"].values())
        self.capacity = max(1, 2 * threads)  # one trip waiting per thread keeps every worker busy

    async def extract(self, items: list[PageItem], timeout: float) -> list[Result]:
        future = self.client.submit(extract_on_worker, items, self.model, pure=False)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            # Dask cannot stop a running task: its worker thread stays busy until the page is done.
            await future.cancel()
            raise TripFailed("timeout_extract", f"extraction took more than {timeout:g} s") from None
        except KilledWorker as error:
            raise TripFailed("worker_died", f"the Dask workers running it died ({error})") from None
        except asyncio.CancelledError:
            await asyncio.shield(future.cancel())
            raise

    async def close(self, *, now: bool) -> None:
        if self.cluster is not None and now:
            # A busy worker would get 4 s to finish its task: Ctrl-C must not wait for it.
            await asyncio.gather(
                *(nanny.close(timeout=0.5) for nanny in self.cluster.workers.values()), return_exceptions=True
            )
        if self.client is not None:
            await self.client.close()
        if self.cluster is not None:
            await self.cluster.close()
