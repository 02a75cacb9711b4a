import os

from flask import Flask, request
from flask_cors import CORS

app = Flask(__name__)


def token_ok(authorization):
    return bool(authorization)


@SNIPPET@

@app.route("/api/me")
def me():
    return {"me": 1}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
