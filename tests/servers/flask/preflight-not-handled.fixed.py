from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
@SNIPPET@

@app.route("/api/items/<id>", methods=["PUT"])
def item(id):
    return {"ok": True}


if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
