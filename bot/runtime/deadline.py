"""A total deadline for receiving a request, patched into Sanic 21.12's HTTP protocol.

Sanic restarts its request timeout on every byte it receives (HttpProtocol.data_received sets
`_time`), so a client sending one byte a second holds a connection for ever. Here the clock starts
at a request's first byte and is not moved by the bytes that follow: a request still incomplete
REQUEST_TIMEOUT seconds later is refused (408). A request that has fully arrived but waits for a
busy server is not the client's fault and is never cut off this way (under load that wait alone
exceeded the deadline). Connections beyond MAX_CONNECTIONS are closed at once.
"""

import time

import settings

MAX_CONNECTIONS = settings.get().shebao_max_connections
REQUEST_TIMEOUT = settings.get().shebao_request_timeout  # whole request, first byte to last
RESPONSE_TIMEOUT = settings.get().shebao_response_timeout  # first byte to the answer
KEEP_ALIVE_TIMEOUT = settings.get().shebao_keep_alive_timeout  # > every client's (aiohttp 15 s, nginx 10 s)


def install() -> None:
    """Patch Sanic's HTTP protocol once per process (see the module doc)."""
    from sanic.exceptions import RequestTimeout
    from sanic.http import Stage
    from sanic.server.protocols.http_protocol import HttpProtocol

    if getattr(HttpProtocol, "_shebao_deadline", False):
        return
    original_received, original_check = HttpProtocol.data_received, HttpProtocol.check_timeouts
    original_made = HttpProtocol.connection_made

    def receiving(protocol) -> bool:
        http = getattr(protocol, "_http", None)
        return http is not None and (
            http.stage is Stage.REQUEST or (http.stage is Stage.HANDLER and bool(http.request_body))
        )

    def data_received(self, data: bytes):
        started, busy = getattr(self, "_time", None), receiving(self)
        original_received(self, data)
        if busy and started is not None:
            self._time = started  # a byte of a request under way does not extend its deadline

    def client_is_slow(protocol) -> bool:
        """Bytes of the request are still missing, and not because this side stopped reading (Sanic
        pauses reading at 64 KB until the handler takes the body): else the wait is the server's."""
        http, buffer = protocol._http, protocol.recv_buffer
        transport = protocol.transport
        if transport is not None and hasattr(transport, "is_reading") and not transport.is_reading():
            return False
        if http.stage is Stage.REQUEST:
            return b"\r\n\r\n" not in buffer
        left = http.request_bytes_left
        return len(buffer) < left if isinstance(left, int) and left > 0 else not buffer

    def check_timeouts(self):
        if self._task and receiving(self) and time.monotonic() - self._time > self.request_timeout:
            if client_is_slow(self):
                self._http.exception = RequestTimeout("Request Timeout")
                self._task.cancel()
                return
            self._time = time.monotonic()  # all here, waiting for a busy event loop: not the client's fault
        original_check(self)

    def connection_made(self, transport):
        if self.connections is not None and len(self.connections) >= MAX_CONNECTIONS:
            transport.abort()
            return
        original_made(self, transport)

    HttpProtocol.data_received = data_received
    HttpProtocol.check_timeouts = check_timeouts
    HttpProtocol.connection_made = connection_made
    HttpProtocol._shebao_deadline = True


# --- who is asking ---------------------------------------------------------------------------
