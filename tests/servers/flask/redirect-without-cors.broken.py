# CORS only in the view's decorator: Werkzeug's trailing-slash 308 (/items -> /items/) is
# answered by the router, before the view, without CORS headers.
from flask import Flask
from flask_cors import cross_origin

app = Flask(__name__)


@app.route("/items/")
@cross_origin(origins=["https://app.example.com"], supports_credentials=True)
def items():
    return {"items": []}

if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
