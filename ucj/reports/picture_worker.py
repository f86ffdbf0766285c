"""The briefing preview's pictures drawn in a process of their own, beside the app process.

An app process is one Python interpreter: Streamlit runs every session's script in a thread of it, so while
matplotlib draws a preview picture (a few hundred milliseconds of pure Python for the trend, the claims and the
map) no other session's script runs. Under 20 simulated users the Bahan Musrenbang page carried the 95th
percentile of every page for that reason (benchmarks/README.md). Here the drawing goes to one child process per
app process, started on first use with `python -m ucj.reports.picture_worker`: the script thread waits on a pipe
without holding the interpreter, and the drawing runs on another core.

`draw(name, *args)` gives the same bytes `ucj.reports.documents.<name>(*args)` would (tests/test_picture_worker.py).
If the worker cannot be started, dies or fails on a request, the picture is drawn in this process, as before:
a preview is never lost to the worker. The protocol is pickle over the child's own stdin/stdout: the child is this
code, started by this process, and reads nothing else. A multiprocessing pool is not used: Streamlit makes the
page script `__main__`, which a spawned child would run again."""
import os
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path

from ucj.reports import documents

DRAWN = {"trend_picture": documents.trend_picture, "claims_picture": documents.claims_picture,
         "map_picture": documents.map_picture}
_HEADER = struct.Struct("<Q")
_ROOT = Path(__file__).resolve().parent.parent.parent


class _Worker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self.started = 0  # processes started: a test sees a dead worker replaced

    def draw(self, name: str, *args):
        with self._lock:  # one request at a time on the pipe; a waiting thread does not hold the interpreter
            try:
                ok, value = self._ask(name, args)
            except (OSError, EOFError, pickle.PickleError, struct.error):
                self.stop()
                ok, value = False, None
        return value if ok else DRAWN[name](*args)

    def _ask(self, name: str, args: tuple):
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen([sys.executable, "-m", "ucj.reports.picture_worker"], cwd=_ROOT,
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self.started += 1
        message = pickle.dumps((name, args), protocol=pickle.HIGHEST_PROTOCOL)
        self._process.stdin.write(_HEADER.pack(len(message)) + message)
        self._process.stdin.flush()
        return pickle.loads(_read(self._process.stdout))

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.poll() is None else None


def _read(stream) -> bytes:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the picture worker stopped")
    (size,) = _HEADER.unpack(header)
    body = stream.read(size)
    if len(body) < size:
        raise EOFError("the picture worker stopped")
    return body


WORKER = _Worker()


def draw(name: str, *args):
    """documents.<name>(*args) (trend_picture, claims_picture or map_picture), drawn in the worker process."""
    if name not in DRAWN:
        raise ValueError(f"not a preview picture: {name}")
    return WORKER.draw(name, *args)


def main() -> int:
    """The worker: requests on stdin, answers on the stdout it was given; anything printed goes to stderr."""
    requests, answers = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    while True:
        try:
            name, args = pickle.loads(_read(requests))
        except EOFError:
            return 0  # the app process closed the pipe: it stopped
        try:
            answer = (True, DRAWN[name](*args))
        except Exception:  # noqa: BLE001 - the app process draws it itself and meets the error there
            answer = (False, None)
        message = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(_HEADER.pack(len(message)) + message)
        answers.flush()


if __name__ == "__main__":
    sys.exit(main())
