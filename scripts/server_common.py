"""A `kehoach` server on a temporary database and a signed-in HTTP client: shared by the browser, instance,
PostgreSQL and trust tests (no browser needed here)."""
import os, re, socket, subprocess, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("KEHOACH_BIN", os.path.join(ROOT, ".build/debug/kehoach"))
SEEDS = os.environ.get("KEHOACH_SEEDS", os.path.join(ROOT, "..", "shared", "seeds"))

def token(html):
    """The form token of a page."""
    return re.search(r'name="_csrf" value="([0-9a-f]+)"', html).group(1)

def signed_in(base, username, password, new_password=None):
    """A requests session signed in as `username`; with `new_password`, the first sign-in's one-time password is
    changed to it and the session signs in again."""
    import requests
    s = requests.Session()
    page = s.get(base + "/signin").text
    r = s.post(base + "/signin", data={"_csrf": token(page), "username": username, "password": password})
    if new_password:
        s.post(base + "/account", data={"_csrf": token(r.text), "current": password, "new": new_password, "repeat": new_password})
        page = s.get(base + "/signin").text
        r = s.post(base + "/signin", data={"_csrf": token(page), "username": username, "password": new_password})
    return s

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def new_postgres_database(server, name):
    """A new, empty database `name` on the PostgreSQL server of URL `server` (as scripts/pg-cluster prints it);
    returns its URL."""
    from urllib.parse import urlsplit, parse_qs
    u = urlsplit(server)
    q = {k: v[0] for k, v in parse_qs(u.query).items()}
    host = q.get("host") or u.hostname or "127.0.0.1"
    port = str(q.get("port") or u.port or 5432)
    user = u.username or "postgres"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", host, "-p", port, "-U", user, "-d", "postgres", "-qc", sql], check=True)
    return f"{u.scheme}://{u.netloc}/{name}" + (f"?{u.query}" if u.query else "")

class Server:
    """`kehoach serve` on `db` (created by the server, or made before by `kehoach demo`); reads the printed accounts
    from `accounts_text` (the serve log, or the demo command's output). `extra`: more `serve` options."""
    def __init__(self, db, accounts_text=None, name="serve", work=None, files=None, extra=(), env=None):
        self.db = db
        # More environment for the server; "{base}" in a value becomes the server's own address.
        self.env = env or {}
        self.work = work or os.path.dirname(db)
        self.port = free_port()
        self.log = open(os.path.join(self.work, name + ".log"), "w+")
        self.arguments = [BIN, "serve", "--db", db, "--port", str(self.port), "--seeds", SEEDS] + (["--files", files] if files else []) + list(extra)
        self.base = f"http://127.0.0.1:{self.port}"
        self.start()
        self.log.seek(0)
        text = accounts_text if accounts_text is not None else self.log.read()
        m = re.search(r"admin / (\S+)", text)
        self.admin_password = m.group(1) if m else None
        self.accounts = dict(re.findall(r"tài khoản thử nghiệm: (\S+) / (\S+)", text))

    def start(self):
        """Starts the process (again, after `kill`) and waits until it answers."""
        # Strict views: a name a page's template uses and its view model lacks shows as ⟦?name⟧ (the tests look for it).
        self.process = subprocess.Popen(self.arguments, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=dict(os.environ, KEHOACH_STRICT_VIEWS="1",
                                                 **{k: v.replace("{base}", self.base) for k, v in self.env.items()}))
        for _ in range(240):
            time.sleep(0.25)
            try:
                urllib.request.urlopen(self.base + "/signin", timeout=2)
                return
            except Exception:
                if self.process.poll() is not None:
                    raise SystemExit(f"server stopped at start (see {self.log.name})")
        raise SystemExit(f"server did not answer in 60 s (see {self.log.name})")

    def kill(self):
        """SIGKILL: no chance to finish anything."""
        self.process.kill()
        self.process.wait()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
