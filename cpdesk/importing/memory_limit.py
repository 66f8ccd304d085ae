"""A ceiling on the memory of the current process (the reading worker sets it on itself).

Linux and macOS: ``RLIMIT_AS`` (address space; also ``RLIMIT_DATA``, which is what macOS
enforces). Windows: the process puts itself in a Job Object with a process memory limit
(a few lines of ctypes against kernel32; nested jobs work from Windows 8 on). Past the
ceiling an allocation fails: Python raises MemoryError, the Rust reader aborts the
process, and the parent reports the file as needing too much memory.
"""
from __future__ import annotations

import sys


def limit_own_memory(limit_bytes: int) -> bool:
    """Limit this process to about ``limit_bytes``; True when the platform took the limit."""
    if sys.platform == "win32":
        return _windows_job_limit(limit_bytes)
    return _rlimit(limit_bytes)


def _rlimit(limit_bytes: int) -> bool:
    import resource

    took = False
    for name in ("RLIMIT_AS", "RLIMIT_DATA"):
        kind = getattr(resource, name, None)
        if kind is None:
            continue
        try:
            _, hard = resource.getrlimit(kind)
            soft = limit_bytes if hard == resource.RLIM_INFINITY else min(limit_bytes, hard)
            resource.setrlimit(kind, (soft, hard))
            took = True
        except (ValueError, OSError):
            continue
    return took


def _windows_job_limit(limit_bytes: int) -> bool:  # pragma: no cover - exercised on Windows builds
    import ctypes
    from ctypes import wintypes

    class IO_COUNTERS(ctypes.Structure):
        _fields_ = [(n, ctypes.c_ulonglong) for n in (
            "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
            "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

    class BASIC_LIMIT(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                    ("SchedulingClass", wintypes.DWORD)]

    class EXTENDED_LIMIT(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BASIC_LIMIT), ("IoInfo", IO_COUNTERS),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

    JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x100
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
    JobObjectExtendedLimitInformation = 9

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    # Handles are pointer-sized: without argtypes ctypes passes a Python int as a 32-bit C int,
    # and the current-process pseudo-handle (all bits set) overflows it.
    kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD]
    kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return False
    info = EXTENDED_LIMIT()
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    info.ProcessMemoryLimit = limit_bytes
    if not kernel32.SetInformationJobObject(job, JobObjectExtendedLimitInformation,
                                            ctypes.byref(info), ctypes.sizeof(info)):
        return False
    # The job handle is deliberately kept open for the life of the process.
    return bool(kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()))
