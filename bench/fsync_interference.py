#!/usr/bin/env python3
"""How other writes on the same file system stretch the log's fdatasync.

A "log" thread appends 512 KiB and fdatasyncs, every 4 ms, for DURATION seconds, while a "delivery" thread writes
64 MiB objects at RATE MiB/s in one of these ways:

  none              no other writes (the baseline)
  direct-new        O_DIRECT writes into new files, fsync per object (what Hydrant's delivery does)
  direct-alloc      O_DIRECT writes into three files truncated and written again in turn (frees and allocates blocks)
  direct-fallocate  the same, with the object's blocks reserved by posix_fallocate first
  direct-overwrite  O_DIRECT writes over files written before (no block allocation)
  buffered          buffered writes with an fdatasync after each, fsync per object

It prints the percentiles of the log's fdatasync, in milliseconds, and the object write rate reached.

    python3 bench/fsync_interference.py [DIR] [--duration 20] [--rate 140] [--chunk 1024] [--kinds none,direct-new]
                                        [--log append|prewritten]

--chunk is the size of one object write in KiB; --log prewritten has the log write over a file written before, as
Hydrant's recycled segments do.

DIR (default: a new directory under the current one) must be on the disk to measure; it is removed at the end.
"""
import argparse
import mmap
import os
import shutil
import tempfile
import threading
import time

OBJECT = 64 << 20
CHUNK = 1 << 20


def delivery(kind, directory, rate, stop, chunk=CHUNK, written=None):
    buffer = mmap.mmap(-1, chunk)  # page aligned, as O_DIRECT needs
    buffer.write(b"x" * chunk)
    sent, started, index = 0, time.monotonic(), 0
    while not stop.is_set():
        path = os.path.join(directory, "object.%d" % (index % 3))
        flags = os.O_CREAT | os.O_WRONLY
        if kind == "direct-new":
            path = os.path.join(directory, "new.%d" % index)
            flags |= os.O_DIRECT
        elif kind in ("direct-alloc", "direct-fallocate"):
            flags |= os.O_DIRECT | os.O_TRUNC
        elif kind == "direct-overwrite":
            flags |= os.O_DIRECT
        else:
            flags |= os.O_TRUNC
        fd = os.open(path, flags)
        try:
            if kind == "direct-fallocate":
                os.posix_fallocate(fd, 0, OBJECT)
            for _ in range(OBJECT // chunk):
                if stop.is_set():
                    break
                os.write(fd, buffer)
                if kind == "buffered":
                    os.fdatasync(fd)
                sent += chunk
                if written is not None:
                    written[0] = sent
                ahead = sent / (rate << 20) - (time.monotonic() - started)
                if ahead > 0:
                    time.sleep(ahead)
            os.fsync(fd)
        finally:
            os.close(fd)
        index += 1


def prewrite(path, size):
    zeros = b"\0" * CHUNK
    with open(path, "wb") as f:
        for _ in range(0, size, CHUNK):
            f.write(zeros)
        f.flush()
        os.fsync(f.fileno())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", nargs="?", default=".")
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--rate", type=int, default=140, help="MiB/s of object writes")
    parser.add_argument("--chunk", type=int, default=1024, help="KiB per object write")
    parser.add_argument("--kinds", default="none,direct-alloc,direct-fallocate,direct-overwrite,buffered")
    parser.add_argument("--log", choices=["append", "prewritten"], default="append",
                        help="append to a new file, or write over a file written (and synced) before")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="fsync-interference.", dir=args.dir)
    try:
        for i in range(3):  # the files direct-overwrite writes over
            with open(os.path.join(work, "object.%d" % i), "wb") as f:
                for _ in range(OBJECT // CHUNK):
                    f.write(b"\0" * CHUNK)
                f.flush()
                os.fsync(f.fileno())
        for kind in args.kinds.split(","):
            stop = threading.Event()
            written = [0]
            writer = None
            if kind != "none":
                writer = threading.Thread(target=delivery, args=(kind, work, args.rate, stop, args.chunk << 10, written), daemon=True)
                writer.start()
                time.sleep(1)
            group = os.urandom(512 << 10)
            log_path = os.path.join(work, "log")
            if args.log == "prewritten":
                prewrite(log_path, int(args.duration / 0.004 + 1) * len(group))
                log = os.open(log_path, os.O_WRONLY)
            else:
                log = os.open(log_path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC)
            latencies = []
            end = time.monotonic() + args.duration
            while time.monotonic() < end:
                os.write(log, group)
                t = time.perf_counter()
                os.fdatasync(log)
                latencies.append((time.perf_counter() - t) * 1000)
                time.sleep(0.004)
            os.close(log)
            stop.set()
            if writer:
                writer.join()
            object_rate = written[0] / (time.monotonic() - end + args.duration + 1) / (1 << 20)
            latencies.sort()
            n = len(latencies)
            print("%-17s %5d fdatasyncs: p50 %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f ms; objects %4.0f MiB/s" % (
                kind, n, latencies[n // 2], latencies[int(n * 0.9)], latencies[int(n * 0.99)], latencies[-1], object_rate), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
