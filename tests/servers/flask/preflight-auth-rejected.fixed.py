import os

from flask import Flask, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
@SNIPPET@
    if not request.headers.get("Authorization"):
        return {"error": "unauthorized"}, 401


@app.route("/api/me", methods=["PUT"])
def me():
    return {"me": 1}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
