import pytest

from tests.helpers import Harness


@pytest.fixture
def h() -> Harness:
    return Harness()


@pytest.fixture
def alice(h):
    return h.login("Alice")


@pytest.fixture
def builder(h):
    return h.login("Bea", "builder")
