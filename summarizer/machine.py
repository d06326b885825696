"""What this machine is, as far as running llama.cpp on it goes: CPU flags and cores."""

from __future__ import annotations

import os
from pathlib import Path

from summarizer.config import Repack

# Intel AMX (Sapphire Rapids and newer): the tiles llama.cpp's AMX buffer type uses.
AMX_FLAGS = frozenset({"amx_int8", "amx_tile"})


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The CPU feature flags the kernel reports; empty where there is no /proc/cpuinfo."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    line = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
    return frozenset(line.partition(":")[2].split())


def extra_bufts(repack: Repack, flags: frozenset[str] | None = None) -> bool:
    """Whether llama.cpp may use its extra buffer types: "auto" says no on AMX CPUs."""
    if repack != "auto":
        return repack == "on"
    return not (AMX_FLAGS & (cpu_flags() if flags is None else flags))


def cpu_count() -> int:
    """CPUs this process may run on (container limits included), which llama.cpp should use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
