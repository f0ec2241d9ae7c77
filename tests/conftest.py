import os

import pytest

# Tests never read or write the developer's own cache, and always re-check marker examples.
os.environ["DEBITORKA_NO_CACHE"] = "1"
os.environ.pop("DEBITORKA_CACHE_DIR", None)

try:
    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=150, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("ci")
except ImportError:  # pragma: no cover
    pass


@pytest.fixture(scope="session")
def rulebook():
    from scoring.rulebook import load_rulebook

    return load_rulebook()
