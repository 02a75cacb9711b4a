from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
@SNIPPET@

@app.route("/api/data")
def data():
    return {}


if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
