from flask import Flask
from flask_cors import CORS

app = Flask(__name__)


class _LoginManager:  # stands in for Flask-Login's, which the snippet configures
    def unauthorized_handler(self, f):
        return f


login_manager = _LoginManager()
@SNIPPET@

@app.route("/items/")
def items():
    return {"items": []}

if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
