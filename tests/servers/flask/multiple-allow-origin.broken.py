# Hand-written: a list of origins in one header.
from flask import Flask

app = Flask(__name__)


@app.after_request
def cors(response):
    response.headers["Access-Control-Allow-Origin"] = "https://a.example, https://b.example"
    return response


@app.route("/api/data")
def data():
    return {}


if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
