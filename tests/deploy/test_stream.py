import asyncio
import os
import sys

from runtime.deploy.stream import StreamedCommand
from runtime.redaction import Redactor


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


async def collect(command: StreamedCommand) -> list[str]:
    return [line async for line in command]


async def test_lines_arrive_split_on_newlines_and_carriage_returns(tmp_path):
    code = (
        "import sys\n"
        "sys.stdout.write('one\\r\\ntwo\\rthree\\n\\nfour\\n'); sys.stdout.flush()\n"
        "sys.stderr.write('err line\\n'); sys.stderr.flush()\n"
        "sys.stdout.write('no final newline')\n"
    )
    command = StreamedCommand(python(code), tmp_path)
    lines = await collect(command)
    assert lines == ["one", "two", "three", "", "four", "err line", "no final newline"]
    assert command.returncode == 0


async def test_crlf_split_across_reads_is_one_break(tmp_path):
    code = (
        "import sys, time\n"
        "sys.stdout.write('a\\r'); sys.stdout.flush(); time.sleep(0.2)\n"
        "sys.stdout.write('\\nb\\n')\n"
    )
    assert await collect(StreamedCommand(python(code), tmp_path)) == ["a", "b"]


async def test_exit_code_and_cwd_are_kept(tmp_path):
    code = "import os, sys; print(os.getcwd()); sys.exit(3)"
    command = StreamedCommand(python(code), tmp_path)
    assert await collect(command) == [str(tmp_path)]
    assert command.returncode == 3


async def test_stdin_is_closed_so_prompts_do_not_hang(tmp_path):
    code = "import sys; print(repr(sys.stdin.read()))"
    assert await collect(StreamedCommand(python(code), tmp_path)) == ["''"]


async def test_secret_values_are_redacted_longest_first(tmp_path):
    redact = Redactor({"TOKEN": "abcd1234", "LONGER": "abcd1234-extra", "TINY": "ab"})
    code = "print('t=abcd1234 l=abcd1234-extra ab, but not in abc')"
    lines = await collect(StreamedCommand(python(code), tmp_path, redact=redact))
    assert lines == ["t=[secret TOKEN] l=[secret LONGER] [secret TINY], but not in abc"]


async def test_invalid_utf8_does_not_break_the_stream(tmp_path):
    code = "import sys; sys.stdout.buffer.write(b'ok \\xff\\xfe end\\n')"
    assert await collect(StreamedCommand(python(code), tmp_path)) == ["ok \ufffd\ufffd end"]


async def test_leaving_early_ends_the_process_group(tmp_path):
    pid_file = tmp_path / "child.pid"
    code = (
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "print('started', flush=True)\n"
        "time.sleep(60)\n"
    )
    async with StreamedCommand(python(code), tmp_path) as command:
        async for line in command:
            assert line == "started"
            break
    assert command.returncode is not None and command.returncode < 0
    child_pid = int(pid_file.read_text())
    for _ in range(100):
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the grandchild survived")


async def test_cancelling_the_reader_ends_the_process(tmp_path):
    code = "import time; print('started', flush=True); time.sleep(60)"
    command = StreamedCommand(python(code), tmp_path)
    started = asyncio.Event()

    async def read() -> None:
        async for _ in command:
            started.set()

    task = asyncio.create_task(read())
    await started.wait()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    assert command.returncode is not None and command.returncode < 0
