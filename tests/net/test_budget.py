"""The negotiation budget and the per-connection log limiter, without sockets."""
from __future__ import annotations

from sandbox.net.telnet.budget import Limits, LogLimiter, NegotiationBudget


def test_a_real_handshake_fits_and_an_iac_bomb_does_not() -> None:
    budget = NegotiationBudget(0.0)
    assert all(budget.negotiation(0.0) for _ in range(40))  # a generous client handshake
    assert budget.exceeded is None
    bomb = NegotiationBudget(0.0)
    results = [bomb.negotiation(0.0) for _ in range(256 * 4)]
    assert False in results and bomb.exceeded is not None


def test_slow_negotiation_is_still_capped_in_total() -> None:
    budget = NegotiationBudget(0.0, Limits(negotiations_total=50, negotiations_per_second=10, negotiations_burst=5))
    assert all(budget.negotiation(t * 0.5) for t in range(50))  # 2/s: under the rate
    assert not budget.negotiation(100.0)
    assert "more than 50" in (budget.exceeded or "")


def test_compression_may_start_twice_not_three_times() -> None:
    budget = NegotiationBudget(0.0)
    assert budget.compression_start() and budget.compression_start()
    assert not budget.compression_start()


def test_log_limiter_allows_one_line_a_second_and_counts_the_rest() -> None:
    limit = LogLimiter()
    assert limit.allow(10.0)
    assert not limit.allow(10.5) and not limit.allow(10.9)
    assert limit.allow(11.0)
    assert limit.take_suppressed() == 2 and limit.take_suppressed() == 0
