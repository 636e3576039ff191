#!/usr/bin/env python3
"""Fill a hash map of a running snoop until the kernel refuses an insert.

    fill_map.py PID MAP             fill it; prints how many keys went in
    fill_map.py PID MAP --remove N  take those N keys out again

Finds the map named MAP among the BPF maps process PID holds (its
/proc/PID/fdinfo gives each fd's map_id), and inserts keys from 4,194,304
(PID_MAX_LIMIT: no process can have those numbers) upward, zero-filled
values, until an insert fails with E2BIG (the map is full). Prints how many
it inserted. Exits 1 with a message on any other failure. --remove deletes
the same keys, for a test that must let snoop see the map as it really is
(an entry left in its table of traced processes would keep it waiting).

Through the bpf(2) syscall with ctypes, so no tool is needed and 65,536
inserts take a fraction of a second. Needs root (CAP_SYS_ADMIN).
"""
import ctypes
import errno
import os
import platform
import sys

BPF_MAP_UPDATE_ELEM = 2
BPF_MAP_DELETE_ELEM = 3
BPF_MAP_GET_FD_BY_ID = 14
BPF_OBJ_GET_INFO_BY_FD = 15
SYS_BPF = {"x86_64": 321, "aarch64": 280}[platform.machine()]
PID_MAX_LIMIT = 4 * 1024 * 1024

libc = ctypes.CDLL(None, use_errno=True)


def bpf(cmd, attr):
    rc = libc.syscall(SYS_BPF, cmd, ctypes.byref(attr), ctypes.sizeof(attr))
    if rc < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return rc


class IdAttr(ctypes.Structure):
    _fields_ = [("map_id", ctypes.c_uint32), ("next_id", ctypes.c_uint32), ("open_flags", ctypes.c_uint32)]


class InfoAttr(ctypes.Structure):
    _fields_ = [("bpf_fd", ctypes.c_uint32), ("info_len", ctypes.c_uint32), ("info", ctypes.c_uint64)]


class MapInfo(ctypes.Structure):
    _fields_ = [("type", ctypes.c_uint32), ("id", ctypes.c_uint32), ("key_size", ctypes.c_uint32),
                ("value_size", ctypes.c_uint32), ("max_entries", ctypes.c_uint32),
                ("map_flags", ctypes.c_uint32), ("name", ctypes.c_char * 16)]


class ElemAttr(ctypes.Structure):
    _fields_ = [("map_fd", ctypes.c_uint32), ("pad", ctypes.c_uint32), ("key", ctypes.c_uint64),
                ("value", ctypes.c_uint64), ("flags", ctypes.c_uint64)]


def map_ids(pid):
    d = "/proc/%d/fdinfo" % pid
    for fd in os.listdir(d):   # OSError when the process is gone: main says so
        try:
            with open(os.path.join(d, fd)) as f:
                for line in f:
                    if line.startswith("map_id:"):
                        yield int(line.split()[1])
        except OSError:
            continue


def open_map(pid, name):
    for map_id in map_ids(pid):
        fd = bpf(BPF_MAP_GET_FD_BY_ID, IdAttr(map_id, 0, 0))
        info = MapInfo()
        bpf(BPF_OBJ_GET_INFO_BY_FD, InfoAttr(fd, ctypes.sizeof(info), ctypes.addressof(info)))
        if info.name.decode() == name:
            return fd, info
        os.close(fd)
    sys.exit("fill_map: process %d holds no BPF map named %s" % (pid, name))


def elem_attr(fd, info):
    key = ctypes.create_string_buffer(info.key_size)
    value = ctypes.create_string_buffer(info.value_size)
    return key, value, ElemAttr(fd, 0, ctypes.addressof(key), ctypes.addressof(value), 0)


def set_key(key, info, n):
    ctypes.memmove(key, (PID_MAX_LIMIT + n).to_bytes(8, "little"), min(8, info.key_size))


def fill(fd, info):
    key, value, attr = elem_attr(fd, info)
    n = 0
    while True:
        set_key(key, info, n)
        try:
            bpf(BPF_MAP_UPDATE_ELEM, attr)
        except OSError as e:
            if e.errno == errno.E2BIG:
                return n
            raise
        n += 1


def remove(fd, info, count):
    key, value, attr = elem_attr(fd, info)
    attr.value = 0   # the kernel refuses a delete with fields past the key set
    for n in range(count):
        set_key(key, info, n)
        bpf(BPF_MAP_DELETE_ELEM, attr)


def main():
    args = sys.argv[1:]
    if len(args) not in (2, 4) or (len(args) == 4 and args[2] != "--remove"):
        sys.exit("usage: fill_map.py PID MAP [--remove N]")
    try:
        fd, info = open_map(int(args[0]), args[1])
        if len(args) == 4:
            remove(fd, info, int(args[3]))
        else:
            print(fill(fd, info))
    except OSError as e:
        sys.exit("fill_map: %s: %s" % (args[1], e.strerror))


if __name__ == "__main__":
    main()
