#!/usr/bin/env python3
"""What the disk gives for durable writes, the two ways Hydrant writes: the log writes over blocks written before
(recycled segments) with an fdatasync per group; delivery writes new object files with O_DIRECT and an fsync each.

    python3 bench/disk.py [DIR]     # about a minute; DIR (default .) must be on the disk to measure

It prints MB/s for: a new 1 GiB file with an fdatasync per MiB; the same file written over (twice); and 16 new 64 MiB
objects written with O_DIRECT 1 MiB writes and an fsync each (with the average fsync).
"""
import mmap
import os
import sys
import tempfile
import time

MIB = 1 << 20


def synced_file(path, flags, label):
    data = os.urandom(MIB)
    fd = os.open(path, flags)
    start = time.monotonic()
    for _ in range(1024):
        os.write(fd, data)
        os.fdatasync(fd)
    elapsed = time.monotonic() - start
    os.close(fd)
    print("%-44s %5.0f MB/s" % (label, 1024 * MIB / elapsed / 1e6), flush=True)


def direct_objects(directory, count=16, size=64 * MIB):
    buffer = mmap.mmap(-1, MIB)  # page aligned, as O_DIRECT needs
    buffer.write(os.urandom(MIB))
    start, syncing = time.monotonic(), 0.0
    for index in range(count):
        fd = os.open(os.path.join(directory, "object.%d" % index), os.O_CREAT | os.O_WRONLY | os.O_DIRECT)
        for _ in range(size // MIB):
            os.write(fd, buffer)
        synced = time.monotonic()
        os.fsync(fd)
        syncing += time.monotonic() - synced
        os.close(fd)
    elapsed = time.monotonic() - start
    print("%-44s %5.0f MB/s (fsync %.0f ms each)" % ("new 64 MiB objects, O_DIRECT, fsync each", count * size / elapsed / 1e6,
                                                     syncing / count * 1000), flush=True)


def main():
    work = tempfile.mkdtemp(prefix="disk-bench.", dir=sys.argv[1] if len(sys.argv) > 1 else ".")
    try:
        log = os.path.join(work, "log")
        synced_file(log, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, "new file, fdatasync per MiB")
        synced_file(log, os.O_WRONLY, "written over, fdatasync per MiB")
        synced_file(log, os.O_WRONLY, "written over again, fdatasync per MiB")
        os.unlink(log)
        direct_objects(work)
    finally:
        for name in os.listdir(work):
            os.unlink(os.path.join(work, name))
        os.rmdir(work)


if __name__ == "__main__":
    main()
