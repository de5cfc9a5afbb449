"""A robot stand-in on 127.0.0.1: records every request, answers what it is told."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Robot:
    def __init__(self):
        self.received: list[tuple[str, dict, bytes]] = []
        self.answers: list[tuple[int, bytes]] = []  # consumed in order; then the default
        self.default = (200, json.dumps({"errcode": 0, "errmsg": "ok"}).encode())
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def do_GET(self):  # an SMS gateway's signed query
                self._answer(b"")

            def _answer(self, body):
                robot.received.append((self.path, dict(self.headers), body))
                status, answer = robot.answers.pop(0) if robot.answers else robot.default
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
