"""Run one scenario against the generated agent, through the SDK's testing API.

Scripted: each caller turn goes in with `AgentSession.run`, and that turn's expectations
are checked against the `RunResult`'s events (tool calls, replies; intents by the
judge). Simulated: the caller model and the agent take turns until one of them ends the
call or the turn limit is reached. Either way the call then ends as a job ends (its
end-of-call POST goes to a local inbox), the expectations on the whole call are checked
and, with `agent_expectations`, the judge decides from the record of the call.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

from . import expectations as ex
from .agent_call import AgentUnderTest, agent_llm
from .agent_facts import AgentFacts
from .caller import SimulatedCaller
from .judge import evidence_text, judge_outcome, judge_reply
from .model import Expectation, Scenario, ScenarioFile
from .receiver import PostReceiver
from .results import (
    GREETING_TURN,
    Check,
    ScenarioRun,
    TranscriptEntry,
)
from .tool_mocks import MockLog, ToolMocks

_call_numbers = itertools.count(1)
FINISH_TIMEOUT_S = 30.0  # the report and its POST, retries included


@dataclass
class Models:
    """The language models of a run: the agent's, the caller's and the judge's. Without
    a judge, judged checks are left out (listed as not judged); without a caller,
    simulated scenarios cannot run."""

    agent: Any = None  # a livekit LLM instead of the agent's own (None: its own)
    caller: Any | None = None
    judge: Any | None = None

    @classmethod
    def for_tests(cls, tests: ScenarioFile, agent: AgentFacts) -> Models:
        from livekit.agents import inference

        override = tests.models.agent
        return cls(
            agent=agent_llm(agent.llm, agent.thinking_effort, override)
            if override and override != agent.llm
            else None,
            caller=inference.LLM(tests.models.caller),
            judge=inference.LLM(tests.models.judge),
        )


class Progress:
    """What a run reports as it goes (override what you need)."""

    def started(self, scenario: Scenario, attempt: int) -> None:
        pass

    def turn_done(self, run: ScenarioRun, turn: int) -> None:
        """The agent answered caller turn `turn` (0: the greeting was said)."""

    def finished(self, run: ScenarioRun) -> None:
        pass


class ScenarioRunner:
    def __init__(
        self,
        project: AgentUnderTest,
        tests: ScenarioFile,
        agent: AgentFacts,
        models: Models,
        *,
        environ: dict[str, str],
        receiver: PostReceiver,
        progress: Progress | None = None,
    ) -> None:
        self.project = project
        self.tests = tests
        self.agent = agent
        self.models = models
        self.environ = environ
        self.receiver = receiver
        self.progress = progress or Progress()

    async def run(self, scenario: Scenario, attempt: int = 1) -> ScenarioRun:
        run = ScenarioRun(scenario.name, scenario.kind, attempt)
        self.progress.started(scenario, attempt)
        started = time.monotonic()
        try:
            if scenario.simulated and self.models.caller is None:
                raise NoModel("a simulated scenario needs a caller model")
            await _Call(self, scenario, run).play()
        except Exception as exc:  # noqa: BLE001 - reported as the run's error
            run.fail_with_error(describe_error(exc))
            run.ended_by = run.ended_by or "error"
        run.duration_s = round(time.monotonic() - started, 3)
        self.progress.finished(run)
        return run


async def run_scenarios(
    project: AgentUnderTest,
    tests: ScenarioFile,
    agent: AgentFacts,
    models: Models,
    scenarios: list[Scenario] | None = None,
    *,
    repeat: int = 1,
    environ: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> list[ScenarioRun]:
    """Run each scenario (default: all) `repeat` times, reports into a local receiver."""
    import os

    receiver = await PostReceiver().start()
    try:
        runner = ScenarioRunner(
            project,
            tests,
            agent,
            models,
            environ=dict(os.environ if environ is None else environ),
            receiver=receiver,
            progress=progress,
        )
        runs = []
        for scenario in tests.scenarios if scenarios is None else scenarios:
            for attempt in range(1, repeat + 1):
                runs.append(await runner.run(scenario, attempt))
        return runs
    finally:
        await receiver.stop()


class _Call:
    """One scenario run: the call, its transcript and its checks."""

    def __init__(self, runner: ScenarioRunner, scenario: Scenario, run: ScenarioRun) -> None:
        self.runner = runner
        self.scenario = scenario
        self.run = run
        self.log = MockLog()
        self.live: Any = None
        self.all_seen = ex.Observation()
        self.call_id = f"call-{next(_call_numbers)}"

    async def play(self) -> None:
        r = self.runner
        mocks = (*self.scenario.mocks, *r.tests.mocks)
        async with r.project.call(
            metadata=r.agent.metadata_for(self.scenario.metadata),
            environ=r.environ,
            llm=r.models.agent,
            endpoint_url=r.receiver.url_for(self.call_id),
            mocks=ToolMocks(mocks, r.agent, self.log),
            call_id=self.call_id,
        ) as live:
            self.live = live
            self._record_greeting()
            r.progress.turn_done(self.run, GREETING_TURN)
            if self.scenario.simulated:
                await self._simulate()
            else:
                await self._play_script()
            self.all_seen.ended = True
            self.all_seen.collected = live.collected()
            self.all_seen.payload = await self._posted()
            for expectation in self.scenario.expect:
                self._check(expectation, self.all_seen, turn=None)
            if self.scenario.agent_expectations:
                await self._judge_call()

    # -- scripted ----------------------------------------------------------------------
    async def _play_script(self) -> None:
        for number, turn in enumerate(self.scenario.turns, start=1):
            if self.live.ending:
                self.run.add(
                    Check(
                        f'hears "{ex.clip(turn.user, 60)}"',
                        False,
                        number,
                        f"the agent had already ended the call after turn {number - 1}",
                    )
                )
                self.run.ended_by = "agent"
                return
            result, seen = await self._agent_turn(number, turn.user)
            for expectation in turn.expect:
                if expectation.kind == "posted" and seen.ended:
                    seen.payload = await self._posted()
                if expectation.kind == "intent":
                    await self._judge_reply(expectation, result, number)
                else:
                    self._check(expectation, seen, turn=number)
            self.runner.progress.turn_done(self.run, number)
        self.run.ended_by = "agent" if self.live.ending else "script"

    # -- simulated ---------------------------------------------------------------------
    async def _simulate(self) -> None:
        caller = SimulatedCaller(self.runner.models.caller, self.scenario.instructions or "")
        for number in range(1, self.scenario.max_turns + 1):
            said = await self._caller_turn(caller, number)
            if said.text:
                self.run.transcript.append(TranscriptEntry(number, "caller", said.text))
            if said.hangs_up:
                self.run.ended_by = "caller"
                return
            await self._agent_turn(number, said.text, record_caller=False)
            self.runner.progress.turn_done(self.run, number)
            if self.live.ending:
                self.run.ended_by = "agent"
                return
        self.run.ended_by = "turn limit"
        if self.scenario.turn_limit == "fail":
            self.run.add(
                Check(
                    "the call ends within the turn limit",
                    False,
                    self.run.turns,
                    f"still going after {self.scenario.max_turns} caller turns",
                )
            )

    async def _caller_turn(self, caller: SimulatedCaller, number: int) -> Any:
        timeout = self.runner.tests.timeout_s
        try:
            return await asyncio.wait_for(caller.next_turn(self._conversation()), timeout)
        except TimeoutError:
            raise TurnTimeout(
                f"the caller model did not say turn {number} within {timeout:g} s"
            ) from None

    async def _posted(self) -> dict[str, Any] | None:
        """End the call (once) and return the body the receiver got for it, if any: a
        POST that did not arrive was not sent, whatever the agent meant to send."""
        await asyncio.wait_for(self.live.finish(), FINISH_TIMEOUT_S)
        body = self.runner.receiver.body_for(self.call_id)
        return body if isinstance(body, dict) else None

    def _conversation(self) -> list[tuple[str, str]]:
        return [(e.speaker, e.text) for e in self.run.transcript if e.speaker != "tool"]

    # -- turns and checks ----------------------------------------------------------------
    async def _agent_turn(
        self, number: int, text: str, *, record_caller: bool = True
    ) -> tuple[Any, ex.Observation]:
        if record_caller:
            self.run.transcript.append(TranscriptEntry(number, "caller", text))
        self.run.turns = number
        unmocked_before = len(self.log.unmocked)
        timeout = self.runner.tests.timeout_s
        try:
            result = await asyncio.wait_for(self.live.session.run(user_input=text), timeout)
        except TimeoutError:
            raise TurnTimeout(
                f"the agent did not answer turn {number} within {timeout:g} s"
            ) from None
        seen = self._observe(result.events, number)
        await self.live.wait_until_ended(timeout)
        seen.ended = self.live.ending
        seen.collected = self.live.collected()
        for name, arguments in self.log.unmocked[unmocked_before:]:
            self.run.add(
                Check(
                    "uses only mocked tools",
                    False,
                    number,
                    f"it called {ex.ToolCallSeen(name, arguments).describe()}, which no mock covers: "
                    "tests never reach real APIs (add a [[mocks]] entry for it, or live = true)",
                )
            )
        return result, seen

    def _observe(self, events: list[Any], number: int) -> ex.Observation:
        seen = ex.Observation()
        outputs = {e.item.call_id: e.item for e in events if e.type == "function_call_output"}
        for event in events:
            item = event.item
            if event.type == "message" and item.role == "assistant":
                text = item.text_content or ""
                seen.replies.append(text)
                self.run.transcript.append(TranscriptEntry(number, "agent", text))
            elif event.type == "function_call":
                output = outputs.get(item.call_id)
                call = ex.ToolCallSeen(
                    name=item.name,
                    arguments=_arguments(item.arguments),
                    output=output.output if output is not None else "",
                    is_error=bool(output is not None and output.is_error),
                )
                seen.tool_calls.append(call)
                shown = f"{call.describe()} -> {ex.clip(call.output, 200) or '(no output)'}"
                self.run.transcript.append(TranscriptEntry(number, "tool", shown, call.is_error))
        self.all_seen.replies += seen.replies
        self.all_seen.tool_calls += seen.tool_calls
        return seen

    def _record_greeting(self) -> None:
        for item in self.live.session.history.items:
            if getattr(item, "type", "") == "message" and item.role == "assistant":
                self.run.transcript.append(
                    TranscriptEntry(GREETING_TURN, "agent", item.text_content or "")
                )

    def _check(self, expectation: Expectation, seen: ex.Observation, *, turn: int | None) -> None:
        detail = ex.check(expectation, seen)
        self.run.add(Check(ex.describe(expectation), detail is None, turn, detail or ""))

    async def _judge_reply(self, expectation: Expectation, result: Any, number: int) -> None:
        wanted = ex.describe(expectation)
        judge = self.runner.models.judge
        if judge is None:
            self.run.not_judged.append(wanted)
            return
        messages = [
            i
            for i, e in enumerate(result.events)
            if e.type == "message" and e.item.role == "assistant" and e.item.text_content
        ]
        if not messages:
            self.run.add(Check(wanted, False, number, "the agent said nothing to judge"))
            return
        if len(messages) == 1:
            verdict = await judge_reply(result, messages[0], judge, expectation.intent or "")
        else:  # "one moment…", a tool, then the answer: the turn is judged as a whole
            lines = [_transcript_line(e) for e in self.run.transcript if e.turn == number]
            verdict = await judge_outcome(
                judge, turn_intent(expectation.intent or ""), evidence_text(lines, {}, None, "")
            )
        self.run.add(Check(wanted, verdict.passed, number, verdict.reason, judged=True))

    async def _judge_call(self) -> None:
        if self.run.ended_by == "turn limit" and self.scenario.turn_limit == "fail":
            return  # already failed; no judge tokens spent on it
        if self.runner.models.judge is None:
            self.run.not_judged.append(self._outcome_wanted())
            return
        verdict = await judge_outcome(
            self.runner.models.judge,
            self.scenario.agent_expectations or "",
            evidence_text(
                [_transcript_line(e) for e in self.run.transcript],
                self.all_seen.collected,
                self.all_seen.payload,
                ENDINGS.get(self.run.ended_by, "").format(limit=self.scenario.max_turns),
            ),
        )
        self.run.add(
            Check(self._outcome_wanted(), verdict.passed, None, verdict.reason, judged=True)
        )

    def _outcome_wanted(self) -> str:
        return f"meets: {ex.clip(self.scenario.agent_expectations or '', 120)}"


ENDINGS = {
    "agent": "The agent ended the call.",
    "caller": "The caller hung up.",
    "script": "The caller had said everything in the script and hung up.",
    "turn limit": "The test stopped after {limit} caller turns with the call still going.",
}


class TurnTimeout(Exception):
    pass


class NoModel(Exception):
    pass


def turn_intent(intent: str) -> str:
    return (
        f"In this turn (the caller's line and everything the agent said and did after it): {intent}"
    )


def _transcript_line(entry: TranscriptEntry) -> str:
    if entry.speaker == "tool":
        return f"[tool {'error' if entry.is_error else 'call'}: {entry.text}]"
    return f"{entry.speaker.capitalize()}: {entry.text}"


def _arguments(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {"(unreadable arguments)": raw}
    return value if isinstance(value, dict) else {"(arguments)": value}


def describe_error(exc: BaseException) -> str:
    """A run's error in one line: ours as they are, the SDK's with their type."""
    if isinstance(exc, (TurnTimeout, NoModel)):
        return str(exc)
    if isinstance(exc, TimeoutError):
        return "timed out waiting for the agent"
    text = str(exc).strip() or repr(exc)
    return f"{type(exc).__name__}: {ex.clip(text, 400)}"
