import pytest


@pytest.fixture
def llm_test_models(settings):
    """The deterministic test models, registered with llm's plugin manager
    as an installed plugin's would be, and the checker configured."""
    import llm
    from llm.plugins import pm

    from tests.practice.llm_test_models import TestModels

    plugin = TestModels()
    pm.register(plugin, name="qbank-test-models")
    settings.MODEL_CHECKER_MODEL = "qbank-test-honest"
    settings.MODEL_CHECKER_SECONDS = 20
    yield llm
    pm.unregister(plugin)
