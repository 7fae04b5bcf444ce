"""The preview's end of the console protocol against a peer that misbehaves.

The real worker (the SDK's SessionHost) is exercised by the other preview tests; here a
raw socket plays the worker, to send what a broken or dying one might: garbage, a frame
too large, a connection cut mid-frame, an error response, silence. The link must report
the worker gone or the request failed, never hang and never crash the preview."""

from __future__ import annotations

import asyncio
import struct

import pytest
from livekit.protocol.agent_pb import agent_session as pb

from runtime.preview.remote import ConsoleListener

FRAME = struct.Struct(">I")


class FakeWorker:
    """Connects as a worker does and answers requests as told."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.requests: list = []

    @classmethod
    async def connect(cls, listener: ConsoleListener) -> FakeWorker:
        host, port = listener.address.split(":")
        return cls(*await asyncio.open_connection(host, int(port)))

    async def next_request(self):
        (length,) = FRAME.unpack(await self.reader.readexactly(FRAME.size))
        message = pb.AgentSessionMessage()
        message.ParseFromString(await self.reader.readexactly(length))
        self.requests.append(message.request)
        return message.request

    def send(self, message) -> None:
        data = message.SerializeToString()
        self.writer.write(FRAME.pack(len(data)) + data)

    def respond(self, request, **fields) -> None:
        self.send(pb.AgentSessionMessage(
            response=pb.SessionResponse(request_id=request.request_id, **fields)))

    async def answer_pings(self) -> None:
        while (request := await self.next_request()).WhichOneof("request") == "ping":
            self.respond(request, pong=pb.SessionResponse.Pong())


async def linked():
    listener = await ConsoleListener().start()
    events: list = []
    accepting = asyncio.ensure_future(listener.accept(events.append))
    worker = await FakeWorker.connect(listener)
    ping = await worker.next_request()
    assert ping.WhichOneof("request") == "ping"
    worker.respond(ping, pong=pb.SessionResponse.Pong())
    link = await asyncio.wait_for(accepting, 10)
    return listener, worker, link, events


async def test_a_turn_and_its_events_go_through():
    listener, worker, link, events = await linked()
    sending = asyncio.ensure_future(link.send("hi there"))
    request = await worker.next_request()
    assert request.run_input.text == "hi there"
    worker.send(said("Hello!"))
    worker.respond(request, run_input=pb.SessionResponse.RunInputResponse())
    await asyncio.wait_for(sending, 10)
    assert [(e.role, e.text) for e in events] == [("agent", "Hello!")]
    await link.aclose()
    assert not link.dropped.is_set()  # closed from this side: no hang-up
    await listener.close()


@pytest.mark.parametrize("garbage", [
    FRAME.pack(3) + b"\xff\xff\xff",  # not a protocol message
    FRAME.pack(1 << 30),  # a length no message has
    FRAME.pack(100) + b"half",  # the connection cut mid-frame
])
async def test_a_broken_stream_drops_the_link_and_fails_the_waiting_turn(garbage):
    listener, worker, link, _events = await linked()
    sending = asyncio.ensure_future(link.send("hello"))
    await worker.next_request()
    worker.writer.write(garbage)
    await worker.writer.drain()
    worker.writer.close()
    with pytest.raises(RuntimeError, match="session closed"):
        await asyncio.wait_for(sending, 10)
    assert link.dropped.is_set()
    with pytest.raises(RuntimeError, match="session closed"):
        await link.send("anyone?")  # refused at once, not after the turn's timeout
    await link.aclose()
    await listener.close()


async def test_an_error_response_names_the_request_and_the_error():
    listener, worker, link, _events = await linked()
    history = asyncio.ensure_future(link.chat_history())
    request = await worker.next_request()
    worker.respond(request, error="no session yet")
    with pytest.raises(RuntimeError, match="get_chat_history request failed: no session yet"):
        await asyncio.wait_for(history, 10)
    await link.aclose()
    await listener.close()


async def test_a_silent_worker_times_out_instead_of_hanging():
    listener = await ConsoleListener().start()
    accepting = asyncio.ensure_future(listener.accept(lambda event: None))
    worker = await FakeWorker.connect(listener)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(accepting, 30)  # ten seconds of unanswered pings
    assert (await worker.next_request()).WhichOneof("request") == "ping"
    worker.writer.close()
    await listener.close()


def said(text: str):
    item = pb.ChatContext.ChatItem(message=pb.ChatMessage(
        role=pb.ASSISTANT, content=[pb.ChatMessage.ChatContent(text=text)]))
    return pb.AgentSessionMessage(event=pb.AgentSessionEvent(
        conversation_item_added=pb.AgentSessionEvent.ConversationItemAdded(item=item)))


async def test_a_listener_that_fails_does_not_cut_the_call_off():
    listener, worker, link, _events = await linked()
    seen: list[str] = []

    def fussy(event) -> None:
        seen.append(event.text)
        if event.text == "first":
            raise ValueError("a listener's bug")

    link._on_event = fussy
    worker.send(said("first"))
    worker.send(said("second"))
    history = asyncio.ensure_future(link.chat_history())
    request = await worker.next_request()
    worker.respond(request, get_chat_history=pb.SessionResponse.GetChatHistoryResponse(
        items=[said("second").event.conversation_item_added.item]))
    assert await asyncio.wait_for(history, 10) == [{"role": "assistant", "content": "second"}]
    assert seen == ["first", "second"] and not link.dropped.is_set()
    await link.aclose()
    await listener.close()
