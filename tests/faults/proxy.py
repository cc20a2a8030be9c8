"""A tiny TCP proxy in a thread: put it in front of Redis and stop it to make the broker vanish.

Stopping closes the listening socket and every open connection, so a client sees what it would
see of a dead Redis host: resets, then refused connections. Starting again listens on the same
port, as a restarted Redis would.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._running.set()
        self._thread = threading.Thread(target=self._serve, name="redis-proxy", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running.clear()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _serve(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._listener, selectors.EVENT_READ, None)
        try:
            while self._running.is_set():
                for key, _mask in selector.select(timeout=0.1):
                    if key.data is None:
                        self._accept(selector)
                    elif not self._pump(key.fileobj, key.data):
                        self._close_pair(selector, key.fileobj, key.data)
        finally:
            selector.close()

    def _accept(self, selector: selectors.BaseSelector) -> None:
        client, _address = self._listener.accept()
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        with self._lock:
            self._sockets.update({client, upstream})
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)

    def _pump(self, source: socket.socket, target: socket.socket) -> bool:
        try:
            data = source.recv(65536)
            if data:
                target.sendall(data)
        except OSError:
            return False
        return bool(data)

    def _close_pair(self, selector: selectors.BaseSelector, *pair: socket.socket) -> None:
        for sock in pair:
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(sock)
            with self._lock:
                self._sockets.discard(sock)
            sock.close()
