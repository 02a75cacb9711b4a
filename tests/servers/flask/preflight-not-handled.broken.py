# No CORS for the route: Flask's automatic OPTIONS answers 200 with Allow and no CORS header.
from flask import Flask

app = Flask(__name__)


@app.route("/api/items/<id>", methods=["PUT"])
def item(id):
    return {"ok": True}

if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
