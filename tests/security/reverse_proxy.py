"""A reverse proxy in a thread, as nginx would stand in front of the portal, and HTTP clients that
come from addresses of their own (127.0.0.2, 127.0.0.3, ...: Linux routes all of 127/8 to lo).

The proxy forwards every request to the upstream server from 127.0.0.1 and tells it who the
client was the way nginx is usually configured to:

    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;  # appends the peer's address
    proxy_set_header X-Real-IP $remote_addr;                       # replaces what came in
"""

from __future__ import annotations

import http.client
import re
import threading
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
}


class ReverseProxy:
    def __init__(self, upstream_host: str, upstream_port: int, port: int = 0) -> None:
        self.upstream = (upstream_host, upstream_port)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: simple and enough

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                client = self.client_address[0]
                # Header names are case-insensitive: drop the client's spellings first.
                headers = {
                    k: v
                    for k, v in headers.items()
                    if k.lower() not in {"x-forwarded-for", "x-real-ip"}
                }
                incoming = self.headers.get("X-Forwarded-For")
                headers["X-Forwarded-For"] = f"{incoming}, {client}" if incoming else client
                headers["X-Real-IP"] = client
                upstream = http.client.HTTPConnection(
                    *proxy.upstream, timeout=30, source_address=("127.0.0.1", 0)
                )
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    content = answer.read()
                    self.send_response(answer.status, answer.reason)
                    for name, value in answer.getheaders():
                        if name.lower() not in HOP_BY_HOP | {"content-length"}:
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                finally:
                    upstream.close()

            do_GET = do_POST = _forward  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ReverseProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class Browser:
    """A client at its own address, with its own cookies (the session and the CSRF token)."""

    host: str
    port: int
    address: str
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=30, source_address=(self.address, 0)
        )
        sent = {"Accept-Language": "en", **self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return Answer(response.status, dict(response.getheaders()), text)
        finally:
            connection.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post_form(
        self, path: str, data: dict[str, str], headers: dict[str, str] | None = None
    ) -> Answer:
        """Open the form's page for its CSRF token, then post the form as a browser would."""
        page = self.get(path, headers=headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no form on {path} ({page.status})"
        return self.request(
            "POST", path, {"csrfmiddlewaretoken": token.group(1), **data}, headers=headers
        )

    def sign_in(self, email: str, password: str, headers: dict[str, str] | None = None) -> bool:
        answer = self.post_form(
            "/accounts/login/", {"login": email, "password": password}, headers=headers
        )
        return answer.status == 302
