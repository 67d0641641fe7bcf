#!/usr/bin/python3
"""Writes sysfs/procfs fixture trees as fuzz_probe_tree archives (MemoryTree.hpp).

  make_probe_seeds.py FIXTURE_DIR...        each FIXTURE_DIR holds sys/ and/or proc/
  make_probe_seeds.py --host                this machine's /proc host files (small subset)

The archive goes to stdout. Symlinks become "@@ PATH -> TARGET" entries.
"""
import os
import sys

HOST_FILES = ["stat", "meminfo", "loadavg", "pressure/cpu", "pressure/memory", "pressure/io",
              "self/stat"]


def entry(out, path, data):
    out.write(b"@@ " + path.encode() + b"\n" + data)
    if data and not data.endswith(b"\n"):
        out.write(b"\n")


def tree(out, root):
    for top in ("sys", "proc"):
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(dirnames + filenames):
                full = os.path.join(dirpath, name)
                rel = "/" + os.path.relpath(full, root)
                if os.path.islink(full):
                    out.write(b"@@ " + rel.encode() + b" -> " + os.readlink(full).encode() + b"\n")
                elif os.path.isfile(full):
                    with open(full, "rb") as f:
                        entry(out, rel, f.read())


def host(out):
    for rel in HOST_FILES:
        try:
            with open("/proc/" + rel, "rb") as f:
                entry(out, "/proc/" + rel, f.read())
        except OSError:
            pass
    tasks = sorted(os.listdir("/proc/self/task"))[:1]
    for t in tasks:
        for name in ("stat", "status", "schedstat"):
            with open(f"/proc/self/task/{t}/{name}", "rb") as f:
                entry(out, f"/proc/self/task/{t}/{name}", f.read())


def main():
    out = sys.stdout.buffer
    if sys.argv[1:] == ["--host"]:
        host(out)
    else:
        for d in sys.argv[1:]:
            tree(out, d)


if __name__ == "__main__":
    main()
