# Hand-written: "*" with credentials.
from flask import Flask

app = Flask(__name__)


@app.after_request
def cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.route("/api/me")
def me():
    return {"me": 1}


if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
