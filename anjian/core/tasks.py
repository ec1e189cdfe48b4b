"""Background work: ``enqueue`` runs a function after the current transaction commits.

The one seam for running work outside the request. In the embedded mode the function runs
in a daemon thread of this process once the transaction that asked for it has committed
(``transaction.on_commit``: a rolled-back change never starts a job). A scaled deployment
replaces the body of ``_start`` with a Celery ``send_task``; callers do not change. The
function is named by its dotted path and takes keyword arguments that survive JSON, so it
can be sent to another process.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import connections, transaction
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)
_threads: list[threading.Thread] = []


def enqueue(callable_path: str, **kwargs: Any) -> None:
    """Run ``callable_path(**kwargs)`` in the background once the transaction commits."""
    import_string(callable_path)  # fail now, in the request, if the path is wrong
    transaction.on_commit(lambda: _start(callable_path, kwargs))


def _start(callable_path: str, kwargs: dict[str, Any]) -> None:
    thread = threading.Thread(
        target=_run, args=(callable_path, kwargs), name=f"anjian-task:{callable_path}", daemon=True
    )
    _threads[:] = [t for t in _threads if t.is_alive()]
    _threads.append(thread)
    thread.start()


def _run(callable_path: str, kwargs: dict[str, Any]) -> None:
    try:
        import_string(callable_path)(**kwargs)
    except Exception:
        log.exception("background task %s failed", callable_path)
    finally:
        connections.close_all()  # this thread's own database connections


def wait(timeout: float = 30.0) -> bool:
    """Wait for the running background tasks (tests, shutdown); True when all finished."""
    for thread in list(_threads):
        thread.join(timeout)
    return not any(t.is_alive() for t in _threads)
