# CORS only on OPTIONS: a manual branch answers the preflight, the PUT has no headers.
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/items/<id>", methods=["PUT", "OPTIONS"])
def item(id):
    if request.method == "OPTIONS":
        r = make_response("", 204)
        r.headers["Access-Control-Allow-Origin"] = "https://app.example.com"
        r.headers["Access-Control-Allow-Methods"] = "PUT"
        r.headers["Access-Control-Allow-Headers"] = "Content-Type"
        return r
    return {"ok": True}


if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
