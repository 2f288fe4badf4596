#!/usr/bin/env python3
"""The dashboard in a real browser: headless Chromium driven over the DevTools protocol.

    python3 Scripts/dashboard_browser.py URL CLIENT_ID OUT_DIR [--debug-port N]

Checks the data-testid markers (decision, PD, reasons, gauge, comparison, what-if round trip,
model page), keyboard order, text contrast (WCAG AA), and that the console shows no error; writes
screenshots at 1280x800 and 390 px wide to OUT_DIR. Standard library only (a small WebSocket
client below), so CI needs nothing but Debian's chromium. Exits 1 with the failed checks listed.
"""
import base64
import http.client
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time


class DevTools:
    """One WebSocket to a page target: requests with ids, events collected as they arrive."""

    def __init__(self, ws_url):
        rest = ws_url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("DevTools closed the connection during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError("DevTools refused the WebSocket: " + head.decode(errors="replace"))
        self.next_id = 0
        self.events = []

    def _send(self, text):
        data = text.encode()
        header = bytearray([0x81])
        n = len(data)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", n)
        mask = os.urandom(4)
        header += mask
        self.sock.sendall(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exactly(self, n):
        out = bytearray()
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            out += chunk
        return bytes(out)

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._exactly(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exactly(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exactly(8))[0]
            payload = self._exactly(n)
            opcode = b0 & 0x0F
            if opcode == 8:
                raise RuntimeError("DevTools closed the WebSocket")
            if opcode in (0, 1, 2):
                message += payload
                if b0 & 0x80:
                    return json.loads(message)

    def call(self, method, **params):
        self.next_id += 1
        wanted = self.next_id
        self._send(json.dumps({"id": wanted, "method": method, "params": params}))
        while True:
            m = self._receive()
            if m.get("id") == wanted:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("page script failed: " + json.dumps(r["exceptionDetails"])[:500])
        return r["result"].get("value")

    def wait_for(self, expression, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.2)
        return False


# Every visible text node's colour against its nearest opaque background (WCAG AA: 4.5, or 3 for
# large text), from inside the page.
CONTRAST = r"""
(() => {
  const lum = (c) => { const m = c.match(/[\d.]+/g).map(Number); const [r, g, b] = m.slice(0, 3).map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const alpha = (c) => { const m = c.match(/[\d.]+/g); return m.length > 3 ? Number(m[3]) : 1; };
  const bg = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor; if (alpha(c) > 0.5) return c; } return "rgb(255,255,255)"; };
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest("svg") || !el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.visibility === "hidden") continue;
    const a = lum(s.color), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(n.textContent.trim().slice(0, 40) + " (" + ratio.toFixed(2) + ")");
  }
  return bad;
})()
"""


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    url, client, out = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    port = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--debug-port" else 19222
    os.makedirs(out, exist_ok=True)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        sys.exit("dashboard-browser: chromium is not installed (Scripts/install-deps.sh installs it)")
    profile = tempfile.mkdtemp(prefix="psd-chromium-")
    proc = subprocess.Popen([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
                             f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
                             f"--remote-debugging-port={port}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = []

    def check(ok, what):
        print(("  ok    " if ok else "  FAIL  ") + what)
        if not ok:
            failures.append(what)

    try:
        targets = None
        for _ in range(150):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/json/list")
                targets = [t for t in json.loads(conn.getresponse().read()) if t.get("type") == "page"]
                if targets:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        if not targets:
            sys.exit("dashboard-browser: chromium did not open its DevTools port")
        dt = DevTools(targets[0]["webSocketDebuggerUrl"])
        for domain in ("Runtime", "Log", "Page"):
            dt.call(domain + ".enable")

        def view(width, height, mobile):
            dt.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

        def load(path):
            dt.call("Page.navigate", url="about:blank")  # a new document even when only the #hash differs
            time.sleep(0.2)
            dt.call("Page.navigate", url=url + path)
            time.sleep(0.3)
            return dt.wait_for("document.readyState === 'complete' && document.body.dataset.ready === 'true'")

        def shot(name, full=False):
            params = {"format": "png"}
            if full:
                h = dt.evaluate("Math.ceil(document.documentElement.scrollHeight)")
                w = dt.evaluate("document.documentElement.clientWidth")
                params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": w, "height": h, "scale": 1})
            data = base64.b64decode(dt.call("Page.captureScreenshot", **params)["data"])
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
            print(f"  shot  {os.path.join(out, name)} ({len(data) // 1024} KiB)")

        # --- client view at 1280x800 -------------------------------------------------------
        print("client view, 1280x800")
        view(1280, 800, False)
        check(load(f"/?client={client}"), "the page loads and opens the client")
        q = lambda sel: dt.evaluate(f"(document.querySelector({json.dumps(sel)}) || {{}}).textContent || ''")
        decision = q("[data-testid=decision]")
        check(("Granted" in decision) != ("Refused" in decision) and client in decision, f"decision in words: {decision[:60]!r}")
        pd = q("[data-testid=pd]")
        check(pd.endswith(" %") and 0 <= float(pd[:-2]) <= 100, f"PD shown as a percentage: {pd!r}")
        for key in ("threshold", "margin", "band"):
            check(bool(q("#" + key).strip()), f"{key} shown: {q('#' + key)!r}")
        reasons = dt.evaluate("[...document.querySelectorAll('[data-testid=reasons] li')].map(li => li.textContent)")
        check(1 <= len(reasons) <= 4 and all("risk" in r for r in reasons), f"{len(reasons)} reasons as sentences")
        check(any("years" in r or "%" in r for r in reasons), "reasons carry units or percentiles")
        check(dt.evaluate("!!document.querySelector('[data-testid=gauge] svg [data-role=threshold]')"),
              "gauge is an SVG with the threshold marked")
        check(dt.evaluate("!!document.querySelector('[data-testid=waterfall] svg')"), "waterfall drawn")
        check(dt.evaluate("!!document.querySelector('#cmp-chart svg [data-role=client]')"),
              "comparison with all clients marks the client")
        check(dt.evaluate("document.querySelectorAll('[data-testid=profile] tbody tr').length > 3"), "profile with labels")
        # Similar clients: the cohort radio redraws the comparison.
        dt.evaluate("document.querySelector('input[name=cmp-group][value=cohort]').click()")
        check(dt.wait_for("document.getElementById('cmp-text').textContent.includes('similar clients')"
                          " && !!document.querySelector('#cmp-chart svg')", 15),
              "comparison with similar clients (cohort)")
        shot("client-1280.png")
        # Keyboard: skip link, the two pages, then the client search.
        order = []
        dt.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        for _ in range(4):
            for t in ("keyDown", "keyUp"):
                dt.call("Input.dispatchKeyEvent", type=t, key="Tab", code="Tab", windowsVirtualKeyCode=9)
            order.append(dt.evaluate("document.activeElement.id || document.activeElement.className"))
        check(order == ["skip", "nav-client", "nav-model", "client-id"], f"keyboard order {order}")
        # What-if round trip: change the first field, recalculate, the stored score is unchanged.
        before = dt.evaluate("document.getElementById('pd').textContent")
        field = dt.evaluate("""(() => { const i = document.querySelector('#whatif-fields input');
            if (!i) return null; i.value = String(Number(i.value || 0) * 3 + 1000); return i.name; })()""")
        check(field is not None, f"what-if field to change: {field}")
        dt.evaluate("document.querySelector('#whatif-form button[type=submit]').click()")
        check(dt.wait_for("document.querySelector('[data-testid=whatif-result]').textContent.includes('Nothing was saved')", 15),
              "what-if answers with a new PD and decision: " + q("[data-testid=whatif-result]")[:90])
        again = dt.evaluate(f"""fetch('/v1/score', {{method: 'POST', headers: {{'Content-Type': 'application/json'}},
            body: JSON.stringify({{client_id: {json.dumps(client)}}})}}).then(r => r.json())
            .then(s => (s.probability_default * 100).toFixed(1) + ' %')""")
        check(again == before, f"what-if saved nothing: the client still scores {again} (was {before})")
        bad = dt.evaluate(CONTRAST)
        check(not bad, "text contrast meets WCAG AA" + (f": {bad[:5]}" if bad else ""))

        # --- model page --------------------------------------------------------------------
        print("model page, 1280x800")
        check(load(f"/?client={client}#model"), "the model page loads")
        model = q("[data-testid=model]")
        check(all(k in model for k in ("AUC", "Gini", "KS")), "AUC, Gini and KS shown")
        check(dt.evaluate("!!document.querySelector('#cost-chart svg [data-role=mark]')"), "cost curve with the threshold")
        check(dt.evaluate("document.querySelectorAll('[data-testid=calibration] tbody tr').length >= 2"), "calibration table")
        check(dt.evaluate("!!document.querySelector('#importance-chart svg')"), "global importance")
        drift = dt.evaluate("[...document.querySelectorAll('[data-testid=drift] tbody tr')].map(r => r.textContent)")
        check(len(drift) > 0 and all(("stable" in d) or ("shift" in d) for d in drift), f"drift PSI with bands ({len(drift)} features)")
        check(dt.evaluate("!document.querySelector('input[type=range]')"), "no threshold slider")
        bad = dt.evaluate(CONTRAST)
        check(not bad, "model page contrast meets WCAG AA" + (f": {bad[:5]}" if bad else ""))
        shot("model-1280.png")

        # --- 390 px wide -------------------------------------------------------------------
        print("390 px wide")
        view(390, 844, True)
        check(load(f"/?client={client}"), "the page loads at 390 px")
        overflow = dt.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(overflow <= 0, f"no sideways scrolling at 390 px (overflow {overflow} px)")
        shot("client-390.png")
        check(load(f"/?client={client}#model"), "the model page loads at 390 px")
        shot("model-390.png")

        # --- console ----------------------------------------------------------------------
        dt.call("Runtime.evaluate", expression="1")  # flush pending events
        errors = []
        for e in dt.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                errors.append("exception: " + p["exceptionDetails"].get("text", "") + " "
                              + str(p["exceptionDetails"].get("exception", {}).get("description", ""))[:200])
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                errors.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                errors.append("log: " + p["entry"]["text"] + " " + p["entry"].get("url", ""))
        check(not errors, "no console errors" + (": " + "; ".join(errors[:5]) if errors else ""))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)

    if failures:
        print(f"dashboard-browser: {len(failures)} check(s) failed")
        sys.exit(1)
    print("dashboard-browser: all checks passed")


if __name__ == "__main__":
    main()
