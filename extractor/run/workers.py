"""Local extraction: worker processes that each load spaCy once and turn page bodies into record lines."""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing
import os
import pickle
import signal
import threading
import time
from typing import Any

from extractor.run.errors import RunError
from extractor.run.extraction import ModelSpec, PageItem, Result, TripFailed, extract_pages


class LocalWorkers:
    """`size` extraction processes. One that dies, or overruns a trip's time, is killed and replaced."""

    def __init__(self, size: int, model: ModelSpec) -> None:
        self.capacity, self.model = size, model
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()

    async def start(self) -> None:
        await asyncio.gather(*(self._add_worker() for _ in range(self.capacity)))

    async def _add_worker(self) -> None:
        worker = _Worker(self.model)
        self._all.add(worker)
        try:
            await worker.ready()
        except BaseException:
            self._discard(worker)
            raise
        self._idle.put_nowait(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)

    async def extract(self, items: list[PageItem], timeout: float) -> list[Result]:
        worker = await self._idle.get()
        try:
            results = await asyncio.wait_for(worker.call(items), timeout)
        except TimeoutError:
            failure = TripFailed("timeout_extract", f"extraction took more than {timeout:g} s")
        except _WorkerGone as gone:
            failure = TripFailed("worker_died", f"the extraction worker died ({gone})")
        except BaseException:  # cancelled: the worker is busy with work nobody waits for
            self._discard(worker)
            raise
        else:
            self._idle.put_nowait(worker)
            return results
        self._discard(worker)
        await self._add_worker()
        raise failure

    async def close(self, *, now: bool) -> None:
        for worker in list(self._all):
            if not now:
                worker.stop()
            self._discard(worker)


class _WorkerGone(Exception):
    """The worker's end of the pipe closed: it exited or was killed (OOM killer, a signal)."""


class _Worker:
    """One extraction process, spoken to over a pipe: it answers each list of items with its results."""

    def __init__(self, model: ModelSpec) -> None:
        context = multiprocessing.get_context("spawn")  # fork is unsafe under a running event loop
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, model, os.getpid()), name="extractor-worker", daemon=True
        )
        self.process.start()
        child.close()  # so that the worker's death reads as the end of the pipe here

    async def ready(self) -> None:
        try:
            state, message = await self._receive()
        except _WorkerGone:
            raise RunError("the extraction worker died while loading the model") from None
        if state != "ready":
            raise RunError(message)

    async def call(self, items: list[PageItem]) -> list[Result]:
        try:
            self.connection.send(items)
        except OSError as error:
            raise _WorkerGone(error.strerror or str(error)) from None
        return await self._receive()

    async def _receive(self) -> Any:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        descriptor = self.connection.fileno()

        def readable() -> None:
            loop.remove_reader(descriptor)
            if answer.done():
                return
            try:
                answer.set_result(self.connection.recv())
            except (EOFError, OSError, pickle.UnpicklingError):
                self.process.join(timeout=1)
                answer.set_exception(_WorkerGone(_exit_description(self.process.exitcode)))

        loop.add_reader(descriptor, readable)
        try:
            return await answer
        finally:
            loop.remove_reader(descriptor)

    def stop(self) -> None:
        """Ask the worker to exit, and wait a little for it."""
        try:
            self.connection.send(None)
        except OSError:
            return
        self.process.join(timeout=2)

    def kill(self) -> None:
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join(timeout=2)
        self.connection.close()


def _exit_description(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"


def _worker_main(connection: Any, model: ModelSpec, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    exit_with_parent(parent)
    from extractor.pipeline import Extractor

    try:
        extractor = Extractor(model[0], decisions=model[1])
    except Exception as error:
        connection.send(("failed", f"cannot load the extraction model: {error}"))
        return
    connection.send(("ready", None))
    while True:
        try:
            items = connection.recv()
        except EOFError:
            return
        if items is None:
            return
        connection.send(extract_pages(extractor, items))


def exit_with_parent(parent: int) -> None:
    """Make this process end soon after `parent` does, even by kill -9: the kernel sends SIGKILL
    (Linux's PR_SET_PDEATHSIG), and a watcher thread covers other systems and the moment between
    the start and that call."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
