# Broken: a WSGI middleware authenticates outside Flask (and Flask-CORS): its 401 has no headers.
import json
import os

from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], supports_credentials=True)


@app.route("/api/me")
def me():
    return {"me": 1}


def require_token(wsgi_app):
    def middleware(environ, start_response):
        if environ.get("REQUEST_METHOD") != "OPTIONS" and not environ.get("HTTP_AUTHORIZATION"):
            start_response("401 Unauthorized", [("Content-Type", "application/json")])
            return [json.dumps({"error": "unauthorized"}).encode()]
        return wsgi_app(environ, start_response)

    return middleware


app.wsgi_app = require_token(app.wsgi_app)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
