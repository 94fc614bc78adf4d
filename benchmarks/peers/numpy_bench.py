#!/usr/bin/python3
"""numpy peer figures for docs/benchmarks.md, measured on the machine that runs the BenchmarkDotNet suite.

Run by hand (not part of build.ps1 or of any test):

    /usr/bin/python3 benchmarks/peers/numpy_bench.py                  # everything, ~3 minutes, ~2.5 GB of RAM
    /usr/bin/python3 benchmarks/peers/numpy_bench.py --sections io    # one section: rng, qr or io
    /usr/bin/python3 benchmarks/peers/numpy_bench.py --dir /some/disk # where the 400 MB files go (default: a temp dir)
    /usr/bin/python3 benchmarks/peers/numpy_bench.py --sections qr --blas-dir DIR --qr-threads 1
                                      # qr against the BLAS/LAPACK in DIR (e.g. OpenBLAS unpacked from its .deb) on 1 thread

Each row is timed like the BenchmarkDotNet short job: 2 warm-up runs, then the median of 7 (--repeat) with the
minimum beside it. Output is CSV on stdout: section,row,n,median_s,min_s,elements_per_s.

Sections:
  rng  np.random.default_rng(seed).random(n, dtype=float32) and standard_normal(n, dtype=float32), into a fresh
       array and into an existing one with out=; the same in float64.
  qr   np.linalg.qr of 1024x1024 and 2048x2048 float32 matrices (numpy computes in float64 and casts back). It runs
       in a child process whose environment lacks OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, so OpenBLAS picks its
       own kernel for this CPU; the BLAS library numpy loaded and, for OpenBLAS, its kernel (openblas_get_corename)
       are printed to stderr. --blas-dir puts a directory holding another libblas.so.3/liblapack.so.3 first on the
       child's LD_LIBRARY_PATH (Debian's libopenblas0-pthread unpacked with `apt-get download` + `dpkg -x`, so the
       system's BLAS alternative stays as it is); --qr-threads sets OPENBLAS_NUM_THREADS and OMP_NUM_THREADS there.
  io   np.save and np.load of a 1e8-element float32 array (400 MB) beside writing the same bytes with
       file.write and reading them with Path.read_bytes (neither flushes to disk; np.save does not either).
"""
import argparse
import ctypes
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

SEED = 1234


def timed(section, row, n, fn, repeat, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{section},{row},{n},{median:.6f},{min(times):.6f},{n / median:.4g}", flush=True)


def rng_section(repeat):
    for n in (10_000_000, 100_000_000):
        for dtype in (np.float32, np.float64):
            name = np.dtype(dtype).name
            out = np.empty(n, dtype=dtype)
            timed("rng", f"random {name} fresh", n, lambda: np.random.default_rng(SEED).random(n, dtype=dtype), repeat)
            timed("rng", f"random {name} out=", n, lambda: np.random.default_rng(SEED).random(n, dtype=dtype, out=out), repeat)
            timed("rng", f"standard_normal {name} fresh", n, lambda: np.random.default_rng(SEED).standard_normal(n, dtype=dtype), repeat)
            timed("rng", f"standard_normal {name} out=", n, lambda: np.random.default_rng(SEED).standard_normal(n, dtype=dtype, out=out), repeat)
            del out


def blas_library():
    """The BLAS shared library this process has mapped, symlinks resolved, and OpenBLAS's kernel name if it is one."""
    paths = set()
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            base = os.path.basename(path)
            if "blas" in base or "lapack" in base:
                paths.add(os.path.realpath(path))
    kernel = None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            corename = lib.openblas_get_corename
        except (OSError, AttributeError):
            continue
        corename.restype = ctypes.c_char_p
        config = getattr(lib, "openblas_get_config", None)
        if config is not None:
            config.restype = ctypes.c_char_p
        kernel = corename().decode() + (" (" + config().decode().strip() + ")" if config is not None else "")
        break
    return sorted(paths), kernel


def qr_section(repeat):
    rng = np.random.default_rng(SEED)
    for n in (1024, 2048):
        a = rng.standard_normal((n, n), dtype=np.float32)
        timed("qr", f"np.linalg.qr float32 {n}x{n}", n * n, lambda: np.linalg.qr(a), repeat)
    paths, kernel = blas_library()
    print("qr: BLAS/LAPACK libraries loaded: " + (", ".join(paths) or "none found in /proc/self/maps"), file=sys.stderr)
    print("qr: OpenBLAS kernel: " + (kernel or "not OpenBLAS (no openblas_get_corename)"), file=sys.stderr)
    print("qr: OPENBLAS_CORETYPE=" + str(os.environ.get("OPENBLAS_CORETYPE")) + ", OPENBLAS_L2_SIZE=" + str(os.environ.get("OPENBLAS_L2_SIZE"))
          + ", OPENBLAS_NUM_THREADS=" + str(os.environ.get("OPENBLAS_NUM_THREADS")), file=sys.stderr)


def io_section(repeat, directory):
    n = 100_000_000
    a = np.random.default_rng(SEED).random(n, dtype=np.float32)
    work = tempfile.mkdtemp(prefix="numpy-bench-", dir=directory)
    try:
        npy = os.path.join(work, "a.npy")
        raw = os.path.join(work, "a.bin")

        def write_raw():
            with open(raw, "wb") as f:
                f.write(memoryview(a).cast("B"))

        timed("io", "np.save 1e8 float32", n, lambda: np.save(npy, a), repeat)
        timed("io", "write raw 400 MB", n, write_raw, repeat)
        timed("io", "np.load 1e8 float32", n, lambda: np.load(npy), repeat)
        timed("io", "read raw 400 MB (Path.read_bytes)", n, lambda: pathlib.Path(raw).read_bytes(), repeat)
    finally:
        shutil.rmtree(work)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", default="rng,qr,io", help="comma-separated: rng, qr, io (default all)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per row (default 7)")
    parser.add_argument("--dir", default=None, help="directory for the io section's files (default: the temp dir)")
    parser.add_argument("--blas-dir", default=None, help="qr only: a directory with libblas.so.3/liblapack.so.3 to load first")
    parser.add_argument("--qr-threads", type=int, default=None, help="qr only: OPENBLAS_NUM_THREADS/OMP_NUM_THREADS for the child")
    parser.add_argument("--qr-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.qr_child:
        qr_section(args.repeat)
        return

    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    print(f"# numpy {np.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
    print("section,row,n,median_s,min_s,elements_per_s", flush=True)
    for section in sections:
        if section == "rng":
            rng_section(args.repeat)
        elif section == "qr":
            # The BLAS kernel is chosen when the library loads: unset the two overrides for the child process only.
            env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
            if args.blas_dir:
                env["LD_LIBRARY_PATH"] = os.pathsep.join(p for p in (os.path.abspath(args.blas_dir), env.get("LD_LIBRARY_PATH")) if p)
            if args.qr_threads:
                env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(args.qr_threads)
            subprocess.run([sys.executable, os.path.abspath(__file__), "--qr-child", "--repeat", str(args.repeat)], env=env, check=True)
        elif section == "io":
            io_section(args.repeat, args.dir)
        else:
            parser.error(f"unknown section {section!r}; use rng, qr or io")


if __name__ == "__main__":
    main()
