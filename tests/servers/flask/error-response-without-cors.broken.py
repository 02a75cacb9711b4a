# CORS only in the view's decorator: an exception skips it, the 500 has no headers.
from flask import Flask
from flask_cors import cross_origin

app = Flask(__name__)


@app.route("/api/fail")
@cross_origin(origins=["https://app.example.com"])
def fail():
    raise RuntimeError("boom")

if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
