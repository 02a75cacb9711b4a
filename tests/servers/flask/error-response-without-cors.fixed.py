from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
@SNIPPET@

@app.route("/api/fail")
def fail():
    raise RuntimeError("boom")


if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
