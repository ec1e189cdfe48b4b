"""Two people acting on the same hazard at once: exactly one succeeds, the other is told."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from anjian.core.errors import Conflict
from anjian.hazards.models import HazardStatus
from anjian.hazards.services import hazards as services
from anjian.hazards.tests.conftest import advance, report


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_verifications_one_wins_one_conflicts(world, hazard_rules):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL row locks")
    hazard = advance(world, report(world), "submitted")
    version = hazard.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    manager = world.user("enterprise_manager")

    def close() -> None:
        try:
            barrier.wait(timeout=10)
            services.hazard_close(by=manager, hazard=hazard, version=version)
            outcomes.append("closed")
        except Conflict:
            outcomes.append("conflict")
        except BaseException as error:  # noqa: BLE001 - reported by the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    def give_back() -> None:
        try:
            barrier.wait(timeout=10)
            services.hazard_return(by=manager, hazard=hazard, reason="复核不合格", version=version)
            outcomes.append("returned")
        except Conflict:
            outcomes.append("conflict")
        except BaseException as error:  # noqa: BLE001
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=close), threading.Thread(target=give_back)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) in (["closed", "conflict"], ["conflict", "returned"]), outcomes
    hazard.refresh_from_db()
    assert hazard.version == version + 1
    winner = "closed" if "closed" in outcomes else "returned"
    expected = HazardStatus.CLOSED if winner == "closed" else HazardStatus.RECTIFYING
    assert hazard.status == expected
    assert hazard.events.filter(kind__in=["closed", "returned"]).count() == 1
