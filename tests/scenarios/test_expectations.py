"""The deterministic checks on their own: what each expectation accepts and refuses."""

from __future__ import annotations

from runtime.scenarios.engine import expectations as ex
from runtime.scenarios.engine.model import Expectation


def test_reply_contains_ignores_case_spacing_and_curly_quotes():
    said = ex.Observation(replies=["Sorry, I DON\u2019T have\n  that order.", "Anything else?"])
    assert ex.check(Expectation(reply_contains="i don't have that order"), said) is None
    assert ex.check(Expectation(reply_contains='"quoted"'), ex.Observation(replies=["a \u201cquoted\u201d b"])) is None
    assert ex.check(Expectation(reply_contains="anything else"), said) is None  # any reply of the turn
    assert ex.check(Expectation(reply_contains="refund"), said) == (
        'it said: "Sorry, I DON\u2019T have that order. Anything else?"')
    assert ex.check(Expectation(reply_contains="x"), ex.Observation()) == "it said nothing"
