import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
allowed_origins = ["https://app.example.com"]
@SNIPPET@


@app.api_route("/api/data", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def data():
    return {}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
