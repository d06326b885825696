"""The embedded default model: llama.cpp's OpenAI-compatible server on loopback.

`serve()` runs llama-cpp-python's server as a child process on a free 127.0.0.1 port for
the duration of a `with` block, so the rest of the program talks to it like to any other
OpenAI endpoint. The weights come from `weights`.

Weight repacking. llama.cpp loads weights into "extra buffer types" (repacked layouts,
and the AMX tiles of Intel Sapphire Rapids and newer). In llama-cpp-python 0.3.36 built
natively on an AMX CPU, the AMX path crashes the server with SIGSEGV on the first prompt
longer than one token (ggml-org/llama.cpp issue 20824). The model parameter
`use_extra_bufts = False` avoids it, and it was also the faster choice measured on such
a CPU (`evals/bench_local.py`, README). Neither `Llama` nor the server exposes the
field, so the child patches llama.cpp's default model parameters before the server
loads the model. `repack="auto"` turns it off exactly where `/proc/cpuinfo` shows AMX.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self

from summarizer.chat_template import ChatTemplate
from summarizer.config import Repack
from summarizer.errors import ModelUnavailableError, ServerCrashedError
from summarizer.machine import cpu_count, extra_bufts
from summarizer.weights import DEFAULT_MODEL, INSTALL_HINT, MODELS, cache_dir, model_path

# Measured on the seed article: Arabic takes ~0.35 Qwen tokens per character (~0.9 for
# SmolLM2), so a 4,000-character article is ~1,400 (~3,600) tokens; with the prompt, the
# schema and a JSON answer, 8,192 leaves room on both and costs ~230 MB of KV cache.
DEFAULT_N_CTX = 8192
LOOPBACK = "127.0.0.1"
STOP_GRACE_SECONDS = 10.0
# How long a failed request waits for the child to be reaped before calling it alive.
DEATH_GRACE_SECONDS = 1.0

# The child starts a thread that exits as soon as its stdin (a pipe from us) reaches EOF,
# i.e. when we die by any means, even SIGKILL; os.read on the raw fd, not sys.stdin: a
# daemon thread holding stdin's buffer lock makes the interpreter abort at shutdown. For
# llama.cpp it sets `use_extra_bufts` in the default model parameters, then runs the
# server module in-process.
_BOOTSTRAP = """\
import os, runpy, sys, threading
threading.Thread(target=lambda: (os.read(0, 1), os._exit(0)), daemon=True).start()
extra_bufts, module = sys.argv[1] == "on", sys.argv[2]
if module.startswith("llama_cpp"):
    import llama_cpp.llama_cpp as lib
    defaults = lib.llama_model_default_params
    def params():
        p = defaults()
        p.use_extra_bufts = extra_bufts
        return p
    lib.llama_model_default_params = params
print(f"summarizer: use_extra_bufts={extra_bufts}", flush=True)
sys.argv = sys.argv[2:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""
_SERVER_EXTRAS = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")
_CPU_LINE = re.compile(r"^CPU : (.+)$", re.MULTILINE)


def require_llama_cpp() -> None:
    """Fail early, in one line, when llama-cpp-python or its server extra is missing."""
    missing = [name for name in _SERVER_EXTRAS if importlib.util.find_spec(name) is None]
    if missing:
        raise ModelUnavailableError(
            f"the local model needs llama-cpp-python[server] (missing: {', '.join(missing)}): "
            f"{INSTALL_HINT}"
        )


def free_port() -> int:
    """Pick a loopback TCP port that nobody listens on right now (the OS chooses)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _shown(path: Path) -> str:
    """A path as a user would type it: the home folder as ~."""
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home) :] if home != "/" and text.startswith(home + os.sep) else text


def _how(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"crashed ({signal.Signals(-code).name})"
        return f"crashed (signal {-code})"
    return f"exited with status {code}"


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""Loopback must never go through a proxy from the environment."""


@contextlib.contextmanager
def _own_log(path: Path, port: int) -> Iterator[tuple[BinaryIO, Path]]:
    """The log to give a new server: one per model, rewritten at each start, so logs
    never pile up; but while another live server of the same model holds it (its child
    keeps the lock), a log of this port's own, so that neither overwrites the other's
    crash.
    """
    log = path.open("ab")
    try:
        fcntl.flock(log, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log.close()
        path = path.with_name(f"{path.stem}-{port}{path.suffix}")
        log = path.open("ab")
    with log:
        log.truncate(0)
        yield log, path


class LocalServer:
    """llama.cpp's OpenAI-compatible server for one GGUF, as a child process on loopback.

    Use it as a context manager: entering starts the server and waits until it answers,
    leaving stops it (also on errors and Ctrl-C). The child runs in its own process group,
    writes to a log file instead of the terminal, and exits by itself if we die.
    """

    module = "llama_cpp.server"

    def __init__(
        self,
        model_path: Path,
        *,
        alias: str | None = None,
        n_ctx: int = DEFAULT_N_CTX,
        n_threads: int | None = None,
        log_path: Path | None = None,
        startup_timeout: float = 180.0,
        repack: Repack = "auto",
        python: str = sys.executable,
        prompt_cache_mb: int = 0,
    ) -> None:
        self.model_path = Path(model_path)
        self.alias = alias or self.model_path.stem
        self.n_ctx = n_ctx
        self.n_threads = n_threads or cpu_count()
        self.log_path = log_path
        self.startup_timeout = startup_timeout
        self.extra_bufts = extra_bufts(repack)
        self.python = python
        self.prompt_cache_mb = prompt_cache_mb
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The OpenAI base URL (`.../v1`) of the running server."""
        if self.port is None:
            raise RuntimeError("the server is not started")
        return f"http://{LOOPBACK}:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        """Process id of the server while it runs (tests use it to prove it is gone)."""
        return self._process.pid if self._process is not None else None

    def server_args(self, port: int) -> list[str]:
        """Command-line options for `module`, tuned for CPU inference of one article.

        `logits_all` off: the server defaults it on, which stores logits for every
        prompt token (n_ctx x vocab floats, ~5 GB for Qwen) and slows prompt processing.
        `chat_template.default` makes the server use the GGUF's own chat template.

        Prompt reuse: the server always keeps the last request's KV cache and evaluates
        only what follows the token prefix a new request shares with it, so a batch whose
        requests start alike evaluates that start once. `prompt_cache_mb` adds
        llama-cpp-python's RAM cache of saved states, which pays only when a request
        returns to an older prefix than the last one (a repair after another article's
        request); for a sequential batch it changes nothing (`evals/bench_prefix.py`).
        """
        threads = str(self.n_threads)
        cache = ["--cache", "True", "--cache_type", "ram"]
        cache += ["--cache_size", str(self.prompt_cache_mb << 20)]
        return [
            "--model", str(self.model_path),
            "--model_alias", self.alias,
            "--host", LOOPBACK,
            "--port", str(port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", threads,
            "--n_threads_batch", threads,
            "--chat_format", "chat_template.default",
            "--logits_all", "False",
            "--use_mlock", "False",
            *(cache if self.prompt_cache_mb else []),
        ]  # fmt: skip

    def start(self) -> Self:
        """Start the server and return once it answers; raise with the log's tail if not."""
        if self._process is not None:
            raise RuntimeError("the server is already running")
        port = free_port()
        log_path = self.log_path or cache_dir() / "logs" / f"llama-server-{self.alias}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        flag = "on" if self.extra_bufts else "off"
        argv = [self.python, "-P", "-c", _BOOTSTRAP, flag, self.module, *self.server_args(port)]
        with _own_log(log_path, port) as (log, log_path):
            self._process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.port, self.log_path = port, log_path
        atexit.register(self.stop)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        while not self._answers():
            code = self._process.poll()
            if code is not None:
                raise ModelUnavailableError(
                    f"the local model server {_how(code)} while loading the model; "
                    f"{self._log_tail()}"
                )
            if time.monotonic() > deadline:
                raise ModelUnavailableError(
                    f"the {self.module} server did not answer within {self.startup_timeout:g} s; "
                    f"{self._log_tail()}"
                )
            time.sleep(0.2)

    def _answers(self) -> bool:
        try:
            with OPENER.open(f"{self.base_url}/models", timeout=2) as response:
                return bool(response.status == 200)
        except (OSError, ValueError):
            return False

    def _log_text(self, size: int = 4096) -> str:
        assert self.log_path is not None
        with self.log_path.open("rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - size))
            return log.read().decode("utf-8", "replace")

    def _log_tail(self, lines: int = 6) -> str:
        """Fold the last lines of the server log into one line for an error message."""
        try:
            text = self._log_text()
        except OSError as error:
            return f"log {self.log_path} unreadable: {error}"
        tail = [line.strip() for line in text.splitlines() if line.strip()][-lines:]
        return f"log {self.log_path}: " + " | ".join(tail or ["(empty)"])

    def cpu_features(self) -> str | None:
        """The CPU features llama.cpp reports it was built for and found, from the log."""
        try:
            found = _CPU_LINE.search(self._log_text(1 << 20))
        except (OSError, AssertionError):
            return None
        return found.group(1).strip(" |") if found else None

    def failure(self, when: str, grace: float = 0.0) -> ServerCrashedError | None:
        """The error to raise if the child has died (None while it runs).

        A request that fails because the server died must say so at once: retrying a
        dead process five times and blaming the network hides a crash. `grace` waits
        that long for a dying child to be reaped.
        """
        process = self._process
        if process is None:
            return None
        try:
            code = process.wait(timeout=grace) if grace else process.poll()
        except subprocess.TimeoutExpired:
            return None
        if code is None:
            return None
        log = _shown(self.log_path) if self.log_path else "(none)"
        return ServerCrashedError(f"the local model server {_how(code)} {when}; log: {log}")

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes in this model, so callers can refuse what exceeds `n_ctx`."""
        body = json.dumps({"input": text}).encode("utf-8")
        request = urllib.request.Request(
            f"http://{LOOPBACK}:{self.port}/extras/tokenize/count",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            with OPENER.open(request, timeout=60) as response:
                return int(json.load(response)["count"])
        except (OSError, ValueError, KeyError) as error:
            crash = self.failure("while counting the article's tokens", DEATH_GRACE_SECONDS)
            if crash is not None:
                raise crash from None
            raise ModelUnavailableError(f"token count failed at {self.base_url}: {error}") from None

    @cached_property
    def chat_template(self) -> ChatTemplate:
        """The model's chat template, read once from its GGUF file."""
        try:
            return ChatTemplate.of_gguf(self.model_path)
        except (OSError, ValueError) as error:
            raise ModelUnavailableError(f"cannot read the chat template: {error}") from None

    def count_prompt(self, body: dict[str, Any]) -> int:
        """Tokens of the prompt a chat request becomes (template, messages, tool schema):
        with the completion budget, what must fit in `n_ctx`.
        """
        return self.count_tokens(self.chat_template.render(body))

    def stop(self) -> None:
        """Terminate the server's process group, kill it after a grace period; idempotent."""
        process, self._process = self._process, None
        if process is None:
            return
        atexit.unregister(self.stop)
        if process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()
        if process.stdin is not None:
            process.stdin.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


@contextlib.contextmanager
def serve(
    model: str = DEFAULT_MODEL,
    *,
    n_ctx: int = DEFAULT_N_CTX,
    n_threads: int | None = None,
    log_path: Path | None = None,
    startup_timeout: float = 180.0,
    repack: Repack = "auto",
) -> Iterator[LocalServer]:
    """Serve a registry model (or a .gguf path) for the `with` block; yields the server.

    Use `server.base_url` and `server.alias` as the OpenAI `base_url` and `model`.
    """
    require_llama_cpp()
    path = model_path(model)
    server = LocalServer(
        path,
        alias=model if model in MODELS else None,
        n_ctx=n_ctx,
        n_threads=n_threads,
        log_path=log_path,
        startup_timeout=startup_timeout,
        repack=repack,
    )
    with server:
        yield server
