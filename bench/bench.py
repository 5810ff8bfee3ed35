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


class Server:
    """A system under test: a process tree, the URL that answers 200 once it is ready, and its start time."""

    def __init__(self, name, version, cmd, ready_url, env=None, cwd=None, logfile=None):
        self.name, self.version, self.cmd, self.ready_url = name, version, cmd, ready_url
        self.env = dict(os.environ, **(env or {}))
        self.cwd, self.logfile = cwd, logfile
        self.proc = None
        self.start_seconds = None
        self.rss_start = None

    def start(self):
        out = open(self.logfile, "w") if self.logfile else subprocess.DEVNULL
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=self.cwd, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = t0 + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; see {self.logfile}")
            try:
                status, _ = http("GET", self.ready_url, timeout=2)
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


WRK_LINE = re.compile(r"^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$")


def wrk(url, seconds, connections, headers=(), script=None):
    """Runs wrk once; returns requests/s, MiB/s, p50 and p99 in milliseconds."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
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


def median_runs(runs):
    return {k: statistics.median([r[k] for r in runs if r[k] is not None]) if any(r[k] is not None for r in runs)
            else None for k in runs[0]}


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.seconds = 2 if self.quick else 10
        self.rounds = 1 if self.quick else 3
        self.work = tempfile.mkdtemp(prefix="depot-bench-")
        os.chmod(self.work, 0o755)  # nginx workers run as an unprivileged user
        self.servers = {}
        self.results = []  # (scenario, system, metrics)
        self.notes = []

    # ---------------------------------------------------------------- systems
    def depot(self):
        port = free_port()
        data = os.path.join(self.work, "depot-data")
        env = {"DEPOT_PORT": str(port), "DEPOT_DATA_DIR": data, "DEPOT_INITIAL_ROOT_TOKEN": TOKEN,
               "DEPOT_INITIAL_ROOT_PASSWORD": "bench-password-1", "DEPOT_EXTERNAL_URL": f"http://127.0.0.1:{port}"}
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
            self.depot().start().stop()
            shutil.rmtree(os.path.join(self.work, "depot-data"), ignore_errors=True)

    def depot_version(self):
        return "0.1.0 (" + subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                          text=True).stdout.strip() + ")"

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

    def send_parallel(self, requests, threads=4):
        """Sends (method, path, body, headers) requests to Depot over `threads` keep-alive connections; fails unless
        every answer is a 201."""
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
                if r.status != 201:
                    errors.append(r.status)
            conn.close()

        pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        if errors:
            raise RuntimeError(f"{len(errors)} of {len(requests)} publishes failed, e.g. {errors[:5]}")

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
        t0 = time.monotonic()
        self.send_parallel(requests)
        seconds = time.monotonic() - t0
        self.record(label, "depot", {"rps": len(requests) / seconds}, "publishes/s")
        log(f"{label}: {len(requests)} in {seconds:.1f}s")

    def generic(self, name):
        return f"/api/v4/projects/{self.project}/packages/generic/files/1.0.0/{name}"

    # ---------------------------------------------------------------- scenarios
    def record(self, scenario, system, metrics, unit, better="higher"):
        self.results.append({"scenario": scenario, "system": system, "metrics": metrics, "unit": unit,
                             "better": better})

    def alternate(self, scenario, targets, connections=16, script=None):
        """Runs wrk against each (system, url, headers) in turn, `rounds` times; records the medians."""
        runs = {name: [] for name, _, _ in targets}
        for name, url, headers in targets:
            # the JVM compiles its hot paths during the first seconds of load; measure after that
            wrk(url, 1 if self.quick else 8, connections, headers, script)
        for _ in range(self.rounds):
            for name, url, headers in targets:
                runs[name].append(wrk(url, self.seconds, connections, headers, script))
        for name, _, _ in targets:
            m = median_runs(runs[name])
            self.record(scenario, name, m, "req/s")
            log(f"{scenario} / {name}: {m['rps']:.0f} req/s, {m['mibps']:.1f} MiB/s, p50 {m['p50']:.2f} ms, "
                f"p99 {m['p99']:.2f} ms, errors {m['errors']}")

    def measure(self, scenario, url, headers=(), connections=8, warm=True):
        """One system, one URL: an optional warm-up, then the median of `rounds` wrk runs, recorded and logged."""
        if warm:
            wrk(url, 1 if self.quick else 8, connections, headers)
        m = median_runs([wrk(url, self.seconds, connections, headers) for _ in range(self.rounds)])
        self.record(scenario, "depot", m, "req/s")
        log(f"{scenario}: {m['rps']:.0f} req/s, p50 {m['p50']:.2f} ms, p99 {m['p99']:.2f} ms, errors {m['errors']}")
        return m

    def downloads(self):
        depot, nginx = self.servers["depot"], self.servers["nginx"]
        for name, label in (("1m.bin", "1 MiB download"), ("1k.bin", "1 KiB download")):
            self.alternate(label, [("depot", depot.base + self.generic(name), ()),
                                   ("nginx", f"{nginx.base}/{name}", ())])

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
        for _ in range(self.rounds):
            t0 = time.monotonic()
            subprocess.run(["dd", f"if={src}", f"of={os.path.join(self.work, 'dd.out')}", "bs=1M", "conv=fsync"],
                           check=True, capture_output=True)
            dd_runs.append(time.monotonic() - t0)
            t0 = time.monotonic()
            out = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                                  f"Private-Token: {TOKEN}", "-T", src,
                                  self.servers["depot"].base + self.generic(f"upload-{time.time_ns()}.bin")],
                                 capture_output=True, text=True, check=True).stdout
            depot_runs.append(time.monotonic() - t0)
            if out != "201":
                raise RuntimeError(f"upload answered {out}")
            log(f"upload {size >> 20} MiB: depot {depot_runs[-1]:.2f}s, dd {dd_runs[-1]:.2f}s")
            os.remove(os.path.join(self.work, "dd.out"))
        for system, runs in (("depot", depot_runs), ("dd", dd_runs)):
            seconds = statistics.median(runs)
            self.record(f"{size >> 20} MiB upload", system, {"mibps": (size >> 20) / seconds, "seconds": seconds},
                        "MiB/s")
        os.remove(src)

    def package_list(self):
        count = 5000 if self.quick else 100_000
        project = self.api("POST", "/api/v4/projects", {"name": "many", "namespace_id": self.api(
            "GET", "/api/v4/groups/bench")["id"], "visibility": "public"})["id"]
        t0 = time.monotonic()
        base = self.servers["depot"].base
        self.publish_many(project, count)
        seconds = time.monotonic() - t0
        stored = count  # publish_many checked that every publish answered 201
        self.record("generic publish (small files)", "depot", {"rps": stored / seconds}, "publishes/s")
        log(f"published {stored} packages in {seconds:.1f}s ({stored / seconds:.0f}/s)")
        self.notes.append(f"The package-list scenario runs against a project holding {stored:,} packages.")
        url = f"{base}/api/v4/projects/{project}/packages"
        wrk(url + "?per_page=20", 2 if self.quick else 8, 4, (f"Private-Token: {TOKEN}",))
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

    def publish_many(self, project, count, threads=4):
        """Publishes `count` one-byte generic packages over keep-alive connections from a few threads."""
        self.send_parallel([("PUT", f"/api/v4/projects/{project}/packages/generic/pkg-{n}/1.0.0/f.txt", b"x",
                             {"Private-Token": TOKEN}) for n in range(count)], threads)

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
        import gzip
        import hashlib
        import io
        import tarfile
        import base64
        import http.client as httpclient
        count = 200 if self.quick else 2000
        name = "@js/big"  # the scope of the project's root group: npm scopes belong to the root namespace of that path
        group = self.api("POST", "/api/v4/groups", {"name": "js", "path": "js", "visibility": "public"})["id"]
        project = self.api("POST", "/api/v4/projects", {"name": "big", "namespace_id": group,
                                                         "visibility": "public"})["id"]

        def document(version):
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
            manifest["dist"] = {"integrity": integrity, "shasum": hashlib.sha1(tgz).hexdigest()}
            return json.dumps({"_id": name, "name": name, "dist-tags": {"latest": version},
                               "versions": {version: manifest}, "readme": "# big\n",
                               "_attachments": {f"{name}-{version}.tgz": {"content_type": "application/octet-stream",
                                                "data": base64.b64encode(tgz).decode(), "length": len(tgz)}}}).encode()

        def publish(base, path, headers):
            host, port = base.split("//")[1].split(":")
            conn = httpclient.HTTPConnection(host, int(port), timeout=60)
            t0 = time.monotonic()
            for i in range(count):
                conn.request("PUT", path, body=document(f"1.{i // 100}.{i % 100}"),
                             headers={"Content-Type": "application/json", **headers})
                r = conn.getresponse()
                r.read()
                if r.status not in (200, 201):
                    raise RuntimeError(f"npm publish to {base} answered {r.status}")
            conn.close()
            return time.monotonic() - t0

        depot, verdaccio = self.servers["depot"], self.servers["verdaccio"]
        depot_path = f"/api/v4/projects/{project}/packages/npm/@js%2fbig"
        seconds = {"depot": publish(depot.base, depot_path, {"Authorization": f"Bearer {TOKEN}"}),
                   "verdaccio": publish(verdaccio.base, "/@js%2fbig", {})}
        for system, s in seconds.items():
            self.record(f"npm publish, {count} versions of one package", system, {"rps": count / s}, "publishes/s")
            log(f"npm publish of {count} versions to {system}: {s:.1f}s ({count / s:.0f}/s)")
        for label, accept in (("full", "application/json"), ("abbreviated", "application/vnd.npm.install-v1+json")):
            self.alternate(f"npm packument of {count} versions ({label})",
                           [("depot", depot.base + depot_path, (f"Accept: {accept}",)),
                            ("verdaccio", verdaccio.base + "/@js%2fbig", (f"Accept: {accept}",))], connections=8)

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
        peer = self.conan_server()
        self.servers[peer.name] = peer.start()
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
        uploads = []
        for n in range(recipes):
            ref = f"bench{n}/1.0/bench/stable"
            for k in range(revisions):
                rrev = hashlib.md5(f"{n}-{k}".encode()).hexdigest()
                prev = hashlib.md5(f"{n}-{k}-p".encode()).hexdigest()
                conanfile = f"from conan import ConanFile\nclass B(ConanFile):\n    name = 'bench{n}'\n    # {k}\n".encode()
                manifest = f"1795762468\nconanfile.py: {hashlib.md5(conanfile).hexdigest()}\n".encode()
                recipe = f"/v2/conans/{ref}/revisions/{rrev}/files/"
                binary = f"/v2/conans/{ref}/revisions/{rrev}/packages/{pid}/revisions/{prev}/files/"
                uploads += [(recipe + "conan_export.tgz", export_tgz), (recipe + "conanfile.py", conanfile),
                            (recipe + "conanmanifest.txt", manifest), (binary + "conan_package.tgz", package_tgz),
                            (binary + "conaninfo.txt", info), (binary + "conanmanifest.txt", manifest)]
        for name, (server, prefix, headers) in remotes.items():
            host, port = server.base.split("//")[1].split(":")
            conn = httpclient.HTTPConnection(host, int(port), timeout=60)
            t0 = time.monotonic()
            for path, body in uploads:
                conn.request("PUT", prefix + path, body=body, headers={**headers, "X-Checksum-Sha1":
                                                                      hashlib.sha1(body).hexdigest()})
                r = conn.getresponse()
                r.read()
                if r.status not in (200, 201):
                    raise RuntimeError(f"Conan upload to {name} answered {r.status}")
            conn.close()
            seconds = time.monotonic() - t0
            self.record(f"Conan upload, {recipes} recipes × {revisions} revisions (6 files each)", name,
                        {"rps": len(uploads) / seconds}, "files/s")
            log(f"Conan upload to {name}: {len(uploads)} files in {seconds:.1f}s")
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
        subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-pl", "depot-it", "-am", "test", "-DskipScaleOut=true",
                        "-Dtest=ClusterBenchmark", "-Dsurefire.failIfNoSpecifiedTests=false",
                        f"-Ddepot.bench.out={out}", f"-Ddepot.bench.seconds={seconds}"], cwd=ROOT, check=True,
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
        try:
            self.warm_up()
            for make in (self.depot, lambda: self.nginx(docroot), self.registry, self.verdaccio):
                s = make()
                self.servers[s.name] = s.start()
            self.load_files(docroot)
            scenarios = {"downloads": self.downloads, "auth": self.auth_vs_anonymous, "upload": self.upload,
                         "list": self.package_list, "maven": self.maven_group_resolve, "npm": self.npm_packument,
                         "pypi": self.pypi_simple, "nuget": self.nuget_feed, "conan": self.conan_remote, "oci": self.oci_pull,
                         "cluster": self.cluster}
            for name, scenario in scenarios.items():
                if not self.args.only or name in self.args.only:
                    scenario()
            self.rss_after = {name: s.rss() for name, s in self.servers.items()}
        finally:
            for s in self.servers.values():
                s.stop()
        self.write()
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)

    def write(self):
        import report
        report.write(self, self.args.out, os.path.join(os.path.dirname(self.args.out), "results.svg"))
        log(f"wrote {self.args.out}")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="short runs and small data: a smoke check (< 3 minutes)")
    p.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"), help="where to write the report")
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs, data)")
    p.add_argument("--only", action="append", help="run only these scenarios (downloads, auth, upload, list, nuget, "
                                                   "conan, maven, npm, pypi, oci, cluster); repeatable")
    args = p.parse_args()
    Bench(args).run()


if __name__ == "__main__":
    main()
