#!/usr/bin/env python3
"""Depot side by side with nginx, Verdaccio and docker-registry on one machine (see bench/README.md).

Starts every system on loopback, loads the same generated data into each, runs each scenario against each
system in alternation, and writes a Markdown report with the figures, the ratios Depot/peer and an SVG chart.
Standard library only; the load generator is wrk.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOKEN = "dpat-bench-token-00000000000000000000"
sys.path.insert(0, HERE)


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=30):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def tar_bytes(entries, mode="w"):
    """A tar archive (mode "w:gz" for a gzipped one) of (name, bytes) pairs, in memory."""
    import io
    import tarfile
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode=mode) as t:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return raw.getvalue()


def tree_pids(pid):
    """A process and all of its descendants (read from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def listening_sockets(port):
    """The inodes of the sockets listening on `port` (any address), from /proc/net/tcp and tcp6."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                        inodes.add(fields[9])
        except OSError:
            pass
    return inodes


def listens(pid, port):
    """Whether the process tree of `pid` holds the listening socket on `port`: a free port picked by this script can
    be taken by another program on a shared machine before the system under test binds it, and that program's
    answers must not pass for the system's."""
    inodes = listening_sockets(port)
    for p in tree_pids(pid):
        try:
            for fd in os.listdir(f"/proc/{p}/fd"):
                link = os.readlink(f"/proc/{p}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return True
        except OSError:
            pass
    return False


def tree_rss_kib(pid):
    """Resident memory of a process and all of its descendants, in KiB (read from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


# how long the servers are left without requests before their resident memory is read again
IDLE_SECONDS = 15
RESTARTS = 5  # Depot restarts on existing data; the start shown is their median


def jvm_pid(pid):
    """The java process under a launcher script (./depot execs java, so usually the same pid)."""
    try:
        with open(f"/proc/{pid}/comm") as f:
            if f.read().strip() == "java":
                return pid
    except OSError:
        pass
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as f:
                if entry.isdigit() and int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    return int(entry)
        except (OSError, IndexError, ValueError):
            pass
    return pid


def largest_mappings(pid, count=15):
    """The mappings of a process holding the most resident memory (from /proc/<pid>/smaps), for --keep's diagnostics."""
    rows, current = [], None
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                head = line.split()
                if "-" in head[0] and not head[0].endswith(":"):
                    current = [line.strip()[:100], 0, 0]
                    rows.append(current)
                elif head[0] == "Rss:":
                    current[1] = int(head[1])
                elif head[0] == "Anonymous:":
                    current[2] = int(head[1])
    except OSError:
        return "gone"
    rows.sort(key=lambda r: -r[1])
    small = sum(r[1] for r in rows[count:])
    return "\n".join(f"{r[1] // 1024:6d} MiB rss {r[2] // 1024:6d} MiB anon  {r[0]}" for r in rows[:count]) + \
        f"\n{small // 1024:6d} MiB in {len(rows) - count} smaller mappings"


def rss_parts(pid):
    """What a process's resident memory is made of: anonymous (heap, JIT code, native), file-backed (mapped files and
    the JVM's own), shared."""
    parts = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key = line.split(":")[0]
                if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                    parts[key] = int(line.split()[1]) // 1024
    except OSError:
        return "gone"
    return ", ".join(f"{k} {v} MiB" for k, v in parts.items())


def npm_document(name, version):
    """An npm publish: the package document with one version and its tarball attached."""
    import base64
    import gzip
    import hashlib
    import io
    import tarfile
    manifest = {"name": name, "version": version, "description": "a package with many versions",
                "main": "index.js", "license": "MIT", "scripts": {"test": "node test.js"},
                "dependencies": {"left-pad": "^1.3.0", "@bench/util": "^2.0.0"},
                "repository": {"type": "git", "url": "https://example.com/big.git"}}
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("package/package.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    tgz = gzip.compress(raw.getvalue(), mtime=0)
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()
    # as npm sends it; registries write their own URL into what they serve
    manifest["dist"] = {"integrity": integrity, "shasum": hashlib.sha1(tgz).hexdigest(),
                        "tarball": f"http://registry.invalid/{name}/-/{name.split('/')[-1]}-{version}.tgz"}
    return json.dumps({"_id": name, "name": name, "dist-tags": {"latest": version},
                       "versions": {version: manifest}, "readme": "# big\n",
                       "_attachments": {f"{name}-{version}.tgz": {"content_type": "application/octet-stream",
                                        "data": base64.b64encode(tgz).decode(), "length": len(tgz)}}}).encode()


class Pinning:
    """Optional CPU pinning: the load generator (wrk, curl, this script's clients) on the first half of the cores,
    the systems under test on the other half, the same way for Depot and its peers. Off unless asked for."""

    def __init__(self, enabled):
        cpus = sorted(os.sched_getaffinity(0))
        self.all = cpus
        self.load = self.servers = None
        if enabled and len(cpus) >= 2 and shutil.which("taskset"):
            half = len(cpus) // 2
            self.load, self.servers = cpus[:half], cpus[half:]

    @staticmethod
    def _wrap(cpus, cmd):
        return ["taskset", "-c", ",".join(map(str, cpus))] + list(cmd) if cpus else list(cmd)

    def server(self, cmd):
        return self._wrap(self.servers, cmd)

    def client(self, cmd):
        return self._wrap(self.load, cmd)

    def unpinned(self, cmd):
        """A command that brings its own processes (the cluster benchmark): every core, whatever this script has."""
        return self._wrap(self.all if self.load else None, cmd)

    def describe(self):
        if not self.load:
            return "not pinned (load generator and servers share every core)"
        return (f"load generator on core(s) {','.join(map(str, self.load))}, servers on core(s) "
                f"{','.join(map(str, self.servers))} (taskset)")


PIN = Pinning(False)


ASYNC_PROFILER = ("tools.profiler", "async-profiler", "4.1")


def async_profiler_library(maven_repo):
    """libasyncProfiler.so for this machine, read from async-profiler's jar on Maven Central (fetched into the local
    Maven repository with `mvnw dependency:get` when it is not there yet) and unpacked under bench/work/."""
    import platform
    import zipfile
    group, artifact, version = ASYNC_PROFILER
    arch = {"x86_64": "linux-x64", "amd64": "linux-x64", "aarch64": "linux-arm64"}.get(platform.machine().lower())
    if arch is None or platform.system() != "Linux":
        raise RuntimeError(f"async-profiler {version} has no library for {platform.system()} {platform.machine()}")
    jar = os.path.join(maven_repo, *group.split("."), artifact, version, f"{artifact}-{version}.jar")
    if not os.path.exists(jar):
        log(f"fetching {group}:{artifact}:{version} from Maven Central")
        subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "dependency:get",
                        f"-Dartifact={group}:{artifact}:{version}", f"-Dmaven.repo.local={maven_repo}"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    lib = os.path.join(HERE, "work", f"async-profiler-{version}", arch, "libasyncProfiler.so")
    if not os.path.exists(lib):
        with zipfile.ZipFile(jar) as z:
            z.extract(f"{arch}/libasyncProfiler.so", os.path.dirname(os.path.dirname(lib)))
    return lib


class Profiler:
    """async-profiler attached to a running JVM with `jcmd <pid> JVMTI.agent_load` (the JVM needs no flag for it).
    CPU samples are taken only between resume() and pause(), so a scenario that alternates Depot with a peer profiles
    Depot's own rounds; finish() writes the flame graph (HTML) and a text summary of the hottest frames."""

    def __init__(self, lib, pid, scratch, html, title, written=None, interval="1ms", event="cpu"):
        self.lib, self.pid, self.scratch, self.interval, self.event = lib, pid, scratch, interval, event
        self.html, self.title, self.written = html, title, written
        self.started = self.running = self.failed = False

    def _send(self, command):
        # a loaded machine can keep the JVM from answering the attach request in jcmd's default 10 s: wait longer, retry
        for attempt in range(3):
            out = subprocess.run(["jcmd", "-J-Dsun.tools.attach.attachTimeout=30000", str(self.pid), "JVMTI.agent_load",
                                  self.lib, f'"{command}"'], capture_output=True, text=True)
            if out.returncode == 0 and "return code: 0" in out.stdout:
                return
            log(f"async-profiler '{command}' failed (attempt {attempt + 1}): {out.stdout.strip()[:300]}")
        # a profile is not worth the run: go on without it
        log(f"PROFILE LOST: {self.html} is not written (jcmd could not attach to {self.pid})")
        self.failed = True

    def resume(self):
        if not self.running and not self.failed:
            self._send(f"{'resume' if self.started else 'start'},event={self.event},interval={self.interval}")
            self.started = self.running = not self.failed

    def pause(self):
        if self.running and not self.failed:
            # stop keeps the samples for a later resume; the report written here is thrown away
            self._send(f"stop,collapsed,file={os.path.join(self.scratch, 'paused.collapsed')}")
            self.running = False

    def finish(self):
        """Writes the flame graph (HTML) and the hottest frames to the .txt beside it; returns the summary."""
        if not self.started or self.failed:
            return None
        html, title = self.html, self.title
        self.resume()
        collapsed = os.path.join(self.scratch, os.path.basename(html)[:-len(".html")] + ".collapsed")
        self._send(f"dump,collapsed,ann,file={collapsed}")
        # frames under 0.05 % of the samples are left out: the page stays small and nothing readable is lost
        self._send(f"stop,flamegraph,minwidth=0.05,title={title.replace(',', ' ')},file={html}")
        self.running = False
        if self.failed:
            return None
        summary = summarise_collapsed(collapsed, title)
        with open(html[:-len(".html")] + ".txt", "w") as f:
            f.write(summary)
        if self.written:
            self.written(html, summary)
        return summary


def _frame(name):
    """A collapsed-stack frame made readable: no annotation suffix (_[j], _[i], _[k], …), lambdas and generated
    accessors by their class, the SQLite JDBC driver's unpacked library by name, kernel frames marked."""
    kernel = name.endswith("_[k]")
    name = re.sub(r"_\[[a-z0-9]\]$", "", name)
    name = re.sub(r"\$\$Lambda\$\d+\.0x[0-9a-f]+", "$$Lambda", name)
    name = re.sub(r"^/.*sqlite[^/]*jdbc\.so$", "libsqlitejdbc.so (SQLite)", name)
    name = re.sub(r"^/.*/(lib[^/]+\.so[.0-9]*)$", r"\1", name)
    return name + " [kernel]" if kernel else name


def _java(frame):
    return re.search(r"_\[[ji0-9]\]$", frame) is not None  # JIT-compiled, inlined, interpreted or C1 Java frames


def _kind(frames):
    """What a sampled stack was doing: compiling, collecting garbage, or running code (Java, native, kernel)."""
    joined = ";".join(frames[:12])
    if "CompileBroker::" in joined:
        return "JIT compiler"
    if any(k in joined for k in ("VMThread::", "GCTaskThread", "GenCollectedHeap", "SerialHeap", "G1", "ConcurrentGC")):
        return "GC and VM operations"
    leaf = frames[-1]
    if leaf.endswith("_[k]"):
        return "kernel"
    if _java(leaf):
        return "Java"
    return "native (JVM runtime, libc, SQLite)"


# Inclusive time of parts of the stack that recur across scenarios: a sample counts for each part it passes through.
COMPONENTS = (
    ("database: JDBI and SQLite", ("org/jdbi/", "org/sqlite/")),
    ("  SQLite: preparing statements", ("org/sqlite/core/NativeDB.prepare",)),
    ("  SQLite: executing (step)", ("org/sqlite/core/NativeDB.step",)),
    ("  JDBI: mapping rows by reflection", ("org/jdbi/v3/core/mapper/reflect/",)),
    ("  connection pool: borrowing and returning", ("HikariPool.getConnection", "ProxyConnection.close")),
    ("socket writes", ("sun/nio/ch/SocketChannelImpl.write", "sun/nio/ch/SocketDispatcher.write")),
    ("socket reads", ("sun/nio/ch/SocketChannelImpl.read", "sun/nio/ch/SocketDispatcher.read")),
    ("file reads and writes (not the log)", ("sun/nio/ch/FileChannelImpl.read", "sun/nio/ch/FileChannelImpl.write",
                                             "sun/nio/ch/FileChannelImpl.transfer", "java/io/FileInputStream",
                                             "java/io/RandomAccessFile")),
    ("fsync", ("FileDispatcherImpl.force", "FileChannelImpl.force")),
    ("handing work between threads (park, unpark)", ("jdk/internal/misc/Unsafe.park",
                                                      "jdk/internal/misc/Unsafe.unpark")),
    ("hashing (MessageDigest)", ("java/security/MessageDigest", "sun/security/provider/")),
    ("access log and metrics", ("depot/server/ops/Operations.log", "ch/qos/logback/", "io/micrometer/")),
    ("JSON", ("com/fasterxml/jackson/", "tools/jackson/")),
    ("templates (jte)", ("gg/jte/",)),
    ("multipart parsing", ("MultiPart", "multipart")),
    ("zip and gzip", ("java/util/zip/",)),
)


def summarise_collapsed(path, title, top=15):
    """The hottest frames of a collapsed-stack profile (written with `ann`): by self time (the frame on top of the
    stack), by self time charged to the nearest Java method (the kernel and native code it called count as its own),
    and by total time for Depot's own methods; and a split by kind (Java, kernel, native, JIT compiler, GC)."""
    self_time, java_self, depot_total, kinds, total = {}, {}, {}, {}, 0
    parts = {name: 0 for name, _ in COMPONENTS}
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not count.isdigit():
                continue
            n = int(count)
            frames = stack.split(";")
            total += n
            leaf = _frame(frames[-1])
            self_time[leaf] = self_time.get(leaf, 0) + n
            kind = _kind(frames)
            kinds[kind] = kinds.get(kind, 0) + n
            if kind in ("Java", "kernel", "native (JVM runtime, libc, SQLite)"):
                java = next((_frame(fr) for fr in reversed(frames) if _java(fr)), None)
                if java:
                    java_self[java] = java_self.get(java, 0) + n
            for frame in {_frame(fr) for fr in frames if fr.startswith("depot/") and "$$Lambda" not in fr}:
                depot_total[frame] = depot_total.get(frame, 0) + n
            for name, needles in COMPONENTS:
                if any(needle in fr for fr in frames for needle in needles):
                    parts[name] += n
    if not total:
        return f"{title}: no samples\n"

    def table(counts):
        rows = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
        return [f"  {100 * n / total:5.1f} %  {name}" for name, n in rows if n / total >= 0.0005]

    event = "wall" if title.endswith(", wall)") else "cpu"
    lines = [f"{title}: {total:,} {event.upper() if event == 'cpu' else event + '-clock'} samples (async-profiler "
             f"{ASYNC_PROFILER[2]}, event={event}, all threads)", "",
             "By kind: " + ", ".join(f"{k} {100 * v / total:.0f} %" for k, v in sorted(kinds.items(),
                                                                                      key=lambda kv: -kv[1])), "",
             "By part of the stack (a sample counts for every part it passes through):"]
    lines += [f"  {100 * n / total:5.1f} %  {name}" for name, n in parts.items() if n / total >= 0.005]
    lines += ["", f"Top {top} frames by self time:"] + table(self_time)
    lines += ["", f"Top {top} Java methods by self time, with the native and kernel code they call:"] + table(java_self)
    lines += ["", f"Top {top} Depot methods by total time (the method and everything it calls):"] + table(depot_total)
    return "\n".join(lines) + "\n"


class PortTaken(Exception):
    pass


def start_server(make):
    """Makes a Server (on a free port) and starts it; makes it again on another port when the port was taken."""
    for attempt in range(3):
        server = make()
        try:
            return server.start()
        except PortTaken as e:
            log(f"{e}; trying another port")
    raise RuntimeError("no free port held for three attempts")


class Server:
    """A system under test: a process tree, the URL that answers 200 once it is ready, and its start time."""

    def __init__(self, name, version, cmd, ready_url, env=None, cwd=None, logfile=None):
        self.name, self.version, self.cmd, self.ready_url = name, version, cmd, ready_url
        self.env = dict(os.environ, **(env or {}))
        self.cwd, self.logfile = cwd, logfile
        self.proc = None
        self.start_seconds = None
        self.first_start_seconds = None  # with empty data, where that differs from a restart
        self.restart_seconds = None  # each restart's, where start_seconds is their median
        self.rss_start = None

    def start(self):
        out = open(self.logfile, "w") if self.logfile else subprocess.DEVNULL
        t0 = time.monotonic()
        self.proc = subprocess.Popen(PIN.server(self.cmd), env=self.env, cwd=self.cwd, stdout=out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = t0 + 120
        port = int(self.ready_url.split("//")[1].split("/")[0].rsplit(":", 1)[1])
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if listening_sockets(port):
                    raise PortTaken(f"{self.name} exited early: port {port} was taken by another program")
                raise RuntimeError(f"{self.name} exited early; see {self.logfile}")
            try:
                status, _ = http("GET", self.ready_url, timeout=2)
                if status == 200 and not listens(self.proc.pid, port):
                    self.stop()
                    raise PortTaken(f"another program answers on port {port}, picked for {self.name}")
                if status == 200:
                    self.start_seconds = time.monotonic() - t0
                    time.sleep(0.5)
                    self.rss_start = tree_rss_kib(self.proc.pid)
                    log(f"{self.name} ready in {self.start_seconds:.2f}s, RSS {self.rss_start / 1024:.0f} MiB")
                    return self
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.02)
        raise RuntimeError(f"{self.name} did not become ready")

    def rss(self):
        return tree_rss_kib(self.proc.pid)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


# wrk's script for publish_many: thread t of THREADS, each with one connection and a Lua state of its own, publishes
# pkg-t, pkg-t+THREADS, … and, once each of its publishes was answered, writes its counts to DONE-t and stops (a
# request wrk asks for after that, before the thread stops, is a cheap GET). wrk itself runs until its duration is
# over or it is interrupted: publish_many interrupts it when every thread is done.
PUBLISH_LUA = """
local made = 0
function setup(thread)
  thread:set("first", made)
  made = made + 1
end
function init(args)
  answered, refused = 0, 0
  share = math.floor((COUNT - 1 - first) / THREADS) + 1
  headers = {["Private-Token"] = "TOKEN"}
end
function request()
  if answered >= share then return wrk.format("GET", "/-/health") end
  -- the next package is the one after the last answered: a request lost with its connection is sent again
  local n = first + THREADS * answered
  return wrk.format("PUT", "/api/v4/projects/PROJECT/packages/generic/PREFIX" .. n .. "/1.0.0/f.txt", headers, "x")
end
function response(status, headers, body)
  if answered >= share then return end
  answered = answered + 1
  if status ~= 201 then refused = refused + 1 end
  if answered >= share then
    local f = io.open("DONE-" .. first, "w")
    f:write(answered .. " " .. refused)
    f:close()
    wrk.thread:stop()
  end
end
"""

WRK_LINE = re.compile(r"^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$")


def wrk(url, seconds, connections, headers=(), script=None):
    """Runs wrk once; returns requests/s, MiB/s, p50 and p99 in milliseconds."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(PIN.client(cmd + [url]), capture_output=True, text=True, check=True).stdout
    result = {"rps": 0.0, "mibps": 0.0, "p50": None, "p99": None, "errors": 0}
    for line in out.splitlines():
        m = WRK_LINE.match(line)
        if m:
            value = float(m.group(2)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(3)]
            result["p" + m.group(1)] = value
        elif line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif line.startswith("Transfer/sec:"):
            v = line.split()[1]
            unit = re.sub(r"[\d.]", "", v)
            result["mibps"] = float(re.sub(r"[A-Za-z]", "", v)) * {"B": 1 / 1048576, "KB": 1 / 1024, "MB": 1,
                                                                      "GB": 1024}.get(unit, 1)
        elif "Non-2xx" in line or "Socket errors" in line:
            result["errors"] += sum(int(n) for n in re.findall(r"\d+", line))
    return result


def jit_compiles(pid):
    """How much the JVM `pid` has compiled so far: (methods, seconds spent compiling), read by jstat from the JVM's
    perf data (no attach); None when that cannot be read."""
    try:
        out = subprocess.run(["jstat", "-compiler", str(pid)], capture_output=True, text=True, timeout=20).stdout
        fields = out.splitlines()[-1].split()
        return int(fields[0]), float(fields[3])
    except (OSError, subprocess.SubprocessError, IndexError, ValueError):
        return None


def jit_busy(before, now, seconds):
    """Whether the JIT was still at work between two jit_compiles readings `seconds` apart: 10 methods or more a
    second, or its compilers busy a tenth of the time or more. The count alone missed C2's long compilations of the
    request path (a few methods a second, each taking a compiler thread for 100 ms or more), which held a 1 MiB
    download at ~0.5 ms of CPU per request for 15 s where it settles at ~0.33."""
    if before is None or now is None or seconds <= 0:
        return False
    return (now[0] - before[0]) / seconds >= 10 or (now[1] - before[1]) / seconds >= 0.1


def median_runs(runs):
    return {k: statistics.median([r[k] for r in runs if r[k] is not None]) if any(r[k] is not None for r in runs)
            else None for k in runs[0]}


def profile_name(scenario, system):
    """bench/profiles/<this>-<label>.html: the scenario up to its first comma, and the system's qualifier if any."""
    name = scenario.split(",")[0] + (" " + system.split("(", 1)[1] if "(" in system else "")
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("×", "x")).strip("-")


class NoProfiler:
    def resume(self):
        pass

    def pause(self):
        pass

    def finish(self):
        return None


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        # rounds alternate the systems (A B, then B A, …) so that a slow drift of the machine weighs on both alike;
        # each system and scenario first gets a warm-up that is not measured (the JVM compiles its hot paths then)
        self.seconds = args.seconds or (1 if self.quick else 2)
        self.rounds = args.rounds or (1 if self.quick else 5)
        self.measure_rounds = min(self.rounds, 3)  # Depot alone (no ratio): fewer rounds
        self.warm = args.warmup if args.warmup is not None else (0 if self.quick else 5)
        # --quick is a smoke check of the harness (CI runs it): no warm-up, no waiting for the JIT
        self.warm_max = 0 if self.quick else 30
        # uploads: one client's uploads keep the JIT busy longer. Sending Conan files by hand, its compilers were
        # still busy 10-45 % of the time after 15,000 files (the 30 s cap of the last full runs), and settled near
        # 20,000 (under 5 %)
        self.warm_max_uploads = 0 if self.quick else 75
        self.work = tempfile.mkdtemp(prefix="depot-bench-")
        os.chmod(self.work, 0o755)  # nginx workers run as an unprivileged user
        self.servers = {}
        self.results = []  # (scenario, system, metrics)
        self.growth = []  # {"series", "n", metrics…}
        self.list_projects = {}  # package count -> project id holding pkg-0 … pkg-(count-1)
        self.notes = []
        self.group = None  # the group of scenarios running now (for --profile)
        self.profiles = {}  # profile file name -> summary text
        self.started = time.monotonic()
        self.timings = {}  # group -> seconds
        self.pinning = PIN.describe()
        self.load = [os.getloadavg()[0]]  # the 1-minute load average at the start and after each group

    def profiler(self, scenario, system="depot"):
        """A Profiler on Depot's JVM for this scenario when --profile names the running group, else one that does
        nothing. Profiles go to bench/profiles/<scenario>-<label>.html (and .txt)."""
        wanted = self.args.profile or ()
        if self.group not in wanted and not any(profile_name(scenario, system).startswith(w) for w in wanted):
            return NoProfiler()
        if not hasattr(self, "profiler_lib"):
            self.profiler_lib = async_profiler_library(self.args.maven_repo)
        out_dir = os.path.join(HERE, "profiles")
        os.makedirs(out_dir, exist_ok=True)
        event = self.args.profile_event
        name = f"{profile_name(scenario, system)}-{self.args.profile_label}" + ("" if event == "cpu" else f"-{event}")
        title = f"{scenario} / {system} ({self.args.profile_label}, {self.commit()}, {event})"

        def written(html, summary):
            self.profiles[name] = summary
            log(f"profile written: {os.path.relpath(html, ROOT)}\n" + "\n".join(summary.splitlines()[:14]))

        return Profiler(self.profiler_lib, self.servers["depot"].proc.pid, self.work,
                        os.path.join(out_dir, name + ".html"), title, written, event=event)

    # ---------------------------------------------------------------- systems
    def depot(self, fresh=True):
        port = free_port()
        data = os.path.join(self.work, "depot-data")
        if fresh:
            shutil.rmtree(data, ignore_errors=True)  # fresh data, also when a start is tried again on another port
        env = {"DEPOT_PORT": str(port), "DEPOT_DATA_DIR": data, "DEPOT_INITIAL_ROOT_TOKEN": TOKEN,
               "DEPOT_INITIAL_ROOT_PASSWORD": "bench-password-1", "DEPOT_EXTERNAL_URL": f"http://127.0.0.1:{port}",
               # the upstream scenario's Verdaccio runs on loopback, where a group's upstream may not reach by default
               "DEPOT_UPSTREAM_LOCAL_NETWORK": "true"}
        s = Server("depot", self.depot_version(), [os.path.join(ROOT, "depot"), "serve"],
                   f"http://127.0.0.1:{port}/-/health", env=env, cwd=ROOT,
                   logfile=os.path.join(self.work, "depot.log"))
        s.base = f"http://127.0.0.1:{port}"
        return s

    def warm_up(self):
        """Starts and stops Depot once when the launcher has no class-data archive yet, as a first start makes one:
        the figures then show every start after the first."""
        jsa = os.path.join(ROOT, "depot-server", "target", "depot.jsa")
        jar = os.path.join(ROOT, "depot-server", "target", "depot.jar")
        if not os.path.exists(jsa) or os.path.getmtime(jsa) < os.path.getmtime(jar):
            log("first start of this jar: recording its class-data archive")
            start_server(self.depot).stop()
            shutil.rmtree(os.path.join(self.work, "depot-data"), ignore_errors=True)

    def commit(self):
        """The last commit that changed Depot (anything outside bench/): a commit of the harness alone runs the same
        server."""
        return subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h", "--", ".", ":(exclude)bench"],
                              capture_output=True, text=True).stdout.strip()

    def depot_version(self):
        return f"0.1.0 ({self.commit()})"

    def nginx(self, docroot):
        port = free_port()
        conf_dir = os.path.join(self.work, "nginx")
        os.makedirs(os.path.join(conf_dir, "logs"), exist_ok=True)
        conf = os.path.join(conf_dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""daemon off;
worker_processes auto;
pid {conf_dir}/nginx.pid;
error_log {conf_dir}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path {conf_dir}/body;
  proxy_temp_path {conf_dir}/proxy;
  fastcgi_temp_path {conf_dir}/fastcgi;
  uwsgi_temp_path {conf_dir}/uwsgi;
  scgi_temp_path {conf_dir}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {docroot};
  }}
}}
""")
        version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
        s = Server("nginx", version, ["nginx", "-c", conf, "-p", conf_dir], f"http://127.0.0.1:{port}/ready.txt",
                   logfile=os.path.join(self.work, "nginx.log"))
        s.base = f"http://127.0.0.1:{port}"
        return s

    def registry(self):
        port = free_port()
        d = os.path.join(self.work, "registry")
        os.makedirs(d, exist_ok=True)
        conf = os.path.join(d, "config.yml")
        with open(conf, "w") as f:
            f.write(f"version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {d}/data\n"
                    f"http:\n  addr: 127.0.0.1:{port}\n")
        version = subprocess.run(["docker-registry", "--version"], capture_output=True, text=True).stdout.split()[-1]
        s = Server("docker-registry", version, ["docker-registry", "serve", conf],
                   f"http://127.0.0.1:{port}/v2/", logfile=os.path.join(self.work, "registry.log"))
        s.base = f"http://127.0.0.1:{port}"
        return s

    def conan_server(self):
        """The reference Conan server (Conan 1.66's conan_server, revisions on), in the venv bench/run makes."""
        exe = os.path.join(HERE, "peers", "conan", "venv", "bin", "conan_server")
        port = free_port()
        home = os.path.join(self.work, "conan_server")
        os.makedirs(home, exist_ok=True)
        with open(os.path.join(home, "server.conf"), "w") as f:
            f.write(f"[server]\njwt_secret: bench-jwt-secret\njwt_expire_minutes: 120\nssl_enabled: False\n"
                    f"port: {port}\npublic_port:\nhost_name: 127.0.0.1\nauthorize_timeout: 1800\n"
                    f"disk_storage_path: {home}/data\ndisk_authorize_timeout: 1800\nupdown_secret: bench-updown\n\n"
                    "[write_permissions]\n*/*@*/*: demo\n\n[read_permissions]\n*/*@*/*: *\n\n[users]\ndemo: demo\n")
        version = subprocess.run([os.path.join(HERE, "peers", "conan", "venv", "bin", "python"), "-c",
                                  "import conans; print(conans.__version__)"], capture_output=True, text=True).stdout.strip()
        s = Server("conan_server", version, [exe, "--server_dir", home], f"http://127.0.0.1:{port}/v1/ping",
                   logfile=os.path.join(self.work, "conan_server.log"))
        s.base = f"http://127.0.0.1:{port}"
        return s

    def verdaccio(self):
        port = free_port()
        d = os.path.join(self.work, "verdaccio")
        os.makedirs(d, exist_ok=True)
        conf = os.path.join(d, "config.yaml")
        with open(conf, "w") as f:
            f.write(f"storage: {d}/storage\nauth:\n  htpasswd:\n    file: {d}/htpasswd\n    max_users: -1\n"
                    "uplinks: {}\npackages:\n  '**':\n    access: $all\n    publish: $all\n"
                    "log: { type: stdout, format: pretty, level: warn }\n")
        home = os.path.join(HERE, "peers", "verdaccio")
        with open(os.path.join(home, "node_modules", "verdaccio", "package.json")) as f:
            version = json.load(f)["version"]
        s = Server("verdaccio", version, [os.path.join(home, "node_modules", ".bin", "verdaccio"), "--config", conf,
                                          "--listen", f"127.0.0.1:{port}"],
                   f"http://127.0.0.1:{port}/-/ping", logfile=os.path.join(self.work, "verdaccio.log"))
        s.base = f"http://127.0.0.1:{port}"
        return s

    # ---------------------------------------------------------------- data
    def api(self, method, path, body=None, raw=None, auth=True):
        headers = {"Private-Token": TOKEN} if auth else {}
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        status, out = http(method, self.servers["depot"].base + path, data, headers)
        if status >= 300:
            raise RuntimeError(f"{method} {path} -> {status} {out[:200]!r}")
        return json.loads(out) if out and out[:1] in (b"{", b"[") else out

    def load_files(self, docroot):
        os.makedirs(docroot, exist_ok=True)
        files = {"1m.bin": os.urandom(1 << 20), "1k.bin": os.urandom(1024), "ready.txt": b"ok\n"}
        for name, data in files.items():
            with open(os.path.join(docroot, name), "wb") as f:
                f.write(data)
        group = self.api("POST", "/api/v4/groups", {"name": "bench", "path": "bench", "visibility": "public"})
        project = self.api("POST", "/api/v4/projects", {"name": "files", "namespace_id": group["id"],
                                                        "visibility": "public"})
        self.project = project["id"]
        for name in ("1m.bin", "1k.bin"):
            self.api("PUT", self.generic(name), raw=files[name])
        return files

    def send_parallel(self, requests, threads=4, ok=(201,)):
        """Sends (method, path, body, headers) requests to Depot over `threads` keep-alive connections; fails unless
        every answer is in `ok` (a 201 by default)."""
        import http.client
        import threading
        host, port = self.servers["depot"].base.split("//")[1].split(":")
        errors = []

        def worker(first):
            conn = http.client.HTTPConnection(host, int(port), timeout=60)
            for method, path, body, headers in requests[first::threads]:
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                if r.status not in ok:
                    errors.append(r.status)
            conn.close()

        pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        if errors:
            raise RuntimeError(f"{len(errors)} of {len(requests)} requests failed, e.g. {errors[:5]}")

    def publish_parallel(self, label, uploads):
        """Sends (method, path, fields, file_field, file_name, data, headers) as multipart/form-data uploads in
        parallel; records publishes/s under `label`."""
        import uuid
        requests = []
        for method, path, fields, file_field, file_name, data, headers in uploads:
            boundary = uuid.uuid4().hex
            body = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                            .encode() for k, v in fields.items())
            body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; "
                     f"filename=\"{file_name}\"\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
            requests.append((method, path, body,
                             {**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}))
        self.send_timed(label, requests)

    def send_timed(self, label, requests, ok=(201,)):
        """Sends (method, path, body, headers) requests in parallel; records publishes/s under `label`."""
        profiler = self.profiler(label)
        profiler.resume()
        t0 = time.monotonic()
        self.send_parallel(requests, ok=ok)
        seconds = time.monotonic() - t0
        profiler.finish()
        self.record(label, "depot", {"rps": len(requests) / seconds}, "publishes/s")
        log(f"{label}: {len(requests)} in {seconds:.1f}s")

    def generic(self, name):
        return f"/api/v4/projects/{self.project}/packages/generic/files/1.0.0/{name}"

    # ---------------------------------------------------------------- scenarios
    def record(self, scenario, system, metrics, unit, better="higher", rounds=None):
        self.results.append({"scenario": scenario, "system": system, "metrics": metrics, "unit": unit,
                             "better": better, "rounds": rounds or []})

    def alternate(self, scenario, targets, connections=16, script=None, rounds=None):
        """Runs wrk against each (system, url, headers) in turn, `rounds` times (the run's rounds unless given),
        after a warm-up of each; the order flips every round (A B, B A, …). Records the medians and every round's
        figures, from which the report takes the per-round ratio Depot / peer (round i of one over round i of the
        other)."""
        runs = {name: [] for name, _, _ in targets}
        for name, url, headers in targets:
            self.warm_up_target(name, url, connections, headers, script)
        profiled = next((name for name, _, _ in targets if name.startswith("depot")), None)
        profiler = self.profiler(scenario, profiled) if profiled else NoProfiler()
        for i in range(rounds or self.rounds):
            for name, url, headers in (targets if i % 2 == 0 else targets[::-1]):
                # an idle Depot takes no CPU samples while a peer runs: pause only for another Depot target
                if name == profiled:
                    profiler.resume()
                elif name.startswith("depot"):
                    profiler.pause()
                runs[name].append(wrk(url, self.seconds, connections, headers, script))
        profiler.finish()
        for name, _, _ in targets:
            m = median_runs(runs[name])
            self.record(scenario, name, m, "req/s", rounds=runs[name])
            log(f"{scenario} / {name}: {m['rps']:.0f} req/s, {m['mibps']:.1f} MiB/s, p50 {m['p50']:.2f} ms, "
                f"p99 {m['p99']:.2f} ms, errors {m['errors']}, rounds "
                + " ".join(f"{r['rps']:.0f}" for r in runs[name]))

    def warm_up_uploads(self, send_batch):
        """More unmeasured uploads while Depot's JIT still compiles (`jit_busy`), up to `warm_max_uploads`
        seconds, as `warm_up_target` does for wrk's load: `send_batch(step)` uploads a batch of new files."""
        pid = self.servers["depot"].proc.pid
        before, spent, step = jit_compiles(pid), 0.0, 0
        while before is not None and spent < self.warm_max_uploads:
            t0 = time.monotonic()
            send_batch(step)
            seconds = time.monotonic() - t0
            spent, step = spent + seconds, step + 1
            now = jit_compiles(pid)
            if not jit_busy(before, now, seconds):
                break
            before = now
        if step > 1:
            log(f"warm-up of uploads: {spent:.0f} s more while the JIT compiled")

    def warm_up_target(self, name, url, connections, headers=(), script=None):
        """Unmeasured load before a system's rounds. Depot's JVM compiles its hot paths during the first seconds of
        load, for longer on a busy machine: after `warm` seconds the load goes on in one-second steps while the JIT
        still compiles (`jit_busy`, read with jstat), up to `warm_max` seconds more. Verdaccio's V8
        gets `warm` seconds; native and Python peers, which compile nothing, two."""
        if self.warm <= 0:
            return
        if not name.startswith("depot"):
            wrk(url, self.warm if name == "verdaccio" else min(self.warm, 2), connections, headers, script)
            return
        wrk(url, self.warm, connections, headers, script)
        pid = self.servers["depot"].proc.pid
        before, extra = jit_compiles(pid), 0
        while before is not None and extra < self.warm_max:
            wrk(url, 1, connections, headers, script)
            extra += 1
            now = jit_compiles(pid)
            if not jit_busy(before, now, 1):
                break
            before = now
        if extra > 1:
            log(f"warm-up of {url.split('/', 3)[-1][:60]}: {extra} s more while the JIT compiled")

    def measure(self, scenario, url, headers=(), connections=8, warm=True, rounds=None, record=True):
        """One system, one URL: an optional warm-up, then the median of `rounds` wrk runs, recorded and logged."""
        if warm:
            self.warm_up_target("depot", url, connections, headers)
        profiler = self.profiler(scenario) if record else NoProfiler()
        profiler.resume()
        runs = [wrk(url, self.seconds, connections, headers) for _ in range(rounds or self.measure_rounds)]
        profiler.finish()
        m = median_runs(runs)
        if record:
            self.record(scenario, "depot", m, "req/s", rounds=runs)
        log(f"{scenario}: {m['rps']:.0f} req/s, p50 {m['p50']:.2f} ms, p99 {m['p99']:.2f} ms, errors {m['errors']}"
            + (", p99 by round " + " ".join(f"{r['p99']:.1f}" for r in runs) if len(runs) > 1 else ""))
        return m

    def downloads(self):
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        for name, label in (("1m.bin", "1 MiB download"), ("1k.bin", "1 KiB download")):
            # nginx's 1 MiB rounds are bimodal on two shared cores (near 3,500 or near 5,500 req/s, by where its two
            # workers and wrk's two threads land), so the ratio's median needs more rounds there (bench/README.md)
            rounds = None if self.quick or name != "1m.bin" else max(self.rounds, 2 * self.rounds - 1)
            self.alternate(label, [("depot", depot.base + self.generic(name), ()),
                                   ("nginx", f"{nginx.base}/{name}", ())], rounds=rounds)

    def auth_vs_anonymous(self):
        depot = self.servers["depot"]
        url = depot.base + self.generic("1k.bin")
        self.alternate("1 KiB reads, token vs anonymous",
                       [("depot (token)", url, (f"Private-Token: {TOKEN}",)), ("depot (anonymous)", url, ())])

    def upload(self):
        size = (256 if self.quick else 1024) << 20
        src = os.path.join(self.work, "upload.bin")
        with open(src, "wb") as f:
            block = os.urandom(1 << 20)
            for _ in range(size >> 20):
                f.write(block)
        depot_runs, dd_runs = [], []
        profiler = self.profiler(f"{size >> 20} MiB upload")
        for _ in range(self.rounds):
            t0 = time.monotonic()
            subprocess.run(PIN.server(["dd", f"if={src}", f"of={os.path.join(self.work, 'dd.out')}", "bs=1M",
                                       "conv=fsync"]), check=True, capture_output=True)
            dd_runs.append(time.monotonic() - t0)
            profiler.resume()
            t0 = time.monotonic()
            url = self.servers["depot"].base + self.generic(f"upload-{time.time_ns()}.bin")
            out = subprocess.run(PIN.client(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                                             f"Private-Token: {TOKEN}", "-T", src, url]),
                                 capture_output=True, text=True, check=True).stdout
            depot_runs.append(time.monotonic() - t0)
            profiler.pause()
            if out != "201":
                raise RuntimeError(f"upload answered {out}")
            log(f"upload {size >> 20} MiB: depot {depot_runs[-1]:.2f}s, dd {dd_runs[-1]:.2f}s")
            os.remove(os.path.join(self.work, "dd.out"))
        profiler.finish()
        for system, runs in (("depot", depot_runs), ("dd", dd_runs)):
            seconds = statistics.median(runs)
            self.record(f"{size >> 20} MiB upload", system, {"mibps": (size >> 20) / seconds, "seconds": seconds},
                        "MiB/s", rounds=[{"mibps": (size >> 20) / r, "seconds": r} for r in runs])
        os.remove(src)

    def package_list(self):
        count = 5000 if self.quick else 100_000
        project = self.api("POST", "/api/v4/projects", {"name": "many", "namespace_id": self.api(
            "GET", "/api/v4/groups/bench")["id"], "visibility": "public"})["id"]
        # unmeasured publishes into a project of their own while the JIT compiles, as before every other scenario
        warm = self.api("POST", "/api/v4/projects", {"name": "warm", "namespace_id": self.api(
            "GET", "/api/v4/groups/bench")["id"]})["id"]
        self.warm_up_uploads(lambda step: self.publish_many(warm, 2000, prefix=f"w{step}-"))
        profiler = self.profiler("generic publish (small files)")
        profiler.resume()
        t0 = time.monotonic()
        base = self.servers["depot"].base
        self.publish_many(project, count)
        seconds = time.monotonic() - t0
        profiler.finish()
        stored = count  # publish_many checked that every publish answered 201
        self.record("generic publish (small files)", "depot", {"rps": stored / seconds}, "publishes/s")
        log(f"published {stored} packages in {seconds:.1f}s ({stored / seconds:.0f}/s)")
        self.notes.append(f"The package-list scenario runs against a project holding {stored:,} packages.")
        self.list_projects[count] = project  # the growth curves reuse it
        url = f"{base}/api/v4/projects/{project}/packages"
        self.warm_up_target("depot", url + "?per_page=20", 4, (f"Private-Token: {TOKEN}",))
        for label, query in (("first page", "?per_page=20"),
                             ("ordered by name, page 50", "?per_page=20&order_by=name&page=50"),
                             ("filtered by name", f"?package_name=pkg-{count // 4}")):
            self.measure(f"package list of {stored:,} packages: {label}", url + query, (f"Private-Token: {TOKEN}",),
                         connections=4, warm=False)
        # the same list as people see it: the web UI's page, rendered by a template (public project, anonymous)
        ui = f"{base}/bench/many/-/packages"
        status, _ = http("GET", ui)
        if status != 200:
            raise RuntimeError(f"the web UI list answered {status}")
        for label, query in (("first page", ""), ("ordered by name, page 50", "?order_by=name&sort=asc&page=50")):
            self.measure(f"web UI list of {stored:,} packages: {label}", ui + query, connections=4, warm=False)

    def publish_many(self, project, count, connections=4, prefix="pkg-"):
        """Publishes `count` one-byte generic packages, pkg-0 … pkg-<count - 1>, with wrk over `connections` keep-alive
        connections (the Python client this replaced took a sixth of a core of the two the server had), and fails
        unless every publish answered 201."""
        script = os.path.join(self.work, "publish.lua")
        done = os.path.join(self.work, "publish-done")
        shutil.rmtree(done, ignore_errors=True)
        os.makedirs(done)
        with open(script, "w") as f:
            f.write(PUBLISH_LUA.replace("PROJECT", str(project)).replace("COUNT", str(count))
                    .replace("TOKEN", TOKEN).replace("THREADS", str(connections)).replace("PREFIX", prefix)
                    .replace('"DONE-"', json.dumps(os.path.join(done, "DONE-"))))
        cmd = ["wrk", f"-t{connections}", f"-c{connections}", "-d3600s", "-s", script, self.servers["depot"].base]
        wrk_proc = subprocess.Popen(PIN.client(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            while len(os.listdir(done)) < connections and wrk_proc.poll() is None:
                time.sleep(0.02)
        finally:
            wrk_proc.send_signal(signal.SIGINT)
            out = wrk_proc.communicate(timeout=60)[0]
        counts = [tuple(map(int, open(os.path.join(done, name)).read().split())) for name in os.listdir(done)]
        published, refused = sum(c[0] for c in counts), sum(c[1] for c in counts)
        if published != count or refused:
            raise RuntimeError(f"wrk published {published} of {count} packages, {refused} refused: {out[-600:]}")

    def maven_group_resolve(self):
        """A Maven resolve through a group endpoint across many projects: metadata and a jar from the last one."""
        count = 10 if self.quick else 50
        group = self.api("POST", "/api/v4/groups", {"name": "jvm", "path": "jvm", "visibility": "private"})["id"]
        jar = os.urandom(64 * 1024)
        for i in range(count):
            project = self.api("POST", "/api/v4/projects", {"name": f"svc{i}", "namespace_id": group})["id"]
            for version in ("1.0.0", "1.1.0"):
                base = f"/api/v4/projects/{project}/packages/maven/com/jvm/svc{i}/{version}/svc{i}-{version}"
                self.api("PUT", base + ".pom", raw=f"<project><artifactId>svc{i}</artifactId></project>".encode())
                self.api("PUT", base + ".jar", raw=jar)
        last = count - 1
        base = self.servers["depot"].base + "/api/v4/groups/jvm/-/packages/maven/com/jvm"
        headers = (f"Private-Token: {TOKEN}",)
        for label, url in ((f"Maven group metadata ({count} projects)", f"{base}/svc{last}/maven-metadata.xml"),
                           (f"Maven group jar ({count} projects)", f"{base}/svc{last}/1.1.0/svc{last}-1.1.0.jar")):
            self.measure(label, url, headers)

    def npm_packument(self):
        """Packument reads of one package with many versions, Depot beside Verdaccio (both anonymous reads)."""
        import http.client as httpclient
        count = 200 if self.quick else 2000
        name = "@js/big"  # the scope of the project's root group: npm scopes belong to the root namespace of that path
        group = self.api("POST", "/api/v4/groups", {"name": "js", "path": "js", "visibility": "public"})["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "big", "namespace_id": group,
                                                         "visibility": "public"})["id"]

        def publish(base, path, headers):
            host, port = base.split("//")[1].split(":")
            conn = httpclient.HTTPConnection(host, int(port), timeout=60)
            t0 = time.monotonic()
            for i in range(count):
                conn.request("PUT", path, body=npm_document(name, f"1.{i // 100}.{i % 100}"),
                             headers={"Content-Type": "application/json", **headers})
                r = conn.getresponse()
                r.read()
                if r.status not in (200, 201):
                    raise RuntimeError(f"npm publish to {base} answered {r.status}")
            conn.close()
            return time.monotonic() - t0

        depot, verdaccio = self.servers["depot"], self.servers["verdaccio"]
        depot_path = f"/api/v4/projects/{project}/packages/npm/@js%2fbig"
        profiler = self.profiler(f"npm publish, {count} versions of one package")
        profiler.resume()
        seconds = {"depot": publish(depot.base, depot_path, {"Authorization": f"Bearer {TOKEN}"})}
        profiler.finish()
        seconds["verdaccio"] = publish(verdaccio.base, "/@js%2fbig", {})
        for system, s in seconds.items():
            self.record(f"npm publish, {count} versions of one package", system, {"rps": count / s}, "publishes/s")
            log(f"npm publish of {count} versions to {system}: {s:.1f}s ({count / s:.0f}/s)")
        for label, accept in (("full", "application/json"), ("abbreviated", "application/vnd.npm.install-v1+json")):
            self.alternate(f"npm packument of {count} versions ({label})",
                           [("depot", depot.base + depot_path, (f"Accept: {accept}",)),
                            ("verdaccio", verdaccio.base + "/@js%2fbig", (f"Accept: {accept}",))], connections=8)

    def npm_upstream(self):
        """A tree of packages that lives only in Verdaccio, resolved as npm does (each abbreviated packument, then its
        tarball, 8 at a time): from Verdaccio itself, and through a Depot group whose upstream it is, cold (every
        document and file fetched from Verdaccio and kept) and warm (all from Depot's cache)."""
        import http.client as httpclient
        from concurrent.futures import ThreadPoolExecutor
        count = 20 if self.quick else 200
        depot, verdaccio = self.servers["depot"], self.servers["verdaccio"]
        names = [f"up-tree-{i}" for i in range(count)]
        for name in names:
            status, out = http("PUT", f"{verdaccio.base}/{name}", npm_document(name, "1.0.0"),
                               {"Content-Type": "application/json"})
            if status not in (200, 201):
                raise RuntimeError(f"publish of {name} to Verdaccio answered {status}: {out[:200]!r}")
        group = self.api("POST", "/api/v4/groups", {"name": "up", "path": "up", "visibility": "public"})["id"]
        self.api("POST", f"/api/v4/groups/{group}/-/upstreams", {"package_type": "npm", "url": verdaccio.base})
        accept = {"Accept": "application/vnd.npm.install-v1+json"}

        def resolve(registry, token=None):
            # Depot reads through an upstream only for callers with a credential (it is no open proxy)
            headers = dict(accept, **({"Authorization": f"Bearer {token}"} if token else {}))
            local = threading.local()

            def one(name):
                host, port = registry.split("//")[1].split("/")[0].split(":")
                if not hasattr(local, "conn"):
                    local.conn = httpclient.HTTPConnection(host, int(port), timeout=60)
                conn = local.conn
                conn.request("GET", registry.split(port, 1)[1] + "/" + name, headers=headers)
                r = conn.getresponse()
                doc = r.read()
                if r.status != 200:
                    raise RuntimeError(f"{registry} packument of {name}: {r.status} {doc[:200]!r}")
                tarball = json.loads(doc)["versions"]["1.0.0"]["dist"]["tarball"]
                conn.request("GET", tarball.split(port, 1)[1], headers=headers)
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    raise RuntimeError(f"{tarball}: {r.status}")

            t0 = time.monotonic()
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(one, names))
            return time.monotonic() - t0

        direct = resolve(verdaccio.base)
        cold_label = f"npm tree of {count} packages through a group, cold"
        profiler = self.profiler(cold_label)
        profiler.resume()
        cold = resolve(depot.base + "/api/v4/groups/up/-/packages/npm", TOKEN)
        profiler.finish()
        warm = [resolve(depot.base + "/api/v4/groups/up/-/packages/npm", TOKEN) for _ in range(3)]
        direct_again = [resolve(verdaccio.base) for _ in range(3)]
        for label, seconds in ((cold_label, {"depot": cold,
                                                                                      "verdaccio": direct}),
                               (f"npm tree of {count} packages through a group, warm",
                                {"depot": statistics.median(warm), "verdaccio": statistics.median(direct_again)})):
            for system, sec in seconds.items():
                self.record(label, system, {"rps": count / sec}, "packages/s")
                log(f"{label}: {system} {sec:.2f}s ({count / sec:.0f} packages/s)")

    def pypi_simple(self):
        """Simple-index reads of a project with many packages and versions; nginx serves a static copy beside it."""
        import hashlib
        import io
        import zipfile
        names, versions = (50, 5) if self.quick else (500, 20)
        group = self.api("GET", "/api/v4/groups/bench")["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "py", "namespace_id": group,
                                                         "visibility": "public"})["id"]

        def wheel(name, version):
            raw = io.BytesIO()
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(f"{name}/__init__.py", "def hi():\n    return 1\n")
                z.writestr(f"{name}-{version}.dist-info/METADATA",
                           f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: bench\n"
                           "Requires-Python: >=3.8\n")
            return raw.getvalue()

        requests = []
        for n in range(names):
            for v in range(versions):
                name, version = f"pkg{n}", f"1.{v}.0"
                data = wheel(name, version)
                fields = {":action": "file_upload", "name": name, "version": version,
                          "sha256_digest": hashlib.sha256(data).hexdigest()}
                requests.append(("POST", f"/api/v4/projects/{project}/packages/pypi", fields, "content",
                                 f"{name}-{version}-py3-none-any.whl", data, {"Private-Token": TOKEN}))
        self.publish_parallel("PyPI upload (small wheels)", requests)
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        page = f"/api/v4/projects/{project}/packages/pypi/simple/pkg{names // 2}/"
        status, html = http("GET", depot.base + page)
        os.makedirs(os.path.join(self.docroot, "simple"), exist_ok=True)
        with open(os.path.join(self.docroot, "simple", "pkg.html"), "wb") as f:
            f.write(html)
        label = f"{names} packages × {versions} versions"
        self.alternate(f"PyPI simple page, HTML ({label})",
                       [("depot", depot.base + page, ()), ("nginx (static copy)", f"{nginx.base}/simple/pkg.html", ())],
                       connections=8)
        json_accept = ("Accept: application/vnd.pypi.simple.v1+json",)
        for scenario, url, headers in ((f"PyPI simple page, JSON ({label})", depot.base + page, json_accept),
                                       (f"PyPI simple index of {names} names", depot.base
                                        + f"/api/v4/projects/{project}/packages/pypi/simple/", ())):
            self.measure(scenario, url, headers)

    def nuget_feed(self):
        """NuGet pushes (multipart PUT of small .nupkg files), then registration, flat-container, search and .nupkg
        reads of the feed; nginx serves a static copy of the registration index beside it (no NuGet server runs here)."""
        import io
        import zipfile
        ids, versions = (10, 5) if self.quick else (100, 20)
        group = self.api("GET", "/api/v4/groups/bench")["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "dotnet", "namespace_id": group,
                                                         "visibility": "public"})["id"]
        feed = f"/api/v4/projects/{project}/packages/nuget"

        def nupkg(pid, version):
            raw = io.BytesIO()
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(f"{pid}.nuspec", f'<?xml version="1.0"?><package><metadata><id>{pid}</id>'
                           f"<version>{version}</version><authors>bench</authors><description>bench package"
                           f"</description><tags>bench</tags><dependencies><group targetFramework=\"net8.0\">"
                           f'<dependency id="Bench.Base" version="1.0.0"/></group></dependencies></metadata></package>')
                z.writestr(f"lib/net8.0/{pid}.txt", "x" * 4096)
            return raw.getvalue()

        requests = [("PUT", feed + "/", {}, "package", "package.nupkg", nupkg(f"Bench.Pkg{n}", f"1.{v}.0"),
                     {"X-NuGet-ApiKey": TOKEN}) for n in range(ids) for v in range(versions)]
        self.publish_parallel("NuGet push (small packages)", requests)
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        pid = f"bench.pkg{ids // 2}"
        registration = f"{feed}/metadata/{pid}/index.json"
        status, doc = http("GET", depot.base + registration)
        os.makedirs(os.path.join(self.docroot, "nuget"), exist_ok=True)
        with open(os.path.join(self.docroot, "nuget", "index.json"), "wb") as f:
            f.write(doc)
        self.alternate(f"NuGet registration index ({versions} versions, feed of {ids} ids)",
                       [("depot", depot.base + registration, ()),
                        ("nginx (static copy)", f"{nginx.base}/nuget/index.json", ())], connections=8)
        self.measure(f"NuGet flat-container versions ({versions})", depot.base + f"{feed}/download/{pid}/index.json")
        self.measure(f"NuGet search, take 20 (feed of {ids} ids)", depot.base + f"{feed}/query?q=bench&take=20")
        self.measure("NuGet .nupkg download", depot.base + f"{feed}/download/{pid}/1.0.0/{pid}.1.0.0.nupkg")

    def rubygems_index(self):
        """gem pushes (the raw .gem bodies gem push sends), then the reads bundler makes of the compact index:
        info/NAME and versions; nginx serves static copies of both beside them (no RubyGems server runs here)."""
        import gzip
        import io
        import tarfile
        names, versions = (20, 5) if self.quick else (200, 10)
        group = self.api("GET", "/api/v4/groups/bench")["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "gems", "namespace_id": group,
                                                         "visibility": "public"})["id"]
        mount = f"/api/v4/projects/{project}/packages/rubygems"

        def tar(entries):
            return tar_bytes(entries.items())

        def gem(name, version):
            spec = (f"--- !ruby/object:Gem::Specification\nname: {name}\nversion: !ruby/object:Gem::Version\n"
                    f"  version: {version}\nplatform: ruby\nauthors:\n- bench\ndependencies:\n"
                    "- !ruby/object:Gem::Dependency\n  name: gem0\n  requirement: !ruby/object:Gem::Requirement\n"
                    "    requirements:\n    - - \">=\"\n      - !ruby/object:Gem::Version\n        version: '1.0'\n"
                    "  type: :runtime\n  prerelease: false\nsummary: bench\n")
            return tar({"metadata.gz": gzip.compress(spec.encode()),
                        "data.tar.gz": gzip.compress(tar({"lib/x.rb": b"x" * 4096}))})

        requests = [("POST", mount + "/api/v1/gems", gem(f"gem{n}", f"1.{v}.0"),
                     {"Authorization": TOKEN, "Content-Type": "application/octet-stream"})
                    for n in range(names) for v in range(versions)]
        self.send_timed("RubyGems push (small gems)", requests, ok=(200,))
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        os.makedirs(os.path.join(self.docroot, "rubygems"), exist_ok=True)
        label = f"{names} gems × {versions} versions"
        for doc, scenario in ((f"/info/gem{names // 2}", f"RubyGems info/NAME ({versions} versions)"),
                              ("/versions", f"RubyGems versions ({label})")):
            status, body = http("GET", depot.base + mount + doc)
            static = doc.strip("/").replace("/", "-")
            with open(os.path.join(self.docroot, "rubygems", static), "wb") as f:
                f.write(body)
            self.alternate(scenario, [("depot", depot.base + mount + doc, ()),
                                      ("nginx (static copy)", f"{nginx.base}/rubygems/{static}", ())], connections=8)

    def cargo_index(self):
        """cargo publishes (the length-prefixed metadata + .crate body), then the reads cargo makes of the sparse
        index: one crate's index file and config.json; nginx serves a static copy of the index file beside them."""
        import gzip
        import io
        import json
        import struct
        import tarfile
        crates, versions = (20, 5) if self.quick else (200, 10)
        group = self.api("GET", "/api/v4/groups/bench")["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "rust", "namespace_id": group,
                                                         "visibility": "public"})["id"]
        mount = f"/api/v4/projects/{project}/packages/cargo"

        def body(name, version):
            raw = io.BytesIO()
            with tarfile.open(fileobj=raw, mode="w") as t:
                for path, data in ((f"{name}-{version}/Cargo.toml",
                                    f'[package]\nname = "{name}"\nversion = "{version}"\n'.encode()),
                                   (f"{name}-{version}/src/lib.rs", b"pub fn f() {}\n" * 200)):
                    info = tarfile.TarInfo(path)
                    info.size = len(data)
                    t.addfile(info, io.BytesIO(data))
            crate = gzip.compress(raw.getvalue())
            meta = json.dumps({"name": name, "vers": version, "features": {"std": []}, "deps": [
                {"name": "crate0", "version_req": "^1", "features": [], "optional": False, "default_features": True,
                 "target": None, "kind": "normal"}]}).encode()
            return struct.pack("<I", len(meta)) + meta + struct.pack("<I", len(crate)) + crate

        requests = [("PUT", mount + "/api/v1/crates/new", body(f"crate{n}", f"1.{v}.0"),
                     {"Authorization": TOKEN, "Content-Type": "application/octet-stream"})
                    for n in range(crates) for v in range(versions)]
        self.send_timed("cargo publish (small crates)", requests, ok=(200,))
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        name = f"crate{crates // 2}"
        path = f"/index/{name[:2]}/{name[2:4]}/{name}"
        status, doc = http("GET", depot.base + mount + path)
        os.makedirs(os.path.join(self.docroot, "cargo"), exist_ok=True)
        with open(os.path.join(self.docroot, "cargo", name), "wb") as f:
            f.write(doc)
        self.alternate(f"cargo index file ({versions} versions)",
                       [("depot", depot.base + mount + path, ()),
                        ("nginx (static copy)", f"{nginx.base}/cargo/{name}", ())], connections=8)
        self.measure("cargo config.json", depot.base + mount + "/index/config.json")

    def go_proxy(self):
        """Module zip uploads, then the reads the go command makes of a module proxy: @v/list, a version's .info and
        its .zip; nginx serves a static copy of the same files (a module proxy is a file tree) beside them. (Athens,
        the proxy the issue names, is not served by the module proxy reachable here.)"""
        import io
        import urllib.parse
        import zipfile
        modules, versions = (10, 5) if self.quick else (100, 10)
        group = self.api("GET", "/api/v4/groups/bench")["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "gomods", "namespace_id": group,
                                                         "visibility": "public"})["id"]
        mount = f"/api/v4/projects/{project}/packages/go"

        def module_zip(module, version):
            raw = io.BytesIO()
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(f"{module}@{version}/go.mod", f"module {module}\n\ngo 1.21\n")
                z.writestr(f"{module}@{version}/lib.go", "package lib\n\n" + "// filler\n" * 400)
            return raw.getvalue()

        requests = []
        for n in range(modules):
            module = f"bench.test/mod{n}"
            for v in range(versions):
                query = urllib.parse.urlencode({"module": module, "version": f"v1.{v}.0"})
                requests.append(("PUT", f"{mount}/upload?{query}", module_zip(module, f"v1.{v}.0"),
                                 {"Authorization": TOKEN, "Content-Type": "application/zip"}))
        self.send_timed("go module upload (small zips)", requests, ok=(201,))
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        module = f"bench.test/mod{modules // 2}"
        latest = f"v1.{versions - 1}.0"
        for doc, label in ((f"/{module}/@v/list", f"go @v/list ({versions} versions)"),
                           (f"/{module}/@v/{latest}.info", "go .info"),
                           (f"/{module}/@v/{latest}.zip", "go .zip (module zip, ~5 KiB)")):
            status, body = http("GET", depot.base + mount + doc)
            static = os.path.join(self.docroot, "goproxy", doc.strip("/"))
            os.makedirs(os.path.dirname(static), exist_ok=True)
            with open(static, "wb") as f:
                f.write(body)
            self.alternate(label, [("depot", depot.base + mount + doc, ()),
                                   ("nginx (static copy)", f"{nginx.base}/goproxy{doc}", ())], connections=8)

    def debian_repo(self):
        """.deb uploads, then the reads apt makes of a repository: the Release, a Packages index and a .deb from the
        pool; beside aptly (Debian's aptly, `aptly serve`) publishing the same .debs, and nginx serving a static copy
        of aptly's published tree (what reprepro or apt-ftparchive would also leave: a file tree)."""
        import io
        import shutil
        if not shutil.which("aptly"):
            self.notes.append("The Debian scenario was skipped: aptly is not installed (bench/run installs it).")
            return
        names, versions = (10, 3) if self.quick else (100, 5)
        group = self.api("GET", "/api/v4/groups/bench")["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "debs", "namespace_id": group,
                                                         "visibility": "public"})["id"]
        mount = f"/api/v4/projects/{project}/packages/debian"

        def tar_gz(files):
            return tar_bytes(files, "w:gz")

        def deb(name, version):
            control = (f"Package: {name}\nVersion: {version}\nArchitecture: amd64\nMaintainer: Bench <b@bench.test>\n"
                       f"Depends: libc6 (>= 2.34)\nSection: utils\nPriority: optional\n"
                       f"Description: benchmark package {name}\n a package of the benchmark.\n").encode()
            members = [(b"debian-binary", b"2.0\n"), (b"control.tar.gz", tar_gz([("./control", control)])),
                       (b"data.tar.gz", tar_gz([(f"./usr/share/{name}/data", b"filler\n" * 500)]))]
            out = io.BytesIO()
            out.write(b"!<arch>\n")
            for member, data in members:
                out.write(member.ljust(16) + b"0".ljust(12) + b"0".ljust(6) + b"0".ljust(6) + b"100644".ljust(8)
                          + str(len(data)).encode().ljust(10) + b"`\n" + data + (b"\n" if len(data) % 2 else b""))
            return out.getvalue()

        pool = os.path.join(self.work, "debs")
        os.makedirs(pool, exist_ok=True)
        requests = []
        for n in range(names):
            for v in range(versions):
                name, version = f"bench-pkg{n}", f"1.{v}-1"
                body = deb(name, version)
                file = f"{name}_{version}_amd64.deb"
                with open(os.path.join(pool, file), "wb") as f:
                    f.write(body)
                requests.append(("PUT", f"{mount}/{file}?distribution=stable&component=main", body,
                                 {"Authorization": TOKEN, "Content-Type": "application/vnd.debian.binary-package"}))
        self.send_timed("debian upload (small .debs)", requests, ok=(201,))

        # aptly: a local repository of the same files, published without signing, served by aptly itself
        root = os.path.join(self.work, "aptly")
        conf = os.path.join(self.work, "aptly.conf")
        with open(conf, "w") as f:
            f.write('{"rootDir": "%s", "architectures": ["amd64"]}' % root)
        aptly = ["aptly", "-config=" + conf]
        for step in (["repo", "create", "-distribution=stable", "-component=main", "bench"], ["repo", "add", "bench", pool],
                     ["publish", "repo", "-skip-signing", "-architectures=amd64", "bench"]):
            subprocess.run(aptly + step, check=True, capture_output=True)
        version = subprocess.run(["aptly", "version"], capture_output=True, text=True).stdout.split()[-1]
        port = free_port()
        peer = start_server(lambda: Server("aptly", version, aptly + ["serve", f"-listen=127.0.0.1:{port}"],
                                           f"http://127.0.0.1:{port}/dists/stable/Release",
                                           logfile=os.path.join(self.work, "aptly.log")))
        peer.base = f"http://127.0.0.1:{port}"
        self.servers[peer.name] = peer
        shutil.copytree(os.path.join(root, "public"), os.path.join(self.docroot, "apt"), dirs_exist_ok=True)
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        name = f"bench-pkg{names // 2}"
        pool_file = f"pool/main/b/{name}/{name}_1.0-1_amd64.deb"
        for label, mine, theirs in (("debian Release", "/dists/stable/Release", "/dists/stable/Release"),
                                    (f"debian Packages ({names * versions} packages)",
                                     "/dists/stable/main/binary-amd64/Packages", "/dists/stable/main/binary-amd64/Packages"),
                                    ("debian .deb download (~1 KiB)", f"/pool/stable/main/b/{name}/{name}_1.0-1_amd64.deb",
                                     "/" + pool_file)):
            self.alternate(label, [("depot", depot.base + mount + mine, ()), ("aptly", peer.base + theirs, ()),
                                   ("nginx (static copy)", f"{nginx.base}/apt{theirs}", ())], connections=8)
        peer.stop()
        del self.servers[peer.name]

    def rpm_repo(self):
        """RPM uploads, then the reads dnf makes of a repository: repomd.xml, primary.xml.gz and an .rpm; beside
        nginx serving a static copy that createrepo_c indexed (no RPM repository server is packaged here)."""
        import gzip
        if not (shutil.which("rpmbuild") and shutil.which("createrepo_c")):
            self.notes.append("The RPM scenario was skipped: rpmbuild or createrepo_c is missing (bench/run installs them).")
            return
        count = 20 if self.quick else 200
        # one spec, one rpmbuild: a main package and count - 1 subpackages, each with a file of its own
        top = os.path.join(self.work, "rpmbuild")
        spec = ["%global debug_package %{nil}", "Name: bench-rpm0", "Version: 1.0", "Release: 1", "BuildArch: noarch",
                "Summary: benchmark package", "License: MIT", "AutoReqProv: no", "%description", "A benchmark package."]
        for n in range(1, count):
            spec += [f"%package -n bench-rpm{n}", "Summary: benchmark package", "Requires: bench-rpm0",
                     f"%description -n bench-rpm{n}", "A benchmark package."]
        spec += ["%install"] + [f"mkdir -p %{{buildroot}}/usr/share/bench-rpm{n} && "
                                f"head -c 1024 /dev/zero > %{{buildroot}}/usr/share/bench-rpm{n}/data" for n in range(count)]
        spec += ["%files", "/usr/share/bench-rpm0/data"]
        for n in range(1, count):
            spec += [f"%files -n bench-rpm{n}", f"/usr/share/bench-rpm{n}/data"]
        os.makedirs(top, exist_ok=True)
        with open(os.path.join(top, "bench.spec"), "w") as f:
            f.write("\n".join(spec) + "\n")
        subprocess.run(["rpmbuild", "-bb", "--quiet", "--define", f"_topdir {top}", os.path.join(top, "bench.spec")],
                       check=True, capture_output=True)
        built = os.path.join(top, "RPMS", "noarch")
        group = self.api("GET", "/api/v4/groups/bench")["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "rpms", "namespace_id": group,
                                                         "visibility": "public"})["id"]
        mount = f"/api/v4/projects/{project}/packages/rpm"
        requests = []
        for file in sorted(os.listdir(built)):
            with open(os.path.join(built, file), "rb") as f:
                requests.append(("PUT", f"{mount}/{file}", f.read(), {"Authorization": TOKEN}))
        self.send_timed("rpm upload (small RPMs)", requests, ok=(201,))
        static = os.path.join(self.docroot, "rpm")
        shutil.copytree(built, static, dirs_exist_ok=True)
        subprocess.run(["createrepo_c", "--quiet", "--general-compress-type=gz", static], check=True, capture_output=True)
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        with urllib.request.urlopen(depot.base + mount + "/repodata/repomd.xml") as r:
            mine = re.search(r'href="(repodata/[0-9a-f]+-primary.xml.gz)"', r.read().decode()).group(1)
        with open(os.path.join(static, "repodata", "repomd.xml")) as f:
            theirs = re.search(r'href="(repodata/[0-9a-f]+-primary.xml.gz)"', f.read()).group(1)
        with urllib.request.urlopen(depot.base + mount + "/" + mine) as r:
            if gzip.decompress(r.read()).count(b"<package ") != count:
                raise RuntimeError("Depot's primary.xml does not list every RPM")
        rpm = f"bench-rpm{count // 2}-1.0-1.noarch.rpm"
        for label, path_mine, path_theirs in (("rpm repomd.xml", "/repodata/repomd.xml", "/repodata/repomd.xml"),
                                              (f"rpm primary.xml.gz ({count} packages)", "/" + mine, "/" + theirs),
                                              ("rpm .rpm download (~7 KiB)", "/Packages/" + rpm, "/" + rpm)):
            self.alternate(label, [("depot", depot.base + mount + path_mine, ()),
                                   ("nginx (static copy)", f"{nginx.base}/rpm{path_theirs}", ())], connections=8)

    def conan_remote(self):
        """Conan v2 uploads (recipe and binary revisions, file by file as the client sends them) to Depot and to the
        reference conan_server, then the reads `conan install` makes: latest revision, file list, package search and
        the 64 KiB conan_package.tgz, anonymously from both."""
        import base64
        import hashlib
        from http import client as httpclient
        import io
        import tarfile
        exe = os.path.join(HERE, "peers", "conan", "venv", "bin", "conan_server")
        if not os.path.exists(exe):
            self.notes.append("The Conan scenario was skipped: conan_server is not installed (bench/run installs it).")
            return
        peer = start_server(self.conan_server)
        self.servers[peer.name] = peer
        recipes, revisions = (10, 2) if self.quick else (100, 5)
        project = self.api("POST", "/api/v4/projects", {"name": "cpp", "namespace_id": self.api(
            "GET", "/api/v4/groups/bench")["id"], "visibility": "public"})["id"]
        depot = self.servers["depot"]
        remotes = {"depot": (depot, f"/api/v4/projects/{project}/packages/conan", {"Authorization": f"Bearer {TOKEN}"})}
        status, token = http("GET", peer.base + "/v1/users/authenticate",
                             headers={"Authorization": "Basic " + base64.b64encode(b"demo:demo").decode()})
        remotes["conan_server"] = (peer, "", {"Authorization": f"Bearer {token.decode()}"})

        def tgz(name, size):
            raw = io.BytesIO()
            with tarfile.open(fileobj=raw, mode="w:gz") as t:
                data = os.urandom(size)
                info = tarfile.TarInfo(name)
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            return raw.getvalue()

        package_tgz = tgz("lib/libbench.a", 64 << 10)
        export_tgz = tgz("include/bench.h", 512)
        info = b"[settings]\narch=x86_64\nbuild_type=Release\nos=Linux\n[options]\nshared=False\n"
        pid = hashlib.sha1(info).hexdigest()
        def revision_uploads(prefix_name, count):
            out = []
            for n in range(count):
                ref = f"{prefix_name}{n}/1.0/bench/stable"
                for k in range(revisions):
                    rrev = hashlib.md5(f"{prefix_name}{n}-{k}".encode()).hexdigest()
                    prev = hashlib.md5(f"{prefix_name}{n}-{k}-p".encode()).hexdigest()
                    conanfile = (f"from conan import ConanFile\nclass B(ConanFile):\n    name = '{prefix_name}{n}'\n"
                                 f"    # {k}\n").encode()
                    manifest = f"1795762468\nconanfile.py: {hashlib.md5(conanfile).hexdigest()}\n".encode()
                    recipe = f"/v2/conans/{ref}/revisions/{rrev}/files/"
                    binary = f"/v2/conans/{ref}/revisions/{rrev}/packages/{pid}/revisions/{prev}/files/"
                    out += [(recipe + "conan_export.tgz", export_tgz), (recipe + "conanfile.py", conanfile),
                            (recipe + "conanmanifest.txt", manifest), (binary + "conan_package.tgz", package_tgz),
                            (binary + "conaninfo.txt", info), (binary + "conanmanifest.txt", manifest)]
            return out

        uploads = revision_uploads("bench", recipes)
        # unmeasured first: a JVM compiles the upload path during its first thousand or so requests
        warm_uploads = revision_uploads("warm", max(2, recipes // 2))

        def send(conn, prefix, headers, name, batch):
            for path, body in batch:
                conn.request("PUT", prefix + path, body=body, headers={**headers, "X-Checksum-Sha1":
                                                                      hashlib.sha1(body).hexdigest()})
                r = conn.getresponse()
                r.read()
                if r.status not in (200, 201):
                    raise RuntimeError(f"Conan upload to {name} answered {r.status}")

        upload_scenario = f"Conan upload, {recipes} recipes × {revisions} revisions (6 files each)"
        conns = {}
        for name, (server, prefix, headers) in remotes.items():
            host, port = server.base.split("//")[1].split(":")
            conns[name] = httpclient.HTTPConnection(host, int(port), timeout=60)
            send(conns[name], prefix, headers, name, warm_uploads)
            if name == "depot":
                self.warm_up_uploads(lambda step: send(conns[name], prefix, headers, name,
                                                       revision_uploads(f"warm{step}x", max(2, recipes // 5))))
        # the recipes in equal parts, one part per round. Within a part the systems take turns a recipe at a time
        # (the order flipping every turn), and a part's rate is its files over the time each system spent on them:
        # the machine's state drifts over seconds (both systems' rates moved ±20 % between parts of a second or
        # two each), and fine turns expose both to the same drift
        parts = max(1, min(self.rounds, recipes))
        per_recipe = 6 * revisions
        per_part = -(-len(uploads) // parts)
        per_part += -per_part % per_recipe
        batches = [uploads[i:i + per_part] for i in range(0, len(uploads), per_part)]
        profiler = self.profiler(upload_scenario)
        runs = {name: [] for name in remotes}
        # (a profile, when asked for, covers the peer's turns too: Depot's JVM is idle then and adds few samples)
        profiler.resume()
        for batch in batches:
            spent = {name: 0.0 for name in remotes}
            for turn, at in enumerate(range(0, len(batch), per_recipe)):
                for name in (list(remotes) if turn % 2 == 0 else list(remotes)[::-1]):
                    server, prefix, headers = remotes[name]
                    t0 = time.monotonic()
                    send(conns[name], prefix, headers, name, batch[at:at + per_recipe])
                    spent[name] += time.monotonic() - t0
            for name in remotes:
                runs[name].append({"rps": len(batch) / spent[name]})
        profiler.pause()
        profiler.finish()
        for name, conn in conns.items():
            conn.close()
            rates = sorted(r["rps"] for r in runs[name])
            self.record(upload_scenario, name, {"rps": statistics.median(rates)}, "files/s", rounds=runs[name])
            log(f"Conan upload to {name}: {len(uploads)} files, rounds "
                + " ".join(f"{r['rps']:.0f}" for r in runs[name]) + " files/s")
        ref = f"bench{recipes // 2}/1.0/bench/stable"
        status, latest = http("GET", depot.base + remotes["depot"][1] + f"/v2/conans/{ref}/latest")
        rrev = json.loads(latest)["revision"]
        status, plat = http("GET", depot.base + remotes["depot"][1]
                            + f"/v2/conans/{ref}/revisions/{rrev}/packages/{pid}/latest")
        prev = json.loads(plat)["revision"]
        reads = ((f"Conan latest recipe revision ({revisions} revisions)", f"/v2/conans/{ref}/latest"),
                 ("Conan recipe revision file list", f"/v2/conans/{ref}/revisions/{rrev}/files"),
                 ("Conan package search", f"/v2/conans/{ref}/revisions/{rrev}/search"),
                 ("Conan conan_package.tgz download (64 KiB)",
                  f"/v2/conans/{ref}/revisions/{rrev}/packages/{pid}/revisions/{prev}/files/conan_package.tgz"))
        for scenario, path in reads:
            self.alternate(scenario, [(name, server.base + prefix + path, ()) for name, (server, prefix, _)
                                      in remotes.items()], connections=8)

    def oci_pull(self):
        """Manifest and blob reads of one image (1 MiB layer), pushed by skopeo to Depot and to docker-registry;
        both read anonymously (a public project on Depot, no auth on docker-registry)."""
        if not shutil.which("skopeo"):
            self.notes.append("The container scenario was skipped: skopeo is not installed.")
            log("skopeo missing: skipping the container scenario")
            return
        self.api("POST", "/api/v4/projects", {"name": "images", "namespace_id": self.api("GET", "/api/v4/groups/bench")["id"],
                                              "visibility": "public"})
        layout = os.path.join(self.work, "oci-layout")
        tool = os.path.join(HERE, "oci_layout.py")
        manifest = subprocess.run([sys.executable, tool, layout, "v1", str(1 << 20)], check=True, capture_output=True,
                                  text=True).stdout.strip()
        policy = os.path.join(self.work, "policy.json")
        with open(policy, "w") as f:
            f.write('{"default":[{"type":"insecureAcceptAnything"}]}')
        depot, registry = self.servers["depot"], self.servers["docker-registry"]
        targets = ((depot, "bench/images/app", ["--dest-creds", f"root:{TOKEN}"]), (registry, "bench/app", []))
        for server, name, creds in targets:
            subprocess.run(["skopeo", "--policy", policy, "copy", "-q", "--dest-tls-verify=false", *creds,
                            f"oci:{layout}:v1", f"docker://{server.base.split('//')[1]}/{name}:v1"], check=True)
        with open(os.path.join(layout, "blobs", "sha256", manifest.split(":")[1]), "rb") as f:
            layer = json.load(f)["layers"][0]["digest"]
        accept = ("Accept: application/vnd.oci.image.manifest.v1+json",)
        self.alternate("Container manifest GET by tag",
                       [(server.name, f"{server.base}/v2/{name}/manifests/v1", accept) for server, name, _ in targets])
        self.alternate("Container blob GET (1 MiB layer)",
                       [(server.name, f"{server.base}/v2/{name}/blobs/{layer}", ()) for server, name, _ in targets])

    def growth_curves(self):
        """How read cost grows with the data: p99 of the package list (first page, name filter) at 1k/10k/100k
        packages, of a group-level Maven resolve across 10/100/1,000 projects, and of an npm packument (full and
        abbreviated) at 100/1,000/10,000 versions. Each size is set up in parallel through the API, then measured with
        wrk (4 connections, after a warm-up)."""
        rounds = self.measure_rounds
        headers = (f"Private-Token: {TOKEN}",)
        base = self.servers["depot"].base
        root = self.api("POST", "/api/v4/groups", {"name": "grow", "path": "grow", "visibility": "public"})["id"]

        def point(series, n, url, hdrs=headers, **extra):
            m = self.measure(f"growth: {series} at {n:,}", url, hdrs, connections=4, rounds=rounds, record=False)
            self.growth.append({"series": series, "n": n, **m, **extra})

        def timed(label, fn):
            t0 = time.monotonic()
            fn()
            log(f"growth setup: {label} in {time.monotonic() - t0:.1f}s")

        # the package list: one project per size (the list scenario's project is reused when it has that size)
        for n in ((100, 1000) if self.quick else (1000, 10_000, 100_000)):
            project = self.list_projects.get(n)
            if project is None:
                project = self.api("POST", "/api/v4/projects", {"name": f"list{n}", "namespace_id": root,
                                                                 "visibility": "public"})["id"]
                timed(f"{n:,} packages", lambda: self.publish_many(project, n))
                self.list_projects[n] = project
            url = f"{base}/api/v4/projects/{project}/packages"
            point("package list, first page", n, url + "?per_page=20")
            point("package list, name filter", n, url + f"?package_name=pkg-{n // 4}")

        # Maven through a group endpoint: the group gains projects (two versions each), the last one is resolved
        group = self.api("POST", "/api/v4/groups", {"name": "mvn", "path": "mvn", "parent_id": root,
                                                     "visibility": "private"})["id"]
        have = 0
        for n in ((10, 30) if self.quick else (10, 100, 1000)):
            new = range(have, n)

            def setup():
                self.send_parallel([("POST", "/api/v4/projects", json.dumps({"name": f"svc{i}", "namespace_id": group})
                                     .encode(), {"Private-Token": TOKEN, "Content-Type": "application/json"})
                                    for i in new])
                files = []
                for i in new:
                    for version in ("1.0.0", "1.1.0"):
                        path = (f"/api/v4/projects/grow%2Fmvn%2Fsvc{i}/packages/maven/com/grow/svc{i}/{version}/"
                                f"svc{i}-{version}")
                        files += [("PUT", path + ".pom", f"<project><artifactId>svc{i}</artifactId></project>".encode(),
                                   {"Private-Token": TOKEN}),
                                  ("PUT", path + ".jar", b"PK\x05\x06" + bytes(18), {"Private-Token": TOKEN})]
                self.send_parallel(files, ok=(200, 201))

            timed(f"Maven group of {n:,} projects", setup)
            have = n
            point("Maven group metadata", n,
                  f"{base}/api/v4/groups/grow%2Fmvn/-/packages/maven/com/grow/svc{n - 1}/maven-metadata.xml")

        # npm: one package gains versions (published in parallel), its packument is read anonymously
        project = self.api("POST", "/api/v4/projects", {"name": "npm", "namespace_id": root,
                                                         "visibility": "public"})["id"]
        name, path = "@grow/many", f"/api/v4/projects/{project}/packages/npm/@grow%2fmany"
        have = 0
        for n in ((100, 300) if self.quick else (100, 1000, 10_000)):
            new = range(have, n)
            timed(f"npm package of {n:,} versions", lambda: self.send_parallel(
                [("PUT", path, npm_document(name, f"1.{i // 1000}.{i % 1000}"),
                  {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}) for i in new],
                ok=(200, 201)))
            have = n
            for label, accept in (("full", "application/json"), ("abbreviated", "application/vnd.npm.install-v1+json")):
                status, body = http("GET", base + path, headers={"Accept": accept})
                if status != 200:
                    raise RuntimeError(f"the packument of {n} versions answered {status}")
                point(f"npm packument ({label})", n, base + path, (f"Accept: {accept}",), bytes=len(body))

    def cluster(self):
        """One node and three nodes, each behind nginx on PostgreSQL and S3 (S3Proxy), driven by depot-it's
        ClusterBenchmark (it starts the processes; embedded PostgreSQL and S3Proxy come from the test classpath)."""
        if not shutil.which("nginx") or not shutil.which("wrk"):
            self.notes.append("The cluster scenario was skipped: nginx or wrk is missing.")
            return
        out = os.path.join(self.work, "cluster.jsonl")
        seconds = 2 if self.quick else 10
        log("cluster: starting 1 node, then 3 nodes, on PostgreSQL + S3 behind nginx")
        # -am: the modules come from this checkout (built by the verify before), not from a local repository
        subprocess.run(PIN.unpinned([os.path.join(ROOT, "mvnw"), "-B", "-q", "-pl", "depot-it", "-am", "test",
                                     "-DskipScaleOut=true", "-Dtest=ClusterBenchmark",
                                     "-Dsurefire.failIfNoSpecifiedTests=false", f"-Ddepot.bench.out={out}",
                                     f"-Ddepot.bench.seconds={seconds}",
                                     # the smoke check starts one node (the reads, publishes and name filter all run
                                     # on it); the full run compares three nodes with one
                                     f"-Ddepot.bench.sizes={'1' if self.quick else '3,1'}",
                                     f"-Ddepot.bench.filterCount={10_000 if self.quick else 100_000}"]), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        with open(out) as f:
            for line in f:
                r = json.loads(line)
                self.record(r["scenario"], r["system"], {"rps": r["rps"], "mibps": None, "p50": r["p50"],
                                                         "p99": r["p99"]}, r["unit"])
                log(f"{r['scenario']} / {r['system']}: {r['rps']:.0f} {r['unit']}")
        self.notes.append("The cluster scenarios run every node, PostgreSQL, the S3 server, nginx and the load "
                          "generator on this one machine's cores: three nodes share the CPU one node had, so the "
                          "ratio shows the cost of coordination here, not the gain of more machines.")

    # ---------------------------------------------------------------- run
    def run(self):
        docroot = self.docroot = os.path.join(self.work, "www")
        os.makedirs(docroot, exist_ok=True)
        with open(os.path.join(docroot, "ready.txt"), "w") as f:
            f.write("ok\n")
        log(f"{self.rounds} round(s) of {self.seconds} s after {self.warm} s of warm-up per system and scenario; "
            f"{PIN.describe()}")
        try:
            self.warm_up()
            groups = self.groups()
            # a peer starts for the groups that read it (a smoke check of a few groups installs and starts no more)
            peers = [self.depot, lambda: self.nginx(docroot)]
            if groups & {"oci"}:
                peers.append(self.registry)
            if groups & {"npm", "upstream"}:
                peers.append(self.verdaccio)
            for make in peers:
                s = start_server(make)
                if s.name == "depot":
                    # the start that counts is a restart on existing data; the first one also creates the database.
                    # One start is one sample of a noisy second (0.7-1.2 s here, back to back): the median of several.
                    s.stop()
                    first = s.start_seconds
                    restarts = []
                    for i in range(2 if self.quick else RESTARTS):
                        if i:
                            s.stop()
                        s = start_server(lambda: self.depot(fresh=False))
                        restarts.append(s.start_seconds)
                    s.restart_seconds = restarts
                    s.start_seconds = statistics.median(restarts)
                    s.first_start_seconds = first
                self.servers[s.name] = s
            self.load_files(docroot)
            self.warm_jvm()
            scenarios = self.scenarios()
            for name, scenario in scenarios.items():
                if name in groups:
                    self.group = name
                    t0 = time.monotonic()
                    scenario()
                    self.timings[name] = time.monotonic() - t0
                    self.load.append(os.getloadavg()[0])
                    log(f"{name}: {self.timings[name]:.0f} s, load average {self.load[-1]:.1f}")
            self.group = None
            self.rss_after = {name: s.rss() for name, s in self.servers.items()}
            # and once more after a quiet spell, when a server that gives memory back has done so (Depot: 10 s)
            time.sleep(1 if self.quick else IDLE_SECONDS)
            self.rss_idle = {name: s.rss() for name, s in self.servers.items()}
            if "depot" in self.servers:
                log("Depot's memory after the run: " + rss_parts(self.servers["depot"].proc.pid))
                if self.args.keep:
                    log("Depot's largest resident mappings:\n" + largest_mappings(jvm_pid(self.servers["depot"].proc.pid)))
                    # what the heap holds (a class histogram collects first: its total is the live set)
                    for cmd in ("GC.heap_info", "VM.native_memory summary", "GC.class_histogram"):
                        out = subprocess.run(["jcmd", str(jvm_pid(self.servers["depot"].proc.pid)), *cmd.split()],
                                             capture_output=True, text=True).stdout.splitlines()
                        shown = out if cmd.startswith("VM.") else out[:25] + out[-2:]
                        log(f"jcmd {cmd}:\n" + "\n".join(line for line in shown if line.strip()))
        finally:
            for s in self.servers.values():
                s.stop()
        self.elapsed = time.monotonic() - self.started
        log(f"whole run: {self.elapsed / 60:.1f} min (" + ", ".join(f"{k} {v:.0f} s" for k, v in self.timings.items())
            + ")")
        self.write()
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)

    def scenarios(self):
        """The benchmark's groups, in the order a run takes them."""
        return {"downloads": self.downloads, "auth": self.auth_vs_anonymous, "upload": self.upload,
                "list": self.package_list, "maven": self.maven_group_resolve, "npm": self.npm_packument,
                "upstream": self.npm_upstream,
                "pypi": self.pypi_simple, "nuget": self.nuget_feed, "rubygems": self.rubygems_index, "cargo": self.cargo_index,
                "go": self.go_proxy, "debian": self.debian_repo, "rpm": self.rpm_repo,
                "conan": self.conan_remote, "oci": self.oci_pull,
                "growth": self.growth_curves, "cluster": self.cluster}

    def groups(self):
        """The groups this run takes: --only's, else the profiled ones, else all."""
        every = self.scenarios()
        only = self.args.only or [g for g in self.args.profile or () if g in every]
        return set(only or every)

    def warm_jvm(self):
        """Load on Depot before the first scenario, not measured: a fresh JVM interprets, then compiles the request path
        over its first ~15 s of load (longer on a busy machine), which the first scenario would otherwise measure."""
        base = self.servers["depot"].base
        for name in ("1k.bin", "1m.bin"):
            self.warm_up_target("depot", base + self.generic(name), 16)

    def write(self):
        import report
        self.date = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
        out = self.args.out
        if out is None:
            if self.args.profile:
                # a profiled run's figures carry the profiler's cost: they do not replace bench/RESULTS.md
                out = os.path.join(tempfile.gettempdir(), f"depot-bench-profile-{self.args.profile_label}.md")
            else:
                out = os.path.join(HERE, "RESULTS.md")
        report.write(self, out, os.path.join(os.path.dirname(os.path.abspath(out)), "results.svg"))
        report.save(self, os.path.splitext(out)[0] + ".json")
        log(f"wrote {out}")


def main():
    global PIN
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="short runs and small data: a smoke check (a few minutes)")
    p.add_argument("--out", help="where to write the report (default bench/RESULTS.md; results.svg and growth.svg "
                                 "go beside it)")
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs, data)")
    p.add_argument("--only", action="append", help="run only these scenarios (downloads, auth, upload, list, maven, "
                                                   "npm, upstream, pypi, nuget, rubygems, cargo, go, debian, rpm, conan, oci, growth, cluster); repeatable")
    p.add_argument("--rounds", type=int, help="measured rounds per system and scenario with a peer (default 5, 1 with "
                                              "--quick); Depot alone gets at most 3")
    p.add_argument("--seconds", type=int, help="length of one measured round (default 2 s)")
    p.add_argument("--warmup", type=int, help="unmeasured load per system and scenario before its rounds "
                                              "(default 5 s, 1 s with --quick)")
    p.add_argument("--pin", choices=("on", "off"), default="off",
                   help="on: wrk and the other clients on half of the cores, the servers on the other half (taskset)")
    p.add_argument("--profile", action="append", metavar="GROUP|SCENARIO",
                   help="profile Depot (async-profiler, CPU) during this group's scenarios, or during the scenarios "
                        "whose profile file name starts so (e.g. generic-publish, 1-kib-reads-token), and write flame "
                        "graphs to bench/profiles/; runs only the profiled groups unless --only says which; repeatable")
    p.add_argument("--profile-event", choices=("cpu", "wall"), default="cpu",
                   help="what --profile samples: cpu (where the CPU goes) or wall (every thread, also while it waits: "
                        "where a request's time goes)")
    p.add_argument("--profile-label", default=None, help="suffix of the profile files, e.g. before or after "
                                                         "(default: the commit)")
    p.add_argument("--maven-repo", default=os.environ.get("DEPOT_BENCH_MAVEN_REPO",
                                                          os.path.expanduser("~/.m2/repository")),
                   help="local Maven repository to read async-profiler's jar from (fetched into it when missing)")
    args = p.parse_args()
    groups = ("downloads", "auth", "upload", "list", "maven", "npm", "pypi", "nuget", "rubygems", "cargo", "go", "debian", "rpm", "conan",
              "oci", "growth", "cluster")
    if args.profile and not args.only and not any(g in groups for g in args.profile):
        p.error("--profile with a scenario's name needs --only with its group")
    PIN = Pinning(args.pin == "on")
    if PIN.load:
        os.sched_setaffinity(0, PIN.load)  # this script's own clients (publishes, uploads) are load too
    if args.profile and not args.profile_label:
        args.profile_label = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h", "--", ".",
                                             ":(exclude)bench"], capture_output=True, text=True).stdout.strip()
    Bench(args).run()


if __name__ == "__main__":
    main()
