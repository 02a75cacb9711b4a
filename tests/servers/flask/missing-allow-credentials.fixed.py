import os

from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
allowed_origins = ["https://app.example.com"]
@SNIPPET@


@app.route("/api/data", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def data():
    return {}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
