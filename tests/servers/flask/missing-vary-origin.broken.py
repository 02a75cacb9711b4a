# Hand-written: the allowed origin is echoed, without Vary: Origin.
from flask import Flask, request

app = Flask(__name__)
allowed_origins = ["https://app.example.com"]


@app.after_request
def cors(response):
    if request.headers.get("Origin") in allowed_origins:
        response.headers["Access-Control-Allow-Origin"] = request.headers["Origin"]
    return response


@app.route("/api/data")
def data():
    return {}


if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
