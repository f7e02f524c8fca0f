"""The peak resident memory of this process image, shared by the benchmarks.

Linux's ``ru_maxrss`` survives ``exec``: a child started by a parent that had grown large
reports the parent's peak. ``VmHWM`` in ``/proc/self/status`` belongs to this image alone.
"""

from __future__ import annotations

import resource


def peak_kib() -> int:
    """The peak RSS of this process image in KiB (``ru_maxrss`` where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
